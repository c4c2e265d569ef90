/**
 * The shape and parameter engine: walks the resolved layers in order, computing each output
 * shape with the lecture's O = (I + 2P − F)/S + 1 (Keras's rules for `valid`, `same`, dilation),
 * each parameter count exactly as Keras's model.summary(), MACs and activation memory, and a
 * human explanation with the numbers filled in. Never throws.
 */
import type { ArgDef, LayerDef } from './catalogue';
import { findArg } from './catalogue';
import { formatCount } from './format';
import { msg, render, said, t, titled, type Lang, type MessageArg, type MessageRef } from './i18n';
import { forEachStatement, parse, type Statement } from './parse';
import { resolveStatement, type ResolvedStatement } from './resolve';
import type {
  ActivationSpec,
  Analysis,
  AxisExplanation,
  Diagnostic,
  Explanation,
  LayerConfig,
  LayerInfo,
  Padding,
  Shape,
  Span,
  TextFix,
} from './types';

const BYTES_PER_FLOAT32 = 4;

export interface AnalyzeOptions {
  /** The language of messages, fix titles and explanations (default English); each diagnostic keeps its `messageRef` too. */
  lang?: Lang;
}

/**
 * Renders every diagnostic message and fix title again in `lang` from their message refs (in
 * place; the core builds them in English).
 */
export function relocalize(diagnostics: Diagnostic[], lang: Lang): void {
  for (const d of diagnostics) {
    if (d.messageRef) d.message = render(lang, d.messageRef);
    if (d.fixes) for (const f of d.fixes) if (f.titleRef) f.title = render(lang, f.titleRef);
  }
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const lang = options.lang ?? 'en';
  const diagnostics: Diagnostic[] = [];
  let input: Analysis['input'];
  let shape: Shape | undefined;
  // A broken input line still means "there is an input": no missing-input cascade below it.
  let missingReported = false;
  const layers: LayerInfo[] = [];
  const nameCounts = new Map<string, number>();
  let statements = 0;
  // Never guess past an error: after a line with an error (unknown layer, unreadable arguments, a
  // window with no output, ...) every shape and count below it is unknown, not computed from a
  // guess, and so no warning that would only follow from the guess is raised.
  let stopped = false;
  let seen = 0;

  // Each line is parsed, resolved and computed before the next is read: only the results stay alive.
  forEachStatement(text, diagnostics, (st) => {
    // Errors on lines above this one that hold no statement (unreadable lines, PyTorch code).
    for (; seen < diagnostics.length; seen++) {
      const d = diagnostics[seen];
      if (d.severity === 'error' && d.line < st.line) stopped = true;
      if (d.line >= st.line) break;
    }
    const r = resolveStatement(st, diagnostics);
    if (!r) {
      stopped = true;
      seen = diagnostics.length;
      return;
    }
    statements++;
    if (r.def.kind === 'input') {
      if (input) {
        diagnostics.push({ code: 'duplicate-input', severity: 'error', ...said(msg('an.duplicateInput', { line: input.line + 1 })), line: st.line, start: st.span.start, end: st.span.end });
        return;
      }
      if (layers.length > 0) {
        diagnostics.push({ code: 'input-not-first', severity: 'error', ...said(msg('an.inputNotFirst')), line: st.line, start: st.span.start, end: st.span.end });
      }
      if (r.config?.kind === 'input') {
        input = { shape: r.config.shape, line: st.line, span: st.span };
        if (layers.length === 0) shape = r.config.shape;
      } else {
        missingReported = true;
      }
      return;
    }
    if (r.inputShape) {
      if (!input && layers.length === 0) {
        input = { shape: r.inputShape.shape, line: st.line, span: r.inputShape.span };
        shape = r.inputShape.shape;
      } else {
        diagnostics.push({ code: 'ignored-arg', severity: 'warning', ...said(msg('an.inputShapeIgnored')), line: st.line, start: r.inputShape.span.start, end: r.inputShape.span.end });
      }
    }
    if (!input && !missingReported) {
      missingReported = true;
      diagnostics.push({
        code: 'missing-input', severity: 'error',
        ...said(msg('an.missingInput')),
        line: st.line, start: st.wordSpan.start, end: st.wordSpan.end,
        fixes: [{ ...titled(msg('fix.addInput')), line: st.line, start: 0, end: 0, newText: 'input 32x32x3\n' }],
      });
    }
    const base = r.def.kerasName;
    let name = r.name;
    if (!name) {
      const n = nameCounts.get(base) ?? 0;
      nameCounts.set(base, n + 1);
      name = n === 0 ? base : `${base}_${n}`;
    }
    let ownError = false;
    for (let i = seen; i < diagnostics.length; i++) if (diagnostics[i].severity === 'error' && diagnostics[i].line === st.line) ownError = true;
    const info = computeLayer(r, layers.length, name, stopped ? undefined : shape, diagnostics, ownError, lang);
    layers.push(info);
    shape = info.outputShape;
    if (ownError || !shape) stopped = true;
    for (let i = seen; i < diagnostics.length; i++) if (diagnostics[i].severity === 'error') stopped = true;
    seen = diagnostics.length;
  });

  if (input && layers.length === 0 && statements > 0) {
    diagnostics.push({ code: 'empty-model', severity: 'info', ...said(msg('an.emptyModel')), line: input.line, start: input.span.start, end: input.span.end });
  }

  diagnostics.sort((a, b) => a.line - b.line || a.start - b.start);
  if (lang !== 'en') relocalize(diagnostics, lang);
  let totalParams = 0;
  let trainableParams = 0;
  let totalMacs = 0;
  for (const l of layers) {
    totalParams += l.params;
    trainableParams += l.trainableParams;
    totalMacs += l.macs;
  }
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  const totalsUnsafe = !Number.isSafeInteger(totalParams) || !Number.isSafeInteger(totalMacs);
  let exactTotals: Analysis['exactTotals'];
  if (!totalsUnsafe) {
    exactTotals = { totalParams: String(totalParams), trainableParams: String(trainableParams), nonTrainableParams: String(totalParams - trainableParams), totalMacs: String(totalMacs) };
  } else {
    // Past 2^53 a float sum drops digits: add the (safe) per-layer integers exactly.
    let p = 0n;
    let t = 0n;
    let m = 0n;
    for (const l of layers) {
      p += BigInt(l.params);
      t += BigInt(l.trainableParams);
      m += BigInt(l.macs);
    }
    exactTotals = { totalParams: String(p), trainableParams: String(t), nonTrainableParams: String(p - t), totalMacs: String(m) };
  }
  return {
    input,
    layers,
    diagnostics,
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams - trainableParams,
    totalMacs,
    exactTotals,
    totalsUnsafe,
    totalsKnown: !hasErrors && layers.every((l) => l.outputShape !== undefined),
    hasErrors,
  };
}

function prod(xs: readonly number[]): number {
  let p = 1;
  for (let i = 0; i < xs.length; i++) p *= xs[i];
  return p;
}
const dims = (s: Shape) => s.join('×');
/** The shape in words, for messages: "784 (a vector)", "16×16×64". */
const describe = (s: Shape): MessageArg => (s.length === 1 ? msg('an.vectorShape', { n: s[0] }) : dims(s));

interface Ctx {
  r: ResolvedStatement;
  st: Statement;
  diagnostics: Diagnostic[];
  /** Build the explanation's sentences too (done lazily: most layers are never hovered). */
  detail: boolean;
  /** The language of the explanation's sentences (diagnostics are rendered in English, then relocalized). */
  lang: Lang;
}

/** An explanation sentence in the context's language. */
function note(ctx: Ctx, ref: MessageRef): string {
  return render(ctx.lang, ref);
}

function report(ctx: Ctx, d: Omit<Diagnostic, 'line' | 'start' | 'end' | 'message' | 'messageRef'> & { span?: Span; message: MessageRef }): void {
  const span = d.span ?? ctx.st.span;
  const { span: _s, message, ...rest } = d;
  void _s;
  ctx.diagnostics.push({ ...rest, ...said(message), line: ctx.st.line, start: span.start, end: span.end });
}

/**
 * A computed layer. Its explanation's text is built only when something reads it (hover, CLI,
 * tests): a spec of thousands of layers is analysed on every keystroke and most layers are never
 * hovered. A class keeps every instance on one hidden class, which matters at that scale.
 */
class Layer implements LayerInfo {
  inputShape: Shape | undefined;
  outputShape: Shape | undefined = undefined;
  params = 0;
  trainableParams = 0;
  nonTrainableParams = 0;
  frozen = false;
  macs = 0;
  activationBytes = 0;
  #explanation: Explanation | undefined = undefined;
  /** What the explanation is built from, kept instead of a closure (thousands of layers stay alive). */
  #source: { def: LayerDef; trainable: boolean } | undefined = undefined;

  constructor(
    readonly index: number,
    readonly name: string,
    readonly kerasClass: string,
    readonly config: LayerConfig,
    readonly line: number,
    readonly span: Span,
    readonly nameSpan: Span,
    input: Shape | undefined,
    readonly lang: Lang,
  ) {
    this.inputShape = input;
  }

  get explanation(): Explanation {
    if (!this.#explanation) this.#explanation = this.#source ? explain(this, this.#source.def, this.#source.trainable, this.lang) : { axes: [], params: 'params = 0', notes: [] };
    return this.#explanation;
  }

  set explanation(value: Explanation) {
    this.#explanation = value;
  }

  explainFrom(def: LayerDef, trainable: boolean): void {
    this.#source = { def, trainable };
  }

  toJSON(): LayerInfo {
    const { lang: _lang, ...rest } = this;
    void _lang;
    return { ...rest, explanation: this.explanation };
  }
}

function computeLayer(r: ResolvedStatement, index: number, name: string, input: Shape | undefined, diagnostics: Diagnostic[], ownError: boolean, lang: Lang): LayerInfo {
  const st = r.statement;
  const info = new Layer(index, name, r.def.kerasClass, r.config ?? placeholderConfig(r), st.line, st.span, st.wordSpan, input, lang);
  const config = r.config;
  if (!config || !input || ownError) {
    const unknown = t(lang, !config || ownError ? 'note.fixThisLine' : 'note.fixAbove');
    info.explanation = { axes: [], params: 'params = 0', notes: [unknown] };
    return info;
  }
  const ctx: Ctx = { r, st, diagnostics, detail: false, lang };
  const result = shapeAndParams(ctx, config, input);
  if (!result) return info;
  const { output, params, nonTrainable = 0, macs } = result;
  // Counts past 2^53 lose their last digits in JavaScript: refuse them rather than show wrong numbers.
  const bytes = prod(output) * BYTES_PER_FLOAT32;
  if (!Number.isSafeInteger(Math.max(params, macs, bytes))) {
    report(ctx, { code: 'bad-value', severity: 'error', message: msg(params > macs ? 'an.tooManyParams' : 'an.tooManyOps') });
    return info;
  }
  info.outputShape = output;
  info.params = params;
  info.nonTrainableParams = r.trainable ? nonTrainable : params;
  info.trainableParams = params - info.nonTrainableParams;
  info.frozen = !r.trainable;
  info.macs = macs;
  info.activationBytes = bytes;
  info.explainFrom(r.def, r.trainable);
  return info;
}

/** Builds a computed layer's explanation text (its numbers are already known to be valid). */
function explain(info: LayerInfo, def: LayerDef, trainable: boolean, lang: Lang): Explanation {
  const stub: Statement = { line: info.line, word: def.id, wordSpan: info.nameSpan, args: [], span: info.span, form: 'netspec', argsEnd: info.span.end };
  const ctx: Ctx = { r: { statement: stub, def, config: info.config, trainable, argSpans: {} }, st: stub, diagnostics: [], detail: true, lang };
  const explanation = shapeAndParams(ctx, info.config, info.inputShape!)!.explanation;
  if (!trainable && info.params > 0) explanation.notes.push(t(lang, 'note.frozen'));
  return explanation;
}

/** A config for a layer whose arguments failed, so consumers always have one to show. */
function placeholderConfig(r: ResolvedStatement): LayerConfig {
  return { kind: 'activation', activation: { name: 'linear' }, standalone: r.def.kind === 'activation' };
}

interface ShapeResult {
  output: Shape;
  params: number;
  nonTrainable?: number;
  macs: number;
  explanation: Explanation;
}

function needImage(ctx: Ctx, input: Shape): boolean {
  if (input.length === 3) return true;
  const what = ctx.r.def.id;
  report(ctx, {
    code: 'rank-mismatch', severity: 'error', span: ctx.st.wordSpan,
    message: msg('an.needImage', { layer: what, shape: describe(input), advice: input.length === 1 ? msg('an.needImageAdvice') : '' }),
  });
  return false;
}

/**
 * PReLU alphas: one per element of the tensor it acts on, except along each shared axis
 * (keras/src/layers/activations/prelu.py: param_shape[i - 1] = 1 for i in shared_axes).
 */
function preluAlphas(a: ActivationSpec | undefined, shape: Shape): number {
  if (a?.name !== 'prelu') return 0;
  const shared = a.sharedAxes ?? [];
  let p = 1;
  for (let i = 0; i < shape.length; i++) if (!shared.includes(i + 1)) p *= shape[i];
  return p;
}

/** The shared_axes that name no axis of `shape`, or undefined when all do. */
function badSharedAxis(a: ActivationSpec | undefined, shape: Shape): number | undefined {
  return a?.name === 'prelu' ? a.sharedAxes?.find((x) => x > shape.length) : undefined;
}

function shapeAndParams(ctx: Ctx, c: LayerConfig, input: Shape): ShapeResult | undefined {
  const detail = ctx.detail;
  const notes: string[] = detail ? [] : NO_NOTES;
  switch (c.kind) {
    case 'input':
      return undefined;
    case 'conv2d': {
      if (!needImage(ctx, input)) return undefined;
      if ((c.strides[0] > 1 || c.strides[1] > 1) && (c.dilation[0] > 1 || c.dilation[1] > 1)) {
        report(ctx, {
          code: 'bad-value', severity: 'error', span: ctx.r.argSpans.dilation ?? ctx.st.wordSpan,
          message: msg('an.strideDilation', { stride: c.strides.join('x'), dilation: c.dilation.join('x') }),
        });
        return undefined;
      }
      const [h, w, cin] = input;
      const axes = windowAxes(ctx, [h, w], c.kernel, c.strides, c.dilation, c.padding, 'kernel');
      if (!axes) return undefined;
      const output: Shape = [axes[0].output, axes[1].output, c.filters];
      const [kh, kw] = c.kernel;
      const weights = kh * kw * cin * c.filters;
      const base = weights + (c.useBias ? c.filters : 0);
      const alphas = preluAlphas(c.activation, output);
      const formula = !detail ? '' : c.useBias ? `(${kh}·${kw}·${cin} + 1)·${c.filters}` : `${kh}·${kw}·${cin}·${c.filters}`;
      const params = base + alphas;
      if (detail) notes.push(note(ctx, msg(c.useBias ? 'note.convFiltersBias' : 'note.convFilters', { filters: c.filters, window: `${kh}×${kw}×${cin}` })));
      const actNote = detail ? activationNote(c.activation, ctx.lang) : undefined;
      if (actNote) notes.push(actNote);
      if (alphas && detail) notes.push(note(ctx, msg('note.preluElements', { n: formatCount(alphas) })));
      return {
        output, params,
        macs: axes[0].output * axes[1].output * c.filters * kh * kw * cin,
        explanation: { axes, params: detail ? `params = ${formula}${alphas ? ` + ${formatCount(alphas)} (PReLU α)` : ''} = ${formatCount(params)}` : '', notes },
      };
    }
    case 'maxpool2d':
    case 'avgpool2d': {
      if (!needImage(ctx, input)) return undefined;
      const axes = windowAxes(ctx, [input[0], input[1]], c.pool, c.strides, [1, 1], c.padding, 'pool');
      if (!axes) return undefined;
      if (detail) notes.push(note(ctx, msg(c.kind === 'maxpool2d' ? 'note.maxPool' : 'note.avgPool', { window: `${c.pool[0]}×${c.pool[1]}` })));
      return { output: [axes[0].output, axes[1].output, input[2]], params: 0, macs: 0, explanation: { axes, params: 'params = 0', notes } };
    }
    case 'globalavgpool2d':
    case 'globalmaxpool2d': {
      if (!needImage(ctx, input)) return undefined;
      if (detail) notes.push(note(ctx, msg('note.globalPool', { positions: `${input[0]}×${input[1]}`, from: dims(input), to: input[2] })));
      return { output: [input[2]], params: 0, macs: 0, explanation: { axes: [], params: 'params = 0', notes } };
    }
    case 'flatten': {
      if (input.length === 1) {
        report(ctx, { code: 'flatten-on-vector', severity: 'warning', span: ctx.st.wordSpan, message: msg('an.flattenOnVector', { n: input[0] }), fixes: [{ ...titled(msg('fix.removeFlatten')), line: ctx.st.line, start: 0, end: ctx.st.span.end, newText: '', preferred: true }] });
        if (detail) notes.push(note(ctx, msg('note.alreadyFlat')));
        return { output: input, params: 0, macs: 0, explanation: { axes: [], params: 'params = 0', notes } };
      }
      const n = prod(input);
      if (detail) notes.push(note(ctx, msg('note.flatten', { product: input.join('·'), n: formatCount(n) })));
      return { output: [n], params: 0, macs: 0, explanation: { axes: [], params: 'params = 0', notes } };
    }
    case 'zeropad2d': {
      if (!needImage(ctx, input)) return undefined;
      const [[t, b], [l, r]] = c.padding;
      const axes: AxisExplanation[] = [
        { axis: 'H', input: input[0], filter: 0, dilatedFilter: 0, stride: 1, padBefore: t, padAfter: b, output: input[0] + t + b, formula: `O = ${input[0]} + ${t} + ${b} = ${input[0] + t + b}`, uneven: false },
        { axis: 'W', input: input[1], filter: 0, dilatedFilter: 0, stride: 1, padBefore: l, padAfter: r, output: input[1] + l + r, formula: `O = ${input[1]} + ${l} + ${r} = ${input[1] + l + r}`, uneven: false },
      ];
      if (detail) notes.push(note(ctx, msg('note.zeroPad')));
      return { output: [axes[0].output, axes[1].output, input[2]], params: 0, macs: 0, explanation: { axes, params: 'params = 0', notes } };
    }
    case 'dense':
    case 'maxout': {
      const nin = input[input.length - 1];
      const rest = input.slice(0, -1);
      if (rest.length > 0) {
        report(ctx, {
          code: 'dense-on-tensor', severity: 'warning', span: ctx.st.wordSpan,
          message: msg('an.denseOnTensor', { layer: ctx.r.def.id, from: dims(input), to: dims([...rest, c.units]) }),
          fixes: [{ ...titled(msg('fix.insertFlatten')), line: ctx.st.line, start: 0, end: 0, newText: `${ctx.st.form === 'call' ? 'Flatten()' : 'flatten'}\n`, preferred: true }],
        });
        if (detail) notes.push(note(ctx, msg('note.denseShared', { n: formatCount(prod(rest)), positions: dims(rest) })));
      }
      const output: Shape = [...rest, c.units];
      if (c.kind === 'maxout') {
        const params = c.pieces * (nin * c.units + c.units);
        if (detail) notes.push(note(ctx, msg('note.maxout', { pieces: c.pieces })));
        return { output, params, macs: prod(rest) * nin * c.units * c.pieces, explanation: { axes: [], params: detail ? `params = ${c.pieces}·(${nin}·${c.units} + ${c.units}) = ${formatCount(params)}` : '', notes } };
      }
      const base = (nin + (c.useBias ? 1 : 0)) * c.units;
      const actNote = detail ? activationNote(c.activation, ctx.lang) : undefined;
      if (actNote) notes.push(actNote);
      const alphas = preluAlphas(c.activation, output);
      const params = base + alphas;
      if (alphas && detail) notes.push(note(ctx, msg('note.preluOutputs', { n: formatCount(alphas) })));
      const formula = !detail ? '' : c.useBias ? `(${nin} + 1)·${c.units}` : `${nin}·${c.units}`;
      return { output, params, macs: prod(rest) * nin * c.units, explanation: { axes: [], params: detail ? `params = ${formula}${alphas ? ` + ${formatCount(alphas)} (PReLU α)` : ''} = ${formatCount(params)}` : '', notes } };
    }
    case 'dropout':
      if (detail) notes.push(note(ctx, msg('note.dropout', { rate: c.rate })));
      return { output: input, params: 0, macs: 0, explanation: { axes: [], params: 'params = 0', notes } };
    case 'batchnorm': {
      // Keras counts the batch as axis 0: axis=1 is the first axis of one sample, -1 the last.
      const rank = input.length;
      const at = c.axis < 0 ? rank + c.axis : c.axis - 1;
      if (at < 0 || at >= rank) {
        const why = c.axis === 0 || c.axis === -rank - 1 ? msg('an.bnAxisBatch') : msg('an.bnAxisRange', { shape: describe(input), rank });
        report(ctx, { code: 'bad-value', severity: 'error', span: ctx.r.argSpans.axis ?? ctx.st.wordSpan, message: msg('an.bnAxis', { axis: c.axis, why }) });
        return undefined;
      }
      const ch = input[at];
      const learned = (c.center ? 1 : 0) + (c.scale ? 1 : 0);
      const params = (learned + 2) * ch;
      if (detail) {
        const which = [c.scale ? 'γ' : '', c.center ? 'β' : ''].filter(Boolean).join(' & ');
        const axisText = c.axis === -1 ? '' : msg('note.bnAxis', { axis: c.axis, n: ch });
        const moving = formatCount(2 * ch);
        notes.push(note(ctx, learned ? msg(learned === 2 ? 'note.bnLearnedBoth' : 'note.bnLearnedOne', { which, n: formatCount(learned * ch), moving, axis: axisText }) : msg('note.bnNothing', { moving, axis: axisText })));
      }
      if (!detail) return { output: input, params, nonTrainable: 2 * ch, macs: prod(input), explanation: { axes: [], params: '', notes } };
      const split = learned
        ? msg('note.bnParamsLearned', { n: formatCount(learned * ch), which: [c.scale ? 'γ' : '', c.center ? 'β' : ''].filter(Boolean).join(', '), moving: formatCount(2 * ch) })
        : msg('note.bnParamsNone', { moving: formatCount(2 * ch) });
      return { output: input, params, nonTrainable: 2 * ch, macs: prod(input), explanation: { axes: [], params: `params = ${learned + 2}·${ch} = ${formatCount(params)} ${note(ctx, split)}`, notes } };
    }
    case 'activation': {
      const bad = badSharedAxis(c.activation, input);
      if (bad !== undefined) {
        report(ctx, { code: 'bad-value', severity: 'error', span: ctx.r.argSpans.shared_axes ?? ctx.st.wordSpan, message: msg('an.sharedAxesRange', { axis: bad, shape: describe(input), rank: input.length }) });
        return undefined;
      }
      const actNote = detail ? activationNote(c.activation, ctx.lang) : undefined;
      if (actNote) notes.push(actNote);
      const alphas = preluAlphas(c.activation, input);
      if (alphas) {
        const shared = c.activation.sharedAxes ?? [];
        if (detail) notes.push(note(ctx, shared.length ? msg('note.preluShared', { axes: shared.join(', ') }) : msg('note.preluPerElement')));
        const factors = input.map((d, i) => (shared.includes(i + 1) ? 1 : d));
        return { output: input, params: alphas, macs: 0, explanation: { axes: [], params: detail ? `params = ${factors.join('·')} = ${formatCount(alphas)}` : '', notes } };
      }
      return { output: input, params: 0, macs: 0, explanation: { axes: [], params: 'params = 0', notes } };
    }
  }
}

/** Which α (or cap) a Leaky ReLU or capped ReLU uses, and why: pasted Keras and netspec differ. */
function activationNote(a: ActivationSpec, lang: Lang): string | undefined {
  if (a.name === 'leaky_relu') {
    switch (a.alphaDefault) {
      case 'keras-layer':
        return t(lang, 'note.leakyKerasLayer', { alpha: a.alpha ?? '' });
      case 'keras-activation':
        return t(lang, 'note.leakyKerasActivation', { alpha: a.alpha ?? '' });
      case 'lecture':
        return t(lang, 'note.leakyLecture', { alpha: a.alpha ?? '' });
      default:
        return t(lang, 'note.leakyWritten', { alpha: a.alpha ?? '' });
    }
  }
  if (a.name === 'relu' && a.maxValue !== undefined) return t(lang, 'note.reluCapped', { max: a.maxValue });
  return undefined;
}

/** Shared by every layer analysed without detail: nothing is ever pushed to it. */
const NO_NOTES: string[] = [];

/** Renders a number as the lecture writes it: 15.5, 30, 0.333. */
function num(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(3)));
}

/** Both spatial axes of a windowed layer; undefined (with a diagnostic) when an axis has no valid output. */
function windowAxes(
  ctx: Ctx,
  inputHW: [number, number],
  filter: [number, number],
  strides: [number, number],
  dilation: [number, number],
  padding: Padding,
  filterArg: 'kernel' | 'pool',
): [AxisExplanation, AxisExplanation] | undefined {
  const axes = ([0, 1] as const).map((i) =>
    windowAxis(i === 0 ? 'H' : 'W', inputHW[i], filter[i], strides[i], dilation[i], padding === 'valid' || padding === 'same' ? padding : padding[i]),
  ) as [AxisExplanation, AxisExplanation];
  const filterSpan = ctx.r.argSpans[filterArg] ?? ctx.st.wordSpan;
  // An output of 0 or less always means the (dilated) window is larger than the padded input.
  const bad = axes.filter((a) => a.output < 1);
  if (bad.length > 0) {
    // A square window on a square input fails the same way on both axes: say it once.
    const [h, w] = axes;
    const alike = bad.length === 2 && h.input === w.input && h.dilatedFilter === w.dilatedFilter && h.padBefore + h.padAfter === w.padBefore + w.padAfter;
    for (const a of alike ? [h] : bad) {
      const padded = a.input + a.padBefore + a.padAfter;
      const pads = a.padBefore + a.padAfter;
      const size = (n: number): MessageArg => (alike ? `${n}×${n}` : msg(a.axis === 'H' ? 'an.tall' : 'an.wide', { n }));
      const formula = a.formula.replace(/^O = /, '');
      const message =
        a.dilatedFilter !== a.filter && a.filter <= padded
          ? msg('an.windowDilated', { filter: size(a.filter), dilated: size(a.dilatedFilter), feff: a.dilatedFilter, input: size(padded), formula })
          : msg('an.windowTooLarge', { filter: size(a.filter), input: size(a.input), padded: pads ? msg('an.withPadding', { size: size(padded) }) : '', formula, arg: filterArg });
      const span = a.dilatedFilter !== a.filter && a.filter <= padded ? (ctx.r.argSpans.dilation ?? filterSpan) : filterSpan;
      report(ctx, { code: 'window-too-large', severity: 'error', span, message, fixes: windowFixes(ctx, axes, padding, filterArg) });
    }
    return undefined;
  }
  if (!ctx.detail) reportUneven(ctx, axes, padding, filterArg);
  return axes;
}

/**
 * The lecture's O = (I + 2P − F)/S + 1 with one axis's numbers filled in, and its value (`15.5 → 15`
 * when Keras floors): the one rendering that the hover, the summary and every diagnostic share.
 * P is written 2·P when both sides are padded alike, `before + after` when not (Keras's `same`
 * puts the odd zero after).
 */
export function lectureFormula(a: Pick<AxisExplanation, 'input' | 'padBefore' | 'padAfter' | 'dilatedFilter' | 'stride' | 'output'>): string {
  const numer = a.input + a.padBefore + a.padAfter - a.dilatedFilter;
  const exact = numer / a.stride + 1;
  const padText = a.padBefore === a.padAfter ? `2·${a.padBefore}` : `${a.padBefore} + ${a.padAfter}`;
  const uneven = numer >= 0 && numer % a.stride !== 0;
  return `(${a.input} + ${padText} − ${a.dilatedFilter})/${a.stride} + 1 = ${uneven ? `${num(exact)} → ${a.output}` : num(exact)}`;
}

/**
 * Quick fixes for a window larger than its input: padding=same (its output is ceil(I/S) ≥ 1), and
 * the largest window that fits each axis of the padded input, F + (F − 1)(D − 1) ≤ I + P.
 */
function windowFixes(ctx: Ctx, axes: readonly AxisExplanation[], padding: Padding, filterArg: 'kernel' | 'pool'): TextFix[] {
  const fixes: TextFix[] = [];
  const paddingDef = ctx.r.def.args.find((a) => a.name === 'padding');
  if (paddingDef && padding !== 'same') {
    fixes.push({ ...argumentEdit(ctx.st, paddingDef, ctx.r.argSpans.padding, 'same'), ...titled(msg('fix.paddingSame')), preferred: true });
  }
  const filterDef = ctx.r.def.args.find((a) => a.name === filterArg);
  const fits = axes.map((a) => {
    const padded = a.input + a.padBefore + a.padAfter;
    const dilation = a.filter > 1 ? (a.dilatedFilter - a.filter) / (a.filter - 1) + 1 : 1;
    return Math.min(a.filter, Math.floor((padded + dilation - 1) / dilation));
  });
  if (filterDef && fits.every((f) => f >= 1)) {
    const [h, w] = fits;
    const text = h === w ? String(h) : ctx.st.form === 'call' ? `(${h}, ${w})` : `${h}x${w}`;
    fixes.push({ ...argumentEdit(ctx.st, filterDef, ctx.r.argSpans[filterArg], text), ...titled(msg(filterArg === 'pool' ? 'fix.largestPool' : 'fix.largestKernel', { value: h === w ? h : `${h}x${w}` })), preferred: fixes.length === 0 });
  }
  return fixes;
}

/** One spatial axis of a window; the formula's text is built when read (hover), not per keystroke. */
class WindowAxis implements AxisExplanation {
  constructor(
    readonly axis: 'H' | 'W',
    readonly input: number,
    readonly filter: number,
    readonly dilatedFilter: number,
    readonly stride: number,
    readonly padBefore: number,
    readonly padAfter: number,
    readonly output: number,
    readonly uneven: boolean,
    readonly same: boolean,
  ) {}

  get formula(): string {
    const text = `O = ${lectureFormula(this)}`;
    return this.same ? `${text} = ceil(${this.input}/${this.stride})` : text;
  }

  toJSON(): AxisExplanation {
    return { ...this, formula: this.formula };
  }
}

export function windowAxis(axis: 'H' | 'W', input: number, filter: number, stride: number, dilation: number, padding: 'valid' | 'same' | [number, number]): AxisExplanation {
  const fEff = filter + (filter - 1) * (dilation - 1);
  if (padding === 'same') {
    const output = Math.ceil(input / stride);
    const total = Math.max((output - 1) * stride + fEff - input, 0);
    const before = Math.floor(total / 2);
    return new WindowAxis(axis, input, filter, fEff, stride, before, total - before, output, false, true);
  }
  const before = padding === 'valid' ? 0 : padding[0];
  const after = padding === 'valid' ? 0 : padding[1];
  const numer = input + before + after - fEff;
  const output = Math.floor(numer / stride) + 1;
  return new WindowAxis(axis, input, filter, fEff, stride, before, after, output, numer >= 0 && numer % stride !== 0, false);
}

/** The uneven-stride warning: Keras floors, so the last rows/columns are never seen. */
function reportUneven(ctx: Ctx, axes: [AxisExplanation, AxisExplanation], padding: Padding, filterArg: 'kernel' | 'pool'): void {
  const bad = axes.filter((a) => a.uneven);
  if (bad.length === 0) return;
  const parts = bad.map((a) => {
    const pads = a.padBefore + a.padAfter;
    const numer = a.input + pads - a.dilatedFilter;
    const lost = numer % a.stride;
    return { a, lost };
  });
  const same = bad.length === 2 && bad[0].input === bad[1].input && bad[0].dilatedFilter === bad[1].dilatedFilter && bad[0].stride === bad[1].stride && bad[0].padBefore + bad[0].padAfter === bad[1].padBefore + bad[1].padAfter;
  // One sentence when both axes lose the same; else one clause per axis ("H: ...; W: ...").
  const lostText = (lost: number, which: 'row' | 'col' | 'both'): MessageRef =>
    msg(lost === 1 ? (which === 'row' ? 'an.lostRow' : which === 'col' ? 'an.lostColumn' : 'an.lostRowColumn') : which === 'row' ? 'an.lostRows' : which === 'col' ? 'an.lostColumns' : 'an.lostRowsColumns', { n: lost });
  const message = same
    ? msg('an.uneven', { formula: lectureFormula(parts[0].a), lost: lostText(parts[0].lost, 'both') })
    : parts.length === 1
      ? msg('an.unevenAxis', { axis: parts[0].a.axis, formula: lectureFormula(parts[0].a), lost: lostText(parts[0].lost, parts[0].a.axis === 'H' ? 'row' : 'col') })
      : msg('an.unevenBoth', {
          h: msg('an.unevenClause', { axis: 'H', formula: lectureFormula(parts[0].a), lost: lostText(parts[0].lost, 'row') }),
          w: msg('an.unevenClause', { axis: 'W', formula: lectureFormula(parts[1].a), lost: lostText(parts[1].lost, 'col') }),
        });
  const fixes: TextFix[] = [];
  if (padding !== 'same') fixes.push({ ...argumentEdit(ctx.st, ctx.r.def.args.find((a) => a.name === 'padding')!, ctx.r.argSpans.padding, 'same'), ...titled(msg('fix.paddingSame')), preferred: true });
  const strideDef = ctx.r.def.args.find((a) => a.name === 'stride');
  if (strideDef) {
    const s = largestEvenStride(axes, bad[0].stride);
    if (s) fixes.push({ ...argumentEdit(ctx.st, strideDef, ctx.r.argSpans.stride, String(s)), ...titled(msg('fix.strideEven', { stride: s })) });
  }
  if (padding === 'valid' || (padding !== 'same' && padding[0][0] === padding[0][1] && padding[1][0] === padding[1][1])) {
    const p = smallestEvenPadding(axes);
    if (p) fixes.push({ ...argumentEdit(ctx.st, ctx.r.def.args.find((a) => a.name === 'padding')!, ctx.r.argSpans.padding, String(p)), ...titled(msg('fix.paddingEven', { padding: p })) });
  }
  report(ctx, { code: 'uneven-stride', severity: 'warning', span: ctx.r.argSpans.stride ?? ctx.r.argSpans[filterArg] ?? ctx.st.wordSpan, message, fixes });
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The largest stride below `below` that divides (I + P − F_eff) on both axes: the largest divisor
 * of their gcd under `below`, found by trial division up to its square root (at most ~45,000
 * steps for sizes up to 10^9), never by counting down from the stride.
 */
function largestEvenStride(axes: readonly AxisExplanation[], below: number): number | undefined {
  const g = axes.reduce((acc, a) => gcd(acc, a.input + a.padBefore + a.padAfter - a.dilatedFilter), 0);
  if (g === 0) return below > 1 ? below - 1 : undefined;
  let best = 1;
  for (let d = 1; d * d <= g; d++) {
    if (g % d !== 0) continue;
    const other = g / d;
    if (other < below) return Math.max(best, other);
    if (d < below) best = d;
  }
  return best;
}

/**
 * The smallest symmetric padding P ≥ 1, up to the window size, with (I + 2P − F_eff) divisible by
 * the stride on both axes. The remainders repeat with period lcm(S_H, S_W), so the search stops
 * there, and in any case after a bounded number of steps (a padding that large fixes nothing a
 * student wants).
 */
const MAX_PADDING_SEARCH = 4096;
function smallestEvenPadding(axes: readonly AxisExplanation[]): number | undefined {
  const f = Math.max(...axes.map((a) => a.dilatedFilter));
  const period = axes.reduce((acc, a) => (acc / gcd(acc, a.stride)) * a.stride, 1);
  const limit = Math.min(f, period, MAX_PADDING_SEARCH);
  for (let p = 1; p <= limit; p++) {
    if (axes.every((a) => (a.input + 2 * p - a.dilatedFilter) % a.stride === 0)) return p;
  }
  return undefined;
}

/**
 * The edit that sets argument `def` of a statement to `valueText`: replaces its value where it is
 * written, else appends ` key=value` (netspec) or `, key='value'` (a Keras call).
 */
export function argumentEdit(st: Statement, def: ArgDef, existing: Span | undefined, valueText: string): TextFix {
  const isWord = /^[A-Za-z_]\w*$/.test(valueText) && !/^(true|false)$/i.test(valueText);
  const written = st.form === 'call' && isWord ? `'${valueText}'` : valueText;
  if (existing) return { ...titled(msg('fix.set', { name: def.name, value: valueText })), line: st.line, start: existing.start, end: existing.end, newText: written };
  if (st.form === 'call') {
    const sep = st.args.length ? ', ' : '';
    return { ...titled(msg('fix.set', { name: def.keras ?? def.name, value: valueText })), line: st.line, start: st.argsEnd, end: st.argsEnd, newText: `${sep}${def.keras ?? def.name}=${written}` };
  }
  return { ...titled(msg('fix.set', { name: def.name, value: valueText })), line: st.line, start: st.argsEnd, end: st.argsEnd, newText: ` ${def.name}=${written}` };
}

/**
 * Edits that set `init=` on every layer with weights (conv2d, dense, maxout): the init lab's
 * "use this init in my spec". `initText` is as a spec writes it: `he`, `normal(0.01)`, `xavier`.
 */
export function setInitializerEdits(text: string, initText: string): TextFix[] {
  const { statements } = parse(text);
  const fixes: TextFix[] = [];
  for (const st of statements) {
    const r = resolveStatement(st, []);
    if (!r || !['conv2d', 'dense', 'maxout'].includes(r.def.kind)) continue;
    const def = findArg(r.def, 'init');
    if (!def) continue;
    const value = st.form === 'call' ? kerasInitializer(initText) : initText;
    const fix = argumentEdit(st, def, r.argSpans.init, value);
    // A Keras call gets a Python expression, not a quoted netspec word, for normal(STD).
    if (st.form === 'call' && value.includes('(')) fix.newText = fix.newText.replace(`'${value}'`, value);
    fixes.push({ ...fix, ...titled(msg('fix.useInit', { init: initText })) });
  }
  return fixes;
}

/** normal(0.01) -> RandomNormal(stddev=0.01); names stay names. */
function kerasInitializer(initText: string): string {
  const m = /^normal\(\s*([\d.eE+-]+)\s*\)$/i.exec(initText);
  if (m) return `RandomNormal(stddev=${m[1]})`;
  return initText;
}
