/**
 * What the apps' own canvas drawings (webview/activations/zigzagDraw.ts,
 * webview/init/histogramDraw.ts) share: a canvas sized for the device pixel ratio.
 */

/** Sizes the canvas's backing store for the device pixel ratio; returns a context in CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; w: number; h: number } | undefined {
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
