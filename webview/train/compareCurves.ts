/**
 * The curves of a compare (./engine/compare.ts): per run, its batch losses and its epochs'
 * training and validation losses, and the series the overlaid charts draw (one per run, on one
 * x axis in epochs). Plain arrays outside Svelte's reactivity; the session's `compareVersion`
 * tells the charts to redraw.
 */
import type { CompareFinal, CompareResultMessage } from './engine/protocol';
import type { BatchReport, TrainOutcome } from '../shared/training/trainConfig';

export interface CompareLine {
  label: string;
  /** Step (1-based over the run) and loss of every batch. */
  batchStep: number[];
  batchLoss: number[];
  epoch: number[];
  epochLoss: number[];
  valLoss: (number | null)[];
  /** Reported when the run's model holds the shared initial weights. */
  weightsFingerprint?: string;
  result?: { outcome: TrainOutcome; final?: CompareFinal; batchesFingerprint: string; tensorsBefore: number; tensorsAfter: number };
}

export const emptyCompareLine = (label: string): CompareLine => ({ label, batchStep: [], batchLoss: [], epoch: [], epochLoss: [], valLoss: [] });

export function recordCompareResult(line: CompareLine, m: CompareResultMessage): void {
  line.result = { outcome: m.outcome, batchesFingerprint: m.batchesFingerprint, tensorsBefore: m.tensorsBefore, tensorsAfter: m.tensorsAfter, ...(m.final ? { final: m.final } : {}) };
}

/**
 * What the panel's progress tile shows during a compare, after a batch of run `run` (0-based) of
 * `runs`, each `runSamples` samples long: the samples of every run so far, and the time left at
 * this run's speed for the rest of it and the runs after it.
 */
export function compareProgress(run: number, runs: number, runSamples: number, r: Pick<BatchReport, 'samplesDone' | 'etaSeconds' | 'samplesPerSecond'>): { samplesDone: number; samplesTotal: number; eta: number | undefined } {
  const eta = r.etaSeconds === undefined || !(r.samplesPerSecond > 0) ? undefined
    : r.etaSeconds + (runs - 1 - run) * (runSamples / r.samplesPerSecond);
  return { samplesDone: run * runSamples + r.samplesDone, samplesTotal: runs * runSamples, eta };
}

/** Every run's batch loss against the epoch (step / batches per epoch): the runs share their steps. */
export function compareBatchSeries(lines: readonly CompareLine[], batchesPerEpoch: number): { xs: number[]; ys: (number | null)[][] } {
  const steps = Math.max(0, ...lines.map((l) => l.batchStep.length ? l.batchStep[l.batchStep.length - 1] : 0));
  const xs = Array.from({ length: steps }, (_, i) => (i + 1) / Math.max(1, batchesPerEpoch));
  const ys = lines.map((l) => {
    const y: (number | null)[] = xs.map(() => null);
    // A diverged loss (NaN, Infinity) is left out: the chart's scale stays readable.
    l.batchStep.forEach((s, i) => { if (Number.isFinite(l.batchLoss[i])) y[s - 1] = l.batchLoss[i]; });
    return y;
  });
  return { xs, ys };
}

/** Every run's per-epoch values (`which`: training or validation loss) against the epoch. */
export function compareEpochSeries(lines: readonly CompareLine[], which: 'epochLoss' | 'valLoss'): { xs: number[]; ys: (number | null)[][] } {
  const epochs = Math.max(0, ...lines.map((l) => l.epoch.length ? l.epoch[l.epoch.length - 1] : 0));
  const xs = Array.from({ length: epochs }, (_, i) => i + 1);
  const ys = lines.map((l) => {
    const y: (number | null)[] = xs.map(() => null);
    l.epoch.forEach((e, i) => {
      const v = l[which][i];
      if (v !== null && Number.isFinite(v)) y[e - 1] = v;
    });
    return y;
  });
  return { xs, ys };
}

/** The fingerprints of the runs that reported one, and whether they all agree. */
export function compareFingerprints(lines: readonly CompareLine[]): { weights: string[]; batches: string[]; same: boolean } {
  const weights = [...new Set(lines.map((l) => l.weightsFingerprint).filter((f): f is string => f !== undefined))];
  // A diverged or stopped run saw fewer batches: only the runs that finished are held side by side.
  const batches = [...new Set(lines.map((l) => (l.result?.outcome.status === 'done' ? l.result.batchesFingerprint : undefined)).filter((f): f is string => f !== undefined))];
  return { weights, batches, same: weights.length <= 1 && batches.length <= 1 };
}
