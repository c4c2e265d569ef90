/**
 * Messages between the extension host (src/panels/initPanel.ts) and the weight-initialization
 * lab (webview/init). Pure; the convention is described in ./common.ts.
 */
import type { InitializerSpec } from '../core/types';
import { VIEW_TYPES } from '../ids';
import {
  isArrayOf,
  isBoolean,
  isEnvelope,
  isNonNegativeInteger,
  isPositiveInteger,
  isRecord,
  isString,
  parseInitializerSpec,
  parseSettingsMessage,
  type ReadyMessage,
  type SettingsMessage,
} from './common';

export const INIT_VIEW_TYPE = VIEW_TYPES.init;

/** Largest std/limit the lab sends for "use this init in my spec" (its picker stays far below). */
export const MAX_INIT_SCALE = 1e6;

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

export type HostToInit = SpecNetMessage | UseInitResultMessage | SettingsMessage;
export type InitToHost = ReadyMessage | UseInitMessage | RequestSpecNetMessage;

export function parseSpecNet(raw: unknown): SpecNet | undefined {
  if (!isRecord(raw)) return undefined;
  if (!isPositiveInteger(raw.inputSize) || !isArrayOf(raw.widths, isPositiveInteger) || raw.widths.length === 0) return undefined;
  if (raw.activation !== 'tanh' && raw.activation !== 'relu') return undefined;
  return { inputSize: raw.inputSize, widths: [...raw.widths], activation: raw.activation };
}

/** Webview side: a host message rebuilt, or undefined. */
export function parseHostToInit(raw: unknown): HostToInit | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'specNet': {
      if (!isString(raw.source)) return undefined;
      const net = raw.net === undefined ? undefined : parseSpecNet(raw.net);
      if (raw.net !== undefined && !net) return undefined;
      if (raw.note !== undefined && !isString(raw.note)) return undefined;
      return { type: 'specNet', source: raw.source, net, note: raw.note };
    }
    case 'settings':
      return parseSettingsMessage(raw);
    case 'useInitResult':
      if (!isBoolean(raw.ok) || !isString(raw.message) || !isNonNegativeInteger(raw.changed)) return undefined;
      return { type: 'useInitResult', ok: raw.ok, changed: raw.changed, message: raw.message };
    default:
      return undefined;
  }
}

/** Host side: a webview message rebuilt, or undefined. */
export function parseInitToHost(raw: unknown): InitToHost | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'requestSpecNet':
      return { type: 'requestSpecNet' };
    case 'useInit': {
      const init = parseInitializerSpec(raw.init, MAX_INIT_SCALE);
      return init ? { type: 'useInit', init } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * How a spec writes an initializer: `he_normal`, `normal(0.01)`, `uniform(0.05)`. The number is
 * written exactly (reading the text back gives the same double), in plain decimals.
 */
export function initSpecText(spec: InitializerSpec): string {
  if (spec.name === 'normal') return `normal(${plainDecimal(String(spec.std))})`;
  if (spec.name === 'uniform') return `uniform(${plainDecimal(String(spec.limit))})`;
  return spec.name;
}

/** Plain decimal without float noise, for display: 0.01, 0.5, 1 (never 0.010000000000000002). */
export function formatPlainNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return plainDecimal(String(Number(v.toPrecision(6))));
}

/**
 * Rewrites JavaScript's number text without its exponent: '1.5e-13' -> '0.00000000000015',
 * '2e+21' -> '2000000000000000000000'. Only the decimal point moves, so the digits (and with
 * them the value read back) stay exactly the same.
 */
export function plainDecimal(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i.exec(text);
  if (!m) return text;
  const [, sign, whole, fraction = '', exponentText] = m;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
