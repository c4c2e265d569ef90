/**
 * Messages between the activation explorer's page and its compute engine (./engine.ts), which
 * runs every TF.js computation of the explorer in a Web Worker: the curves and their derivatives,
 * the read-outs, the measurements, the PReLU, dead-ReLU and zig-zag demos, the activation race
 * and the cost timing. The page holds no TF.js, so it stays responsive while a slider is dragged
 * or a race trains for minutes. Both sides check what they receive with the guards here and
 * rebuild it field by field: the page drops anything malformed, the engine answers it with a
 * `failed` message. Races are asked for by preset name (../race.ts RACE_PRESETS), never by
 * arbitrary sizes. The engine answers with ids and numbers, never with sentences: the page words
 * everything in its own language.
 */
import type { ActivationName } from '../../../src/core/types';
import { isArrayOf, isBoolean, isEnvelope, isFiniteNumber, isInteger, isNonNegativeInteger, isOneOf, isRecord, isString } from '../../../src/protocol/common';
import { CURVE_IDS, type CurveId, type CurveParams } from '../curves';
import { GRID_POINTS, type Cost, type Measure } from '../explorer';
import type { CostMethod, XRange } from '../measure';
import type { DeadReluResult, DeadUnitsReading, PreluRunResult, ZigzagResult } from '../demos';
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
const isCurveId = isOneOf<CurveId>(CURVE_IDS);

/**
 * Where the explorer's own computations run when they have an engine of their own: WebGL, else
 * the CPU, as the page chose before they moved (identical numbers). Where the page has no WebGL
 * the worker is not asked to try its own (an OffscreenCanvas may still get one the page was denied).
 */
export function explorerBackends(pageHasWebgl: boolean): EngineBackend[] {
  return pageHasWebgl ? ['webgl', 'cpu'] : ['cpu'];
}
/** The dead-ReLU demo's learning rates: the page's slider spans 10⁻³ … 1; beyond 10 every run is NaN at once. */
export const DEAD_RELU_MAX_RATE = 10;
/** The zig-zag demo's target and start stay in the drawn square; the page asks for (1, −1). */
const ZIGZAG_MAX_TARGET = 10;

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

/** A curve to compute: its id and the parameters to draw it with. */
export interface CurveRequest {
  id: CurveId;
  params: CurveParams;
}

/** page -> engine: f, f′ and the saturation ranges of each curve on the plot grid (../explorer.ts plotGrid). */
export interface CurvesMessage {
  type: 'curves';
  id: number;
  curves: CurveRequest[];
}

/** page -> engine: f(x) and f′(x) of each curve at one x (the read-out table). */
export interface ReadoutMessage {
  type: 'readout';
  id: number;
  x: number;
  curves: CurveRequest[];
}

/** page -> engine: one curve's saturation ranges and mean output over N(0, 1). */
export interface MeasureMessage {
  type: 'measure';
  id: number;
  curve: CurveRequest;
}

/** page -> engine: learn PReLU's α on the two-rings task (./prelu.ts, its defaults). */
export interface PreluMessage {
  type: 'prelu';
  id: number;
}

/** page -> engine: the dead-ReLU demo at one learning rate (./deadReluDemo.ts). */
export interface DeadReluMessage {
  type: 'deadRelu';
  id: number;
  learningRate: number;
}

/** page -> engine: the zig-zag demo with all-positive or zero-centred inputs (./zigzag.ts). */
export interface ZigzagMessage {
  type: 'zigzag';
  id: number;
  positiveInputs: boolean;
  target: [number, number];
}

/** The explorer's own computations: short, coalesced (latest wins), and never queued behind a race. */
export type ExplorerRequest = CurvesMessage | ReadoutMessage | MeasureMessage | PreluMessage | DeadReluMessage | ZigzagMessage;

export type ToEngineMessage = StartMessage | RaceMessage | StopRaceMessage | CostMessage | ExplorerRequest;

/**
 * Requests that replace each other: a newer request of the same slot arriving before the older
 * one has started supersedes it (a dragged slider asks for twenty curves; the engine draws the
 * last). The measurement of each curve has its own slot, as have the two zig-zag cases.
 */
export function coalescingSlot(msg: ExplorerRequest): string {
  switch (msg.type) {
    case 'measure': return `measure:${msg.curve.id}`;
    case 'zigzag': return `zigzag:${msg.positiveInputs ? 'positive' : 'centred'}`;
    default: return msg.type;
  }
}

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

/** One curve on the plot grid: f and f′ at each of its GRID_POINTS x, and where |f′| < 0.01. */
export interface CurveValuesOut {
  id: CurveId;
  f: Float32Array;
  df: Float32Array;
  ranges: XRange[];
}

export interface CurvesResultMessage {
  type: 'curvesResult';
  id: number;
  curves: CurveValuesOut[];
}

export interface ReadoutRowOut {
  id: CurveId;
  f: number;
  df: number;
}

export interface ReadoutResultMessage {
  type: 'readoutResult';
  id: number;
  x: number;
  rows: ReadoutRowOut[];
}

export interface MeasureResultMessage {
  type: 'measureResult';
  id: number;
  measure: Measure;
}

export interface PreluResultMessage {
  type: 'preluResult';
  id: number;
  result: PreluRunResult;
}

export interface DeadReluResultMessage {
  type: 'deadReluResult';
  id: number;
  result: DeadReluResult;
}

export interface ZigzagResultMessage {
  type: 'zigzagResult';
  id: number;
  result: ZigzagResult;
}

/** Request `id` was replaced by a newer one of its slot before it started (coalescingSlot); it has no answer. */
export interface SupersededMessage {
  type: 'superseded';
  id: number;
}

export type FromEngineMessage =
  | StartedMessage | RaceProgressMessage | RaceResultMessage | CostResultMessage | FailedMessage
  | CurvesResultMessage | ReadoutResultMessage | MeasureResultMessage | PreluResultMessage | DeadReluResultMessage | ZigzagResultMessage | SupersededMessage;

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
  return isNonNegativeInteger(raw.id) ? parseExplorerRequest(raw, raw.id) : undefined;
}

/** A curve request rebuilt: a known curve id and parameters within the explorer's ranges. */
export function parseCurveRequest(raw: unknown): CurveRequest | undefined {
  if (!isRecord(raw) || !isCurveId(raw.id)) return undefined;
  const params = parseCurveParams(raw.params);
  return params ? { id: raw.id, params } : undefined;
}

/** Curve requests: each curve at most once (the explorer draws at most every curve). */
function parseCurveRequests(raw: unknown): CurveRequest[] | undefined {
  if (!Array.isArray(raw) || raw.length > CURVE_IDS.length) return undefined;
  const curves: CurveRequest[] = [];
  for (const c of raw as unknown[]) {
    const parsed = parseCurveRequest(c);
    if (!parsed) return undefined;
    curves.push(parsed);
  }
  return new Set(curves.map((c) => c.id)).size === curves.length ? curves : undefined;
}

const isTarget = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((c) => isFiniteNumber(c) && Math.abs(c) <= ZIGZAG_MAX_TARGET);

function parseExplorerRequest(raw: Record<string, unknown>, id: number): ExplorerRequest | undefined {
  switch (raw.type) {
    case 'curves': {
      const curves = parseCurveRequests(raw.curves);
      return curves ? { type: 'curves', id, curves } : undefined;
    }
    case 'readout': {
      const curves = parseCurveRequests(raw.curves);
      return curves && isFiniteNumber(raw.x) ? { type: 'readout', id, x: raw.x, curves } : undefined;
    }
    case 'measure': {
      const curve = parseCurveRequest(raw.curve);
      return curve ? { type: 'measure', id, curve } : undefined;
    }
    case 'prelu':
      return { type: 'prelu', id };
    case 'deadRelu': {
      const lr = raw.learningRate;
      return isFiniteNumber(lr) && lr > 0 && lr <= DEAD_RELU_MAX_RATE ? { type: 'deadRelu', id, learningRate: lr } : undefined;
    }
    case 'zigzag':
      if (!isBoolean(raw.positiveInputs) || !isTarget(raw.target)) return undefined;
      return { type: 'zigzag', id, positiveInputs: raw.positiveInputs, target: [raw.target[0], raw.target[1]] };
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
  return isNonNegativeInteger(raw.id) ? parseExplorerAnswer(raw, raw.id) : undefined;
}

/** Saturation ranges: from ≤ to, ±Infinity only where a range runs past the grid; a curve has at most one range per two grid points. */
function parseRanges(raw: unknown): XRange[] | undefined {
  if (!Array.isArray(raw) || raw.length > GRID_POINTS) return undefined;
  const out: XRange[] = [];
  for (const r of raw as unknown[]) {
    if (!isRecord(r) || !isNumber(r.from) || !isNumber(r.to) || Number.isNaN(r.from) || Number.isNaN(r.to) || !(r.from <= r.to)) return undefined;
    out.push({ from: r.from, to: r.to });
  }
  return out;
}

/** f or f′ over the plot grid: a Float32Array of exactly GRID_POINTS values, copied. */
const gridValues = (v: unknown): Float32Array | undefined => (v instanceof Float32Array && v.length === GRID_POINTS ? Float32Array.from(v) : undefined);

function parseCurveValues(raw: unknown): CurveValuesOut | undefined {
  if (!isRecord(raw) || !isCurveId(raw.id)) return undefined;
  const f = gridValues(raw.f);
  const df = gridValues(raw.df);
  const ranges = parseRanges(raw.ranges);
  return f && df && ranges ? { id: raw.id, f, df, ranges } : undefined;
}

function parseReadoutRow(raw: unknown): ReadoutRowOut | undefined {
  return isRecord(raw) && isCurveId(raw.id) && isNumber(raw.f) && isNumber(raw.df) ? { id: raw.id, f: raw.f, df: raw.df } : undefined;
}

export function parseMeasure(raw: unknown): Measure | undefined {
  if (!isRecord(raw) || !isCurveId(raw.id) || !isNumber(raw.mean) || !isNumber(raw.std)) return undefined;
  const ranges = parseRanges(raw.ranges);
  return ranges ? { id: raw.id, ranges, mean: raw.mean, std: raw.std } : undefined;
}

/** A list of `parse(item)` for every item, or undefined when any item is malformed. */
function every<T>(raw: unknown, parse: (item: unknown) => T | undefined, max = 10_000): T[] | undefined {
  if (!Array.isArray(raw) || raw.length > max) return undefined;
  const out: T[] = [];
  for (const item of raw as unknown[]) {
    const parsed = parse(item);
    if (parsed === undefined) return undefined;
    out.push(parsed);
  }
  return out;
}

export function parsePreluResult(raw: unknown): PreluRunResult | undefined {
  if (!isRecord(raw) || !isNumber(raw.alpha) || !isNumber(raw.finalLoss) || !isNumber(raw.accuracy)) return undefined;
  const history = every(raw.history, (h) =>
    isRecord(h) && isNonNegativeInteger(h.step) && isNumber(h.alpha) && isNumber(h.loss) ? { step: h.step, alpha: h.alpha, loss: h.loss } : undefined,
  );
  return history && history.length > 0 ? { alpha: raw.alpha, history, finalLoss: raw.finalLoss, accuracy: raw.accuracy } : undefined;
}

/** A layer's name as TF.js's layers name them (hidden_1, output): letters, digits, underscores. */
const isLayerName = (v: unknown): v is string => isString(v) && /^\w{1,64}$/.test(v);

function parseDeadUnits(raw: unknown): DeadUnitsReading | undefined {
  if (!isRecord(raw) || !isNumber(raw.fraction) || !isNonNegativeInteger(raw.deadUnits) || !isNonNegativeInteger(raw.totalUnits)) return undefined;
  const layers = every<DeadUnitsReading['layers'][number]>(raw.layers, (l) =>
    isRecord(l) && isLayerName(l.name) && isNonNegativeInteger(l.dead) && isNonNegativeInteger(l.total) ? { name: l.name, dead: l.dead, total: l.total } : undefined,
  100);
  return layers ? { fraction: raw.fraction, deadUnits: raw.deadUnits, totalUnits: raw.totalUnits, layers } : undefined;
}

export function parseDeadReluResult(raw: unknown): DeadReluResult | undefined {
  if (!isRecord(raw) || !isFiniteNumber(raw.learningRate) || !isNumber(raw.lossBefore) || !isNumber(raw.lossAfter)) return undefined;
  const before = parseDeadUnits(raw.before);
  const after = parseDeadUnits(raw.after);
  return before && after ? { learningRate: raw.learningRate, before, after, lossBefore: raw.lossBefore, lossAfter: raw.lossAfter } : undefined;
}

const isPoint = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(isNumber);
const isSign = (v: unknown): v is number => v === 1 || v === -1 || v === 0;

export function parseZigzagResult(raw: unknown): ZigzagResult | undefined {
  if (!isRecord(raw) || !isNumber(raw.sameSignFraction) || !isNumber(raw.finalDistance) || !isNumber(raw.detour)) return undefined;
  const path = every(raw.path, (p) => (isPoint(p) ? ([p[0], p[1]] as [number, number]) : undefined));
  const signs = every(raw.signs, (s) => (Array.isArray(s) && s.length === 2 && s.every(isSign) ? ([s[0], s[1]] as [number, number]) : undefined));
  if (!path || !signs || path.length !== signs.length + 1) return undefined;
  return { path, signs, sameSignFraction: raw.sameSignFraction, finalDistance: raw.finalDistance, detour: raw.detour };
}

function parseExplorerAnswer(raw: Record<string, unknown>, id: number): FromEngineMessage | undefined {
  switch (raw.type) {
    case 'curvesResult': {
      const curves = every(raw.curves, parseCurveValues, CURVE_IDS.length);
      return curves ? { type: 'curvesResult', id, curves } : undefined;
    }
    case 'readoutResult': {
      const rows = every(raw.rows, parseReadoutRow, CURVE_IDS.length);
      return rows && isFiniteNumber(raw.x) ? { type: 'readoutResult', id, x: raw.x, rows } : undefined;
    }
    case 'measureResult': {
      const measure = parseMeasure(raw.measure);
      return measure ? { type: 'measureResult', id, measure } : undefined;
    }
    case 'preluResult': {
      const result = parsePreluResult(raw.result);
      return result ? { type: 'preluResult', id, result } : undefined;
    }
    case 'deadReluResult': {
      const result = parseDeadReluResult(raw.result);
      return result ? { type: 'deadReluResult', id, result } : undefined;
    }
    case 'zigzagResult': {
      const result = parseZigzagResult(raw.result);
      return result ? { type: 'zigzagResult', id, result } : undefined;
    }
    case 'superseded':
      return { type: 'superseded', id };
  }
  return undefined;
}
