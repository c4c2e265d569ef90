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
import { variableFrom } from '../../shared/tf/tensors';
import type { InitializerSpec } from '../../../src/core/types';
import { LabError, labText } from '../labText';
import { BN_EPSILON, HIST_BINS, SYMMETRY_LEARNING_RATE, SYMMETRY_STEPS, checkNetConfig, initStd, type LabActivation, type LabResult, type LayerStats, type NetConfig, type SymmetryResult } from '../labConfig';

export * from '../labConfig';

/**
 * How an initializer fills a [fanIn, fanOut] matrix: a constant, or a unit draw times a scale.
 * Normal initializers are plain randn·std, the lecture's formula (Keras truncates its normals but
 * keeps the same variance); uniform ones U(−1, 1)·a with a = std·√3, which has that std.
 */
type WeightRecipe = { constant: number } | { family: 'normal' | 'uniform'; scale: number };

function weightRecipe(spec: InitializerSpec, fanIn: number, fanOut: number): WeightRecipe {
  if (spec.name === 'ones') return { constant: 1 };
  const std = initStd(spec, fanIn, fanOut);
  if (std === undefined || !Number.isFinite(std) || std < 0) throw new LabError(labText('init.engine.unknownSpread', { name: spec.name }));
  if (std === 0) return { constant: 0 };
  return spec.name.endsWith('uniform') ? { family: 'uniform', scale: std * Math.sqrt(3) } : { family: 'normal', scale: std };
}

/** A unit draw of a family: N(0, 1) or U(−1, 1). */
function unitDraw(family: 'normal' | 'uniform', shape: [number, number], seed: number): tf.Tensor2D {
  return family === 'uniform' ? tf.randomUniform(shape, -1, 1, 'float32', seed) : tf.randomNormal(shape, 0, 1, 'float32', seed);
}

/** A [fanIn, fanOut] weight matrix drawn afresh (see weightRecipe). */
export function sampleWeights(spec: InitializerSpec, fanIn: number, fanOut: number, seed: number): tf.Tensor2D {
  const recipe = weightRecipe(spec, fanIn, fanOut);
  // tf.fill runs on the backend; tf.zeros and tf.ones would build and upload an array.
  if ('constant' in recipe) return tf.fill([fanIn, fanOut], recipe.constant);
  return tf.tidy(() => tf.mul(unitDraw(recipe.family, [fanIn, fanOut], seed), recipe.scale) as tf.Tensor2D);
}

function act(kind: LabActivation, z: tf.Tensor): tf.Tensor {
  return kind === 'tanh' ? tf.tanh(z) : tf.relu(z);
}

/** A layer's pre-activation, batch-normalized per unit over the batch axis when the lab asks. */
function preActivation(config: NetConfig, h: tf.Tensor, w: tf.Tensor2D): tf.Tensor {
  const z = tf.matMul(h as tf.Tensor2D, w);
  if (!config.batchNorm) return z;
  const { mean, variance } = tf.moments(z, 0, true);
  return tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, BN_EPSILON)));
}

function layerWeights(config: NetConfig, init: InitializerSpec): tf.Tensor2D[] {
  const ws: tf.Tensor2D[] = [];
  let fanIn = config.inputSize;
  config.widths.forEach((width, l) => {
    ws.push(sampleWeights(init, fanIn, width, layerSeed(config, l)));
    fanIn = width;
  });
  return ws;
}

// Seeds per layer, not per init: two inits compared side by side see the same random draws.
const layerSeed = (config: NetConfig, l: number) => config.seed * 1000 + l + 1;

/** What the random draws of a network depend on: not the activation, not the initializer. */
function drawsKey(config: NetConfig): string {
  return JSON.stringify([config.inputSize, config.widths, config.batch, config.seed]);
}

/**
 * The random numbers of one network: the N(0, 1) input batch, the upstream gradient, and per
 * layer a unit-scale weight matrix for each family of initializer (N(0, 1) and U(−1, 1)).
 * TF.js draws random numbers on the CPU and uploads them, about 3 million for the lecture's net
 * (~100 ms of CPU work here, whatever the GPU); kept on the backend, a slider change only
 * scales them. The weights equal sampleWeights' for the same seed up to float rounding.
 */
export class NetDraws {
  readonly key: string;
  readonly x: tf.Tensor2D;
  readonly upstream: tf.Tensor2D;
  private readonly bases = new Map<'normal' | 'uniform', tf.Tensor2D[]>();
  private disposed = false;

  constructor(readonly config: NetConfig) {
    this.key = drawsKey(config);
    this.x = tf.randomNormal([config.batch, config.inputSize], 0, 1, 'float32', config.seed);
    this.upstream = tf.randomNormal([config.batch, config.widths[config.widths.length - 1]], 0, 1, 'float32', config.seed + 7);
  }

  /** True when these draws belong to `config` (the activation may differ: it draws nothing). */
  fits(config: NetConfig): boolean {
    return !this.disposed && drawsKey(config) === this.key;
  }

  /** Fresh weight tensors for `init` (the caller disposes them, e.g. inside tf.tidy). */
  weights(init: InitializerSpec): tf.Tensor2D[] {
    let fanIn = this.config.inputSize;
    return this.config.widths.map((width, l) => {
      const w = this.layerWeights(init, fanIn, width, l);
      fanIn = width;
      return w;
    });
  }

  private layerWeights(init: InitializerSpec, fanIn: number, fanOut: number, l: number): tf.Tensor2D {
    const recipe = weightRecipe(init, fanIn, fanOut);
    if ('constant' in recipe) return tf.fill([fanIn, fanOut], recipe.constant);
    return tf.mul(this.base(recipe.family)[l], recipe.scale) as tf.Tensor2D;
  }

  private base(family: 'normal' | 'uniform'): tf.Tensor2D[] {
    const cached = this.bases.get(family);
    if (cached) return cached;
    let fanIn = this.config.inputSize;
    const layers = this.config.widths.map((width, l): tf.Tensor2D => {
      const t = tf.keep(unitDraw(family, [fanIn, width], layerSeed(this.config, l)));
      fanIn = width;
      return t;
    });
    this.bases.set(family, layers);
    return layers;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([this.x, this.upstream, ...[...this.bases.values()].flat()]);
    this.bases.clear();
  }
}

/**
 * One forward pass (keeping every layer's output) and one backward pass of L = Σ h_L·G / batch,
 * with G ~ N(0, 1) a fixed random upstream gradient, then every statistic in one read-back.
 */
export async function runInitExperiment(
  config: NetConfig,
  init: InitializerSpec,
  opts: { draws?: NetDraws; now?: () => number } = {},
): Promise<LabResult> {
  const problem = checkNetConfig(config);
  if (problem) throw new LabError(problem);
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  // Draws passed in for another network would give wrong numbers: draw afresh then.
  const ownDraws = opts.draws?.fits(config) ? undefined : new NetDraws(config);
  const draws = ownDraws ?? opts.draws!;
  const outputs: tf.Tensor[] = [];
  // TF.js's WASM backend has no UnsortedSegmentSum: there the bin of every activation is read
  // back (cheap: WASM memory is the CPU's) and counted here. On WebGL that read-back would cost
  // more than the whole recompute, so the GPU counts.
  const countOnBackend = tf.getKernel('UnsortedSegmentSum', tf.getBackend()) !== undefined;
  const binsToCount: tf.Tensor[] = [];
  let summary: tf.Tensor | undefined;
  let values: Float32Array;
  let counted: number[][] | undefined;
  let dispatchMs = 0;
  try {
    summary = tf.tidy(() => {
      const { x, upstream } = draws;
      const ws = draws.weights(init);
      const loss = (...w: tf.Tensor[]) => {
        let h: tf.Tensor = x;
        for (const wl of w) {
          h = act(config.activation, preActivation(config, h, wl as tf.Tensor2D));
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
        let counts: tf.Tensor;
        if (countOnBackend) {
          counts = tf.unsortedSegmentSum(tf.onesLike(h.flatten()), bin as tf.Tensor1D, HIST_BINS);
        } else {
          binsToCount.push(tf.keep(bin));
          counts = tf.zeros([HIST_BINS]);
        }
        const gradNorm = tf.sqrt(tf.sum(tf.square(grads[l])));
        return tf.concat([tf.stack([mean, tf.sqrt(variance), meanAbs, saturated, lo, hi, gradNorm]), counts]);
      });
      return tf.stack(rows);
    });
    dispatchMs = now() - t0;
    values = (await summary.data()) as Float32Array;
    if (!countOnBackend) {
      counted = [];
      for (const bins of binsToCount) {
        const counts = new Array<number>(HIST_BINS).fill(0);
        for (const b of (await bins.data()) as Int32Array) counts[b]++;
        counted.push(counts);
      }
    }
  } finally {
    tf.dispose(binsToCount);
    tf.dispose(outputs);
    summary?.dispose();
    ownDraws?.dispose();
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
      counts: counted ? counted[l] : Array.from(r.subarray(7)),
    };
  });
  return { config, init, layers, ms, dispatchMs, backend: tf.getBackend() };
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
  if (problem) throw new LabError(problem);
  const steps = opts.steps ?? SYMMETRY_STEPS;
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
  const optimizer = tf.train.sgd(opts.learningRate ?? SYMMETRY_LEARNING_RATE);
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
