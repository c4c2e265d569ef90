/**
 * Signature help as plain data: the layer's arguments in Keras's positional order, then its
 * keyword-only keys, with the one under the cursor active. Pure, for plain-Node tests.
 */
import { t, type Lang } from '../../core/i18n';
import { argDoc as catalogueArgDoc } from '../../core/i18n/docs';
import { layerSummary } from '../../core/i18n/layers';
import { findArg, type ArgDef, type LayerDef } from '../../core';
import { lineContext, positionalCount, splitKeyValue } from './lineContext';

export interface SignatureParameterData {
  /** [start, end) offsets of this parameter inside the signature label. */
  label: [number, number];
  documentation: string;
}

export interface SignatureData {
  label: string;
  documentation: string;
  parameters: SignatureParameterData[];
  /** Index into parameters, or -1 when the cursor is on nothing the signature names. */
  activeParameter: number;
}

function orderedArgs(def: LayerDef): ArgDef[] {
  const positional = def.args
    .filter((a) => a.positional !== undefined)
    .sort((a, b) => (a.positional ?? 0) - (b.positional ?? 0));
  return [...positional, ...def.args.filter((a) => a.positional === undefined)];
}

function argDoc(def: LayerDef, arg: ArgDef, lang: Lang): string {
  const dflt = arg.default !== undefined ? t(lang, 'hover.default', { value: `\`${arg.default}\`` }) : arg.required ? t(lang, 'hover.required') : '';
  return `${catalogueArgDoc(def, arg, lang)}${dflt}`;
}

/**
 * The signature of a layer in the form being typed: `conv2d FILTERS KERNEL [STRIDE] [PADDING]
 * [dilation=1] …` for netspec words, `Conv2D(filters, kernel, stride=1, …)` for a Keras call.
 */
export function signatureFor(def: LayerDef, form: 'words' | 'call', lang: Lang = 'en'): Omit<SignatureData, 'activeParameter'> & { args: ArgDef[] } {
  const args = orderedArgs(def);
  const parts: string[] = [];
  for (const a of args) {
    if (form === 'call') parts.push(a.positional !== undefined && a.required ? a.name : `${a.name}=${a.default ?? '…'}`);
    else if (a.positional !== undefined) parts.push(a.required ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`);
    else parts.push(`[${a.name}=${a.default ?? '…'}]`);
  }
  const head = form === 'call' ? `${def.kerasClass}(` : def.args.length ? `${def.id} ` : def.id;
  const sep = form === 'call' ? ', ' : ' ';
  let label = head;
  const parameters: SignatureParameterData[] = [];
  parts.forEach((part, i) => {
    if (i > 0) label += sep;
    parameters.push({ label: [label.length, label.length + part.length], documentation: argDoc(def, args[i], lang) });
    label += part;
  });
  if (form === 'call') label += ')';
  return { label, documentation: `${def.kerasClass}: ${layerSummary(def, lang)}`, parameters, args };
}

/** Whether completion offers values for `arg` (the same rule as its key's re-trigger in ./completion.ts). */
export function offersValues(arg: ArgDef): boolean {
  return ['activation', 'initializer', 'bool', 'padding'].includes(arg.type) || (arg.values?.length ?? 0) > 0;
}

/**
 * Signature help for the cursor at `column` of `lineText`, or undefined outside a layer's
 * arguments and while a value the suggest list offers is being typed.
 */
export function signatureAt(lineText: string, column: number, lang: Lang = 'en'): SignatureData | undefined {
  const ctx = lineContext(lineText, column);
  if (ctx.type !== 'args') return undefined;
  const sig = signatureFor(ctx.def, ctx.form, lang);
  if (sig.args.length === 0) return { label: sig.label, documentation: sig.documentation, parameters: [], activeParameter: -1 };
  let active = -1;
  const kv = splitKeyValue(ctx.token);
  if (kv) {
    const arg = findArg(ctx.def, kv.key);
    // A value the suggest list offers (padding=, activation=, init=, use_bias=): its details pane
    // explains each value, and a signature box opened beside it would cover it, or be read as its
    // pane (clipped to its last line, "[init=glorot_uniform]"). Signature help returns after it.
    if (arg && offersValues(arg)) return undefined;
    active = arg ? sig.args.indexOf(arg) : -1;
  } else if (ctx.form === 'call' && ctx.previous.some((p) => splitKeyValue(p))) {
    // After a keyword argument Python accepts only keywords: the next one to fill is the first
    // argument not given yet, by position or by name.
    const position = positionalCount(ctx.previous);
    const named = new Set(ctx.previous.map((p) => splitKeyValue(p)).map((kv) => kv && findArg(ctx.def, kv.key)));
    active = sig.args.findIndex((a) => !named.has(a) && (a.positional === undefined || a.positional >= position));
  } else {
    // netspec counts bare values whatever keys came before them (so does its parser), and a
    // call's positionals come first: the count of bare values says which one this is.
    const position = positionalCount(ctx.previous);
    active = sig.args.findIndex((a) => a.positional === position);
  }
  return { label: sig.label, documentation: sig.documentation, parameters: sig.parameters, activeParameter: active };
}
