/**
 * Builds a tf.LayersModel from the core engine's layer list by instantiating the plan of
 * modelPlan.ts (where the mapping decisions live and are unit-tested).
 */
import * as tf from '@tensorflow/tfjs';
import type { InitializerSpec, RegularizerSpec } from '../../../src/core/types';
import { layerRegularizers } from '../../../src/core/regularization';
import { planLayers, type PlannedLayer } from './modelPlan';
import type { TrainLayer } from '../../../src/protocol/train';
import { Normalization } from './normalization';

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
/**
 * Batch normalization over the last axis without β (`center=False`) or γ (`scale=False`), as Keras
 * builds it. TF.js 4.22's own layer reads γ and β unconditionally while training
 * (tfjs-layers normalization.ts, normalizeBatchInTraining), so it cannot train that form. Weights
 * in Keras's order: gamma (with scale), beta (with center), moving_mean, moving_variance.
 */
export class PartialBatchNorm extends tf.layers.Layer {
  static className = 'NetLensPartialBatchNorm';
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;
  private movingMean!: tf.LayerVariable;
  private movingVariance!: tf.LayerVariable;
  constructor(config: { momentum: number; epsilon: number; center: boolean; scale: boolean; name?: string }) {
    super({ name: config.name });
    this.momentum = config.momentum;
    this.epsilon = config.epsilon;
    this.center = config.center;
    this.scale = config.scale;
  }
  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = [shape[shape.length - 1] as number];
    if (this.scale) this.gamma = this.addWeight('gamma', channels, 'float32', tf.initializers.ones());
    if (this.center) this.beta = this.addWeight('beta', channels, 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', channels, 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', channels, 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }
  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      // Constants stand in for the missing weight: TF.js's gradient tape fails on an absent input.
      const channels = [x.shape[x.rank - 1]];
      const gamma = this.gamma?.read() ?? tf.ones(channels);
      const beta = this.beta?.read() ?? tf.zeros(channels);
      if (!kwargs.training) return tf.batchNorm(x, this.movingMean.read(), this.movingVariance.read(), beta, gamma, this.epsilon);
      const { mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]);
      // Keras: moving = moving·momentum + batch·(1 − momentum), with the batch's (biased) variance.
      for (const [moving, batch] of [[this.movingMean, mean], [this.movingVariance, variance]] as const) {
        moving.write(tf.add(tf.mul(moving.read(), this.momentum), tf.mul(batch, 1 - this.momentum)));
      }
      return tf.batchNorm(x, mean, variance, beta, gamma, this.epsilon);
    });
  }
  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}

tf.serialization.registerClass(Maxout);
tf.serialization.registerClass(PartialBatchNorm);
tf.serialization.registerClass(Exponential);

export interface BuiltModel {
  model: tf.Sequential;
  /** For each spec layer, the TF.js layers that implement it (last one gives the output shape). */
  groups: tf.layers.Layer[][];
}

/** TF.js's L1L2 computes l1·Σ|w| + l2·Σw² (tfjs-layers regularizers.ts), Keras's penalty exactly. */
const tfRegularizer = (r: RegularizerSpec | undefined) => (r && (r.l1 !== 0 || r.l2 !== 0) ? tf.regularizers.l1l2({ l1: r.l1, l2: r.l2 }) : undefined);

/** The spec layer's penalties for the TF.js layer that holds its kernel (conv2d, dense, maxout's dense part). */
type LayerPenalties = ReturnType<typeof layerRegularizers>;

function instantiate(p: PlannedLayer, name: string, seed: number | undefined, reg: LayerPenalties = {}): tf.layers.Layer {
  const kernelRegularizer = tfRegularizer(reg.kernel);
  const biasRegularizer = tfRegularizer(reg.bias);
  const penalties = { ...(kernelRegularizer ? { kernelRegularizer } : {}), ...(biasRegularizer ? { biasRegularizer } : {}) };
  switch (p.op) {
    case 'zeroPadding2d': return tf.layers.zeroPadding2d({ padding: p.padding, name });
    case 'conv2d':
      return tf.layers.conv2d({ filters: p.filters, kernelSize: p.kernelSize, strides: p.strides, padding: p.padding,
        dilationRate: p.dilationRate, activation: p.activation, useBias: p.useBias,
        kernelInitializer: makeInitializer(p.init, seed), ...penalties, name });
    case 'maxPooling2d': return tf.layers.maxPooling2d({ poolSize: p.poolSize, strides: p.strides, padding: p.padding, name });
    case 'averagePooling2d': return tf.layers.averagePooling2d({ poolSize: p.poolSize, strides: p.strides, padding: p.padding, name });
    case 'globalAveragePooling2d': return tf.layers.globalAveragePooling2d({ name });
    case 'globalMaxPooling2d': return tf.layers.globalMaxPooling2d({ name });
    case 'flatten': return tf.layers.flatten({ name });
    case 'dense':
      return tf.layers.dense({ units: p.units, activation: p.activation, useBias: p.useBias,
        kernelInitializer: makeInitializer(p.init, seed), ...penalties, name });
    case 'maxout': return new Maxout({ units: p.units, pieces: p.pieces, name });
    case 'dropout': return tf.layers.dropout({ rate: p.rate, name, seed });
    case 'batchNormalization':
      if (!p.center || !p.scale) return new PartialBatchNorm({ momentum: p.momentum, epsilon: p.epsilon, center: p.center, scale: p.scale, name });
      return tf.layers.batchNormalization({ momentum: p.momentum, epsilon: p.epsilon, axis: p.axis, center: p.center, scale: p.scale, name });
    case 'activation': return tf.layers.activation({ activation: p.activation, name });
    case 'leakyReLU': return tf.layers.leakyReLU({ alpha: p.alpha, name });
    case 'prelu': return tf.layers.prelu({ sharedAxes: p.sharedAxes.length ? p.sharedAxes : undefined, name });
    case 'reLU': return tf.layers.reLU({ maxValue: p.maxValue, name });
    case 'elu': return tf.layers.elu({ alpha: p.alpha, name });
    case 'exponential': return new Exponential({ name });
    case 'permute': return tf.layers.permute({ dims: p.dims, name });
    case 'normalize': return new Normalization({ axis: p.axis, mean: p.mean, variance: p.variance, name });
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
  const add = (p: PlannedLayer) => {
    const k = groups[p.owner].length;
    // The spec's l1=/l2= go on the layer holding the kernel (maxout's is its dense part).
    const reg = p.op === 'conv2d' || p.op === 'dense' ? layerRegularizers(layers[p.owner].config) : {};
    const layer = instantiate(p, `${layers[p.owner].name}${k ? `_part${k}` : ''}_m${build}`, layerSeed, reg);
    if (layerSeed !== undefined) layerSeed += 1;
    model.add(layer);
    groups[p.owner].push(layer);
  };
  for (const p of plan) {
    const rank = model.outputs[0].shape.length;
    const axis = p.op === 'batchNormalization' ? (p.axis < 0 ? rank + p.axis : p.axis) : rank - 1;
    if (axis === rank - 1) {
      add(p);
      continue;
    }
    // TF.js 4.22's batch-normalization kernels take the statistics along the last axis whatever
    // `axis` says (rows get mixed for axis=1 on H×W×C): move the axis last, normalize, move it back.
    const toLast = [...Array(rank - 1).keys()].map((i) => i + 1).filter((d) => d !== axis).concat(axis);
    const back = toLast.map((_, i) => toLast.indexOf(i + 1) + 1);
    add({ op: 'permute', owner: p.owner, dims: toLast });
    add({ ...p, axis: -1 } as PlannedLayer);
    add({ op: 'permute', owner: p.owner, dims: back });
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

/**
 * The weight penalties of the model's layers as scalars (TF.js computes them from the variables
 * now, so inside a gradient tape they carry gradients); empty when the spec has none.
 */
export function regularizationTerms(model: tf.LayersModel): tf.Scalar[] {
  return model.layers.flatMap((l) => l.calculateLosses());
}
