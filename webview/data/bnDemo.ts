/**
 * The batch-normalization demo's settings and result (pure types and checks; the TF.js part is
 * ./engine/bnDemo.ts). A BatchNormalization layer on 2-D inputs, followed by a fixed softmax
 * layer: one sample's prediction is read in two different batches, in training mode (the batch's
 * own mean and variance) and in inference mode (the moving averages).
 */

/** The momentum values offered (Keras's convention: moving = moving·momentum + batch·(1 − momentum)). */
export const BN_MOMENTA = [0.5, 0.9, 0.99] as const;
export const BN_EPSILON = 1e-3;
export const BN_BATCH = 16;
export const BN_STEPS = 40;
/** Where the training batches come from: a Gaussian with this mean and standard deviation per feature. */
export const BN_DATA_MEAN = [2, -1] as const;
export const BN_DATA_STD = [0.5, 1.5] as const;
/** The second batch's other samples come from a shifted Gaussian: same sample, different company. */
export const BN_OTHER_MEAN = [4, 2] as const;
/** The sample whose prediction is followed. */
export const BN_SAMPLE = [2.3, -0.5] as const;

export interface BnStep {
  batchMean: number[];
  batchVariance: number[];
  /** After this step's update. */
  movingMean: number[];
  movingVariance: number[];
}

export interface BnDemoResult {
  momentum: number;
  epsilon: number;
  batchSize: number;
  steps: BnStep[];
  /** The sample's class probabilities in batch A (its own distribution) and batch B (shifted company). */
  training: { a: number[]; b: number[] };
  inference: { a: number[]; b: number[] };
  /** Largest |difference| between the A and B probabilities in each mode. */
  trainingGap: number;
  inferenceGap: number;
}

export const maxGap = (a: readonly number[], b: readonly number[]): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
