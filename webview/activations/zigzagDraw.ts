/** The zig-zag demo's drawing (uPlot is not made for it): paths in the (w1, w2) weight plane. */
import { prepareCanvas } from '../shared/canvas';
import { axisColors } from '../shared/colors';

export interface PathSeries {
  points: [number, number][];
  color: string;
}

/** Paths in the (w1, w2) plane with the target marked and labelled `targetLabel` (the page's language); both axes span [lo, hi]. */
export function drawWeightPaths(canvas: HTMLCanvasElement, series: PathSeries[], target: [number, number], targetLabel: string, lo = -1.6, hi = 1.6): void {
  const p = prepareCanvas(canvas);
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
  ctx.fillText(targetLabel, tx + 7, ty + 4);
}
