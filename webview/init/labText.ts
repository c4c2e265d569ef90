/**
 * A text the init lab shows, as an id and its arguments rather than a sentence: the engine runs
 * in a Web Worker without the page's catalogue, so it reports what happened this way and the page
 * renders it in its language (and again when the language changes). Pure: no DOM, no TF.js (the
 * page bundles it).
 */
import type { ArgsParam, MessageArg, MessageId, Say } from '../../src/core/i18n';
import { isRecord, isString } from '../../src/protocol/common';

/** The ids the lab's texts may use: its own and webview/shared's. */
export type LabTextId = Extract<MessageId, `init.${string}` | `webview.${string}`>;

export interface LabText {
  id: LabTextId;
  args?: Readonly<Record<string, string | number>>;
}

/** A LabText, its arguments checked against the id's placeholders. */
export function labText<K extends LabTextId>(id: K, ...args: ArgsParam<K>): LabText {
  return args.length ? { id, args: args[0] as Record<string, string | number> } : { id };
}

/** An error that carries its LabText (what the page shows), its message for the console. */
export class LabError extends Error {
  constructor(readonly text: LabText) {
    super(`NetLens: ${text.id}${text.args ? ` ${JSON.stringify(text.args)}` : ''}`);
    this.name = 'LabError';
  }
}

/** What to show for a thrown value: its LabText, or a foreign error's message (TF.js's own words) as a detail. */
export function labTextOf(err: unknown): LabText {
  if (err instanceof LabError) return err.text;
  return labText('init.engine.error', { detail: err instanceof Error ? err.message : String(err) });
}

/** Renders a LabText with the page's `t` (or a test's `sayIn`). */
export function sayLab(text: LabText, say: Say): string {
  return (say as (id: LabTextId, args?: Readonly<Record<string, MessageArg>>) => string)(text.id, text.args);
}

const ID_PATTERN = /^(?:init|webview)\.[A-Za-z0-9.]+$/;
const MAX_ARG_LENGTH = 2000;

/**
 * A LabText that crossed the worker boundary, rebuilt field by field, or undefined. An id the
 * page has no template for renders as a visible marker (webview/shared/i18n.svelte.ts).
 */
export function parseLabText(raw: unknown): LabText | undefined {
  if (!isRecord(raw) || !isString(raw.id) || !ID_PATTERN.test(raw.id)) return undefined;
  if (raw.args === undefined) return { id: raw.id as LabTextId };
  if (!isRecord(raw.args)) return undefined;
  const args: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(raw.args)) {
    if (!/^\w+$/.test(k) || k === '__proto__') return undefined;
    if (typeof v === 'number' || (typeof v === 'string' && v.length <= MAX_ARG_LENGTH)) args[k] = v;
    else return undefined;
  }
  return { id: raw.id as LabTextId, args };
}
