/**
 * Message ids and their English and Korean texts: the one source of the core's user-facing text,
 * shared by the CLI, the extension host and (through the host's `ready` reply) the webviews.
 *
 * A message is an id plus its arguments (`MessageRef`), rendered late: the core keeps the ref next
 * to each diagnostic's English text, so a caller can render it again in another language without
 * analysing again. Templates name their arguments in braces (`{name}`); an argument may itself be
 * a ref (a sentence fragment such as " Did you mean `x`?") and is rendered in the same language.
 * Pure: no vscode, DOM or Node import.
 */
import { webviewAppsEn, webviewAppsKo } from './apps';
import { en as coreEn } from './en';
import { format } from './format';
import { ko as coreKo } from './ko';

// Joined by a call marked pure, not by spreading: a bundle that imports this module for one
// function (a webview importing src/core/explain.ts) must be able to drop both catalogues.
const en = /* @__PURE__ */ Object.assign({}, coreEn, webviewAppsEn);
const ko: Catalogue = /* @__PURE__ */ Object.assign({}, coreKo, webviewAppsKo);

export { format } from './format';

export { LANGS, parseLang, type Lang } from './lang';
import type { Lang } from './lang';

export type MessageId = keyof typeof en;

/** The names in a template's braces, as a union of string literals. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

export type MessageArg = string | number | MessageRef | LocalizedText;

/**
 * A fragment the catalogues do not hold, given in every language: the catalogue's own docs
 * (src/core/i18n/docs.ts) quoted in a message, such as a missing argument's doc.
 */
export interface LocalizedText {
  readonly text: Readonly<Record<Lang, string>>;
}
export type MessageArgs<K extends MessageId> = { readonly [P in Placeholders<(typeof en)[K]>]: MessageArg };

export interface MessageRef {
  readonly id: MessageId;
  readonly args?: Readonly<Record<string, MessageArg>>;
}

/** Every catalogue has every id (a missing one is a type error); the unit tests hold the placeholders equal. */
export type Catalogue = { readonly [K in MessageId]: string };

const CATALOGUES: Readonly<Record<Lang, Catalogue>> = { en, ko };

export function catalogue(lang: Lang): Catalogue {
  return CATALOGUES[lang];
}

/** The arguments `msg`/`t` take for an id: none, or an object with each of its placeholders. */
export type ArgsParam<K extends MessageId> = [Placeholders<(typeof en)[K]>] extends [never] ? [] : [MessageArgs<K>];

/** A message to render later (in a diagnostic, a fix title, a note). */
export function msg<K extends MessageId>(id: K, ...args: ArgsParam<K>): MessageRef {
  return args.length ? { id, args: args[0] as Record<string, MessageArg> } : { id };
}

/** A diagnostic's English text with its ref (analyze() renders the ref again for another language). */
export function said(ref: MessageRef): { message: string; messageRef: MessageRef } {
  return { message: render('en', ref), messageRef: ref };
}

/** A fix's English title with its ref. */
export function titled(ref: MessageRef): { title: string; titleRef: MessageRef } {
  return { title: render('en', ref), titleRef: ref };
}

/** Renders a message in `lang` (falling back to English for an id a catalogue lacks, which the types rule out). */
export function render(lang: Lang, ref: MessageRef): string {
  const template = CATALOGUES[lang][ref.id] ?? en[ref.id];
  return ref.args ? format(template, ref.args, (nested) => ('text' in nested ? nested.text[lang] : render(lang, nested))) : template;
}

/**
 * The templates of the given ids in one language: what the host sends a webview in its reply to
 * the webview's `ready` message (a webview cannot fetch a catalogue: its CSP forbids it), so the
 * webview renders with `format` and needs no catalogue of its own.
 */
export function messagesFor<K extends MessageId>(lang: Lang, ids: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const id of ids) out[id] = CATALOGUES[lang][id];
  return out;
}

/** The BCP 47 locale for `Intl.NumberFormat` and `toLocaleString` in a language (digit grouping, decimal mark). */
export function numberLocale(lang: Lang): string {
  return lang === 'ko' ? 'ko-KR' : 'en-US';
}

/** A renderer bound to one language: what a webview's `t` is, and what pure page logic takes (tests pass `sayIn`). */
export type Say = <K extends MessageId>(id: K, ...args: ArgsParam<K>) => string;

/** `t` bound to a language. */
export function sayIn(lang: Lang): Say {
  return (id, ...args) => t(lang, id, ...args);
}

/** `msg` and `render` in one step, for text that is rendered where it is built (hover, notes). */
export function t<K extends MessageId>(lang: Lang, id: K, ...args: ArgsParam<K>): string {
  return render(lang, msg(id, ...args));
}

/** The placeholder names of a template, sorted (the catalogue tests compare these). */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

/**
 * The language a `netlens.language` setting (`auto`, `en`, `ko`) means, given the display
 * language (`vscode.env.language`) or a POSIX locale (`ko_KR.UTF-8`): Korean when it starts with
 * `ko`, else English.
 */
export function resolveLang(setting: string | undefined, displayLanguage: string | undefined): Lang {
  if (setting === 'en' || setting === 'ko') return setting;
  return /^ko\b|^ko[-_]/i.test(displayLanguage ?? '') ? 'ko' : 'en';
}

