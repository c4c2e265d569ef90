import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { channelStats, covariance2, whiteningSequence } from '../../../../webview/shared/dataStats';
import { gaussian, mulberry32 } from '../../../../webview/shared/random';

/** dist/webview/mnist-digits.bin, decoded here from its format (scripts/build-data.mjs): 'NLMN', count, H, W, labels, pixels. */
function readMnist(): { count: number; size: number; pixels: Uint8Array } | undefined {
  const file = join(__dirname, '../../../../dist/webview/mnist-digits.bin');
  if (!existsSync(file)) return undefined;
  const buf = readFileSync(file);
  assert.equal(buf.toString('ascii', 0, 4), 'NLMN');
  const count = buf.readUInt32LE(4);
  const size = buf.readUInt16LE(8) * buf.readUInt16LE(10);
  return { count, size, pixels: new Uint8Array(buf.buffer, buf.byteOffset + 12 + count, count * size) };
}

/** Mean and population std of bytes/255 through a histogram of the 256 byte values: another route to the same numbers. */
function byHistogram(bytes: Uint8Array): { mean: number; std: number } {
  const h = new Float64Array(256);
  for (const b of bytes) h[b]++;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += h[v] * (v / 255);
  const mean = sum / bytes.length;
  let sq = 0;
  for (let v = 0; v < 256; v++) sq += h[v] * (v / 255 - mean) ** 2;
  return { mean, std: Math.sqrt(sq / bytes.length) };
}

describe('webview/shared/dataStats: per-channel statistics', () => {
  it('of the 10,000 shipped MNIST digits equal a direct computation (mean ≈ 0.13, std ≈ 0.31 on [0, 1])', function () {
    const mnist = readMnist();
    if (!mnist) this.skip(); // built by npm run build (scripts/build-data.mjs)
    assert.equal(mnist.count, 10000);
    const stats = channelStats(mnist.pixels, mnist.size, 1, mnist.count, 1 / 255);
    const direct = byHistogram(mnist.pixels);
    assert.equal(stats.count, 10000 * 784);
    assert.ok(Math.abs(stats.mean[0] - direct.mean) < 1e-9, `${stats.mean[0]} vs ${direct.mean}`);
    assert.ok(Math.abs(stats.std[0] - direct.std) < 1e-9, `${stats.std[0]} vs ${direct.std}`);
    assert.equal(stats.mean[0].toFixed(2), '0.13');
    assert.equal(stats.std[0].toFixed(2), '0.31');
  });

  it('come from the training split only: a validation split that differs changes nothing', function () {
    const mnist = readMnist();
    if (!mnist) this.skip();
    const trainCount = 8000; // validation_split 0.2: the last 2,000 validate
    const altered = mnist.pixels.slice();
    for (let i = trainCount * mnist.size; i < altered.length; i++) altered[i] = 255 - altered[i];
    const before = channelStats(mnist.pixels, mnist.size, 1, trainCount, 1 / 255);
    const after = channelStats(altered, mnist.size, 1, trainCount, 1 / 255);
    assert.deepEqual(after, before);
    const train = byHistogram(mnist.pixels.subarray(0, trainCount * mnist.size));
    assert.ok(Math.abs(before.mean[0] - train.mean) < 1e-9);
    assert.ok(Math.abs(before.std[0] - train.std) < 1e-9);
    // Fitting on every sample would have seen the altered validation digits.
    const leaked = channelStats(altered, mnist.size, 1, mnist.count, 1 / 255);
    assert.ok(leaked.mean[0] - before.mean[0] > 0.1, `${leaked.mean[0]} vs ${before.mean[0]}`);
  });

  it('keep channels apart (channels last)', () => {
    // Two 1×2×3 samples: R = 10, 20, 30, 40; G = 0 everywhere; B = 1, 1, 3, 3; a third sample validates.
    const values = [10, 0, 1, 20, 0, 1, 30, 0, 3, 40, 0, 3, 999, 999, 999, 999, 999, 999];
    const s = channelStats(values, 6, 3, 2);
    assert.deepEqual(s.mean, [25, 0, 2]);
    assert.deepEqual(s.std.map((x) => Number(x.toFixed(12))), [Math.sqrt(125), 0, 1].map((x) => Number(x.toFixed(12))));
    assert.equal(s.count, 4);
  });
});

describe('webview/shared/dataStats: 2-D whitening (cs231n preprocessing)', () => {
  const rand = mulberry32(7);
  // A tilted, stretched, off-centre cloud: x and y strongly correlated.
  const points: [number, number][] = Array.from({ length: 2000 }, () => {
    const u = 3 * gaussian(rand);
    const v = 0.5 * gaussian(rand);
    return [5 + 0.8 * u - 0.6 * v, -2 + 0.6 * u + 0.8 * v];
  });
  const seq = whiteningSequence(points);

  it('starts from a correlated cloud', () => {
    const c = covariance2(seq.original);
    assert.ok(Math.abs(c[0][1]) > 1, `xy covariance ${c[0][1]}`);
  });

  it('zero-centres, then normalizes each axis to std 1', () => {
    const z = covariance2(seq.zeroCentred);
    const mean = seq.zeroCentred.reduce((m, p) => [m[0] + p[0] / points.length, m[1] + p[1] / points.length], [0, 0]);
    assert.ok(Math.abs(mean[0]) < 1e-9 && Math.abs(mean[1]) < 1e-9, String(mean));
    const o = covariance2(seq.original);
    for (const [i, j] of [[0, 0], [0, 1], [1, 1]] as const) assert.ok(Math.abs(z[i][j] - o[i][j]) < 1e-9, JSON.stringify([z, o]));
    const n = covariance2(seq.normalized);
    assert.ok(Math.abs(n[0][0] - 1) < 1e-9 && Math.abs(n[1][1] - 1) < 1e-9, JSON.stringify(n));
  });

  it('PCA-decorrelates: the covariance becomes diagonal', () => {
    const d = covariance2(seq.decorrelated);
    assert.ok(Math.abs(d[0][1]) < 1e-9 * Math.max(d[0][0], d[1][1]), JSON.stringify(d));
    assert.ok(Math.abs(d[0][0] - seq.eigenvalues[0]) < 1e-9 && Math.abs(d[1][1] - seq.eigenvalues[1]) < 1e-9);
  });

  it('whitens: the covariance becomes the identity within 1e-3', () => {
    const w = covariance2(seq.whitened);
    for (const [i, j] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) assert.ok(Math.abs(w[i][j] - (i === j ? 1 : 0)) < 1e-3, JSON.stringify(w));
  });

  it('fits on the training split only', () => {
    const shifted = points.map((p, i): [number, number] => (i < 1500 ? p : [p[0] + 100, p[1] - 50]));
    const fitted = whiteningSequence(shifted, 1500);
    const clean = whiteningSequence(points.slice(0, 1500));
    assert.deepEqual(fitted.mean, clean.mean);
    assert.deepEqual(fitted.whitened.slice(0, 1500), clean.whitened);
  });
});
