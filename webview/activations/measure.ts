/**
 * The lecture's three questions about an activation, answered by measuring it with TF.js on the
 * active backend: where does it kill the gradient, is it zero-centred, how expensive is it.
 */
import * as tf from '@tensorflow/tfjs';
import type { CurveParams } from './activations';
import { yieldToPage } from '../shared/yieldToPage';
import { formatSigned } from '../shared/numberFormat';

export { formatSigned };

export type CurveFn = (x: tf.Tensor, p: CurveParams) => tf.Tensor;

/** Gradients below this magnitude count as "killed" (the lecture's |f′| < 0.01). */
export const SATURATION_THRESHOLD = 0.01;

/** Evenly spaced grid from lo to hi inclusive. */
export function grid(lo: number, hi: number, points: number): Float32Array {
  if (!(points >= 2) || !(hi > lo)) throw new Error(`NetLens: grid needs hi > lo and points >= 2, got [${lo}, ${hi}] with ${points}`);
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
  const fmt = (v: number) => formatSigned(v, digits);
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

/** How the cost column is measured: big enough to dwarf per-call overhead, repeated for a spread. */
export interface CostMethod {
  /** Elements per tensor. */
  n: number;
  /** Applications of f per timed round (their mean is one sample). */
  reps: number;
  /** Timed rounds per function; the median and spread are taken over these. */
  rounds: number;
  /** Untimed rounds per function first (shader compiles, caches, the CPU's clock ramp). */
  warmup: number;
}

/**
 * 4·10⁶ elements (16 MB in and out, far past any cache, so a GPU's memory traffic dominates as
 * it does in a real layer), 5 applications per round, 7 rounds after 2 warm-up rounds. Rounds
 * interleave the functions, so a slow moment of the machine hits every function alike, and
 * rotate their order.
 */
export const COST_METHOD: CostMethod = { n: 4_000_000, reps: 5, rounds: 7, warmup: 2 };

/** One function's cost: the median and spread of its per-round samples, ms per 10⁶ elements. */
export interface CostSample {
  /** Median over the timed rounds. */
  ms: number;
  /** Half the interquartile range, as ± around the median. */
  spread: number;
  /** Every timed round's value, in order (warm-up excluded). */
  samples: number[];
}

/** Median and ± half the interquartile range of `samples` (linear interpolation between ranks). */
export function summarizeSamples(samples: number[]): CostSample {
  return { ms: median(samples), spread: (quantile(samples, 0.75) - quantile(samples, 0.25)) / 2, samples: [...samples] };
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * Milliseconds per 10⁶ elements for each function on the active backend, following `method`:
 * `warmup` untimed rounds, then `rounds` timed ones, each applying f `reps` times to the same
 * tensor and waiting for the results. Every round reads back `reps` single numbers, the same
 * small overhead for every function.
 */
export async function timePerMillion(
  fns: { id: string; fn: CurveFn; params: CurveParams }[],
  opts: Partial<CostMethod> & { now?: () => number } = {},
): Promise<Map<string, CostSample>> {
  const { n, reps, rounds, warmup } = { ...COST_METHOD, ...opts };
  const now = opts.now ?? (() => performance.now());
  const x = tf.randomNormal([n], 0, 1, 'float32', 7);
  const out = new Map<string, CostSample>();
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
    for (let round = 0; round < warmup; round++) {
      for (const { fn, params } of fns) {
        await runOnce(fn, params);
        await yieldToPage();
      }
    }
    const samples = new Map<string, number[]>(fns.map((f) => [f.id, []]));
    for (let round = 0; round < rounds; round++) {
      // Each round starts one function later, so no function always comes first (after the
      // page's pause between rounds) or always follows the same one.
      for (let k = 0; k < fns.length; k++) {
        const { id, fn, params } = fns[(round + k) % fns.length];
        const t0 = now();
        await runOnce(fn, params);
        samples.get(id)!.push(((now() - t0) / reps) * (1_000_000 / n));
        await yieldToPage(); // outside the timed part
      }
    }
    for (const [id, list] of samples) out.set(id, summarizeSamples(list));
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
