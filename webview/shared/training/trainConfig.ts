/** Training settings, their check, and the choice of loss: pure, shared by trainer and UI. */
import type { Say } from '../../../src/core/i18n';
import type { TrainLayer } from '../../../src/protocol/train';
import { HYPERS, OPTIMIZER_DEFS, optimizerDef, type HyperName, type Hypers, type OptimizerId } from '../optimizerDefs';
import { learningRateAt, warmupFactor, type Schedule } from '../scheduleMath';
import { splitValidation } from './datasets';
import { pageSay } from './pageSay';

/** Every optimizer of the registry (../optimizerDefs.ts): the Train panel builds its optimizer there. */
export type OptimizerName = OptimizerId;

/** The TF.js backends the panel trains on (./backend.ts starts them). */
export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const OPTIMIZERS: readonly { id: OptimizerName; label: string }[] = OPTIMIZER_DEFS.map((d) => ({ id: d.id, label: d.label }));

/**
 * A learning-rate schedule of a run (../scheduleMath.ts) and the unit its `t` counts: `epoch`
 * changes the rate between epochs only (PyTorch's StepLR/ExponentialLR stepped once per epoch),
 * `batch` before every batch. A warm-up always counts batches.
 */
export interface TrainSchedule extends Schedule {
  per: 'batch' | 'epoch';
}

export interface TrainSettings {
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Fraction of samples held out for validation, 0 ≤ f < 1. */
  validationSplit: number;
  seed: number;
  /** The optimizer's hyperparameters beyond the learning rate; absent ones take the registry's defaults (TF.js's). */
  hypers?: Hypers;
  /** How the rate changes over the run; absent: constant. */
  schedule?: TrainSchedule;
  // ---- regularization (absent: off; ./regularizationSettings.ts checks them) ----
  /**
   * Decoupled weight decay λ (AdamW-style, Loshchilov & Hutter): before each step every trainable
   * weight becomes w·(1 − lr·λ), then the optimizer applies the data gradient. Keras's optimizer
   * `weight_decay=` (keras/src/optimizers/base_optimizer.py, _apply_weight_decay) and PyTorch's
   * AdamW mean the same.
   */
  weightDecay?: number;
  /** Stop once validation loss has not improved by more than `minDelta` for `patience` epochs; restore the best epoch's weights. */
  earlyStopping?: { patience: number; minDelta: number };
  /** Image sets only: random horizontal flips and shifts by up to `shift` pixels, training batches only (./augment.ts). */
  augment?: { flip: boolean; shift: number };
}

/** How the model's outputs become a loss: probabilities (softmax/sigmoid) or raw scores (logits). */
export type LossMode = 'softmax' | 'logits' | 'sigmoid';

/**
 * Picks the loss from the last layer: softmax -> categorical cross-entropy on probabilities,
 * one sigmoid unit -> binary cross-entropy, anything else -> softmax cross-entropy on logits.
 */
export function lossModeFor(layers: readonly TrainLayer[], say: Say = pageSay): { mode: LossMode; note?: string } {
  const last = [...layers].reverse().find((l) => l.config.kind !== 'dropout');
  const act = last && (last.config.kind === 'dense' || last.config.kind === 'conv2d' || last.config.kind === 'activation')
    ? last.config.activation.name : undefined;
  const units = last?.outputShape?.[last.outputShape.length - 1];
  if (act === 'softmax') return { mode: 'softmax' };
  if (act === 'sigmoid' && units === 1) return { mode: 'sigmoid' };
  return { mode: 'logits', note: act && act !== 'linear' ? say('train.noteLogitsActivation', { activation: act }) : say('train.noteLogits') };
}

/** True for a learning rate training can use: a finite positive number. */
export function isValidLearningRate(rate: number): boolean {
  return Number.isFinite(rate) && rate > 0;
}

/** Checks the settings a student typed; returns a message for the first problem, or undefined. */
export function checkSettings(s: TrainSettings, samples: number, say: Say = pageSay): string | undefined {
  if (!isValidLearningRate(s.learningRate)) return say('train.badLearningRate', { value: String(s.learningRate) });
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1) return say('train.badBatchSize', { value: String(s.batchSize) });
  if (!Number.isInteger(s.epochs) || s.epochs < 1) return say('train.badEpochs', { value: String(s.epochs) });
  if (!Number.isFinite(s.validationSplit) || s.validationSplit < 0 || s.validationSplit >= 0.9) {
    return say('train.badValidationSplit', { value: String(s.validationSplit) });
  }
  const { train } = splitValidation(samples, s.validationSplit);
  if (train < 1) return say('train.noTrainingSamples');
  return checkHypers(s.optimizer, s.hypers, say) ?? checkSchedule(s.schedule, s.learningRate, say);
}

// ---- optimizer hyperparameters and learning-rate schedules ----------------------------------------

/** The hyperparameters `optimizer` takes besides the learning rate, in the registry's order. */
export function optimizerHypers(optimizer: OptimizerName): HyperName[] {
  return optimizerDef(optimizer).hypers.filter((h) => h !== 'learningRate');
}

/** Every hyperparameter of `optimizer`: the given value, else the registry's default. */
export function resolvedHypers(optimizer: OptimizerName, hypers: Hypers | undefined): Hypers {
  const def = optimizerDef(optimizer);
  const out: Hypers = {};
  for (const h of optimizerHypers(optimizer)) out[h] = hypers?.[h] ?? def.defaults[h];
  return out;
}

/** A message for the first hyperparameter of `optimizer` outside its range (../optimizerDefs.ts HYPERS). */
export function checkHypers(optimizer: OptimizerName, hypers: Hypers | undefined, say: Say = pageSay): string | undefined {
  for (const name of optimizerHypers(optimizer)) {
    const v = hypers?.[name];
    if (v === undefined) continue;
    const { label, min, max } = HYPERS[name];
    if (!Number.isFinite(v) || v < min || v > max) return say('train.badHyper', { name: label, value: String(v), min: String(min), max: String(max) });
  }
  return undefined;
}

const isWhole = (v: number | undefined, min: number) => v === undefined || (Number.isInteger(v) && v >= min);

/** A message for the first schedule setting that cannot work, or undefined. */
export function checkSchedule(schedule: TrainSchedule | undefined, learningRate: number, say: Say = pageSay): string | undefined {
  if (!schedule) return undefined;
  const { gamma, stepSize, totalSteps, minLr, warmupSteps, warmupStart } = schedule;
  if (gamma !== undefined && !(Number.isFinite(gamma) && gamma > 0 && gamma <= 1)) return say('train.badScheduleGamma', { value: String(gamma) });
  if (!isWhole(stepSize, 1)) return say('train.badScheduleStepSize', { value: String(stepSize) });
  if (!isWhole(totalSteps, 1)) return say('train.badScheduleTotal', { value: String(totalSteps) });
  if (minLr !== undefined && !(Number.isFinite(minLr) && minLr >= 0 && minLr < learningRate)) return say('train.badScheduleMinLr', { value: String(minLr) });
  if (!isWhole(warmupSteps, 0)) return say('train.badWarmupSteps', { value: String(warmupSteps) });
  if (warmupStart !== undefined && !(Number.isFinite(warmupStart) && warmupStart >= 0 && warmupStart <= 1)) return say('train.badWarmupStart', { value: String(warmupStart) });
  return undefined;
}

/**
 * The rate of the run's batch `step` (0-based over the whole run): the schedule's rate at t = the
 * step or the epoch (`per`), times the warm-up's factor at the step. A cosine without `totalSteps`
 * spans the run (`epochs` epochs, or all their batches).
 */
export function scheduledRate(s: Pick<TrainSettings, 'learningRate' | 'schedule' | 'epochs'>, step: number, batchesPerEpoch: number): number {
  const schedule = s.schedule;
  if (!schedule) return s.learningRate;
  const perEpoch = schedule.per === 'epoch';
  const t = perEpoch ? Math.floor(step / Math.max(1, batchesPerEpoch)) : step;
  const totalSteps = schedule.totalSteps ?? (perEpoch ? s.epochs : s.epochs * batchesPerEpoch);
  return learningRateAt({ ...schedule, totalSteps, warmupSteps: 0 }, s.learningRate, t) * warmupFactor(schedule, step);
}

/** [batch step (1-based, as BatchReport.step), rate] over the whole run, at most `points` of them (the chart before training). */
export function runScheduleCurve(s: Pick<TrainSettings, 'learningRate' | 'schedule' | 'epochs'>, batchesPerEpoch: number, points = 120): [number, number][] {
  const steps = Math.max(1, s.epochs * batchesPerEpoch);
  const n = Math.max(1, Math.min(points, steps));
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const step = n === 1 ? 0 : Math.round((i * (steps - 1)) / (n - 1));
    out.push([step + 1, scheduledRate(s, step, batchesPerEpoch)]);
  }
  return out;
}


/**
 * True when some layer's output is a plain ReLU: `activation=relu` on conv2d/dense, or a ReLU
 * layer (`relu`, `activation relu`). relu6 and the leaky family are left out: their units
 * cannot die the same way (relu6 aside, they keep a gradient below 0).
 */
export function usesRelu(layers: readonly TrainLayer[]): boolean {
  return layers.some((l) => {
    const c = l.config;
    return (c.kind === 'conv2d' || c.kind === 'dense' || c.kind === 'activation') && c.activation.name === 'relu';
  });
}

/** True when the model has no convolution or pooling: `auto` then weighs WebGL's per-operation cost (./backend.ts). */
export function isDenseOnly(layers: readonly TrainLayer[]): boolean {
  return layers.every((l) => !['conv2d', 'maxpool2d', 'avgpool2d', 'globalavgpool2d', 'globalmaxpool2d', 'zeropad2d'].includes(l.config.kind));
}

// What a training run reports (../trainer.ts makes them; the engine sends them to the page): pure
// types here, so the page reaches them without reaching TF.js.

export interface BatchReport {
  epoch: number; // 1-based
  batch: number; // 1-based within the epoch
  step: number; // 1-based over the run
  batchesPerEpoch: number;
  samplesDone: number;
  samplesTotal: number;
  /** This batch's mean data loss (cross-entropy, no penalty) and accuracy (the charts' batch curves). */
  loss: number;
  /** The spec's weight penalty (l1·Σ|w| + l2·Σw²) at this step; absent when the spec has none. The loss minimized is loss + regLoss. */
  regLoss?: number;
  accuracy: number;
  /** The epoch's running means so far, what Keras's `fit` prints (./stats.ts EpochMeans). */
  epochLoss: number;
  epochAccuracy: number;
  samplesPerSecond: number;
  etaSeconds: number | undefined;
  /** The rate this batch stepped with (a schedule changes it); absent from older engines. */
  learningRate?: number;
}

export interface EpochReport {
  epoch: number;
  /** The epoch's mean data loss; `regLoss` its mean weight penalty (absent without one). */
  loss: number;
  regLoss?: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  seconds: number;
  numTensors: number;
}

/** Early stopping's result: the best epoch (by validation loss), whose weights the model holds at the end. */
export interface RestoredBest {
  epoch: number;
  valLoss: number;
  /** True when patience ran out before the last epoch. */
  stoppedEarly: boolean;
}

export type TrainOutcome =
  | { status: 'done'; epochs: number; restored?: RestoredBest }
  | { status: 'stopped'; epochs: number; restored?: RestoredBest }
  | { status: 'diverged'; message: string; step: number };

/** Dead ReLU units on the run's probe batch (./deadReluProbe.ts measures them). */
export interface DeadReluReading {
  fraction: number;
  deadUnits: number;
  totalUnits: number;
  layers: { name: string; dead: number; total: number }[];
  /** Training steps done when measured (0 = before the first batch). */
  step: number;
}
