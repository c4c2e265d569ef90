/** Pure statistics and formatting for the live view (unit-tested in Node). */
import type { Say } from '../../../src/core/i18n';
import { pageSay } from './pageSay';

/** confusion[t][p] = how many samples of true class t were predicted as p. */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): number[][] {
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const p = predictions[i];
    if (t >= 0 && t < numClasses && p >= 0 && p < numClasses) m[t][p] += 1;
  }
  return m;
}

export function accuracyOf(matrix: number[][]): number {
  let right = 0;
  let all = 0;
  matrix.forEach((row, t) => row.forEach((n, p) => { all += n; if (t === p) right += n; }));
  return all ? right / all : 0;
}

/** Seconds left, from samples done/total and the measured rate; undefined before there is a rate. */
export function etaSeconds(done: number, total: number, samplesPerSecond: number): number | undefined {
  if (!(samplesPerSecond > 0) || !Number.isFinite(samplesPerSecond)) return undefined;
  return Math.max(0, total - done) / samplesPerSecond;
}

/** "0.4 s", "42 s", "3 min 05 s", "1 h 02 min" (in Korean "0.4초", "3분 05초"). */
export function formatDuration(seconds: number | undefined, say: Say = pageSay): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 10) return say('train.seconds', { s: seconds.toFixed(1) });
  const s = Math.round(seconds);
  if (s < 60) return say('train.seconds', { s });
  if (s < 3600) return say('train.minutesSeconds', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') });
  return say('train.hoursMinutes', { h: Math.floor(s / 3600), m: String(Math.floor((s % 3600) / 60)).padStart(2, '0') });
}

/** Smoothed rate: an exponential moving average that reacts within a few batches. */
export class RateMeter {
  private rate = 0;
  private samples = 0;
  constructor(private readonly smoothing = 0.3) {}
  add(samples: number, seconds: number): number {
    if (!(seconds > 0)) return this.rate;
    const r = samples / seconds;
    this.rate = this.samples === 0 ? r : this.rate * (1 - this.smoothing) + r * this.smoothing;
    this.samples += samples;
    return this.rate;
  }
  get value(): number {
    return this.rate;
  }
}

/** Compact number for the UI: 0.6931 -> "0.6931", 1234.5 -> "1,235". */
export function formatMetric(v: number | undefined, digits = 4): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(digits);
}

/** Keeps at most `max` points by averaging neighbours: per-batch curves stay cheap to draw and store. */
export function decimate(xs: number[], ys: number[], max: number): { xs: number[]; ys: number[] } {
  if (xs.length <= max) return { xs: xs.slice(), ys: ys.slice() };
  const step = xs.length / max;
  const ox: number[] = [];
  const oy: number[] = [];
  for (let i = 0; i < max; i++) {
    const a = Math.floor(i * step);
    const b = Math.max(a + 1, Math.floor((i + 1) * step));
    let sy = 0;
    for (let j = a; j < b; j++) sy += ys[j];
    ox.push(xs[b - 1]);
    oy.push(sy / (b - a));
  }
  return { xs: ox, ys: oy };
}

/** The divergence message: names the step and suggests a lower learning rate (the lecture's advice). */
export function divergenceMessage(opts: { loss: number; epoch: number; batch: number; step: number; learningRate: number }, say: Say = pageSay): string {
  const what = Number.isNaN(opts.loss) ? 'NaN' : opts.loss > 0 ? 'Infinity' : '−Infinity';
  const lower = opts.learningRate / 10;
  return say('train.divergence', { what, step: opts.step, epoch: opts.epoch, batch: opts.batch, rate: opts.learningRate, lower: Number(lower.toPrecision(3)) });
}

/**
 * When to repeat a costly measurement during training (the dead-ReLU probe): no sooner than
 * `minBatches` batches after the last one, and only once the training time since then is
 * `1/share - 1` times what that one cost, so it never takes more than about `share` of the run.
 */
export class ProbeSchedule {
  private batches = 0;
  private trainingMs = 0;
  private lastCostMs = 0;
  constructor(private readonly minBatches = 10, private readonly share = 0.1) {}
  /** Call after each batch with how long it took; true when a measurement is due. */
  batchDone(ms: number): boolean {
    this.batches += 1;
    this.trainingMs += Math.max(0, ms);
    return this.batches >= this.minBatches && this.affordable();
  }
  /** True when a measurement now keeps within the share, however few batches ran (epoch ends). */
  affordable(): boolean {
    return this.trainingMs * this.share >= this.lastCostMs * (1 - this.share);
  }
  /** Call after each measurement with what it cost. */
  measured(costMs: number): void {
    this.batches = 0;
    this.trainingMs = 0;
    this.lastCostMs = Math.max(0, costMs);
  }
}

/** "12.5 % (40 / 320)": a dead-unit reading as the live view shows it. */
export function formatDeadUnits(r: { fraction: number; deadUnits: number; totalUnits: number }): string {
  return `${(r.fraction * 100).toFixed(1)} % (${r.deadUnits.toLocaleString('en-US')} / ${r.totalUnits.toLocaleString('en-US')})`;
}

/** A rise of this much (a tenth of all ReLU units) since the start of a run earns the warning. */
export const DEAD_RELU_CLIMB = 0.1;

/**
 * A confusion-matrix row or column label: the class name, with its index in front only when the
 * name is not the index itself (MNIST's classes are "0"…"9": "0", not "0 0").
 */
export function classLabel(index: number, name: string | undefined): string {
  if (name === undefined || name === '' || name === String(index)) return String(index);
  return `${index} ${name}`;
}

/**
 * The running epoch means that Keras's `fit` prints after each batch and that the charts' epoch
 * points use: the loss weighted by batch size (keras/engine/compile_utils.py, LossesContainer:
 * `_total_loss_mean.update_state(loss, sample_weight=batch_dim)`) and the accuracy as correct
 * samples over samples seen; a smaller last batch counts for less.
 */
export class EpochMeans {
  private lossSum = 0;
  private correct = 0;
  private samples = 0;
  /** Adds one batch: its mean loss, how many of its samples were right, its size. */
  add(batchLoss: number, correctInBatch: number, batchSize: number): void {
    this.lossSum += batchLoss * batchSize;
    this.correct += correctInBatch;
    this.samples += batchSize;
  }
  get loss(): number {
    return this.samples ? this.lossSum / this.samples : NaN;
  }
  get accuracy(): number {
    return this.samples ? this.correct / this.samples : NaN;
  }
  get seen(): number {
    return this.samples;
  }
}
