/**
 * Messages between the search panel's page and its TF.js engine (./engine.ts), which trains one
 * trial at a time in a Web Worker so the panel stays responsive. Both sides check what they
 * receive with the parsers here, which rebuild every message field by field: the page drops
 * anything malformed, the engine answers it with a `failed` message. The trial's parsers also
 * read the page's saved state (../persistence.ts).
 */
import {
  isArrayOf, isEnvelope, isFiniteNumber, isInteger, isNonNegativeInteger, isOneOf, isPositiveInteger, isRecord, isShape, isString,
} from '../../../src/protocol/common';
import { parseTrainLayer, type TrainLayer } from '../../../src/protocol/train';
import { LANGS, type Lang } from '../../../src/core/i18n/lang';
import { OPTIMIZERS, type LossMode, type OptimizerName } from '../../shared/training/trainConfig';
import { LIMITS, type Range, type SearchSpace, type Trial, type TrialParams, type TrialResult } from '../search';

/** The bundle the engine ships in (dist/webview/), and the global it sets when loaded into the page. */
export const SEARCH_ENGINE_SCRIPT = 'search-engine.js';
export const PAGE_SEARCH_ENGINE_GLOBAL = 'netlensCreateSearchEngine';
/** The `failed` text when no backend started: the page words it. */
export const SEARCH_NO_BACKEND = 'NetLens: no TF.js backend could start';

export type EngineBackend = 'webgl' | 'wasm' | 'cpu';
export const isEngineBackend = isOneOf<EngineBackend>(['webgl', 'wasm', 'cpu']);
const isOptimizer = isOneOf<OptimizerName>(OPTIMIZERS.map((o) => o.id));
const isLossMode = isOneOf<LossMode>(['softmax', 'logits', 'sigmoid']);
const isLang = isOneOf<Lang>(LANGS);
/** A statistic may be NaN or ±Infinity (a diverged trial); it must still be a number. */
const isNumber = (v: unknown): v is number => typeof v === 'number';

/** The samples a trial trains on (webview/shared/training/datasets.ts Dataset, pure data). */
export interface EngineDataset {
  count: number;
  sampleShape: number[];
  numClasses: number;
  xs: Float32Array;
  labels: Uint8Array;
}

// ---- page -> engine ----------------------------------------------------------------------------

export interface StartMessage { type: 'start'; backends: EngineBackend[]; wasmBase?: string; lang?: Lang }
/** Train one trial from fresh weights seeded by its seed; answered by `trialDone` (or `failed`). */
export interface TrialMessage {
  type: 'trial'; id: number; trial: Trial;
  /** The spec's layers as written: the engine sets the trial's L2 strength and dropout rate on them. */
  layers: TrainLayer[]; inputShape: number[]; dataset: EngineDataset; lossMode: LossMode;
  optimizer: OptimizerName; epochs: number;
  /** The batch size when the trial does not choose one. */
  batchSize: number; validationSplit: number;
}
/** Stop the running trial between batches (answered by `trialDone` with status 'stopped'). */
export interface StopMessage { type: 'stop' }

export type ToSearchEngine = StartMessage | TrialMessage | StopMessage;

// ---- engine -> page ----------------------------------------------------------------------------

export interface StartedMessage { type: 'started'; backend: EngineBackend }
export interface EpochMessage { type: 'epoch'; id: number; epoch: number; loss: number; valAccuracy?: number; numTensors: number }
export type TrialDoneMessage =
  | { type: 'trialDone'; id: number; stopped: false; result: TrialResult }
  | { type: 'trialDone'; id: number; stopped: true };
export interface FailedMessage { type: 'failed'; id?: number; message: string }

export type FromSearchEngine = StartedMessage | EpochMessage | TrialDoneMessage | FailedMessage;

// ---- guards ------------------------------------------------------------------------------------

const MAX_SAMPLES = 100_000;
const MAX_VALUES = 100_000_000;

export function parseRange(v: unknown, ok: (x: number) => boolean): Range | undefined {
  return isRecord(v) && isFiniteNumber(v.min) && isFiniteNumber(v.max) && ok(v.min) && ok(v.max) && v.min <= v.max ? { min: v.min, max: v.max } : undefined;
}

const logValue = (x: number) => x >= LIMITS.minLog && x <= LIMITS.maxLog;
const dropoutValue = (x: number) => x >= 0 && x <= LIMITS.maxDropout;
const batchValue = (x: unknown): x is number => isPositiveInteger(x) && x <= LIMITS.maxBatch;

export function parseSearchSpace(v: unknown): SearchSpace | undefined {
  if (!isRecord(v)) return undefined;
  const learningRate = parseRange(v.learningRate, logValue);
  const l2 = parseRange(v.l2, logValue);
  if (!learningRate || !l2) return undefined;
  const space: SearchSpace = { learningRate, l2 };
  if (v.batchSize !== undefined) {
    if (!isArrayOf(v.batchSize, batchValue) || v.batchSize.length < 1 || v.batchSize.length > LIMITS.maxChoices) return undefined;
    space.batchSize = [...v.batchSize];
  }
  if (v.dropout !== undefined) {
    const dropout = parseRange(v.dropout, dropoutValue);
    if (!dropout) return undefined;
    space.dropout = dropout;
  }
  return space;
}

export function parseTrialParams(v: unknown): TrialParams | undefined {
  if (!isRecord(v) || !isFiniteNumber(v.learningRate) || !logValue(v.learningRate) || !isFiniteNumber(v.l2) || !logValue(v.l2)) return undefined;
  const p: TrialParams = { learningRate: v.learningRate, l2: v.l2 };
  if (v.batchSize !== undefined) {
    if (!batchValue(v.batchSize)) return undefined;
    p.batchSize = v.batchSize;
  }
  if (v.dropout !== undefined) {
    if (!isFiniteNumber(v.dropout) || !dropoutValue(v.dropout)) return undefined;
    p.dropout = v.dropout;
  }
  return p;
}

export function parseTrial(v: unknown): Trial | undefined {
  if (!isRecord(v) || !isNonNegativeInteger(v.index) || v.index >= LIMITS.maxTrials || !isInteger(v.seed)) return undefined;
  const params = parseTrialParams(v.params);
  return params ? { index: v.index, seed: v.seed, params } : undefined;
}

export function parseTrialResult(v: unknown): TrialResult | undefined {
  const trial = parseTrial(v);
  if (!trial || !isRecord(v) || !isOneOf(['done', 'diverged'] as const)(v.status)) return undefined;
  // JSON (the saved state) writes a diverged trial's NaN loss as null.
  const valLoss = v.valLoss === null ? NaN : v.valLoss;
  if (!isNumber(v.valAccuracy) || !isNumber(valLoss) || !isNumber(v.trainAccuracy) || !isNonNegativeInteger(v.epochs)) return undefined;
  if (!isNonNegativeInteger(v.tensorsBefore) || !isNonNegativeInteger(v.tensorsAfter)) return undefined;
  return {
    ...trial, status: v.status, valAccuracy: v.valAccuracy, valLoss, trainAccuracy: v.trainAccuracy, epochs: v.epochs,
    tensorsBefore: v.tensorsBefore, tensorsAfter: v.tensorsAfter,
  };
}

function parseDataset(v: unknown): EngineDataset | undefined {
  if (!isRecord(v) || !isPositiveInteger(v.count) || v.count > MAX_SAMPLES || !isShape(v.sampleShape) || !isPositiveInteger(v.numClasses) || v.numClasses > 1000) return undefined;
  if (!(v.xs instanceof Float32Array) || !(v.labels instanceof Uint8Array)) return undefined;
  const size = v.sampleShape.reduce((a, b) => a * b, 1);
  if (v.xs.length !== v.count * size || v.xs.length > MAX_VALUES || v.labels.length !== v.count) return undefined;
  if (!v.labels.every((l) => l < (v.numClasses as number))) return undefined;
  return { count: v.count, sampleShape: [...v.sampleShape], numClasses: v.numClasses, xs: v.xs, labels: v.labels };
}

function parseLayers(v: unknown): TrainLayer[] | undefined {
  if (!Array.isArray(v) || v.length > 1000) return undefined;
  const out: TrainLayer[] = [];
  for (const raw of v) {
    const layer = parseTrainLayer(raw);
    if (!layer) return undefined;
    out.push(layer);
  }
  return out;
}

/** Engine side: a page message rebuilt, or undefined. */
export function parseToSearchEngine(raw: unknown): ToSearchEngine | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'start': {
      if (!isArrayOf(raw.backends, isEngineBackend) || raw.backends.length === 0 || raw.backends.length > 3) return undefined;
      const m: StartMessage = { type: 'start', backends: [...raw.backends] };
      if (raw.wasmBase !== undefined) {
        if (!isString(raw.wasmBase) || raw.wasmBase.length > 4096) return undefined;
        m.wasmBase = raw.wasmBase;
      }
      if (raw.lang !== undefined) {
        if (!isLang(raw.lang)) return undefined;
        m.lang = raw.lang;
      }
      return m;
    }
    case 'trial': {
      const trial = parseTrial(raw.trial);
      const layers = parseLayers(raw.layers);
      const dataset = parseDataset(raw.dataset);
      if (!isNonNegativeInteger(raw.id) || !trial || !layers || !dataset || !isShape(raw.inputShape) || !isLossMode(raw.lossMode) || !isOptimizer(raw.optimizer)) return undefined;
      if (!isPositiveInteger(raw.epochs) || raw.epochs > LIMITS.maxEpochs || !batchValue(raw.batchSize)) return undefined;
      if (!isFiniteNumber(raw.validationSplit) || raw.validationSplit <= 0 || raw.validationSplit >= 0.9) return undefined;
      return {
        type: 'trial', id: raw.id, trial, layers, inputShape: [...raw.inputShape], dataset, lossMode: raw.lossMode,
        optimizer: raw.optimizer, epochs: raw.epochs, batchSize: raw.batchSize, validationSplit: raw.validationSplit,
      };
    }
    case 'stop':
      return { type: 'stop' };
    default:
      return undefined;
  }
}

/** Page side: an engine message rebuilt, or undefined. */
export function parseFromSearchEngine(raw: unknown): FromSearchEngine | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'started':
      return isEngineBackend(raw.backend) ? { type: 'started', backend: raw.backend } : undefined;
    case 'epoch': {
      if (!isNonNegativeInteger(raw.id) || !isPositiveInteger(raw.epoch) || !isNumber(raw.loss) || !isNonNegativeInteger(raw.numTensors)) return undefined;
      if (raw.valAccuracy !== undefined && !isNumber(raw.valAccuracy)) return undefined;
      return {
        type: 'epoch', id: raw.id, epoch: raw.epoch, loss: raw.loss, numTensors: raw.numTensors,
        ...(raw.valAccuracy !== undefined ? { valAccuracy: raw.valAccuracy as number } : {}),
      };
    }
    case 'trialDone': {
      if (!isNonNegativeInteger(raw.id)) return undefined;
      if (raw.stopped === true) return { type: 'trialDone', id: raw.id, stopped: true };
      const result = raw.stopped === false ? parseTrialResult(raw.result) : undefined;
      return result ? { type: 'trialDone', id: raw.id, stopped: false, result } : undefined;
    }
    case 'failed':
      if (!isString(raw.message)) return undefined;
      if (raw.id !== undefined && !isNonNegativeInteger(raw.id)) return undefined;
      return { type: 'failed', message: raw.message.slice(0, 4000), ...(raw.id !== undefined ? { id: raw.id as number } : {}) };
    default:
      return undefined;
  }
}
