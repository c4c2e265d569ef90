/** The Train panel's form: what the student sets before Start, with per-dataset defaults. */
import { datasetInfo, DATASETS, type DatasetId } from '../shared/training/datasets';
import { OPTIMIZERS, optimizerHypers, type OptimizerName, type TrainSchedule, type TrainSettings } from '../shared/training/trainConfig';
import type { Hypers } from '../shared/optimizerDefs';
import { parseExportHypers, parseExportSchedule } from '../../src/protocol/train';
import type { RegularizationForm } from './regularization';
import { isNormalizeMode, type NormalizeMode } from '../shared/training/inputNorm';

export interface FormSettings {
  dataset: DatasetId;
  samples: number;
  optimizer: OptimizerName;
  /** Text, so "1e-3" and mistakes like "NaN" reach the validator instead of vanishing. */
  learningRate: string;
  batchSize: number;
  epochs: number;
  validationSplit: number;
  /** "Normalize inputs" with the training split's per-channel statistics (absent: off). */
  normalize?: NormalizeMode;
  /** Weight decay, early stopping, augmentation (./regularization.ts); absent in older saved states. */
  regularization?: RegularizationForm;
  /** The hyperparameters the student changed, per optimizer (RMSprop's momentum is not Nesterov's); absent: TF.js's defaults. */
  hypers?: Partial<Record<OptimizerName, Hypers>>;
  /** The learning-rate schedule; absent: constant. */
  schedule?: TrainSchedule;
}

/** Defaults per dataset: a first result within about a minute on a 2-core laptop without a GPU. */
export function defaultsFor(id: DatasetId): Pick<FormSettings, 'samples' | 'optimizer' | 'learningRate' | 'batchSize' | 'epochs' | 'validationSplit'> {
  const info = datasetInfo(id);
  if (info.kind === 'points') return { samples: info.defaultCount, optimizer: 'adam', learningRate: '0.01', batchSize: 32, epochs: 30, validationSplit: 0.2 };
  return { samples: info.defaultCount, optimizer: 'adam', learningRate: '0.001', batchSize: 32, epochs: 1, validationSplit: 0.2 };
}

export function isFormSettings(v: unknown): v is FormSettings {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return DATASETS.some((d) => d.id === f.dataset) && typeof f.samples === 'number' && typeof f.learningRate === 'string' &&
    OPTIMIZERS.some((o) => o.id === f.optimizer) && typeof f.batchSize === 'number' &&
    typeof f.epochs === 'number' && typeof f.validationSplit === 'number' && (f.normalize === undefined || isNormalizeMode(f.normalize));
}

/**
 * A saved form's optional parts (hyperparameters, schedule) rebuilt, each dropped when malformed,
 * so a state saved before they existed, or a damaged one, still loads the rest.
 */
export function restoreFormExtras(f: FormSettings): FormSettings {
  const { hypers, schedule, ...rest } = f;
  const h: Partial<Record<OptimizerName, Hypers>> = {};
  if (typeof hypers === 'object' && hypers !== null) {
    for (const { id } of OPTIMIZERS) {
      const one = hypers[id] === undefined ? undefined : parseExportHypers(hypers[id]);
      if (one) h[id] = one;
    }
  }
  const sc = schedule === undefined ? undefined : parseExportSchedule(schedule);
  return { ...rest, ...(Object.keys(h).length ? { hypers: h } : {}), ...(sc ? { schedule: sc } : {}) };
}

/** The form's hyperparameters of its optimizer and its schedule, as TrainSettings carries them (absent when left at the defaults). */
export function formExtras(f: FormSettings): Pick<TrainSettings, 'hypers' | 'schedule'> {
  const own = f.hypers?.[f.optimizer];
  const hypers = Object.fromEntries(optimizerHypers(f.optimizer).filter((n) => own?.[n] !== undefined).map((n) => [n, own?.[n]]));
  const s = f.schedule;
  const active = s && (s.kind !== 'constant' || (s.warmupSteps ?? 0) > 0);
  return { ...(Object.keys(hypers).length ? { hypers } : {}), ...(s && active ? { schedule: { ...s } } : {}) };
}
