/**
 * What every NetLens webview protocol shares: the `ready` handshake and small guard helpers that
 * turn `unknown` into typed values or reject them. Pure: imported by the extension host and by
 * the webview bundles alike, so it must not import `vscode`, the DOM or TF.js.
 *
 * Handshake: the webview posts `ready` once its listeners are installed; only then does the host
 * send its first message (a message sent earlier would be lost).
 */

/** webview -> host: listeners are installed, send the initial data. */
export interface ReadyMessage {
  type: 'ready';
}

/** A TF.js backend a panel may be told to use (settings netlens.train.backend, netlens.initLab.backend). */
export type BackendPreference = 'auto' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgl', 'wasm', 'cpu'];

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
export const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
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

export function isReadyMessage(raw: unknown): raw is ReadyMessage {
  return isEnvelope(raw) && raw.type === 'ready';
}
