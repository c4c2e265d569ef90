/**
 * Messages between the "Train on GPU" panel (src/panels/trainPanel.ts) and its webview
 * (webview/train). Pure; the convention is described in ./common.ts. Every parser rebuilds what
 * it accepts, down to each layer's config, so nothing the other side added is passed on.
 */
import { ACTIVATIONS } from '../core/catalogue';
import type { ExportTarget } from '../core/export';
import { EXPORT_DATASETS, EXPORT_NORMALIZE, EXPORT_OPTIMIZERS, type ExportHyperName, type ExportHypers, type ExportSchedule, type ExportSettings } from '../core/export/settings';
import { layerConfigProblem } from '../core/resolve';
import type { ActivationSpec, Analysis, ExplicitPadding, InitializerSpec, LayerConfig, Padding, RegularizerSpec } from '../core/types';
import { VIEW_TYPES } from '../ids';
import {
  capText,
  isArrayOf,
  isBoolean,
  isEnvelope,
  isFiniteNumber,
  isInteger,
  isNonNegativeInteger,
  isOneOf,
  isPositiveInteger,
  isRecord,
  isShape,
  isString,
  parseInitializerSpec,
  parseSettingsMessage,
  type ReadyMessage,
  type SettingsMessage,
} from './common';

export const TRAIN_VIEW_TYPE = VIEW_TYPES.train;

export { BACKEND_PREFERENCES, type BackendPreference, type SettingsMessage } from './common';

/** One layer of the spec as the core engine resolved it (a slice of LayerInfo). */
export interface TrainLayer {
  name: string;
  kerasClass: string;
  config: LayerConfig;
  /** Per-sample output shape; null when the engine could not compute it. */
  outputShape: number[] | null;
  params: number;
}

/** The spec the webview builds: everything from analyze(text) the trainer needs. */
export interface TrainSpec {
  /** The document's URI (string), to tell specs apart. */
  uri: string;
  /** File name for titles, e.g. lecture6-cifar.netspec. */
  fileName: string;
  inputShape: number[] | null;
  layers: TrainLayer[];
  totalParams: number;
  /** Error diagnostics as "line N: message"; a spec with errors is shown but not built. */
  errors: string[];
}

/** Decoded CIFAR-10 samples, images in HWC order (32x32x3, bytes 0..255). */
export interface CifarPayload {
  /** Where they came from, for display. */
  source: string;
  count: number;
  /** count bytes, each 0..9. Uint8Array when VS Code transfers it, base64 text otherwise. */
  labels: Uint8Array | string;
  /** count*3072 bytes, HWC. */
  images: Uint8Array | string;
}

/** The slice of an Analysis the trainer needs (host side; pure so tests build specs the same way). */
export function trainSpecFromAnalysis(uri: string, fileName: string, a: Analysis): TrainSpec {
  return {
    uri,
    fileName,
    inputShape: a.input ? [...a.input.shape] : null,
    layers: a.layers.map((l) => ({
      name: l.name,
      kerasClass: l.kerasClass,
      config: l.config,
      outputShape: l.outputShape ? [...l.outputShape] : null,
      params: l.params,
    })),
    totalParams: a.totalParams,
    errors: a.diagnostics.filter((d) => d.severity === 'error').map((d) => `line ${d.line + 1}: ${d.message}`),
  };
}

// ---- host -> webview ---------------------------------------------------------------------------

/** host -> webview: the spec to build (on open, on save, on restore, or when asked). */
export interface SpecMessage {
  type: 'spec';
  spec: TrainSpec;
  reason: 'open' | 'save' | 'restore' | 'request';
}
/** host -> webview: CIFAR-10 samples read from disk, or why they could not be. */
export type CifarMessage =
  | { type: 'cifar'; ok: true; data: CifarPayload }
  | { type: 'cifar'; ok: false; message: string };
/** host -> webview: stop any run now (the panel is closing or the spec is gone). */
export interface StopMessage {
  type: 'stop';
}

/**
 * host -> webview: "Use these settings" of the search panel (src/panels/searchPanel.ts): the
 * best trial's learning rate (and batch size) go into the form.
 */
export interface UseTrainSettingsMessage {
  type: 'useSettings';
  learningRate: number;
  batchSize?: number;
}

export type HostToTrain = SpecMessage | SettingsMessage | CifarMessage | StopMessage | UseTrainSettingsMessage;

// ---- webview -> host ---------------------------------------------------------------------------

/** webview -> host: ask for CIFAR-10 (host uses netlens.train.cifarPath or a folder dialog). */
export interface LoadCifarMessage {
  type: 'loadCifar';
  /** Show the folder dialog even when the setting is set. */
  pick: boolean;
  /** At most this many samples (memory and transfer stay bounded). */
  maxSamples: number;
}
/** webview -> host: send the spec again (the Rebuild button). */
export interface RequestSpecMessage {
  type: 'requestSpec';
}
/** webview -> host: run state, for the output channel and tests. */
export interface TrainStatusMessage {
  type: 'status';
  state: 'idle' | 'training' | 'paused' | 'done' | 'stopped' | 'diverged' | 'error';
  backend: string;
  text: string;
}
/** webview -> host: a line for the NetLens output channel. */
export interface LogMessage {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** webview -> host: the model TF.js built, per spec layer (tests compare it with the core engine). */
export interface ModelBuiltMessage {
  type: 'model';
  backend: string;
  totalParams: number;
  layers: { name: string; outputShape: number[]; params: number }[];
}

/** One trained weight in Keras's name and layout (`conv2d/kernel`, [kh, kw, in, out]). */
export interface WeightPayload {
  name: string;
  shape: number[];
  /** The values, float32 little-endian, as base64 (./train.ts encodeFloat32). */
  data: string;
}

/**
 * webview -> host: "Export…" in the panel. The host runs NetLens: Export Model… on the panel's
 * spec with these settings and, when weights come along, saves them as a `.npz` the scripts load.
 */
export interface ExportMessage {
  type: 'export';
  target: ExportTarget;
  /** What a notebook holds (the scripts ignore it). */
  framework?: 'pytorch' | 'keras';
  settings: ExportSettings;
  /** The model's trained weights, every one of src/core/export/layout.ts weightLayout in order. */
  weights?: WeightPayload[];
}

/** webview -> host: a CPU-vs-GPU race ran all its rounds (the host marks the walkthrough step). */
export interface RaceFinishedMessage {
  type: 'raceFinished';
  rounds: number;
  /** The backends that finished their rounds. */
  backends: ('webgl' | 'wasm' | 'cpu')[];
}

export type TrainToHost =
  | ReadyMessage
  | RaceFinishedMessage
  | LoadCifarMessage
  | RequestSpecMessage
  | TrainStatusMessage
  | LogMessage
  | ModelBuiltMessage
  | ExportMessage;

// ---- guards ------------------------------------------------------------------------------------

/** Largest CIFAR-10 request the host serves (the training batches hold 50,000 images). */
export const MAX_CIFAR_SAMPLES = 60_000;

const isActivationName = isOneOf(ACTIVATIONS.map((a) => a.name));
const pair = (v: unknown, item: (x: unknown) => x is number): [number, number] | undefined =>
  isArrayOf(v, item) && v.length === 2 ? [v[0], v[1]] : undefined;

function parseExplicitPadding(v: unknown): ExplicitPadding | undefined {
  if (!Array.isArray(v) || v.length !== 2) return undefined;
  const top = pair(v[0], isNonNegativeInteger);
  const left = pair(v[1], isNonNegativeInteger);
  return top && left ? [top, left] : undefined;
}

function parsePadding(v: unknown): Padding | undefined {
  return v === 'valid' || v === 'same' ? v : parseExplicitPadding(v);
}

const isAlphaDefault = isOneOf(['lecture', 'keras-layer', 'keras-activation'] as const);

function parseActivationSpec(v: unknown): ActivationSpec | undefined {
  if (!isRecord(v) || !isActivationName(v.name)) return undefined;
  const spec: ActivationSpec = { name: v.name };
  if (v.alpha !== undefined) {
    if (!isFiniteNumber(v.alpha)) return undefined;
    spec.alpha = v.alpha;
  }
  if (v.alphaDefault !== undefined) {
    if (!isAlphaDefault(v.alphaDefault)) return undefined;
    spec.alphaDefault = v.alphaDefault;
  }
  if (v.maxValue !== undefined) {
    if (!isFiniteNumber(v.maxValue)) return undefined;
    spec.maxValue = v.maxValue;
  }
  if (v.sharedAxes !== undefined) {
    if (!isArrayOf(v.sharedAxes, isPositiveInteger)) return undefined;
    spec.sharedAxes = [...v.sharedAxes];
  }
  return spec;
}

/** The same initializer guard as the init lab's (./common.ts), for code that only needs a yes/no. */
export function isInitializerSpec(v: unknown): v is InitializerSpec {
  return parseInitializerSpec(v) !== undefined;
}

/**
 * A LayerConfig the trainer can build, rebuilt field by field (every field it reads is checked),
 * and then held to the core's own validation (`layerConfigProblem`, src/core/resolve.ts): the
 * panel accepts exactly the values the editor accepts.
 */
export function parseLayerConfig(v: unknown): LayerConfig | undefined {
  const config = rebuildLayerConfig(v);
  return config && layerConfigProblem(config) === undefined ? config : undefined;
}

/** An optional weight penalty: absent stays absent (undefined), a malformed one refuses the layer (false); the core checks ≥ 0. */
function optionalRegularizer(v: unknown): RegularizerSpec | undefined | false {
  if (v === undefined) return undefined;
  return isRecord(v) && isFiniteNumber(v.l1) && isFiniteNumber(v.l2) ? { l1: v.l1, l2: v.l2 } : false;
}

/** A layer's kernel and bias penalties as optional fields, or false when either is malformed. */
function regularizerFields(v: Record<string, unknown>): { regularizer?: RegularizerSpec; biasRegularizer?: RegularizerSpec } | false {
  const regularizer = optionalRegularizer(v.regularizer);
  const biasRegularizer = optionalRegularizer(v.biasRegularizer);
  if (regularizer === false || biasRegularizer === false) return false;
  return { ...(regularizer && { regularizer }), ...(biasRegularizer && { biasRegularizer }) };
}

function rebuildLayerConfig(v: unknown): LayerConfig | undefined {
  if (!isRecord(v) || !isString(v.kind)) return undefined;
  switch (v.kind) {
    case 'input':
      return isShape(v.shape) ? { kind: 'input', shape: [...v.shape] } : undefined;
    case 'conv2d': {
      const kernel = pair(v.kernel, isPositiveInteger);
      const strides = pair(v.strides, isPositiveInteger);
      const dilation = pair(v.dilation, isPositiveInteger);
      const padding = parsePadding(v.padding);
      const activation = parseActivationSpec(v.activation);
      const init = parseInitializerSpec(v.init);
      const regs = regularizerFields(v);
      if (!isPositiveInteger(v.filters) || !kernel || !strides || !dilation || !padding || !activation || !isBoolean(v.useBias) || !init || !regs) return undefined;
      return { kind: 'conv2d', filters: v.filters, kernel, strides, padding, dilation, activation, useBias: v.useBias, init, ...regs };
    }
    case 'maxpool2d': case 'avgpool2d': {
      const pool = pair(v.pool, isPositiveInteger);
      const strides = pair(v.strides, isPositiveInteger);
      const padding = parsePadding(v.padding);
      return pool && strides && padding ? { kind: v.kind, pool, strides, padding } : undefined;
    }
    case 'globalavgpool2d': case 'globalmaxpool2d': case 'flatten':
      return { kind: v.kind };
    case 'zeropad2d': {
      const padding = parseExplicitPadding(v.padding);
      return padding ? { kind: 'zeropad2d', padding } : undefined;
    }
    case 'dense': {
      const activation = parseActivationSpec(v.activation);
      const init = parseInitializerSpec(v.init);
      const regs = regularizerFields(v);
      if (!isPositiveInteger(v.units) || !activation || !isBoolean(v.useBias) || !init || !regs) return undefined;
      return { kind: 'dense', units: v.units, activation, useBias: v.useBias, init, ...regs };
    }
    case 'maxout': {
      const init = parseInitializerSpec(v.init);
      const reg = optionalRegularizer(v.regularizer);
      if (!isPositiveInteger(v.units) || !isPositiveInteger(v.pieces) || !init || reg === false) return undefined;
      return { kind: 'maxout', units: v.units, pieces: v.pieces, init, ...(reg && { regularizer: reg }) };
    }
    case 'dropout':
      return isFiniteNumber(v.rate) && v.rate >= 0 && v.rate < 1 ? { kind: 'dropout', rate: v.rate } : undefined;
    case 'batchnorm':
      return isFiniteNumber(v.momentum) && isFiniteNumber(v.epsilon) && Number.isSafeInteger(v.axis) && isBoolean(v.center) && isBoolean(v.scale)
        ? { kind: 'batchnorm', momentum: v.momentum, epsilon: v.epsilon, axis: v.axis as number, center: v.center, scale: v.scale }
        : undefined;
    case 'activation': {
      const activation = parseActivationSpec(v.activation);
      return activation && isBoolean(v.standalone) ? { kind: 'activation', activation, standalone: v.standalone } : undefined;
    }
    case 'normalize': {
      if (!Number.isSafeInteger(v.axis)) return undefined;
      if (v.mean === undefined && v.variance === undefined) return { kind: 'normalize', axis: v.axis as number };
      return isFiniteNumber(v.mean) && isFiniteNumber(v.variance) ? { kind: 'normalize', axis: v.axis as number, mean: v.mean, variance: v.variance } : undefined;
    }
    default:
      return undefined;
  }
}

/** True when `v` is a LayerConfig the trainer can build. */
export function isLayerConfig(v: unknown): v is LayerConfig {
  return parseLayerConfig(v) !== undefined;
}

export function parseTrainLayer(v: unknown): TrainLayer | undefined {
  if (!isRecord(v) || !isString(v.name) || !isString(v.kerasClass) || !isNonNegativeInteger(v.params)) return undefined;
  const config = parseLayerConfig(v.config);
  if (!config) return undefined;
  if (v.outputShape !== null && !isArrayOf(v.outputShape, isNonNegativeInteger)) return undefined;
  return { name: v.name, kerasClass: v.kerasClass, config, outputShape: v.outputShape === null ? null : [...v.outputShape], params: v.params };
}

/** A TrainSpec rebuilt from untrusted input, or undefined. */
export function parseTrainSpec(v: unknown): TrainSpec | undefined {
  if (!isRecord(v) || !isString(v.uri) || !isString(v.fileName) || !isNonNegativeInteger(v.totalParams) || !isArrayOf(v.errors, isString)) return undefined;
  if (v.inputShape !== null && !isShape(v.inputShape)) return undefined;
  if (!Array.isArray(v.layers)) return undefined;
  const layers: TrainLayer[] = [];
  for (const raw of v.layers) {
    const layer = parseTrainLayer(raw);
    if (!layer) return undefined;
    layers.push(layer);
  }
  return {
    uri: v.uri, fileName: v.fileName, inputShape: v.inputShape === null ? null : [...v.inputShape],
    layers, totalParams: v.totalParams, errors: [...v.errors],
  };
}

export function isTrainSpec(v: unknown): v is TrainSpec {
  return parseTrainSpec(v) !== undefined;
}

const isBytes = (v: unknown): v is Uint8Array | string => v instanceof Uint8Array || isString(v);

export function parseCifarPayload(v: unknown): CifarPayload | undefined {
  return isRecord(v) && isString(v.source) && isNonNegativeInteger(v.count) && isBytes(v.labels) && isBytes(v.images)
    ? { source: v.source, count: v.count, labels: v.labels, images: v.images }
    : undefined;
}

/** A `cifar` reply rebuilt (the Train panel's, the data explorer's and the search's pages receive it), or undefined. */
export function parseCifarMessage(raw: Record<string, unknown>): CifarMessage | undefined {
  if (raw.type !== 'cifar') return undefined;
  if (raw.ok === true) {
    const data = parseCifarPayload(raw.data);
    return data ? { type: 'cifar', ok: true, data } : undefined;
  }
  if (raw.ok === false) return isString(raw.message) ? { type: 'cifar', ok: false, message: raw.message } : undefined;
  return undefined;
}

/** A `loadCifar` request rebuilt (bounded by MAX_CIFAR_SAMPLES), or undefined. */
export function parseLoadCifarMessage(raw: Record<string, unknown>): LoadCifarMessage | undefined {
  return raw.type === 'loadCifar' && isBoolean(raw.pick) && isPositiveInteger(raw.maxSamples) && raw.maxSamples <= MAX_CIFAR_SAMPLES
    ? { type: 'loadCifar', pick: raw.pick, maxSamples: raw.maxSamples } : undefined;
}

const SPEC_REASONS = ['open', 'save', 'restore', 'request'] as const;
const RUN_STATES = ['idle', 'training', 'paused', 'done', 'stopped', 'diverged', 'error'] as const;
const LOG_LEVELS = ['info', 'warn', 'error'] as const;
const isRaceBackend = isOneOf(['webgl', 'wasm', 'cpu'] as const);

/** Webview side: a host message rebuilt, or undefined. */
export function parseHostToTrain(raw: unknown): HostToTrain | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'spec': {
      const spec = parseTrainSpec(raw.spec);
      return spec && isOneOf(SPEC_REASONS)(raw.reason) ? { type: 'spec', spec, reason: raw.reason } : undefined;
    }
    case 'settings':
      return parseSettingsMessage(raw);
    case 'cifar':
      return parseCifarMessage(raw);
    case 'stop':
      return { type: 'stop' };
    case 'useSettings': {
      if (!isFiniteNumber(raw.learningRate) || raw.learningRate <= 0) return undefined;
      if (raw.batchSize !== undefined && !isPositiveInteger(raw.batchSize)) return undefined;
      return { type: 'useSettings', learningRate: raw.learningRate, ...(raw.batchSize !== undefined ? { batchSize: raw.batchSize as number } : {}) };
    }
    default:
      return undefined;
  }
}

function parseBuiltLayer(l: unknown): ModelBuiltMessage['layers'][number] | undefined {
  return isRecord(l) && isString(l.name) && isArrayOf(l.outputShape, isInteger) && isNonNegativeInteger(l.params)
    ? { name: capText(l.name, 200), outputShape: [...l.outputShape], params: l.params }
    : undefined;
}

// ---- export ------------------------------------------------------------------------------------

export const EXPORT_TARGETS: readonly ExportTarget[] = ['pytorch', 'keras', 'ipynb'];
/**
 * Most weight values an export message carries: the Train panel builds no model above 20 million
 * parameters (MAX_TRAIN_PARAMS in webview/train/session.svelte.ts), so nothing real is refused.
 */
export const MAX_EXPORT_WEIGHT_VALUES = 20_000_000;
/** Most weight arrays: a few per layer, and no spec has thousands of layers. */
export const MAX_EXPORT_WEIGHT_ARRAYS = 4096;
/** Keras's weight key: the layer's name, then one of the weights weightLayout names. */
const WEIGHT_NAME = /^[\w.-]{1,200}\/(kernel|bias|alpha|gamma|beta|moving_mean|moving_variance)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Counts far above any run: a typo'd 1e12 epochs is refused here rather than written into a script. */
const MAX_SETTING_COUNT = 1_000_000_000;

/** Base64 text of `values` as float32 little-endian (works in the webview, the host and Node). */
export function encodeFloat32(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  let text = '';
  // String.fromCharCode takes its bytes as arguments: in slices, under the engines' argument limits.
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** The float32 values of base64 text written by encodeFloat32, or undefined when it is not that. */
export function decodeFloat32(text: string): Float32Array | undefined {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  if (binary.length % 4 !== 0) return undefined;
  const out = new Float32Array(binary.length / 4);
  const bytes = new Uint8Array(4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < out.length; i++) {
    for (let k = 0; k < 4; k++) bytes[k] = binary.charCodeAt(i * 4 + k);
    out[i] = view.getFloat32(0, true);
  }
  return out;
}

const HYPER_NAMES: readonly ExportHyperName[] = ['momentum', 'rho', 'beta1', 'beta2', 'epsilon', 'initialAccumulatorValue'];

/** Hyperparameters rebuilt: finite numbers under known names only (the page's check holds their ranges). */
export function parseExportHypers(v: unknown): ExportHypers | undefined {
  if (!isRecord(v)) return undefined;
  const out: ExportHypers = {};
  for (const [key, value] of Object.entries(v)) {
    if (!(HYPER_NAMES as readonly string[]).includes(key) || !isFiniteNumber(value) || value < 0) return undefined;
    out[key as ExportHyperName] = value;
  }
  return out;
}

/** A learning-rate schedule rebuilt field by field (webview/shared/training/trainConfig.ts TrainSchedule). */
export function parseExportSchedule(v: unknown): ExportSchedule | undefined {
  if (!isRecord(v) || !isOneOf(['constant', 'step', 'exponential', 'cosine'] as const)(v.kind) || !isOneOf(['batch', 'epoch'] as const)(v.per)) return undefined;
  const out: ExportSchedule = { kind: v.kind, per: v.per };
  const inRange = (x: unknown, lo: number, hi: number): x is number => isFiniteNumber(x) && x >= lo && x <= hi;
  if (v.gamma !== undefined) { if (!inRange(v.gamma, 1e-12, 1)) return undefined; out.gamma = v.gamma; }
  if (v.stepSize !== undefined) { if (!isPositiveInteger(v.stepSize)) return undefined; out.stepSize = v.stepSize; }
  if (v.totalSteps !== undefined) { if (!isPositiveInteger(v.totalSteps)) return undefined; out.totalSteps = v.totalSteps; }
  if (v.minLr !== undefined) { if (!inRange(v.minLr, 0, Number.MAX_VALUE)) return undefined; out.minLr = v.minLr; }
  if (v.warmupSteps !== undefined) { if (!isInteger(v.warmupSteps) || v.warmupSteps < 0) return undefined; out.warmupSteps = v.warmupSteps; }
  if (v.warmupStart !== undefined) { if (!inRange(v.warmupStart, 0, 1)) return undefined; out.warmupStart = v.warmupStart; }
  return out;
}

/** The settings rebuilt field by field, or undefined when one is missing or out of range. */
export function parseExportSettings(v: unknown): ExportSettings | undefined {
  if (!isRecord(v)) return undefined;
  const count = (x: unknown): x is number => isPositiveInteger(x) && x <= MAX_SETTING_COUNT;
  if (!isOneOf(EXPORT_OPTIMIZERS)(v.optimizer) || !isFiniteNumber(v.learningRate) || v.learningRate <= 0) return undefined;
  if (!count(v.batchSize) || !count(v.epochs) || !isInteger(v.seed)) return undefined;
  if (!isFiniteNumber(v.validationSplit) || v.validationSplit < 0 || v.validationSplit >= 0.9) return undefined;
  const s: ExportSettings = { optimizer: v.optimizer, learningRate: v.learningRate, batchSize: v.batchSize, epochs: v.epochs, validationSplit: v.validationSplit, seed: v.seed };
  if (v.dataset !== undefined) {
    if (!isOneOf(EXPORT_DATASETS)(v.dataset)) return undefined;
    s.dataset = v.dataset;
  }
  if (v.hypers !== undefined) {
    const hypers = parseExportHypers(v.hypers);
    if (!hypers) return undefined;
    s.hypers = hypers;
  }
  if (v.schedule !== undefined) {
    const schedule = parseExportSchedule(v.schedule);
    if (!schedule) return undefined;
    s.schedule = schedule;
  }
  if (v.samples !== undefined) {
    if (!count(v.samples)) return undefined;
    s.samples = v.samples;
  }
  if (v.normalize !== undefined) {
    if (!isOneOf(EXPORT_NORMALIZE)(v.normalize)) return undefined;
    s.normalize = v.normalize;
  }
  if (v.normalizeChannels !== undefined) {
    if (!count(v.normalizeChannels)) return undefined;
    s.normalizeChannels = v.normalizeChannels;
  }
  // Regularization settings of the Train panel (optional; webview/train/regularization.ts).
  if (v.weightDecay !== undefined) {
    if (!isFiniteNumber(v.weightDecay) || v.weightDecay < 0 || v.weightDecay > 1) return undefined;
    if (v.weightDecay > 0) s.weightDecay = v.weightDecay;
  }
  if (v.augment !== undefined) {
    const a = v.augment;
    if (!isRecord(a) || typeof a.flip !== 'boolean' || !isInteger(a.shift) || a.shift < 0 || a.shift > 64) return undefined;
    s.augment = { flip: a.flip, shift: a.shift };
  }
  if (v.earlyStopping !== undefined) {
    const e = v.earlyStopping;
    if (!isRecord(e) || !isPositiveInteger(e.patience) || e.patience > 1000 || !isFiniteNumber(e.minDelta) || e.minDelta < 0) return undefined;
    s.earlyStopping = { patience: e.patience, minDelta: e.minDelta };
  }
  return s;
}

/**
 * The weights rebuilt, each name a Keras weight key and each data exactly the base64 of its
 * shape's float32 values; undefined past MAX_EXPORT_WEIGHT_ARRAYS arrays or
 * MAX_EXPORT_WEIGHT_VALUES values in all (checked before any text is scanned).
 */
export function parseWeightPayloads(v: unknown): WeightPayload[] | undefined {
  if (!Array.isArray(v) || v.length > MAX_EXPORT_WEIGHT_ARRAYS) return undefined;
  const out: WeightPayload[] = [];
  let total = 0;
  for (const w of v) {
    if (!isRecord(w) || !isString(w.name) || !WEIGHT_NAME.test(w.name) || !isShape(w.shape) || w.shape.length > 4 || !isString(w.data)) return undefined;
    const count = w.shape.reduce((p, d) => p * d, 1);
    total += count;
    if (total > MAX_EXPORT_WEIGHT_VALUES || w.data.length !== 4 * Math.ceil((count * 4) / 3)) return undefined;
    out.push({ name: w.name, shape: [...w.shape], data: w.data });
  }
  // Lengths are right: now the (linear) scan of the text, at most about 107 MB in all.
  return out.every((w) => BASE64.test(w.data)) ? out : undefined;
}

function parseExportMessage(raw: Record<string, unknown>): ExportMessage | undefined {
  if (!isOneOf(EXPORT_TARGETS)(raw.target)) return undefined;
  if (raw.framework !== undefined && raw.framework !== 'pytorch' && raw.framework !== 'keras') return undefined;
  const settings = parseExportSettings(raw.settings);
  if (!settings) return undefined;
  const m: ExportMessage = { type: 'export', target: raw.target, settings };
  if (raw.framework !== undefined) m.framework = raw.framework;
  if (raw.weights !== undefined) {
    const weights = parseWeightPayloads(raw.weights);
    if (!weights) return undefined;
    m.weights = weights;
  }
  return m;
}

/** Host side: a webview message rebuilt with its text capped, or undefined (the host ignores it). */
export function parseTrainToHost(raw: unknown): TrainToHost | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'requestSpec':
      return { type: 'requestSpec' };
    case 'loadCifar':
      return parseLoadCifarMessage(raw);
    case 'status':
      return isOneOf(RUN_STATES)(raw.state) && isString(raw.backend) && isString(raw.text)
        ? { type: 'status', state: raw.state, backend: capText(raw.backend, 100), text: capText(raw.text, 2000) } : undefined;
    case 'log':
      return isOneOf(LOG_LEVELS)(raw.level) && isString(raw.text)
        ? { type: 'log', level: raw.level, text: capText(raw.text) } : undefined;
    case 'raceFinished':
      return isPositiveInteger(raw.rounds) && raw.rounds <= 100 && isArrayOf(raw.backends, isRaceBackend) && raw.backends.length <= 3
        ? { type: 'raceFinished', rounds: raw.rounds, backends: [...raw.backends] } : undefined;
    case 'model': {
      if (!isString(raw.backend) || !isNonNegativeInteger(raw.totalParams) || !Array.isArray(raw.layers)) return undefined;
      const layers: ModelBuiltMessage['layers'] = [];
      for (const l of raw.layers) {
        const layer = parseBuiltLayer(l);
        if (!layer) return undefined;
        layers.push(layer);
      }
      return { type: 'model', backend: capText(raw.backend, 100), totalParams: raw.totalParams, layers };
    }
    case 'export':
      return parseExportMessage(raw);
    default:
      return undefined;
  }
}
