/**
 * The samples a search trains on: the generated sets (2-D points, synthetic shapes), the MNIST
 * digits shipped in dist/webview, and CIFAR-10, which the host reads from the student's disk
 * (../shared/training/cifarSource.ts), chosen and matched to the spec by the rule the Train panel
 * uses (../shared/training/datasetMatch.ts). Throws an Error that says what does not fit; its
 * texts are the training library's.
 */
import type { Say } from '../../src/core/i18n';
import type { TrainSpec } from '../../src/protocol/train';
import { DATASETS, parseMnistBinary, type ByteImages, type Dataset, type DatasetId } from '../shared/training/datasets';
import { buildDataset, datasetForInput, type ImageLoaders } from '../shared/training/datasetMatch';

/** The datasets a search offers: the Train panel's. */
export const SEARCH_DATASETS: readonly DatasetId[] = DATASETS.map((d) => d.id);

/** The dataset that fits the spec's input, keeping `current` while it fits (as the Train panel does). */
export function defaultDataset(spec: TrainSpec | null, current: DatasetId): DatasetId {
  return datasetForInput(spec?.inputShape, current);
}

/** Builds `count` samples of `id` for the spec; the loaders are asked only for the set being built. */
export function prepareDataset(spec: TrainSpec, id: DatasetId, count: number, loaders: ImageLoaders, say: Say): Promise<Dataset> {
  return buildDataset(spec, id, count, loaders, say);
}

/** Reads dist/webview/mnist-digits.bin (the page's data-webview-base). */
export async function fetchMnist(base: string, say: Say): Promise<ByteImages> {
  const res = await fetch(`${base}mnist-digits.bin`);
  if (!res.ok) throw new Error(say('train.mnistUnreadable', { status: res.status }));
  return parseMnistBinary(await res.arrayBuffer(), Infinity, say);
}
