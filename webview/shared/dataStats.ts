/**
 * Data normalization statistics, pure (no TF.js, no DOM): the per-channel mean and standard
 * deviation of a dataset's training split, and cs231n's 2-D preprocessing sequence for the toy
 * datasets (original → zero-centred → normalized → PCA-decorrelated → whitened).
 *
 * Statistics are always fitted on the training split only and then applied to every split: fitting
 * them on the validation samples too leaks those samples into the model (the classic mistake).
 * Splits follow the Train panel's rule (webview/shared/training/datasets.ts splitValidation, as Keras's
 * validation_split): the first `trainCount` samples train, the rest validate.
 */

export interface ChannelStats {
  /** Mean of each channel over every pixel of every training sample. */
  mean: number[];
  /** Population standard deviation (divided by N, as numpy's std and Keras's Normalization.adapt). */
  std: number[];
  /** Values per channel the statistics were computed from. */
  count: number;
}

/**
 * Per-channel mean and std of channels-last samples laid end to end in `values` (each sample
 * `sampleSize` values, channel = index mod `channels`), over the first `trainCount` samples only,
 * each value multiplied by `scale` (1/255 turns bytes into [0, 1]). Sums in float64; the mean is
 * taken first and the variance from the deviations, so no precision is lost to E[x²] − E[x]².
 */
export function channelStats(values: ArrayLike<number>, sampleSize: number, channels: number, trainCount: number, scale = 1): ChannelStats {
  const c = Math.max(1, Math.floor(channels));
  const n = Math.max(0, Math.min(Math.floor(trainCount), Math.floor(values.length / Math.max(1, sampleSize))));
  const end = n * sampleSize;
  const sum = new Float64Array(c);
  for (let i = 0; i < end; i++) sum[i % c] += values[i];
  const perChannel = (n * sampleSize) / c;
  const mean = Array.from(sum, (s) => (perChannel > 0 ? (s * scale) / perChannel : 0));
  const sq = new Float64Array(c);
  for (let i = 0; i < end; i++) {
    const d = values[i] * scale - mean[i % c];
    sq[i % c] += d * d;
  }
  const std = Array.from(sq, (s) => (perChannel > 0 ? Math.sqrt(s / perChannel) : 0));
  return { mean, std, count: perChannel };
}

/** A 2×2 covariance [[xx, xy], [xy, yy]], population form. */
export type Cov2 = [[number, number], [number, number]];

/** 2-D points as [x, y] pairs. */
export type Points2 = readonly (readonly [number, number])[];

function meanOf(points: Points2, fitCount: number): [number, number] {
  let x = 0;
  let y = 0;
  for (let i = 0; i < fitCount; i++) {
    x += points[i][0];
    y += points[i][1];
  }
  return fitCount > 0 ? [x / fitCount, y / fitCount] : [0, 0];
}

/** The covariance of the first `fitCount` points (all by default), about their own mean. */
export function covariance2(points: Points2, fitCount = points.length): Cov2 {
  const n = Math.max(0, Math.min(fitCount, points.length));
  const [mx, my] = meanOf(points, n);
  let xx = 0;
  let xy = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const dx = points[i][0] - mx;
    const dy = points[i][1] - my;
    xx += dx * dx;
    xy += dx * dy;
    yy += dy * dy;
  }
  const d = n > 0 ? n : 1;
  return [[xx / d, xy / d], [xy / d, yy / d]];
}

/**
 * Eigen-decomposition of a symmetric 2×2 matrix in closed form: the rotation θ that diagonalizes
 * it (eigenvectors (cos θ, sin θ) and (−sin θ, cos θ)) and the variances along them.
 */
export function eigen2(cov: Cov2): { theta: number; values: [number, number] } {
  const [[a, b], [, c]] = cov;
  const theta = 0.5 * Math.atan2(2 * b, a - c);
  const cs = Math.cos(theta);
  const sn = Math.sin(theta);
  return { theta, values: [a * cs * cs + 2 * b * sn * cs + c * sn * sn, a * sn * sn - 2 * b * sn * cs + c * cs * cs] };
}

/** Added to each variance before its square root (cs231n's 1e-5), so a flat axis divides by no zero. */
export const WHITEN_EPSILON = 1e-5;

export interface WhiteningSequence {
  original: [number, number][];
  /** x − mean. */
  zeroCentred: [number, number][];
  /** (x − mean)/std per axis. */
  normalized: [number, number][];
  /** Zero-centred, rotated onto the covariance's eigenvectors: the covariance becomes diagonal. */
  decorrelated: [number, number][];
  /** Decorrelated, each axis divided by √(its variance + ε): the covariance becomes the identity. */
  whitened: [number, number][];
  /** The statistics, fitted on the first `fitCount` points (the training split). */
  mean: [number, number];
  std: [number, number];
  theta: number;
  eigenvalues: [number, number];
}

/**
 * cs231n's preprocessing pictures for a 2-D point cloud: every stage of every point, with the mean,
 * std and rotation fitted on the first `fitCount` points (the training split) only.
 */
export function whiteningSequence(points: Points2, fitCount = points.length): WhiteningSequence {
  const n = Math.max(0, Math.min(fitCount, points.length));
  const mean = meanOf(points, n);
  const cov = covariance2(points, n);
  const std: [number, number] = [Math.sqrt(cov[0][0]), Math.sqrt(cov[1][1])];
  const { theta, values } = eigen2(cov);
  const cs = Math.cos(theta);
  const sn = Math.sin(theta);
  const sx = 1 / Math.sqrt(values[0] + WHITEN_EPSILON);
  const sy = 1 / Math.sqrt(values[1] + WHITEN_EPSILON);
  const original: [number, number][] = [];
  const zeroCentred: [number, number][] = [];
  const normalized: [number, number][] = [];
  const decorrelated: [number, number][] = [];
  const whitened: [number, number][] = [];
  for (const [x, y] of points) {
    const dx = x - mean[0];
    const dy = y - mean[1];
    const u = dx * cs + dy * sn;
    const v = -dx * sn + dy * cs;
    original.push([x, y]);
    zeroCentred.push([dx, dy]);
    normalized.push([std[0] > 0 ? dx / std[0] : 0, std[1] > 0 ? dy / std[1] : 0]);
    decorrelated.push([u, v]);
    whitened.push([u * sx, v * sy]);
  }
  return { original, zeroCentred, normalized, decorrelated, whitened, mean, std, theta, eigenvalues: values };
}
