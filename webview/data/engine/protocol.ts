/**
 * Messages between the data explorer's page and its engine (./engine.ts), which builds the
 * datasets, computes their statistics and runs TF.js's batch-normalization layer in a Web Worker,
 * so a 50,000-image CIFAR-10 pass never freezes the panel. Both sides rebuild what they receive
 * with the parsers here: the page drops anything malformed, the engine answers it with `failed`.
 */
import {
  isArrayOf, isEnvelope, isFiniteNumber, isNonNegativeInteger, isOneOf, isPositiveInteger, isRecord, isString,
} from '../../../src/protocol/common';
import { EXPORT_DATASETS } from '../../../src/core/export/settings';
import { parseCifarPayload, type CifarPayload } from '../../../src/protocol/train';
import type { DatasetId } from '../../shared/training/datasets';
import { BN_MOMENTA, type BnDemoResult, type BnStep } from '../bnDemo';
import { HIST_BINS, STAGE_IDS, type ChannelSummary, type Histogram, type StageView, type StatsResult } from '../explore';

/** The bundle the engine ships in (dist/webview/), and the global it sets when loaded into the page. */
export const ENGINE_SCRIPT = 'data-engine.js';
export const PAGE_ENGINE_GLOBAL = 'netlensCreateDataEngine';

// The same ids as ../../shared/training/datasets.ts DATASETS, from a module the page may bundle
// (datasets.ts brings the train catalogue along).
export const isDatasetId = isOneOf<DatasetId>(EXPORT_DATASETS);
export const isBnMomentum = (v: unknown): v is number => typeof v === 'number' && (BN_MOMENTA as readonly number[]).includes(v);

/** page -> engine: start (the demo's tensors are tiny: the CPU backend). Sent once. */
export interface StartMessage {
  type: 'start';
}
/** page -> engine: the statistics of a dataset (`images` for MNIST and CIFAR-10). */
export interface StatsMessage {
  type: 'stats';
  id: number;
  dataset: DatasetId;
  samples: number;
  validationSplit: number;
  /** The toys' point clouds start from a shifted, stretched, tilted copy (../explore.ts SKEW). */
  skew: boolean;
  /** MNIST: dist/webview/mnist-digits.bin as the page fetched it (scripts/build-data.mjs format). */
  mnist?: Uint8Array;
  /** CIFAR-10: the host's reply, as the Train panel gets it. */
  cifar?: CifarPayload;
}
/** page -> engine: the batch-normalization demo. */
export interface BnMessage {
  type: 'bn';
  id: number;
  momentum: number;
  seed: number;
}
export type ToEngineMessage = StartMessage | StatsMessage | BnMessage;

export interface StartedMessage {
  type: 'started';
  backend: string;
}
export interface StatsResultMessage {
  type: 'statsResult';
  id: number;
  result: StatsResult;
}
export interface BnResultMessage {
  type: 'bnResult';
  id: number;
  result: BnDemoResult;
  /** tf.memory().numTensors after the demo: flat from one run to the next (no leaks). */
  numTensors: number;
}
/** Why the engine could not start (no id) or answer request `id`: a code the page words, and the error's own text. */
export interface FailedMessage {
  type: 'failed';
  id?: number;
  reason: 'noBackend' | 'malformed' | 'error';
  detail: string;
}
export type FromEngineMessage = StartedMessage | StatsResultMessage | BnResultMessage | FailedMessage;

/** Largest sample count the page may ask statistics for (CIFAR-10's training batches). */
export const MAX_SAMPLES = 50_000;

export function parseToEngineMessage(raw: unknown): ToEngineMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'start':
      return { type: 'start' };
    case 'stats': {
      const { id, dataset, samples, validationSplit, skew } = raw;
      if (!isNonNegativeInteger(id) || !isDatasetId(dataset) || !isPositiveInteger(samples) || samples > MAX_SAMPLES) return undefined;
      if (!isFiniteNumber(validationSplit) || validationSplit < 0 || validationSplit > 0.5 || typeof skew !== 'boolean') return undefined;
      const msg: StatsMessage = { type: 'stats', id, dataset, samples, validationSplit, skew };
      if (raw.mnist !== undefined) {
        if (!(raw.mnist instanceof Uint8Array)) return undefined;
        msg.mnist = raw.mnist;
      }
      if (raw.cifar !== undefined) {
        const cifar = parseCifarPayload(raw.cifar);
        if (!cifar) return undefined;
        msg.cifar = cifar;
      }
      return msg;
    }
    case 'bn':
      return isNonNegativeInteger(raw.id) && isBnMomentum(raw.momentum) && isNonNegativeInteger(raw.seed)
        ? { type: 'bn', id: raw.id, momentum: raw.momentum, seed: raw.seed } : undefined;
  }
  return undefined;
}

/** A statistic may be NaN on a degenerate set; it must still be a number. */
const isNumber = (v: unknown): v is number => typeof v === 'number';
const numbers = (v: unknown, length?: number): number[] | undefined =>
  isArrayOf(v, isNumber) && (length === undefined || v.length === length) ? [...v] : undefined;
const isNumberOrNull = (v: unknown): v is number | null => v === null || isNumber(v);

function parseHistogram(raw: unknown): Histogram | undefined {
  if (!isRecord(raw) || !isNumber(raw.lo) || !isNumber(raw.hi)) return undefined;
  const counts = numbers(raw.counts, HIST_BINS);
  return counts ? { lo: raw.lo, hi: raw.hi, counts } : undefined;
}

function parseChannel(raw: unknown): ChannelSummary | undefined {
  if (!isRecord(raw)) return undefined;
  const { mean, std, min, max, validationMean, validationStd } = raw;
  if (!isNumber(mean) || !isNumber(std) || !isNumber(min) || !isNumber(max) || !isNumberOrNull(validationMean) || !isNumberOrNull(validationStd)) return undefined;
  const before = parseHistogram(raw.before);
  const centred = parseHistogram(raw.centred);
  const standardized = parseHistogram(raw.standardized);
  if (!before || !centred || !standardized) return undefined;
  return { mean, std, min, max, before, centred, standardized, validationMean, validationStd };
}

function parseStage(raw: unknown): StageView | undefined {
  if (!isRecord(raw) || !isOneOf(STAGE_IDS)(raw.id)) return undefined;
  const points = numbers(raw.points);
  const cov = numbers(raw.cov, 3);
  if (!points || points.length % 2 !== 0 || !cov) return undefined;
  return { id: raw.id, points, cov: [cov[0], cov[1], cov[2]] };
}

export function parseStatsResult(raw: unknown): StatsResult | undefined {
  if (!isRecord(raw) || !isOneOf(['points', 'images'] as const)(raw.kind)) return undefined;
  const { count, trainCount, validationCount } = raw;
  if (!isNonNegativeInteger(count) || !isNonNegativeInteger(trainCount) || !isNonNegativeInteger(validationCount) || trainCount + validationCount !== count) return undefined;
  const shape = isArrayOf(raw.shape, isPositiveInteger) && raw.shape.length >= 1 && raw.shape.length <= 3 ? [...raw.shape] : undefined;
  if (!shape || !Array.isArray(raw.channels) || raw.channels.length === 0 || raw.channels.length > 3) return undefined;
  const channels = raw.channels.map(parseChannel);
  if (channels.some((c) => !c)) return undefined;
  const result: StatsResult = { kind: raw.kind, count, trainCount, validationCount, shape, channels: channels as ChannelSummary[] };
  if (raw.kind === 'points') {
    if (!Array.isArray(raw.stages) || raw.stages.length !== STAGE_IDS.length) return undefined;
    const stages = raw.stages.map(parseStage);
    const labels = isArrayOf(raw.labels, isNonNegativeInteger) ? [...raw.labels] : undefined;
    if (stages.some((s) => !s) || !labels) return undefined;
    if (typeof raw.skewed !== 'boolean') return undefined;
    result.stages = stages as StageView[];
    result.labels = labels;
    result.skewed = raw.skewed;
  }
  return result;
}

function parseStep(raw: unknown): BnStep | undefined {
  if (!isRecord(raw)) return undefined;
  const batchMean = numbers(raw.batchMean, 2);
  const batchVariance = numbers(raw.batchVariance, 2);
  const movingMean = numbers(raw.movingMean, 2);
  const movingVariance = numbers(raw.movingVariance, 2);
  return batchMean && batchVariance && movingMean && movingVariance ? { batchMean, batchVariance, movingMean, movingVariance } : undefined;
}

function parsePair(raw: unknown): { a: number[]; b: number[] } | undefined {
  if (!isRecord(raw)) return undefined;
  const a = numbers(raw.a, 3);
  const b = numbers(raw.b, 3);
  return a && b ? { a, b } : undefined;
}

export function parseBnResult(raw: unknown): BnDemoResult | undefined {
  if (!isRecord(raw) || !isBnMomentum(raw.momentum) || !isFiniteNumber(raw.epsilon) || !isPositiveInteger(raw.batchSize)) return undefined;
  if (!Array.isArray(raw.steps) || raw.steps.length === 0 || raw.steps.length > 1000) return undefined;
  const steps = raw.steps.map(parseStep);
  const training = parsePair(raw.training);
  const inference = parsePair(raw.inference);
  if (steps.some((s) => !s) || !training || !inference || !isNumber(raw.trainingGap) || !isNumber(raw.inferenceGap)) return undefined;
  return {
    momentum: raw.momentum, epsilon: raw.epsilon, batchSize: raw.batchSize, steps: steps as BnStep[], training, inference,
    trainingGap: raw.trainingGap, inferenceGap: raw.inferenceGap,
  };
}

const FAILURES = ['noBackend', 'malformed', 'error'] as const;

export function parseFromEngineMessage(raw: unknown): FromEngineMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'started':
      return isString(raw.backend) && raw.backend.length < 40 ? { type: 'started', backend: raw.backend } : undefined;
    case 'statsResult': {
      const result = parseStatsResult(raw.result);
      return isNonNegativeInteger(raw.id) && result ? { type: 'statsResult', id: raw.id, result } : undefined;
    }
    case 'bnResult': {
      const result = parseBnResult(raw.result);
      return isNonNegativeInteger(raw.id) && result && isNonNegativeInteger(raw.numTensors) ? { type: 'bnResult', id: raw.id, result, numTensors: raw.numTensors } : undefined;
    }
    case 'failed': {
      if (!isOneOf(FAILURES)(raw.reason) || !isString(raw.detail)) return undefined;
      if (raw.id !== undefined && !isNonNegativeInteger(raw.id)) return undefined;
      const detail = raw.detail.slice(0, 2000);
      return raw.id === undefined ? { type: 'failed', reason: raw.reason, detail } : { type: 'failed', id: raw.id, reason: raw.reason, detail };
    }
  }
  return undefined;
}
