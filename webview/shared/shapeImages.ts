/**
 * The synthetic shape images: ten classes, each a shape with its own colour family, drawn
 * procedurally and offline from a seed, so a small CNN learns them in seconds. The Train panel's
 * "Synthetic shapes" set (webview/shared/training/datasets.ts makeShapes, which names the classes) and the
 * activation explorer's CNN race draw exactly these pixels. Pure: no TF.js, no DOM.
 * The exported Python scripts redraw them step by step (src/core/export/pythonData.ts).
 */
import { mulberry32, permutation } from './random';

/** Each class's base colour (RGB, 0..1), in class order. */
export const SHAPE_COLOURS: readonly (readonly [number, number, number])[] = [
  [0.9, 0.2, 0.2], // red disc
  [0.2, 0.8, 0.3], // green square
  [0.25, 0.35, 0.95], // blue triangle
  [0.95, 0.85, 0.2], // yellow cross
  [0.2, 0.85, 0.9], // cyan ring
  [0.85, 0.25, 0.85], // magenta bars
  [0.95, 0.55, 0.15], // orange diamond
  [0.92, 0.92, 0.92], // white stripes
  [0.55, 0.3, 0.8], // purple dots
  [0.15, 0.6, 0.55], // teal frame
];

/** Whether pixel (u, v) in shape-local coordinates (-1..1) is inside class k's shape. */
function insideShape(k: number, u: number, v: number): boolean {
  const au = Math.abs(u);
  const av = Math.abs(v);
  switch (k) {
    case 0: return u * u + v * v <= 1;
    case 1: return au <= 0.85 && av <= 0.85;
    case 2: return v <= 0.9 && v >= -0.9 && au <= (v + 0.9) / 1.8;
    case 3: return (au <= 0.25 && av <= 1) || (av <= 0.25 && au <= 1);
    case 4: { const r = Math.sqrt(u * u + v * v); return r <= 1 && r >= 0.55; }
    case 5: return au <= 1 && av <= 1 && Math.floor((v + 1) * 2.5) % 2 === 0;
    case 6: return au + av <= 1;
    case 7: return au <= 1 && av <= 1 && Math.floor((u + v + 2) * 2) % 2 === 0;
    case 8: { const fu = ((u + 1) * 1.5) % 1 - 0.5; const fv = ((v + 1) * 1.5) % 1 - 0.5; return au <= 1 && av <= 1 && fu * fu + fv * fv <= 0.09; }
    case 9: return au <= 1 && av <= 1 && (au >= 0.65 || av >= 0.65);
    default: return false;
  }
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * `count` images of H×W×C (C = 1 or 3), 0..1, HWC: a jittered shape on a noisy dark background,
 * class i % 10 for the i-th drawn, then put in a seeded random order (the same generator goes on
 * to draw the permutation). Throws on other channel counts.
 */
export function drawShapeImages(count: number, height: number, width: number, channels: number, seed: number): { xs: Float32Array; labels: Uint8Array } {
  if (channels !== 1 && channels !== 3) throw new Error(`NetLens: makeShapes draws 1 or 3 channels, not ${channels}`);
  const rand = mulberry32(seed);
  const size = height * width * channels;
  const drawn = new Float32Array(count * size);
  for (let i = 0; i < count; i++) {
    const k = i % 10;
    const base = SHAPE_COLOURS[k];
    const shade = 0.75 + rand() * 0.25;
    const rgb = base.map((c) => Math.min(1, c * shade + (rand() - 0.5) * 0.1));
    const bg = rand() * 0.25;
    const scale = 0.3 + rand() * 0.25; // radius as a fraction of the image
    const cx = 0.5 + (rand() - 0.5) * (1 - 2 * scale) * 0.9;
    const cy = 0.5 + (rand() - 0.5) * (1 - 2 * scale) * 0.9;
    const off = i * size;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const u = ((x + 0.5) / width - cx) / scale;
        const v = ((y + 0.5) / height - cy) / scale;
        const inside = insideShape(k, u, v);
        const p = off + (y * width + x) * channels;
        const noise = (rand() - 0.5) * 0.12;
        if (channels === 3) {
          for (let c = 0; c < 3; c++) drawn[p + c] = clamp01((inside ? rgb[c] : bg) + noise);
        } else {
          const grey = 0.3 * rgb[0] + 0.59 * rgb[1] + 0.11 * rgb[2];
          drawn[p] = clamp01((inside ? Math.max(grey, 0.5) : bg) + noise);
        }
      }
    }
  }
  // The seeded order, as webview/shared/training/datasets.ts `shuffled` puts every set in.
  const perm = permutation(count, rand);
  const xs = new Float32Array(count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const j = perm[i];
    xs.set(drawn.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = j % 10;
  }
  return { xs, labels };
}
