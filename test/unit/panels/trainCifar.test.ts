import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIFAR_RECORD_BYTES, parseCifarBatch, readCifarFolder } from '../../../src/panels/trainCifar';

/** A CIFAR-10 batch file's bytes: record i has label labels[i] and planes filled R=i, G=100+i, B=200+i (pixel 0 red = 7). */
function batchBytes(labels: number[]): Buffer {
  const buf = Buffer.alloc(labels.length * CIFAR_RECORD_BYTES);
  labels.forEach((label, i) => {
    const rec = i * CIFAR_RECORD_BYTES;
    buf[rec] = label;
    buf.fill(i, rec + 1, rec + 1025);
    buf.fill(100 + i, rec + 1025, rec + 2049);
    buf.fill(200 + i, rec + 2049, rec + 3073);
    buf[rec + 1] = 7;
  });
  return buf;
}

describe('src/panels/trainCifar: CIFAR-10 binary reader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'netlens-cifar-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses records into labels and HWC pixels', () => {
    const parsed = parseCifarBatch(batchBytes([3, 9]));
    assert.equal(parsed.count, 2);
    assert.deepEqual(Array.from(parsed.labels), [3, 9]);
    assert.deepEqual(Array.from(parsed.images.slice(0, 6)), [7, 100, 200, 0, 100, 200]);
    assert.deepEqual(Array.from(parsed.images.slice(3072, 3075)), [7, 101, 201]);
  });

  it('rejects bad sizes and labels with the record number', () => {
    assert.throws(() => parseCifarBatch(new Uint8Array(100)), /100 bytes is not a whole number of 3073-byte records/);
    assert.throws(() => parseCifarBatch(batchBytes([1, 12])), /record 1 has label 12/);
  });

  it('reads the batches in order up to maxSamples, from the folder or its parent', async () => {
    const bin = join(dir, 'cifar-10-batches-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'data_batch_1.bin'), batchBytes([0, 1, 2]));
    writeFileSync(join(bin, 'data_batch_2.bin'), batchBytes([5, 6, 7]));
    writeFileSync(join(bin, 'test_batch.bin'), batchBytes([9]));
    const four = await readCifarFolder(dir, 4);
    assert.equal(four.source, bin);
    assert.equal(four.count, 4);
    assert.deepEqual(Array.from(four.labels), [0, 1, 2, 5]);
    assert.equal(four.images.length, 4 * 3072);
    const all = await readCifarFolder(bin, 100);
    assert.deepEqual(Array.from(all.labels), [0, 1, 2, 5, 6, 7]);
  });

  it('falls back to the test batch, and explains an empty or corrupt folder', async () => {
    writeFileSync(join(dir, 'test_batch.bin'), batchBytes([4, 4]));
    assert.deepEqual(Array.from((await readCifarFolder(dir, 10)).labels), [4, 4]);
    const empty = mkdtempSync(join(tmpdir(), 'netlens-empty-'));
    try {
      await assert.rejects(readCifarFolder(empty, 10), /No CIFAR-10 binary batches .* pick its cifar-10-batches-bin folder/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    writeFileSync(join(dir, 'data_batch_1.bin'), Buffer.alloc(5000));
    await assert.rejects(readCifarFolder(dir, 10), /data_batch_1\.bin is 5000 bytes: not a CIFAR-10 binary batch/);
  });
});
