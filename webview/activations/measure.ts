/**
 * The lecture's three questions about an activation (where does it kill the gradient, is it
 * zero-centred, how expensive is it): the plain-number side, shared by the page and the engine.
 * The engine measures with TF.js (./engine/curveMaths.ts); what it sends back is read with these.
 */
import { formatSigned } from '../shared/numberFormat';

export { formatSigned };

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

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
