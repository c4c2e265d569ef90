/**
 * The samples a search trains on: the generated sets (2-D points, synthetic shapes) and the MNIST
 * digits shipped in dist/webview, matched to the spec as the Train panel matches them
 * (webview/train/datasetSources.ts; CIFAR-10, which the host reads from disk there, is not offered
 * here). Throws an Error that says what does not fit; its texts are the training library's.
 */
import type { Say } from '../../src/core/i18n';
import type { TrainSpec } from '../../src/protocol/train';
import {
  datasetInfo, datasetLabel, imagesDataset, makeShapes, makeToy, MNIST_CLASSES, parseMnistBinary, toyClasses,
  type ByteImages, type Dataset, type DatasetId,
} from '../shared/training/datasets';

/** The datasets a search offers (no CIFAR-10: it needs the host's folder dialog). */
export const SEARCH_DATASETS: readonly DatasetId[] = ['spiral', 'circles', 'xor', 'blobs', 'shapes', 'mnist'];

/** The spec's output units (last axis of the last layer), or -1 when it is not a vector. */
export function outputUnits(spec: TrainSpec): number {
  const shape = spec.layers[spec.layers.length - 1]?.outputShape ?? [];
  return shape.length === 1 ? shape[0] : -1;
}

/** The dataset that fits the spec's input: points for a 2-value input, else images. */
export function defaultDataset(spec: TrainSpec | null): DatasetId {
  const input = spec?.inputShape ?? [];
  if (input.length === 1 && input[0] === 2) return 'spiral';
  if (input.length === 3 && input[2] === 1 && input[0] === 28) return 'mnist';
  return 'shapes';
}

/** Seed of the samples themselves: fixed, so every trial and every search sees the same data. */
const DATA_SEED = 7;

/** Builds `count` samples of `id` for the spec; `mnist` loads the shipped digits when asked for. */
export async function prepareDataset(spec: TrainSpec, id: DatasetId, count: number, mnist: () => Promise<ByteImages>, say: Say): Promise<Dataset> {
  const input = spec.inputShape ?? [];
  const info = datasetInfo(id);
  const n = Math.max(10, Math.min(info.maxCount, Math.floor(count)));
  const outputs = outputUnits(spec);
  if (outputs < 1) throw new Error(say('train.noClassScores', { shape: JSON.stringify(spec.layers[spec.layers.length - 1]?.outputShape) }));
  if (info.kind === 'points') {
    if (!(input.length === 1 && input[0] === 2)) throw new Error(say('train.pointsNeedInput2', { dataset: datasetLabel(id, say), input: input.join('×') }));
    const classes = toyClasses(id, outputs, say);
    if (!classes.ok) throw new Error(classes.reason);
    return makeToy(id as 'spiral', n, classes.value, DATA_SEED, undefined, say);
  }
  if (outputs !== 10) throw new Error(say('train.tenClasses', { dataset: datasetLabel(id, say), outputs }));
  if (id === 'shapes') {
    const [h, w, c] = input;
    if (input.length === 3 && (c === 1 || c === 3) && h >= 8 && w >= 8 && h <= 256 && w <= 256) return makeShapes(n, h, w, c, DATA_SEED, say);
    throw new Error(say('train.shapesInput', { input: input.join('×') }));
  }
  const r = imagesDataset('mnist', await mnist(), input, MNIST_CLASSES, n, DATA_SEED, say);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

/** Reads dist/webview/mnist-digits.bin (the page's data-webview-base). */
export async function fetchMnist(base: string, say: Say): Promise<ByteImages> {
  const res = await fetch(`${base}mnist-digits.bin`);
  if (!res.ok) throw new Error(say('train.mnistUnreadable', { status: res.status }));
  return parseMnistBinary(await res.arrayBuffer(), Infinity, say);
}
