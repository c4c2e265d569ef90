/**
 * The samples a search trains on: the generated sets (2-D points, synthetic shapes) and the MNIST
 * digits shipped in dist/webview, chosen and matched to the spec by the rule the Train panel uses
 * (../shared/training/datasetMatch.ts; CIFAR-10, which the host reads from disk there, is not
 * offered here). Throws an Error that says what does not fit; its texts are the training library's.
 */
import type { Say } from '../../src/core/i18n';
import type { TrainSpec } from '../../src/protocol/train';
import { parseMnistBinary, type ByteImages, type Dataset, type DatasetId } from '../shared/training/datasets';
import { buildDataset, datasetForInput } from '../shared/training/datasetMatch';

/** The datasets a search offers (no CIFAR-10: it needs the host's folder dialog). */
export const SEARCH_DATASETS: readonly DatasetId[] = ['spiral', 'circles', 'xor', 'blobs', 'shapes', 'mnist'];

/** The dataset that fits the spec's input, keeping `current` while it fits (as the Train panel does). */
export function defaultDataset(spec: TrainSpec | null, current: DatasetId): DatasetId {
  const id = datasetForInput(spec?.inputShape, current);
  return SEARCH_DATASETS.includes(id) ? id : 'shapes';
}

/** Builds `count` samples of `id` for the spec; `mnist` loads the shipped digits when asked for. */
export function prepareDataset(spec: TrainSpec, id: DatasetId, count: number, mnist: () => Promise<ByteImages>, say: Say): Promise<Dataset> {
  // CIFAR-10 is not among SEARCH_DATASETS (the form refuses it), so its loader is never asked.
  return buildDataset(spec, id, count, { mnist, cifar: () => Promise.reject(new Error('CIFAR-10')) }, say);
}

/** Reads dist/webview/mnist-digits.bin (the page's data-webview-base). */
export async function fetchMnist(base: string, say: Say): Promise<ByteImages> {
  const res = await fetch(`${base}mnist-digits.bin`);
  if (!res.ok) throw new Error(say('train.mnistUnreadable', { status: res.status }));
  return parseMnistBinary(await res.arrayBuffer(), Infinity, say);
}
