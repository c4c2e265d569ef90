/**
 * Data augmentation for image batches (height × width × channels, channels last): each sample is
 * flipped left–right with probability ½ and shifted by a whole number of pixels drawn uniformly
 * from −shift…shift on each axis, the uncovered border filled with 0. Pure and seeded: the same
 * `rand` gives the same batch, so the panel can show exactly what the first batch sees.
 */

import { mulberry32, permutation } from './random';

/** How the trainer seeds its streams from the run's seed (./trainer.ts): the batch order, and the augmentation draws. */
export const BATCH_ORDER_SEED_MIX = 0x5eed;
export const AUGMENT_SEED_MIX = 0xa46;

export interface AugmentOptions {
  flip: boolean;
  /** Largest shift in pixels (0: none). */
  shift: number;
}

/** One sample's draw: whether it is flipped and by how much it moves (dx right, dy down). */
export interface AugmentDraw {
  flip: boolean;
  dx: number;
  dy: number;
}

/** The draws for `n` samples, in order: flip first (when on), then dx, then dy. */
export function drawAugmentations(n: number, opts: AugmentOptions, rand: () => number): AugmentDraw[] {
  const shiftBy = () => (opts.shift > 0 ? Math.min(opts.shift, Math.floor(rand() * (2 * opts.shift + 1)) - opts.shift) : 0);
  return Array.from({ length: n }, () => {
    const flip = opts.flip ? rand() < 0.5 : false;
    const dx = shiftBy();
    const dy = shiftBy();
    return { flip, dx, dy };
  });
}

/** A new array with sample i of `xs` transformed by `draws[i]`: out(y, x) = flipped(y − dy, x − dx), 0 outside. */
export function applyAugmentations(xs: Float32Array, shape: readonly number[], draws: readonly AugmentDraw[]): Float32Array {
  const [h, w, c] = shape.length === 3 ? shape : [shape[0], shape[1] ?? 1, 1];
  const size = h * w * c;
  const out = new Float32Array(xs.length);
  draws.forEach((d, i) => {
    const base = i * size;
    for (let y = 0; y < h; y++) {
      const sy = y - d.dy;
      if (sy < 0 || sy >= h) continue;
      for (let x = 0; x < w; x++) {
        let sx = x - d.dx;
        if (sx < 0 || sx >= w) continue;
        if (d.flip) sx = w - 1 - sx;
        const from = base + (sy * w + sx) * c;
        const to = base + (y * w + x) * c;
        for (let k = 0; k < c; k++) out[to + k] = xs[from + k];
      }
    }
  });
  return out;
}

/** True when augmentation applies to samples of this shape (images: height × width × channels). */
export const canAugment = (sampleShape: readonly number[]) => sampleShape.length === 3 && sampleShape[0] > 1 && sampleShape[1] > 1;

/** Flips and shifts a batch of `n` samples (a new array); `xs` is returned as is when nothing is on. */
export function augmentBatch(xs: Float32Array, n: number, shape: readonly number[], opts: AugmentOptions, rand: () => number): Float32Array {
  if (!opts.flip && opts.shift <= 0) return xs;
  return applyAugmentations(xs, shape, drawAugmentations(n, opts, rand));
}

/**
 * The first `k` samples of the first training batch as the trainer augments them (the same
 * seeds and order as ./trainer.ts), with their dataset indices: what the panel shows.
 */
export function firstBatchAugmented(
  ds: { xs: Float32Array; sampleShape: readonly number[] }, nTrain: number, batchSize: number, seed: number, opts: AugmentOptions, k: number,
): { indices: number[]; xs: Float32Array } {
  const order = permutation(nTrain, mulberry32(seed ^ BATCH_ORDER_SEED_MIX));
  const n = Math.min(batchSize, nTrain);
  const size = ds.sampleShape.reduce((a, b) => a * b, 1);
  const batch = new Float32Array(n * size);
  for (let i = 0; i < n; i++) batch.set(ds.xs.subarray(order[i] * size, (order[i] + 1) * size), i * size);
  const out = augmentBatch(batch, n, ds.sampleShape, opts, mulberry32(seed ^ AUGMENT_SEED_MIX));
  const shown = Math.min(k, n);
  return { indices: Array.from(order.subarray(0, shown)), xs: out.slice(0, shown * size) };
}
