/**
 * The learning-rate range test (Smith 2017, fastai's `lr_find`): train a few batches with the
 * learning rate growing exponentially from 1e-6 to 1, smooth the losses, stop once the smoothed
 * loss passes 4× its best, and suggest the rate where it fell fastest against log(lr) (leaving
 * out, as fastai does, the first tenth of the batches and the last five before the stop).
 *
 * It never disturbs the run it serves: the model's weights (trainable and not, e.g. BatchNorm's
 * moving statistics) are copied before and written back after, and the test steps its own
 * optimizer of the same kind and hyperparameters, so the caller's optimizer state (momenta,
 * Adam's moments, its iteration count) is never touched.
 *
 * The pure parts (`rangeRates`, `smoothLosses`, `divergedAt`, `suggestRate`) take and return
 * plain numbers; `findLearningRate` runs them on TF.js.
 */
import * as tf from '@tensorflow/tfjs';
import { createOptimizer, disposeOptimizer, type Hypers, type OptimizerId } from './optimizers';
import { setLearningRate } from './schedules';

export interface RangeTestOptions {
  minLr: number;
  maxLr: number;
  /** Batches at most (one rate each). */
  steps: number;
  /** Exponential smoothing of the losses (fastai's 0.98). */
  beta: number;
  /** Stop once the smoothed loss exceeds this multiple of its best. */
  divergeFactor: number;
}

export const RANGE_TEST_DEFAULTS: RangeTestOptions = { minLr: 1e-6, maxLr: 1, steps: 100, beta: 0.98, divergeFactor: 4 };

/** Rate of batch i: minLr·(maxLr/minLr)^(i/(steps − 1)), from minLr to maxLr inclusive. */
export function rangeRates(o: Pick<RangeTestOptions, 'minLr' | 'maxLr' | 'steps'>): number[] {
  const n = Math.max(2, Math.floor(o.steps));
  return Array.from({ length: n }, (_, i) => o.minLr * (o.maxLr / o.minLr) ** (i / (n - 1)));
}

/** Exponential moving average with bias correction: avg_i / (1 − βⁱ⁺¹), as fastai smooths. */
export function smoothLosses(losses: readonly number[], beta: number): number[] {
  let avg = 0;
  return losses.map((loss, i) => {
    avg = beta * avg + (1 - beta) * loss;
    return avg / (1 - beta ** (i + 1));
  });
}

/** Index of the first smoothed loss above factor × the best so far (or not finite), or undefined. */
export function divergedAt(smoothed: readonly number[], factor: number): number | undefined {
  let best = Infinity;
  for (let i = 0; i < smoothed.length; i++) {
    const s = smoothed[i];
    if (!Number.isFinite(s) || (i > 0 && s > factor * best)) return i;
    best = Math.min(best, s);
  }
  return undefined;
}

/**
 * The rate at the steepest descent of the smoothed loss against log(lr): the slope
 * (s[i+w] − s[i]) / (log lr[i+w] − log lr[i]) over `window` = w batches (fastai's `steep` is
 * w = 1; a few batches keep one noisy batch from outweighing the real fall), most negative at the
 * window's middle. Undefined when the loss never fell.
 */
export function suggestRate(
  rates: readonly number[],
  smoothed: readonly number[],
  window = 5,
): { index: number; lr: number; slope: number } | undefined {
  const w = Math.max(1, Math.floor(window));
  let best: { index: number; lr: number; slope: number } | undefined;
  for (let i = 0; i + w < Math.min(rates.length, smoothed.length); i++) {
    const slope = (smoothed[i + w] - smoothed[i]) / (Math.log(rates[i + w]) - Math.log(rates[i]));
    const mid = i + Math.floor(w / 2);
    if (Number.isFinite(slope) && slope < 0 && (!best || slope < best.slope)) best = { index: mid, lr: rates[mid], slope };
  }
  return best;
}

/** What the test changes and how it computes a loss (a tf.LayersModel has both methods). */
export interface RangeTestTarget {
  /** Every weight, trainable and not (LayersModel.getWeights()). */
  getWeights(): tf.Tensor[];
  setWeights(weights: tf.Tensor[]): void;
  /** The training loss on the caller's batch i (called inside optimizer.minimize). */
  loss(batch: number): tf.Scalar;
  /** Trainable variables to update; all of TF.js's trainable variables when absent (as minimize does). */
  variables?: tf.Variable[];
}

export interface RangeTestResult {
  rates: number[];
  losses: number[];
  smoothed: number[];
  /** Batch at which the smoothed loss passed divergeFactor × its best (the test stopped there). */
  stoppedAt: number | undefined;
  suggestion: { index: number; lr: number } | undefined;
}

/**
 * Runs the range test with a fresh `optimizerId` optimizer and restores every weight afterwards,
 * also when a loss throws. `yieldEvery` batches it awaits `pause()` (e.g. yieldToPage) so a page
 * stays responsive.
 */
export async function findLearningRate(
  target: RangeTestTarget,
  optimizerId: OptimizerId,
  hypers: Hypers,
  options: Partial<RangeTestOptions> = {},
  pause: () => Promise<void> = () => Promise.resolve(),
  yieldEvery = 1,
): Promise<RangeTestResult> {
  const o = { ...RANGE_TEST_DEFAULTS, ...options };
  const rates = rangeRates(o);
  const saved = target.getWeights().map((w) => tf.clone(w));
  const optimizer = createOptimizer(optimizerId, { ...hypers, learningRate: rates[0] });
  const losses: number[] = [];
  let smoothed: number[] = [];
  let stoppedAt: number | undefined;
  try {
    for (let i = 0; i < rates.length; i++) {
      setLearningRate(optimizer, rates[i]);
      const lossT = tf.tidy(() => optimizer.minimize(() => target.loss(i), true, target.variables) as tf.Scalar);
      const loss = (await lossT.data())[0];
      lossT.dispose();
      losses.push(loss);
      smoothed = smoothLosses(losses, o.beta);
      stoppedAt = divergedAt(smoothed, o.divergeFactor);
      if (stoppedAt !== undefined) break;
      if ((i + 1) % yieldEvery === 0) await pause();
    }
  } finally {
    target.setWeights(saved);
    tf.dispose(saved);
    disposeOptimizer(optimizer);
  }
  // fastai's lr_find reads the curve without its first tenth (the average is still settling)
  // and its last 5 points (the blow-up), up to where the test stopped.
  const from = Math.floor(rates.length / 10);
  const end = Math.max(from, (stoppedAt ?? smoothed.length) - 5);
  const inner = suggestRate(rates.slice(from, end), smoothed.slice(from, end));
  const found = inner && { ...inner, index: inner.index + from };
  return {
    rates: rates.slice(0, losses.length),
    losses,
    smoothed,
    stoppedAt,
    suggestion: found && { index: found.index, lr: found.lr },
  };
}
