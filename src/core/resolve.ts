/**
 * Gives parsed statements their meaning from the catalogue: which layer, which arguments, with
 * defaults filled in. Every problem becomes a diagnostic on the exact argument that caused it.
 */
import {
  ACTIVATIONS,
  ALL_LAYERS,
  IGNORED_KERAS_ARGS,
  INITIALIZERS,
  findActivation,
  findArg,
  findInitializer,
  findLayer,
  layerWords,
  normalizeName,
  positionalArgs,
  suggest,
  type ArgDef,
  type LayerDef,
} from './catalogue';
import type { Arg, Statement, Value } from './parse';
import type {
  ActivationName,
  ActivationSpec,
  Diagnostic,
  DiagnosticCode,
  ExplicitPadding,
  InitializerSpec,
  LayerConfig,
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

type Converted<T> = { ok: true; value: T } | { ok: false; message: string; code?: DiagnosticCode; fix?: string };

const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const fail = <T>(message: string, code?: DiagnosticCode, fix?: string): Converted<T> => ({ ok: false, message, code, fix });

const MAX_DIM = 1e9;

function positiveInt(v: Value, what: string): Converted<number> {
  if (v.kind !== 'number') return fail(`${what} must be a whole number, not "${v.text}".`);
  if (!Number.isInteger(v.value) || v.value < 1) return fail(`${what} must be a whole number of at least 1, not ${v.text}.`);
  if (v.value > MAX_DIM) return fail(`${what} is ${v.text}: too large to be real.`);
  return ok(v.value);
}

function nonNegativeInt(v: Value, what: string): Converted<number> {
  if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < 0 || v.value > MAX_DIM) {
    return fail(`${what} must be a whole number of 0 or more, not "${v.text}".`);
  }
  return ok(v.value);
}

/** 3 -> [3, 3]; 3x5, (3, 5), [3, 5] -> [3, 5]. */
function size2(v: Value, what: string): Converted<[number, number]> {
  if (v.kind === 'number') {
    const n = positiveInt(v, what);
    return n.ok ? ok([n.value, n.value]) : n;
  }
  const dims = v.kind === 'size' ? v.dims : v.kind === 'tuple' ? v.items : undefined;
  if (!dims || (dims.length !== 2 && dims.length !== 1)) return fail(`${what} must be a number or a pair like 3x3 or (3, 3), not "${v.text}".`);
  const out: number[] = [];
  for (const d of dims) {
    const n = typeof d === 'number' ? positiveInt({ kind: 'number', value: d, text: String(d), span: v.span }, what) : positiveInt(d, what);
    if (!n.ok) return n;
    out.push(n.value);
  }
  return ok(out.length === 1 ? [out[0], out[0]] : [out[0], out[1]]);
}

/** 32x32x3, 784, (32, 32, 3), [784]. */
function shape(v: Value): Converted<Shape> {
  const items = v.kind === 'number' ? [v] : v.kind === 'size' ? v.dims : v.kind === 'tuple' ? v.items : undefined;
  if (!items || items.length === 0) return fail(`A shape is written like 32x32x3, 784 or (32, 32, 3), not "${v.text}".`);
  if (items.length > 8) return fail(`A shape of rank ${items.length} is more than NetLens handles (8).`);
  const out: number[] = [];
  for (const d of items) {
    if (typeof d !== 'number' && d.kind === 'none') return fail('Every size of the input must be known: NetLens computes shapes for one fixed input size (None is only the batch axis).');
    const n = typeof d === 'number' ? positiveInt({ kind: 'number', value: d, text: String(d), span: v.span }, 'A shape size') : positiveInt(d, 'A shape size');
    if (!n.ok) return n;
    out.push(n.value);
  }
  return ok(out);
}

function padding(v: Value, explicitOnly: boolean): Converted<Padding> {
  if (v.kind === 'word') {
    const w = v.word.toLowerCase();
    if (!explicitOnly && w === 'valid') return ok('valid');
    if (!explicitOnly && w === 'same') return ok('same');
    const s = suggest(w, explicitOnly ? [] : ['valid', 'same']);
    return fail(`Padding is ${explicitOnly ? 'a number P, PxQ or ((top, bottom), (left, right))' : '`valid`, `same`, a number P, PxQ or ((top, bottom), (left, right))'}, not "${v.word}".${s ? ` Did you mean \`${s}\`?` : ''}`, 'bad-value', s);
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
  return fail(`Padding "${v.text}" is not valid, same, P, PxQ or ((top, bottom), (left, right)).`);
}

function word(v: Value): string | undefined {
  return v.kind === 'word' ? v.word : undefined;
}

function activation(v: Value): Converted<ActivationSpec> {
  let name: string | undefined;
  let alpha: number | undefined;
  if (v.kind === 'call') {
    name = v.name;
    const a = v.args[0];
    if (a && a.value.kind === 'number') alpha = a.value.value;
    else if (a) return fail(`The activation's parameter must be a number, not "${a.value.text}".`);
  } else if (v.kind === 'none') {
    return ok({ name: 'linear' });
  } else {
    name = word(v);
  }
  // A function passed by reference from Python: tf.nn.relu, keras.activations.tanh.
  if (name) name = name.replace(/^(?:tf\.|tensorflow\.)?(?:keras\.)?(?:nn\.|activations\.)/, '');
  if (!name) return fail(`An activation is a name like relu or tanh, not "${v.text}".`);
  const def = findActivation(name);
  if (!def) {
    const s = suggest(name, ACTIVATIONS.flatMap((a) => [a.name, ...a.aliases]));
    return fail(`Unknown activation "${name}".${s ? ` Did you mean \`${s}\`?` : ''} Known: ${ACTIVATIONS.map((a) => a.name).join(', ')}.`, 'unknown-activation', s);
  }
  if (alpha !== undefined && !def.alpha) return fail(`${def.label} takes no parameter.`);
  if (!def.alpha) return ok(plainActivation(def.name));
  return ok({ name: def.name, alpha: alpha ?? def.alpha.default });
}

function initializer(v: Value): Converted<InitializerSpec> {
  let name: string | undefined;
  let arg: number | undefined;
  if (v.kind === 'call') {
    name = v.name;
    for (const a of v.args) {
      const k = a.key ? normalizeName(a.key) : '';
      if (a.value.kind !== 'number') return fail(`The initializer's arguments must be numbers, not "${a.value.text}".`);
      if (!a.key || k === 'stddev' || k === 'std' || k === 'scale' || k === 'maxval' || k === 'limit') arg = Math.abs(a.value.value);
      // mean, minval, seed: no effect on what NetLens shows.
    }
  } else {
    name = word(v);
  }
  if (!name) return fail(`An initializer is a name like xavier, he or normal(0.01), not "${v.text}".`);
  const def = findInitializer(name);
  if (!def) {
    const s = suggest(name, INITIALIZERS.flatMap((d) => [d.name, ...d.aliases]));
    return fail(`Unknown initializer "${name}".${s ? ` Did you mean \`${s}\`?` : ''} Known: ${INITIALIZERS.map((d) => d.name).join(', ')}.`, 'unknown-initializer', s);
  }
  if (arg !== undefined && !def.takesArgument) return fail(`${def.name} takes no argument.`);
  switch (def.name) {
    case 'normal':
      return ok({ name: 'normal', std: arg ?? 0.05 });
    case 'uniform':
      return ok({ name: 'uniform', limit: arg ?? 0.05 });
    default:
      return ok(plainInitializer(def.name as Exclude<InitializerSpec['name'], 'normal' | 'uniform'>));
  }
}

function bool(v: Value): Converted<boolean> {
  if (v.kind === 'bool') return ok(v.value);
  if (v.kind === 'number' && (v.value === 0 || v.value === 1)) return ok(v.value === 1);
  const w = word(v)?.toLowerCase();
  if (w === 'yes' || w === 'on') return ok(true);
  if (w === 'no' || w === 'off') return ok(false);
  return fail(`Expected true or false, not "${v.text}".`);
}

function float(v: Value, what: string): Converted<number> {
  if (v.kind !== 'number' || !Number.isFinite(v.value)) return fail(`${what} must be a number, not "${v.text}".`);
  return ok(v.value);
}

function convert(def: ArgDef, v: Value): Converted<unknown> {
  const what = `\`${def.name}\``;
  switch (def.type) {
    case 'int':
      return positiveInt(v, what);
    case 'size2':
      return size2(v, what);
    case 'shape':
      return shape(v);
    case 'rate': {
      const f = float(v, what);
      if (f.ok && (f.value < 0 || f.value >= 1)) return fail(`${what} is a fraction in [0, 1), not ${v.text}.`);
      return f;
    }
    case 'float':
      return float(v, what);
    case 'padding':
      return padding(v, false);
    case 'pad2':
      return padding(v, true);
    case 'activation':
      return activation(v);
    case 'initializer':
      return initializer(v);
    case 'bool':
      return bool(v);
    case 'string':
      return v.kind === 'word' ? ok(v.word) : fail(`${what} must be a name, not "${v.text}".`);
  }
}

function diag(st: Statement, code: DiagnosticCode, severity: Diagnostic['severity'], message: string, span: Span, fixTo?: string, fixTitle?: string): Diagnostic {
  const d: Diagnostic = { code, severity, message, line: st.line, start: span.start, end: span.end };
  if (fixTo !== undefined) d.fixes = [{ title: fixTitle ?? `Change to \`${fixTo}\``, line: st.line, start: span.start, end: span.end, newText: fixTo, preferred: true }];
  return d;
}

/** Resolves one statement; returns undefined when its layer word is unknown (a diagnostic says why). */
export function resolveStatement(st: Statement, diagnostics: Diagnostic[]): ResolvedStatement | undefined {
  const def = findLayer(st.word);
  if (!def) {
    const s = suggest(st.word, layerWords());
    const sDef = s ? findLayer(s) : undefined;
    const shown = sDef ? (st.form === 'call' ? sDef.kerasClass : sDef.id) : undefined;
    diagnostics.push(
      diag(st, 'unknown-layer', 'error', `Unknown layer "${st.word}".${shown ? ` Did you mean \`${shown}\`?` : ` Layers: ${ALL_LAYERS.filter((d) => d.kind !== 'activation' || d.id === 'activation').map((d) => d.id).join(', ')}.`}`, st.wordSpan, shown),
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
      diagnostics.push(diag(st, 'duplicate-arg', 'error', `\`${argDef.name}\` is given twice.`, arg.span));
      return;
    }
    argSpans[argDef.name] = arg.value.span;
    const c = convert(argDef, arg.value);
    if (c.ok) values[argDef.name] = c.value;
    else diagnostics.push(diag(st, c.code ?? 'bad-value', 'error', c.message, arg.value.span, c.fix));
  };

  for (const arg of st.args) {
    if (!arg.key) {
      if (seenKeyword && st.form === 'call') {
        diagnostics.push(diag(st, 'syntax', 'error', 'A positional argument cannot follow a keyword argument (Python would refuse this call too).', arg.span));
        continue;
      }
      const argDef = positional[posIndex++];
      if (!argDef) {
        const sig = positional.map((a) => a.name.toUpperCase()).join(' ');
        diagnostics.push(diag(st, 'too-many-args', 'error', `${def.id} takes ${positional.length === 0 ? 'no positional arguments' : `at most ${positional.length} positional argument${positional.length > 1 ? 's' : ''} (${sig})`}; "${arg.value.text}" is one too many. Use key=value for the others.`, arg.span));
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
      else diagnostics.push(diag(st, 'bad-value', 'error', `A layer name must be a word, not "${arg.value.text}".`, arg.value.span));
      continue;
    }
    if (k === 'trainable') {
      const b = bool(arg.value);
      if (b.ok) trainable = b.value;
      else diagnostics.push(diag(st, 'bad-value', 'error', b.message, arg.value.span));
      continue;
    }
    if (k === 'inputshape' || (k === 'shape' && def.kind !== 'input')) {
      const s = shape(arg.value);
      if (s.ok) inputShape = { shape: s.value, span: arg.span };
      else diagnostics.push(diag(st, 'bad-value', 'error', s.message, arg.value.span));
      continue;
    }
    if (IGNORED_KERAS_ARGS.some((x) => normalizeName(x) === k)) {
      if (k === 'dataformat' && arg.value.kind === 'word' && arg.value.word.toLowerCase() === 'channels_first') {
        diagnostics.push(diag(st, 'bad-value', 'error', 'NetLens works channels-last, as Keras does by default: remove data_format=channels_first and write shapes as H×W×C.', arg.span));
      } else {
        diagnostics.push(diag(st, 'ignored-arg', 'info', `\`${arg.key}\` changes no shape or parameter count, so NetLens ignores it.`, keySpan));
      }
      continue;
    }
    const candidates = def.args.flatMap((a) => [a.name, ...a.aliases]);
    const s = suggest(arg.key, candidates);
    const known = def.args.map((a) => a.name).join(', ');
    diagnostics.push(diag(st, 'unknown-key', 'error', `${def.id} has no argument "${arg.key}".${s ? ` Did you mean \`${s}\`?` : ''}${known ? ` It takes: ${known}.` : ' It takes no arguments.'}`, keySpan, s));
  }

  for (const a of def.args) {
    if (a.required && !(a.name in values) && !(a.name in argSpans)) {
      const example = def.kind === 'conv2d' ? ' For example: conv2d 32 3' : def.kind === 'dense' ? ' For example: dense 10' : '';
      diagnostics.push(diag(st, 'missing-arg', 'error', `${def.id} needs \`${a.name}\`: ${a.doc}${example}`, st.wordSpan));
    }
  }
  // A required argument that is missing or unreadable leaves the layer without a configuration;
  // an optional one falls back to its default.
  const complete = def.args.every((a) => !a.required || a.name in values);
  return { statement: st, def, config: complete ? buildConfig(def, values) : undefined, name, trainable, inputShape, argSpans };
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
const LINEAR = plainActivation('linear');
const GLOROT_UNIFORM = plainInitializer('glorot_uniform');
const ONE_BY_ONE = Object.freeze([1, 1]) as [number, number];

function buildConfig(def: LayerDef, v: Record<string, unknown>): LayerConfig {
  const act = (v.activation as ActivationSpec | undefined) ?? LINEAR;
  const init = (v.init as InitializerSpec | undefined) ?? GLOROT_UNIFORM;
  const useBias = (v.use_bias as boolean | undefined) ?? true;
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
      return { kind: 'dense', units: v.units as number, activation: act, useBias, init };
    case 'maxout':
      return { kind: 'maxout', units: v.units as number, pieces: (v.pieces as number) ?? 2, init };
    case 'dropout':
      return { kind: 'dropout', rate: v.rate as number };
    case 'batchnorm':
      return { kind: 'batchnorm', momentum: (v.momentum as number) ?? 0.99, epsilon: (v.epsilon as number) ?? 0.001 };
    case 'activation': {
      if (def.activation) {
        const a = ACTIVATIONS.find((x) => x.name === def.activation)!;
        const spec: ActivationSpec = { name: a.name };
        if (a.alpha) spec.alpha = (v.alpha as number | undefined) ?? a.alpha.default;
        return { kind: 'activation', activation: spec, standalone: true };
      }
      return { kind: 'activation', activation: act, standalone: false };
    }
  }
}
