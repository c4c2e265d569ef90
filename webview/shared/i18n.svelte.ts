/**
 * The page's texts: the templates its host wrote into the page (a JSON block, read once before
 * the app mounts) and sends again on `ready` and on every `netlens.language` change. `t` reads
 * reactive state, so a language change re-renders every text on the page without losing state.
 * The catalogues live in src/core/i18n/apps/ (English and Korean); this module bundles only the
 * template filler, never a catalogue. A missing id renders as a visible marker, never as blank.
 */
// The filler alone, and types: importing the i18n index's values would bundle both catalogues.
import { format } from '../../src/core/i18n/format';
import type { ArgsParam, Lang, MessageArg, MessageId } from '../../src/core/i18n';
import { isL10nEnvelope, parseL10nMessage, type L10nMessage } from '../../src/protocol/common';

/** The JSON block's id (src/webview-host/html.ts L10N_ELEMENT_ID; kept literal so no host module is bundled). */
const L10N_ELEMENT_ID = 'netlens-l10n';

const current = $state<{ lang: Lang; locale: string; messages: Record<string, string> }>({ lang: 'en', locale: 'en-US', messages: {} });

/** The page's texts now (for tests and for code that formats outside Svelte). */
export function l10nState(): Readonly<{ lang: Lang; locale: string }> {
  return current;
}

function apply(msg: L10nMessage): void {
  current.lang = msg.lang;
  current.locale = msg.locale;
  current.messages = msg.messages;
  document.documentElement.lang = msg.lang;
}

/**
 * Reads the page's JSON block and listens for later l10n messages. Call once in main.ts before
 * mounting. Returns false when the page has no (valid) block: texts then show as markers.
 */
export function installL10n(): boolean {
  window.addEventListener('message', (event: MessageEvent) => {
    if (!isL10nEnvelope(event.data)) return;
    const msg = parseL10nMessage(event.data);
    if (msg) apply(msg);
    else console.warn('NetLens: ignored a malformed l10n message');
  });
  const block = document.getElementById(L10N_ELEMENT_ID);
  if (!block?.textContent) return false;
  let parsed: L10nMessage | undefined;
  try {
    parsed = parseL10nMessage(JSON.parse(block.textContent));
  } catch {
    parsed = undefined;
  }
  if (parsed) apply(parsed);
  return parsed !== undefined;
}

/** The text of `id` in the page's language, its `{placeholders}` filled (numbers as given: use `num` to group digits). */
export function t<K extends MessageId>(id: K, ...args: ArgsParam<K>): string {
  const template = current.messages[id];
  if (template === undefined) return `⟦${id}⟧`;
  return args.length ? format(template, args[0] as Readonly<Record<string, MessageArg>>) : template;
}

/** The page's language now. */
export function lang(): Lang {
  return current.lang;
}

/** A number in the page's locale (digit grouping, decimal mark), e.g. num(164682) → "164,682". */
export function num(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(current.locale, options).format(value);
}
