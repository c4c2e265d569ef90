/**
 * Messages between the activation explorer's page and its compute engine (./engine.ts), which
 * runs the activation race and the cost measurement with TF.js in a Web Worker, so the explorer
 * stays responsive while a race trains for minutes. Both sides check what they receive with the
 * guards here: the page drops anything malformed, the engine answers it with a `failed` message.
 * Races are asked for by preset name (../race.ts RACE_PRESETS), never by arbitrary sizes.
 */
import { ACTIVATIONS } from '../../../src/core/catalogue';
import type { ActivationName } from '../../../src/core/types';
import { isArrayOf, isBoolean, isEnvelope, isFiniteNumber, isInteger, isNonNegativeInteger, isOneOf, isRecord, isString } from '../../../src/protocol/common';
import type { CurveId, CurveParams } from '../activations';
import type { Cost } from '../explorer';
import type { CostMethod } from '../measure';
import { RACE_ACTIVATIONS, RACE_PRESET_NAMES, type RacePreset, type RaceRun } from '../race';

/** The bundle the engine ships in (dist/webview/), and the global it sets when loaded into the page. */
export const ENGINE_SCRIPT = 'activations-engine.js';
export const PAGE_ENGINE_GLOBAL = 'netlensCreateActivationsEngine';
/** The `failed` message's text when no backend started: the page words it (activations.engine.noBackend). */
export const ENGINE_NO_BACKEND = 'NetLens: no TF.js backend could start';

export type EngineBackend = 'webgl' | 'wasm' | 'cpu';
export const isEngineBackend = isOneOf<EngineBackend>(['webgl', 'wasm', 'cpu']);
const isRacePreset = isOneOf<RacePreset>(RACE_PRESET_NAMES);
const isRaceActivation = isOneOf<ActivationName>(RACE_ACTIVATIONS);
const CURVE_IDS: readonly CurveId[] = [...ACTIVATIONS.map((a) => a.name), 'maxout'];
const isCurveId = isOneOf<CurveId>(CURVE_IDS);

/** page -> engine: pick a backend from `backends` (in order). Sent once. */
export interface StartMessage {
  type: 'start';
  backends: EngineBackend[];
  /** Where TF.js's .wasm files are (dist/webview/ as a webview URI), for the WASM backend. */
  wasmBase?: string;
}

/** page -> engine: race `activations` in order on the network of `preset`. */
export interface RaceMessage {
  type: 'race';
  id: number;
  preset: RacePreset;
  activations: ActivationName[];
}

/** page -> engine: end the race in progress after its current batch (answered by its raceResult, marked stopped). */
export interface StopRaceMessage {
  type: 'stopRace';
}

/** page -> engine: time every curve on `backend` (the engine's own backend when that one cannot start). */
export interface CostMessage {
  type: 'cost';
  id: number;
  backend: EngineBackend;
  curves: { id: CurveId; params: CurveParams }[];
  method: CostMethod;
}

export type ToEngineMessage = StartMessage | RaceMessage | StopRaceMessage | CostMessage;

export interface StartedMessage {
  type: 'started';
  backend: EngineBackend;
  /** What the engine's own WebGL reports as its renderer (undefined where it has none). */
  renderer?: string;
}

/** engine -> page: a run of race `id` after one more check of its training error. */
export interface RaceProgressMessage {
  type: 'raceProgress';
  id: number;
  run: RaceRun;
}

/** What a race sends back: ../race.ts RaceResult with its settings named by preset. */
export interface RaceOutcome {
  preset: RacePreset;
  initialFingerprint: string;
  parameters: number;
  backend: string;
  runs: RaceRun[];
  stopped: boolean;
}

export interface RaceResultMessage {
  type: 'raceResult';
  id: number;
  result: RaceOutcome;
}

export interface CostResultMessage {
  type: 'costResult';
  id: number;
  /** The backend the timings were taken on. */
  backend: EngineBackend;
  costs: ({ id: CurveId } & Cost)[];
}

/** The engine could not start (no id) or could not answer request `id`. */
export interface FailedMessage {
  type: 'failed';
  id?: number;
  message: string;
}

export type FromEngineMessage = StartedMessage | RaceProgressMessage | RaceResultMessage | CostResultMessage | FailedMessage;

// ---- guards --------------------------------------------------------------------------------------

/** A number the engine computed: NaN or ±Infinity only where a run diverged, but always a number. */
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isNumberArray = (v: unknown): v is number[] => isArrayOf(v, isNumber);
const isFingerprint = (v: unknown): v is string => isString(v) && /^[0-9a-f]{8}$/.test(v);
const inRange = (v: unknown, lo: number, hi: number): v is number => isInteger(v) && v >= lo && v <= hi;
const PARAM_KEYS = ['alpha', 'w1', 'b1', 'w2', 'b2'] as const;

/** Curve parameters rebuilt: known keys with finite values within the explorer's ±100. */
export function parseCurveParams(raw: unknown): CurveParams | undefined {
  if (!isRecord(raw)) return undefined;
  const out: CurveParams = {};
  for (const key of PARAM_KEYS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (!isFiniteNumber(v) || Math.abs(v) > 100) return undefined;
    out[key] = v;
  }
  return out;
}

/** A cost method within sizes a worker can hold and time in reasonable time. */
export function parseCostMethod(raw: unknown): CostMethod | undefined {
  if (!isRecord(raw)) return undefined;
  const { n, reps, rounds, warmup } = raw;
  if (!inRange(n, 1_000, 16_000_000) || !inRange(reps, 1, 50) || !inRange(rounds, 1, 50) || !inRange(warmup, 0, 10)) return undefined;
  return { n, reps, rounds, warmup };
}

export function parseToEngineMessage(raw: unknown): ToEngineMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'start':
      if (!isArrayOf(raw.backends, isEngineBackend) || raw.backends.length === 0) return undefined;
      if (raw.wasmBase === undefined) return { type: 'start', backends: [...raw.backends] };
      return isString(raw.wasmBase) && raw.wasmBase.length < 2000 ? { type: 'start', backends: [...raw.backends], wasmBase: raw.wasmBase } : undefined;
    case 'race':
      if (!isNonNegativeInteger(raw.id) || !isRacePreset(raw.preset)) return undefined;
      if (!isArrayOf(raw.activations, isRaceActivation) || raw.activations.length === 0 || new Set(raw.activations).size !== raw.activations.length) return undefined;
      return { type: 'race', id: raw.id, preset: raw.preset, activations: [...raw.activations] };
    case 'stopRace':
      return { type: 'stopRace' };
    case 'cost': {
      const method = parseCostMethod(raw.method);
      if (!isNonNegativeInteger(raw.id) || !isEngineBackend(raw.backend) || !method || !Array.isArray(raw.curves) || raw.curves.length === 0) return undefined;
      const curves: CostMessage['curves'] = [];
      for (const c of raw.curves as unknown[]) {
        if (!isRecord(c) || !isCurveId(c.id)) return undefined;
        const params = parseCurveParams(c.params);
        if (!params) return undefined;
        curves.push({ id: c.id, params });
      }
      if (new Set(curves.map((c) => c.id)).size !== curves.length) return undefined;
      return { type: 'cost', id: raw.id, backend: raw.backend, curves, method };
    }
  }
  return undefined;
}

/** A run rebuilt field by field: nothing else the worker put on the object reaches the page. */
export function parseRaceRun(raw: unknown): RaceRun | undefined {
  if (!isRecord(raw) || !isRaceActivation(raw.activation) || !isFingerprint(raw.startFingerprint) || !isArrayOf(raw.batchFingerprints, isFingerprint)) return undefined;
  const { epochs, errors, losses, seconds, diverged, epochsToTarget, secondsToTarget } = raw;
  if (!isNumberArray(epochs) || !isNumberArray(errors) || !isNumberArray(losses) || errors.length !== epochs.length || losses.length !== epochs.length) return undefined;
  if (!isFiniteNumber(seconds) || !isBoolean(diverged)) return undefined;
  if ((epochsToTarget !== undefined && !isFiniteNumber(epochsToTarget)) || (secondsToTarget !== undefined && !isFiniteNumber(secondsToTarget))) return undefined;
  const run: RaceRun = {
    activation: raw.activation, startFingerprint: raw.startFingerprint, batchFingerprints: [...raw.batchFingerprints],
    epochs: [...epochs], errors: [...errors], losses: [...losses], seconds, diverged,
  };
  if (epochsToTarget !== undefined) run.epochsToTarget = epochsToTarget;
  if (secondsToTarget !== undefined) run.secondsToTarget = secondsToTarget;
  return run;
}

function parseRaceOutcome(raw: unknown): RaceOutcome | undefined {
  if (!isRecord(raw) || !isRacePreset(raw.preset) || !isFingerprint(raw.initialFingerprint) || !isNonNegativeInteger(raw.parameters)) return undefined;
  if (!isEngineBackend(raw.backend) || !isBoolean(raw.stopped) || !Array.isArray(raw.runs)) return undefined;
  const runs = (raw.runs as unknown[]).map(parseRaceRun);
  if (runs.some((r) => !r)) return undefined;
  return { preset: raw.preset, initialFingerprint: raw.initialFingerprint, parameters: raw.parameters, backend: raw.backend, runs: runs as RaceRun[], stopped: raw.stopped };
}

function parseCost(raw: unknown): ({ id: CurveId } & Cost) | undefined {
  if (!isRecord(raw) || !isCurveId(raw.id)) return undefined;
  const { ms, spread, ratio, ratioSpread, rounds } = raw;
  if (!isNumber(ms) || !isNumber(spread) || !isNumber(ratio) || !isNumber(ratioSpread) || !isNonNegativeInteger(rounds)) return undefined;
  return { id: raw.id, ms, spread, ratio, ratioSpread, rounds };
}

export function parseFromEngineMessage(raw: unknown): FromEngineMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'started':
      if (!isEngineBackend(raw.backend)) return undefined;
      if (raw.renderer === undefined) return { type: 'started', backend: raw.backend };
      return isString(raw.renderer) && raw.renderer.length < 500 ? { type: 'started', backend: raw.backend, renderer: raw.renderer } : undefined;
    case 'raceProgress': {
      const run = parseRaceRun(raw.run);
      return isNonNegativeInteger(raw.id) && run ? { type: 'raceProgress', id: raw.id, run } : undefined;
    }
    case 'raceResult': {
      const result = parseRaceOutcome(raw.result);
      return isNonNegativeInteger(raw.id) && result ? { type: 'raceResult', id: raw.id, result } : undefined;
    }
    case 'costResult': {
      if (!isNonNegativeInteger(raw.id) || !isEngineBackend(raw.backend) || !Array.isArray(raw.costs)) return undefined;
      const costs = (raw.costs as unknown[]).map(parseCost);
      if (costs.some((c) => !c)) return undefined;
      return { type: 'costResult', id: raw.id, backend: raw.backend, costs: costs as ({ id: CurveId } & Cost)[] };
    }
    case 'failed':
      if (!isString(raw.message) || (raw.id !== undefined && !isNonNegativeInteger(raw.id))) return undefined;
      return raw.id === undefined ? { type: 'failed', message: raw.message } : { type: 'failed', id: raw.id, message: raw.message };
  }
  return undefined;
}
