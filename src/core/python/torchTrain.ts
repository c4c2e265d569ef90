/**
 * "Train on GPU" for a PyTorch model: the .netspec text the Train panel trains (it trains a
 * spec, and builds TF.js layers from it), written from the data path the reader followed
 * (PyModel.steps). The spec is channels-last, as TF.js is; everything else is the PyTorch model's:
 * the same layers in the same order, each output shape the PyTorch shape with the channels moved
 * last, the same parameter counts (BatchNorm's running statistics are the spec's non-trainable
 * weights, PyTorch's buffers). What differs, and why it is equivalent:
 * - `flatten` orders each sample's values (H, W, C) where PyTorch orders them (C, H, W): the next
 *   Linear's weights are the same matrix with its rows permuted, so the model trained from scratch
 *   is the same family of functions, with the same number of weights.
 * - explicit padding is symmetric (P before and after), as PyTorch pads; `padding='same'` at
 *   stride 1 pads floor(d·(k−1)/2) before and the rest after in both frameworks.
 * - BatchNorm: PyTorch's momentum m is Keras's 1 − m (0.1 → 0.9), eps stays (1e-5).
 * - weights start as PyTorch's defaults for Conv2d and Linear (U(±1/√fan_in), kaiming_uniform
 *   with a = √5), biases at zero (Keras's start; PyTorch draws them from the same uniform).
 * Anything the Train panel would build differently (groups, ceil_mode that adds a window, max
 * pooling with padding, reflect padding, adaptive pooling with uneven windows...) is refused with
 * the line that has it, never approximated. Pure; never throws.
 */
import { msg, render, t, type Lang, type MessageId, type MessageRef } from '../../core/i18n';
import type { Shape } from '../../core/types';
import type { TorchConfig } from './torch';
import type { PyModel, PyStep } from './types';

export interface TorchTrainLayer {
  /** The spec line (without its comment). */
  spec: string;
  /** The output shape the spec's layer must have: the PyTorch shape, channels last. */
  shape: Shape;
}

export type TorchTrainSpec =
  | { ok: true; text: string; layers: TorchTrainLayer[]; input: Shape }
  | { ok: false; line: number; reason: string; reasonRef: MessageRef };

/** (C, H, W) → (H, W, C); a vector stays as it is. */
export function channelsLast(shape: Shape): Shape {
  return shape.length === 3 ? [shape[1], shape[2], shape[0]] : [...shape];
}

const size = (p: readonly [number, number]) => (p[0] === p[1] ? `${p[0]}` : `${p[0]}x${p[1]}`);
/** PyTorch's default weight init for Conv2d and Linear: U(−1/√fan_in, +1/√fan_in). */
const torchInit = (fanIn: number) => `init=uniform(${Number((1 / Math.sqrt(fanIn)).toPrecision(12))})`;

type Values = Record<string, number | boolean | string | null | undefined>;

class Refusal {
  constructor(
    readonly line: number,
    readonly ref: MessageRef,
  ) {}
}

/** A refusal as the result says it: English text and its message ref (src/core/i18n). */
function refused(line: number, ref: MessageRef): TorchTrainSpec {
  return { ok: false, line, ...reasonOf(ref) };
}

function reasonOf(ref: MessageRef): { reason: string; reasonRef: MessageRef } {
  return { reason: render('en', ref), reasonRef: ref };
}

/** A value given as an argument, its default when absent; refuses when it cannot be read. */
function value(values: Values | undefined, name: string, def: number | boolean | string | null, line: number, what: string): number | boolean | string | null {
  if (!values || !(name in values)) return def;
  const v = values[name];
  if (v === undefined) throw new Refusal(line, msg('pyt.cannotRead', { what, name }));
  return v;
}

/** The spec line of an elementwise module or function, or null for one that changes nothing. */
function elementwiseLine(what: string, values: Values | undefined, input: Shape, line: number, last: boolean, notes: Set<Note>): string | null {
  if (values && '*' in values) throw new Refusal(line, msg('pyt.cannotReadArgs', { what }));
  const v = (name: string, def: number | boolean | string | null) => value(values, name, def, line, what);
  const num = (name: string, def: number) => {
    const x = v(name, def);
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Refusal(line, msg('pyt.cannotRead', { what, name }));
    return x;
  };
  switch (what) {
    case 'ReLU': case 'relu': case 'relu_':
      return 'relu';
    case 'ReLU6': case 'relu6':
      return 'activation relu6';
    case 'LeakyReLU': case 'leaky_relu':
      return `leaky_relu ${num('negative_slope', 0.01)}`;
    case 'ELU': case 'elu':
      return `elu ${num('alpha', 1)}`;
    case 'SELU': case 'selu':
      return 'activation selu';
    case 'GELU': case 'gelu':
      if (v('approximate', 'none') !== 'none') throw new Refusal(line, msg('pyt.geluTanh', { what }));
      return 'activation gelu';
    case 'SiLU': case 'silu':
      return 'activation silu';
    case 'Tanh': case 'tanh':
      return 'activation tanh';
    case 'Sigmoid': case 'sigmoid':
      return 'activation sigmoid';
    case 'Softsign': case 'softsign':
      return 'activation softsign';
    case 'Softplus': case 'softplus':
      if (v('beta', 1) !== 1) throw new Refusal(line, msg('pyt.softplusBeta', { what }));
      return 'activation softplus';
    case 'Softmax': case 'softmax': case 'LogSoftmax': case 'log_softmax': {
      const dim = v('dim', null);
      const channels = dim === 1 || (typeof dim === 'number' && dim === -input.length) || (input.length === 1 && (dim === -1 || dim === null));
      if (!channels) throw new Refusal(line, msg('pyt.softmaxDim', { what, dim: dim === null ? 'None' : String(dim), shape: torchShape(input) }));
      if (what === 'Softmax' || what === 'softmax') return 'softmax';
      // log_softmax's outputs train exactly as logits: softmax(log_softmax(z)) = softmax(z).
      if (!last || input.length !== 1) throw new Refusal(line, msg('pyt.logSoftmaxInside', { what }));
      notes.add('pyt.noteLogSoftmax');
      return null;
    }
    case 'Dropout': case 'dropout': {
      const p = v('p', 0.5);
      const training = v('training', true);
      if (training === false) return null;
      if (training === true && what === 'dropout') notes.add('pyt.noteDropout');
      if (typeof p !== 'number' || p < 0 || p >= 1) throw new Refusal(line, msg('pyt.dropoutRate', { what, p: String(p) }));
      return `dropout ${p}`;
    }
    case 'Identity':
      return null;
  }
  throw new Refusal(line, msg('pyt.noLayer', { what: /^[a-z]/.test(what) ? `F.${what}` : `nn.${what}` }));
}

function torchShape(s: Shape): string {
  return `(N, ${s.join(', ')})`;
}

/** The spec line of a layer with its config, for its input shape. */
function layerLine(c: TorchConfig, type: string, input: Shape, output: Shape, line: number, notes: Set<Note>): string | null {
  switch (c.kind) {
    case 'conv2d': {
      if (c.groups !== 1) throw new Refusal(line, msg('pyt.groups', { type, groups: c.groups }));
      if (c.paddingMode && c.paddingMode !== 'zeros') throw new Refusal(line, msg('pyt.paddingMode', { type, mode: c.paddingMode }));
      if (c.dilation.some((d) => d > 1) && c.stride.some((s) => s > 1)) throw new Refusal(line, msg('pyt.strideDilation', { type }));
      const padding = c.padding === 'same' ? 'same' : c.padding[0] === 0 && c.padding[1] === 0 ? 'valid' : size(c.padding);
      const parts = [`conv2d ${c.outChannels} ${size(c.kernel)}`];
      if (c.stride[0] !== 1 || c.stride[1] !== 1) parts.push(`stride=${size(c.stride)}`);
      parts.push(`padding=${padding}`);
      if (c.dilation[0] !== 1 || c.dilation[1] !== 1) parts.push(`dilation=${size(c.dilation)}`);
      if (!c.bias) parts.push('use_bias=false');
      parts.push(torchInit(c.inChannels * c.kernel[0] * c.kernel[1]));
      return parts.join(' ');
    }
    case 'maxpool2d':
    case 'avgpool2d': {
      const padded = c.padding[0] > 0 || c.padding[1] > 0;
      if (c.dilation.some((d) => d > 1)) throw new Refusal(line, msg('pyt.poolDilation', { type, dilation: size(c.dilation) }));
      if (c.ceil) {
        // ceil_mode matters only where it adds a last window; without one the windows are the floor's.
        const floor = [0, 1].map((a) => Math.floor((input[input.length - 2 + a] + 2 * c.padding[a] - c.kernel[a]) / c.stride[a]) + 1);
        if (floor[0] !== output[output.length - 2] || floor[1] !== output[output.length - 1]) {
          throw new Refusal(line, msg('pyt.ceilMode', { type, floor: floor.join('×'), ceil: output.slice(-2).join('×') }));
        }
      }
      if (c.kind === 'maxpool2d' && padded) throw new Refusal(line, msg('pyt.maxPoolPadding', { type, padding: size(c.padding) }));
      if (c.countIncludePad === false && padded) throw new Refusal(line, msg('pyt.countIncludePad', { type }));
      if (c.divisorOverride) throw new Refusal(line, msg('pyt.divisorOverride', { type }));
      const parts = [`${c.kind} ${size(c.kernel)} stride=${size(c.stride)}`];
      if (padded) parts.push(`padding=${size(c.padding)}`);
      return parts.join(' ');
    }
    case 'adaptivepool2d': {
      if (input.length !== 3) throw new Refusal(line, msg('pyt.adaptiveRank', { type, shape: torchShape(input) }));
      const [h, w] = [input[1], input[2]];
      const [oh, ow] = [output[1], output[2]];
      if (h % oh !== 0 || w % ow !== 0) throw new Refusal(line, msg('pyt.adaptiveUneven', { type, from: `${h}×${w}`, to: `${oh}×${ow}`, ratios: `${h}/${oh}, ${w}/${ow}` }));
      const pool: [number, number] = [h / oh, w / ow];
      return `${c.mode === 'avg' ? 'avgpool2d' : 'maxpool2d'} ${size(pool)} stride=${size(pool)}`;
    }
    case 'linear':
      if (input.length !== 1) throw new Refusal(line, msg('pyt.linearRank', { type, shape: torchShape(input) }));
      return `dense ${c.outFeatures}${c.bias ? '' : ' use_bias=false'} ${torchInit(c.inFeatures)}`;
    case 'batchnorm': {
      if (!(c.dims === 2 ? input.length === 3 : input.length === 1)) throw new Refusal(line, msg('pyt.batchnormRank', { type, shape: torchShape(input) }));
      if (!c.track) throw new Refusal(line, msg('pyt.batchnormTrack', { type }));
      const momentum = c.momentum ?? 0.1;
      if (momentum === 'cumulative') throw new Refusal(line, msg('pyt.batchnormCumulative', { type }));
      if (momentum === null || c.eps === null) throw new Refusal(line, msg('pyt.batchnormUnread', { type }));
      const eps = c.eps ?? 1e-5;
      const parts = [`batchnorm momentum=${Number((1 - momentum).toPrecision(12))} epsilon=${eps}`];
      if (!c.affine) parts.push('center=false scale=false');
      return parts.join(' ');
    }
    case 'prelu': {
      notes.add('pyt.notePrelu');
      // One α shared by everything, or one per channel (the last axis here).
      if (c.count === 1) return input.length === 3 ? 'prelu shared_axes=[1,2,3]' : input.length === 1 ? 'prelu shared_axes=[1]' : refuse(line, `${type} on ${torchShape(input)}`);
      return input.length === 3 ? 'prelu shared_axes=[1,2]' : 'prelu';
    }
    case 'flatten':
      if (output.length !== 1) throw new Refusal(line, msg('pyt.flattenRank', { what: type, shape: torchShape(output) }));
      return input.length === 1 ? null : 'flatten';
    case 'same':
      return elementwiseLine(c.what, c.values, input, line, false, notes);
  }
}

function refuse(line: number, what: string): never {
  throw new Refusal(line, msg('pyt.noEquivalent', { what }));
}

/** A note the header adds when a step is converted with a difference worth knowing. */
type Note = Extract<MessageId, 'pyt.noteLogSoftmax' | 'pyt.noteDropout' | 'pyt.notePrelu'>;

/** The spec lines of the steps, with the output shape each must have. */
function convert(steps: readonly PyStep[], notes: Set<Note>, lang: Lang): TorchTrainLayer[] {
  const layers: TorchTrainLayer[] = [];
  const comments: string[] = [];
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    let spec: string | null;
    let shape: Shape;
    let comment: string;
    if (step.kind === 'layer') {
      const { layer, input, output } = step.use;
      if (!layer.torch || !input || !output) throw new Refusal(step.use.line, msg('pyt.shapeUnknown', { layer: `${layer.name} (${layer.type})` }));
      if (layer.params > 0 && layer.uses.length > 1) {
        throw new Refusal(step.use.line, msg('pyt.sharedWeights', { layer: `${layer.name} (${layer.type})`, n: layer.uses.length }));
      }
      spec = layer.torch.kind === 'same' ? elementwiseLine(layer.torch.what, layer.torch.values, input, step.use.line, last, notes) : layerLine(layer.torch, layer.type, input, output, step.use.line, notes);
      shape = output;
      comment = t(lang, 'pyt.lineComment', { what: layer.functional ? layer.type : `${layer.name} (${layer.type})`, line: layer.line + 1 });
    } else if (step.kind === 'function') {
      spec = elementwiseLine(step.name, step.values, step.shape, step.line, last, notes);
      shape = step.shape;
      comment = t(lang, 'pyt.lineComment', { what: `F.${step.name}`, line: step.line + 1 });
    } else {
      if (step.output.length !== 1) throw new Refusal(step.line, msg('pyt.flattenRank', { what: 'view/reshape', shape: torchShape(step.output) }));
      spec = step.input.length === 1 ? null : 'flatten';
      shape = step.output;
      comment = t(lang, 'pyt.lineComment', { what: 'flatten', line: step.line + 1 });
    }
    if (spec === null) return;
    layers.push({ spec, shape: channelsLast(shape) });
    comments.push(comment);
  });
  return layers.map((l, i) => ({ ...l, spec: `${l.spec}  # ${comments[i]}` }));
}

/** The Train panel's spec for a PyTorch model read to the end, or the line that stops it. */
export function torchTrainSpec(model: PyModel, fileName: string, lang: Lang = 'en'): TorchTrainSpec {
  if (model.framework !== 'pytorch') return refused(model.line, msg('pyt.notTorch', { model: model.name }));
  if (!model.input) return refused(model.line, msg('pyt.noInput', { model: model.name }));
  if (model.unknownFrom || !model.steps || model.totalParams === undefined) {
    const at = model.unknownFrom;
    return refused(at?.line ?? model.line, at ? msg('pyt.notFollowedWhy', { model: model.name, reason: at.reasonRef ?? at.reason }) : msg('pyt.notFollowed', { model: model.name }));
  }
  const input = model.input.shape;
  if (input.length !== 3 && input.length !== 1) return refused(model.line, msg('pyt.inputRank', { model: model.name, shape: torchShape(input) }));
  const notes = new Set<Note>();
  let layers: TorchTrainLayer[];
  try {
    layers = convert(model.steps, notes, lang);
  } catch (err) {
    return err instanceof Refusal ? refused(err.line, err.ref) : refused(model.line, msg('pyt.failed', { model: model.name }));
  }
  if (layers.length === 0) return refused(model.line, msg('pyt.noLayers', { model: model.name }));
  const last = channelsLast(input);
  const header = [
    t(lang, 'pyt.header', { model: model.name, file: fileName }),
    t(lang, 'pyt.headerLayout', { torch: `(N, ${input.join(', ')})`, last: last.join('x') }),
    t(lang, 'pyt.headerFlatten'),
    t(lang, 'pyt.headerInit'),
    ...[...notes].map((n) => t(lang, n)),
  ];
  const text = [...header, `input ${last.join('x')}`, ...layers.map((l) => l.spec)].join('\n') + '\n';
  return { ok: true, text, layers: layers.map((l) => ({ ...l, spec: l.spec.replace(/\s+#.*$/, '') })), input: last };
}
