/**
 * Messages between the extension host (src/panels/convarithPanel.ts) and the convolution
 * arithmetic picture (webview/convarith). Pure; the convention is described in ./common.ts.
 *
 * The host sends the numbers the analysis computed for one windowed layer; the parser rebuilds
 * them and refuses any axis whose numbers do not fit together (its output must be the number of
 * windows that fit, its F_eff a dilation of F), so the page never draws a picture that
 * contradicts the shape NetLens shows.
 */
import { axisGeometry, isPicturedKind, windowsThatFit, type PicturedKind } from '../core/convGeometry';
import { VIEW_TYPES } from '../ids';
import type { WindowAxis } from '../core/types';
import { capText, isBoolean, isEnvelope, isNonNegativeInteger, isPositiveInteger, isRecord, isString, type ReadyMessage } from './common';

export const CONVARITH_VIEW_TYPE = VIEW_TYPES.convarith;

/** Largest size of one axis the page accepts: it draws a zoomed corner, so the bound only stops nonsense. */
export const MAX_PICTURE_AXIS = 1_000_000;

/** One spatial axis of the layer (filter F is 0 for zeropad2d, which pads without a window). */
export type ConvArithAxis = WindowAxis;

export interface ConvArithLayer {
  kind: PicturedKind;
  /** Keras's auto name (conv2d, max_pooling2d_1, ...). */
  name: string;
  kerasClass: string;
  /** 0-based line of the layer in its document. */
  line: number;
  /** The document's file name, for the page's title. */
  document: string;
  /** Input channels (the picture draws one of them). */
  channels: number;
  h: ConvArithAxis;
  w: ConvArithAxis;
}

/** host -> webview: draw this layer (the cursor is on it, or its numbers changed). */
export interface ShowLayerMessage {
  type: 'layer';
  layer: ConvArithLayer;
}

/** host -> webview: the active line has no picture; say why and keep the last picture. */
export interface NoLayerMessage {
  type: 'noLayer';
  reason: string;
}

export type HostToConvArith = ShowLayerMessage | NoLayerMessage;
export type ConvArithToHost = ReadyMessage;

const MAX_NAME = 200;

function parseAxis(raw: unknown): ConvArithAxis | undefined {
  if (!isRecord(raw)) return undefined;
  const { input, filter, dilatedFilter, stride, padBefore, padAfter, output, same, uneven } = raw;
  if (!isPositiveInteger(input) || !isNonNegativeInteger(filter) || !isNonNegativeInteger(dilatedFilter) || !isPositiveInteger(stride)) return undefined;
  if (!isNonNegativeInteger(padBefore) || !isNonNegativeInteger(padAfter) || !isPositiveInteger(output) || !isBoolean(same) || !isBoolean(uneven)) return undefined;
  if ([input, dilatedFilter, stride, padBefore, padAfter, output].some((n) => n > MAX_PICTURE_AXIS)) return undefined;
  // F_eff must be F stretched by a whole dilation rate (a zeropad axis has neither).
  if (filter === 0 ? dilatedFilter !== 0 : filter === 1 ? dilatedFilter !== 1 : (dilatedFilter - 1) % (filter - 1) !== 0 || dilatedFilter < filter) return undefined;
  const axis: ConvArithAxis = { input, filter, dilatedFilter, stride, padBefore, padAfter, output, same, uneven };
  if (windowsThatFit(axisGeometry(axis)) !== output) return undefined;
  return axis;
}

function parseLayer(raw: unknown): ConvArithLayer | undefined {
  if (!isRecord(raw)) return undefined;
  const { kind, name, kerasClass, line, document, channels } = raw;
  if (!isString(kind) || !isPicturedKind(kind) || !isString(name) || !isString(kerasClass) || !isString(document)) return undefined;
  if (!isNonNegativeInteger(line) || !isPositiveInteger(channels)) return undefined;
  const h = parseAxis(raw.h);
  const w = parseAxis(raw.w);
  if (!h || !w) return undefined;
  return { kind, name: capText(name, MAX_NAME), kerasClass: capText(kerasClass, MAX_NAME), line, document: capText(document, MAX_NAME), channels, h, w };
}

/** Webview side: a host message rebuilt, or undefined. */
export function parseHostToConvArith(raw: unknown): HostToConvArith | undefined {
  if (!isEnvelope(raw)) return undefined;
  if (raw.type === 'layer') {
    const layer = parseLayer(raw.layer);
    return layer ? { type: 'layer', layer } : undefined;
  }
  if (raw.type === 'noLayer' && isString(raw.reason)) return { type: 'noLayer', reason: capText(raw.reason, 500) };
  return undefined;
}

/** Host side: a webview message rebuilt, or undefined. */
export function parseConvArithToHost(raw: unknown): ConvArithToHost | undefined {
  if (isEnvelope(raw) && raw.type === 'ready') return { type: 'ready' };
  return undefined;
}
