/**
 * Messages between the "Search Hyperparameters" panel (src/panels/searchPanel.ts) and its webview
 * (webview/search). Pure; the convention is described in ./common.ts. The spec travels as the
 * Train panel's TrainSpec (./train.ts parseTrainSpec rebuilds it down to each layer's config).
 */
import { VIEW_TYPES } from '../ids';
import { capText, isEnvelope, isFiniteNumber, isOneOf, isPositiveInteger, isString, type ReadyMessage } from './common';
import { parseCifarMessage, parseLoadCifarMessage, parseTrainSpec, type CifarMessage, type LoadCifarMessage, type TrainSpec } from './train';

export const SEARCH_VIEW_TYPE = VIEW_TYPES.search;

// ---- host -> webview ---------------------------------------------------------------------------

/** host -> webview: the spec to search on (on open, on save, on restore, or when asked). */
export interface SearchSpecMessage {
  type: 'spec';
  spec: TrainSpec;
  reason: 'open' | 'save' | 'restore' | 'request';
}

/** host -> webview: CIFAR-10 or why there is none, as the Train panel gets it (./train.ts CifarMessage). */
export type HostToSearch = SearchSpecMessage | CifarMessage;

// ---- webview -> host ---------------------------------------------------------------------------

/** webview -> host: send the spec again. */
export interface SearchRequestSpecMessage {
  type: 'requestSpec';
}

/**
 * webview -> host: "Use these settings": the learning rate and batch size go to the Train panel
 * (./train.ts UseSettingsMessage); the L2 strength and dropout rate are edits of the spec, which
 * the host offers.
 */
export interface UseSettingsMessage {
  type: 'useSettings';
  learningRate: number;
  batchSize?: number;
  l2?: number;
  dropout?: number;
}

/** webview -> host: where the search stands, for the output channel and the end-to-end test. */
export interface SearchStatusMessage {
  type: 'status';
  state: 'idle' | 'running' | 'done' | 'stopped' | 'error';
  /** Trials finished and planned. */
  finished: number;
  planned: number;
  text: string;
}

/** webview -> host: `loadCifar` asks for CIFAR-10 exactly as the Train panel does (./train.ts LoadCifarMessage). */
export type SearchToHost = ReadyMessage | SearchRequestSpecMessage | UseSettingsMessage | SearchStatusMessage | LoadCifarMessage;

// ---- guards ------------------------------------------------------------------------------------

const SPEC_REASONS = ['open', 'save', 'restore', 'request'] as const;
const STATES = ['idle', 'running', 'done', 'stopped', 'error'] as const;
/** Most trials a status may count (webview/search/search.ts LIMITS.maxTrials, with room). */
const MAX_COUNT = 10_000;

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= MAX_COUNT;

/** Webview side: a host message rebuilt, or undefined. */
export function parseHostToSearch(raw: unknown): HostToSearch | undefined {
  if (!isEnvelope(raw)) return undefined;
  if (raw.type === 'cifar') return parseCifarMessage(raw);
  if (raw.type !== 'spec') return undefined;
  const spec = parseTrainSpec(raw.spec);
  return spec && isOneOf(SPEC_REASONS)(raw.reason) ? { type: 'spec', spec, reason: raw.reason } : undefined;
}

/** A positive finite number at most `max`, or undefined. */
const positive = (v: unknown, max: number): v is number => isFiniteNumber(v) && v > 0 && v <= max;

function parseUseSettings(raw: Record<string, unknown>): UseSettingsMessage | undefined {
  if (!positive(raw.learningRate, 10)) return undefined;
  const m: UseSettingsMessage = { type: 'useSettings', learningRate: raw.learningRate };
  if (raw.batchSize !== undefined) {
    if (!isPositiveInteger(raw.batchSize) || raw.batchSize > 65_536) return undefined;
    m.batchSize = raw.batchSize;
  }
  if (raw.l2 !== undefined) {
    if (!positive(raw.l2, 10)) return undefined;
    m.l2 = raw.l2;
  }
  if (raw.dropout !== undefined) {
    if (!isFiniteNumber(raw.dropout) || raw.dropout < 0 || raw.dropout >= 1) return undefined;
    m.dropout = raw.dropout;
  }
  return m;
}

/** Host side: a webview message rebuilt with its text capped, or undefined (the host ignores it). */
export function parseSearchToHost(raw: unknown): SearchToHost | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'requestSpec':
      return { type: 'requestSpec' };
    case 'useSettings':
      return parseUseSettings(raw);
    case 'loadCifar':
      return parseLoadCifarMessage(raw);
    case 'status':
      return isOneOf(STATES)(raw.state) && isCount(raw.finished) && isCount(raw.planned) && isString(raw.text)
        ? { type: 'status', state: raw.state, finished: raw.finished, planned: raw.planned, text: capText(raw.text, 2000) }
        : undefined;
    default:
      return undefined;
  }
}
