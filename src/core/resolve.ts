/**
 * Gives parsed statements their meaning from the catalogue: which layer, which arguments, with
 * defaults filled in. Every problem becomes a diagnostic on the exact argument that caused it.
 */
import {
  ACTIVATIONS,
  ALL_LAYERS,
  INITIALIZERS,
  findActivation,
  findArg,
  findInitializer,
  findLayer,
  LAYER_WORD_LIST,
  normalizeName,
  passthroughArg,
  positionalArgs,
  suggest,
  type ArgDef,
  type LayerDef,
} from './catalogue';
import { msg, said, titled, type MessageArg, type MessageRef } from './i18n';
import { argDoc } from './i18n/docs';
import type { Arg, Statement, Value } from './parse';
import type {
  ActivationName,
  ActivationSpec,
  Diagnostic,
  DiagnosticCode,
  ExplicitPadding,
  InitializerSpec,
  LayerConfig,
  RegularizerSpec,
  Padding,
  Shape,
  Span,
} from './types';

export interface ResolvedStatement {
  statement: Statement;
  def: LayerDef;
  /** Undefined when a required argument is missing or unreadable (a diagnostic says which). */
  config: LayerConfig | undefined;
  /** name='...' from a pasted Keras call. */
  name?: string;
  trainable: boolean;
  /** input_shape=... on a layer (Keras's first-layer shorthand). */
  inputShape?: { shape: Shape; span: Span };
  /** Where each argument's value was written, by its catalogue name. */
  argSpans: Record<string, Span>;
}

/** A failure may name a narrower span than the whole value (the -1 inside l2(-1)). */
type Converted<T> = { ok: true; value: T } | { ok: false; message: MessageRef; code?: DiagnosticCode; fix?: string; span?: Span };

const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const fail = <T>(message: MessageRef, code?: DiagnosticCode, fix?: string, span?: Span): Converted<T> => ({ ok: false, message, code, fix, span });

const MAX_DIM = 1e9;

// Candidate lists for "did you mean", built once: suggest() caches their normalized forms by identity.
const ACTIVATION_WORDS = ACTIVATIONS.flatMap((a) => [a.name, ...a.aliases]);
const INITIALIZER_WORDS = INITIALIZERS.flatMap((d) => [d.name, ...d.aliases]);
const PADDING_WORDS = ['valid', 'same'];
const NO_WORDS: string[] = [];
const argWordLists = new Map<LayerDef, string[]>();
function argWords(def: LayerDef): string[] {
  let words = argWordLists.get(def);
  if (!words) argWordLists.set(def, (words = def.args.flatMap((a) => [a.name, ...a.aliases])));
  return words;
}
/** The layer list an unknown word's message ends with, when nothing is close enough to suggest. */
/** " Did you mean `x`?" after a message, or nothing. */
const didYouMean = (s: string | undefined): MessageArg => (s ? msg('common.didYouMean', { suggestion: s }) : '');

const LAYER_LIST = ALL_LAYERS.filter((d) => d.kind !== 'activation' || d.id === 'activation').map((d) => d.id).join(', ');

function positiveInt(v: Value, what: MessageArg): Converted<number> {
  if (v.kind !== 'number') return fail(msg('res.wholeNumber', { what, text: v.text }));
  if (!Number.isInteger(v.value) || v.value < 1) return fail(msg('res.atLeastOne', { what, text: v.text }));
  if (v.value > MAX_DIM) return fail(msg('res.tooLarge', { what, text: v.text }));
  return ok(v.value);
}

function nonNegativeInt(v: Value, what: MessageArg): Converted<number> {
  if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < 0 || v.value > MAX_DIM) {
    return fail(msg('res.nonNegative', { what, text: v.text }));
  }
  return ok(v.value);
}

/** 3 -> [3, 3]; 3x5, (3, 5), [3, 5] -> [3, 5]. */
function size2(v: Value, what: MessageArg): Converted<[number, number]> {
  if (v.kind === 'number') {
    const n = positiveInt(v, what);
    return n.ok ? ok([n.value, n.value]) : n;
  }
  const dims = v.kind === 'size' ? v.dims : v.kind === 'tuple' ? v.items : undefined;
  if (!dims || (dims.length !== 2 && dims.length !== 1)) return fail(msg('res.pair', { what, text: v.text }));
  const out: number[] = [];
  for (const d of dims) {
    const n = typeof d === 'number' ? positiveInt({ kind: 'number', value: d, text: String(d), span: v.span }, what) : positiveInt(d, what);
    if (!n.ok) return n;
    out.push(n.value);
  }
  return ok(out.length === 1 ? [out[0], out[0]] : [out[0], out[1]]);
}

function inputDim(v: Value): Converted<Shape> {
  const n = positiveInt(v, '`input_dim`');
  return n.ok ? ok([n.value]) : n;
}

/** (None, 28, 28, 1) -> [28, 28, 1]: the batch axis first, then one sample's shape. */
function batchShape(v: Value): Converted<Shape> {
  if (v.kind !== 'tuple' || v.items.length < 2) return fail(msg('res.batchInputShape', { text: v.text }));
  const [batch, ...rest] = v.items;
  if (batch.kind !== 'none' && !(batch.kind === 'number' && Number.isInteger(batch.value) && batch.value >= 1)) return fail(msg('res.batchSize', { text: batch.text }));
  return shape({ ...v, items: rest });
}

/** 32x32x3, 784, (32, 32, 3), [784]. */
function shape(v: Value): Converted<Shape> {
  const items = v.kind === 'number' ? [v] : v.kind === 'size' ? v.dims : v.kind === 'tuple' ? v.items : undefined;
  if (!items || items.length === 0) return fail(msg('res.shape', { text: v.text }));
  if (items.length > 8) return fail(msg('res.rankTooHigh', { rank: items.length }));
  const out: number[] = [];
  for (const d of items) {
    if (typeof d !== 'number' && d.kind === 'none') return fail(msg('res.sizeUnknown'));
    const n = typeof d === 'number' ? positiveInt({ kind: 'number', value: d, text: String(d), span: v.span }, 'A shape size') : positiveInt(d, 'A shape size');
    if (!n.ok) return n;
    out.push(n.value);
  }
  return ok(out);
}

/** An axis as Keras numbers it: any whole number (negative counts from the end); checked against the rank later. */
function axis(v: Value, what: MessageArg): Converted<number> {
  if (v.kind !== 'number' || !Number.isInteger(v.value) || Math.abs(v.value) > 64) return fail(msg('res.axisInt', { what, text: v.text }));
  return ok(v.value);
}

/** One axis or a list of them (PReLU's shared_axes): 1-based, as Keras numbers them past the batch axis. */
function axes(v: Value, what: MessageArg): Converted<number[]> {
  if (v.kind === 'none') return ok([]);
  const items = v.kind === 'tuple' ? v.items : [v];
  const out: number[] = [];
  for (const item of items) {
    const a = axis(item, what);
    if (!a.ok) return a;
    if (a.value === 0) return fail(msg('res.sharedAxesBatch', { what }));
    if (a.value < 0) return fail(msg('res.sharedAxesPositive', { what, value: a.value }));
    if (!out.includes(a.value)) out.push(a.value);
  }
  return ok(out);
}

function padding(v: Value, explicitOnly: boolean): Converted<Padding> {
  if (v.kind === 'word') {
    const w = v.word.toLowerCase();
    if (!explicitOnly && w === 'valid') return ok('valid');
    if (!explicitOnly && w === 'same') return ok('same');
    const s = suggest(w, explicitOnly ? NO_WORDS : PADDING_WORDS);
    return fail(msg(explicitOnly ? 'res.paddingWordExplicit' : 'res.paddingWord', { word: v.word, hint: didYouMean(s) }), 'bad-value', s);
  }
  if (v.kind === 'number') {
    const n = nonNegativeInt(v, 'Padding');
    return n.ok ? ok([[n.value, n.value], [n.value, n.value]] as ExplicitPadding) : n;
  }
  if (v.kind === 'size' && v.dims.length === 2) return ok([[v.dims[0], v.dims[0]], [v.dims[1], v.dims[1]]] as ExplicitPadding);
  if (v.kind === 'tuple' && v.items.length === 2) {
    const [a, b] = v.items;
    if (a.kind === 'number' && b.kind === 'number') {
      const p = nonNegativeInt(a, 'Padding');
      const q = nonNegativeInt(b, 'Padding');
      if (!p.ok) return p;
      if (!q.ok) return q;
      return ok([[p.value, p.value], [q.value, q.value]]);
    }
    if (a.kind === 'tuple' && b.kind === 'tuple' && a.items.length === 2 && b.items.length === 2) {
      const nums = [...a.items, ...b.items].map((x) => nonNegativeInt(x, 'Padding'));
      const bad = nums.find((x) => !x.ok);
      if (bad) return bad as Converted<Padding>;
      const [t, bo, l, r] = nums.map((x) => (x as { value: number }).value);
      return ok([[t, bo], [l, r]]);
    }
  }
  return fail(msg('res.paddingInvalid', { text: v.text }));
}

function word(v: Value): string | undefined {
  return v.kind === 'word' ? v.word : undefined;
}

/**
 * `form` decides Leaky ReLU's default α: a pasted Keras call follows Keras 3's
 * activations.leaky_relu (negative_slope=0.2), the netspec spelling the lecture (0.01).
 */
function activation(v: Value, form: Statement['form']): Converted<ActivationSpec> {
  let name: string | undefined;
  let alpha: number | undefined;
  if (v.kind === 'call') {
    name = v.name;
    const a = v.args[0];
    if (a && a.value.kind === 'number') alpha = a.value.value;
    else if (a) return fail(msg('res.activationParam', { text: a.value.text }));
  } else if (v.kind === 'none') {
    return ok({ name: 'linear' });
  } else {
    name = word(v);
  }
  // A function passed by reference from Python: tf.nn.relu, keras.activations.tanh.
  if (name) name = name.replace(/^(?:tf\.|tensorflow\.)?(?:keras\.)?(?:nn\.|activations\.)/, '');
  if (!name) return fail(msg('res.activationName', { text: v.text }));
  const def = findActivation(name);
  if (!def) {
    const s = suggest(name, ACTIVATION_WORDS);
    return fail(msg('res.unknownActivation', { name, hint: didYouMean(s), known: ACTIVATIONS.map((a) => a.name).join(', ') }), 'unknown-activation', s);
  }
  if (alpha !== undefined && !def.alpha) return fail(msg('res.noParameter', { label: def.label }));
  if (def.name === 'prelu') return ok({ name: 'prelu', sharedAxes: [] });
  if (!def.alpha) return ok(plainActivation(def.name));
  if (alpha !== undefined) return ok({ name: def.name, alpha });
  if (def.name === 'leaky_relu') {
    return ok(form === 'call' ? { name: def.name, alpha: KERAS_LEAKY_RELU_ACTIVATION_ALPHA, alphaDefault: 'keras-activation' } : { name: def.name, alpha: def.alpha.default, alphaDefault: 'lecture' });
  }
  return ok({ name: def.name, alpha: def.alpha.default });
}

/** keras/src/activations/activations.py: leaky_relu(x, negative_slope=0.2). */
export const KERAS_LEAKY_RELU_ACTIVATION_ALPHA = 0.2;
/** keras/src/layers/activations/leaky_relu.py: LeakyReLU(negative_slope=0.3). */
export const KERAS_LEAKY_RELU_LAYER_ALPHA = 0.3;

function initializer(v: Value): Converted<InitializerSpec> {
  let name: string | undefined;
  let arg: number | undefined;
  if (v.kind === 'call') {
    name = v.name;
    for (const a of v.args) {
      const k = a.key ? normalizeName(a.key) : '';
      if (a.value.kind !== 'number') return fail(msg('res.initArgs', { text: a.value.text }));
      if (!a.key || k === 'stddev' || k === 'std' || k === 'scale' || k === 'maxval' || k === 'limit') arg = Math.abs(a.value.value);
      // mean, minval, seed: no effect on what NetLens shows.
    }
  } else {
    name = word(v);
  }
  if (!name) return fail(msg('res.initName', { text: v.text }));
  const def = findInitializer(name);
  if (!def) {
    const s = suggest(name, INITIALIZER_WORDS);
    return fail(msg('res.unknownInit', { name, hint: didYouMean(s), known: INITIALIZERS.map((d) => d.name).join(', ') }), 'unknown-initializer', s);
  }
  if (arg !== undefined && !def.takesArgument) return fail(msg('res.noArgument', { name: def.name }));
  switch (def.name) {
    case 'normal':
      return ok({ name: 'normal', std: arg ?? 0.05 });
    case 'uniform':
      return ok({ name: 'uniform', limit: arg ?? 0.05 });
    default:
      return ok(plainInitializer(def.name as Exclude<InitializerSpec['name'], 'normal' | 'uniform'>));
  }
}

/** A regularization strength λ: a finite number ≥ 0 (Keras's validate_float_arg refuses the rest). */
function strength(v: Value, what: MessageArg): Converted<number> {
  if (v.kind !== 'number' || !Number.isFinite(v.value) || v.value < 0) return fail(msg('reg.strength', { what, text: v.text }), 'bad-value', undefined, v.span);
  return ok(v.value);
}

// keras/src/regularizers/__init__.py: a string names a class, built with its own defaults.
const REGULARIZER_WORDS = ['l2', 'l1', 'l1_l2', 'L2', 'L1', 'L1L2'];
/** keras/src/regularizers/regularizers.py: L1(l1=0.01), L2(l2=0.01), L1L2(l1=0.0, l2=0.0) (= l1_l2). */
const REGULARIZER_DEFAULTS: Readonly<Record<string, RegularizerSpec>> = { l1: { l1: 0.01, l2: 0 }, l2: { l1: 0, l2: 0.01 }, l1l2: { l1: 0, l2: 0 } };

/** Keras's l2(λ), L1(l1=λ), l1_l2(l1=…, l2=…), 'l2' or None; undefined = no penalty. */
function regularizer(v: Value): Converted<RegularizerSpec | undefined> {
  if (v.kind === 'none') return ok(undefined);
  const raw = v.kind === 'call' ? v.name : v.kind === 'word' ? v.word : undefined;
  if (raw === undefined) return fail(msg('reg.form', { text: v.text }));
  const name = raw.replace(/^(?:tf\.)?(?:keras\.)?(?:regularizers\.)?/, '');
  const kind = normalizeName(name);
  const defaults = REGULARIZER_DEFAULTS[kind];
  if (!defaults) {
    const s = suggest(name, REGULARIZER_WORDS);
    // On a call, the fix replaces the name's last part only, keeping the prefix and the strength: l3(1e-4) → l2(1e-4).
    const nameEnd = v.span.start + v.text.indexOf('(');
    const nameSpan = v.kind === 'call' ? { start: nameEnd - (name.split('.').pop() ?? name).length, end: nameEnd } : undefined;
    return fail(msg('reg.unknown', { name, hint: didYouMean(s) }), 'bad-value', s, nameSpan);
  }
  if (v.kind !== 'call') return ok({ ...defaults });
  const out = { ...defaults };
  // Positional order as the constructors take them: L1(l1), L2(l2), L1L2(l1, l2).
  const order: ('l1' | 'l2')[] = kind === 'l1' ? ['l1'] : kind === 'l2' ? ['l2'] : ['l1', 'l2'];
  let position = 0;
  for (const a of v.args) {
    let field: 'l1' | 'l2' | undefined;
    if (!a.key) field = order[position++];
    else {
      const k = normalizeName(a.key);
      // tf.keras 2's L1(l=…) and L2(l=…) also took `l`.
      if (k === 'l' && order.length === 1) field = order[0];
      else if ((k === 'l1' || k === 'l2') && order.includes(k)) field = k;
    }
    if (!field) return fail(msg('reg.badArg', { name, text: a.key ?? a.value.text, takes: order.join(', ') }), 'bad-value', undefined, a.span);
    // None means the default, as in Keras (`l2 = 0.01 if l2 is None else l2`).
    if (a.value.kind === 'none') continue;
    const n = strength(a.value, `\`${field}\``);
    if (!n.ok) return n;
    out[field] = n.value;
  }
  return ok(out);
}

function bool(v: Value): Converted<boolean> {
  if (v.kind === 'bool') return ok(v.value);
  if (v.kind === 'number' && (v.value === 0 || v.value === 1)) return ok(v.value === 1);
  const w = word(v)?.toLowerCase();
  if (w === 'yes' || w === 'on') return ok(true);
  if (w === 'no' || w === 'off') return ok(false);
  return fail(msg('res.bool', { text: v.text }));
}

function float(v: Value, what: MessageArg): Converted<number> {
  if (v.kind !== 'number' || !Number.isFinite(v.value)) return fail(msg('res.number', { what, text: v.text }));
  return ok(v.value);
}

function convert(def: ArgDef, v: Value, form: Statement['form']): Converted<unknown> {
  const what = `\`${def.name}\``;
  switch (def.type) {
    case 'axis':
      return axis(v, what);
    case 'axes':
      return axes(v, what);
    case 'int':
      return positiveInt(v, what);
    case 'size2':
      return size2(v, what);
    case 'shape':
      return shape(v);
    case 'rate': {
      const f = float(v, what);
      if (f.ok && (f.value < 0 || f.value >= 1)) return fail(msg('res.fraction', { what, text: v.text }));
      return f;
    }
    case 'float':
      return float(v, what);
    case 'padding':
      return padding(v, false);
    case 'pad2':
      return padding(v, true);
    case 'activation':
      return activation(v, form);
    case 'initializer':
      return initializer(v);
    case 'bool':
      return bool(v);
    case 'string':
      return v.kind === 'word' ? ok(v.word) : fail(msg('res.name', { what, text: v.text }));
    case 'strength':
      return strength(v, what);
    case 'regularizer':
      return regularizer(v);
  }
}

function diag(st: Statement, code: DiagnosticCode, severity: Diagnostic['severity'], message: MessageRef, span: Span, fixTo?: string): Diagnostic {
  const d: Diagnostic = { code, severity, ...said(message), line: st.line, start: span.start, end: span.end };
  if (fixTo !== undefined) {
    d.fixes = [{ ...titled(msg('fix.changeTo', { to: fixTo })), line: st.line, start: span.start, end: span.end, newText: fixTo, preferred: true }];
  }
  return d;
}

/** Resolves one statement; returns undefined when its layer word is unknown (a diagnostic says why). */
export function resolveStatement(st: Statement, diagnostics: Diagnostic[]): ResolvedStatement | undefined {
  const def = findLayer(st.word);
  if (!def) {
    const s = suggest(st.word, LAYER_WORD_LIST);
    const sDef = s ? findLayer(s) : undefined;
    const shown = sDef ? (st.form === 'call' ? sDef.kerasClass : sDef.id) : undefined;
    diagnostics.push(
      diag(st, 'unknown-layer', 'error', msg('res.unknownLayer', { word: st.word, hint: shown ? didYouMean(shown) : msg('res.layerList', { list: LAYER_LIST }) }), st.wordSpan, shown),
    );
    return undefined;
  }
  // Unreadable arguments were reported by the parser; the layer is known but has no configuration.
  if (st.broken) return { statement: st, def, config: undefined, trainable: true, argSpans: {} };
  const values: Record<string, unknown> = {};
  const argSpans: Record<string, Span> = {};
  let name: string | undefined;
  let trainable = true;
  let inputShape: ResolvedStatement['inputShape'];
  const positional = positionalArgs(def);
  let posIndex = 0;
  let seenKeyword = false;

  const take = (argDef: ArgDef, arg: Arg) => {
    if (argDef.name in values || argDef.name in argSpans) {
      diagnostics.push(diag(st, 'duplicate-arg', 'error', msg('res.duplicateArg', { name: argDef.name }), arg.span));
      return;
    }
    argSpans[argDef.name] = arg.value.span;
    if (argDef.noneIsDefault && arg.value.kind === 'none') return;
    const c = convert(argDef, arg.value, st.form);
    if (c.ok) values[argDef.name] = c.value;
    else diagnostics.push(diag(st, c.code ?? 'bad-value', 'error', c.message, c.span ?? arg.value.span, c.fix));
  };

  for (const arg of st.args) {
    if (!arg.key) {
      if (seenKeyword && st.form === 'call') {
        diagnostics.push(diag(st, 'syntax', 'error', msg('res.positionalAfterKeyword'), arg.span));
        continue;
      }
      const argDef = positional[posIndex++];
      if (!argDef) {
        const sig = positional.map((a) => a.name.toUpperCase()).join(' ');
        diagnostics.push(diag(st, 'too-many-args', 'error', positional.length === 0 ? msg('res.tooManyNone', { layer: def.id, text: arg.value.text }) : msg(positional.length === 1 ? 'res.tooManyOne' : 'res.tooMany', { layer: def.id, n: positional.length, sig, text: arg.value.text }), arg.span));
        continue;
      }
      take(argDef, arg);
      continue;
    }
    seenKeyword = true;
    const keySpan = arg.keySpan ?? arg.span;
    const k = normalizeName(arg.key);
    const argDef = findArg(def, arg.key);
    if (argDef) {
      take(argDef, arg);
      continue;
    }
    if (k === 'name') {
      if (arg.value.kind === 'word') name = arg.value.word;
      else diagnostics.push(diag(st, 'bad-value', 'error', msg('res.layerNameWord', { text: arg.value.text }), arg.value.span));
      continue;
    }
    if (k === 'trainable') {
      const b = bool(arg.value);
      if (b.ok) trainable = b.value;
      else diagnostics.push(diag(st, 'bad-value', 'error', b.message, arg.value.span));
      continue;
    }
    if (k === 'inputshape' || (k === 'shape' && def.kind !== 'input') || k === 'inputdim' || k === 'batchinputshape') {
      // Keras's base Layer: input_dim=N is input_shape=(N,); batch_input_shape=(None, ...) leads with the batch axis.
      const s = k === 'inputdim' ? inputDim(arg.value) : k === 'batchinputshape' ? batchShape(arg.value) : shape(arg.value);
      if (s.ok) inputShape = { shape: s.value, span: arg.span };
      else diagnostics.push(diag(st, 'bad-value', 'error', s.message, arg.value.span));
      continue;
    }
    const passthrough = passthroughArg(def, arg.key);
    if (passthrough) {
      if (k === 'dataformat' && arg.value.kind === 'word' && arg.value.word.toLowerCase() === 'channels_first') {
        diagnostics.push(diag(st, 'bad-value', 'error', msg('res.channelsFirst'), arg.span));
      } else if (k === 'activityregularizer' && arg.value.kind !== 'none') {
        // It penalizes the layer's outputs, not its weights: say so rather than let it pass as a weight penalty.
        diagnostics.push(diag(st, 'ignored-arg', 'warning', msg('reg.activity'), keySpan));
      } else {
        diagnostics.push(diag(st, 'ignored-arg', 'info', msg('res.ignoredArg', { key: arg.key }), keySpan));
      }
      continue;
    }
    const s = suggest(arg.key, argWords(def));
    const known = def.args.map((a) => a.name).join(', ');
    diagnostics.push(diag(st, 'unknown-key', 'error', msg('res.unknownKey', { layer: def.id, key: arg.key, hint: didYouMean(s), known: known ? msg('res.takes', { list: known }) : msg('res.takesNothing') }), keySpan, s));
  }

  for (const a of def.args) {
    if (a.required && !(a.name in values) && !(a.name in argSpans)) {
      const example = def.kind === 'conv2d' ? msg('res.forExample', { example: 'conv2d 32 3' }) : def.kind === 'dense' ? msg('res.forExample', { example: 'dense 10' }) : '';
      diagnostics.push(diag(st, 'missing-arg', 'error', msg('res.missingArg', { layer: def.id, name: a.name, doc: { text: { en: argDoc(def, a, 'en'), ko: argDoc(def, a, 'ko') } }, example }), st.wordSpan));
    }
  }
  // A required argument that is missing or unreadable leaves the layer without a configuration;
  // an optional one falls back to its default.
  const complete = def.args.every((a) => !a.required || a.name in values);
  let config = complete ? buildConfig(def, values, st.form, argSpans, diagnostics, st) : undefined;
  // One validation for every number a configuration carries, shared with the Train panel's guard:
  // a configuration it would refuse never leaves the core; the error sits on the argument.
  const configProblem = config && layerConfigProblem(config);
  if (configProblem) {
    diagnostics.push(diag(st, 'bad-value', 'error', configProblem.messageRef, argSpans[configProblem.field] ?? st.wordSpan));
    config = undefined;
  }
  return { statement: st, def, config, name, trainable, inputShape, argSpans };
}

/** What is wrong with a configuration's values, naming the catalogue argument; undefined when nothing is. */
export interface ConfigProblem {
  /** The argument (catalogue name: epsilon, init, activation, alpha, ...). */
  field: string;
  /** English; `messageRef` renders it in another language. */
  message: string;
  messageRef: MessageRef;
}

const problem = (field: string, ref: MessageRef): ConfigProblem => ({ field, ...said(ref) });

function activationProblem(a: ActivationSpec, field: string): ConfigProblem | undefined {
  if (a.alpha !== undefined) {
    if (!Number.isFinite(a.alpha)) return problem(field, msg('res.alphaFinite', { value: a.alpha }));
    if (a.name === 'leaky_relu' && a.alpha < 0) return problem(field, msg('res.leakyNegative', { value: a.alpha }));
  }
  if (a.maxValue !== undefined && !(Number.isFinite(a.maxValue) && a.maxValue >= 0)) return problem('max_value', msg('res.maxValue', { value: a.maxValue }));
  return undefined;
}

function regularizerProblem(r: RegularizerSpec | undefined, field: string): ConfigProblem | undefined {
  if (!r) return undefined;
  for (const value of [r.l1, r.l2]) if (!(Number.isFinite(value) && value >= 0)) return problem(field, msg('reg.strengthValue', { value }));
  return undefined;
}

function initializerProblem(init: InitializerSpec): ConfigProblem | undefined {
  if (init.name === 'normal' && !(Number.isFinite(init.std) && init.std >= 0)) return problem('init', msg('res.stdFinite', { value: init.std }));
  if (init.name === 'uniform' && !(Number.isFinite(init.limit) && init.limit >= 0)) return problem('init', msg('res.limitFinite', { value: init.limit }));
  return undefined;
}

/**
 * The one check of the values in a LayerConfig that the engine and the trainer both rely on
 * (finite numbers, a positive epsilon, a rate in [0, 1), ...): the resolver reports it with line
 * and column, and the Train panel's message guard calls it so both accept the same specs.
 * Structure (field types) is the guard's job; this checks values.
 */
export function layerConfigProblem(c: LayerConfig): ConfigProblem | undefined {
  switch (c.kind) {
    case 'conv2d':
    case 'dense':
      return activationProblem(c.activation, 'activation') ?? initializerProblem(c.init) ?? regularizerProblem(c.regularizer, 'kernel_regularizer') ?? regularizerProblem(c.biasRegularizer, 'bias_regularizer');
    case 'maxout':
      return initializerProblem(c.init) ?? regularizerProblem(c.regularizer, 'l2');
    case 'dropout':
      return Number.isFinite(c.rate) && c.rate >= 0 && c.rate < 1 ? undefined : problem('rate', msg('res.dropoutRate', { value: c.rate }));
    case 'batchnorm':
      if (!Number.isFinite(c.momentum)) return problem('momentum', msg('res.momentum', { value: c.momentum }));
      if (!(Number.isFinite(c.epsilon) && c.epsilon > 0)) return problem('epsilon', msg('res.epsilon', { value: c.epsilon }));
      if (!Number.isInteger(c.axis)) return problem('axis', msg('res.axisWhole', { value: c.axis }));
      return undefined;
    case 'normalize':
      if (!Number.isInteger(c.axis)) return problem('axis', msg('res.axisWhole', { value: c.axis }));
      if ((c.mean === undefined) !== (c.variance === undefined)) return problem(c.mean === undefined ? 'variance' : 'mean', msg('res.normalizeBoth', { given: c.mean === undefined ? 'variance' : 'mean', missing: c.mean === undefined ? 'mean' : 'variance' }));
      if (c.mean !== undefined && !Number.isFinite(c.mean)) return problem('mean', msg('res.normalizeMean', { value: c.mean }));
      if (c.variance !== undefined && !(Number.isFinite(c.variance) && c.variance >= 0)) return problem('variance', msg('res.normalizeVariance', { value: c.variance }));
      return undefined;
    case 'activation':
      return activationProblem(c.activation, c.standalone ? (c.activation.alpha !== undefined ? 'alpha' : 'activation') : 'activation');
    default:
      return undefined;
  }
}

// Specs without parameters are shared by every layer that uses them (frozen: configurations are
// read-only data), so a spec of thousands of layers keeps one object per name, not per layer.
const activationSpecs = new Map<ActivationName, ActivationSpec>();
function plainActivation(name: ActivationName): ActivationSpec {
  let spec = activationSpecs.get(name);
  if (!spec) activationSpecs.set(name, (spec = Object.freeze({ name })));
  return spec;
}
const initializerSpecs = new Map<string, InitializerSpec>();
function plainInitializer(name: Exclude<InitializerSpec['name'], 'normal' | 'uniform'>): InitializerSpec {
  let spec = initializerSpecs.get(name);
  if (!spec) initializerSpecs.set(name, (spec = Object.freeze({ name }) as InitializerSpec));
  return spec;
}
/**
 * An activation written as a layer, with Keras's arguments: ReLU(max_value, negative_slope,
 * threshold), LeakyReLU(negative_slope) whose default depends on the spelling, PReLU(shared_axes),
 * Softmax(axis). Undefined (with a diagnostic) for what NetLens cannot compute the same way.
 */
function standaloneActivation(name: ActivationName, v: Record<string, unknown>, form: Statement['form'], argSpans: Record<string, Span>, diagnostics: Diagnostic[], st: Statement): ActivationSpec | undefined {
  const a = ACTIVATIONS.find((x) => x.name === name)!;
  switch (name) {
    case 'relu': {
      const max = v.max_value as number | undefined;
      const slope = (v.negative_slope as number | undefined) ?? 0;
      const threshold = (v.threshold as number | undefined) ?? 0;
      if (threshold !== 0) {
        diagnostics.push(diag(st, 'bad-value', 'error', msg('res.thresholded'), argSpans.threshold));
        return undefined;
      }
      if (slope < 0 || (max !== undefined && max < 0)) {
        const key = slope < 0 ? 'negative_slope' : 'max_value';
        diagnostics.push(diag(st, 'bad-value', 'error', msg('res.reluNegative', { key, value: slope < 0 ? slope : String(max) }), argSpans[key]));
        return undefined;
      }
      if (max !== undefined && slope !== 0) {
        diagnostics.push(diag(st, 'bad-value', 'error', msg('res.reluBoth'), argSpans.negative_slope));
        return undefined;
      }
      if (max === 6) return plainActivation('relu6');
      if (max !== undefined) return { name: 'relu', maxValue: max };
      if (slope !== 0) return { name: 'leaky_relu', alpha: slope };
      return plainActivation('relu');
    }
    case 'leaky_relu': {
      const alpha = v.alpha as number | undefined;
      if (alpha !== undefined) return { name, alpha };
      // A pasted LeakyReLU() means Keras's layer default; the netspec word means the lecture's.
      return form === 'call' ? { name, alpha: KERAS_LEAKY_RELU_LAYER_ALPHA, alphaDefault: 'keras-layer' } : { name, alpha: a.alpha!.default, alphaDefault: 'lecture' };
    }
    case 'prelu':
      return { name, sharedAxes: (v.shared_axes as number[] | undefined) ?? [] };
    case 'softmax': {
      const ax = v.axis as number | undefined;
      if (ax !== undefined && ax !== -1) {
        diagnostics.push(diag(st, 'bad-value', 'error', msg('res.softmaxAxis', { value: ax }), argSpans.axis));
        return undefined;
      }
      return plainActivation('softmax');
    }
    default: {
      if (!a.alpha) return plainActivation(name);
      return { name, alpha: (v.alpha as number | undefined) ?? a.alpha.default };
    }
  }
}

const LINEAR = plainActivation('linear');
const GLOROT_UNIFORM = plainInitializer('glorot_uniform');
const ONE_BY_ONE = Object.freeze([1, 1]) as [number, number];

const isPenalty = (r: RegularizerSpec) => r.l1 !== 0 || r.l2 !== 0;

/**
 * The kernel's penalty from `l2=`/`l1=` or Keras's kernel_regularizer= (one or the other); undefined
 * for none (a zero strength is none), false when both were written (a diagnostic says so).
 */
function kernelRegularizer(v: Record<string, unknown>, argSpans: Record<string, Span>, diagnostics: Diagnostic[], st: Statement): RegularizerSpec | undefined | false {
  const keras = v.kernel_regularizer as RegularizerSpec | undefined;
  const l1 = v.l1 as number | undefined;
  const l2 = v.l2 as number | undefined;
  if ('kernel_regularizer' in argSpans && ('l1' in argSpans || 'l2' in argSpans)) {
    diagnostics.push(diag(st, 'duplicate-arg', 'error', msg('reg.twice'), argSpans.l2 ?? argSpans.l1));
    return false;
  }
  const spec = keras ?? { l1: l1 ?? 0, l2: l2 ?? 0 };
  return isPenalty(spec) ? spec : undefined;
}

function buildConfig(def: LayerDef, v: Record<string, unknown>, form: Statement['form'], argSpans: Record<string, Span>, diagnostics: Diagnostic[], st: Statement): LayerConfig | undefined {
  const act = (v.activation as ActivationSpec | undefined) ?? LINEAR;
  const init = (v.init as InitializerSpec | undefined) ?? GLOROT_UNIFORM;
  const useBias = (v.use_bias as boolean | undefined) ?? true;
  const reg = kernelRegularizer(v, argSpans, diagnostics, st);
  if (reg === false) return undefined;
  const bias = v.bias_regularizer as RegularizerSpec | undefined;
  const regs = { ...(reg && { regularizer: reg }), ...(bias && isPenalty(bias) && { biasRegularizer: bias }) };
  switch (def.kind) {
    case 'input':
      return { kind: 'input', shape: v.shape as Shape };
    case 'conv2d':
      return {
        kind: 'conv2d',
        filters: v.filters as number,
        kernel: v.kernel as [number, number],
        strides: (v.stride as [number, number]) ?? ONE_BY_ONE,
        padding: (v.padding as Padding) ?? 'valid',
        dilation: (v.dilation as [number, number]) ?? ONE_BY_ONE,
        activation: act,
        useBias,
        init,
        ...regs,
      };
    case 'maxpool2d':
    case 'avgpool2d': {
      const pool = (v.pool as [number, number]) ?? [2, 2];
      return { kind: def.kind, pool, strides: (v.stride as [number, number]) ?? pool, padding: (v.padding as Padding) ?? 'valid' };
    }
    case 'globalavgpool2d':
    case 'globalmaxpool2d':
    case 'flatten':
      return { kind: def.kind };
    case 'zeropad2d':
      return { kind: 'zeropad2d', padding: (v.padding as ExplicitPadding) ?? [[1, 1], [1, 1]] };
    case 'dense':
      return { kind: 'dense', units: v.units as number, activation: act, useBias, init, ...regs };
    case 'maxout':
      return { kind: 'maxout', units: v.units as number, pieces: (v.pieces as number) ?? 2, init, ...regs };
    case 'dropout':
      return { kind: 'dropout', rate: v.rate as number };
    case 'batchnorm':
      return {
        kind: 'batchnorm', momentum: (v.momentum as number) ?? 0.99, epsilon: (v.epsilon as number) ?? 0.001,
        axis: (v.axis as number) ?? -1, center: (v.center as boolean) ?? true, scale: (v.scale as boolean) ?? true,
      };
    case 'normalize': {
      const mean = v.mean as number | undefined;
      const variance = v.variance as number | undefined;
      // Keras raises ValueError when only one is set (keras/src/layers/preprocessing/normalization.py).
      if ((mean === undefined) !== (variance === undefined)) {
        const given = mean === undefined ? 'variance' : 'mean';
        diagnostics.push(diag(st, 'bad-value', 'error', msg('res.normalizeBoth', { given, missing: given === 'mean' ? 'variance' : 'mean' }), argSpans[given] ?? st.wordSpan));
        return undefined;
      }
      if (variance !== undefined && !(Number.isFinite(variance) && variance >= 0)) {
        diagnostics.push(diag(st, 'bad-value', 'error', msg('res.normalizeVariance', { value: variance }), argSpans.variance ?? st.wordSpan));
        return undefined;
      }
      return { kind: 'normalize', axis: (v.axis as number) ?? -1, ...(mean !== undefined && variance !== undefined ? { mean, variance } : {}) };
    }
    case 'activation': {
      if (def.activation) {
        const spec = standaloneActivation(def.activation, v, form, argSpans, diagnostics, st);
        return spec && { kind: 'activation', activation: spec, standalone: true };
      }
      return { kind: 'activation', activation: act, standalone: false };
    }
  }
}
