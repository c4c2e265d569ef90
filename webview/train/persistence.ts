/**
 * What the Train panel keeps across a window reload (VS Code stores it with the panel through
 * setState): the form, the spec's URI (src/panels/trainPanel.ts reopens only a spec document),
 * Compare's choices, the compacted curves, the last results and race, and the last message. The
 * model is not kept.
 */
import type { Say } from '../../src/core/i18n';
import { compactCurves, emptyCurves, type Curves } from './curves';
import { pageSay } from '../shared/training/pageSay';
import { isFormSettings, restoreFormExtras, type FormSettings } from './form';
import { parseRaceResults, raceRounds, type RaceResult } from './raceStats';
import { regularizationForm } from './regularization';
import { COMPARE_KINDS, type CompareKind } from './compareVariants';
import { OPTIMIZERS, type OptimizerName } from '../shared/training/trainConfig';

/** The results a finished run shows, without its sample grid (which needs the dataset). */
export interface SavedResults {
  classNames: string[];
  confusion: number[][];
  accuracy: number;
  on: 'validation' | 'training';
}

/** Compare's choices (./compareVariants.ts): the comparison, the optimizers ticked, the learning rate as typed. */
export interface SavedCompare {
  kind: CompareKind;
  optimizers: OptimizerName[];
  learningRate: string;
}

export interface SavedState {
  v: 1;
  specUri?: string;
  form: FormSettings;
  /** Absent from states saved before Compare's choices were kept. */
  compare?: SavedCompare;
  curves?: Curves;
  results?: SavedResults;
  race?: RaceResult[];
  /** Training samples per epoch the race's seconds per epoch were given for. */
  raceEpochSamples?: number;
  raceRounds?: number;
  summary?: string;
  backend?: string;
}

/** The state to save: curves only once a run recorded some, compacted to at most 400 batch points. */
export function savedState(parts: Omit<SavedState, 'v'>): SavedState {
  return { v: 1, ...parts, curves: parts.curves && parts.curves.batchStep.length ? compactCurves(parts.curves) : undefined };
}

export interface RestoredState {
  form?: FormSettings;
  /** Each of Compare's choices that was saved and is valid (the others keep their defaults). */
  compare?: Partial<SavedCompare>;
  specUri?: string;
  curves?: Curves;
  results?: SavedResults;
  race?: RaceResult[];
  raceEpochSamples?: number;
  raceRounds?: number;
  /** The note the panel shows for a restored run; undefined when nothing of a run was kept. */
  restoredNote?: string;
}

/** Reads what setState kept (anything from an older or foreign page is dropped, field by field). */
export function restoreSavedState(raw: unknown, say: Say = pageSay): RestoredState {
  if (typeof raw !== 'object' || raw === null || (raw as SavedState).v !== 1) return {};
  const s = raw as SavedState;
  const out: RestoredState = {};
  // Regularization settings are read field by field (a state saved before them has none: defaults);
  // so are the optimizer's hyperparameters and the schedule (restoreFormExtras).
  if (isFormSettings(s.form)) {
    const { regularization, ...form } = restoreFormExtras(s.form);
    out.form = regularization === undefined ? form : { ...form, regularization: regularizationForm(regularization) };
  }
  if (typeof s.specUri === 'string') out.specUri = s.specUri;
  const compare = restoreCompare(s.compare);
  if (compare) out.compare = compare;
  if (s.curves && Array.isArray(s.curves.batchStep)) out.curves = { ...emptyCurves(), ...s.curves };
  if (s.results && Array.isArray(s.results.confusion)) out.results = { ...s.results };
  // A race saved by an older panel (one value, no rounds) is dropped rather than shown wrong.
  const race = parseRaceResults(s.race);
  if (race) out.race = race;
  if (typeof s.raceEpochSamples === 'number' && s.raceEpochSamples > 0) out.raceEpochSamples = s.raceEpochSamples;
  if (s.raceRounds !== undefined) out.raceRounds = raceRounds(s.raceRounds);
  if (typeof s.summary === 'string' || s.curves) {
    out.restoredNote = s.summary ? say('train.restoredWith', { summary: s.summary }) : say('train.restored');
  }
  return out;
}

/** Longest learning rate kept as typed (a number's text; anything longer is not one). */
const MAX_RATE_TEXT = 40;

/** Compare's choices, field by field: a damaged or unknown one is dropped, the rest kept. */
function restoreCompare(raw: unknown): Partial<SavedCompare> | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const c = raw as Record<string, unknown>;
  const out: Partial<SavedCompare> = {};
  if (COMPARE_KINDS.includes(c.kind as CompareKind)) out.kind = c.kind as CompareKind;
  if (Array.isArray(c.optimizers)) {
    const known = OPTIMIZERS.map((o) => o.id);
    out.optimizers = [...new Set(c.optimizers.filter((o): o is OptimizerName => known.includes(o as OptimizerName)))];
  }
  if (typeof c.learningRate === 'string' && c.learningRate.length <= MAX_RATE_TEXT) out.learningRate = c.learningRate;
  return Object.keys(out).length ? out : undefined;
}
