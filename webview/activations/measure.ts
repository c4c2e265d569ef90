/**
 * The lecture's three questions about an activation, answered by measuring it with TF.js on the
 * active backend: where does it kill the gradient, is it zero-centred, how expensive is it.
 */
import * as tf from '@tensorflow/tfjs';
import type { CurveParams } from './activations';
import { yieldToPage } from '../shared/yieldToPage';

export type CurveFn = (x: tf.Tensor, p: CurveParams) => tf.Tensor;

/** Gradients below this magnitude count as "killed" (the lecture's |f′| < 0.01). */
export const SATURATION_THRESHOLD = 0.01;

/** Evenly spaced grid from lo to hi inclusive. */
export function grid(lo: number, hi: number, points: number): Float32Array {
  if (!(points >= 2) || !(hi > lo)) throw new Error(`grid needs hi > lo and points >= 2, got [${lo}, ${hi}] with ${points}`);
  const xs = new Float32Array(points);
  for (let i = 0; i < points; i++) xs[i] = lo + ((hi - lo) * i) / (points - 1);
  return xs;
}

export interface CurveValues {
  x: Float32Array;
  f: Float32Array;
  df: Float32Array;
}

/**
 * f and f′ at each x. f′ comes from tf.valueAndGrad: each f here is element-wise, so the
 * gradient of Σf with respect to x is exactly f′ at each point.
 */
export async function evaluateCurve(fn: CurveFn, params: CurveParams, xs: Float32Array): Promise<CurveValues> {
  const [fT, dfT] = tf.tidy(() => {
    const x = tf.tensor1d(xs);
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => fn(t, params))(x);
    return [value, grad];
  });
  try {
    const [f, df] = await Promise.all([fT.data() as Promise<Float32Array>, dfT.data() as Promise<Float32Array>]);
    return { x: xs, f: Float32Array.from(f), df: Float32Array.from(df) };
  } finally {
    fT.dispose();
    dfT.dispose();
  }
}

/** f(x) and f′(x) at one exact x (the read-out), not interpolated from the plotted grid. */
export async function valueAt(fn: CurveFn, params: CurveParams, x: number): Promise<{ f: number; df: number }> {
  const v = await evaluateCurve(fn, params, Float32Array.of(x));
  return { f: v.f[0], df: v.df[0] };
}

/** A closed interval of x; ±Infinity where it runs past the sampled grid (the function keeps saturating). */
export interface XRange {
  from: number;
  to: number;
}

/**
 * The x ranges where |f′| < threshold, from a sampled f′. A run touching the end of the grid is
 * reported as open (−∞ or +∞): every function here is monotone in its tails.
 *
 * The comparison allows for float32 rounding: α = 0.01 in float32 is 0.00999999977, and a Leaky
 * ReLU with the lecture's α must not count as "killing" the gradient at exactly the threshold.
 */
export function saturationRanges(xs: ArrayLike<number>, df: ArrayLike<number>, threshold = SATURATION_THRESHOLD): XRange[] {
  const limit = threshold * (1 - 1e-6);
  const ranges: XRange[] = [];
  let start = -1;
  const n = xs.length;
  for (let i = 0; i <= n; i++) {
    const small = i < n && Number.isFinite(df[i]) && Math.abs(df[i]) < limit;
    if (small && start < 0) start = i;
    if (!small && start >= 0) {
      ranges.push({ from: start === 0 ? -Infinity : xs[start], to: i === n ? Infinity : xs[i - 1] });
      start = -1;
    }
  }
  return ranges;
}

export function formatRanges(ranges: XRange[], digits = 2): string {
  if (ranges.length === 0) return 'none';
  const fmt = (v: number) => (v < 0 ? '−' : '') + Math.abs(v).toFixed(digits);
  return ranges
    .map((r) => {
      if (r.from === -Infinity && r.to === Infinity) return 'everywhere';
      if (r.from === -Infinity) return `x < ${fmt(r.to)}`;
      if (r.to === Infinity) return `x > ${fmt(r.from)}`;
      return `${fmt(r.from)} ≤ x ≤ ${fmt(r.to)}`;
    })
    .join(', ');
}

/** Mean and std of f(x) for x ~ N(0, 1), n samples, seeded so every function sees the same x. */
export async function outputStats(
  fn: CurveFn,
  params: CurveParams,
  n = 1_000_000,
  seed = 42,
): Promise<{ mean: number; std: number }> {
  const stats = tf.tidy(() => {
    const x = tf.randomNormal([n], 0, 1, 'float32', seed);
    const y = fn(x, params);
    const { mean, variance } = tf.moments(y);
    return tf.stack([mean, tf.sqrt(variance)]);
  });
  try {
    const [mean, std] = await stats.data();
    return { mean, std };
  } finally {
    stats.dispose();
  }
}

/**
 * Milliseconds per 10⁶ elements for each function on the active backend: the median of several
 * timed rounds, each applying f `reps` times to the same 10⁶-element tensor and waiting for the
 * results. Every round reads back `reps` single numbers, the same small overhead for every function.
 */
export async function timePerMillion(
  fns: { id: string; fn: CurveFn; params: CurveParams }[],
  opts: { n?: number; reps?: number; rounds?: number; now?: () => number } = {},
): Promise<Map<string, number>> {
  const n = opts.n ?? 1_000_000;
  const reps = opts.reps ?? 3;
  const rounds = opts.rounds ?? 3;
  const now = opts.now ?? (() => performance.now());
  const x = tf.randomNormal([n], 0, 1, 'float32', 7);
  const out = new Map<string, number>();
  try {
    const runOnce = async (fn: CurveFn, params: CurveParams) => {
      const probe = tf.tidy(() => {
        const outs: tf.Tensor[] = [];
        for (let r = 0; r < reps; r++) outs.push(fn(x, params));
        // Reading one element of each result forces every application to run (WebGL runs a
        // program only when its output is needed) at almost no cost of its own.
        return tf.concat(outs.map((o) => o.slice([0], [1])));
      });
      await probe.data();
      probe.dispose();
    };
    for (const { fn, params } of fns) {
      await runOnce(fn, params); // warm-up: shader compiles
      await yieldToPage();
    }
    const samples = new Map<string, number[]>(fns.map((f) => [f.id, []]));
    for (let round = 0; round < rounds; round++) {
      for (const { id, fn, params } of fns) {
        const t0 = now();
        await runOnce(fn, params);
        samples.get(id)!.push(((now() - t0) / reps) * (1_000_000 / n));
        await yieldToPage(); // outside the timed part
      }
    }
    for (const [id, list] of samples) out.set(id, median(list));
  } finally {
    x.dispose();
  }
  return out;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
