/**
 * The geometry behind one spatial axis of a windowed layer (conv2d, pooling, zeropad2d): which
 * input positions each output position reads, where the ring of zeros is, and which inputs no
 * window ever reads (Keras floors (I + P − F_eff)/S, so with an uneven stride the last rows are
 * skipped). The convolution-arithmetic picture draws this; it is computed from the same
 * `windowAxis` as every shape NetLens shows, so the picture and the numbers cannot disagree.
 *
 * Positions are 0-based input indices; padding positions are negative (before the input) or
 * ≥ `input` (after it). Sizes are small integers from a spec, but every loop is bounded by the
 * caller's `maxWindows` so that a 10⁹-wide axis cannot hang the caller.
 */
import type { AxisExplanation, LayerInfo } from './types';

export interface AxisGeometry {
  input: number;
  output: number;
  stride: number;
  /** Distance between the taps of one window: the dilation rate. */
  dilation: number;
  /** Taps per window (F, not F_eff). */
  taps: number;
  padBefore: number;
  padAfter: number;
}

/** The dilation rate behind an axis explanation (F_eff = F + (F − 1)(d − 1)). */
export function dilationOf(axis: Pick<AxisExplanation, 'filter' | 'dilatedFilter'>): number {
  return axis.filter > 1 ? (axis.dilatedFilter - 1) / (axis.filter - 1) : 1;
}

/**
 * The geometry of an axis as the analysis explained it. A zeropad2d axis (filter 0) becomes a
 * 1-tap window with stride 1: each output position copies one input position or one zero, so
 * the same picture draws it and O = I + P_before + P_after still holds.
 */
export function axisGeometry(axis: Pick<AxisExplanation, 'input' | 'output' | 'stride' | 'padBefore' | 'padAfter' | 'filter' | 'dilatedFilter'>): AxisGeometry {
  const dilation = dilationOf(axis);
  const { input, output, stride, padBefore, padAfter, filter } = axis;
  return { input, output, stride, dilation, taps: Math.max(filter, 1), padBefore, padAfter };
}

/**
 * The number of windows that fit the padded axis, counted from the geometry alone (Keras floors
 * (I + P − F_eff)/S): what a picture of `g` shows, held against the analysis's own output.
 */
export function windowsThatFit(g: AxisGeometry): number {
  const span = (g.taps - 1) * g.dilation + 1;
  const room = g.input + g.padBefore + g.padAfter - span;
  return room < 0 ? 0 : Math.floor(room / g.stride) + 1;
}

/** The input positions window `o` reads, in order (negative or ≥ input: zero padding). */
export function windowTaps(g: AxisGeometry, o: number): number[] {
  const start = o * g.stride - g.padBefore;
  const taps: number[] = [];
  for (let k = 0; k < g.taps; k++) taps.push(start + k * g.dilation);
  return taps;
}

/** True where `position` is part of the ring of zeros rather than the input. */
export function isPadding(g: AxisGeometry, position: number): boolean {
  return position < 0 || position >= g.input;
}

/** The output windows that read input `position` (empty for a never-read position). */
export function windowsReading(g: AxisGeometry, position: number): number[] {
  const found: number[] = [];
  for (let k = 0; k < g.taps; k++) {
    const offset = position + g.padBefore - k * g.dilation;
    if (offset >= 0 && offset % g.stride === 0) {
      const o = offset / g.stride;
      if (o < g.output) found.push(o);
    }
  }
  return found.sort((a, b) => a - b);
}

/**
 * Input positions no window reads: the last rows an uneven stride skips, and the gaps a stride
 * larger than the window leaves. Looks at the first `limit` positions only (a picture draws fewer).
 */
export function unreadInputs(g: AxisGeometry, limit = 4096): number[] {
  const unread: number[] = [];
  for (let i = 0; i < Math.min(g.input, limit); i++) if (windowsReading(g, i).length === 0) unread.push(i);
  return unread;
}

/** The layers whose arithmetic NetLens can draw: one window (or one zero ring) per spatial axis. */
export const PICTURED_KINDS = ['conv2d', 'maxpool2d', 'avgpool2d', 'zeropad2d'] as const;
export type PicturedKind = (typeof PICTURED_KINDS)[number];

export function isPicturedKind(kind: string): kind is PicturedKind {
  return (PICTURED_KINDS as readonly string[]).includes(kind);
}

/** True when a layer can be drawn: a pictured kind whose two axes the analysis computed (no error above it). */
export function hasConvPicture(layer: Pick<LayerInfo, 'config' | 'outputShape' | 'explanation'>): boolean {
  return isPicturedKind(layer.config.kind) && layer.outputShape !== undefined && layer.explanation.axes.length === 2;
}
