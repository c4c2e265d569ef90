/**
 * The Train panel's regularization settings as the form holds them (weight decay, early stopping,
 * augmentation), their check, and what they become in TrainSettings
 * (webview/shared/training/trainConfig.ts). Pure: the session, the saved state and the tests read
 * them the same way. The spec's own l1=/l2= penalties live in its layers, not here.
 */
import type { Say } from '../../src/core/i18n';
import { canAugment } from '../shared/training/augment';
import { pageSay } from '../shared/training/pageSay';
import type { TrainSettings } from '../shared/training/trainConfig';

export interface RegularizationForm {
  /** Decoupled weight decay λ as typed ("0": off). */
  weightDecay: string;
  earlyStopping: boolean;
  patience: number;
  minDelta: number;
  augmentFlip: boolean;
  augmentShift: number;
}

export const REGULARIZATION_DEFAULTS: RegularizationForm = {
  weightDecay: '0', earlyStopping: false, patience: 5, minDelta: 0, augmentFlip: false, augmentShift: 0,
};

/**
 * Whether flips and shifts reach this spec's samples: the trainer (webview/shared/training/trainer.ts)
 * augments only when canAugment holds for the shape the model receives, which is the spec's input
 * (a flat `input 784` gets none). No input yet: not decided, so the options stay on.
 */
export const augmentReachesInput = (inputShape: readonly number[] | undefined) => !inputShape || canAugment(inputShape);

/** Largest shift the panel offers (pixels): beyond it a 28×28 digit leaves the picture. */
export const MAX_SHIFT = 8;

/**
 * The form's values from anything (a saved state of any age): each field of the right type is
 * kept, anything else takes its default, so older states without these fields still load.
 */
export function regularizationForm(raw: unknown): RegularizationForm {
  const f = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const d = REGULARIZATION_DEFAULTS;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);
  return {
    weightDecay: typeof f.weightDecay === 'string' ? f.weightDecay : d.weightDecay,
    earlyStopping: bool(f.earlyStopping, d.earlyStopping),
    patience: num(f.patience, d.patience),
    minDelta: num(f.minDelta, d.minDelta),
    augmentFlip: bool(f.augmentFlip, d.augmentFlip),
    augmentShift: num(f.augmentShift, d.augmentShift),
  };
}

const weightDecayOf = (f: RegularizationForm) => Number(f.weightDecay.trim() === '' ? NaN : f.weightDecay);

/** The first problem with these settings, or undefined. */
export function checkRegularization(f: RegularizationForm, validationSplit: number, say: Say = pageSay): string | undefined {
  const wd = weightDecayOf(f);
  if (!Number.isFinite(wd) || wd < 0 || wd > 1) return say('train.reg.badWeightDecay', { value: f.weightDecay });
  if (f.earlyStopping) {
    if (!Number.isInteger(f.patience) || f.patience < 1 || f.patience > 1000) return say('train.reg.badPatience', { value: String(f.patience) });
    if (!Number.isFinite(f.minDelta) || f.minDelta < 0) return say('train.reg.badMinDelta', { value: String(f.minDelta) });
    if (!(validationSplit > 0)) return say('train.reg.needsValidation');
  }
  if (!Number.isInteger(f.augmentShift) || f.augmentShift < 0 || f.augmentShift > MAX_SHIFT) return say('train.reg.badShift', { value: String(f.augmentShift) });
  return undefined;
}

/** What the trainer receives: only the settings that are on (augmentation only for image sets). */
export function regularizationSettings(f: RegularizationForm, imageSet: boolean): Pick<TrainSettings, 'weightDecay' | 'earlyStopping' | 'augment'> {
  const out: Pick<TrainSettings, 'weightDecay' | 'earlyStopping' | 'augment'> = {};
  const wd = weightDecayOf(f);
  if (Number.isFinite(wd) && wd > 0) out.weightDecay = wd;
  if (f.earlyStopping) out.earlyStopping = { patience: f.patience, minDelta: f.minDelta };
  if (imageSet && (f.augmentFlip || f.augmentShift > 0)) out.augment = { flip: f.augmentFlip, shift: f.augmentShift };
  return out;
}
