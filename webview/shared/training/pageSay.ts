/**
 * How the training library (this folder) and the Train panel's logic outside the components
 * (settings checks, dataset notes, TF.js error explanations, the run verdicts) render their texts. Those functions take `say: Say` and
 * default to `pageSay`: a page installs its own `t` at start (webview/train/main.ts), so their texts follow
 * the page's language; where nothing is installed (the unit tier, the training worker) they
 * render English from the train catalogue alone (no Korean bundled, no other app's texts).
 */
import type { ArgsParam, MessageArg, MessageId, Say } from '../../../src/core/i18n';
import { format } from '../../../src/core/i18n/format';
import { trainEn } from '../../../src/core/i18n/apps/train';

/** English from the train catalogue; an id outside it renders as a visible marker. */
export const trainEnglish: Say = <K extends MessageId>(id: K, ...args: ArgsParam<K>): string => {
  const template = (trainEn as Readonly<Record<string, string>>)[id];
  if (template === undefined) return `⟦${id}⟧`;
  return args.length ? format(template, args[0] as Readonly<Record<string, MessageArg>>) : template;
};

let installed: Say = trainEnglish;

/** Makes `pageSay` render with the page's `t` (call once, before mounting). */
export function installPageSay(say: Say): void {
  installed = say;
}

/** The page's renderer once installed, else English. */
export const pageSay: Say = (id, ...args) => installed(id, ...args);
