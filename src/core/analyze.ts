/**
 * The shape and parameter engine: walks the resolved layers in order, computing each output
 * shape with the lecture's O = (I + 2P − F)/S + 1 (Keras's rules for `valid`, `same`, dilation),
 * each parameter count exactly as Keras's model.summary(), MACs, activation memory and the
 * diagnostics. Numbers only: a layer's explanation text is built on demand from these numbers
 * (src/core/explain.ts), and quick-fix edits come from src/core/edits.ts. Never throws.
 */
import { unevenStrideFixes, windowFixes } from './edits';
import { explainLayer, lectureFormula, type ExplainableLayer } from './explain';
import { msg, render, said, titled, type Lang, type MessageArg, type MessageRef } from './i18n';
import { forEachStatement, type Statement } from './parse';
import { resolveStatement, type ResolvedStatement } from './resolve';
import type { ActivationSpec, Analysis, AxisExplanation, Diagnostic, Explanation, LayerConfig, LayerInfo, Padding, Shape, Span } from './types';

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
}

function report(ctx: Ctx, d: Omit<Diagnostic, 'line' | 'start' | 'end' | 'message' | 'messageRef'> & { span?: Span; message: MessageRef }): void {
  const span = d.span ?? ctx.st.span;
  const { span: _s, message, ...rest } = d;
  void _s;
  ctx.diagnostics.push({ ...rest, ...said(message), line: ctx.st.line, start: span.start, end: span.end });
}

/**
 * A computed layer. Its explanation's text is built (src/core/explain.ts) only when something reads
 * it (hover, CLI, tests): a spec of thousands of layers is analysed on every keystroke and most
 * layers are never hovered. A class keeps every instance on one hidden class, which matters at
 * that scale.
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
  /** What the explanation needs beyond the public numbers (private: not part of the JSON). */
  #windowAxes: [AxisExplanation, AxisExplanation] | undefined = undefined;
  #unknownBecause: ExplainableLayer['unknownBecause'] = undefined;

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
    this.#explanation ??= explainLayer(
      {
        config: this.config,
        inputShape: this.inputShape,
        outputShape: this.outputShape,
        params: this.params,
        frozen: this.frozen,
        windowAxes: this.#windowAxes,
        unknownBecause: this.#unknownBecause,
      },
      this.lang,
    );
    return this.#explanation;
  }

  /** Records why the shape is unknown, for the explanation. */
  unknown(because: NonNullable<ExplainableLayer['unknownBecause']>): void {
    this.#unknownBecause = because;
  }

  computed(result: ShapeResult): void {
    this.outputShape = result.output;
    this.#windowAxes = result.windowAxes;
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
    info.unknown(!config || ownError ? 'own-error' : 'error-above');
    return info;
  }
  const ctx: Ctx = { r, st, diagnostics };
  const result = shapeAndParams(ctx, config, input);
  if (!result) return info;
  const { output, params, nonTrainable = 0, macs } = result;
  // Counts past 2^53 lose their last digits in JavaScript: refuse them rather than show wrong numbers.
  const bytes = prod(output) * BYTES_PER_FLOAT32;
  if (!Number.isSafeInteger(Math.max(params, macs, bytes))) {
    report(ctx, { code: 'bad-value', severity: 'error', message: msg(params > macs ? 'an.tooManyParams' : 'an.tooManyOps') });
    return info;
  }
  info.computed(result);
  info.params = params;
  info.nonTrainableParams = r.trainable ? nonTrainable : params;
  info.trainableParams = params - info.nonTrainableParams;
  info.frozen = !r.trainable;
  info.macs = macs;
  info.activationBytes = bytes;
  return info;
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
  /** A conv2d or pooling layer's two window axes (the explanation shows them). */
  windowAxes?: [AxisExplanation, AxisExplanation];
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
      const params = base + preluAlphas(c.activation, output);
      return { output, params, macs: axes[0].output * axes[1].output * c.filters * kh * kw * cin, windowAxes: axes };
    }
    case 'maxpool2d':
    case 'avgpool2d': {
      if (!needImage(ctx, input)) return undefined;
      const axes = windowAxes(ctx, [input[0], input[1]], c.pool, c.strides, [1, 1], c.padding, 'pool');
      if (!axes) return undefined;
      return { output: [axes[0].output, axes[1].output, input[2]], params: 0, macs: 0, windowAxes: axes };
    }
    case 'globalavgpool2d':
    case 'globalmaxpool2d': {
      if (!needImage(ctx, input)) return undefined;
      return { output: [input[2]], params: 0, macs: 0 };
    }
    case 'flatten': {
      if (input.length === 1) {
        report(ctx, { code: 'flatten-on-vector', severity: 'warning', span: ctx.st.wordSpan, message: msg('an.flattenOnVector', { n: input[0] }), fixes: [{ ...titled(msg('fix.removeFlatten')), line: ctx.st.line, start: 0, end: ctx.st.span.end, newText: '', preferred: true }] });
        return { output: input, params: 0, macs: 0 };
      }
      return { output: [prod(input)], params: 0, macs: 0 };
    }
    case 'zeropad2d': {
      if (!needImage(ctx, input)) return undefined;
      const [[t, b], [l, r]] = c.padding;
      return { output: [input[0] + t + b, input[1] + l + r, input[2]], params: 0, macs: 0 };
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
      }
      const output: Shape = [...rest, c.units];
      if (c.kind === 'maxout') {
        return { output, params: c.pieces * (nin * c.units + c.units), macs: prod(rest) * nin * c.units * c.pieces };
      }
      const base = (nin + (c.useBias ? 1 : 0)) * c.units;
      return { output, params: base + preluAlphas(c.activation, output), macs: prod(rest) * nin * c.units };
    }
    case 'dropout':
      return { output: input, params: 0, macs: 0 };
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
      return { output: input, params: (learned + 2) * ch, nonTrainable: 2 * ch, macs: prod(input) };
    }
    case 'normalize': {
      const rank = input.length;
      const at = c.axis < 0 ? rank + c.axis : c.axis - 1;
      if (at < 0 || at >= rank) {
        const why = c.axis === 0 || c.axis === -rank - 1 ? msg('an.bnAxisBatch') : msg('an.bnAxisRange', { shape: describe(input), rank });
        report(ctx, { code: 'bad-value', severity: 'error', span: ctx.r.argSpans.axis ?? ctx.st.wordSpan, message: msg('an.normalizeAxis', { axis: c.axis, why }) });
        return undefined;
      }
      // Keras's Normalization (keras/src/layers/preprocessing/normalization.py) adds mean, variance
      // (one per entry along axis) and a scalar count, all non-trainable, unless mean= and
      // variance= were given; model.summary() counts the scalar as 1 parameter.
      const stats = c.mean === undefined ? 2 * input[at] + 1 : 0;
      return { output: input, params: stats, nonTrainable: stats, macs: prod(input) };
    }
    case 'activation': {
      const bad = badSharedAxis(c.activation, input);
      if (bad !== undefined) {
        report(ctx, { code: 'bad-value', severity: 'error', span: ctx.r.argSpans.shared_axes ?? ctx.st.wordSpan, message: msg('an.sharedAxesRange', { axis: bad, shape: describe(input), rank: input.length }) });
        return undefined;
      }
      return { output: input, params: preluAlphas(c.activation, input), macs: 0 };
    }
  }
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
      report(ctx, { code: 'window-too-large', severity: 'error', span, message, fixes: windowFixes(ctx.r, axes, padding, filterArg) });
    }
    return undefined;
  }
  reportUneven(ctx, axes, padding, filterArg);
  return axes;
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
  const fixes = unevenStrideFixes(ctx.r, axes, bad[0].stride, padding);
  report(ctx, { code: 'uneven-stride', severity: 'warning', span: ctx.r.argSpans.stride ?? ctx.r.argSpans[filterArg] ?? ctx.st.wordSpan, message, fixes });
}
