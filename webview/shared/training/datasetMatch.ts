/**
 * Which dataset fits a spec, and building it: the one rule the Train panel
 * (webview/train/datasetSources.ts) and the search (webview/search/data.ts) share. Pure apart from
 * the image loaders the caller passes (MNIST from dist/webview, CIFAR-10 through the host).
 * buildDataset throws an Error that says what does not fit.
 */
import type { Say } from '../../../src/core/i18n';
import type { TrainSpec } from '../../../src/protocol/train';
import {
  CIFAR_CLASSES, datasetInfo, datasetLabel, imagesDataset, makeShapes, makeToy, MNIST_CLASSES, toyClasses,
  type ByteImages, type Dataset, type DatasetId,
} from './datasets';

/** Seed of the samples themselves: fixed, so every run and every trial sees the same data. */
export const DATA_SEED = 7;

/** The spec's output units (last axis of the last layer), or -1 when it is not a vector. */
export function outputUnits(spec: TrainSpec | null): number {
  const last = spec?.layers[spec.layers.length - 1];
  const shape = last?.outputShape ?? [];
  return shape.length === 1 ? shape[0] : -1;
}

/**
 * The dataset for a spec's input, keeping `current` while it is of the right kind: points for a
 * 2-value input, MNIST for 28×28×1 (or 784 flat values), images for any other image input;
 * `current` when nothing fits better.
 */
export function datasetForInput(input: readonly number[] | null | undefined, current: DatasetId): DatasetId {
  if (!input) return current;
  const size = input.reduce((a, b) => a * b, 1);
  if (input.length === 1 && input[0] === 2) return datasetInfo(current).kind === 'points' ? current : 'spiral';
  if ((input.length === 3 && input[0] === 28 && input[1] === 28 && input[2] === 1) || size === 784) return 'mnist';
  if (input.length === 3) return datasetInfo(current).kind === 'images' ? current : 'shapes';
  return current;
}

/** Where the real images come from; asked only for the dataset being built. */
export interface ImageLoaders {
  mnist: () => Promise<ByteImages>;
  /** Up to `count` CIFAR-10 images (the host reads them from the student's disk). */
  cifar: (count: number) => Promise<ByteImages>;
}

/** A square image side whose flattened size (1 or 3 channels) is `n`, for a flat input. */
function flatImageSide(n: number): { side: number; channels: 1 | 3 } | undefined {
  const side = [32, 28, 16].find((s) => s * s * 3 === n || s * s === n);
  return side ? { side, channels: side * side * 3 === n ? 3 : 1 } : undefined;
}

/** Builds `samples` samples of `id` matched to the spec (clamped to the set's limits); throws a readable Error on mismatch. */
export async function buildDataset(spec: TrainSpec, id: DatasetId, samples: number, loaders: ImageLoaders, say: Say): Promise<Dataset> {
  const input = spec.inputShape ?? [];
  const info = datasetInfo(id);
  const count = Math.max(10, Math.min(info.maxCount, Math.floor(samples)));
  const outputs = outputUnits(spec);
  if (outputs < 1) {
    throw new Error(say('train.noClassScores', { shape: JSON.stringify(spec.layers[spec.layers.length - 1]?.outputShape) }));
  }
  if (info.kind === 'points') {
    if (!(input.length === 1 && input[0] === 2)) {
      throw new Error(say('train.pointsNeedInput2', { dataset: datasetLabel(id, say), input: input.join('×') }));
    }
    const classes = toyClasses(id, outputs, say);
    if (!classes.ok) throw new Error(classes.reason);
    const ds = makeToy(id as 'spiral', count, classes.value, DATA_SEED, undefined, say);
    ds.notes.push(...classes.notes);
    return ds;
  }
  if (outputs !== 10) {
    throw new Error(say('train.tenClasses', { dataset: datasetLabel(id, say), outputs }));
  }
  if (id === 'shapes') {
    if (input.length === 3) {
      const [h, w, c] = input;
      if ((c === 1 || c === 3) && h >= 8 && w >= 8 && h <= 256 && w <= 256) return makeShapes(count, h, w, c, DATA_SEED, say);
    }
    // A flat input takes flattened images when its size is a square image's.
    const flat = input.length === 1 ? flatImageSide(input[0]) : undefined;
    if (flat) {
      const ds = makeShapes(count, flat.side, flat.side, flat.channels, DATA_SEED, say);
      return { ...ds, sampleShape: [...input], notes: [say('train.shapesFlattened', { shape: `${flat.side}×${flat.side}×${flat.channels}`, n: input[0] })] };
    }
    throw new Error(say('train.shapesInput', { input: input.join('×') }));
  }
  const r = id === 'mnist'
    ? imagesDataset('mnist', await loaders.mnist(), input, MNIST_CLASSES, count, DATA_SEED, say)
    : imagesDataset('cifar', await loaders.cifar(count), input, CIFAR_CLASSES, count, DATA_SEED, say);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}
