/**
 * What the Train panel keeps across a window reload (VS Code stores it with the panel through
 * setState): the form, the spec's URI (src/panels/trainPanel.ts reopens only a spec document),
 * the compacted curves, the last results and race, and the last message. The model is not kept.
 */
import type { Say } from '../../src/core/i18n';
import { compactCurves, emptyCurves, type Curves } from './curves';
import { pageSay } from '../shared/training/pageSay';
import { isFormSettings, restoreFormExtras, type FormSettings } from './form';
import { parseRaceResults, raceRounds, type RaceResult } from './raceStats';
import { regularizationForm } from './regularization';

/** The results a finished run shows, without its sample grid (which needs the dataset). */
export interface SavedResults {
  classNames: string[];
  confusion: number[][];
  accuracy: number;
  on: 'validation' | 'training';
}

export interface SavedState {
  v: 1;
  specUri?: string;
  form: FormSettings;
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
