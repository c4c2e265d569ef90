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
import type { AxisExplanation } from './types';

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

export function axisGeometry(axis: AxisExplanation): AxisGeometry {
  const dilation = dilationOf(axis);
  const { input, output, stride, padBefore, padAfter, filter } = axis;
  return { input, output, stride, dilation, taps: filter, padBefore, padAfter };
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
