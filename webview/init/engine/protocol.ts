/**
 * Messages between the init lab's page and its compute engine (webview/init/engine.ts), which
 * runs TF.js in a Web Worker so that a recompute never freezes the panel, whatever the backend.
 * Both sides check what they receive with the guards here: the page drops anything malformed,
 * the engine answers it with a `failed` message.
 */
import type { InitializerSpec } from '../../../src/core/types';
import {
  isArrayOf, isEnvelope, isFiniteNumber, isInteger, isNonNegativeInteger, isOneOf, isRecord, isString, parseInitializerSpec,
} from '../../../src/protocol/common';
import { MAX_INIT_SCALE, parseSpecNet } from '../../../src/protocol/init';
import { parseLabText, type LabText } from '../labText';
import { HIST_BINS, type LabResult, type LayerStats, type NetConfig, type SymmetryResult } from '../labConfig';

/** The bundle the engine ships in (dist/webview/), and the global it sets when loaded into the page. */
export const ENGINE_SCRIPT = 'init-engine.js';
export const PAGE_ENGINE_GLOBAL = 'netlensCreateLabEngine';

export type EngineBackend = 'webgl' | 'wasm' | 'cpu';
export const isEngineBackend = isOneOf<EngineBackend>(['webgl', 'wasm', 'cpu']);

/** page -> engine: pick a backend from `backends` (in order). Sent once. */
export interface StartMessage {
  type: 'start';
  backends: EngineBackend[];
  /** Where TF.js's .wasm files are (dist/webview/ as a webview URI), for the WASM backend. */
  wasmBase?: string;
}

/** page -> engine: one forward + backward pass of the lab's net with `init`. */
export interface ExperimentMessage {
  type: 'experiment';
  id: number;
  net: NetConfig;
  init: InitializerSpec;
}

/** page -> engine: the zero-init symmetry demo (a few SGD steps, then distinct units per layer). */
export interface SymmetryMessage {
  type: 'symmetry';
  id: number;
  net: NetConfig;
  init: InitializerSpec;
}

export type ToEngineMessage = StartMessage | ExperimentMessage | SymmetryMessage;

export interface StartedMessage {
  type: 'started';
  backend: EngineBackend;
}

export interface ExperimentResultMessage {
  type: 'experimentResult';
  id: number;
  result: LabResult;
  /** tf.memory().numTensors after the run: flat from one recompute to the next (no leaks). */
  numTensors: number;
}

export interface SymmetryResultMessage {
  type: 'symmetryResult';
  id: number;
  result: SymmetryResult;
}

/** The engine could not start (no id) or could not answer request `id`; `reason` is rendered by the page. */
export interface FailedMessage {
  type: 'failed';
  id?: number;
  reason: LabText;
}

export type FromEngineMessage = StartedMessage | ExperimentResultMessage | SymmetryResultMessage | FailedMessage;

export function parseNetConfig(raw: unknown): NetConfig | undefined {
  const shape = parseSpecNet(raw);
  if (!shape || !isRecord(raw) || !isNonNegativeInteger(raw.batch) || !isInteger(raw.seed)) return undefined;
  if (raw.batchNorm !== undefined && typeof raw.batchNorm !== 'boolean') return undefined;
  return { ...shape, batch: raw.batch, seed: raw.seed, ...(raw.batchNorm === true ? { batchNorm: true } : {}) };
}

export function parseToEngineMessage(raw: unknown): ToEngineMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  if (raw.type === 'start') {
    if (!isArrayOf(raw.backends, isEngineBackend) || raw.backends.length === 0) return undefined;
    if (raw.wasmBase === undefined) return { type: 'start', backends: raw.backends };
    return isString(raw.wasmBase) && raw.wasmBase.length < 2000 ? { type: 'start', backends: raw.backends, wasmBase: raw.wasmBase } : undefined;
  }
  if (raw.type === 'experiment' || raw.type === 'symmetry') {
    const net = parseNetConfig(raw.net);
    const init = parseInitializerSpec(raw.init, MAX_INIT_SCALE);
    if (!isNonNegativeInteger(raw.id) || !net || !init) return undefined;
    return { type: raw.type, id: raw.id, net, init };
  }
  return undefined;
}

/** A statistic may be NaN or ±Infinity (a diverged net); it must still be a number. */
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isNumberArray = (v: unknown): v is number[] => isArrayOf(v, isNumber);

function parseLayerStats(raw: unknown): LayerStats | undefined {
  if (!isRecord(raw)) return undefined;
  const { mean, std, meanAbs, saturated, lo, hi, gradNorm, counts } = raw;
  if (!isNumber(mean) || !isNumber(std) || !isNumber(meanAbs) || !isNumber(saturated) || !isNumber(lo) || !isNumber(hi) || !isNumber(gradNorm)) return undefined;
  if (!isNumberArray(counts) || counts.length !== HIST_BINS) return undefined;
  // Rebuilt field by field: nothing else the worker put on the object reaches the page.
  return { mean, std, meanAbs, saturated, lo, hi, gradNorm, counts: [...counts] };
}

function parseLabResult(raw: unknown): LabResult | undefined {
  if (!isRecord(raw)) return undefined;
  const config = parseNetConfig(raw.config);
  const init = parseInitializerSpec(raw.init, MAX_INIT_SCALE);
  if (!config || !init || !Array.isArray(raw.layers) || raw.layers.length !== config.widths.length) return undefined;
  const layers = raw.layers.map(parseLayerStats);
  if (layers.some((l) => !l) || !isFiniteNumber(raw.ms) || !isFiniteNumber(raw.dispatchMs) || !isString(raw.backend)) return undefined;
  return { config, init, layers: layers as LayerStats[], ms: raw.ms, dispatchMs: raw.dispatchMs, backend: raw.backend };
}

function parseSymmetryResult(raw: unknown): SymmetryResult | undefined {
  if (!isRecord(raw)) return undefined;
  const { steps, distinctBefore, distinctAfter, lossBefore, lossAfter } = raw;
  if (!isNonNegativeInteger(steps) || !isNumberArray(distinctBefore) || !isNumberArray(distinctAfter) || !isNumber(lossBefore) || !isNumber(lossAfter)) {
    return undefined;
  }
  return { steps, distinctBefore: [...distinctBefore], distinctAfter: [...distinctAfter], lossBefore, lossAfter };
}

export function parseFromEngineMessage(raw: unknown): FromEngineMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'started':
      return isEngineBackend(raw.backend) ? { type: 'started', backend: raw.backend } : undefined;
    case 'experimentResult': {
      const result = parseLabResult(raw.result);
      return isNonNegativeInteger(raw.id) && result && isNonNegativeInteger(raw.numTensors)
        ? { type: 'experimentResult', id: raw.id, result, numTensors: raw.numTensors }
        : undefined;
    }
    case 'symmetryResult': {
      const result = parseSymmetryResult(raw.result);
      return isNonNegativeInteger(raw.id) && result ? { type: 'symmetryResult', id: raw.id, result } : undefined;
    }
    case 'failed': {
      const reason = parseLabText(raw.reason);
      if (!reason || (raw.id !== undefined && !isNonNegativeInteger(raw.id))) return undefined;
      return raw.id === undefined ? { type: 'failed', reason } : { type: 'failed', id: raw.id, reason };
    }
  }
  return undefined;
}
