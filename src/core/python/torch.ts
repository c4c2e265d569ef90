/**
 * PyTorch's shape and parameter rules for the layers students write, in PyTorch's own layout:
 * per-sample shapes are (C, H, W) or (features), the batch axis N is left out. The formulas are
 * those of torch/nn/modules/conv.py and pooling.py (ATen's conv_output_size and
 * pooling_output_shape): floor((I + 2P − D·(K−1) − 1)/S) + 1, ceil_mode's rule that the last
 * window must start inside the input or its left padding, and padding='same' only at stride 1.
 * Parameters: weight and bias as model.parameters() counts them; BatchNorm's running mean and
 * variance are buffers (not parameters, never trained), counted apart.
 */
import { formatCount } from '../../core/format';
import { msg, render, type MessageArg, type MessageRef } from '../../core/i18n';
import type { Shape } from '../../core/types';

export type TorchConfig =
  | { kind: 'conv2d'; inChannels: number; outChannels: number; kernel: [number, number]; stride: [number, number]; padding: [number, number] | 'same'; dilation: [number, number]; groups: number; bias: boolean; paddingMode?: 'zeros' | 'reflect' | 'replicate' | 'circular' }
  | {
      kind: 'maxpool2d' | 'avgpool2d'; kernel: [number, number]; stride: [number, number]; padding: [number, number]; dilation: [number, number]; ceil: boolean;
      /** AvgPool2d(count_include_pad=False): padded zeros are left out of the average. */
      countIncludePad?: false;
      /** AvgPool2d(divisor_override=...): a fixed divisor. */
      divisorOverride?: true;
    }
  | { kind: 'adaptivepool2d'; mode: 'avg' | 'max'; output: [number | null, number | null] }
  | { kind: 'linear'; inFeatures: number; outFeatures: number; bias: boolean }
  | { kind: 'batchnorm'; dims: 1 | 2; features: number; affine: boolean; track: boolean; eps?: number | null; momentum?: number | 'cumulative' | null }
  | { kind: 'prelu'; count: number }
  | { kind: 'flatten'; startDim: number; endDim: number }
  /** Elementwise modules and functions: activations, dropout, identity. */
  | { kind: 'same'; what: string; values?: Record<string, number | boolean | string | null | undefined> };

/** A mismatch PyTorch would raise on, with the number that fixes it (when one number does). */
export interface TorchProblem {
  kind: 'in-features' | 'in-channels' | 'batchnorm-features' | 'window-too-large' | 'prelu-count';
  message: MessageRef;
  /** The constructor argument to rewrite, and its right value. */
  arg?: 'in_features' | 'in_channels' | 'num_features' | 'num_parameters';
  expected?: number;
}

export interface TorchResult {
  /** Undefined when the shape cannot be known (with `unknown` saying why) or PyTorch would fail. */
  output?: Shape;
  /** Formula text, or a ref where words surround the numbers (rendered in the hover's language). */
  formulas: Array<string | MessageRef>;
  problem?: TorchProblem;
  unknown?: MessageRef;
}

export interface TorchParams {
  params: number;
  trainable: number;
  /** Buffers that are state but not parameters: BatchNorm's running mean and variance. */
  buffers: number;
  /** In English; `ref` gives it in another language where it has words beside the arithmetic. */
  text: string;
  ref?: MessageRef;
}

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);
const times = (xs: readonly (number | string)[]) => xs.join('·');
/** A per-sample shape in PyTorch's printing, with the batch axis: (N, 6, 28, 28). */
export function torchShape(s: Shape | undefined): string {
  return s ? `(N, ${s.join(', ')})` : '(N, ?)';
}

export function torchParams(c: TorchConfig): TorchParams {
  switch (c.kind) {
    case 'conv2d': {
      const perFilter = (c.inChannels / c.groups) * c.kernel[0] * c.kernel[1];
      const params = c.outChannels * perFilter + (c.bias ? c.outChannels : 0);
      const fan = c.groups === 1 ? times([c.inChannels, c.kernel[0], c.kernel[1]]) : `${c.inChannels}/${c.groups}·${c.kernel[0]}·${c.kernel[1]}`;
      const text = c.bias ? `params = (${fan} + 1)·${c.outChannels} = ${formatCount(params)}` : `params = ${fan}·${c.outChannels} = ${formatCount(params)} (bias=False)`;
      return { params, trainable: params, buffers: 0, text };
    }
    case 'linear': {
      const params = c.inFeatures * c.outFeatures + (c.bias ? c.outFeatures : 0);
      const text = c.bias ? `params = (${c.inFeatures} + 1)·${c.outFeatures} = ${formatCount(params)}` : `params = ${c.inFeatures}·${c.outFeatures} = ${formatCount(params)} (bias=False)`;
      return { params, trainable: params, buffers: 0, text };
    }
    case 'batchnorm': {
      const params = c.affine ? 2 * c.features : 0;
      const buffers = c.track ? 2 * c.features : 0;
      const ref = msg('py.paramsBatchnorm', {
        params: formatCount(params),
        affine: c.affine ? msg('py.bnAffine', { n: c.features, count: formatCount(params) }) : msg('py.bnNoAffine'),
        running: c.track ? msg('py.bnRunning', { n: c.features, count: formatCount(buffers) }) : msg('py.bnNoRunning'),
      });
      return { params, trainable: params, buffers, text: render('en', ref), ref };
    }
    case 'prelu': {
      const ref = msg(c.count === 1 ? 'py.paramsPreluShared' : 'py.paramsPreluEach', { n: c.count });
      return { params: c.count, trainable: c.count, buffers: 0, text: render('en', ref), ref };
    }
    default:
      return { params: 0, trainable: 0, buffers: 0, text: 'params = 0' };
  }
}

/** floor((I + 2P − D·(K−1) − 1)/S) + 1, written with the numbers. */
function windowFormula(axis: string, input: number, k: number, s: number, p: number, d: number, out: number, ceil: boolean): string {
  const span = d === 1 ? `${k}` : `${d}·(${k} − 1) − 1`;
  const inner = d === 1 ? `${input} + 2·${p} − ${span}` : `${input} + 2·${p} − ${span}`;
  const round = ceil ? 'ceil' : 'floor';
  return `${axis}: ${round}((${inner})/${s}) + 1 = ${out}`;
}

/** ATen's pooling_output_shape (and conv's output size when ceil is false). */
export function windowOutput(input: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const numerator = input + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0);
  let out = Math.floor(numerator / s) + 1;
  if (ceil && (out - 1) * s >= input + p) out--;
  return out;
}

/** The output shape of one layer for a per-sample input shape; never throws. */
export function torchApply(c: TorchConfig, input: Shape, who: MessageArg = msg('py.thisLayer')): TorchResult {
  switch (c.kind) {
    case 'conv2d': {
      if (input.length !== 3) return { formulas: [], unknown: msg('py.takesImage', { layer: 'Conv2d', shape: torchShape(input) }) };
      const [ch, h, w] = input;
      if (ch !== c.inChannels) {
        return {
          formulas: [],
          problem: { kind: 'in-channels', arg: 'in_channels', expected: ch, message: msg('py.inChannels', { n: ch, who, expected: c.inChannels, shape: torchShape(input) }) },
        };
      }
      const formulas: string[] = [];
      const out: number[] = [];
      for (let a = 0; a < 2; a++) {
        const size = a === 0 ? h : w;
        const axis = a === 0 ? 'H' : 'W';
        const k = c.kernel[a];
        const d = c.dilation[a];
        if (c.padding === 'same') {
          out.push(size);
          const total = d * (k - 1);
          formulas.push(`${axis}: padding='same' keeps ${size} (pads ${Math.floor(total / 2)} before, ${total - Math.floor(total / 2)} after)`);
          continue;
        }
        const p = c.padding[a];
        const s = c.stride[a];
        const padded = size + 2 * p;
        const eff = d * (k - 1) + 1;
        if (padded < eff) {
          return {
            formulas,
            problem: { kind: 'window-too-large', message: msg('py.kernelTooLarge', { kernel: c.kernel.join('×'), dilated: d > 1 ? msg('py.dilatedTo', { n: eff }) : '', formula: `${axis} = ${size} + 2·${p} = ${padded} < ${eff}` }) },
          };
        }
        const o = windowOutput(size, k, s, p, d, false);
        out.push(o);
        formulas.push(windowFormula(axis, size, k, s, p, d, o, false));
      }
      return { output: [c.outChannels, out[0], out[1]], formulas };
    }
    case 'maxpool2d':
    case 'avgpool2d': {
      const name = c.kind === 'maxpool2d' ? 'MaxPool2d' : 'AvgPool2d';
      if (input.length !== 3 && input.length !== 2) return { formulas: [], unknown: msg('py.takesImage', { layer: name, shape: torchShape(input) }) };
      const spatial = input.slice(input.length - 2);
      const formulas: string[] = [];
      const out: number[] = [];
      for (let a = 0; a < 2; a++) {
        const axis = a === 0 ? 'H' : 'W';
        const [k, s, p, d] = [c.kernel[a], c.stride[a], c.padding[a], c.dilation[a]];
        if (p > Math.floor(k / 2)) return { formulas, unknown: msg('py.poolPaddingHalf', { padding: p, kernel: k }) };
        const o = windowOutput(spatial[a], k, s, p, d, c.ceil);
        if (o < 1) {
          return {
            formulas,
            problem: { kind: 'window-too-large', message: msg('py.windowTooLarge', { window: c.kernel.join('×'), formula: `${axis} = ${spatial[a]}${p ? ` + 2·${p}` : ''}`, output: o }) },
          };
        }
        out.push(o);
        formulas.push(windowFormula(axis, spatial[a], k, s, p, d, o, c.ceil));
      }
      return { output: [...input.slice(0, input.length - 2), out[0], out[1]], formulas };
    }
    case 'adaptivepool2d': {
      if (input.length !== 3 && input.length !== 2) return { formulas: [], unknown: msg('py.takesImage', { layer: `Adaptive${c.mode === 'avg' ? 'Avg' : 'Max'}Pool2d`, shape: torchShape(input) }) };
      const lead = input.slice(0, input.length - 2);
      const h = c.output[0] ?? input[input.length - 2];
      const w = c.output[1] ?? input[input.length - 1];
      return { output: [...lead, h, w], formulas: [msg('py.formulaAdaptive', { from: `${input[input.length - 2]}×${input[input.length - 1]}`, to: `${h}×${w}` })] };
    }
    case 'linear': {
      if (input.length === 0) return { formulas: [], unknown: msg('py.linearScalar') };
      const last = input[input.length - 1];
      if (last !== c.inFeatures && input.length > 1) {
        // Linear acts on the last axis: a missing flatten, not a wrong number, is the likely mistake.
        const flat = prod(input);
        return {
          formulas: [],
          problem: { kind: 'in-features', message: msg('py.linearOnTensor', { who, shape: torchShape(input), last: formatCount(last), expected: c.inFeatures, flatten: flat === c.inFeatures ? msg('py.flattenFirst', { formula: `${times(input)} = ${formatCount(flat)}` }) : '' }) },
        };
      }
      if (last !== c.inFeatures) {
        const arithmetic = input.length === 1 ? lastArithmetic.get(input) : undefined;
        const values = arithmetic ? `${arithmetic} = ${formatCount(last)}` : formatCount(last);
        return {
          formulas: [],
          problem: { kind: 'in-features', arg: 'in_features', expected: last, message: msg('py.inFeatures', { values, who, expected: c.inFeatures, shapes: `N×${last} and ${c.inFeatures}×${c.outFeatures}` }) },
        };
      }
      return { output: [...input.slice(0, -1), c.outFeatures], formulas: [`last axis: ${c.inFeatures} → ${c.outFeatures}`] };
    }
    case 'batchnorm': {
      const want = c.dims === 2 ? [3] : [1, 2];
      if (!want.includes(input.length)) return { formulas: [], unknown: msg('py.batchnormTakes', { dims: c.dims, expected: c.dims === 2 ? '(N, C, H, W)' : msg('py.batchnormShape1d'), shape: torchShape(input) }) };
      if (input[0] !== c.features) {
        return {
          formulas: [],
          problem: { kind: 'batchnorm-features', arg: 'num_features', expected: input[0], message: msg('py.batchnormFeatures', { n: input[0], who, expected: c.features }) },
        };
      }
      return { output: input, formulas: [] };
    }
    case 'prelu': {
      if (c.count !== 1 && input[0] !== c.count) {
        return {
          formulas: [],
          problem: { kind: 'prelu-count', arg: 'num_parameters', expected: input[0], message: msg('py.preluCount', { n: input[0], who, count: c.count }) },
        };
      }
      return { output: input, formulas: [] };
    }
    case 'flatten': {
      const r = flatten(input, c.startDim, c.endDim);
      return r.output ? { output: r.output, formulas: r.formula ? [r.formula] : [] } : { formulas: [], unknown: r.unknown };
    }
    case 'same':
      return { output: input, formulas: [] };
  }
}

/**
 * How each flattened vector's length was computed ("16·5·5"), keyed by the shape array itself,
 * so Linear's message can repeat the arithmetic.
 */
const lastArithmetic = new WeakMap<Shape, string>();

/** Flattens dims start..end of the batched tensor (dim 0 is N); the batch axis must stay. */
export function flatten(input: Shape, startDim: number, endDim: number): { output?: Shape; formula?: string; unknown?: MessageRef } {
  const rank = input.length + 1;
  const s = startDim < 0 ? startDim + rank : startDim;
  const e = endDim < 0 ? endDim + rank : endDim;
  if (s < 1 || e >= rank || s > e) return { unknown: msg(s === 0 ? 'py.flattenBatch' : 'py.flattenOutside', { start: startDim }) };
  const a = s - 1;
  const b = e - 1;
  const merged = input.slice(a, b + 1);
  const output = [...input.slice(0, a), prod(merged), ...input.slice(b + 1)];
  const formula = merged.length > 1 ? `${times(merged)} = ${formatCount(prod(merged))}` : undefined;
  if (formula && output.length === 1) lastArithmetic.set(output, times(merged));
  return { output, formula: formula ? `flatten: ${formula}` : undefined };
}

/** `x.view(x.size(0), -1)`, `x.view(-1, 400)`, `x.reshape(N, 16, 25)`: dims after the batch axis. */
export function reshape(input: Shape, dims: Array<number | 'batch'>): { output?: Shape; formula?: MessageRef; unknown?: MessageRef } {
  const total = prod(input);
  // view(-1, K): the -1 stands for the batch only when K·… is exactly one sample's size.
  if (dims[0] !== 'batch') {
    if (dims[0] === -1 && dims.slice(1).every((d) => typeof d === 'number' && d > 0)) {
      const rest = dims.slice(1) as number[];
      if (prod(rest) === total) {
        const output = rest;
        const formula = msg('py.formulaView', { values: `${input.length > 1 ? `${times(input)} = ` : ''}${formatCount(total)}` });
        if (output.length === 1 && input.length > 1) lastArithmetic.set(output, times(input));
        return { output, formula };
      }
      return { unknown: msg('py.viewBatchChanges', { dims: rest.join(', '), values: `${input.length > 1 ? `${times(input)} = ` : ''}${formatCount(total)}` }) };
    }
    return { unknown: msg('py.viewNotBatch') };
  }
  const rest = dims.slice(1);
  const free = rest.filter((d) => d === -1).length;
  if (free > 1 || rest.some((d) => d === 'batch' || (typeof d === 'number' && d !== -1 && d < 1))) return { unknown: msg('py.viewTwoFree') };
  const known = prod(rest.filter((d): d is number => typeof d === 'number' && d > 0));
  if (free === 1 && total % known !== 0) return { unknown: msg('py.viewNotDivisible', { total, known }) };
  if (free === 0 && known !== total) return { unknown: msg('py.viewMismatch', { dims: rest.join('×'), known, total }) };
  const output = rest.map((d) => (d === -1 ? total / known : (d as number)));
  if (output.length === 1 && input.length > 1) lastArithmetic.set(output, times(input));
  return { output, formula: msg('py.formulaViewTo', { values: `${input.length > 1 ? `${times(input)} = ` : ''}${formatCount(total)}`, to: output.join('×') }) };
}
