/**
 * Builds a tf.LayersModel from the core engine's layer list. Every mapping decision lives in
 * `planLayers` (pure, unit-tested in Node without TF.js); `buildModel` only instantiates the plan.
 *
 * Decisions that are not one-to-one with Keras:
 * - explicit integer padding (the lecture's P) becomes ZeroPadding2D followed by a `valid`
 *   conv/pool, which is exactly what P means in O = (I + 2P − F)/S + 1;
 * - maxout(units, pieces) is a Dense of units·pieces followed by a max over the pieces
 *   (custom `Maxout` layer), so its parameters are pieces·(in·units + units);
 * - activations TF.js layers cannot take as an `activation` string (leaky_relu, prelu, elu with
 *   its alpha, exponential, ...) become a separate layer right after the weighted one.
 */
import * as tf from '@tensorflow/tfjs';
import type { ActivationSpec, InitializerSpec, LayerConfig } from '../../src/core/types';
import type { TrainLayer } from '../../src/protocol/train';

/** One TF.js layer to create; `owner` is the index of the spec layer it belongs to. */
export type PlannedLayer =
  | { op: 'zeroPadding2d'; owner: number; padding: [[number, number], [number, number]] }
  | { op: 'conv2d'; owner: number; filters: number; kernelSize: [number, number]; strides: [number, number];
      padding: 'valid' | 'same'; dilationRate: [number, number]; activation: TfActivation; useBias: boolean; init: InitializerSpec }
  | { op: 'maxPooling2d' | 'averagePooling2d'; owner: number; poolSize: [number, number]; strides: [number, number]; padding: 'valid' | 'same' }
  | { op: 'globalAveragePooling2d' | 'globalMaxPooling2d' | 'flatten'; owner: number }
  | { op: 'dense'; owner: number; units: number; activation: TfActivation; useBias: boolean; init: InitializerSpec }
  | { op: 'maxout'; owner: number; units: number; pieces: number }
  | { op: 'dropout'; owner: number; rate: number }
  | { op: 'batchNormalization'; owner: number; momentum: number; epsilon: number }
  | { op: 'activation'; owner: number; activation: TfActivation }
  | { op: 'leakyReLU'; owner: number; alpha: number }
  | { op: 'prelu'; owner: number }
  | { op: 'elu'; owner: number; alpha: number }
  | { op: 'exponential'; owner: number };

/** Activation identifiers TF.js layers accept in their `activation` option. */
export type TfActivation =
  | 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'selu' | 'gelu' | 'swish' | 'softplus' | 'softsign' | 'hardSigmoid' | 'relu6';

const TF_ACTIVATION: Partial<Record<ActivationSpec['name'], TfActivation>> = {
  linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax', selu: 'selu', gelu: 'gelu',
  silu: 'swish', softplus: 'softplus', softsign: 'softsign', hard_sigmoid: 'hardSigmoid', relu6: 'relu6',
};

/**
 * Splits an activation into the string a weighted layer takes and an optional layer to append.
 * elu with the default alpha 1 stays a string; any other alpha needs the ELU layer.
 */
export function splitActivation(act: ActivationSpec, owner: number): { inline: TfActivation; after?: PlannedLayer } {
  switch (act.name) {
    case 'leaky_relu':
      return { inline: 'linear', after: { op: 'leakyReLU', owner, alpha: act.alpha ?? 0.01 } };
    case 'prelu':
      return { inline: 'linear', after: { op: 'prelu', owner } };
    case 'elu':
      return { inline: 'linear', after: { op: 'elu', owner, alpha: act.alpha ?? 1 } };
    case 'exponential':
      return { inline: 'linear', after: { op: 'exponential', owner } };
    default: {
      const inline = TF_ACTIVATION[act.name];
      if (!inline) throw new Error(`activation "${act.name}" has no TF.js equivalent`);
      return { inline };
    }
  }
}

function isZeroPadding(p: [[number, number], [number, number]]): boolean {
  return p[0][0] === 0 && p[0][1] === 0 && p[1][0] === 0 && p[1][1] === 0;
}

/** The TF.js layers for the spec's layers, in order (pure: no TF.js calls). */
export function planLayers(configs: readonly LayerConfig[]): PlannedLayer[] {
  const plan: PlannedLayer[] = [];
  configs.forEach((c, owner) => {
    switch (c.kind) {
      case 'input':
        throw new Error('the input line is not a layer: pass layers only');
      case 'conv2d': {
        let padding: 'valid' | 'same';
        if (typeof c.padding === 'string') padding = c.padding;
        else {
          if (!isZeroPadding(c.padding)) plan.push({ op: 'zeroPadding2d', owner, padding: c.padding });
          padding = 'valid';
        }
        const act = splitActivation(c.activation, owner);
        plan.push({ op: 'conv2d', owner, filters: c.filters, kernelSize: c.kernel, strides: c.strides, padding,
          dilationRate: c.dilation, activation: act.inline, useBias: c.useBias, init: c.init });
        if (act.after) plan.push(act.after);
        return;
      }
      case 'maxpool2d':
      case 'avgpool2d': {
        let padding: 'valid' | 'same';
        if (typeof c.padding === 'string') padding = c.padding;
        else {
          if (!isZeroPadding(c.padding)) plan.push({ op: 'zeroPadding2d', owner, padding: c.padding });
          padding = 'valid';
        }
        plan.push({ op: c.kind === 'maxpool2d' ? 'maxPooling2d' : 'averagePooling2d', owner, poolSize: c.pool, strides: c.strides, padding });
        return;
      }
      case 'globalavgpool2d':
        plan.push({ op: 'globalAveragePooling2d', owner });
        return;
      case 'globalmaxpool2d':
        plan.push({ op: 'globalMaxPooling2d', owner });
        return;
      case 'flatten':
        plan.push({ op: 'flatten', owner });
        return;
      case 'zeropad2d':
        plan.push({ op: 'zeroPadding2d', owner, padding: c.padding });
        return;
      case 'dense': {
        const act = splitActivation(c.activation, owner);
        plan.push({ op: 'dense', owner, units: c.units, activation: act.inline, useBias: c.useBias, init: c.init });
        if (act.after) plan.push(act.after);
        return;
      }
      case 'maxout':
        plan.push({ op: 'dense', owner, units: c.units * c.pieces, activation: 'linear', useBias: true, init: c.init });
        plan.push({ op: 'maxout', owner, units: c.units, pieces: c.pieces });
        return;
      case 'dropout':
        plan.push({ op: 'dropout', owner, rate: c.rate });
        return;
      case 'batchnorm':
        plan.push({ op: 'batchNormalization', owner, momentum: c.momentum, epsilon: c.epsilon });
        return;
      case 'activation': {
        const act = splitActivation(c.activation, owner);
        plan.push(act.after ?? { op: 'activation', owner, activation: act.inline });
        return;
      }
    }
  });
  return plan;
}

/** Maps the spec's initializer to TF.js's, seeded so runs (and backend races) are comparable. */
export function makeInitializer(init: InitializerSpec, seed?: number): ReturnType<typeof tf.initializers.zeros> {
  switch (init.name) {
    case 'zeros': return tf.initializers.zeros();
    case 'ones': return tf.initializers.ones();
    case 'normal': return tf.initializers.randomNormal({ mean: 0, stddev: init.std, seed });
    case 'uniform': return tf.initializers.randomUniform({ minval: -init.limit, maxval: init.limit, seed });
    case 'glorot_normal': return tf.initializers.glorotNormal({ seed });
    case 'glorot_uniform': return tf.initializers.glorotUniform({ seed });
    case 'he_normal': return tf.initializers.heNormal({ seed });
    case 'he_uniform': return tf.initializers.heUniform({ seed });
    case 'lecun_normal': return tf.initializers.leCunNormal({ seed });
    case 'lecun_uniform': return tf.initializers.leCunUniform({ seed });
  }
}

/** max over `pieces` groups of a Dense(units·pieces) output: Goodfellow et al.'s maxout unit. */
export class Maxout extends tf.layers.Layer {
  static className = 'NetLensMaxout';
  readonly units: number;
  readonly pieces: number;
  constructor(config: { units: number; pieces: number; name?: string }) {
    super({ name: config.name });
    this.units = config.units;
    this.pieces = config.pieces;
  }
  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.units];
  }
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const lead = x.shape.slice(0, -1);
      // Keras-style maxout layout: unit u's pieces are adjacent ([.., units, pieces]).
      return tf.max(tf.reshape(x, [...lead, this.units, this.pieces]), -1);
    });
  }
  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, pieces: this.pieces };
  }
}

/** e^x as a layer (TF.js has no 'exponential' activation string). */
export class Exponential extends tf.layers.Layer {
  static className = 'NetLensExponential';
  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.exp(Array.isArray(inputs) ? inputs[0] : inputs));
  }
}
tf.serialization.registerClass(Maxout);
tf.serialization.registerClass(Exponential);

export interface BuiltModel {
  model: tf.Sequential;
  /** For each spec layer, the TF.js layers that implement it (last one gives the output shape). */
  groups: tf.layers.Layer[][];
}

function instantiate(p: PlannedLayer, name: string, seed: number | undefined): tf.layers.Layer {
  switch (p.op) {
    case 'zeroPadding2d': return tf.layers.zeroPadding2d({ padding: p.padding, name });
    case 'conv2d':
      return tf.layers.conv2d({ filters: p.filters, kernelSize: p.kernelSize, strides: p.strides, padding: p.padding,
        dilationRate: p.dilationRate, activation: p.activation, useBias: p.useBias,
        kernelInitializer: makeInitializer(p.init, seed), name });
    case 'maxPooling2d': return tf.layers.maxPooling2d({ poolSize: p.poolSize, strides: p.strides, padding: p.padding, name });
    case 'averagePooling2d': return tf.layers.averagePooling2d({ poolSize: p.poolSize, strides: p.strides, padding: p.padding, name });
    case 'globalAveragePooling2d': return tf.layers.globalAveragePooling2d({ name });
    case 'globalMaxPooling2d': return tf.layers.globalMaxPooling2d({ name });
    case 'flatten': return tf.layers.flatten({ name });
    case 'dense':
      return tf.layers.dense({ units: p.units, activation: p.activation, useBias: p.useBias,
        kernelInitializer: makeInitializer(p.init, seed), name });
    case 'maxout': return new Maxout({ units: p.units, pieces: p.pieces, name });
    case 'dropout': return tf.layers.dropout({ rate: p.rate, name, seed });
    case 'batchNormalization': return tf.layers.batchNormalization({ momentum: p.momentum, epsilon: p.epsilon, name });
    case 'activation': return tf.layers.activation({ activation: p.activation, name });
    case 'leakyReLU': return tf.layers.leakyReLU({ alpha: p.alpha, name });
    case 'prelu': return tf.layers.prelu({ name });
    case 'elu': return tf.layers.elu({ alpha: p.alpha, name });
    case 'exponential': return new Exponential({ name });
  }
}

let modelCounter = 0;

/**
 * Instantiates the plan on the current backend. Layer names follow the spec's (conv2d, dense_1,
 * ...), with `_partK` for helper layers, and a per-build suffix so names never collide.
 */
export function buildModel(inputShape: number[], layers: readonly TrainLayer[], seed?: number): BuiltModel {
  const plan = planLayers(layers.map((l) => l.config));
  const build = ++modelCounter;
  const model = tf.sequential({ name: `netlens_${build}` });
  model.add(tf.layers.inputLayer({ inputShape, name: `input_${build}` }));
  const groups: tf.layers.Layer[][] = layers.map(() => []);
  // Seeds differ per layer but the sequence is fixed by `seed`: the same model every build.
  let layerSeed = seed;
  for (const p of plan) {
    const k = groups[p.owner].length;
    const layer = instantiate(p, `${layers[p.owner].name}${k ? `_part${k}` : ''}_m${build}`, layerSeed);
    if (layerSeed !== undefined) layerSeed += 1;
    model.add(layer);
    groups[p.owner].push(layer);
  }
  return { model, groups };
}

/** Per spec layer: the TF.js output shape (batch axis dropped) and parameter count. */
export function describeBuilt(built: BuiltModel): { outputShape: number[]; params: number }[] {
  return built.groups.map((group) => {
    const last = group[group.length - 1];
    const shape = last.outputShape as (number | null)[];
    return {
      outputShape: shape.slice(1).map((d) => d ?? -1),
      params: group.reduce((s, l) => s + l.countParams(), 0),
    };
  });
}
