/** The Train panel's form: what the student sets before Start, with per-dataset defaults. */
import { datasetInfo, DATASETS, type DatasetId } from '../shared/training/datasets';
import { OPTIMIZERS, type OptimizerName } from '../shared/training/trainConfig';
import type { RegularizationForm } from './regularization';

export interface FormSettings {
  dataset: DatasetId;
  samples: number;
  optimizer: OptimizerName;
  /** Text, so "1e-3" and mistakes like "NaN" reach the validator instead of vanishing. */
  learningRate: string;
  batchSize: number;
  epochs: number;
  validationSplit: number;
  /** Weight decay, early stopping, augmentation (./regularization.ts); absent in older saved states. */
  regularization?: RegularizationForm;
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
    typeof f.epochs === 'number' && typeof f.validationSplit === 'number';
}
