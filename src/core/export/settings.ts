/**
 * What an export carries besides the model: the Train panel's settings. Every field has a
 * default, so the CLI and the editor command export with nothing but the spec.
 */

/** The datasets NetLens offers (webview/shared/training/datasets.ts), regenerated or downloaded by the scripts. */
export type ExportDataset = 'spiral' | 'circles' | 'xor' | 'blobs' | 'shapes' | 'mnist' | 'cifar';
export const EXPORT_DATASETS: readonly ExportDataset[] = ['spiral', 'circles', 'xor', 'blobs', 'shapes', 'mnist', 'cifar'];

/** The Train panel's optimizers (webview/shared/optimizerDefs.ts, TF.js's `tf.train.*`). */
export type ExportOptimizer = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam' | 'adadelta' | 'adamax';
export const EXPORT_OPTIMIZERS: readonly ExportOptimizer[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adadelta', 'adamax'];

/** An optimizer's hyperparameters besides the learning rate, by TF.js's names. */
export type ExportHyperName = 'momentum' | 'rho' | 'beta1' | 'beta2' | 'epsilon' | 'initialAccumulatorValue';
export type ExportHypers = Partial<Record<ExportHyperName, number>>;

/**
 * TF.js's defaults, which the Train panel trains with when a field is left alone (the same table as
 * webview/shared/optimizerDefs.ts OPTIMIZER_DEFS; test/unit/core/export/optimizers.test.ts holds
 * them equal). The scripts write every value out, so none of PyTorch's or Keras's defaults applies.
 */
export const TFJS_OPTIMIZER_DEFAULTS: Readonly<Record<ExportOptimizer, Readonly<ExportHypers>>> = {
  sgd: {},
  momentum: { momentum: 0.9 },
  nesterov: { momentum: 0.9 },
  adagrad: { initialAccumulatorValue: 0.1 },
  rmsprop: { rho: 0.9, momentum: 0, epsilon: 1e-7 },
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  adadelta: { rho: 0.95, epsilon: 1e-7 },
  adamax: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
};

/** A learning-rate schedule as the Train panel runs it (webview/shared/training/trainConfig.ts TrainSchedule). */
export interface ExportSchedule {
  kind: 'constant' | 'step' | 'exponential' | 'cosine';
  /** What the schedule's t counts: epochs (the rate changes between epochs) or batches. */
  per: 'batch' | 'epoch';
  gamma?: number;
  stepSize?: number;
  /** cosine: t from the base rate to minLr; absent: the whole run. */
  totalSteps?: number;
  minLr?: number;
  /** Linear warm-up over this many batches from warmupStart × the rate. */
  warmupSteps?: number;
  warmupStart?: number;
}

export interface ExportSettings {
  /** Undefined: picked from the input shape (2 values: spiral; an image: shapes; else shapes flattened). */
  dataset?: ExportDataset;
  /** Samples of a synthetic set (spiral…shapes); MNIST and CIFAR-10 use all their training images. */
  samples?: number;
  optimizer: ExportOptimizer;
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Fraction of the (shuffled) samples held out at the end for validation, as Keras's fit does. */
  validationSplit: number;
  seed: number;
  /**
   * The Train panel's "normalize inputs": per-channel mean (and std) of the training split, computed
   * by the script (pythonData.ts normalize_inputs); absent: the data as it is.
   */
  normalize?: ExportNormalize;
  /** Channels the statistics are taken per (channel = value index mod this); default: the input's last axis. */
  normalizeChannels?: number;
  /**
   * Decoupled weight decay λ (AdamW-style): each step multiplies every trainable weight by
   * 1 − lr·λ before applying the gradient (webview/shared/training/trainer.ts decayWeights).
   * Absent or 0: off.
   */
  weightDecay?: number;
  /** Random horizontal flips and shifts of image training batches (webview/shared/training/augment.ts). */
  augment?: { flip: boolean; shift: number };
  /** Early stopping on validation loss, restoring the best epoch's weights at the end (webview/shared/training/earlyStopping.ts). */
  earlyStopping?: { patience: number; minDelta: number };
  /** Hyperparameters of `optimizer`; absent ones are TF.js's defaults (TFJS_OPTIMIZER_DEFAULTS). */
  hypers?: ExportHypers;
  /** Absent: a constant rate. */
  schedule?: ExportSchedule;
}

export type ExportNormalize = 'center' | 'standardize';
export const EXPORT_NORMALIZE: readonly ExportNormalize[] = ['center', 'standardize'];

export const DEFAULT_EXPORT_SETTINGS: ExportSettings = {
  optimizer: 'adam',
  learningRate: 0.001,
  batchSize: 32,
  epochs: 10,
  validationSplit: 0.2,
  seed: 42,
};

/** The defaults with `given` on top; fields that are absent or not finite keep the default. */
export function withDefaults(given: Partial<ExportSettings> | undefined): ExportSettings {
  const s: ExportSettings = { ...DEFAULT_EXPORT_SETTINGS };
  if (!given) return s;
  if (given.dataset && EXPORT_DATASETS.includes(given.dataset)) s.dataset = given.dataset;
  if (given.optimizer && EXPORT_OPTIMIZERS.includes(given.optimizer)) s.optimizer = given.optimizer;
  const positive = (v: number | undefined) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  const whole = (v: number | undefined) => positive(v) && Number.isInteger(v);
  if (positive(given.learningRate)) s.learningRate = given.learningRate!;
  if (whole(given.batchSize)) s.batchSize = given.batchSize!;
  if (whole(given.epochs)) s.epochs = given.epochs!;
  if (whole(given.samples)) s.samples = given.samples;
  if (typeof given.validationSplit === 'number' && given.validationSplit >= 0 && given.validationSplit < 0.9) s.validationSplit = given.validationSplit;
  if (typeof given.seed === 'number' && Number.isInteger(given.seed)) s.seed = given.seed;
  if (given.normalize && EXPORT_NORMALIZE.includes(given.normalize)) s.normalize = given.normalize;
  if (whole(given.normalizeChannels)) s.normalizeChannels = given.normalizeChannels;
  if (typeof given.weightDecay === 'number' && Number.isFinite(given.weightDecay) && given.weightDecay > 0 && given.weightDecay <= 1) s.weightDecay = given.weightDecay;
  const a = given.augment;
  if (a && typeof a.flip === 'boolean' && Number.isInteger(a.shift) && a.shift >= 0 && a.shift <= 64 && (a.flip || a.shift > 0)) s.augment = { flip: a.flip, shift: a.shift };
  const e = given.earlyStopping;
  if (e && Number.isInteger(e.patience) && e.patience >= 1 && e.patience <= 1000 && Number.isFinite(e.minDelta) && e.minDelta >= 0) s.earlyStopping = { patience: e.patience, minDelta: e.minDelta };
  if (given.hypers) s.hypers = { ...given.hypers };
  if (given.schedule && (given.schedule.kind !== 'constant' || (given.schedule.warmupSteps ?? 0) > 0)) s.schedule = { ...given.schedule };
  return s;
}

/** Every hyperparameter of `s.optimizer`: the given value where finite, else TF.js's default. */
export function resolvedHypers(s: Pick<ExportSettings, 'optimizer' | 'hypers'>): ExportHypers {
  const defaults = TFJS_OPTIMIZER_DEFAULTS[s.optimizer];
  const out: ExportHypers = {};
  for (const name of Object.keys(defaults) as ExportHyperName[]) {
    const v = s.hypers?.[name];
    out[name] = typeof v === 'number' && Number.isFinite(v) ? v : defaults[name];
  }
  return out;
}

/**
 * The schedule with every field its kind reads filled in (webview/shared/scheduleMath.ts's
 * defaults), so the scripts need none of their own; undefined for a constant rate.
 */
export function resolvedSchedule(s: Pick<ExportSettings, 'schedule'>): Required<Omit<ExportSchedule, 'totalSteps'>> & Pick<ExportSchedule, 'totalSteps'> | undefined {
  const g = s.schedule;
  if (!g) return undefined;
  const num = (v: number | undefined, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  return {
    kind: g.kind,
    per: g.per === 'epoch' ? 'epoch' : 'batch',
    gamma: num(g.gamma, g.kind === 'exponential' ? 0.99 : 0.1),
    stepSize: Math.max(1, Math.floor(num(g.stepSize, 1))),
    ...(g.totalSteps !== undefined && Number.isInteger(g.totalSteps) && g.totalSteps >= 1 ? { totalSteps: g.totalSteps } : {}),
    minLr: num(g.minLr, 0),
    warmupSteps: Math.max(0, Math.floor(num(g.warmupSteps, 0))),
    warmupStart: num(g.warmupStart, 0),
  };
}
