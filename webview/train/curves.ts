/**
 * The Train panel's curves history: per-batch and per-epoch loss and accuracy as a run records
 * them, the series the charts draw, and the compact copy kept with the panel's saved state.
 * Plain arrays outside Svelte's reactivity (a run appends thousands of points); the session's
 * `curvesVersion` tells the charts to redraw.
 */
import { decimate } from '../shared/training/stats';

export interface Curves {
  batchStep: number[];
  batchLoss: number[];
  batchAcc: number[];
  epochStep: number[];
  epochLoss: number[];
  epochAcc: number[];
  valLoss: (number | null)[];
  valAcc: (number | null)[];
}

export const emptyCurves = (): Curves => ({ batchStep: [], batchLoss: [], batchAcc: [], epochStep: [], epochLoss: [], epochAcc: [], valLoss: [], valAcc: [] });

/** Appends one batch's loss and accuracy. */
export function recordBatch(c: Curves, step: number, loss: number, accuracy: number): void {
  c.batchStep.push(step);
  c.batchLoss.push(loss);
  c.batchAcc.push(accuracy);
}

/** Appends one epoch's means (at its last step) and its validation values (null when none). */
export function recordEpoch(c: Curves, step: number, r: { loss: number; accuracy: number; valLoss?: number; valAccuracy?: number }): void {
  c.epochStep.push(step);
  c.epochLoss.push(r.loss);
  c.epochAcc.push(r.accuracy);
  c.valLoss.push(r.valLoss ?? null);
  c.valAcc.push(r.valAccuracy ?? null);
}

/** Chart series on one x axis (steps): per batch, per epoch (at the epoch's last step), validation. */
export interface CurveSeries {
  xs: number[];
  ys: (number | null)[][];
}

function series(c: Curves, batchValues: number[], epochValues: number[], valValues: (number | null)[]): CurveSeries {
  const xs = [...c.batchStep];
  const batch = [...batchValues] as (number | null)[];
  const epoch: (number | null)[] = xs.map(() => null);
  const val: (number | null)[] = xs.map(() => null);
  c.epochStep.forEach((step, i) => {
    let k = xs.indexOf(step);
    if (k < 0) { xs.push(step); batch.push(null); epoch.push(null); val.push(null); k = xs.length - 1; }
    epoch[k] = epochValues[i];
    val[k] = valValues[i];
  });
  return { xs, ys: [batch, epoch, val] };
}

export const lossSeries = (c: Curves): CurveSeries => series(c, c.batchLoss, c.epochLoss, c.valLoss);
export const accuracySeries = (c: Curves): CurveSeries => series(c, c.batchAcc, c.epochAcc, c.valAcc);

/** Keeps stored curves small: at most 400 per-batch points. */
export function compactCurves(c: Curves): Curves {
  const loss = decimate(c.batchStep, c.batchLoss, 400);
  const acc = decimate(c.batchStep, c.batchAcc, 400);
  return { ...c, batchStep: loss.xs, batchLoss: loss.ys, batchAcc: acc.ys };
}
