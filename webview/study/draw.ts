/**
 * Small canvas drawings uPlot is not made for: a weight-space path (the zig-zag demo) and the
 * init lab's per-layer histograms (small multiples). Plain functions of a canvas and numbers.
 */
import { axisColors } from './colors';

/** Sizes the canvas's backing store for the device pixel ratio; returns a context in CSS pixels. */
function prepare(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; w: number; h: number } | undefined {
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || canvas.width;
  const h = canvas.clientHeight || canvas.height;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return { ctx, w, h };
}

export interface PathSeries {
  points: [number, number][];
  color: string;
  label: string;
}

/** Paths in the (w1, w2) plane with the target marked; both axes span [lo, hi]. */
export function drawWeightPaths(canvas: HTMLCanvasElement, series: PathSeries[], target: [number, number], lo = -1.6, hi = 1.6): void {
  const p = prepare(canvas);
  if (!p) return;
  const { ctx, w, h } = p;
  const { text, grid } = axisColors();
  const pad = 24;
  const sx = (v: number) => pad + ((v - lo) / (hi - lo)) * (w - 2 * pad);
  const sy = (v: number) => h - pad - ((v - lo) / (hi - lo)) * (h - 2 * pad);
  ctx.strokeStyle = grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(sx(lo), sy(0));
  ctx.lineTo(sx(hi), sy(0));
  ctx.moveTo(sx(0), sy(lo));
  ctx.lineTo(sx(0), sy(hi));
  ctx.stroke();
  ctx.fillStyle = text;
  ctx.font = '11px sans-serif';
  ctx.fillText('w1', w - pad + 4, sy(0) + 4);
  ctx.fillText('w2', sx(0) + 4, pad - 8);
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    s.points.forEach(([a, b], i) => (i ? ctx.lineTo(sx(a), sy(b)) : ctx.moveTo(sx(a), sy(b))));
    ctx.stroke();
    ctx.fillStyle = s.color;
    for (const [a, b] of s.points) ctx.fillRect(sx(a) - 1.5, sy(b) - 1.5, 3, 3);
  }
  ctx.strokeStyle = text;
  ctx.lineWidth = 2;
  const [tx, ty] = [sx(target[0]), sy(target[1])];
  ctx.beginPath();
  ctx.moveTo(tx - 5, ty - 5);
  ctx.lineTo(tx + 5, ty + 5);
  ctx.moveTo(tx + 5, ty - 5);
  ctx.lineTo(tx - 5, ty + 5);
  ctx.stroke();
  ctx.fillText('target', tx + 7, ty + 4);
}

/** One histogram: bars for `counts` over [lo, hi], y scaled to the tallest bar. */
export function drawHistogram(canvas: HTMLCanvasElement, counts: number[], lo: number, hi: number, color: string, caption: string): void {
  const p = prepare(canvas);
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
