/**
 * What the search panel keeps across a window reload (VS Code stores it with the panel through
 * setState, as the Train panel does: webview/train/persistence.ts): the form, the spec's URI, the
 * running search's plan and data, and every finished trial. A search that was running when the
 * page went away resumes with its next trial; the finished ones are not trained again.
 */
import { parseSearchSpace, parseTrialResult } from './engine/protocol';
import { parseForm, type SearchData, type SearchForm } from './form';
import { LIMITS, STRATEGIES, type SearchPlan, type SearchStrategy, type TrialResult } from './search';
import { DATASETS, type DatasetId } from '../shared/training/datasets';
import { OPTIMIZERS, type OptimizerName } from '../shared/training/trainConfig';

export interface SavedSearch {
  v: 1;
  specUri?: string;
  form: SearchForm;
  /** The search started last, with what it trains on. */
  active?: { plan: SearchPlan; data: SearchData };
  results: TrialResult[];
  /** True while trials remain and no Stop was pressed: a restored page continues. */
  running: boolean;
}

function parsePlan(v: unknown): SearchPlan | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const p = v as Record<string, unknown>;
  const space = parseSearchSpace(p.space);
  if (!space || !STRATEGIES.includes(p.strategy as SearchStrategy)) return undefined;
  if (!Number.isInteger(p.trials) || (p.trials as number) < 1 || (p.trials as number) > LIMITS.maxTrials) return undefined;
  if (!Number.isInteger(p.epochs) || (p.epochs as number) < 1 || (p.epochs as number) > LIMITS.maxEpochs || !Number.isSafeInteger(p.seed)) return undefined;
  return { space, strategy: p.strategy as SearchStrategy, trials: p.trials as number, epochs: p.epochs as number, seed: p.seed as number };
}

function parseData(v: unknown): SearchData | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const d = v as Record<string, unknown>;
  if (!DATASETS.some((x) => x.id === d.dataset) || !OPTIMIZERS.some((o) => o.id === d.optimizer)) return undefined;
  if (!Number.isInteger(d.samples) || !Number.isInteger(d.batchSize) || typeof d.validationSplit !== 'number') return undefined;
  return { dataset: d.dataset as DatasetId, samples: d.samples as number, optimizer: d.optimizer as OptimizerName, batchSize: d.batchSize as number, validationSplit: d.validationSplit };
}

/** Reads what setState kept, field by field; anything malformed is dropped. */
export function restoreSearch(raw: unknown): Partial<SavedSearch> {
  if (typeof raw !== 'object' || raw === null || (raw as SavedSearch).v !== 1) return {};
  const s = raw as Record<string, unknown>;
  const out: Partial<SavedSearch> = {};
  if (typeof s.specUri === 'string') out.specUri = s.specUri;
  const form = parseForm(s.form);
  if (form) out.form = form;
  const active = typeof s.active === 'object' && s.active !== null ? s.active as Record<string, unknown> : undefined;
  const plan = active ? parsePlan(active.plan) : undefined;
  const data = active ? parseData(active.data) : undefined;
  if (plan && data) {
    out.active = { plan, data };
    const results = Array.isArray(s.results) ? s.results.map(parseTrialResult).filter((r): r is TrialResult => r !== undefined) : [];
    out.results = results.filter((r) => r.index < plan.trials);
    out.running = s.running === true;
  }
  return out;
}
