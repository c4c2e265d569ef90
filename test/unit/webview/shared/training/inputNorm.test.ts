// The Train panel's "normalize inputs" (webview/shared/training/inputNorm.ts): statistics from the
// training split only (a validation split that differs proves it), each channel standardized,
// the copy left apart from the data, and the channels of points, images and flattened images.
import assert from 'node:assert/strict';
import { applyInputNorm, fitInputNorm, inputChannels, NORM_EPSILON, parseInputNorm } from '../../../../../webview/shared/training/inputNorm';
import { splitValidation } from '../../../../../webview/shared/training/datasets';
import { mulberry32, gaussian } from '../../../../../webview/shared/random';

/** count samples of h×w×c values; the validation part (after `trainCount`) drawn from another distribution. */
function images(count: number, trainCount: number, c: number, size = 4): Float32Array {
  const rand = mulberry32(3);
  const xs = new Float32Array(count * size * c);
  for (let i = 0; i < xs.length; i++) {
    const sample = Math.floor(i / (size * c));
    const ch = i % c;
    xs[i] = sample < trainCount ? 0.2 + 0.1 * ch + (0.05 + 0.02 * ch) * gaussian(rand) : 5 + 3 * gaussian(rand);
  }
  return xs;
}

/** Mean and population std of channel `ch` over the first `n` samples, written out directly. */
function direct(xs: Float32Array, sampleSize: number, c: number, n: number, ch: number): { mean: number; std: number } {
  const vals: number[] = [];
  for (let i = 0; i < n * sampleSize; i++) if (i % c === ch) vals.push(xs[i]);
  const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
  return { mean, std: Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length) };
}

describe('normalize inputs: training-split statistics', () => {
  const count = 50;
  const { train } = splitValidation(count, 0.2);
  const c = 3;
  const sampleSize = 4 * c;
  const xs = images(count, train, c);

  it('fits each channel\'s mean and population std on the training split only', () => {
    const norm = fitInputNorm(xs, sampleSize, c, train, 'standardize');
    assert.ok(norm);
    assert.equal(norm.samples, 40);
    for (let ch = 0; ch < c; ch++) {
      const want = direct(xs, sampleSize, c, train, ch);
      assert.ok(Math.abs(norm.mean[ch] - want.mean) < 1e-12, `mean of channel ${ch}`);
      assert.ok(Math.abs(norm.std[ch] - want.std) < 1e-12, `std of channel ${ch}`);
      // The validation samples are far off: statistics over every sample would differ a lot.
      const all = direct(xs, sampleSize, c, count, ch);
      assert.ok(Math.abs(all.mean - want.mean) > 0.5 && all.std > 3 * want.std);
    }
  });

  it('standardized, the training split has mean 0 and std 1 per channel; the data itself is left as it was', () => {
    const before = Float32Array.from(xs);
    const norm = fitInputNorm(xs, sampleSize, c, train, 'standardize');
    assert.ok(norm);
    const out = applyInputNorm(xs, norm);
    assert.deepEqual(xs, before);
    for (let ch = 0; ch < c; ch++) {
      const s = direct(out, sampleSize, c, train, ch);
      assert.ok(Math.abs(s.mean) < 1e-5 && Math.abs(s.std - 1) < 1e-5, `channel ${ch}: ${s.mean}, ${s.std}`);
    }
  });

  it('zero-centred: the means subtracted, nothing divided', () => {
    const norm = fitInputNorm(xs, sampleSize, c, train, 'center');
    assert.ok(norm);
    assert.deepEqual(norm.std, [1, 1, 1]);
    const out = applyInputNorm(xs, norm);
    for (let ch = 0; ch < c; ch++) {
      const s = direct(out, sampleSize, c, train, ch);
      assert.ok(Math.abs(s.mean) < 1e-6);
      assert.ok(Math.abs(s.std - direct(xs, sampleSize, c, train, ch).std) < 1e-6);
    }
    assert.equal(fitInputNorm(xs, sampleSize, c, train, 'off'), undefined);
  });

  it('a constant channel maps to 0 (Keras divides by max(std, 1e-7)), never NaN', () => {
    const flat = new Float32Array([0.5, 1, 0.5, 2, 0.5, 3]);
    const norm = fitInputNorm(flat, 2, 2, 3, 'standardize');
    assert.ok(norm);
    assert.equal(norm.std[0], 0);
    assert.equal(NORM_EPSILON, 1e-7);
    const out = applyInputNorm(flat, norm);
    assert.deepEqual([out[0], out[2], out[4]], [0, 0, 0]);
    assert.ok(out.every(Number.isFinite));
  });

  it('channels: a point\'s features, an image\'s last axis, a flattened image\'s C', () => {
    assert.equal(inputChannels([2]), 2);
    assert.equal(inputChannels([32, 32, 3]), 3);
    assert.equal(inputChannels([784], [28, 28, 1]), 1);
    assert.equal(inputChannels([3072], [32, 32, 3]), 3);
    assert.equal(inputChannels([100], [28, 28, 1]), 100);
  });

  it('parses statistics field by field', () => {
    const ok = { mode: 'standardize', mean: [0.1], std: [0.3], samples: 10 };
    assert.deepEqual(parseInputNorm({ ...ok, extra: 1 }, 784), ok);
    for (const bad of [null, { ...ok, mode: 'off' }, { ...ok, std: [-1] }, { ...ok, mean: [] , std: [] }, { ...ok, mean: [Infinity] }, { ...ok, samples: 1.5 }]) {
      assert.equal(parseInputNorm(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(parseInputNorm({ ...ok, mean: [0, 0, 0], std: [1, 1, 1] }, 784), undefined);
  });
});
