/**
 * Reads a PyTorch layer constructor call (`nn.Conv2d(3, 6, 5)`, `nn.MaxPool2d(2, 2)`) into a
 * TorchConfig, binding positional and keyword arguments as torch/nn/modules declares them and
 * filling in PyTorch's defaults. A value NetLens cannot evaluate makes the layer unknown.
 */
import { msg, type MessageRef } from '../../core/i18n';
import { evalNumber, lastPart, type CallArg, type Expr } from './syntax';
import type { TorchConfig } from './torch';

/** The constructor's parameters in order (torch 1.13 signatures). */
const SIGNATURES: Record<string, string[]> = {
  Conv2d: ['in_channels', 'out_channels', 'kernel_size', 'stride', 'padding', 'dilation', 'groups', 'bias', 'padding_mode'],
  MaxPool2d: ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'],
  AvgPool2d: ['kernel_size', 'stride', 'padding', 'ceil_mode', 'count_include_pad', 'divisor_override'],
  AdaptiveAvgPool2d: ['output_size'],
  AdaptiveMaxPool2d: ['output_size', 'return_indices'],
  Linear: ['in_features', 'out_features', 'bias'],
  BatchNorm1d: ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats'],
  BatchNorm2d: ['num_features', 'eps', 'momentum', 'affine', 'track_running_stats'],
  PReLU: ['num_parameters', 'init'],
  Flatten: ['start_dim', 'end_dim'],
};

/** Modules that keep their input's shape and have no parameters, with their arguments. */
const ELEMENTWISE: Record<string, string[]> = {
  ReLU: ['inplace'],
  ReLU6: ['inplace'],
  LeakyReLU: ['negative_slope', 'inplace'],
  ELU: ['alpha', 'inplace'],
  SELU: ['inplace'],
  CELU: ['alpha', 'inplace'],
  GELU: ['approximate'],
  SiLU: ['inplace'],
  Mish: ['inplace'],
  Tanh: [],
  Sigmoid: [],
  Hardtanh: ['min_val', 'max_val', 'inplace'],
  Hardswish: ['inplace'],
  Hardsigmoid: ['inplace'],
  Softplus: ['beta', 'threshold'],
  Softsign: [],
  Softmax: ['dim'],
  LogSoftmax: ['dim'],
  Dropout: ['p', 'inplace'],
  Dropout2d: ['p', 'inplace'],
  Dropout1d: ['p', 'inplace'],
  AlphaDropout: ['p', 'inplace'],
  Identity: [],
};

export const TORCH_LAYER_TYPES: ReadonlySet<string> = new Set([...Object.keys(SIGNATURES), ...Object.keys(ELEMENTWISE), 'Sequential']);

export type Env = (name: string) => number | undefined;
type LiteralValue = number | boolean | string | null;

export interface ResolvedTorchLayer {
  type: string;
  config?: TorchConfig;
  unknown?: MessageRef;
  /** Each bound argument's expression, by parameter name (for diagnostics and fixes). */
  args: Map<string, Expr>;
}

/** True when the callee names a torch layer: `nn.X`, `torch.nn.X`, or `X` imported from torch.nn. */
export function torchLayerType(callee: string, bareNames: ReadonlySet<string>): string | undefined {
  const type = lastPart(callee);
  if (!TORCH_LAYER_TYPES.has(type)) return undefined;
  if (callee === type) return bareNames.has(type) ? type : undefined;
  const prefix = callee.slice(0, callee.length - type.length - 1);
  return prefix === 'nn' || prefix.endsWith('.nn') || prefix === 'torch.nn.modules' ? type : undefined;
}

export function bindArgs(names: readonly string[], args: CallArg[]): { bound: Map<string, Expr>; error?: MessageRef } {
  const bound = new Map<string, Expr>();
  let positional = 0;
  for (const a of args) {
    if (a.star) return { bound, error: msg('py.starArgs') };
    if (a.key !== undefined) {
      if (!names.includes(a.key) && a.key !== 'device' && a.key !== 'dtype') return { bound, error: msg('py.unknownArgKey', { key: a.key }) };
      bound.set(a.key, a.value);
    } else {
      if (positional >= names.length) return { bound, error: msg('py.tooManyPositional') };
      bound.set(names[positional++], a.value);
    }
  }
  return { bound };
}

type Pair = [number, number];

function pair(e: Expr | undefined, env: Env, def: Pair | undefined): Pair | undefined {
  if (!e) return def;
  const n = evalNumber(e, env);
  if (n !== undefined) return Number.isInteger(n) ? [n, n] : undefined;
  if (e.k === 'tuple' && e.items.length === 2) {
    const a = evalNumber(e.items[0], env);
    const b = evalNumber(e.items[1], env);
    if (a !== undefined && b !== undefined && Number.isInteger(a) && Number.isInteger(b)) return [a, b];
  }
  return undefined;
}

function int(e: Expr | undefined, env: Env, def?: number): number | undefined {
  if (!e) return def;
  const n = evalNumber(e, env);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

function bool(e: Expr | undefined, def: boolean): boolean | undefined {
  if (!e) return def;
  if (e.k === 'name' && (e.id === 'True' || e.id === 'False')) return e.id === 'True';
  return undefined;
}

function none(e: Expr | undefined): boolean {
  return !e || (e.k === 'name' && e.id === 'None');
}

/** Resolves a layer call whose type `torchLayerType` recognised (not Sequential). */
export function resolveTorchLayer(type: string, call: Extract<Expr, { k: 'call' }>, env: Env): ResolvedTorchLayer {
  const names = SIGNATURES[type] ?? ELEMENTWISE[type] ?? [];
  const { bound, error } = bindArgs(names, call.args);
  const args = bound;
  if (error) return { type, args, unknown: error };
  const fail = (what: string): ResolvedTorchLayer => ({ type, args, unknown: msg('py.cannotRead', { what }) });
  const g = (name: string) => bound.get(name);
  switch (type) {
    case 'Conv2d': {
      const inChannels = int(g('in_channels'), env);
      const outChannels = int(g('out_channels'), env);
      const kernel = pair(g('kernel_size'), env, undefined);
      const stride = pair(g('stride'), env, [1, 1]);
      const dilation = pair(g('dilation'), env, [1, 1]);
      const groups = int(g('groups'), env, 1);
      const bias = bool(g('bias'), true);
      const padExpr = g('padding');
      let padding: Pair | 'same' | undefined;
      if (padExpr?.k === 'str') padding = padExpr.value === 'same' ? 'same' : padExpr.value === 'valid' ? [0, 0] : undefined;
      else padding = pair(padExpr, env, [0, 0]);
      const modeExpr = g('padding_mode');
      if (inChannels === undefined || inChannels < 1) return fail('in_channels');
      if (outChannels === undefined || outChannels < 1) return fail('out_channels');
      if (!kernel || kernel[0] < 1 || kernel[1] < 1) return fail('kernel_size');
      if (!stride || stride[0] < 1 || stride[1] < 1) return fail('stride');
      if (!dilation || dilation[0] < 1 || dilation[1] < 1) return fail('dilation');
      if (!padding || (padding !== 'same' && (padding[0] < 0 || padding[1] < 0))) return fail('padding');
      if (groups === undefined || groups < 1 || inChannels % groups !== 0 || outChannels % groups !== 0) return { type, args, unknown: msg('py.groupsDivisible') };
      if (bias === undefined) return fail('bias');
      if (modeExpr && !(modeExpr.k === 'str' && ['zeros', 'reflect', 'replicate', 'circular'].includes(modeExpr.value))) return fail('padding_mode');
      if (padding === 'same' && (stride[0] !== 1 || stride[1] !== 1)) return { type, args, unknown: msg('py.paddingSameStrided') };
      const paddingMode = modeExpr?.k === 'str' ? (modeExpr.value as 'zeros' | 'reflect' | 'replicate' | 'circular') : 'zeros';
      return { type, args, config: { kind: 'conv2d', inChannels, outChannels, kernel, stride, padding, dilation, groups, bias, paddingMode } };
    }
    case 'MaxPool2d':
    case 'AvgPool2d': {
      const kernel = pair(g('kernel_size'), env, undefined);
      const strideExpr = g('stride');
      const stride = none(strideExpr) ? kernel : pair(strideExpr, env, undefined);
      const padding = pair(g('padding'), env, [0, 0]);
      const dilation = type === 'MaxPool2d' ? pair(g('dilation'), env, [1, 1]) : ([1, 1] as Pair);
      const ceil = bool(g('ceil_mode'), false);
      if (!kernel || kernel[0] < 1 || kernel[1] < 1) return fail('kernel_size');
      if (!stride || stride[0] < 1 || stride[1] < 1) return fail('stride');
      if (!padding || padding[0] < 0 || padding[1] < 0) return fail('padding');
      if (!dilation || dilation[0] < 1 || dilation[1] < 1) return fail('dilation');
      if (ceil === undefined) return fail('ceil_mode');
      const config: Extract<TorchConfig, { kind: 'maxpool2d' | 'avgpool2d' }> = { kind: type === 'MaxPool2d' ? 'maxpool2d' : 'avgpool2d', kernel, stride, padding, dilation, ceil };
      if (type === 'AvgPool2d') {
        // Shapes do not depend on these; the Train panel's conversion does (src/core/python/torchTrain.ts).
        const countIncludePad = bool(g('count_include_pad'), true);
        if (countIncludePad === false) config.countIncludePad = false;
        if (!none(g('divisor_override'))) config.divisorOverride = true;
      }
      return { type, args, config };
    }
    case 'AdaptiveAvgPool2d':
    case 'AdaptiveMaxPool2d': {
      const e = g('output_size');
      let output: [number | null, number | null] | undefined;
      const n = e ? evalNumber(e, env) : undefined;
      if (n !== undefined && Number.isInteger(n) && n >= 1) output = [n, n];
      else if (e?.k === 'tuple' && e.items.length === 2) {
        const v = e.items.map((x) => (none(x) ? null : (int(x, env) ?? -1)));
        if (v.every((x) => x === null || x >= 1)) output = [v[0], v[1]];
      }
      if (!output) return fail('output_size');
      return { type, args, config: { kind: 'adaptivepool2d', mode: type === 'AdaptiveAvgPool2d' ? 'avg' : 'max', output } };
    }
    case 'Linear': {
      const inFeatures = int(g('in_features'), env);
      const outFeatures = int(g('out_features'), env);
      const bias = bool(g('bias'), true);
      if (inFeatures === undefined || inFeatures < 1) return fail('in_features');
      if (outFeatures === undefined || outFeatures < 1) return fail('out_features');
      if (bias === undefined) return fail('bias');
      return { type, args, config: { kind: 'linear', inFeatures, outFeatures, bias } };
    }
    case 'BatchNorm1d':
    case 'BatchNorm2d': {
      const features = int(g('num_features'), env);
      const affine = bool(g('affine'), true);
      const track = bool(g('track_running_stats'), true);
      if (features === undefined || features < 1) return fail('num_features');
      if (affine === undefined || track === undefined) return fail('affine / track_running_stats');
      const config: Extract<TorchConfig, { kind: 'batchnorm' }> = { kind: 'batchnorm', dims: type === 'BatchNorm1d' ? 1 : 2, features, affine, track };
      // eps and momentum change no shape; the Train panel's conversion reads them (null: not a number NetLens can read).
      const eps = g('eps');
      if (eps) config.eps = evalNumber(eps, env) ?? null;
      const momentum = g('momentum');
      if (momentum) config.momentum = none(momentum) ? 'cumulative' : (evalNumber(momentum, env) ?? null);
      return { type, args, config };
    }
    case 'PReLU': {
      const count = int(g('num_parameters'), env, 1);
      if (count === undefined || count < 1) return fail('num_parameters');
      return { type, args, config: { kind: 'prelu', count } };
    }
    case 'Flatten': {
      const startDim = int(g('start_dim'), env, 1);
      const endDim = int(g('end_dim'), env, -1);
      if (startDim === undefined || endDim === undefined) return fail('start_dim / end_dim');
      return { type, args, config: { kind: 'flatten', startDim, endDim } };
    }
  }
  if (type in ELEMENTWISE) return { type, args, config: { kind: 'same', what: type, values: literalValues(bound, env) } };
  return { type, args, unknown: msg('py.unknownType', { type }) };
}

/**
 * The literal values of bound arguments (`negative_slope=0.2`, `dim=1`, `inplace=True`), for
 * the Train panel's conversion; an argument NetLens cannot evaluate is `undefined`.
 */
export function literalValues(bound: ReadonlyMap<string, Expr>, env: Env): Record<string, LiteralValue | undefined> {
  const out: Record<string, LiteralValue | undefined> = {};
  for (const [name, e] of bound) {
    if (e.k === 'name' && (e.id === 'True' || e.id === 'False')) out[name] = e.id === 'True';
    else if (e.k === 'name' && e.id === 'None') out[name] = null;
    // F.dropout(x, training=self.training): on only while the model trains, as nn.Dropout.
    else if ((e.k === 'name' && e.id === 'self.training') || (e.k === 'attr' && e.attr === 'training' && e.obj.k === 'name' && e.obj.id === 'self')) out[name] = 'self.training';
    else if (e.k === 'str') out[name] = e.value;
    else out[name] = evalNumber(e, env);
  }
  return out;
}

/**
 * The parameters of torch.nn.functional's elementwise functions after `input` (torch 1.13), so
 * `F.leaky_relu(x, 0.2)` and `x.softmax(1)` bind as PyTorch binds them.
 */
export const FUNCTION_SIGNATURES: Readonly<Record<string, readonly string[]>> = {
  relu: ['inplace'], relu_: [], relu6: ['inplace'], leaky_relu: ['negative_slope', 'inplace'], elu: ['alpha', 'inplace'], selu: ['inplace'], celu: ['alpha', 'inplace'],
  gelu: ['approximate'], silu: ['inplace'], mish: ['inplace'], tanh: [], sigmoid: [], hardtanh: ['min_val', 'max_val', 'inplace'], hardswish: ['inplace'], hardsigmoid: ['inplace'],
  softplus: ['beta', 'threshold'], softsign: [], softmax: ['dim', '_stacklevel', 'dtype'], log_softmax: ['dim', '_stacklevel', 'dtype'],
  dropout: ['p', 'training', 'inplace'], dropout2d: ['p', 'training', 'inplace'], alpha_dropout: ['p', 'training', 'inplace'],
};

/** torch.nn.functional calls (and torch./tensor-method twins) that keep the input's shape. */
export const ELEMENTWISE_FUNCTIONS: ReadonlySet<string> = new Set([
  'relu', 'relu_', 'relu6', 'leaky_relu', 'elu', 'selu', 'celu', 'gelu', 'silu', 'mish', 'tanh', 'sigmoid', 'hardtanh', 'hardswish', 'hardsigmoid',
  'softplus', 'softsign', 'softmax', 'log_softmax', 'dropout', 'dropout2d', 'alpha_dropout', 'contiguous', 'clone', 'float', 'detach', 'to', 'cpu', 'cuda',
]);
