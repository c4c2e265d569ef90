/**
 * The engine's texts in the page's language. The functions the engine shares with the page
 * (../backendErrors.ts, ./weights.ts, ...) speak through ../pageSay.ts; in the worker nothing of
 * the page is installed, so the engine installs a renderer over the train catalogue in the
 * language the page names (its start and `lang` messages). Both languages are bundled here, in
 * the engine, never in the page bundle.
 */
import type { ArgsParam, Lang, MessageArg, MessageId, Say } from '../../../src/core/i18n';
import { format } from '../../../src/core/i18n/format';
import { trainEn, trainKo } from '../../../src/core/i18n/apps/train';
import { installPageSay } from '../pageSay';

function sayFrom(table: Readonly<Record<string, string>>): Say {
  return <K extends MessageId>(id: K, ...args: ArgsParam<K>): string => {
    const template = table[id];
    if (template === undefined) return `⟦${id}⟧`;
    return args.length ? format(template, args[0] as Readonly<Record<string, MessageArg>>) : template;
  };
}

/** Makes the engine's texts follow `lang`. */
export function speak(lang: Lang): void {
  installPageSay(sayFrom(lang === 'ko' ? trainKo : trainEn));
}
