/** Canvas drawing for the decision boundary and the sample grid (kept out of the components). */

/** Class colours: distinct in light and dark themes. */
export const CLASS_COLORS: [number, number, number][] = [
  [55, 148, 255], [241, 76, 76], [137, 209, 133], [204, 167, 0], [177, 128, 215],
  [209, 134, 22], [86, 196, 196], [230, 120, 190], [160, 160, 160], [120, 200, 80],
];

export interface Extent { x0: number; x1: number; y0: number; y1: number }

/** A square extent around the points with a margin, so the boundary is seen beyond the data. */
export function pointsExtent(xs: Float32Array, count: number): Extent {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < count * 2; i++) {
    lo = Math.min(lo, xs[i]);
    hi = Math.max(hi, xs[i]);
  }
  if (!Number.isFinite(lo)) { lo = -1; hi = 1; }
  const pad = (hi - lo) * 0.1 || 1;
  return { x0: lo - pad, x1: hi + pad, y0: lo - pad, y1: hi + pad };
}

/** Grid cell centres, row-major from the top (y1) down, as a flat [x, y, ...] list. */
export function gridPoints(extent: Extent, n: number): Float32Array {
  const pts = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const k = (r * n + c) * 2;
      pts[k] = extent.x0 + ((c + 0.5) / n) * (extent.x1 - extent.x0);
      pts[k + 1] = extent.y1 - ((r + 0.5) / n) * (extent.y1 - extent.y0);
    }
  }
  return pts;
}

/**
 * Paints the predicted class of each grid cell (lighter where the model is unsure) and the
 * data points on top, coloured by their true class.
 */
export function drawBoundary(canvas: HTMLCanvasElement, opts: {
  probs: Float32Array; gridSize: number; numClasses: number; extent: Extent;
  xs: Float32Array; labels: Uint8Array; count: number; background: [number, number, number];
}): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { gridSize: n, numClasses: k, probs, extent } = opts;
  const img = ctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    const conf = Math.max(0, Math.min(1, (probs[i * k + best] - 1 / k) / (1 - 1 / k)));
    const mix = 0.15 + 0.45 * conf;
    const col = CLASS_COLORS[best % CLASS_COLORS.length];
    for (let ch = 0; ch < 3; ch++) img.data[i * 4 + ch] = Math.round(opts.background[ch] * (1 - mix) + col[ch] * mix);
    img.data[i * 4 + 3] = 255;
  }
  const off = document.createElement('canvas');
  off.width = n;
  off.height = n;
  off.getContext('2d')?.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
  const sx = canvas.width / (extent.x1 - extent.x0);
  const sy = canvas.height / (extent.y1 - extent.y0);
  const step = Math.max(1, Math.floor(opts.count / 1500));
  for (let i = 0; i < opts.count; i += step) {
    const col = CLASS_COLORS[opts.labels[i] % CLASS_COLORS.length];
    ctx.fillStyle = `rgb(${col[0]},${col[1]},${col[2]})`;
    ctx.strokeStyle = 'rgba(0,0,0,0.6)';
    ctx.beginPath();
    ctx.arc((opts.xs[2 * i] - extent.x0) * sx, (extent.y1 - opts.xs[2 * i + 1]) * sy, 2.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}

/** Draws one HWC sample (0..1 floats) onto a canvas of its own size. */
export function drawSample(canvas: HTMLCanvasElement, xs: Float32Array, index: number, shape: [number, number, number]): void {
  const [h, w, c] = shape;
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(w, h);
  const off = index * h * w * c;
  for (let p = 0; p < h * w; p++) {
    for (let ch = 0; ch < 3; ch++) img.data[p * 4 + ch] = Math.round(255 * xs[off + p * c + (c === 3 ? ch : 0)]);
    img.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** Parses "#rrggbb" / "rgb(r, g, b)" into a triple (for blending the boundary with the theme). */
export function parseColor(text: string, fallback: [number, number, number]): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(text.trim());
  if (hex) {
    const v = parseInt(hex[1], 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  const rgb = /rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/.exec(text);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return fallback;
}
