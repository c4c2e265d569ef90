/**
 * From a layer's geometry to what the convolution-arithmetic page draws: the kind of every input
 * cell (input, ring of zeros, never read), the order in which the window visits the outputs,
 * the part of a large grid that is drawn (a corner that follows the window, with an overview),
 * and the sentence of the current step. Pure (no DOM), so unit tests reach all of it; the Svelte
 * components only draw what it returns. The geometry itself is the core's
 * (src/core/convGeometry.ts), built from the same numbers as the shapes NetLens shows.
 */
import type { Say } from '../../src/core/i18n';
import { lectureFormula } from '../../src/core/explain';
import { axisGeometry, isPadding, windowTaps, windowsReading, windowsThatFit, type AxisGeometry } from '../../src/core/convGeometry';
import type { ConvArithAxis, ConvArithLayer } from '../../src/protocol/convarith';

export type CellKind = 'input' | 'pad' | 'unread';

export interface Picture {
  layer: ConvArithLayer;
  h: AxisGeometry;
  w: AxisGeometry;
  /** Output size the picture draws: windows that fit each padded axis. */
  outH: number;
  outW: number;
  /** Windows one pass visits: outH × outW. */
  steps: number;
}

export function picture(layer: ConvArithLayer): Picture {
  const h = axisGeometry(layer.h);
  const w = axisGeometry(layer.w);
  const outH = windowsThatFit(h);
  const outW = windowsThatFit(w);
  return { layer, h, w, outH, outW, steps: outH * outW };
}

/** True when no window ever reads input position `p` of the axis (only input positions can be). */
export function isUnread(g: AxisGeometry, p: number): boolean {
  return !isPadding(g, p) && windowsReading(g, p).length === 0;
}

/**
 * One input cell at padded position (row, col): part of the ring of zeros when either axis is in
 * its padding; never read when no window covers its row or no window covers its column (a window
 * reads a cell exactly when it reads both its row and its column).
 */
export function cellKind(p: Picture, row: number, col: number): CellKind {
  if (isPadding(p.h, row) || isPadding(p.w, col)) return 'pad';
  return isUnread(p.h, row) || isUnread(p.w, col) ? 'unread' : 'input';
}

/** The output window of step `k` (row-major, as the lecture's animation moves). */
export function windowAt(p: Picture, k: number): { oh: number; ow: number } {
  const step = ((k % p.steps) + p.steps) % p.steps;
  return { oh: Math.floor(step / p.outW), ow: step % p.outW };
}

export function stepOf(p: Picture, oh: number, ow: number): number {
  return oh * p.outW + ow;
}

/** The input positions window (oh, ow) reads on each axis. */
export function windowCells(p: Picture, oh: number, ow: number): { rows: number[]; cols: number[] } {
  return { rows: windowTaps(p.h, oh), cols: windowTaps(p.w, ow) };
}

/** A half-open range [start, end) of padded positions (input positions are 0..I−1). */
export interface Span {
  start: number;
  end: number;
}

/** All padded positions of an axis: −P_before … I + P_after − 1. */
export function paddedSpan(g: AxisGeometry): Span {
  return { start: 0 - g.padBefore, end: g.input + g.padAfter }; // 0 − 0 is 0, not −0
}

/**
 * The positions of an axis drawn in the zoomed view: all of them when they fit in `maxCells`;
 * otherwise `maxCells` of them, starting at the top/left corner (where the ring of zeros is)
 * and moving on only when the window [lo, hi] would leave the view, so the window stays in sight.
 */
export function viewSpan(full: Span, maxCells: number, lo: number, hi: number): Span {
  const size = full.end - full.start;
  if (size <= maxCells) return { ...full };
  let start = full.start;
  if (hi >= start + maxCells) start = hi + 1 - maxCells;
  if (lo < start) start = lo;
  start = Math.max(full.start, Math.min(start, full.end - maxCells));
  return { start, end: start + maxCells };
}

/** True when the grid needs the overview: a view smaller than the padded input. */
export function needsOverview(p: Picture, maxCells: number): boolean {
  const h = paddedSpan(p.h);
  const w = paddedSpan(p.w);
  return h.end - h.start > maxCells || w.end - w.start > maxCells;
}

/** The input positions of an axis no window reads, as runs [first, last] (for the overview). */
export function unreadRuns(g: AxisGeometry, limit = 100_000): [number, number][] {
  const runs: [number, number][] = [];
  // The reads repeat with period S past the first windows: bounded by `limit` positions.
  for (let i = 0; i < Math.min(g.input, limit); i++) {
    if (!isUnread(g, i)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

/** "rows 31" / "rows 30–31" / "columns 3, 7 and 11" for the never-read positions of an axis, in the page's language. */
export function describeUnread(g: AxisGeometry, unit: 'row' | 'column', say: Say): string | undefined {
  const runs = unreadRuns(g);
  if (runs.length === 0) return undefined;
  const parts = runs.slice(0, 4).map(([a, b]) => (a === b ? String(a) : `${a}–${b}`));
  const count = runs.reduce((n, [a, b]) => n + b - a + 1, 0);
  const list =
    runs.length > 4
      ? say('convarith.listMore', { list: parts.join(', '), n: runs.length - 4 })
      : parts.length > 1
        ? say('convarith.listAnd', { head: parts.slice(0, -1).join(', '), last: parts[parts.length - 1] })
        : parts[0];
  const plural = count !== 1;
  if (unit === 'row') return plural ? say('convarith.unreadRows', { list }) : say('convarith.unreadRow', { list });
  return plural ? say('convarith.unreadColumns', { list }) : say('convarith.unreadColumn', { list });
}

/** The lecture's formula for one axis, with the layer's numbers (zeropad2d: O = I + P_before + P_after). */
export function axisFormula(axis: ConvArithAxis): string {
  if (axis.filter === 0) return `O = ${axis.input} + ${axis.padBefore} + ${axis.padAfter} = ${axis.output}`;
  const text = `O = ${lectureFormula(axis)}`;
  return axis.same ? `${text} = ceil(${axis.input}/${axis.stride})` : text;
}

/**
 * Where window o starts on an axis, as the lecture computes it: start = o·S − P_before, then its
 * taps every d positions. Padding positions are written as "zero".
 */
export function stepSentence(g: AxisGeometry, o: number, unit: 'row' | 'column', say: Say): string {
  const taps = windowTaps(g, o);
  const start = taps[0];
  const end = taps[taps.length - 1];
  const arith = `${o}·${g.stride} − ${g.padBefore} = ${start}`;
  const zeros = taps.filter((t) => isPadding(g, t)).length;
  const every = g.dilation > 1 ? say('convarith.spanEvery', { d: g.dilation }) : '';
  const span =
    taps.length === 1
      ? unit === 'row' ? say('convarith.spanRow', { start }) : say('convarith.spanColumn', { start })
      : (unit === 'row' ? say('convarith.spanRows', { start, end }) : say('convarith.spanColumns', { start, end })) + every;
  const zerosText = zeros ? say('convarith.zerosRead', { n: zeros }) : '';
  return unit === 'row' ? say('convarith.stepRow', { o, arith, span, zeros: zerosText }) : say('convarith.stepColumn', { o, arith, span, zeros: zerosText });
}
