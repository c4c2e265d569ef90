/**
 * The data explorer's saved choices (webview state, restored after a reload) and their checks.
 * Pure: the page and the unit tests read it.
 */
import { DATASETS, type DatasetId, type DatasetInfo } from '../shared/training/datasets';
import { BN_MOMENTA } from './bnDemo';

export type DataDatasetId = DatasetId;

/**
 * The Train panel's datasets and sample counts (../shared/training/datasets.ts), except that
 * MNIST's statistics take all its shipped digits by default.
 */
export const DATA_DATASETS: readonly DatasetInfo[] = DATASETS.map((d) => (d.id === 'mnist' ? { ...d, defaultCount: d.maxCount } : d));

/** Validation fractions offered (Keras's validation_split; the Train panel's default is 0.2). */
export const VALIDATION_SPLITS: readonly number[] = [0.1, 0.2, 0.3];

export interface DataState {
  dataset: DatasetId;
  samples: number;
  validationSplit: number;
  /** The point clouds start from a skewed copy of the toy (./explore.ts SKEW). */
  skew: boolean;
  momentum: number;
  bnSeed: number;
}

export const DEFAULT_DATA_STATE: DataState = { dataset: 'spiral', samples: 600, validationSplit: 0.2, skew: true, momentum: 0.9, bnSeed: 1 };

/** The saved state, each field checked; anything missing or malformed takes its default. */
export function restoreDataState(raw: unknown): DataState {
  const s: DataState = { ...DEFAULT_DATA_STATE };
  if (typeof raw !== 'object' || raw === null) return s;
  const r = raw as Record<string, unknown>;
  const info = DATA_DATASETS.find((d) => d.id === r.dataset);
  if (info) {
    s.dataset = info.id;
    s.samples = info.defaultCount;
    if (typeof r.samples === 'number' && Number.isInteger(r.samples) && r.samples >= 10 && r.samples <= info.maxCount) s.samples = r.samples;
  }
  if (typeof r.validationSplit === 'number' && VALIDATION_SPLITS.includes(r.validationSplit)) s.validationSplit = r.validationSplit;
  if (typeof r.skew === 'boolean') s.skew = r.skew;
  if (typeof r.momentum === 'number' && (BN_MOMENTA as readonly number[]).includes(r.momentum)) s.momentum = r.momentum;
  if (typeof r.bnSeed === 'number' && Number.isInteger(r.bnSeed) && r.bnSeed >= 0 && r.bnSeed < 1_000_000) s.bnSeed = r.bnSeed;
  return s;
}
