/**
 * The activation race: the lecture says ReLU converges about 6× faster than sigmoid or tanh
 * (Krizhevsky et al. 2012: a four-layer CNN on CIFAR-10 reached 25% training error six times
 * sooner with ReLU than with tanh). Here the same small MLP is trained once per activation on a
 * seeded 2-D toy set, from the very same initial weights and through the very same batches, and
 * the epochs each needs to reach a target training error are counted.
 *
 * The network is written with TF.js ops over the registry's own activations (./activations.ts),
 * so a race can use any function the explorer draws. Initial weights are drawn in plain
 * JavaScript from a seed, so they are bit-identical on every backend; each run checks that it
 * starts from them (a fingerprint of the weights it actually holds) and refuses to run otherwise.
 */
import * as tf from '@tensorflow/tfjs';
import type { ActivationName } from '../../src/core/types';
import { gaussian, mulberry32, permutation } from '../shared/random';
import { yieldToPage } from '../shared/yieldToPage';
import { ACTIVATION_IMPLS } from './activations';

/** The functions the race offers: the lecture's slide and its successors. */
export const RACE_ACTIVATIONS: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu'];

export interface RaceSettings {
  /** Hidden layer widths (the output is one sigmoid unit: the toy set has two classes). */
  hidden: number[];
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Training error (fraction misclassified) a run must reach. */
  targetError: number;
  points: number;
  seed: number;
}

export const DEFAULT_RACE: RaceSettings = { hidden: [16, 16, 16], learningRate: 0.1, batchSize: 16, maxEpochs: 100, targetError: 0.05, points: 400, seed: 7 };

export interface ToySet {
  /** points × 2 coordinates. */
  xs: Float32Array;
  /** 0 or 1 per point. */
  labels: Float32Array;
}

/**
 * Two interleaved half-moons with Gaussian noise, shuffled: two classes no straight line
 * separates (so the hidden layers must learn), small enough to train in seconds.
 */
export function twoMoons(points: number, seed: number, noise = 0.15): ToySet {
  const rand = mulberry32(seed);
  const xs = new Float32Array(points * 2);
  const labels = new Float32Array(points);
  const order = permutation(points, rand);
  for (let i = 0; i < points; i++) {
    const cls = i % 2;
    const t = Math.PI * rand();
    const x = cls === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const y = cls === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    const j = order[i];
    // Centred near the origin: zero-centred inputs, as the lecture asks.
    xs[2 * j] = x - 0.5 + noise * gaussian(rand);
    xs[2 * j + 1] = y - 0.25 + noise * gaussian(rand);
    labels[j] = cls;
  }
  return { xs, labels };
}

export interface WeightArray {
  shape: [number, number] | [number];
  values: Float32Array;
}

/** Glorot-uniform kernels and zero biases (Keras's defaults), drawn from the seed: 2 → hidden… → 1. */
export function initialWeights(s: Pick<RaceSettings, 'hidden' | 'seed'>): WeightArray[] {
  const rand = mulberry32(s.seed * 7919 + 1);
  const sizes = [2, ...s.hidden, 1];
  const out: WeightArray[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = (2 * rand() - 1) * limit;
    out.push({ shape: [fanIn, fanOut], values: kernel }, { shape: [fanOut], values: new Float32Array(fanOut) });
  }
  return out;
}

/** FNV-1a over the float32 bits of every weight: equal fingerprints, identical weights. */
export function fingerprint(weights: readonly { values: Float32Array }[]): string {
  let h = 0x811c9dc5;
  for (const w of weights) {
    const bytes = new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength);
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export interface RaceRun {
  activation: ActivationName;
  /** Fingerprint of the weights the run held before its first step. */
  startFingerprint: string;
  /** Training error and loss after each epoch (index 0: epoch 1). */
  errors: number[];
  losses: number[];
  /** First epoch whose training error is at or below the target; undefined when none within maxEpochs. */
  epochsToTarget?: number;
  secondsToTarget?: number;
  seconds: number;
  diverged: boolean;
}

export interface RaceResult {
  settings: RaceSettings;
  initialFingerprint: string;
  runs: RaceRun[];
}

/** One run: the MLP with `activation` in its hidden layers, from `init`, through the seeded batches. */
export async function raceOne(activation: ActivationName, data: ToySet, init: readonly WeightArray[], s: RaceSettings, onEpoch?: (run: RaceRun) => void): Promise<RaceRun> {
  const apply = ACTIVATION_IMPLS[activation].apply;
  if (!apply) throw new Error(`${activation} has no element-wise form to race`);
  // tidy frees the tensor each variable is copied from; variables themselves survive it.
  const vars = init.map((w) => tf.tidy(() => tf.variable(tf.tensor(w.values, w.shape, 'float32'), true)));
  const x = tf.tensor2d(data.xs, [s.points, 2]);
  const y = tf.tensor2d(data.labels, [s.points, 1]);
  const optimizer = tf.train.sgd(s.learningRate);
  const layers = init.length / 2;
  const forward = (input: tf.Tensor): tf.Tensor => {
    let h = input;
    for (let l = 0; l < layers; l++) {
      const z = tf.add(tf.matMul(h, vars[2 * l]), vars[2 * l + 1]);
      // The output unit is a logit; every hidden layer uses the raced activation.
      h = l + 1 < layers ? apply(z, {}) : z;
    }
    return h;
  };
  const lossOf = (xb: tf.Tensor, yb: tf.Tensor) => tf.losses.sigmoidCrossEntropy(yb, forward(xb)) as tf.Scalar;
  try {
    const held = await Promise.all(vars.map(async (v) => ({ values: (await v.data()) as Float32Array })));
    const run: RaceRun = { activation, startFingerprint: fingerprint(held), errors: [], losses: [], seconds: 0, diverged: false };
    if (run.startFingerprint !== fingerprint(init)) throw new Error(`the ${activation} run does not start from the shared initial weights`);
    const started = performance.now();
    for (let epoch = 1; epoch <= s.maxEpochs; epoch++) {
      // The same order for every activation: the permutation depends on the seed and the epoch only.
      const order = permutation(s.points, mulberry32(s.seed * 104729 + epoch));
      for (let b = 0; b < s.points; b += s.batchSize) {
        const idx = tf.tensor1d(Int32Array.from(order.subarray(b, b + s.batchSize)), 'int32');
        tf.tidy(() => {
          const xb = tf.gather(x, idx);
          const yb = tf.gather(y, idx);
          optimizer.minimize(() => lossOf(xb, yb));
        });
        idx.dispose();
      }
      const [loss, error] = tf.tidy(() => {
        const logits = forward(x);
        const wrong = tf.mean(tf.cast(tf.notEqual(tf.greater(logits, 0), tf.greater(y, 0.5)), 'float32'));
        return [tf.losses.sigmoidCrossEntropy(y, logits), wrong];
      });
      const [lossValue, errorValue] = [(await loss.data())[0], (await error.data())[0]];
      loss.dispose();
      error.dispose();
      run.losses.push(lossValue);
      run.errors.push(errorValue);
      run.seconds = (performance.now() - started) / 1000;
      if (!Number.isFinite(lossValue)) {
        run.diverged = true;
        break;
      }
      if (run.epochsToTarget === undefined && errorValue <= s.targetError) {
        run.epochsToTarget = epoch;
        run.secondsToTarget = run.seconds;
      }
      onEpoch?.(run);
      if (run.epochsToTarget !== undefined) break;
      await yieldToPage();
    }
    return run;
  } finally {
    optimizer.dispose();
    x.dispose();
    y.dispose();
    for (const v of vars) v.dispose();
  }
}

/** Races every activation in turn on the same data and from the same initial weights. */
export async function race(activations: readonly ActivationName[], s: RaceSettings = DEFAULT_RACE, onEpoch?: (run: RaceRun) => void): Promise<RaceResult> {
  const data = twoMoons(s.points, s.seed);
  const init = initialWeights(s);
  const runs: RaceRun[] = [];
  for (const a of activations) runs.push(await raceOne(a, data, init, s, onEpoch));
  return { settings: s, initialFingerprint: fingerprint(init), runs };
}

/** Epochs of `run` over ReLU's (how many times faster ReLU is); a lower bound when the run never reached the target. */
export function ratioToRelu(result: RaceResult, run: RaceRun): { ratio: number; atLeast: boolean } | undefined {
  const relu = result.runs.find((r) => r.activation === 'relu');
  if (!relu?.epochsToTarget) return undefined;
  if (run.epochsToTarget !== undefined) return { ratio: run.epochsToTarget / relu.epochsToTarget, atLeast: false };
  return { ratio: run.errors.length / relu.epochsToTarget, atLeast: true };
}

/** What the lecture's "about 6× faster" measured (Krizhevsky, Sutskever & Hinton 2012, Figure 1). */
export const LECTURE_CLAIM = {
  ratio: 6,
  text: 'The lecture’s “about 6× faster” comes from the AlexNet paper (Krizhevsky, Sutskever & Hinton 2012, Figure 1): a four-layer CNN on CIFAR-10 reached 25% training error six times sooner with ReLU than the same network with tanh.',
} as const;

const pct = (f: number) => `${Math.round(f * 1000) / 10}%`;

/** The race's conclusion in words: what it measured, its ratios to ReLU, and how far they are from the lecture's 6. */
export function raceVerdict(result: RaceResult, label: (a: ActivationName) => string = (a) => a): string[] {
  const s = result.settings;
  const relu = result.runs.find((r) => r.activation === 'relu');
  const what = `This race: an MLP 2 → ${s.hidden.join(' → ')} → 1 on ${s.points} two-moons points, plain SGD (learning rate ${s.learningRate}, batch ${s.batchSize}), target ${pct(s.targetError)} training error, at most ${s.maxEpochs} epochs; every run started from the same weights (fingerprint ${result.initialFingerprint}) and saw the same batches.`;
  if (!relu) return [what, 'Tick ReLU to measure the ratios to ReLU.'];
  if (relu.epochsToTarget === undefined) return [what, `ReLU did not reach ${pct(s.targetError)} within ${s.maxEpochs} epochs, so there is no ratio to report.`];
  const lines = [what];
  for (const run of result.runs) {
    if (run === relu) continue;
    const r = ratioToRelu(result, run);
    if (!r) continue;
    const how = run.diverged ? `diverged after ${run.errors.length} epochs` : r.atLeast ? `did not reach it in ${run.errors.length} epochs: at least ${r.ratio.toFixed(1)}× ReLU's ${relu.epochsToTarget}` : `needed ${run.epochsToTarget} epochs, ${r.ratio.toFixed(1)}× ReLU's ${relu.epochsToTarget}`;
    const far = r.atLeast ? '' : r.ratio >= LECTURE_CLAIM.ratio ? ` (${(r.ratio / LECTURE_CLAIM.ratio).toFixed(1)}× the lecture's 6)` : ` (the lecture's 6 is ${(LECTURE_CLAIM.ratio / r.ratio).toFixed(1)}× more)`;
    lines.push(`${label(run.activation)} ${how}${far}.`);
  }
  lines.push(`${LECTURE_CLAIM.text} A small MLP on a 2-D toy set is not that experiment: the ratio depends on the depth, the optimizer, the learning rate and the target, so read it as the direction (ReLU first), not as the number 6.`);
  return lines;
}

/** The chart's data: epochs on x, one training-error series per run (null once a run stopped). */
export function raceChartData(result: Pick<RaceResult, 'runs'>): (number | null)[][] {
  const epochs = Math.max(1, ...result.runs.map((r) => r.errors.length));
  const xs = Array.from({ length: epochs }, (_, i) => i + 1);
  return [xs, ...result.runs.map((r) => xs.map((_, i) => (i < r.errors.length ? r.errors[i] : null)))];
}
