/**
 * Messages between the "Train on GPU" panel (extension host) and its webview (webview/train).
 * Both sides import this file; each side validates what it receives with the guards below.
 */
import type { ActivationName, Analysis, InitializerSpec, LayerConfig, Padding } from '../core/types';
import {
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
  type ReadyMessage,
  BACKEND_PREFERENCES,
  type BackendPreference,
} from './common';

export const TRAIN_VIEW_TYPE = 'netlens.train';

export { BACKEND_PREFERENCES, type BackendPreference } from './common';

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
/** host -> webview: user settings that affect training. */
export interface SettingsMessage {
  type: 'settings';
  backend: BackendPreference;
}
/** host -> webview: CIFAR-10 samples read from disk, or why they could not be. */
export type CifarMessage =
  | { type: 'cifar'; ok: true; data: CifarPayload }
  | { type: 'cifar'; ok: false; message: string };
/** host -> webview: stop any run now (the panel is closing or the spec is gone). */
export interface StopMessage {
  type: 'stop';
}

export type HostToTrainMessage = SpecMessage | SettingsMessage | CifarMessage | StopMessage;

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

export type TrainToHostMessage =
  | ReadyMessage
  | LoadCifarMessage
  | RequestSpecMessage
  | TrainStatusMessage
  | LogMessage
  | ModelBuiltMessage;

// ---- guards ------------------------------------------------------------------------------------

const ACTIVATION_NAMES: readonly ActivationName[] = [
  'linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'leaky_relu', 'prelu', 'elu', 'selu', 'gelu',
  'silu', 'softplus', 'softsign', 'hard_sigmoid', 'relu6', 'exponential',
];
const isActivationName = isOneOf(ACTIVATION_NAMES);
const isPair = (v: unknown): v is [number, number] => isArrayOf(v, isPositiveInteger) && v.length === 2;
const isPadPair = (v: unknown): v is [number, number] => isArrayOf(v, isNonNegativeInteger) && v.length === 2;
const isExplicitPadding = (v: unknown): v is [[number, number], [number, number]] =>
  Array.isArray(v) && v.length === 2 && isPadPair(v[0]) && isPadPair(v[1]);
const isPadding = (v: unknown): v is Padding => v === 'valid' || v === 'same' || isExplicitPadding(v);

function isActivationSpec(v: unknown): boolean {
  return isRecord(v) && isActivationName(v.name) && (v.alpha === undefined || isFiniteNumber(v.alpha));
}

export function isInitializerSpec(v: unknown): v is InitializerSpec {
  if (!isRecord(v) || !isString(v.name)) return false;
  switch (v.name) {
    case 'normal':
      return isFiniteNumber(v.std) && v.std >= 0;
    case 'uniform':
      return isFiniteNumber(v.limit) && v.limit >= 0;
    case 'zeros': case 'ones': case 'glorot_normal': case 'glorot_uniform':
    case 'he_normal': case 'he_uniform': case 'lecun_normal': case 'lecun_uniform':
      return true;
    default:
      return false;
  }
}

/** True when `v` is a LayerConfig the trainer can build (every field it reads is checked). */
export function isLayerConfig(v: unknown): v is LayerConfig {
  if (!isRecord(v) || !isString(v.kind)) return false;
  switch (v.kind) {
    case 'input':
      return isShape(v.shape);
    case 'conv2d':
      return isPositiveInteger(v.filters) && isPair(v.kernel) && isPair(v.strides) && isPadding(v.padding) &&
        isPair(v.dilation) && isActivationSpec(v.activation) && isBoolean(v.useBias) && isInitializerSpec(v.init);
    case 'maxpool2d': case 'avgpool2d':
      return isPair(v.pool) && isPair(v.strides) && isPadding(v.padding);
    case 'globalavgpool2d': case 'globalmaxpool2d': case 'flatten':
      return true;
    case 'zeropad2d':
      return isExplicitPadding(v.padding);
    case 'dense':
      return isPositiveInteger(v.units) && isActivationSpec(v.activation) && isBoolean(v.useBias) && isInitializerSpec(v.init);
    case 'maxout':
      return isPositiveInteger(v.units) && isPositiveInteger(v.pieces) && isInitializerSpec(v.init);
    case 'dropout':
      return isFiniteNumber(v.rate) && v.rate >= 0 && v.rate < 1;
    case 'batchnorm':
      return isFiniteNumber(v.momentum) && isFiniteNumber(v.epsilon) && v.epsilon > 0;
    case 'activation':
      return isActivationSpec(v.activation) && isBoolean(v.standalone);
    default:
      return false;
  }
}

function isTrainLayer(v: unknown): v is TrainLayer {
  return isRecord(v) && isString(v.name) && isString(v.kerasClass) && isLayerConfig(v.config) &&
    (v.outputShape === null || isArrayOf(v.outputShape, isNonNegativeInteger)) && isNonNegativeInteger(v.params);
}

export function isTrainSpec(v: unknown): v is TrainSpec {
  return isRecord(v) && isString(v.uri) && isString(v.fileName) && (v.inputShape === null || isShape(v.inputShape)) &&
    isArrayOf(v.layers, isTrainLayer) && isNonNegativeInteger(v.totalParams) && isArrayOf(v.errors, isString);
}

const isBytes = (v: unknown): v is Uint8Array | string => v instanceof Uint8Array || isString(v);

function isCifarPayload(v: unknown): v is CifarPayload {
  return isRecord(v) && isString(v.source) && isNonNegativeInteger(v.count) && isBytes(v.labels) && isBytes(v.images);
}

/** Webview side: accepts a host message or returns undefined. */
export function parseHostToTrain(raw: unknown): HostToTrainMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'spec':
      return isTrainSpec(raw.spec) && isOneOf(['open', 'save', 'restore', 'request'] as const)(raw.reason)
        ? (raw as unknown as SpecMessage) : undefined;
    case 'settings':
      return isOneOf(BACKEND_PREFERENCES)(raw.backend) ? (raw as unknown as SettingsMessage) : undefined;
    case 'cifar':
      if (raw.ok === true) return isCifarPayload(raw.data) ? (raw as unknown as CifarMessage) : undefined;
      if (raw.ok === false) return isString(raw.message) ? (raw as unknown as CifarMessage) : undefined;
      return undefined;
    case 'stop':
      return { type: 'stop' };
    default:
      return undefined;
  }
}

/** Host side: accepts a webview message or returns undefined (the host ignores it). */
export function parseTrainToHost(raw: unknown): TrainToHostMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'requestSpec':
      return { type: 'requestSpec' };
    case 'loadCifar':
      return isBoolean(raw.pick) && isPositiveInteger(raw.maxSamples) && raw.maxSamples <= 60_000
        ? { type: 'loadCifar', pick: raw.pick, maxSamples: raw.maxSamples } : undefined;
    case 'status': {
      const states = ['idle', 'training', 'paused', 'done', 'stopped', 'diverged', 'error'] as const;
      return isOneOf(states)(raw.state) && isString(raw.backend) && isString(raw.text)
        ? { type: 'status', state: raw.state, backend: raw.backend.slice(0, 100), text: raw.text.slice(0, 2000) } : undefined;
    }
    case 'log':
      return isOneOf(['info', 'warn', 'error'] as const)(raw.level) && isString(raw.text)
        ? { type: 'log', level: raw.level, text: raw.text.slice(0, 4000) } : undefined;
    case 'model': {
      const isLayer = (l: unknown) => isRecord(l) && isString(l.name) && isArrayOf(l.outputShape, isInteger) && isNonNegativeInteger(l.params);
      return isString(raw.backend) && isNonNegativeInteger(raw.totalParams) && Array.isArray(raw.layers) && raw.layers.every(isLayer)
        ? (raw as unknown as ModelBuiltMessage) : undefined;
    }
    default:
      return undefined;
  }
}
