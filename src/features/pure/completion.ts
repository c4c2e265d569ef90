/**
 * Completion items as plain data: layer names, argument keys and values (activations,
 * initializers, padding modes, booleans), each with the catalogue's documentation. Pure, so the
 * lists are unit-tested in plain Node; the provider only maps them to vscode.CompletionItem.
 */
import {
  ACTIVATIONS,
  ALL_LAYERS,
  INITIALIZERS,
  findArg,
  normalizeName,
  type ArgDef,
  type LayerDef,
} from '../../core';
import { t, type Lang } from '../../core/i18n';
import { activationDoc, alphaDoc, argDoc, initializerDoc, layerDoc, paramRule, shapeRule, valueDoc } from '../../core/i18n/docs';
import { layerSummary } from '../../core/i18n/layers';
import { lineContext, positionalCount, splitKeyValue } from './lineContext';
import { offersValues } from './signature';

export type CompletionKind = 'layer' | 'keras-class' | 'key' | 'activation' | 'initializer' | 'value';

export interface CompletionData {
  label: string;
  kind: CompletionKind;
  /** One line beside the label. */
  detail: string;
  /** Markdown shown in the details pane. */
  documentation: string;
  /** Text to insert; a snippet (with $1 placeholders) when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  /** Columns on the cursor's line that the item replaces (start inclusive, end exclusive). */
  replaceStart: number;
  replaceEnd: number;
  sortText?: string;
  /** Open the suggestion list again after inserting (a key's values follow its `=`). */
  retrigger?: boolean;
}

/** `[stride=1]` style signature of a layer's arguments, for documentation. */
export function argUsage(def: LayerDef): string {
  const positional = def.args
    .filter((a) => a.positional !== undefined)
    .sort((a, b) => (a.positional ?? 0) - (b.positional ?? 0))
    .map((a) => (a.required ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`));
  const keys = def.args.filter((a) => a.positional === undefined).map((a) => `${a.name}=`);
  return [def.id, ...positional, ...keys.map((k) => `[${k}…]`)].join(' ');
}

function layerDocumentation(def: LayerDef, lang: Lang): string {
  const lines = [layerDoc(def, lang), '', '```netspec', argUsage(def), '```'];
  lines.push('', t(lang, 'completion.shape', { rule: shapeRule(def, lang) }), '', t(lang, 'completion.params', { rule: paramRule(def, lang) }));
  const args = def.args.map((a) => `- \`${a.name}\`${a.default !== undefined ? t(lang, 'completion.default', { value: `\`${a.default}\`` }) : a.required ? t(lang, 'completion.required') : ''}: ${argDoc(def, a, lang)}`);
  if (args.length) lines.push('', ...args);
  return lines.join('\n');
}

/** `conv2d ${1:FILTERS} ${2:KERNEL}`: the layer word and placeholders for its required arguments. */
function layerSnippet(def: LayerDef): string {
  const required = def.args
    .filter((a) => a.required && a.positional !== undefined)
    .sort((a, b) => (a.positional ?? 0) - (b.positional ?? 0));
  return [def.id, ...required.map((a, i) => `\${${i + 1}:${a.name.toUpperCase()}}`)].join(' ');
}

function layerItems(prefix: string, start: number, end: number, lang: Lang): CompletionData[] {
  const items: CompletionData[] = ALL_LAYERS.map((def, i) => ({
    label: def.id,
    kind: 'layer' as const,
    detail: `${def.kerasClass}: ${layerSummary(def, lang)}`,
    documentation: layerDocumentation(def, lang),
    insertText: layerSnippet(def),
    snippet: true,
    replaceStart: start,
    replaceEnd: end,
    sortText: String(i).padStart(3, '0'),
  }));
  // A capital letter or a `layers.` prefix means a Keras call is being pasted or typed.
  if (/^[A-Z]/.test(prefix) || prefix.includes('.')) {
    const dot = prefix.lastIndexOf('.') + 1;
    for (const def of ALL_LAYERS) {
      if (def.kerasClass === 'Activation' && def.id !== 'activation') continue;
      items.push({
        label: def.kerasClass,
        kind: 'keras-class',
        detail: `Keras ${def.kerasClass}(…): ${layerSummary(def, lang)}`,
        documentation: layerDocumentation(def, lang),
        insertText: `${def.kerasClass}($1)`,
        snippet: true,
        replaceStart: start + dot,
        replaceEnd: end,
        sortText: `1${def.kerasClass}`,
      });
    }
  }
  return items;
}

/** `**same**: what it means` then the argument's doc, for a value of `arg` (an argument of `def`). */
export function valueDocumentation(def: LayerDef, arg: ArgDef, value: string, lang: Lang = 'en'): string {
  const own = valueDoc(arg, value, lang);
  const doc = argDoc(def, arg, lang);
  return own ? `**${value}**: ${own}\n\n${doc}` : `**${value}**\n\n${doc}`;
}

/**
 * Values for `arg`. In a Keras call values are Python: strings need quotes (unless already typed)
 * and booleans are capitalised.
 */
function valueItemsFor(def: LayerDef, arg: ArgDef, start: number, end: number, form: 'words' | 'call', quoteTyped: boolean, lang: Lang): CompletionData[] {
  const python = form === 'call';
  const q = python && !quoteTyped ? "'" : '';
  const items: CompletionData[] = [];
  if (arg.type === 'activation') {
    for (const a of ACTIVATIONS) {
      items.push({
        label: a.name,
        kind: 'activation',
        detail: `${a.label}: ${a.formula}`,
        documentation: `**${a.label}** ${'`'}${a.formula}${'`'}\n\n${activationDoc(a, lang)}${a.alpha ? `\n\n${t(lang, 'hover.alphaDefault', { alpha: '`alpha`', value: a.alpha.default })}: ${alphaDoc(a, lang)}` : ''}${a.inLecture ? `\n\n_${t(lang, 'completion.inLecture')}_` : ''}`,
        insertText: `${q}${a.name}${q}`,
        replaceStart: start,
        replaceEnd: end,
        // The lecture's functions first, in the catalogue's order.
        sortText: `${a.inLecture ? 0 : 1}${String(ACTIVATIONS.indexOf(a)).padStart(2, '0')}`,
      });
    }
  } else if (arg.type === 'initializer') {
    INITIALIZERS.forEach((init, i) => {
      const takes = init.takesArgument;
      items.push({
        label: takes ? `${init.name}(${takes === 'std' ? 'STD' : 'LIMIT'})` : init.name,
        kind: 'initializer',
        detail: `${init.label}: ${init.formula}`,
        documentation: `**${init.label}** \`${init.formula}\`\n\n${initializerDoc(init, lang)}`,
        insertText: takes ? `${q}${init.name}(\${1:${takes === 'std' ? '0.01' : '0.05'}})${q}` : `${q}${init.name}${q}`,
        snippet: takes !== undefined,
        replaceStart: start,
        replaceEnd: end,
        sortText: String(i).padStart(2, '0'),
      });
    });
  } else if (arg.type === 'bool') {
    for (const v of python ? ['True', 'False'] : ['true', 'false']) {
      items.push({ label: v, kind: 'value', detail: `${arg.name}=${v}`, documentation: valueDocumentation(def, arg, v.toLowerCase(), lang), insertText: v, replaceStart: start, replaceEnd: end });
    }
  } else {
    for (const v of arg.values ?? []) {
      items.push({
        label: v,
        kind: 'value',
        detail: `${arg.name}=${v}`,
        // The value's own meaning first, so the pane is about the focused item.
        documentation: valueDocumentation(def, arg, v, lang),
        insertText: `${q}${v}${q}`,
        replaceStart: start,
        replaceEnd: end,
      });
    }
  }
  return items;
}

function keyItems(def: LayerDef, used: ReadonlySet<string>, start: number, end: number, form: 'words' | 'call', lang: Lang): CompletionData[] {
  const items: CompletionData[] = [];
  def.args.forEach((arg, i) => {
    if (used.has(normalizeName(arg.name))) return;
    // In a Keras call also offer Keras's spelling (the catalogue lists it first among aliases).
    const names = form === 'call' && arg.keras ? [arg.name, arg.keras] : [arg.name];
    names.forEach((name, j) => {
      items.push({
        label: `${name}=`,
        kind: 'key',
        detail: `${arg.type}${arg.default !== undefined ? t(lang, 'completion.detailDefault', { value: arg.default }) : arg.required ? t(lang, 'completion.detailRequired') : ''}${j > 0 ? t(lang, 'completion.sameAs', { name: arg.name }) : ''}`,
        documentation: argDoc(def, arg, lang),
        insertText: `${name}=`,
        replaceStart: start,
        replaceEnd: end,
        sortText: `${String(i).padStart(2, '0')}${j}`,
        retrigger: offersValues(arg),
      });
    });
  });
  return items;
}

/** The completion items for the cursor at `column` (UTF-16) of `lineText`. */
export function completionsAt(lineText: string, column: number, lang: Lang = 'en'): CompletionData[] {
  const ctx = lineContext(lineText, column);
  if (ctx.type === 'none') return [];
  if (ctx.type === 'layer-word') return layerItems(ctx.prefix, ctx.start, column, lang);

  const { def, token, tokenStart, previous, form } = ctx;
  const kv = splitKeyValue(token);
  if (kv) {
    const arg = findArg(def, kv.key);
    if (!arg) return [];
    return valueItemsFor(def, arg, tokenStart + kv.valueOffset, column, form, kv.quote !== '', lang);
  }
  // A quote opens a string value (`Activation('re`); a digit starts a number or size: no keys then.
  const quoteTyped = /^['"]/.test(token);
  if (!/^[A-Za-z_]\w*$|^$/.test(quoteTyped ? token.slice(1) : token)) return [];

  const used = new Set<string>();
  for (const p of previous) {
    const pkv = splitKeyValue(p);
    const arg = pkv && findArg(def, pkv.key);
    if (arg) used.add(normalizeName(arg.name));
  }
  const position = positionalCount(previous);
  const positionalArgs = def.args.filter((a) => a.positional !== undefined);
  for (const a of positionalArgs) if ((a.positional ?? 0) < position) used.add(normalizeName(a.name));

  const items = quoteTyped ? [] : keyItems(def, used, tokenStart, column, form, lang);
  // The next positional argument may itself take a name (`dense 10 relu`, `activation tanh`).
  const next = positionalArgs.find((a) => a.positional === position);
  if (next && !used.has(normalizeName(next.name))) {
    items.unshift(...valueItemsFor(def, next, tokenStart + (quoteTyped ? 1 : 0), column, form, quoteTyped, lang));
  }
  return items;
}
