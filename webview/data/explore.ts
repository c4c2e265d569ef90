/**
 * What the data explorer shows for one dataset, computed from its samples (pure: no TF.js, no
 * DOM; the engine runs it in a worker, unit tests in Node). Every statistic is fitted on the
 * training split only, the first `trainCount` samples of the shuffled set, as the Train panel
 * splits (../shared/training/datasets.ts splitValidation); the validation split is only ever
 * normalized with the training split's numbers, which is how it is measured below.
 */
import { channelStats, covariance2, whiteningSequence, type Cov2 } from '../shared/dataStats';

/** Bars per histogram. */
export const HIST_BINS = 40;
/** Points drawn per scatter plot (all of them up to this many). */
export const MAX_DRAWN_POINTS = 2000;

export interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
}

/** One channel's statistics (training split) and its value histograms before and after normalization. */
export interface ChannelSummary {
  mean: number;
  std: number;
  min: number;
  max: number;
  /** The three histograms share one value axis [lo, hi], so the shift and the squeeze show. */
  before: Histogram;
  centred: Histogram;
  standardized: Histogram;
  /** The validation split normalized with the training split's mean and std: close to 0 and 1, not exactly. */
  validationMean: number | null;
  validationStd: number | null;
}

export const STAGE_IDS = ['original', 'zeroCentred', 'normalized', 'decorrelated', 'whitened'] as const;
export type StageId = (typeof STAGE_IDS)[number];

/** One picture of cs231n's preprocessing sequence: the drawn points and the training split's covariance. */
export interface StageView {
  id: StageId;
  /** x0, y0, x1, y1, … of the first MAX_DRAWN_POINTS samples. */
  points: number[];
  /** Covariance of the stage's training points: [xx, xy, yy]. */
  cov: [number, number, number];
}

export interface StatsResult {
  kind: 'points' | 'images';
  count: number;
  trainCount: number;
  validationCount: number;
  /** One sample's shape: [2] for the toys, [H, W, C] for images. */
  shape: number[];
  channels: ChannelSummary[];
  /** The toys only: the five pictures, and the class of each drawn point (colour). */
  stages?: StageView[];
  labels?: number[];
  /** Whether the pictures start from the skewed set (SKEW). */
  skewed?: boolean;
}

/** The number of validation samples Keras's validation_split and the Train panel hold out: the last ⌊n·f⌋. */
export function validationCount(count: number, fraction: number): number {
  const f = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 0.9) : 0;
  return Math.floor(count * f);
}

function histogram(values: Float32Array | number[], start: number, end: number, stride: number, offset: number, map: (v: number) => number, lo: number, hi: number): Histogram {
  const counts = new Array<number>(HIST_BINS).fill(0);
  const width = hi > lo ? (hi - lo) / HIST_BINS : 1;
  for (let i = start + offset; i < end; i += stride) {
    const b = Math.floor((map(values[i]) - lo) / width);
    counts[Math.min(HIST_BINS - 1, Math.max(0, b))]++;
  }
  return { lo, hi, counts };
}

/**
 * Per-channel statistics of `count` channels-last samples of `sampleSize` values (channel = index
 * mod `channels`), fitted on the first `trainCount`; histograms of the training values.
 */
export function summarizeChannels(xs: Float32Array, sampleSize: number, channels: number, count: number, trainCount: number): ChannelSummary[] {
  const stats = channelStats(xs, sampleSize, channels, trainCount);
  const trainEnd = trainCount * sampleSize;
  const end = count * sampleSize;
  return stats.mean.map((mean, c) => {
    const std = stats.std[c];
    let min = Infinity;
    let max = -Infinity;
    for (let i = c; i < trainEnd; i += channels) {
      const v = xs[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(min <= max)) { min = 0; max = 0; }
    const scale = std > 0 ? 1 / std : 1;
    const lo = Math.min(min, min - mean, (min - mean) * scale);
    const hi = Math.max(max, max - mean, (max - mean) * scale);
    const span = hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5];
    // The validation split normalized with the training statistics (it never contributes to them).
    let vSum = 0;
    let vN = 0;
    for (let i = trainEnd + c; i < end; i += channels) {
      vSum += (xs[i] - mean) * scale;
      vN++;
    }
    const vMean = vN > 0 ? vSum / vN : null;
    let vSq = 0;
    if (vMean !== null) for (let i = trainEnd + c; i < end; i += channels) vSq += ((xs[i] - mean) * scale - vMean) ** 2;
    return {
      mean, std, min, max,
      before: histogram(xs, 0, trainEnd, channels, c, (v) => v, span[0], span[1]),
      centred: histogram(xs, 0, trainEnd, channels, c, (v) => v - mean, span[0], span[1]),
      standardized: histogram(xs, 0, trainEnd, channels, c, (v) => (v - mean) * scale, span[0], span[1]),
      validationMean: vMean,
      validationStd: vMean !== null ? Math.sqrt(vSq / vN) : null,
    };
  });
}

const flatCov = (c: Cov2): [number, number, number] => [c[0][0], c[0][1], c[1][1]];

/**
 * The toys come centred and round; raw features rarely do. With `skew`, the pictures start from
 * x' = A·x + b (shifted, stretched and tilted: correlated features in different units), as
 * cs231n's pictures do.
 */
export const SKEW = { a: [[2, 1.2], [0.6, 1]], b: [1.5, -0.8] } as const;

/** cs231n's five pictures of a 2-D set, every transform fitted on the training split. */
export function pointStages(xs: Float32Array, count: number, trainCount: number, skew = false): StageView[] {
  const points: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const x = xs[2 * i];
    const y = xs[2 * i + 1];
    points.push(skew ? [SKEW.a[0][0] * x + SKEW.a[0][1] * y + SKEW.b[0], SKEW.a[1][0] * x + SKEW.a[1][1] * y + SKEW.b[1]] : [x, y]);
  }
  const seq = whiteningSequence(points, trainCount);
  const drawn = Math.min(count, MAX_DRAWN_POINTS);
  return STAGE_IDS.map((id) => {
    const stage = seq[id];
    const flat: number[] = [];
    for (let i = 0; i < drawn; i++) flat.push(stage[i][0], stage[i][1]);
    return { id, points: flat, cov: flatCov(covariance2(stage, trainCount)) };
  });
}

/** Everything the explorer shows for a dataset's samples, with the last ⌊count·validationSplit⌋ held out. */
export function exploreSamples(
  ds: { kind: 'points' | 'images'; count: number; xs: Float32Array; labels: Uint8Array; shape: number[] },
  validationSplit: number,
  skew = false,
): StatsResult {
  const valCount = validationCount(ds.count, validationSplit);
  const trainCount = ds.count - valCount;
  const channels = ds.kind === 'points' ? 2 : ds.shape[ds.shape.length - 1];
  const sampleSize = ds.shape.reduce((a, b) => a * b, 1);
  const result: StatsResult = {
    kind: ds.kind, count: ds.count, trainCount, validationCount: valCount, shape: [...ds.shape],
    channels: summarizeChannels(ds.xs, sampleSize, channels, ds.count, trainCount),
  };
  if (ds.kind === 'points') {
    result.stages = pointStages(ds.xs, ds.count, trainCount, skew);
    result.labels = Array.from(ds.labels.subarray(0, Math.min(ds.count, MAX_DRAWN_POINTS)));
    result.skewed = skew;
  }
  return result;
}
