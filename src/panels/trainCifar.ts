/**
 * Reads the standard CIFAR-10 binary batches (cifar-10-batches-bin) on the extension host.
 * Each record is 1 label byte then 3072 pixel bytes: 1024 red, 1024 green, 1024 blue, row-major
 * (https://www.cs.toronto.edu/~kriz/cifar.html). The parser is pure; the folder reader only reads
 * as many bytes as the samples asked for.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { t, type Lang } from '../core/i18n';

export const CIFAR_RECORD_BYTES = 1 + 3072;
export const CIFAR_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
export const CIFAR_TEST_FILE = 'test_batch.bin';

export interface CifarImages {
  count: number;
  labels: Uint8Array;
  /** count·32·32·3 bytes in HWC order (what TF.js's channels-last layers expect). */
  images: Uint8Array;
}

/** Parses whole records from a batch file's bytes; throws with the record number on a bad label. */
export function parseCifarBatch(bytes: Uint8Array, maxRecords = Infinity, lang: Lang = 'en'): CifarImages {
  if (bytes.length % CIFAR_RECORD_BYTES !== 0) throw new Error(t(lang, 'train.cifarNotWhole', { bytes: bytes.length, record: CIFAR_RECORD_BYTES }));
  const count = Math.min(bytes.length / CIFAR_RECORD_BYTES, maxRecords);
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * 3072);
  for (let i = 0; i < count; i++) {
    const rec = i * CIFAR_RECORD_BYTES;
    const label = bytes[rec];
    if (label > 9) throw new Error(t(lang, 'train.cifarBadLabel', { index: i, label }));
    labels[i] = label;
    const out = i * 3072;
    // CHW planes -> HWC pixels.
    for (let p = 0; p < 1024; p++) {
      images[out + p * 3] = bytes[rec + 1 + p];
      images[out + p * 3 + 1] = bytes[rec + 1 + 1024 + p];
      images[out + p * 3 + 2] = bytes[rec + 1 + 2048 + p];
    }
  }
  return { count, labels, images };
}

/** The folder holding the batches: `dir` itself or its cifar-10-batches-bin child. */
export async function findCifarFolder(dir: string): Promise<string | undefined> {
  for (const candidate of [dir, path.join(dir, 'cifar-10-batches-bin')]) {
    const names = await fs.readdir(candidate).catch(() => [] as string[]);
    if (names.some((n) => CIFAR_TRAIN_FILES.includes(n) || n === CIFAR_TEST_FILE)) return candidate;
  }
  return undefined;
}

/**
 * Reads up to `maxSamples` images from the training batches in order (the test batch when there
 * are no training batches). Throws an Error whose message, in `lang`, tells the student what to pick.
 */
export async function readCifarFolder(dir: string, maxSamples: number, lang: Lang = 'en'): Promise<CifarImages & { source: string }> {
  const folder = await findCifarFolder(dir);
  if (!folder) throw new Error(t(lang, 'train.cifarNoBatches', { dir }));
  const present = await fs.readdir(folder);
  let files = CIFAR_TRAIN_FILES.filter((f) => present.includes(f));
  if (files.length === 0) files = [CIFAR_TEST_FILE];
  const parts: CifarImages[] = [];
  let total = 0;
  for (const file of files) {
    if (total >= maxSamples) break;
    const full = path.join(folder, file);
    const want = maxSamples - total;
    const handle = await fs.open(full, 'r');
    try {
      const size = (await handle.stat()).size;
      if (size % CIFAR_RECORD_BYTES !== 0) throw new Error(t(lang, 'train.cifarFileSize', { file: full, size, record: CIFAR_RECORD_BYTES }));
      const bytesToRead = Math.min(size, want * CIFAR_RECORD_BYTES);
      const buf = Buffer.alloc(bytesToRead);
      await handle.read(buf, 0, bytesToRead, 0);
      let part: CifarImages;
      try {
        part = parseCifarBatch(buf, Infinity, lang);
      } catch (err) {
        throw new Error(`${full}: ${err instanceof Error ? err.message : String(err)}`);
      }
      parts.push(part);
      total += part.count;
    } finally {
      await handle.close();
    }
  }
  const labels = new Uint8Array(total);
  const images = new Uint8Array(total * 3072);
  let at = 0;
  for (const p of parts) {
    labels.set(p.labels, at);
    images.set(p.images, at * 3072);
    at += p.count;
  }
  return { count: total, labels, images, source: folder };
}
