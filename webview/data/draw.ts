/**
 * The data explorer's pictures, pure geometry plus one canvas painter: histogram bars and line
 * paths as SVG coordinates, and the scatter plots (up to 2,000 points each) on a canvas.
 */
import { prepareCanvas } from '../shared/canvas';
import { axisColors, colorAt } from '../shared/colors';
import type { Histogram } from './explore';

/** Bars of a histogram in a w×h box: x, width, y, height per bin (tallest bar fills the height). */
export function histogramBars(h: Histogram, w: number, hgt: number): { x: number; y: number; width: number; height: number }[] {
  const top = Math.max(1, ...h.counts);
  const width = w / h.counts.length;
  return h.counts.map((c, i) => {
    const height = (c / top) * hgt;
    return { x: i * width, y: hgt - height, width: Math.max(width - 0.5, 0.5), height };
  });
}

/** Where value `v` sits on a histogram's axis of width `w`. */
export function axisX(h: Histogram, v: number, w: number): number {
  return h.hi > h.lo ? ((v - h.lo) / (h.hi - h.lo)) * w : w / 2;
}

/** An SVG polyline's points for `values` over `steps` in a w×h box whose value range is [lo, hi]. */
export function linePoints(values: readonly number[], lo: number, hi: number, w: number, h: number): string {
  const span = hi > lo ? hi - lo : 1;
  const dx = values.length > 1 ? w / (values.length - 1) : 0;
  return values.map((v, i) => `${(i * dx).toFixed(1)},${(h - ((v - lo) / span) * h).toFixed(1)}`).join(' ');
}

/** The half-width of a square, origin-centred view holding every point of every picture. */
export function sharedRange(pointSets: readonly (readonly number[])[]): number {
  let r = 0;
  for (const pts of pointSets) for (const v of pts) if (Number.isFinite(v)) r = Math.max(r, Math.abs(v));
  return r > 0 ? r * 1.05 : 1;
}

/** Paints points (x0, y0, x1, y1, …) coloured by class on a square view [−range, range]², with both axes. */
export function drawScatter(canvas: HTMLCanvasElement, points: readonly number[], labels: readonly number[], range: number): void {
  const prepared = prepareCanvas(canvas);
  if (!prepared) return;
  const { ctx, w, h } = prepared;
  const { grid } = axisColors();
  const sx = (x: number) => ((x + range) / (2 * range)) * w;
  const sy = (y: number) => h - ((y + range) / (2 * range)) * h;
  ctx.strokeStyle = grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(sx(-range), sy(0));
  ctx.lineTo(sx(range), sy(0));
  ctx.moveTo(sx(0), sy(-range));
  ctx.lineTo(sx(0), sy(range));
  ctx.stroke();
  for (let i = 0; i < points.length / 2; i++) {
    ctx.fillStyle = colorAt(labels[i] ?? 0);
    ctx.globalAlpha = 0.7;
    ctx.fillRect(sx(points[2 * i]) - 1.5, sy(points[2 * i + 1]) - 1.5, 3, 3);
  }
  ctx.globalAlpha = 1;
}
