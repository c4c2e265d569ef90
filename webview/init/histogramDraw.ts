/** The init lab's per-layer histograms (small multiples), drawn on a plain canvas. */
import { prepareCanvas } from '../shared/canvas';
import { axisColors } from '../shared/colors';

/** One histogram: bars for `counts` over [lo, hi], y scaled to the tallest bar. */
export function drawHistogram(canvas: HTMLCanvasElement, counts: number[], lo: number, hi: number, color: string, caption: string): void {
  const p = prepareCanvas(canvas);
  if (!p) return;
  const { ctx, w, h } = p;
  const { text, grid } = axisColors();
  const top = 14;
  const bottom = 14;
  const max = Math.max(1, ...counts);
  const barW = w / counts.length;
  ctx.fillStyle = color;
  counts.forEach((c, i) => {
    const bh = ((h - top - bottom) * c) / max;
    ctx.fillRect(i * barW + 0.5, h - bottom - bh, Math.max(1, barW - 1), bh);
  });
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
