/**
 * The lecture's weight-initialization experiment, computed with TF.js: a deep MLP (default
 * 10 layers × 500 units, no biases, as in the slides) fed N(0, 1) data, its per-layer activation
 * statistics and histograms for a given initializer, and per-layer gradient norms from one
 * backward pass of a random upstream gradient.
 *
 * Weights are drawn with the registry's std for each initializer (src/core INITIALIZERS), so
 * the lab and the spec's `init=` mean the same thing.
 */
import * as tf from '@tensorflow/tfjs';
import { variableFrom } from './tensors';
import { INITIALIZERS } from '../../src/core';
import type { InitializerSpec } from '../../src/core/types';

export type LabActivation = 'tanh' | 'relu';

export interface NetConfig {
  /** Width of the input (the batch is N(0, 1) of shape [batch, inputSize]). */
  inputSize: number;
  /** Units of each hidden layer, first to last. */
  widths: number[];
  activation: LabActivation;
  batch: number;
  seed: number;
}

export const DEFAULT_NET: NetConfig = { inputSize: 500, widths: Array(10).fill(500), activation: 'tanh', batch: 1000, seed: 1 };

/** Limits that keep one recompute within a browser tab's memory (10⁸ floats ≈ 400 MB is too much). */
export const NET_LIMITS = { maxLayers: 50, maxWidth: 4096, maxInput: 65_536, maxBatch: 10_000, maxActivations: 3e7 };

/** Says what is wrong with a config, or undefined when it can run. */
export function checkNetConfig(c: NetConfig): string | undefined {
  const isInt = (v: unknown, lo: number, hi: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
  if (!isInt(c.inputSize, 1, NET_LIMITS.maxInput)) return `input width must be a whole number from 1 to ${NET_LIMITS.maxInput}, got ${c.inputSize}`;
  if (!Array.isArray(c.widths) || c.widths.length < 1 || c.widths.length > NET_LIMITS.maxLayers) {
    return `the net needs 1 to ${NET_LIMITS.maxLayers} layers, got ${Array.isArray(c.widths) ? c.widths.length : 'none'}`;
  }
  const bad = c.widths.find((w) => !isInt(w, 1, NET_LIMITS.maxWidth));
  if (bad !== undefined) return `each layer needs 1 to ${NET_LIMITS.maxWidth} units, got ${bad}`;
  if (!isInt(c.batch, 2, NET_LIMITS.maxBatch)) return `batch must be a whole number from 2 to ${NET_LIMITS.maxBatch}, got ${c.batch}`;
  if (c.activation !== 'tanh' && c.activation !== 'relu') return `activation must be tanh or relu, got ${String(c.activation)}`;
  const total = c.batch * (c.inputSize + c.widths.reduce((s, w) => s + w, 0));
  if (total > NET_LIMITS.maxActivations) {
    return `batch × (input + all units) = ${total.toLocaleString('en-US')} activations is more than this lab keeps in memory (${NET_LIMITS.maxActivations.toLocaleString('en-US')}); use fewer layers, units or samples`;
  }
  return undefined;
}

/** Standard deviation the registry gives an initializer for a layer (0 for zeros; undefined for ones). */
export function initStd(spec: InitializerSpec, fanIn: number, fanOut: number): number | undefined {
  const def = INITIALIZERS.find((d) => d.name === spec.name);
  if (!def?.std) return undefined;
  const arg = spec.name === 'normal' ? spec.std : spec.name === 'uniform' ? spec.limit : undefined;
  return def.std(fanIn, fanOut, arg);
}

/**
 * A [fanIn, fanOut] weight matrix. Normal initializers are drawn as plain randn·std, the
 * lecture's formula (Keras truncates its normals but keeps the same variance); uniform ones as
 * U(−a, a) with a = std·√3, which has that std.
 */
export function sampleWeights(spec: InitializerSpec, fanIn: number, fanOut: number, seed: number): tf.Tensor2D {
  if (spec.name === 'zeros') return tf.zeros([fanIn, fanOut]);
  if (spec.name === 'ones') return tf.ones([fanIn, fanOut]);
  const std = initStd(spec, fanIn, fanOut);
  if (std === undefined || !Number.isFinite(std) || std < 0) throw new Error(`no weight spread known for initializer ${spec.name}`);
  if (std === 0) return tf.zeros([fanIn, fanOut]);
  if (spec.name.endsWith('uniform')) {
    const a = std * Math.sqrt(3);
    return tf.randomUniform([fanIn, fanOut], -a, a, 'float32', seed);
  }
  return tf.randomNormal([fanIn, fanOut], 0, std, 'float32', seed);
}

export const HIST_BINS = 40;

export interface LayerStats {
  mean: number;
  std: number;
  meanAbs: number;
  /** Fraction of outputs with |h| > 0.99 (tanh saturated) or h = 0 (ReLU off). */
  saturated: number;
  /** Histogram range and counts (HIST_BINS bins). */
  lo: number;
  hi: number;
  counts: number[];
  /** Frobenius norm of dL/dW for this layer's weights. */
  gradNorm: number;
}

export interface LabResult {
  config: NetConfig;
  init: InitializerSpec;
  layers: LayerStats[];
  /** Wall time of the recompute, from the first op to the data on the CPU. */
  ms: number;
  backend: string;
}

function act(kind: LabActivation, z: tf.Tensor): tf.Tensor {
  return kind === 'tanh' ? tf.tanh(z) : tf.relu(z);
}

function layerWeights(config: NetConfig, init: InitializerSpec): tf.Tensor2D[] {
  const ws: tf.Tensor2D[] = [];
  let fanIn = config.inputSize;
  config.widths.forEach((width, l) => {
    // Seeds per layer, not per init: two inits compared side by side see the same random draws.
    ws.push(sampleWeights(init, fanIn, width, config.seed * 1000 + l + 1));
    fanIn = width;
  });
  return ws;
}

/**
 * One forward pass (keeping every layer's output) and one backward pass of L = Σ h_L·G / batch,
 * with G ~ N(0, 1) a fixed random upstream gradient, then every statistic in one read-back.
 */
export async function runInitExperiment(config: NetConfig, init: InitializerSpec, now: () => number = () => performance.now()): Promise<LabResult> {
  const problem = checkNetConfig(config);
  if (problem) throw new Error(problem);
  const t0 = now();
  const summary = tf.tidy(() => {
    const x = tf.randomNormal([config.batch, config.inputSize], 0, 1, 'float32', config.seed);
    const upstream = tf.randomNormal([config.batch, config.widths[config.widths.length - 1]], 0, 1, 'float32', config.seed + 7);
    const ws = layerWeights(config, init);
    const outputs: tf.Tensor[] = [];
    const loss = (...w: tf.Tensor[]) => {
      let h: tf.Tensor = x;
      for (const wl of w) {
        h = act(config.activation, tf.matMul(h, wl));
        // Kept past the gradient tape's clean-up: these are the activations the lab shows.
        outputs.push(tf.keep(h));
      }
      return tf.div(tf.sum(tf.mul(h, upstream)), config.batch) as tf.Scalar;
    };
    const grads = tf.grads(loss)(ws);
    const rows = outputs.map((h, l) => {
      const { mean, variance } = tf.moments(h);
      const meanAbs = tf.mean(tf.abs(h));
      const saturated =
        config.activation === 'tanh'
          ? tf.mean(tf.cast(tf.greater(tf.abs(h), 0.99), 'float32'))
          : tf.mean(tf.cast(tf.lessEqual(h, 0), 'float32'));
      // tanh keeps the slides' fixed [−1, 1] axis so saturation shows at the edges; ReLU's axis
      // runs from 0 to the layer's largest output.
      const lo = config.activation === 'tanh' ? tf.scalar(-1) : tf.scalar(0);
      const hi = config.activation === 'tanh' ? tf.scalar(1) : tf.max(h);
      const width = tf.maximum(tf.sub(hi, lo), 1e-12);
      const bin = tf.cast(tf.clipByValue(tf.floor(tf.mul(tf.div(tf.sub(h.flatten(), lo), width), HIST_BINS)), 0, HIST_BINS - 1), 'int32');
      const counts = tf.unsortedSegmentSum(tf.onesLike(h.flatten()), bin as tf.Tensor1D, HIST_BINS);
      const gradNorm = tf.sqrt(tf.sum(tf.square(grads[l])));
      return tf.concat([tf.stack([mean, tf.sqrt(variance), meanAbs, saturated, lo, hi, gradNorm]), counts]);
    });
    outputs.forEach((h) => h.dispose());
    return tf.stack(rows);
  });
  let values: Float32Array;
  try {
    values = (await summary.data()) as Float32Array;
  } finally {
    summary.dispose();
  }
  const ms = now() - t0;
  const stride = 7 + HIST_BINS;
  const layers: LayerStats[] = config.widths.map((_, l) => {
    const r = values.subarray(l * stride, (l + 1) * stride);
    return {
      mean: r[0],
      std: r[1],
      meanAbs: r[2],
      saturated: r[3],
      lo: r[4],
      hi: r[5],
      gradNorm: r[6],
      counts: Array.from(r.subarray(7)),
    };
  });
  return { config, init, layers, ms, backend: tf.getBackend() };
}

export interface SymmetryResult {
  steps: number;
  /** Distinct unit values per hidden layer at the start and after the training steps. */
  distinctBefore: number[];
  distinctAfter: number[];
  lossBefore: number;
  lossAfter: number;
}

/**
 * The lecture's idea 1 (w = 0): add biases and a one-unit output head, all initialised with
 * `init` (biases 0), train `steps` SGD steps on a regression target, and count how many
 * different values the units of each layer take. A unit's "value" is its outputs over the whole
 * batch, summarised by a fixed random projection so that two units count as the same only when
 * they agree on every sample.
 */
export async function runSymmetryDemo(
  config: NetConfig,
  init: InitializerSpec,
  opts: { steps?: number; learningRate?: number; batch?: number } = {},
): Promise<SymmetryResult> {
  const problem = checkNetConfig(config);
  if (problem) throw new Error(problem);
  const steps = opts.steps ?? 10;
  const batch = Math.min(opts.batch ?? 64, config.batch);
  const { x, y, probe } = tf.tidy(() => {
    const x = tf.randomNormal([batch, config.inputSize], 0, 1, 'float32', config.seed);
    const teacher = tf.randomNormal([config.inputSize, 1], 0, 1 / Math.sqrt(config.inputSize), 'float32', config.seed + 3);
    return { x, y: tf.tanh(tf.matMul(x, teacher)), probe: tf.randomNormal([1, batch], 0, 1, 'float32', config.seed + 4) };
  });
  const widths = config.widths;
  const ws = layerWeights(config, init).map((w) => variableFrom(w));
  const bs = widths.map((w) => variableFrom(tf.zeros([w])));
  const headW = variableFrom(sampleWeights(init, widths[widths.length - 1], 1, config.seed * 1000 + 999));
  const headB = variableFrom(tf.zeros([1]));
  const forward = () => {
    const hs: tf.Tensor[] = [];
    let h: tf.Tensor = x;
    ws.forEach((w, l) => {
      h = act(config.activation, tf.add(tf.matMul(h, w), bs[l]));
      hs.push(h);
    });
    return { hs, out: tf.add(tf.matMul(h, headW), headB) };
  };
  const lossFn = () => tf.losses.meanSquaredError(y, forward().out) as tf.Scalar;
  const distinct = async (): Promise<number[]> => {
    const counts = tf.tidy(() => {
      const { hs } = forward();
      return tf.stack(
        hs.map((h) => {
          const signature = tf.matMul(probe, h).flatten(); // one number per unit
          const sorted = tf.topk(signature, signature.size).values;
          const tol = tf.add(tf.mul(tf.max(tf.abs(signature)), 1e-5), 1e-7);
          if (signature.size < 2) return tf.scalar(1);
          const gaps = tf.sub(sorted.slice(0, signature.size - 1), sorted.slice(1));
          const count = tf.add(tf.sum(tf.cast(tf.greater(gaps, tol), 'float32')), 1);
          // A diverged layer (NaN or ±Infinity outputs) has no meaningful count: report NaN.
          const finite = tf.all(tf.isFinite(signature));
          return tf.where(finite, count, tf.scalar(NaN));
        }),
      );
    });
    const v = Array.from(await counts.data());
    counts.dispose();
    return v;
  };
  const readLoss = async () => {
    const l = tf.tidy(lossFn);
    const v = (await l.data())[0];
    l.dispose();
    return v;
  };
  // Small enough that a 10-layer ReLU net with He init does not diverge in 10 plain SGD steps.
  const optimizer = tf.train.sgd(opts.learningRate ?? 0.002);
  try {
    const distinctBefore = await distinct();
    const lossBefore = await readLoss();
    for (let s = 0; s < steps; s++) optimizer.minimize(lossFn);
    const distinctAfter = await distinct();
    const lossAfter = await readLoss();
    return { steps, distinctBefore, distinctAfter, lossBefore, lossAfter };
  } finally {
    optimizer.dispose();
    for (const t of [x, y, probe, headW, headB, ...ws, ...bs]) t.dispose();
  }
}
