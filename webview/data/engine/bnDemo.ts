/**
 * The batch-normalization demo on TF.js's own layer (tf.layers.batchNormalization, the layer the
 * Train panel builds for a spec's batchnorm): ../bnDemo.ts says what it shows.
 */
import * as tf from '@tensorflow/tfjs';
import { gaussian, mulberry32 } from '../../shared/random';
import {
  BN_BATCH, BN_DATA_MEAN, BN_DATA_STD, BN_EPSILON, BN_OTHER_MEAN, BN_SAMPLE, BN_STEPS, maxGap, type BnDemoResult, type BnStep,
} from '../bnDemo';

function draw(rand: () => number, n: number, mean: readonly number[], std: readonly number[]): number[][] {
  return Array.from({ length: n }, () => mean.map((m, k) => m + std[k] * gaussian(rand)));
}

function moments(rows: number[][]): { mean: number[]; variance: number[] } {
  const mean = rows[0].map((_, k) => rows.reduce((s, r) => s + r[k], 0) / rows.length);
  // The batch's biased variance, as Keras's and TF.js's moments take it.
  const variance = mean.map((m, k) => rows.reduce((s, r) => s + (r[k] - m) ** 2, 0) / rows.length);
  return { mean, variance };
}

/** Runs the demo with `momentum` (Keras's convention) and data seed `seed`. */
export function runBnDemo(momentum: number, seed: number): BnDemoResult {
  const rand = mulberry32(seed);
  const bn = tf.layers.batchNormalization({ momentum, epsilon: BN_EPSILON, inputShape: [2] });
  const head = tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) });
  const model = tf.sequential({ layers: [bn, head] });
  try {
    const steps: BnStep[] = [];
    for (let s = 0; s < BN_STEPS; s++) {
      const rows = draw(rand, BN_BATCH, BN_DATA_MEAN, BN_DATA_STD);
      const { mean, variance } = moments(rows);
      // Training mode: the layer normalizes with this batch's statistics and updates its moving averages.
      tf.tidy(() => {
        model.apply(tf.tensor2d(rows), { training: true });
      });
      const [movingMean, movingVariance] = bn.getWeights().slice(-2).map((w) => Array.from(w.dataSync()));
      steps.push({ batchMean: mean, batchVariance: variance, movingMean, movingVariance });
    }
    // Two batches holding the same sample: one from its own distribution, one among shifted samples.
    const a = [[...BN_SAMPLE], ...draw(rand, BN_BATCH - 1, BN_DATA_MEAN, BN_DATA_STD)];
    const b = [[...BN_SAMPLE], ...draw(rand, BN_BATCH - 1, BN_OTHER_MEAN, BN_DATA_STD)];
    const saved = bn.getWeights().map((w) => w.clone());
    const firstRow = (rows: number[][], training: boolean) =>
      tf.tidy(() => Array.from((model.apply(tf.tensor2d(rows), { training }) as tf.Tensor).slice([0, 0], [1, 3]).dataSync()));
    const training = { a: firstRow(a, true), b: firstRow(b, true) };
    // The comparison must not move the averages that inference mode reads.
    bn.setWeights(saved);
    tf.dispose(saved);
    const inference = { a: firstRow(a, false), b: firstRow(b, false) };
    return {
      momentum, epsilon: BN_EPSILON, batchSize: BN_BATCH, steps, training, inference,
      trainingGap: maxGap(training.a, training.b), inferenceGap: maxGap(inference.a, inference.b),
    };
  } finally {
    model.dispose();
  }
}
