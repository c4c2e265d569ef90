/**
 * The engine's texts in the page's language. The functions the engine shares with the page
 * (../backendErrors.ts, ./weights.ts, the GPU's description in ../../shared/gpu.ts) speak
 * through ../pageSay.ts; in the worker nothing of the page is installed, so the engine installs
 * the catalogues' renderer in the language the page names (its start and `lang` messages). The
 * catalogues are bundled here, in the engine, never in the page bundle.
 */
import { sayIn, type Lang } from '../../../src/core/i18n';
import { installPageSay } from '../../shared/training/pageSay';

/** Makes the engine's texts follow `lang`. */
export function speak(lang: Lang): void {
  installPageSay(sayIn(lang));
}
