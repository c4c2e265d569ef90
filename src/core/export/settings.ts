/**
 * What an export carries besides the model: the Train panel's settings. Every field has a
 * default, so the CLI and the editor command export with nothing but the spec.
 */

/** The datasets NetLens offers (webview/shared/training/datasets.ts), regenerated or downloaded by the scripts. */
export type ExportDataset = 'spiral' | 'circles' | 'xor' | 'blobs' | 'shapes' | 'mnist' | 'cifar';
export const EXPORT_DATASETS: readonly ExportDataset[] = ['spiral', 'circles', 'xor', 'blobs', 'shapes', 'mnist', 'cifar'];

/** The Train panel's optimizers (webview/shared/training/trainConfig.ts): `momentum` is SGD with momentum 0.9. */
export type ExportOptimizer = 'sgd' | 'momentum' | 'rmsprop' | 'adam';

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
   * Decoupled weight decay λ (AdamW-style): each step multiplies every trainable weight by
   * 1 − lr·λ before applying the gradient (webview/shared/training/trainer.ts decayWeights).
   * Absent or 0: off.
   */
  weightDecay?: number;
  /** Random horizontal flips and shifts of image training batches (webview/shared/training/augment.ts). */
  augment?: { flip: boolean; shift: number };
  /** Early stopping on validation loss, restoring the best epoch's weights at the end (webview/shared/training/earlyStopping.ts). */
  earlyStopping?: { patience: number; minDelta: number };
}

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
  if (given.optimizer && ['sgd', 'momentum', 'rmsprop', 'adam'].includes(given.optimizer)) s.optimizer = given.optimizer;
  const positive = (v: number | undefined) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  const whole = (v: number | undefined) => positive(v) && Number.isInteger(v);
  if (positive(given.learningRate)) s.learningRate = given.learningRate!;
  if (whole(given.batchSize)) s.batchSize = given.batchSize!;
  if (whole(given.epochs)) s.epochs = given.epochs!;
  if (whole(given.samples)) s.samples = given.samples;
  if (typeof given.validationSplit === 'number' && given.validationSplit >= 0 && given.validationSplit < 0.9) s.validationSplit = given.validationSplit;
  if (typeof given.seed === 'number' && Number.isInteger(given.seed)) s.seed = given.seed;
  if (typeof given.weightDecay === 'number' && Number.isFinite(given.weightDecay) && given.weightDecay > 0 && given.weightDecay <= 1) s.weightDecay = given.weightDecay;
  const a = given.augment;
  if (a && typeof a.flip === 'boolean' && Number.isInteger(a.shift) && a.shift >= 0 && a.shift <= 64 && (a.flip || a.shift > 0)) s.augment = { flip: a.flip, shift: a.shift };
  const e = given.earlyStopping;
  if (e && Number.isInteger(e.patience) && e.patience >= 1 && e.patience <= 1000 && Number.isFinite(e.minDelta) && e.minDelta >= 0) s.earlyStopping = { patience: e.patience, minDelta: e.minDelta };
  return s;
}
