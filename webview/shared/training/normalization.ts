/**
 * Keras's Normalization layer in TF.js (TF.js 4.22 has none) and its adapt() on the training split.
 *
 * keras/src/layers/preprocessing/normalization.py: build() adds the non-trainable weights mean
 * (zeros) and variance (ones), one per entry along `axis`, and count (shape (), zero; adapt() on an
 * array leaves it so), which model.summary() counts as 1: 2C + 1 parameters, as the core counts
 * them. With mean= and variance= given it adds no weight. call() returns
 * (x − mean) / max(√variance, keras.backend.epsilon()), epsilon 1e-7.
 *
 * adapt() takes the population variance of each entry along the axis over every other axis, on the
 * training split only: the same numbers as the data explorer's statistics (../dataStats.ts
 * channelStats) and the exported scripts' adapt_normalization (src/core/export/pytorchRuntime.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { channelStats } from '../dataStats';
import type { TrainData } from './trainer';

/** keras.backend.epsilon(): the floor under √variance in Keras's Normalization.call. */
export const KERAS_EPSILON = 1e-7;

export class Normalization extends tf.layers.Layer {
  static className = 'NetLensNormalization';
  /** Keras's axis: -1 the last, k ≥ 1 the k-th after the batch axis. */
  readonly axis: number;
  readonly fixedMean?: number;
  readonly fixedVariance?: number;
  private mean?: tf.LayerVariable;
  private variance?: tf.LayerVariable;
  constructor(config: { axis: number; mean?: number; variance?: number; name?: string }) {
    super({ name: config.name, trainable: false });
    this.axis = config.axis;
    if (config.mean !== undefined && config.variance !== undefined) {
      this.fixedMean = config.mean;
      this.fixedVariance = config.variance;
    }
  }
  /** True when mean= and variance= were given: no weights, nothing to adapt. */
  get fixed(): boolean {
    return this.fixedMean !== undefined;
  }
  /** The normalized axis of a tensor of rank `rank` (batch axis included), 0-based. */
  axisOf(rank: number): number {
    return this.axis < 0 ? rank + this.axis : this.axis;
  }
  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (!this.fixed) {
      const size = [shape[this.axisOf(shape.length)] as number];
      this.mean = this.addWeight('mean', size, 'float32', tf.initializers.zeros(), undefined, false);
      this.variance = this.addWeight('variance', size, 'float32', tf.initializers.ones(), undefined, false);
      // Keras's count: kept for its saved models, never read by call().
      this.addWeight('count', [], 'int32', tf.initializers.zeros(), undefined, false);
    }
    this.built = true;
  }
  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (this.fixedMean !== undefined) {
        return tf.div(tf.sub(x, this.fixedMean), Math.max(Math.sqrt(this.fixedVariance!), KERAS_EPSILON));
      }
      const ax = this.axisOf(x.rank);
      const broadcast = x.shape.map((d, i) => (i === ax ? d : 1));
      const mean = tf.reshape(this.mean!.read(), broadcast);
      const std = tf.maximum(tf.sqrt(tf.reshape(this.variance!.read(), broadcast)), KERAS_EPSILON);
      return tf.div(tf.sub(x, mean), std);
    });
  }
  /** Sets the statistics adapt() computed (variance: population variance). */
  setStatistics(mean: readonly number[], variance: readonly number[]): void {
    const { mean: m, variance: v } = this;
    if (!m || !v) return;
    // The variables keep the values; tidy frees the tensors that carried them.
    tf.tidy(() => {
      m.write(tf.tensor1d([...mean], 'float32'));
      v.write(tf.tensor1d([...variance], 'float32'));
    });
  }
  /** The current mean and variance (the fixed ones broadcast to no shape: one number each). */
  statistics(): { mean: number[]; variance: number[] } {
    if (this.fixedMean !== undefined) return { mean: [this.fixedMean], variance: [this.fixedVariance!] };
    return { mean: Array.from(this.mean!.read().dataSync()), variance: Array.from(this.variance!.read().dataSync()) };
  }
  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, ...(this.fixed ? { mean: this.fixedMean!, variance: this.fixedVariance! } : {}) };
  }
}
tf.serialization.registerClass(Normalization);

/** True for the layer above, also across bundles (the class name, not the prototype). */
export function isNormalization(layer: tf.layers.Layer): layer is Normalization {
  return layer.getClassName() === Normalization.className;
}

/** One adapted layer: its name and the statistics it now holds, fitted on `samples` training samples. */
export interface AdaptedNormalization {
  name: string;
  samples: number;
  mean: number[];
  variance: number[];
}

/** Samples per forward step while the layers before a Normalization compute its inputs. */
const ADAPT_BATCH = 256;

/**
 * Keras's adapt() for every Normalization of `model` without fixed statistics, on the first
 * `trainCount` samples of `ds` (the training split: the validation samples never reach it), before
 * training. Each layer gets the statistics of its own inputs: the data itself when it comes first,
 * else the outputs of the layers before it in inference mode (as the exported scripts do).
 */
export async function adaptNormalizations(model: tf.LayersModel, ds: TrainData, trainCount: number): Promise<AdaptedNormalization[]> {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const adapted: AdaptedNormalization[] = [];
  const n = Math.max(0, Math.min(Math.floor(trainCount), ds.count));
  if (n === 0) return adapted;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    if (!isNormalization(layer) || layer.fixed) continue;
    const before = layers.slice(0, i);
    const sampleShape = before.length ? (before[before.length - 1].outputShape as number[]).slice(1) : [...ds.sampleShape];
    const ax = layer.axisOf(sampleShape.length + 1) - 1;
    const channels = sampleShape[ax];
    const sampleSize = sampleShape.reduce((p, d) => p * d, 1);
    const lastAxis = ax === sampleShape.length - 1;
    let values: Float32Array;
    if (before.length === 0 && lastAxis) values = ds.xs.subarray(0, n * sampleSize);
    else values = await layerInputs(before, ds, n, lastAxis ? undefined : ax);
    const stats = channelStats(values, sampleSize, channels, n);
    const variance = stats.std.map((s) => s * s);
    layer.setStatistics(stats.mean, variance);
    adapted.push({ name: layer.name, samples: n, mean: stats.mean, variance });
  }
  return adapted;
}

/**
 * The outputs of `layers` (inference mode) for the first `n` samples, channels-last: with `axis`
 * (0-based, batch left out) that axis is moved last, so channelStats reads it as the channel.
 */
async function layerInputs(layers: readonly tf.layers.Layer[], ds: TrainData, n: number, axis: number | undefined): Promise<Float32Array> {
  const inSize = ds.sampleShape.reduce((p, d) => p * d, 1);
  let out: Float32Array | undefined;
  for (let from = 0; from < n; from += ADAPT_BATCH) {
    const to = Math.min(n, from + ADAPT_BATCH);
    const y = tf.tidy(() => {
      let h: tf.Tensor = tf.tensor(ds.xs.subarray(from * inSize, to * inSize), [to - from, ...ds.sampleShape]);
      for (const l of layers) h = l.apply(h, { training: false }) as tf.Tensor;
      if (axis === undefined) return h;
      const order = [...Array(h.rank).keys()].filter((d) => d !== axis + 1).concat(axis + 1);
      return tf.transpose(h, order);
    });
    const data = (await y.data()) as Float32Array;
    const per = data.length / (to - from);
    y.dispose();
    out ??= new Float32Array(n * per);
    out.set(data, from * per);
  }
  return out ?? new Float32Array(0);
}
