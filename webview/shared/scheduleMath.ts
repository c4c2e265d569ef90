/**
 * Learning-rate schedules as pure functions of the step (no TF.js, so a page can draw them;
 * ./tf/schedules.ts adds setLearningRate for TF.js's optimizers): the Train panel can draw the whole curve
 * before training (`scheduleCurve`) and set each batch's rate (`learningRateAt` with
 * `setLearningRate`). Each closed form is PyTorch's (torch/optim/lr_scheduler.py), checked against
 * PyTorch's own schedulers in test/unit/webview/shared/tf/schedules.test.ts:
 * - step:        lr·γ^⌊t / stepSize⌋                          (StepLR)
 * - exponential: lr·γ^t                                        (ExponentialLR)
 * - cosine:      η_min + (lr − η_min)·(1 + cos(π·t/T))/2, t ≤ T (CosineAnnealingLR; after T ours stays
 *                at η_min, PyTorch's climbs back up a second half-period)
 * - warm-up:     × (s + (1 − s)·min(t, W)/W)                   (LinearLR, end factor 1), on top of any of them
 * `t` counts optimizer steps (batches) from 0: the rate of the first batch is learningRateAt(…, 0).
 */

export type ScheduleKind = 'constant' | 'step' | 'exponential' | 'cosine';

export interface Schedule {
  kind: ScheduleKind;
  /** step: multiply by `gamma` every `stepSize` steps; exponential: by `gamma` every step. */
  gamma?: number;
  stepSize?: number;
  /** cosine: steps from lr to `minLr` (T); after it the rate stays at minLr. */
  totalSteps?: number;
  minLr?: number;
  /** Linear warm-up over this many steps from `warmupStart`·lr (0 or absent: none). */
  warmupSteps?: number;
  warmupStart?: number;
}

export const SCHEDULE_KINDS: readonly { kind: ScheduleKind; label: string }[] = [
  { kind: 'constant', label: 'constant' },
  { kind: 'step', label: 'step decay' },
  { kind: 'exponential', label: 'exponential' },
  { kind: 'cosine', label: 'cosine' },
];

/** The multiplier of a linear warm-up at step t (1 once it is over). */
export function warmupFactor(schedule: Schedule, t: number): number {
  const w = schedule.warmupSteps ?? 0;
  if (w <= 0) return 1;
  const start = schedule.warmupStart ?? 0;
  return start + (1 - start) * (Math.min(t, w) / w);
}

/** The learning rate of step t (t ≥ 0, an integer), for base rate `lr`. */
export function learningRateAt(schedule: Schedule, lr: number, t: number): number {
  let rate: number;
  switch (schedule.kind) {
    case 'constant':
      rate = lr;
      break;
    case 'step':
      rate = lr * (schedule.gamma ?? 0.1) ** Math.floor(t / Math.max(1, schedule.stepSize ?? 1));
      break;
    case 'exponential':
      rate = lr * (schedule.gamma ?? 0.99) ** t;
      break;
    case 'cosine': {
      const total = Math.max(1, schedule.totalSteps ?? 1);
      const min = schedule.minLr ?? 0;
      rate = min + ((lr - min) * (1 + Math.cos((Math.PI * Math.min(t, total)) / total))) / 2;
      break;
    }
  }
  return rate * warmupFactor(schedule, t);
}

/** [step, rate] for steps 0 … steps − 1, at most `points` of them evenly spaced (for a chart). */
export function scheduleCurve(schedule: Schedule, lr: number, steps: number, points = 200): [number, number][] {
  const n = Math.max(1, Math.min(points, steps));
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const t = n === 1 ? 0 : Math.round((i * (steps - 1)) / (n - 1));
    out.push([t, learningRateAt(schedule, lr, t)]);
  }
  return out;
}
