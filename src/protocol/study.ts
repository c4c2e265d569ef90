/**
 * Messages between the extension host and the two study panels (activation explorer, init lab).
 * Pure: imported by src/panels/*Panel.ts and by webview/activations|init bundles alike.
 * Each side validates what it receives with the guards here before acting on it.
 */
import { ACTIVATIONS, INITIALIZERS } from '../core/catalogue';
import type { ActivationName, InitializerSpec } from '../core/types';
import {
  isEnvelope,
  isFiniteNumber,
  isOneOf,
  isPositiveInteger,
  isRecord,
  isString,
  isArrayOf,
  type ReadyMessage,
  BACKEND_PREFERENCES,
  type BackendPreference,
} from './common';

// ---- activation explorer ---------------------------------------------------------------------

/** host -> webview: show this activation (e.g. the command was run from a hover link). */
export interface FocusActivationMessage {
  type: 'focusActivation';
  name: ActivationName;
}

export type ToActivationsMessage = FocusActivationMessage;
export type FromActivationsMessage = ReadyMessage;

const isActivationName = isOneOf(ACTIVATIONS.map((a) => a.name));

export function parseToActivationsMessage(raw: unknown): ToActivationsMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  if (raw.type === 'focusActivation' && isActivationName(raw.name)) return { type: 'focusActivation', name: raw.name };
  return undefined;
}

export function parseFromActivationsMessage(raw: unknown): FromActivationsMessage | undefined {
  if (isEnvelope(raw) && raw.type === 'ready') return { type: 'ready' };
  return undefined;
}

// ---- init lab --------------------------------------------------------------------------------

/** The MLP the lab runs: input width, hidden widths, activation. */
export interface SpecNet {
  inputSize: number;
  widths: number[];
  activation: 'tanh' | 'relu';
}

/** host -> webview: the active spec's dense layers as a lab network (net undefined: why not, in `note`). */
export interface SpecNetMessage {
  type: 'specNet';
  /** File name of the spec it came from. */
  source: string;
  net?: SpecNet;
  note?: string;
}

/** host -> webview: how "use this init in my spec" went. */
export interface UseInitResultMessage {
  type: 'useInitResult';
  ok: boolean;
  /** Layers whose init= was set or replaced. */
  changed: number;
  message: string;
}

/** webview -> host: set init= on every conv2d/dense/maxout line of the spec to this initializer. */
export interface UseInitMessage {
  type: 'useInit';
  init: InitializerSpec;
}

/** webview -> host: send the active spec's network (answered with specNet). */
export interface RequestSpecNetMessage {
  type: 'requestSpecNet';
}

/** host -> webview: the netlens.initLab.backend setting (sent on ready and when it changes). */
export interface InitSettingsMessage {
  type: 'settings';
  backend: BackendPreference;
}

export type ToInitMessage = SpecNetMessage | UseInitResultMessage | InitSettingsMessage;
export type FromInitMessage = ReadyMessage | UseInitMessage | RequestSpecNetMessage;

const INIT_NAMES = INITIALIZERS.map((d) => d.name);

/** An InitializerSpec from untrusted input: a known name, and for normal/uniform a finite std/limit ≥ 0. */
export function parseInitializerSpec(raw: unknown): InitializerSpec | undefined {
  if (!isRecord(raw) || !isString(raw.name) || !INIT_NAMES.includes(raw.name)) return undefined;
  if (raw.name === 'normal') return isFiniteNumber(raw.std) && raw.std >= 0 && raw.std <= 1e6 ? { name: 'normal', std: raw.std } : undefined;
  if (raw.name === 'uniform') return isFiniteNumber(raw.limit) && raw.limit >= 0 && raw.limit <= 1e6 ? { name: 'uniform', limit: raw.limit } : undefined;
  return { name: raw.name } as InitializerSpec;
}

export function parseSpecNet(raw: unknown): SpecNet | undefined {
  if (!isRecord(raw)) return undefined;
  if (!isPositiveInteger(raw.inputSize) || !isArrayOf(raw.widths, isPositiveInteger) || raw.widths.length === 0) return undefined;
  if (raw.activation !== 'tanh' && raw.activation !== 'relu') return undefined;
  return { inputSize: raw.inputSize, widths: [...raw.widths], activation: raw.activation };
}

export function parseToInitMessage(raw: unknown): ToInitMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'specNet': {
      if (!isString(raw.source)) return undefined;
      const net = raw.net === undefined ? undefined : parseSpecNet(raw.net);
      if (raw.net !== undefined && !net) return undefined;
      if (raw.note !== undefined && !isString(raw.note)) return undefined;
      return { type: 'specNet', source: raw.source, net, note: raw.note as string | undefined };
    }
    case 'settings':
      return isOneOf(BACKEND_PREFERENCES)(raw.backend) ? { type: 'settings', backend: raw.backend } : undefined;
    case 'useInitResult':
      if (typeof raw.ok !== 'boolean' || !isString(raw.message) || !(isFiniteNumber(raw.changed) && raw.changed >= 0)) return undefined;
      return { type: 'useInitResult', ok: raw.ok, changed: raw.changed, message: raw.message };
    default:
      return undefined;
  }
}

export function parseFromInitMessage(raw: unknown): FromInitMessage | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'requestSpecNet':
      return { type: 'requestSpecNet' };
    case 'useInit': {
      const init = parseInitializerSpec(raw.init);
      return init ? { type: 'useInit', init } : undefined;
    }
    default:
      return undefined;
  }
}

/** How a spec writes an initializer: `he_normal`, `normal(0.01)`, `uniform(0.05)`. */
export function initSpecText(spec: InitializerSpec): string {
  if (spec.name === 'normal') return `normal(${formatPlainNumber(spec.std)})`;
  if (spec.name === 'uniform') return `uniform(${formatPlainNumber(spec.limit)})`;
  return spec.name;
}

/** Plain decimal without float noise: 0.01, 0.5, 1 (never 0.010000000000000002). */
export function formatPlainNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const text = String(Number(v.toPrecision(6)));
  // The spec's number syntax has no exponent form for tiny stds; write them out.
  return /e/i.test(text) ? v.toFixed(12).replace(/0+$/, '') : text;
}
