/**
 * Writes a spec as a runnable Keras 3 script. The model's lines are Keras calls that NetLens
 * itself reads: pasted into a .netspec they give the same summary (the round trip is tested).
 * Where Keras has no call for what the spec says, a small helper of the same name keeps the line
 * readable by both (Maxout, explicit padding, activations with a parameter).
 */
import type { ActivationSpec, Analysis, InitializerSpec, LayerConfig, LayerInfo, RegularizerSpec } from '../../core/types';
import {
  adaptedNormalizations, classCount, datasetFor, type ExportableAnalysis, type ExportResult, isFrozen, lossMode, pyFloat, pyString, pyTuple, refusal, specStem, weightLayout,
} from './layout';
import type { ExportOptions } from './pytorch';
import { scriptTail } from './pythonData';
import { defaultsBlock, settingsLines } from './optimizerScript';
import { PY_KERAS_HELPERS, PY_KERAS_TRAIN } from './kerasRuntime';
import { withDefaults } from './settings';

/** Marks the model's lines, so a reader (and the round-trip test) can lift them into a .netspec. */
export const KERAS_MODEL_BEGIN = '# ---- NetLens model: these lines, pasted into a .netspec, give the same summary ----';
export const KERAS_MODEL_END = '# ---- end of the NetLens model ----';

/** Activation names Keras 3 accepts as strings with NetLens's meaning. */
const KERAS_STRINGS = new Set<ActivationSpec['name']>(['relu', 'sigmoid', 'tanh', 'softmax', 'selu', 'gelu', 'silu', 'softplus', 'softsign', 'relu6', 'exponential', 'linear']);

/**
 * An activation as a Keras `activation=` value, or undefined (with the reason in `problems`) when
 * no value NetLens reads back means the same: a capped ReLU or a PReLU with shared axes exist
 * only as layers (ReLU(max_value=...), PReLU(shared_axes=...)), which layerCall writes instead.
 */
function activationExpr(act: ActivationSpec, helpers: Set<string>, problems: string[]): string | undefined {
  if (act.name === 'relu' && act.maxValue !== undefined) {
    problems.push(`a ReLU capped at ${act.maxValue} as a layer's activation has no Keras spelling; write it as its own layer, ReLU(max_value=${act.maxValue})`);
    return undefined;
  }
  if (act.name === 'prelu' && (act.sharedAxes ?? []).length > 0) {
    problems.push(`a PReLU with shared_axes as a layer's activation has no Keras spelling; write it as its own layer, PReLU(shared_axes=[${act.sharedAxes!.join(', ')}])`);
    return undefined;
  }
  if (KERAS_STRINGS.has(act.name)) return pyString(act.name);
  switch (act.name) {
    case 'leaky_relu':
      // Keras 3's 'leaky_relu' string is activations.leaky_relu's 0.2: NetLens reads it back so.
      if (act.alphaDefault === 'keras-activation') return "'leaky_relu'";
      helpers.add('leaky_relu');
      return `leaky_relu(${pyFloat(act.alpha ?? 0.01)})`;
    case 'elu':
      if ((act.alpha ?? 1) === 1) return "'elu'";
      helpers.add('elu');
      return `elu(${pyFloat(act.alpha!)})`;
    case 'prelu':
      helpers.add('prelu');
      return 'prelu()';
    case 'hard_sigmoid':
      helpers.add('hard_sigmoid');
      return 'hard_sigmoid()';
    default:
      return pyString(act.name);
  }
}

function initializerExpr(init: InitializerSpec, imports: Set<string>): string | undefined {
  switch (init.name) {
    case 'glorot_uniform':
      return undefined; // Keras's default
    case 'normal':
      imports.add('RandomNormal');
      return `RandomNormal(stddev=${pyFloat(init.std)})`;
    case 'uniform':
      imports.add('RandomUniform');
      return `RandomUniform(minval=${pyFloat(-init.limit)}, maxval=${pyFloat(init.limit)})`;
    default:
      return pyString(init.name);
  }
}

const pad2 = (p: [[number, number], [number, number]]) => `((${p[0][0]}, ${p[0][1]}), (${p[1][0]}, ${p[1][1]}))`;

/** keras.regularizers.L2(λ), L1(λ) or L1L2(l1=…, l2=…): the same penalty the spec says. */
function regularizerExpr(r: RegularizerSpec): string {
  if (r.l1 === 0) return `keras.regularizers.L2(${pyFloat(r.l2)})`;
  if (r.l2 === 0) return `keras.regularizers.L1(${pyFloat(r.l1)})`;
  return `keras.regularizers.L1L2(l1=${pyFloat(r.l1)}, l2=${pyFloat(r.l2)})`;
}

/** One layer as a Keras call (without the trailing comma). */
function layerCall(l: LayerInfo, helpers: Set<string>, imports: Set<string>, problems: string[]): string {
  const c: LayerConfig = l.config;
  const args: string[] = [];
  const act = (a: ActivationSpec) => {
    if (a.name !== 'linear') args.push(`activation=${activationExpr(a, helpers, problems)}`);
  };
  const init = (i: InitializerSpec) => {
    const e = initializerExpr(i, imports);
    if (e) args.push(`kernel_initializer=${e}`);
  };
  const regularizers = (kernel: RegularizerSpec | undefined, bias?: RegularizerSpec) => {
    if (kernel) args.push(`kernel_regularizer=${regularizerExpr(kernel)}`);
    if (bias) args.push(`bias_regularizer=${regularizerExpr(bias)}`);
  };
  let callee: string;
  switch (c.kind) {
    case 'input':
      return `layers.Input(shape=${pyTuple(c.shape)})`;
    case 'conv2d': {
      const explicit = typeof c.padding !== 'string';
      if (explicit) helpers.add('padded');
      callee = explicit ? 'Conv2D' : 'layers.Conv2D';
      args.push(String(c.filters), `kernel_size=${pyTuple(c.kernel)}`, `strides=${pyTuple(c.strides)}`);
      args.push(`padding=${typeof c.padding === 'string' ? pyString(c.padding) : pad2(c.padding)}`);
      if (c.dilation[0] !== 1 || c.dilation[1] !== 1) args.push(`dilation_rate=${pyTuple(c.dilation)}`);
      act(c.activation);
      if (!c.useBias) args.push('use_bias=False');
      init(c.init);
      regularizers(c.regularizer, c.useBias ? c.biasRegularizer : undefined);
      break;
    }
    case 'maxpool2d':
    case 'avgpool2d': {
      const explicit = typeof c.padding !== 'string';
      if (explicit) helpers.add('padded');
      const cls = c.kind === 'maxpool2d' ? 'MaxPooling2D' : 'AveragePooling2D';
      callee = explicit ? cls : `layers.${cls}`;
      args.push(`pool_size=${pyTuple(c.pool)}`, `strides=${pyTuple(c.strides)}`, `padding=${typeof c.padding === 'string' ? pyString(c.padding) : pad2(c.padding)}`);
      break;
    }
    case 'globalavgpool2d':
      callee = 'layers.GlobalAveragePooling2D';
      break;
    case 'globalmaxpool2d':
      callee = 'layers.GlobalMaxPooling2D';
      break;
    case 'flatten':
      callee = 'layers.Flatten';
      break;
    case 'zeropad2d':
      callee = 'layers.ZeroPadding2D';
      args.push(`padding=${pad2(c.padding)}`);
      break;
    case 'dense':
      callee = 'layers.Dense';
      args.push(String(c.units));
      act(c.activation);
      if (!c.useBias) args.push('use_bias=False');
      init(c.init);
      regularizers(c.regularizer, c.useBias ? c.biasRegularizer : undefined);
      break;
    case 'maxout':
      helpers.add('Maxout');
      callee = 'Maxout';
      args.push(String(c.units), `pieces=${c.pieces}`);
      init(c.init);
      regularizers(c.regularizer);
      break;
    case 'dropout':
      callee = 'layers.Dropout';
      args.push(pyFloat(c.rate));
      break;
    case 'batchnorm':
      callee = 'layers.BatchNormalization';
      if (c.axis !== -1) args.push(`axis=${c.axis}`);
      args.push(`momentum=${pyFloat(c.momentum)}`, `epsilon=${pyFloat(c.epsilon)}`);
      if (!c.center) args.push('center=False');
      if (!c.scale) args.push('scale=False');
      break;
    case 'normalize':
      callee = 'layers.Normalization';
      if (c.axis !== -1) args.push(`axis=${c.axis}`);
      // Without mean= and variance= the script calls adapt() on the training split (adapt_normalization).
      if (c.mean !== undefined && c.variance !== undefined) args.push(`mean=${pyFloat(c.mean)}`, `variance=${pyFloat(c.variance)}`);
      break;
    case 'activation': {
      const a = c.activation;
      switch (l.kerasClass) {
        case 'ReLU':
          // keras/src/layers/activations/relu.py: ReLU(max_value, negative_slope); ReLU(6.) is relu6.
          callee = 'layers.ReLU';
          if (a.name === 'relu6') args.push('max_value=6.0');
          else if (a.name === 'relu' && a.maxValue !== undefined) args.push(`max_value=${pyFloat(a.maxValue)}`);
          else if (a.name === 'leaky_relu') args.push(`negative_slope=${pyFloat(a.alpha ?? 0)}`);
          else if (a.name !== 'relu') problems.push(`a ReLU layer computing ${a.name} has no Keras spelling`);
          break;
        case 'Softmax': callee = 'layers.Softmax'; break;
        case 'PReLU':
          callee = 'layers.PReLU';
          if ((a.sharedAxes ?? []).length > 0) args.push(`shared_axes=[${a.sharedAxes!.join(', ')}]`);
          break;
        case 'LeakyReLU':
          callee = 'layers.LeakyReLU';
          // A pasted LeakyReLU() stays so (Keras's 0.3, read back as that default); any other slope is written.
          if (a.alphaDefault !== 'keras-layer') args.push(`negative_slope=${pyFloat(a.alpha ?? 0.01)}`);
          break;
        case 'ELU': callee = 'layers.ELU'; args.push(`alpha=${pyFloat(a.alpha ?? 1)}`); break;
        default: {
          callee = 'layers.Activation';
          const e = activationExpr(a, helpers, problems);
          if (e) args.push(e);
        }
      }
      break;
    }
    default: {
      const unknown: never = c;
      return `# layer kind ${(unknown as LayerConfig).kind} is not known to the exporter`;
    }
  }
  if (isFrozen(l)) args.push('trainable=False');
  args.push(`name=${pyString(l.name)}`);
  return `${callee}(${args.join(', ')})`;
}

function script(a: ExportableAnalysis, options: ExportOptions): string {
  const s = withDefaults(options.settings);
  const stem = specStem(options.specName);
  const helpers = new Set<string>();
  const imports = new Set<string>();
  const modelLines = [layerCall({ config: { kind: 'input', shape: a.input.shape } } as LayerInfo, helpers, imports, []), ...a.layers.map((l) => layerCall(l, helpers, imports, []))];
  const dataset = datasetFor(a, s);
  const samples = s.samples ?? (dataset === 'mnist' || dataset === 'cifar' ? 0 : dataset === 'shapes' ? 1200 : 600);
  const last = a.layers[a.layers.length - 1].outputShape!;
  const loss = lossMode(a.layers);
  const weights = new Map<string, string[]>();
  for (const w of weightLayout(a)) weights.set(w.layer, [...(weights.get(w.layer) ?? []), w.key]);

  const lines: string[] = [];
  const out = (text = '') => lines.push(text);
  out('#!/usr/bin/env python3');
  out(`"""${stem}: a Keras 3 model exported by NetLens from ${options.specName}.`);
  out('');
  out(`    python3 ${stem}_keras.py --summary`.padEnd(46) + '  # model.summary(), then exit');
  out(`    python3 ${stem}_keras.py --steps 2`.padEnd(46) + '  # two training steps on generated data');
  out(`    python3 ${stem}_keras.py`.padEnd(46) + '  # train with the exported settings');
  out(`    python3 ${stem}_keras.py --strategy mirrored`.padEnd(46) + '  # tf.distribute.MirroredStrategy on every visible GPU');
  out(`    python3 ${stem}_keras.py --weights trained.npz`.padEnd(46) + '  # start from weights saved by NetLens or the PyTorch script');
  out('"""');
  out('# %%');
  out('import argparse');
  out('import math');
  out('import os');
  out('');
  out('import keras');
  out('import numpy as np');
  out('from keras import layers');
  if (imports.size) out(`from keras.initializers import ${[...imports].sort().join(', ')}`);
  out('');
  out(`MODEL_NAME = ${pyString(stem.replace(/[^A-Za-z0-9_]/g, '_'))}`);
  out(`INPUT_SHAPE = ${pyTuple(a.input.shape)}`);
  out(`NUM_CLASSES = ${classCount(a)}`);
  out(`LOSS = ${pyString(loss)}`);
  out(`TRAINABLE = ${last.length === 1 ? 'True' : 'False'}`);
  out('SETTINGS = {  # the Train panel\'s settings; the command line overrides them');
  out(`    'dataset': ${pyString(dataset)}, 'samples': ${samples}, 'optimizer': ${pyString(s.optimizer)}, 'lr': ${pyFloat(s.learningRate)},`);
  out(`    'batch_size': ${s.batchSize}, 'epochs': ${s.epochs}, 'validation_split': ${pyFloat(s.validationSplit)}, 'seed': ${s.seed},`);
  out(`    'normalize': ${pyString(s.normalize ?? 'off')}, 'normalize_channels': ${s.normalizeChannels ?? a.input.shape[a.input.shape.length - 1]},`);
  out(`    'weight_decay': ${pyFloat(s.weightDecay ?? 0)},  # the optimizer's weight_decay=: decoupled, as in the Train panel`);
  out(`    'augment': ${s.augment ? `{'flip': ${s.augment.flip ? 'True' : 'False'}, 'shift': ${s.augment.shift}}` : 'None'},  # random flips/shifts of training images (see make_augmenter: not exact)`);
  out(`    'early_stopping': ${s.earlyStopping ? `{'patience': ${s.earlyStopping.patience}, 'min_delta': ${pyFloat(s.earlyStopping.minDelta)}}` : 'None'},  # see make_callbacks`);
  for (const line of settingsLines(s)) out(line);
  out('}');
  out(defaultsBlock());
  if (helpers.size) {
    out('');
    out('');
    out('# ---- helpers for what Keras has no call for --------------------------------------------------');
    for (const name of Object.keys(PY_KERAS_HELPERS)) if (helpers.has(name)) out(PY_KERAS_HELPERS[name].trim() + '\n\n');
  } else out('\n');
  out('# %%');
  out('def build_model():');
  out(`    """${a.totalParams.toLocaleString('en-US')} params (${a.trainableParams.toLocaleString('en-US')} trainable), as NetLens shows."""`);
  out('    return keras.Sequential([');
  out(`        ${KERAS_MODEL_BEGIN}`);
  for (const line of modelLines) out(`        ${line},`);
  out(`        ${KERAS_MODEL_END}`);
  out('    ], name=MODEL_NAME)');
  out('');
  out('');
  const adapted = adaptedNormalizations(a.layers).map((l) => pyString(l.name));
  out('# The Normalization layers whose mean and variance adapt() fits on the training split before training.');
  out(`NORMALIZATION = [${adapted.join(', ')}]`);
  out('');
  out('# Each layer\'s weights in the .npz (Keras names and layout), in get_weights() order.');
  out('WEIGHTS = {');
  for (const [layer, keys] of weights) out(`    ${pyString(layer)}: [${keys.map(pyString).join(', ')}],`);
  out('}');
  for (const line of scriptTail(PY_KERAS_TRAIN, undefined, options.forNotebook)) out(line);
  return lines.join('\n') + '\n';
}

/** The Keras script for a spec's analysis, or the reasons it cannot be exported. */
export function exportKeras(a: Analysis, options: ExportOptions): ExportResult {
  const refused = refusal(a, options.specName);
  if (refused) return { ok: false, ...refused };
  // Never a different model: a layer Keras cannot write as it is meant refuses the export.
  const problems = a.layers.flatMap((l) => {
    const found: string[] = [];
    layerCall(l, new Set(), new Set(), found);
    return found.map((m) => `${options.specName}:${l.line + 1}: ${l.name}: ${m}.`);
  });
  if (problems.length > 0) return { ok: false, message: `${options.specName} cannot be written as Keras code that means the same:\n${problems.join('\n')}`, diagnostics: [] };
  return { ok: true, text: script(a as ExportableAnalysis, options), fileName: `${specStem(options.specName)}_keras.py` };
}
