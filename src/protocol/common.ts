/**
 * What every NetLens webview protocol shares: the `ready` handshake, the settings message, the
 * initializer guard, and small guard helpers that turn `unknown` into typed values or reject
 * them. Pure: imported by the extension host and by the webview bundles alike, so it must not
 * import `vscode`, the DOM or TF.js.
 *
 * The convention every app's protocol file (activations.ts, init.ts, train.ts) follows:
 * - `<APP>_VIEW_TYPE` (from src/ids.ts), `HostTo<App>` and `<App>ToHost` unions keyed by `type`;
 * - `parseHostTo<App>` (webview side) and `parse<App>ToHost` (host side), which rebuild each
 *   message field by field: extra fields are dropped, never passed on;
 * - the webview posts `ready` once its listeners are installed; src/webview-host/panelHost.ts
 *   holds anything the host posts before that and sends it after.
 */
import { INITIALIZERS } from '../core/catalogue';
import type { InitializerSpec } from '../core/types';
import { parseLang, type Lang } from '../core/i18n/lang';

/** webview -> host: listeners are installed, send the initial data. */
export interface ReadyMessage {
  type: 'ready';
}

/** A TF.js backend a panel may be told to use (settings netlens.train.backend, netlens.initLab.backend). */
export type BackendPreference = 'auto' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgl', 'wasm', 'cpu'];

/** host -> webview: the panel's `<section>.backend` setting (sent on ready and when it changes). */
export interface SettingsMessage {
  type: 'settings';
  backend: BackendPreference;
}

/** Every protocol message is a plain object with a string `type`. */
export interface Envelope {
  type: string;
}

export type Guard<T> = (raw: unknown) => T | undefined;

export function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

export function isEnvelope(raw: unknown): raw is Envelope & Record<string, unknown> {
  return isRecord(raw) && typeof raw.type === 'string';
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
/** A finite number (NaN and ±Infinity rejected). */
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** An integer that doubles represent exactly (|v| ≤ 2^53 − 1): counts, sizes, indices. */
export const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
export const isPositiveInteger = (v: unknown): v is number => isInteger(v) && v > 0;
export const isNonNegativeInteger = (v: unknown): v is number => isInteger(v) && v >= 0;

export function isArrayOf<T>(v: unknown, item: (x: unknown) => x is T): v is T[] {
  return Array.isArray(v) && v.every((x) => item(x));
}

export function isOneOf<T extends string>(values: readonly T[]) {
  return (v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);
}

/** A per-sample shape: a non-empty list of positive integers. */
export function isShape(v: unknown): v is number[] {
  return isArrayOf(v, isPositiveInteger) && v.length > 0;
}

/** Longest string a guard passes on to a log line or the output channel. */
export const MAX_LOGGED_TEXT = 4000;

/** Caps a string bound for a log (a page may send megabytes), marking what was cut. */
export function capText(text: string, max = MAX_LOGGED_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function isReadyMessage(raw: unknown): raw is ReadyMessage {
  return isEnvelope(raw) && raw.type === 'ready';
}

export function parseSettingsMessage(raw: unknown): SettingsMessage | undefined {
  return isEnvelope(raw) && raw.type === 'settings' && isOneOf(BACKEND_PREFERENCES)(raw.backend)
    ? { type: 'settings', backend: raw.backend }
    : undefined;
}

const INITIALIZER_NAMES = INITIALIZERS.map((d) => d.name);

/**
 * An InitializerSpec rebuilt from untrusted input: a registry name, and for normal/uniform a
 * finite std/limit in [0, maxScale]. The one initializer guard both directions use.
 */
export function parseInitializerSpec(raw: unknown, maxScale = Infinity): InitializerSpec | undefined {
  if (!isRecord(raw) || !isString(raw.name) || !INITIALIZER_NAMES.includes(raw.name)) return undefined;
  const inRange = (v: unknown): v is number => isFiniteNumber(v) && v >= 0 && v <= maxScale;
  if (raw.name === 'normal') return inRange(raw.std) ? { name: 'normal', std: raw.std } : undefined;
  if (raw.name === 'uniform') return inRange(raw.limit) ? { name: 'uniform', limit: raw.limit } : undefined;
  // Registry names without an argument; the cast narrows the name the registry check accepted.
  return { name: raw.name } as InitializerSpec;
}

/**
 * host -> webview: the page's texts in one language (src/core/i18n/apps/), with the locale for
 * number formatting. Written into the page as a JSON block when the page is rendered (so the
 * first paint is already in the student's language), sent again in reply to `ready`, and sent
 * whenever `netlens.language` changes. webview/shared/i18n.svelte.ts receives it for every app.
 */
export interface L10nMessage {
  type: 'l10n';
  lang: Lang;
  /** A BCP 47 locale for Intl.NumberFormat (`en-US`, `ko-KR`). */
  locale: string;
  /** Message id -> template with `{name}` placeholders. */
  messages: Record<string, string>;
}

/** Most ids an l10n message may carry, and the longest id and template (a page never needs more). */
export const MAX_L10N_MESSAGES = 4000;
const MAX_TEMPLATE = 2000;
const MESSAGE_ID = /^[A-Za-z][\w.-]{0,99}$/;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

/** Rebuilds an l10n message (ids and templates checked one by one, into a prototype-free table) or rejects it. */
export function parseL10nMessage(raw: unknown): L10nMessage | undefined {
  if (!isEnvelope(raw) || raw.type !== 'l10n') return undefined;
  const lang = parseLang(raw.lang);
  if (!lang || !isString(raw.locale) || !LOCALE.test(raw.locale) || !isRecord(raw.messages)) return undefined;
  const entries = Object.entries(raw.messages);
  // An empty table would blank every text on the page: nothing a host sends.
  if (entries.length === 0 || entries.length > MAX_L10N_MESSAGES) return undefined;
  const messages: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [id, template] of entries) {
    if (!MESSAGE_ID.test(id) || id === '__proto__' || !isString(template) || template.length > MAX_TEMPLATE) return undefined;
    messages[id] = template;
  }
  return { type: 'l10n', lang, locale: raw.locale, messages };
}

/** True for any message whose type is `l10n` (valid or not): app channels leave these to the l10n listener. */
export function isL10nEnvelope(raw: unknown): boolean {
  return isEnvelope(raw) && raw.type === 'l10n';
}
