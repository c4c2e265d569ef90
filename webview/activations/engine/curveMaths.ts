/**
 * The explorer's measurements with TF.js, on the engine's backend: f and f′ (by tf.grad) on the
 * plot grid and at a read-out's x, where f′ kills the gradient, the mean of f over N(0, 1), and
 * the time per 10⁶ elements. The plain-number side (ranges, medians, spreads) is ../measure.ts
 * and ../explorer.ts, which the page reads the answers with.
 */
import * as tf from '@tensorflow/tfjs';
import { yieldToPage } from '../../shared/yieldToPage';
import type { CurveId, CurveParams } from '../curves';
import { BackendUnavailableError, costsFromSamples, plotGrid, type Cost, type CurveResult, type Measure } from '../explorer';
import { COST_METHOD, saturationRanges, summarizeSamples, type CostMethod, type CostSample, type CurveValues } from '../measure';
import { curveFn, type CurveFn } from './activations';

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
      // engine's pause between rounds) or always follows the same one.
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

/** A curve to compute: its id and the parameters to draw it with. */
export interface CurveRequest {
  id: CurveId;
  params: CurveParams;
}

/** f, f′ and saturation ranges for each curve on the plot grid (../explorer.ts plotGrid). */
export async function computeCurves(curves: readonly CurveRequest[]): Promise<CurveResult[]> {
  const xs = plotGrid();
  const out: CurveResult[] = [];
  for (const { id, params } of curves) {
    const values = await evaluateCurve(curveFn(id), params, xs);
    out.push({ id, values, ranges: saturationRanges(values.x, values.df) });
  }
  return out;
}

/** f(x) and f′(x) of each curve at one x (the read-out table). */
export async function readoutAt(x: number, curves: readonly CurveRequest[]): Promise<{ id: CurveId; f: number; df: number }[]> {
  const rows: { id: CurveId; f: number; df: number }[] = [];
  for (const { id, params } of curves) rows.push({ id, ...(await valueAt(curveFn(id), params, x)) });
  return rows;
}

/** The first two questions for one curve: where |f′| < 0.01, and the mean of f(x) for x ~ N(0, 1). */
export async function measureCurve({ id, params }: CurveRequest): Promise<Measure> {
  const [result] = await computeCurves([{ id, params }]);
  await yieldToPage();
  const { mean, std } = await outputStats(curveFn(id), params);
  return { id, ranges: result.ranges, mean, std };
}

/**
 * The third question: ms per 10⁶ elements for every curve and the ratio to ReLU's. The ratio is
 * the median of each round's own ratio (rounds interleave the functions, so both numbers of a
 * round saw the same machine), with its spread over the rounds.
 */
export async function measureCost(
  curves: readonly CurveRequest[],
  method: Partial<CostMethod> & { now?: () => number } = {},
): Promise<Map<CurveId, Cost>> {
  const times = await timePerMillion(curves.map(({ id, params }) => ({ id, fn: curveFn(id), params })), method);
  return costsFromSamples(times);
}

/**
 * The cost measured on another backend (the CPU, where the lecture's "exp() is expensive" shows),
 * switching back afterwards. Other work must wait meanwhile: the caller runs it alone.
 */
export async function measureCostOn(backend: string, curves: readonly CurveRequest[], method: Partial<CostMethod> = {}): Promise<Map<CurveId, Cost>> {
  const previous = tf.getBackend();
  if (backend !== previous && !(await tf.setBackend(backend))) throw new BackendUnavailableError(backend);
  try {
    return await measureCost(curves, method);
  } finally {
    if (backend !== previous) await tf.setBackend(previous);
  }
}
