/**
 * The contour plot's drawing: shaded level bands and contour lines (from ./contour.ts), each
 * optimizer's path, and beside each latest update the arrows cs231n draws: the gradient
 * direction (−g), the velocity term (what momentum adds to −lr·g) and the step TF.js took.
 * The world ↔ pixel mapping is a plain object so clicks and tests use the same one.
 */
import { prepareCanvas } from '../shared/canvas';
import { axisColors, withAlpha } from '../shared/colors';
import type { Grid, Segment } from './contour';
import type { StepParts } from './race';
import type { Point } from './surfaces';

export const PLOT_PAD = 28;

/** [r, g, b] of a #rgb/#rrggbb or rgb()/rgba() colour (the theme's text colour); grey otherwise. */
export function rgbOf(color: string): [number, number, number] {
  const m = /^rgba?\(([^)]+)\)$/i.exec(withAlpha(color.trim(), 1));
  const parts = m?.[1].split(',').slice(0, 3).map((x) => Number(x.trim()));
  return parts && parts.length === 3 && parts.every(Number.isFinite) ? [parts[0], parts[1], parts[2]] : [128, 128, 128];
}

/** Maps the surface's window onto a w × h canvas (CSS pixels), y up. */
export interface View {
  xRange: Point;
  yRange: Point;
  w: number;
  h: number;
}

export function toPixel(v: View, [x, y]: Point): Point {
  return [
    PLOT_PAD + ((x - v.xRange[0]) / (v.xRange[1] - v.xRange[0])) * (v.w - 2 * PLOT_PAD),
    v.h - PLOT_PAD - ((y - v.yRange[0]) / (v.yRange[1] - v.yRange[0])) * (v.h - 2 * PLOT_PAD),
  ];
}

export function toWorld(v: View, [px, py]: Point): Point {
  return [
    v.xRange[0] + ((px - PLOT_PAD) / (v.w - 2 * PLOT_PAD)) * (v.xRange[1] - v.xRange[0]),
    v.yRange[0] + ((v.h - PLOT_PAD - py) / (v.h - 2 * PLOT_PAD)) * (v.yRange[1] - v.yRange[0]),
  ];
}

export interface PathToDraw {
  color: string;
  label: string;
  points: readonly Point[];
  last: StepParts | undefined;
  /** Arrows for this run: its velocity term only where it has one (momentum, Nesterov, RMSprop's momentum). */
  showVelocity: boolean;
  /** The step's x and y parts as two thin arrows, for the methods that scale each coordinate (AdaGrad, RMSprop, Adam…). */
  perCoordinate: boolean;
}

export interface Picture {
  grid: Grid;
  levels: number[];
  /** The contour lines, one list per level (computed once per grid, not per frame). */
  contours: Segment[][];
  minima: Point[];
  start: Point;
  paths: PathToDraw[];
  arrows: boolean;
}

/** Length in pixels of the longest arrow of a run; the others of that run keep their proportion. */
const ARROW_PX = 46;

function arrow(ctx: CanvasRenderingContext2D, from: Point, to: Point, color: string, dashed: boolean): void {
  const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
  const len = Math.hypot(dx, dy);
  if (len < 2) return;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  ctx.setLineDash(dashed ? [4, 3] : []);
  ctx.beginPath();
  ctx.moveTo(from[0], from[1]);
  ctx.lineTo(to[0], to[1]);
  ctx.stroke();
  ctx.setLineDash([]);
  const [ux, uy] = [dx / len, dy / len];
  ctx.beginPath();
  ctx.moveTo(to[0], to[1]);
  ctx.lineTo(to[0] - 7 * ux + 4 * uy, to[1] - 7 * uy - 4 * ux);
  ctx.lineTo(to[0] - 7 * ux - 4 * uy, to[1] - 7 * uy + 4 * ux);
  ctx.closePath();
  ctx.fill();
}

/**
 * The three arrows of one update, in pixels from `at`, scaled together so the longest is
 * ARROW_PX: the gradient's direction −g, the velocity term, and the step. The step's own scale
 * is what the read-out table gives in numbers.
 */
export function arrowVectors(
  last: StepParts,
  showVelocity: boolean,
): { gradient: Point; velocity: Point | undefined; step: Point; stepX: Point; stepY: Point } {
  const down: Point = [-last.gradient[0], -last.gradient[1]];
  const unit = (v: Point): Point => {
    const n = Math.hypot(v[0], v[1]);
    return n > 0 ? [v[0] / n, v[1] / n] : [0, 0];
  };
  // Directions at a fixed length for −g and the step (their sizes differ by lr); velocity in proportion to the step.
  const stepLen = Math.hypot(last.step[0], last.step[1]);
  const velocityShare = stepLen > 0 ? Math.min(2, Math.hypot(last.beyondGradient[0], last.beyondGradient[1]) / stepLen) : 0;
  const [g, s, b] = [unit(down), unit(last.step), unit(last.beyondGradient)];
  return {
    gradient: [g[0] * ARROW_PX, -g[1] * ARROW_PX],
    step: [s[0] * ARROW_PX, -s[1] * ARROW_PX],
    velocity: showVelocity && velocityShare > 0.01 ? [b[0] * ARROW_PX * velocityShare, -b[1] * ARROW_PX * velocityShare] : undefined,
    // The step's coordinates on the step arrow's scale: equal lengths mean equal steps per coordinate.
    stepX: [s[0] * ARROW_PX, 0],
    stepY: [0, -s[1] * ARROW_PX],
  };
}

export function drawPicture(canvas: HTMLCanvasElement, pic: Picture, xRange: Point, yRange: Point): View | undefined {
  const prepared = prepareCanvas(canvas);
  if (!prepared) return undefined;
  const { ctx, w, h } = prepared;
  const view: View = { xRange, yRange, w, h };
  const { text, grid: gridColor } = axisColors();
  const { n, xs, ys, values } = pic.grid;

  // Level bands: darker below, lighter above; one image pixel per grid point, scaled up smoothly.
  const bandOf = (v: number) => {
    let k = 0;
    while (k < pic.levels.length && v > pic.levels[k]) k++;
    return k / Math.max(1, pic.levels.length);
  };
  const bands = document.createElement('canvas');
  bands.width = n;
  bands.height = n;
  const bctx = bands.getContext('2d');
  if (bctx) {
    const image = bctx.createImageData(n, n);
    const [r, g, b] = rgbOf(text);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const v = values[j * n + i];
        // Image rows run top-down; grid rows bottom-up (y increases upwards).
        const o = ((n - 1 - j) * n + i) * 4;
        image.data.set([r, g, b, Number.isFinite(v) ? Math.round(255 * (0.03 + 0.22 * (1 - bandOf(v)))) : 0], o);
      }
    }
    bctx.putImageData(image, 0, 0);
    const [left, top] = toPixel(view, [xs[0], ys[n - 1]]);
    const [right, bottom] = toPixel(view, [xs[n - 1], ys[0]]);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(bands, left, top, right - left, bottom - top);
  }
  ctx.strokeStyle = withAlpha(text, 0.35);
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const segments of pic.contours) {
    for (const [x0, y0, x1, y1] of segments) {
      const a = toPixel(view, [x0, y0]);
      const b = toPixel(view, [x1, y1]);
      ctx.moveTo(a[0], a[1]);
      ctx.lineTo(b[0], b[1]);
    }
  }
  ctx.stroke();

  // Axes through the origin and the window's numbers.
  ctx.strokeStyle = gridColor;
  ctx.beginPath();
  const [ox, oy] = toPixel(view, [0, 0]);
  ctx.moveTo(PLOT_PAD, oy);
  ctx.lineTo(w - PLOT_PAD, oy);
  ctx.moveTo(ox, PLOT_PAD);
  ctx.lineTo(ox, h - PLOT_PAD);
  ctx.stroke();
  ctx.fillStyle = text;
  ctx.font = '11px sans-serif';
  ctx.fillText(String(xRange[0]), PLOT_PAD, h - 8);
  ctx.fillText(String(xRange[1]), w - PLOT_PAD - 14, h - 8);
  ctx.fillText(String(yRange[1]), 2, PLOT_PAD + 4);
  ctx.fillText(String(yRange[0]), 2, h - PLOT_PAD);
  ctx.fillText('x', w - PLOT_PAD + 6, oy + 4);
  ctx.fillText('y', ox + 4, PLOT_PAD - 10);

  for (const m of pic.minima) {
    const [mx, my] = toPixel(view, m);
    ctx.strokeStyle = text;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(mx - 5, my - 5);
    ctx.lineTo(mx + 5, my + 5);
    ctx.moveTo(mx + 5, my - 5);
    ctx.lineTo(mx - 5, my + 5);
    ctx.stroke();
  }
  const [sx, sy] = toPixel(view, pic.start);
  ctx.fillStyle = text;
  ctx.beginPath();
  ctx.arc(sx, sy, 4, 0, 2 * Math.PI);
  ctx.fill();

  // Paths, clipped to the plot (a diverging run leaves it).
  ctx.save();
  ctx.beginPath();
  ctx.rect(PLOT_PAD, PLOT_PAD, w - 2 * PLOT_PAD, h - 2 * PLOT_PAD);
  ctx.clip();
  for (const p of pic.paths) {
    ctx.strokeStyle = p.color;
    ctx.lineWidth = 1.75;
    ctx.beginPath();
    p.points.forEach((pt, i) => {
      const [px, py] = toPixel(view, pt);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
    ctx.stroke();
    const end = p.points[p.points.length - 1];
    const [ex, ey] = toPixel(view, end);
    ctx.fillStyle = p.color;
    ctx.beginPath();
    ctx.arc(ex, ey, 4, 0, 2 * Math.PI);
    ctx.fill();
    if (pic.arrows && p.last) {
      const a = arrowVectors(p.last, p.showVelocity);
      arrow(ctx, [ex, ey], [ex + a.gradient[0], ey + a.gradient[1]], withAlpha(p.color, 0.55), true);
      if (a.velocity) arrow(ctx, [ex, ey], [ex + a.velocity[0], ey + a.velocity[1]], text, true);
      arrow(ctx, [ex, ey], [ex + a.step[0], ey + a.step[1]], p.color, false);
      if (p.perCoordinate) {
        ctx.globalAlpha = 0.7;
        arrow(ctx, [ex, ey], [ex + a.stepX[0], ey + a.stepX[1]], p.color, false);
        arrow(ctx, [ex, ey], [ex + a.stepY[0], ey + a.stepY[1]], p.color, false);
        ctx.globalAlpha = 1;
      }
    }
  }
  ctx.restore();
  return view;
}
