/** The init lab's per-layer histograms (small multiples), drawn on a plain canvas. */
import { prepareCanvas } from '../shared/canvas';
import { axisColors } from '../shared/colors';

/** An x-axis range [lo, hi]. */
export interface AxisRange {
  lo: number;
  hi: number;
}

/**
 * One x-axis for every layer: from the smallest layer's lo to the largest hi. With ReLU each
 * layer's own axis ends at its own maximum, so a layer whose activations shrink to 0.001 looks
 * as wide as the first; on the shared axis it is a spike at 0, the collapse the lecture shows.
 */
export function sharedAxisRange(layers: readonly AxisRange[]): AxisRange | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of layers) {
    if (!Number.isFinite(l.lo) || !Number.isFinite(l.hi)) continue;
    lo = Math.min(lo, l.lo);
    hi = Math.max(hi, l.hi);
  }
  return hi > lo ? { lo, hi } : undefined;
}

/**
 * Where each bin's bar goes on a canvas `width` pixels wide showing `axis`: bin i covers
 * [lo + i·b, lo + (i + 1)·b] with b = (hi − lo)/bins. Bars are at least one pixel wide, so a
 * layer squeezed into a sliver of the shared axis stays visible.
 */
export function histogramBars(counts: readonly number[], lo: number, hi: number, axis: AxisRange, width: number): { x: number; w: number; count: number }[] {
  const span = axis.hi - axis.lo;
  const bin = (hi - lo) / counts.length;
  return counts.map((count, i) => {
    const x0 = ((lo + i * bin - axis.lo) / span) * width;
    const x1 = ((lo + (i + 1) * bin - axis.lo) / span) * width;
    return { x: x0, w: Math.max(1, x1 - x0), count };
  });
}

/**
 * One histogram: bars for `counts` over [lo, hi], y scaled to the tallest bar, drawn on `axis`
 * (the layer's own [lo, hi] unless the layers share one).
 */
export function drawHistogram(canvas: HTMLCanvasElement, counts: number[], lo: number, hi: number, color: string, caption: string, axis: AxisRange = { lo, hi }): void {
  const p = prepareCanvas(canvas);
  if (!p) return;
  const { ctx, w, h } = p;
  const { text, grid } = axisColors();
  const top = 14;
  const bottom = 14;
  const max = Math.max(1, ...counts);
  const ownAxis = axis.lo === lo && axis.hi === hi;
  ctx.fillStyle = color;
  for (const bar of histogramBars(counts, lo, hi, axis.hi > axis.lo ? axis : { lo, hi: lo + 1 }, w)) {
    const bh = ((h - top - bottom) * bar.count) / max;
    ctx.fillRect(bar.x + 0.5, h - bottom - bh, ownAxis ? Math.max(1, bar.w - 1) : bar.w, bh);
  }
  lo = axis.lo;
  hi = axis.hi;
  ctx.strokeStyle = grid;
  ctx.beginPath();
  ctx.moveTo(0, h - bottom + 0.5);
  ctx.lineTo(w, h - bottom + 0.5);
  ctx.stroke();
  ctx.fillStyle = text;
  ctx.font = '10px sans-serif';
  ctx.fillText(caption, 2, 10);
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toExponential(0) : Number(v.toPrecision(2)).toString());
  ctx.fillText(fmt(lo), 1, h - 2);
  const hiText = fmt(hi);
  ctx.fillText(hiText, w - ctx.measureText(hiText).width - 1, h - 2);
}
