/**
 * Writes a spec as a runnable PyTorch script that means exactly what NetLens shows (Keras's
 * semantics): every difference between the frameworks is written out where it happens, with a
 * comment (asymmetric `same` padding, channels-last flatten order, BatchNorm's momentum and ε,
 * Leaky ReLU's slope, Keras's initializers, layers PyTorch lacks as small modules).
 *
 * Layout: a Keras image tensor (H, W, C) lives as PyTorch's (N, C, H, W) inside the model; every
 * other tensor keeps Keras's axis order. Inputs arrive channels-last, as Keras and NetLens hold them.
 */
import { windowAxis } from '../../core/analyze';
import type { ActivationSpec, Analysis, InitializerSpec, LayerConfig, LayerInfo, Padding } from '../../core/types';
import {
  adaptedNormalizations, batchnormAxis, classCount, datasetFor, type ExportableAnalysis, type ExportResult, isFrozen, kerasShape, lossMode, preluShape, pyFloat, pyString, pyTuple, refusal, specStem,
} from './layout';
import { layerRegularizers } from '../../core/regularization';
import { scriptTail } from './pythonData';
import { defaultsBlock, settingsLines } from './optimizerScript';
import { PY_TORCH_CORE, PY_TORCH_HELPERS, PY_TORCH_TRAIN } from './pytorchRuntime';
import { type ExportSettings, withDefaults } from './settings';

export interface ExportOptions {
  /** The spec's file name, for titles, messages and the suggested file name. */
  specName: string;
  settings?: Partial<ExportSettings>;
  /** Leave out the `if __name__ == '__main__'` block (a notebook calls main() itself). */
  forNotebook?: boolean;
}

/** One part of a layer's nn.Sequential: its name, the constructor call, and why (a comment). */
interface Part {
  name: string;
  code: string;
  why?: string;
}

/** A row of the weights table: npz key, PyTorch state_dict entry, layout conversion. */
interface WeightRow {
  key: string;
  target: string;
  layout: 'conv' | 'dense' | 'hwc' | 'copy';
}

interface Built {
  parts: Part[];
  /** Python statements for reset_parameters(), with `L` the layer's module. */
  init: string[];
  weights: WeightRow[];
  helpers: string[];
}

/** Keras's [[top, bottom], [left, right]] as F.pad's (left, right, top, bottom). */
function padTuple(p: [[number, number], [number, number]]): string {
  return `(${p[1][0]}, ${p[1][1]}, ${p[0][0]}, ${p[0][1]})`;
}

/** The padding a windowed layer adds before/after on each axis: Keras's rule for `same`. */
function padsOf(padding: Padding, input: number[], window: [number, number], strides: [number, number], dilation: [number, number]): [[number, number], [number, number]] {
  if (padding === 'valid') return [[0, 0], [0, 0]];
  if (padding !== 'same') return padding;
  const h = windowAxis('H', input[0], window[0], strides[0], dilation[0], 'same');
  const w = windowAxis('W', input[1], window[1], strides[1], dilation[1], 'same');
  return [[h.padBefore, h.padAfter], [w.padBefore, w.padAfter]];
}

const isZero = (p: [[number, number], [number, number]]) => p[0][0] === 0 && p[0][1] === 0 && p[1][0] === 0 && p[1][1] === 0;
const isSymmetric = (p: [[number, number], [number, number]]) => p[0][0] === p[0][1] && p[1][0] === p[1][1];

/** The module(s) of an activation on a tensor of Keras shape `shape`. */
function activationParts(act: ActivationSpec, shape: number[], built: Built, owner: string): void {
  const image = shape.length === 3;
  const add = (code: string, why?: string): void => {
    built.parts.push({ name: 'act', code, why });
  };
  switch (act.name) {
    case 'linear': return;
    case 'relu':
      if (act.maxValue === undefined) return add('nn.ReLU()');
      built.helpers.push('CappedReLU');
      return add(`CappedReLU(${pyFloat(act.maxValue)})`, `Keras's ReLU(max_value=${act.maxValue})`);
    case 'sigmoid': return add('nn.Sigmoid()');
    case 'tanh': return add('nn.Tanh()');
    case 'softmax': return add(`nn.Softmax(dim=${image ? 1 : -1})`, image ? 'over the channels, Keras\'s last axis' : undefined);
    case 'leaky_relu': {
      // `alpha` holds the slope in force; alphaDefault only says whose default it was.
      const alpha = act.alpha ?? 0.01;
      const whose = act.alphaDefault === 'keras-layer' ? 'Keras\'s LeakyReLU() default'
        : act.alphaDefault === 'keras-activation' ? 'Keras\'s activation=\'leaky_relu\' default'
          : act.alphaDefault === 'lecture' ? 'the lecture\'s default' : 'as written';
      return add(`nn.LeakyReLU(negative_slope=${pyFloat(alpha)})`, `slope ${alpha}, ${whose}: Keras's LeakyReLU layer defaults to 0.3, its 'leaky_relu' activation to 0.2, PyTorch to 0.01`);
    }
    case 'prelu': {
      built.helpers.push('KerasPReLU');
      const alphas = preluShape(act, shape);
      const torchShape = image ? [alphas[2], alphas[0], alphas[1]] : alphas;
      built.weights.push({ key: `${owner}/alpha`, target: 'act.alpha', layout: image ? 'hwc' : 'copy' });
      const shared = act.sharedAxes ?? [];
      return add(`KerasPReLU(${pyTuple(torchShape)})`, shared.length ? `Keras's PReLU(shared_axes=[${shared.join(', ')}]): one slope shared along each of those axes` : 'one slope per element, as Keras\'s PReLU');
    }
    case 'elu': return add(`nn.ELU(alpha=${pyFloat(act.alpha ?? 1)})`);
    case 'selu': return add('nn.SELU()');
    case 'gelu': return add('nn.GELU()');
    case 'silu': return add('nn.SiLU()');
    case 'softplus': return add('nn.Softplus()');
    case 'softsign': return add('nn.Softsign()');
    case 'hard_sigmoid':
      built.helpers.push('HardSigmoid');
      return add('HardSigmoid()');
    case 'relu6': return add('nn.ReLU6()');
    case 'exponential':
      built.helpers.push('Exp');
      return add('Exp()');
    default: {
      const unknown: never = act.name;
      return add(`nn.Identity()`, `activation ${String(unknown)} is not known to the exporter`);
    }
  }
}

/** keras_init_(...) for a kernel; the fans are Keras's for its kernel shape. */
function initCall(target: string, init: InitializerSpec, fanIn: number, fanOut: number): string {
  const arg = init.name === 'normal' ? `, arg=${pyFloat(init.std)}` : init.name === 'uniform' ? `, arg=${pyFloat(init.limit)}` : '';
  return `keras_init_(${target}, ${pyString(init.name)}, fan_in=${fanIn}, fan_out=${fanOut}${arg})`;
}

/** Applies a per-channel (last Keras axis) part to an image kept as (N, C, H, W). */
function channelsLast(built: Built, inner: Part): void {
  built.helpers.push('Permute');
  built.parts.push({ name: 'to_channels_last', code: 'Permute(0, 2, 3, 1)', why: 'Keras applies this layer to the last axis (channels)' });
  built.parts.push(inner);
  built.parts.push({ name: 'to_channels_first', code: 'Permute(0, 3, 1, 2)' });
}

/** The PyTorch parts of one spec layer. */
function buildLayer(l: LayerInfo): Built {
  const built: Built = { parts: [], init: [], weights: [], helpers: [] };
  const c: LayerConfig = l.config;
  const input = l.inputShape!;
  const output = l.outputShape!;
  const image = input.length === 3;
  switch (c.kind) {
    case 'input':
      break;
    case 'conv2d': {
      const pads = padsOf(c.padding, input, c.kernel, c.strides, c.dilation);
      let torchPadding = '0';
      if (!isZero(pads)) {
        if (isSymmetric(pads)) torchPadding = `(${pads[0][0]}, ${pads[1][0]})`;
        else {
          built.parts.push({
            name: 'pad', code: `nn.ZeroPad2d(${padTuple(pads)})`,
            why: `Keras pads ${pads[0][0]} top, ${pads[0][1]} bottom, ${pads[1][0]} left, ${pads[1][1]} right${c.padding === 'same' ? ` for 'same' with stride ${c.strides.join('x')}` : ''}; nn.Conv2d pads both sides alike`,
          });
        }
      }
      built.parts.push({
        name: 'conv',
        code: `nn.Conv2d(${input[2]}, ${c.filters}, kernel_size=${pyTuple(c.kernel)}, stride=${pyTuple(c.strides)}, padding=${torchPadding}, dilation=${pyTuple(c.dilation)}, bias=${c.useBias ? 'True' : 'False'})`,
      });
      const [kh, kw] = c.kernel;
      built.init.push(initCall('L.conv.weight', c.init, kh * kw * input[2], kh * kw * c.filters));
      built.weights.push({ key: `${l.name}/kernel`, target: 'conv.weight', layout: 'conv' });
      if (c.useBias) {
        built.init.push('nn.init.zeros_(L.conv.bias)');
        built.weights.push({ key: `${l.name}/bias`, target: 'conv.bias', layout: 'copy' });
      }
      activationParts(c.activation, output, built, l.name);
      break;
    }
    case 'maxpool2d':
    case 'avgpool2d': {
      const pads = padsOf(c.padding, input, c.pool, c.strides, [1, 1]);
      const same = c.padding === 'same';
      const pool = `kernel_size=${pyTuple(c.pool)}, stride=${pyTuple(c.strides)}`;
      if (c.kind === 'avgpool2d' && same && !isZero(pads)) {
        built.helpers.push('KerasAvgPoolSame');
        built.parts.push({ name: 'pool', code: `KerasAvgPoolSame(${pyTuple(c.pool)}, ${pyTuple(c.strides)}, ${padTuple(pads)})`, why: 'Keras\'s \'same\' average leaves the padding out of the count' });
        break;
      }
      if (!isZero(pads)) {
        built.parts.push(same
          ? { name: 'pad', code: `nn.ConstantPad2d(${padTuple(pads)}, float('-inf'))`, why: 'Keras\'s \'same\' max pooling never picks the padding' }
          : { name: 'pad', code: `nn.ZeroPad2d(${padTuple(pads)})`, why: 'the spec\'s explicit P: zeros, then a valid pool' });
      }
      built.parts.push({ name: 'pool', code: c.kind === 'maxpool2d' ? `nn.MaxPool2d(${pool})` : `nn.AvgPool2d(${pool})` });
      break;
    }
    case 'globalavgpool2d':
    case 'globalmaxpool2d':
      built.helpers.push('GlobalPool2d');
      built.parts.push({ name: 'pool', code: `GlobalPool2d(${c.kind === 'globalavgpool2d' ? "'avg'" : "'max'"})` });
      break;
    case 'flatten':
      if (image) {
        built.helpers.push('Permute');
        built.parts.push({ name: 'to_channels_last', code: 'Permute(0, 2, 3, 1)', why: 'Keras flattens H·W·C, PyTorch C·H·W: permute first so the next dense layer\'s weights line up' });
        built.parts.push({ name: 'flatten', code: 'nn.Flatten()' });
      } else if (input.length === 1) built.parts.push({ name: 'flatten', code: 'nn.Identity()', why: 'the input is already flat' });
      else built.parts.push({ name: 'flatten', code: 'nn.Flatten()' });
      break;
    case 'zeropad2d':
      built.parts.push({ name: 'pad', code: `nn.ZeroPad2d(${padTuple(c.padding)})`, why: 'F.pad order: left, right, top, bottom' });
      break;
    case 'dense': {
      const nin = input[input.length - 1];
      const linear: Part = { name: 'linear', code: `nn.Linear(${nin}, ${c.units}, bias=${c.useBias ? 'True' : 'False'})` };
      if (image) channelsLast(built, linear);
      else built.parts.push(linear);
      built.init.push(initCall('L.linear.weight', c.init, nin, c.units));
      built.weights.push({ key: `${l.name}/kernel`, target: 'linear.weight', layout: 'dense' });
      if (c.useBias) {
        built.init.push('nn.init.zeros_(L.linear.bias)');
        built.weights.push({ key: `${l.name}/bias`, target: 'linear.bias', layout: 'copy' });
      }
      activationParts(c.activation, output, built, l.name);
      break;
    }
    case 'maxout': {
      built.helpers.push('Maxout');
      const nin = input[input.length - 1];
      const part: Part = { name: 'maxout', code: `Maxout(${nin}, ${c.units}, pieces=${c.pieces})`, why: 'PyTorch has no maxout layer' };
      if (image) channelsLast(built, part);
      else built.parts.push(part);
      built.init.push(initCall('L.maxout.linear.weight', c.init, nin, c.units * c.pieces), 'nn.init.zeros_(L.maxout.linear.bias)');
      built.weights.push({ key: `${l.name}/kernel`, target: 'maxout.linear.weight', layout: 'dense' }, { key: `${l.name}/bias`, target: 'maxout.linear.bias', layout: 'copy' });
      break;
    }
    case 'dropout':
      built.parts.push({ name: 'dropout', code: `nn.Dropout(p=${pyFloat(c.rate)})` });
      break;
    case 'batchnorm': {
      const at = batchnormAxis(c, input);
      const size = input[at];
      const momentum = `momentum=${pyFloat(Number((1 - c.momentum).toPrecision(12)))}`;
      const eps = `eps=${pyFloat(c.epsilon)}`;
      const why = `Keras momentum ${c.momentum} keeps ${c.momentum} of the old average, PyTorch's momentum is the new share (1 - ${c.momentum}); ε as Keras (${c.epsilon}; PyTorch's default is 1e-5). PyTorch averages the unbiased batch variance, Keras the biased one`;
      let prefix: string;
      if (c.center && c.scale && at === input.length - 1) {
        const args = `${size}, ${eps}, ${momentum}`;
        if (image) built.parts.push({ name: 'bn', code: `nn.BatchNorm2d(${args})`, why });
        else if (input.length === 1) built.parts.push({ name: 'bn', code: `nn.BatchNorm1d(${args})`, why });
        else {
          built.helpers.push('LastAxisBatchNorm');
          built.parts.push({ name: 'bn', code: `LastAxisBatchNorm(${args})`, why });
        }
        prefix = input.length === 1 || image ? 'bn' : 'bn.bn';
      } else {
        // The normalized axis in PyTorch's layout: an image (H, W, C) lives as (N, C, H, W).
        const dim = image ? [2, 3, 1][at] : at + 1;
        const what = [at !== input.length - 1 ? `axis=${c.axis}` : '', c.center ? '' : 'center=False (no β)', c.scale ? '' : 'scale=False (no γ)'].filter(Boolean).join(', ');
        built.helpers.push('KerasBatchNorm');
        built.parts.push({
          name: 'bn', code: `KerasBatchNorm(${size}, dim=${dim}, ${eps}, ${momentum}, center=${c.center ? 'True' : 'False'}, scale=${c.scale ? 'True' : 'False'})`,
          why: `Keras's BatchNormalization(${what}); ${why}`,
        });
        prefix = 'bn';
      }
      // Keras's weight order (layout.ts weightLayout): gamma, beta, moving mean, moving variance.
      if (c.scale) built.weights.push({ key: `${l.name}/gamma`, target: `${prefix}.weight`, layout: 'copy' });
      if (c.center) built.weights.push({ key: `${l.name}/beta`, target: `${prefix}.bias`, layout: 'copy' });
      built.weights.push(
        { key: `${l.name}/moving_mean`, target: `${prefix}.running_mean`, layout: 'copy' },
        { key: `${l.name}/moving_variance`, target: `${prefix}.running_var`, layout: 'copy' },
      );
      break;
    }
    case 'normalize': {
      built.helpers.push('KerasNormalization');
      const at = batchnormAxis(c, input);
      // The normalized axis in PyTorch's layout: an image (H, W, C) lives as (N, C, H, W).
      const dim = image ? [2, 3, 1][at] : at + 1;
      if (c.mean !== undefined && c.variance !== undefined) {
        built.parts.push({ name: 'norm', code: `KerasNormalization(${input[at]}, dim=${dim}, mean=${pyFloat(c.mean)}, variance=${pyFloat(c.variance)})`, why: "Keras's Normalization with fixed statistics: no weights" });
      } else {
        built.parts.push({ name: 'norm', code: `KerasNormalization(${input[at]}, dim=${dim})`, why: "Keras's Normalization: mean and variance per entry from adapt() on the training split (adapt_normalization), plus Keras's count" });
      }
      break;
    }
    case 'activation':
      activationParts(c.activation, input, built, l.name);
      if (built.parts.length === 0) built.parts.push({ name: 'act', code: 'nn.Identity()', why: 'linear' });
      break;
    default: {
      const unknown: never = c;
      built.parts.push({ name: 'unknown', code: 'nn.Identity()', why: `layer kind ${(unknown as LayerConfig).kind} is not known to the exporter` });
    }
  }
  return built;
}

/** Python-safe, unique ModuleDict keys for the layers' names. */
function moduleKeys(layers: readonly LayerInfo[]): string[] {
  const seen = new Set<string>();
  return layers.map((l) => {
    let key = l.name.replace(/[^A-Za-z0-9_]/g, '_') || 'layer';
    while (seen.has(key)) key += '_';
    seen.add(key);
    return key;
  });
}

function describeLayer(l: LayerInfo): string {
  const frozen = isFrozen(l) ? ', frozen (trainable=False)' : '';
  return `# ${l.name} (${l.kerasClass}): ${kerasShape(l.outputShape!)}, ${l.params.toLocaleString('en-US')} params${frozen}`;
}

/** The whole script's text for an exportable analysis. */
function script(a: ExportableAnalysis, options: ExportOptions): string {
  const s = withDefaults(options.settings);
  const keys = moduleKeys(a.layers);
  const builtLayers = a.layers.map(buildLayer);
  const helpers = new Set(builtLayers.flatMap((b) => b.helpers));
  const image = a.input.shape.length === 3;
  const stem = specStem(options.specName);
  const dataset = datasetFor(a, s);
  const samples = s.samples ?? (dataset === 'mnist' || dataset === 'cifar' ? 0 : dataset === 'shapes' ? 1200 : 600);
  const last = a.layers[a.layers.length - 1].outputShape!;
  const lines: string[] = [];
  const out = (text = '') => lines.push(text);

  out('#!/usr/bin/env python3');
  out(`"""${stem}: a PyTorch model exported by NetLens from ${options.specName}.`);
  out('');
  out('It means exactly what NetLens shows: each layer\'s output shape and parameter counts equal');
  out('`netlens summary`, and where PyTorch differs from Keras the difference is written out below.');
  out('');
  out(`    python3 ${stem}.py --summary`.padEnd(46) + '  # the summary, then exit');
  out(`    python3 ${stem}.py --steps 2`.padEnd(46) + '  # two training steps on generated data');
  out(`    python3 ${stem}.py`.padEnd(46) + '  # train with the exported settings');
  out(`    torchrun --nproc_per_node=4 ${stem}.py`.padEnd(46) + '  # DistributedDataParallel on 4 GPUs (or CPU processes)');
  out(`    python3 ${stem}.py --weights trained.npz`.padEnd(46) + '  # start from weights in Keras names and layout');
  out('"""');
  out('# %%');
  out('import argparse');
  out('import hashlib');
  out('import json');
  out('import math');
  out('import os');
  out('import time');
  out('from collections import OrderedDict');
  out('');
  out('import numpy as np');
  out('import torch');
  out('import torch.distributed as dist');
  out('import torch.nn as nn');
  out('import torch.nn.functional as F');
  out('from torch.nn.parallel import DistributedDataParallel as DDP');
  out('from torch.utils.data import DataLoader, TensorDataset');
  out('from torch.utils.data.distributed import DistributedSampler');
  out('');
  out(`MODEL_NAME = ${pyString(stem)}`);
  out(`INPUT_SHAPE = ${pyTuple(a.input.shape)}  # Keras order${image ? ': height, width, channels' : ''}`);
  out(`NUM_CLASSES = ${classCount(a)}`);
  const loss = lossMode(a.layers);
  out(`LOSS = ${pyString(loss)}  # ${loss === 'softmax' ? 'the model ends in softmax: cross-entropy on its probabilities' : loss === 'sigmoid' ? 'one sigmoid unit: binary cross-entropy' : 'no softmax at the end: the outputs are logits, trained with softmax cross-entropy'}`);
  out('EPSILON = 1e-7  # Keras\'s backend epsilon');
  out(`TRAINABLE = ${last.length === 1 ? 'True' : 'False'}  # one score per class comes out`);
  out('SETTINGS = {  # the Train panel\'s settings; the command line overrides them');
  out(`    'dataset': ${pyString(dataset)}, 'samples': ${samples}, 'optimizer': ${pyString(s.optimizer)}, 'lr': ${pyFloat(s.learningRate)},`);
  out(`    'batch_size': ${s.batchSize}, 'epochs': ${s.epochs}, 'validation_split': ${pyFloat(s.validationSplit)}, 'seed': ${s.seed},`);
  out(`    'normalize': ${pyString(s.normalize ?? 'off')}, 'normalize_channels': ${s.normalizeChannels ?? a.input.shape[a.input.shape.length - 1]},`);
  out(`    'weight_decay': ${pyFloat(s.weightDecay ?? 0)},  # decoupled (AdamW-style): w *= 1 - lr * weight_decay before each step`);
  out(`    'augment': ${s.augment ? `{'flip': ${s.augment.flip ? 'True' : 'False'}, 'shift': ${s.augment.shift}}` : 'None'},  # random flips/shifts of training images`);
  out(`    'early_stopping': ${s.earlyStopping ? `{'patience': ${s.earlyStopping.patience}, 'min_delta': ${pyFloat(s.earlyStopping.minDelta)}}` : 'None'},  # on validation loss; the best epoch's weights come back`);
  for (const line of settingsLines(s)) out(line);
  out('}');
  out(defaultsBlock());
  out('');
  out('# %%');
  out('# ---- modules PyTorch lacks or defines differently from Keras --------------------------------');
  for (const name of Object.keys(PY_TORCH_HELPERS)) if (helpers.has(name)) out(PY_TORCH_HELPERS[name].trim() + '\n\n');
  out(PY_TORCH_CORE.trim());
  out('');
  out('');
  out('# %%');
  out('# ---- the model -----------------------------------------------------------------------------');
  out('# (key in Model.layers, name as NetLens and Keras show it, Keras class)');
  out('LAYERS = [');
  a.layers.forEach((l, i) => out(`    (${pyString(keys[i])}, ${pyString(l.name)}, ${pyString(l.kerasClass)}),`));
  out(']');
  out('');
  out('');
  out('class Model(nn.Module):');
  out(`    """${stem}: ${a.totalParams.toLocaleString('en-US')} params (${a.trainableParams.toLocaleString('en-US')} trainable)."""`);
  out('');
  out('    def __init__(self):');
  out('        super().__init__()');
  out('        self.layers = nn.ModuleDict()');
  a.layers.forEach((l, i) => {
    const b = builtLayers[i];
    out(`        ${describeLayer(l)}`);
    out(`        self.layers[${pyString(keys[i])}] = nn.Sequential(OrderedDict([`);
    for (const p of b.parts) out(`            (${pyString(p.name)}, ${p.code}),${p.why ? `  # ${p.why}` : ''}`);
    out('        ]))');
    if (isFrozen(l)) out(`        self.layers[${pyString(keys[i])}].requires_grad_(False)`);
  });
  out('        self.reset_parameters()');
  out('');
  out('    def reset_parameters(self):');
  out('        """Keras\'s initializers (kernel as the spec says, glorot_uniform by default; biases 0)."""');
  let anyInit = false;
  a.layers.forEach((_l, i) => {
    const b = builtLayers[i];
    if (b.init.length === 0) return;
    anyInit = true;
    out(`        L = self.layers[${pyString(keys[i])}]`);
    for (const line of b.init) out(`        ${line}`);
  });
  if (!anyInit) out('        pass');
  out('');
  const frozen = a.layers.map((l, i) => (isFrozen(l) ? keys[i] : undefined)).filter((k): k is string => k !== undefined);
  if (frozen.length > 0) {
    out('    def train(self, mode=True):');
    out('        """Keras runs a layer with trainable=False in inference mode (a frozen BatchNormalization keeps');
    out('        normalizing with its moving statistics), so those layers stay in eval mode."""');
    out('        super().train(mode)');
    out(`        for key in (${frozen.map(pyString).join(', ')}${frozen.length === 1 ? ',' : ''}):`);
    out('            self.layers[key].eval()');
    out('        return self');
    out('');
  }
  out('    def forward(self, x):');
  if (image) out('        x = x.permute(0, 3, 1, 2)  # images arrive channels-last (N, H, W, C), as Keras and NetLens hold them');
  out('        for layer in self.layers.values():');
  out('            x = layer(x)');
  out('        return x');
  out('');
  out('');
  out('# (key in the .npz, in Keras\'s names and layout; entry of Model.state_dict(); layout change)');
  out('WEIGHTS = [');
  a.layers.forEach((_l, i) => {
    for (const w of builtLayers[i].weights) out(`    (${pyString(w.key)}, ${pyString(`layers.${keys[i]}.${w.target}`)}, ${pyString(w.layout)}),`);
  });
  out(']');
  out('');
  const adapted = new Set(adaptedNormalizations(a.layers));
  out('# The Normalization layers (keys in Model.layers) whose mean and variance adapt_normalization() fits on the training split');
  out(`NORMALIZATION = [${a.layers.map((l, i) => (adapted.has(l) ? pyString(keys[i]) : undefined)).filter(Boolean).join(', ')}]`);
  out('');
  out('# (entry of Model.state_dict(), L1 strength, L2 strength): the spec\'s weight penalties, added to the loss');
  const penalties: string[] = [];
  a.layers.forEach((l, i) => {
    const regs = layerRegularizers(l.config);
    for (const w of builtLayers[i].weights) {
      const r = w.key.endsWith('/kernel') ? regs.kernel : w.key.endsWith('/bias') ? regs.bias : undefined;
      if (r) penalties.push(`    (${pyString(`layers.${keys[i]}.${w.target}`)}, ${pyFloat(r.l1)}, ${pyFloat(r.l2)}),`);
    }
  });
  if (penalties.length === 0) out('REGULARIZERS = []');
  else {
    out('REGULARIZERS = [');
    for (const p of penalties) out(p);
    out(']');
  }
  for (const line of scriptTail(PY_TORCH_TRAIN, '# ---- training: one process, or DistributedDataParallel under torchrun -----------------------', options.forNotebook)) out(line);
  return lines.join('\n') + '\n';
}

/** The PyTorch script for a spec's analysis, or the reasons it cannot be exported. */
export function exportPyTorch(a: Analysis, options: ExportOptions): ExportResult {
  const refused = refusal(a, options.specName);
  if (refused) return { ok: false, ...refused };
  return { ok: true, text: script(a as ExportableAnalysis, options), fileName: `${specStem(options.specName)}.py` };
}
