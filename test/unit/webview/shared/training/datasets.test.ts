import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeCifar, fitImages, gatherBatch, makeShapes, makeToy, parseMnistBinary, planImageFit, splitValidation, toyClasses, type ByteImages,
} from '../../../../../webview/shared/training/datasets';

const counts = (labels: Uint8Array, k: number) => Array.from({ length: k }, (_, c) => labels.filter((l) => l === c).length);

describe('train datasets', () => {
  it('makes balanced, seeded 2-D toy sets', () => {
    for (const id of ['spiral', 'circles', 'xor', 'blobs'] as const) {
      const k = id === 'spiral' || id === 'blobs' ? 3 : 2;
      const a = makeToy(id, 300, k, 5);
      assert.equal(a.xs.length, 600);
      assert.deepEqual(counts(a.labels, k), new Array(k).fill(300 / k));
      assert.ok(a.xs.every(Number.isFinite));
      const b = makeToy(id, 300, k, 5);
      assert.deepEqual(b.xs, a.xs, `${id} is deterministic for a seed`);
      assert.notDeepEqual(makeToy(id, 300, k, 6).xs, a.xs, `${id} depends on the seed`);
    }
  });

  it('draws circles as a disc inside a ring (class by radius)', () => {
    const ds = makeToy('circles', 400, 2, 1, 0);
    for (let i = 0; i < ds.count; i++) {
      const r = Math.hypot(ds.xs[2 * i], ds.xs[2 * i + 1]);
      if (ds.labels[i] === 0) assert.ok(r <= 0.4 + 1e-6);
      else assert.ok(r >= 0.6 - 1e-6);
    }
  });

  it('matches toy classes to the model outputs or explains why not', () => {
    assert.deepEqual(toyClasses('spiral', 3), { ok: true, value: 3, notes: ['3 classes, one per model output.'] });
    assert.equal((toyClasses('circles', 1) as { value: number }).value, 2);
    const bad = toyClasses('xor', 10);
    assert.equal(bad.ok, false);
    assert.match((bad as { reason: string }).reason, /xor has 2 classes but the model's last layer outputs 10 values/);
  });

  it('draws ten shape classes at any size, 1 or 3 channels, values in 0..1', () => {
    const ds = makeShapes(50, 20, 24, 3, 1);
    assert.deepEqual(ds.sampleShape, [20, 24, 3]);
    assert.equal(ds.xs.length, 50 * 20 * 24 * 3);
    assert.deepEqual(counts(ds.labels, 10), new Array(10).fill(5));
    assert.ok(ds.xs.every((v) => v >= 0 && v <= 1));
    assert.equal(makeShapes(10, 8, 8, 1, 1).xs.length, 640);
    assert.throws(() => makeShapes(10, 8, 8, 2, 1), /1 or 3 channels, not 2/);
  });

  it('fits byte images to the spec input: same, flattened, resized, grey <-> RGB, or a clear refusal', () => {
    const mnist = { height: 28, width: 28, channels: 1 };
    assert.deepEqual(planImageFit(mnist, [28, 28, 1], 'MNIST'), { ok: true, value: { ...mnist, flatten: false }, notes: [] });
    const flat = planImageFit(mnist, [784], 'MNIST');
    assert.equal(flat.ok && flat.value.flatten, true);
    const lenet = planImageFit(mnist, [32, 32, 1], 'MNIST');
    assert.ok(lenet.ok);
    assert.match(lenet.notes.join(' '), /resized to 32×32/);
    const rgb = planImageFit(mnist, [32, 32, 3], 'MNIST');
    assert.match(rgb.ok ? rgb.notes.join(' ') : '', /copied into 3 channels/);
    const bad = planImageFit(mnist, [500], 'MNIST');
    assert.equal(bad.ok, false);
    assert.match((bad as { reason: string }).reason, /vector of 500 values, but MNIST images are 28×28×1 = 784 values/);
    assert.equal(planImageFit(mnist, [28, 28, 4], 'MNIST').ok, false);
  });

  it('converts bytes to floats with nearest-neighbour resize and channel conversion', () => {
    // One 2x2 RGB image: red, green / blue, white.
    const src: ByteImages = { count: 1, height: 2, width: 2, channels: 3, labels: new Uint8Array([3]),
      pixels: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]) };
    const same = fitImages(src, { height: 2, width: 2, channels: 3, flatten: false });
    assert.deepEqual(Array.from(same.slice(0, 3)), [1, 0, 0]);
    const up = fitImages(src, { height: 4, width: 4, channels: 3, flatten: false });
    assert.deepEqual(Array.from(up.slice(3, 6)), [1, 0, 0], 'pixel (0,1) of the 4x4 comes from (0,0)');
    assert.deepEqual(Array.from(up.slice(15 * 3, 16 * 3)), [1, 1, 1]);
    const grey = fitImages(src, { height: 2, width: 2, channels: 1, flatten: false });
    assert.ok(Math.abs(grey[0] - 0.299) < 1e-6 && Math.abs(grey[3] - 1) < 1e-6);
  });

  it('splits validation off the end and gathers batches', () => {
    assert.deepEqual(splitValidation(100, 0.2), { train: 80, validation: 20 });
    assert.deepEqual(splitValidation(100, Number.NaN), { train: 100, validation: 0 });
    const ds = makeToy('xor', 10, 2, 3);
    const b = gatherBatch(ds, [9, 0]);
    assert.deepEqual(Array.from(b.xs), [ds.xs[18], ds.xs[19], ds.xs[0], ds.xs[1]]);
    assert.deepEqual(Array.from(b.labels), [ds.labels[9], ds.labels[0]]);
  });

  it('reads the MNIST binary the build writes (real digits, class-balanced prefix)', function () {
    const file = join(__dirname, '../../../../../dist/webview/mnist-digits.bin');
    if (!existsSync(file)) this.skip(); // built by npm run build (scripts/build-data.mjs)
    const buf = readFileSync(file);
    const mnist = parseMnistBinary(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), 1000);
    assert.equal(mnist.count, 1000);
    assert.equal(mnist.pixels.length, 1000 * 784);
    for (const n of counts(mnist.labels, 10)) assert.ok(n > 70 && n < 130, `class count ${n}`);
    // Real strokes: most pixels are background, some are full ink.
    const ink = mnist.pixels.filter((p) => p > 200).length / mnist.pixels.length;
    assert.ok(ink > 0.05 && ink < 0.3, `ink fraction ${ink}`);
  });

  it('rejects a malformed MNIST binary with the reason', () => {
    assert.throws(() => parseMnistBinary(new ArrayBuffer(4)), /too short/);
    const bad = new Uint8Array(20);
    bad.set([78, 76, 77, 78], 0);
    new DataView(bad.buffer).setUint32(4, 5, true);
    assert.throws(() => parseMnistBinary(bad.buffer), /header promises/);
  });
});

describe('CIFAR payload from the host', () => {
  it('decodes base64 or bytes and checks the sizes', () => {
    const labels = Buffer.from([1, 9]);
    const images = Buffer.alloc(2 * 3072, 7);
    const a = decodeCifar({ source: 's', count: 2, labels: labels.toString('base64'), images: images.toString('base64') });
    assert.deepEqual([a.count, a.height, a.width, a.channels, a.pixels[6143], Array.from(a.labels)], [2, 32, 32, 3, 7, [1, 9]]);
    const b = decodeCifar({ source: 's', count: 2, labels: new Uint8Array(labels), images: new Uint8Array(images) });
    assert.equal(b.pixels.length, 6144);
    assert.throws(() => decodeCifar({ source: 's', count: 3, labels: new Uint8Array(labels), images: new Uint8Array(images) }), /3 images promised, 2 labels and 6144 pixel bytes/);
    assert.throws(() => decodeCifar({ source: 's', count: 1, labels: new Uint8Array([12]), images: new Uint8Array(3072) }), /labels must be 0..9/);
  });
});
