/** The search form: what the student sets before Start, and the plan and data it becomes. */
import { datasetInfo, type DatasetId } from '../shared/training/datasets';
import { OPTIMIZERS, type OptimizerName } from '../shared/training/trainConfig';
import { LIMITS, STRATEGIES, type SearchPlan, type SearchSpace, type SearchStrategy } from './search';
import { SEARCH_DATASETS } from './data';

export interface SearchForm {
  dataset: DatasetId;
  samples: number;
  optimizer: OptimizerName;
  /** The batch size when it is not searched. */
  batchSize: number;
  validationSplit: number;
  strategy: SearchStrategy;
  trials: number;
  epochs: number;
  seed: number;
  lrMin: number;
  lrMax: number;
  l2Min: number;
  l2Max: number;
  searchBatch: boolean;
  batchChoices: number[];
  searchDropout: boolean;
  dropoutMin: number;
  dropoutMax: number;
}

/** What a running search trains on besides the trials: fixed when it starts, kept for resuming. */
export interface SearchData {
  dataset: DatasetId;
  samples: number;
  optimizer: OptimizerName;
  batchSize: number;
  validationSplit: number;
}

/** Short trials: a few epochs on a few hundred samples, so a search of 12 ends within minutes on a CPU. */
export function defaultForm(dataset: DatasetId): SearchForm {
  const points = datasetInfo(dataset).kind === 'points';
  return {
    dataset, samples: points ? 400 : 600, optimizer: 'adam', batchSize: 32, validationSplit: 0.25,
    strategy: 'random', trials: 12, epochs: points ? 5 : 2, seed: 1,
    lrMin: 1e-4, lrMax: 1e-1, l2Min: 1e-6, l2Max: 1e-2,
    searchBatch: false, batchChoices: [16, 32, 64], searchDropout: false, dropoutMin: 0.1, dropoutMax: 0.6,
  };
}

export function spaceOf(f: SearchForm, dropoutAllowed: boolean): SearchSpace {
  const space: SearchSpace = { learningRate: { min: f.lrMin, max: f.lrMax }, l2: { min: f.l2Min, max: f.l2Max } };
  if (f.searchBatch) space.batchSize = [...f.batchChoices];
  if (f.searchDropout && dropoutAllowed) space.dropout = { min: f.dropoutMin, max: f.dropoutMax };
  return space;
}

export function planOf(f: SearchForm, dropoutAllowed: boolean): SearchPlan {
  return { space: spaceOf(f, dropoutAllowed), strategy: f.strategy, trials: f.trials, epochs: f.epochs, seed: f.seed };
}

export function dataOf(f: SearchForm): SearchData {
  return { dataset: f.dataset, samples: f.samples, optimizer: f.optimizer, batchSize: f.batchSize, validationSplit: f.validationSplit };
}

/** The id of the first problem with the form's counts, or undefined. */
export function formProblem(f: SearchForm): 'search.bad.trials' | 'search.bad.epochs' | 'search.bad.samples' | 'search.bad.validation' | 'search.bad.batch' | undefined {
  if (!Number.isInteger(f.trials) || f.trials < 1 || f.trials > LIMITS.maxTrials) return 'search.bad.trials';
  if (!Number.isInteger(f.epochs) || f.epochs < 1 || f.epochs > LIMITS.maxEpochs) return 'search.bad.epochs';
  if (!Number.isInteger(f.samples) || f.samples < 20 || f.samples > datasetInfo(f.dataset).maxCount) return 'search.bad.samples';
  if (!(f.validationSplit >= 0.05 && f.validationSplit < 0.9)) return 'search.bad.validation';
  if (!Number.isInteger(f.batchSize) || f.batchSize < 1 || f.batchSize > LIMITS.maxBatch) return 'search.bad.batch';
  return undefined;
}

/** A saved form, or undefined when anything is off (an older page's state is dropped, not guessed). */
export function parseForm(v: unknown): SearchForm | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const f = v as Record<string, unknown>;
  const nums = ['samples', 'batchSize', 'validationSplit', 'trials', 'epochs', 'seed', 'lrMin', 'lrMax', 'l2Min', 'l2Max', 'dropoutMin', 'dropoutMax'];
  if (!nums.every((k) => typeof f[k] === 'number' && Number.isFinite(f[k]))) return undefined;
  if (!SEARCH_DATASETS.includes(f.dataset as DatasetId) || !OPTIMIZERS.some((o) => o.id === f.optimizer) || !STRATEGIES.includes(f.strategy as SearchStrategy)) return undefined;
  if (typeof f.searchBatch !== 'boolean' || typeof f.searchDropout !== 'boolean') return undefined;
  if (!Array.isArray(f.batchChoices) || f.batchChoices.length > LIMITS.maxChoices || !f.batchChoices.every((b) => Number.isInteger(b) && b >= 1 && b <= LIMITS.maxBatch)) return undefined;
  return { ...(f as unknown as SearchForm), batchChoices: [...(f.batchChoices as number[])] };
}
