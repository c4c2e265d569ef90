/**
 * The trainer's datasets, all offline and pure (no TF.js, no DOM): 2-D toys, a procedurally drawn
 * ten-class image set, MNIST from the shipped binary and CIFAR-10 from the host. Every set is a
 * flat Float32Array of samples (images scaled to 0..1, HWC) plus byte labels, already shuffled.
 */
import type { Say } from '../../../src/core/i18n';
import type { CifarPayload } from '../../../src/protocol/train';
import { drawShapeImages } from '../shapeImages';
import { pageSay } from './pageSay';
import { gaussian, mulberry32, permutation } from './random';

export type DatasetId = 'spiral' | 'circles' | 'xor' | 'blobs' | 'shapes' | 'mnist' | 'cifar';

export interface Dataset {
  id: DatasetId;
  kind: 'points' | 'images';
  count: number;
  /** Per-sample shape as the model sees it (after any adaptation). */
  sampleShape: number[];
  numClasses: number;
  classNames: string[];
  /** count × prod(sampleShape) values. */
  xs: Float32Array;
  labels: Uint8Array;
  /** For images: the shape to draw a sample with ([H, W, C]); may differ from sampleShape when flattened. */
  imageShape?: [number, number, number];
  /** What was done to fit the spec's input (resized, grey → RGB, flattened...), shown to the student. */
  notes: string[];
}

/** A dataset's name and description are texts: `datasetLabel` and `datasetDescription`. */
export interface DatasetInfo {
  id: DatasetId;
  kind: 'points' | 'images';
  /** Samples the default run uses: sized for a first result within a minute on a 2-core laptop without GPU. */
  defaultCount: number;
  maxCount: number;
}

export const DATASETS: readonly DatasetInfo[] = [
  { id: 'spiral', kind: 'points', defaultCount: 600, maxCount: 20000 },
  { id: 'circles', kind: 'points', defaultCount: 600, maxCount: 20000 },
  { id: 'xor', kind: 'points', defaultCount: 600, maxCount: 20000 },
  { id: 'blobs', kind: 'points', defaultCount: 600, maxCount: 20000 },
  { id: 'shapes', kind: 'images', defaultCount: 1200, maxCount: 20000 },
  { id: 'mnist', kind: 'images', defaultCount: 1500, maxCount: 10000 },
  { id: 'cifar', kind: 'images', defaultCount: 1500, maxCount: 50000 },
];

/** The dataset's name in the form ("Spiral (2-D)"). */
export function datasetLabel(id: DatasetId, say: Say = pageSay): string {
  return say(`train.dataset.${id}` as const);
}

/** What the dataset is, under the form's choice. */
export function datasetDescription(id: DatasetId, say: Say = pageSay): string {
  return say(`train.datasetAbout.${id}` as const);
}

export function datasetInfo(id: DatasetId): DatasetInfo {
  const info = DATASETS.find((d) => d.id === id);
  if (!info) throw new Error(`unknown dataset ${id}`);
  return info;
}

const prod = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Result of matching a dataset to the model: either how to adapt, or why it cannot. */
export type Match<T> = { ok: true; value: T; notes: string[] } | { ok: false; reason: string };

const shapeText = (s: readonly number[]) => s.join('×');

// ---- 2-D toys ----------------------------------------------------------------------------------

/** Classes a toy set can offer for a model with `outputs` output units. */
export function toyClasses(id: DatasetId, outputs: number, say: Say = pageSay): Match<number> {
  const binarySigmoid = outputs === 1;
  switch (id) {
    case 'circles':
    case 'xor':
      if (outputs === 2 || binarySigmoid) return { ok: true, value: 2, notes: [] };
      return { ok: false, reason: say('train.toyTwoClasses', { dataset: id, outputs }) };
    case 'spiral':
    case 'blobs':
      if (binarySigmoid) return { ok: true, value: 2, notes: [] };
      if (outputs >= 2 && outputs <= 8) return { ok: true, value: outputs, notes: outputs === 2 ? [] : [say('train.toyClassesPerOutput', { n: outputs })] };
      return { ok: false, reason: say('train.toyClassRange', { dataset: id, outputs }) };
    default:
      return { ok: false, reason: say('train.notToy', { dataset: id }) };
  }
}

export function makeToy(id: 'spiral' | 'circles' | 'xor' | 'blobs', count: number, numClasses: number, seed: number, noise = 0.1, say: Say = pageSay): Dataset {
  const rand = mulberry32(seed);
  const xs = new Float32Array(count * 2);
  const labels = new Uint8Array(count);
  const blobCentres = Array.from({ length: numClasses }, (_, k) => {
    const a = (2 * Math.PI * k) / numClasses;
    return [Math.cos(a) * 0.6, Math.sin(a) * 0.6];
  });
  for (let i = 0; i < count; i++) {
    const k = i % numClasses;
    let x = 0;
    let y = 0;
    switch (id) {
      case 'spiral': {
        // CS231n's spiral: radius grows along the arm, angle offset per class.
        const t = rand();
        const r = t;
        const theta = (k * 2 * Math.PI) / numClasses + t * 4 + gaussian(rand) * noise * 2;
        x = r * Math.sin(theta);
        y = r * Math.cos(theta);
        break;
      }
      case 'circles': {
        const r = k === 0 ? rand() * 0.4 : 0.6 + rand() * 0.35;
        const a = rand() * 2 * Math.PI;
        x = r * Math.cos(a) + gaussian(rand) * noise * 0.3;
        y = r * Math.sin(a) + gaussian(rand) * noise * 0.3;
        break;
      }
      case 'xor': {
        const qx = rand() < 0.5 ? -1 : 1;
        const qy = k === 0 ? qx : -qx;
        x = qx * (0.05 + rand() * 0.9) + gaussian(rand) * noise * 0.2;
        y = qy * (0.05 + rand() * 0.9) + gaussian(rand) * noise * 0.2;
        break;
      }
      case 'blobs': {
        const [cx, cy] = blobCentres[k];
        x = cx + gaussian(rand) * (0.12 + noise);
        y = cy + gaussian(rand) * (0.12 + noise);
        break;
      }
    }
    xs[2 * i] = x;
    xs[2 * i + 1] = y;
    labels[i] = k;
  }
  return shuffled({
    id, kind: 'points', count, sampleShape: [2], numClasses,
    classNames: Array.from({ length: numClasses }, (_, k) => say('train.toyClass', { k })), xs, labels, notes: [],
  }, rand);
}

// ---- synthetic images --------------------------------------------------------------------------

/** The ten classes' names, in class order (their pixels: ../shared/shapeImages.ts). */
export const SHAPE_CLASSES = [
  { name: 'train.shape.redDisc' },
  { name: 'train.shape.greenSquare' },
  { name: 'train.shape.blueTriangle' },
  { name: 'train.shape.yellowCross' },
  { name: 'train.shape.cyanRing' },
  { name: 'train.shape.magentaBars' },
  { name: 'train.shape.orangeDiamond' },
  { name: 'train.shape.whiteStripes' },
  { name: 'train.shape.purpleDots' },
  { name: 'train.shape.tealFrame' },
] as const;

/** `count` images of H×W×C (C = 1 or 3): a jittered shape on a noisy dark background, drawn by ../shared/shapeImages.ts (the activation race draws the same). */
export function makeShapes(count: number, height: number, width: number, channels: number, seed: number, say: Say = pageSay): Dataset {
  const { xs, labels } = drawShapeImages(count, height, width, channels, seed);
  return {
    id: 'shapes', kind: 'images', count, sampleShape: [height, width, channels], numClasses: 10,
    classNames: SHAPE_CLASSES.map((c) => say(c.name)), xs, labels, imageShape: [height, width, channels], notes: [],
  };
}


// ---- byte images (MNIST, CIFAR) ----------------------------------------------------------------

export interface ByteImages {
  count: number;
  height: number;
  width: number;
  channels: number;
  /** count·H·W·C bytes, HWC. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Reads dist/webview/mnist-digits.bin (see scripts/build-data.mjs for the format). */
export function parseMnistBinary(buf: ArrayBuffer, maxCount = Infinity, say: Say = pageSay): ByteImages {
  const view = new DataView(buf);
  if (buf.byteLength < 12) throw new Error(say('train.mnistTooShort'));
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== 'NLMN') throw new Error(say('train.mnistMagic', { magic }));
  const total = view.getUint32(4, true);
  const height = view.getUint16(8, true);
  const width = view.getUint16(10, true);
  const size = height * width;
  if (buf.byteLength !== 12 + total + total * size) throw new Error(say('train.mnistSize', { bytes: buf.byteLength, expected: 12 + total + total * size }));
  const count = Math.min(total, maxCount);
  return {
    count, height, width, channels: 1,
    labels: new Uint8Array(buf, 12, count).slice(),
    pixels: new Uint8Array(buf, 12 + total, count * size).slice(),
  };
}

/**
 * How byte images of H×W×C fit a model input: the same shape, a flat vector of the same size,
 * or a nearest-neighbour resize and/or grey↔RGB conversion, each explained in `notes`.
 */
export function planImageFit(src: { height: number; width: number; channels: number }, input: readonly number[], name: string, say: Say = pageSay):
  Match<{ height: number; width: number; channels: number; flatten: boolean }> {
  const srcText = `${src.height}×${src.width}×${src.channels}`;
  if (input.length === 1) {
    const n = input[0];
    if (n === src.height * src.width * src.channels) {
      return { ok: true, value: { ...src, flatten: true }, notes: [say('train.fitFlattened', { name, shape: srcText, n })] };
    }
    if (n === src.height * src.width && src.channels === 3) {
      return { ok: true, value: { height: src.height, width: src.width, channels: 1, flatten: true }, notes: [say('train.fitGreyFlattened', { name, n })] };
    }
    if (n === src.height * src.width * 3 && src.channels === 1) {
      return { ok: true, value: { height: src.height, width: src.width, channels: 3, flatten: true }, notes: [say('train.fitRgbFlattened', { name, n })] };
    }
    const size = prod([src.height, src.width, src.channels]);
    return { ok: false, reason: say('train.fitVectorMismatch', { n, name, shape: srcText, size, h: src.height, w: src.width, c: src.channels }) };
  }
  if (input.length !== 3) {
    return { ok: false, reason: say('train.fitRank', { input: shapeText(input), rank: input.length, name, h: src.height, w: src.width, c: src.channels }) };
  }
  const [h, w, c] = input;
  if (c !== 1 && c !== 3) {
    return { ok: false, reason: say('train.fitChannels', { c, name }) };
  }
  if (h < 8 || w < 8 || h > 256 || w > 256) {
    return { ok: false, reason: say('train.fitSize', { input: shapeText(input), name, shape: srcText }) };
  }
  const notes: string[] = [];
  if (h !== src.height || w !== src.width) notes.push(say('train.fitResized', { name, from: `${src.height}×${src.width}`, to: `${h}×${w}` }));
  if (c !== src.channels) notes.push(say(c === 3 ? 'train.fitToRgb' : 'train.fitToGrey', { name }));
  return { ok: true, value: { height: h, width: w, channels: c, flatten: false }, notes };
}

/** Converts byte images to the model's input layout (0..1 floats), per `planImageFit`. */
export function fitImages(src: ByteImages, fit: { height: number; width: number; channels: number; flatten: boolean }, count = src.count): Float32Array {
  const { height: h, width: w, channels: c } = fit;
  const out = new Float32Array(count * h * w * c);
  const srcSize = src.height * src.width * src.channels;
  for (let i = 0; i < count; i++) {
    const so = i * srcSize;
    const dout = i * h * w * c;
    for (let y = 0; y < h; y++) {
      const sy = Math.min(src.height - 1, Math.floor((y * src.height) / h));
      for (let x = 0; x < w; x++) {
        const sx = Math.min(src.width - 1, Math.floor((x * src.width) / w));
        const sp = so + (sy * src.width + sx) * src.channels;
        const dp = dout + (y * w + x) * c;
        if (c === src.channels) {
          for (let k = 0; k < c; k++) out[dp + k] = src.pixels[sp + k] / 255;
        } else if (c === 3) {
          const g = src.pixels[sp] / 255;
          out[dp] = g; out[dp + 1] = g; out[dp + 2] = g;
        } else {
          out[dp] = (0.299 * src.pixels[sp] + 0.587 * src.pixels[sp + 1] + 0.114 * src.pixels[sp + 2]) / 255;
        }
      }
    }
  }
  return out;
}

export function imagesDataset(id: 'mnist' | 'cifar', src: ByteImages, input: readonly number[], classNames: string[], count: number, seed: number, say: Say = pageSay): Match<Dataset> {
  const name = id === 'mnist' ? 'MNIST' : 'CIFAR-10';
  const fit = planImageFit(src, input, name, say);
  if (!fit.ok) return fit;
  const n = Math.min(count, src.count);
  const xs = fitImages(src, fit.value, n);
  const { height, width, channels } = fit.value;
  const notes = [...fit.notes];
  if (n < count) notes.push(say('train.fewerSamples', { n, name }));
  const ds = shuffled({
    id, kind: 'images', count: n, sampleShape: [...input], numClasses: 10, classNames,
    xs, labels: src.labels.slice(0, n), imageShape: [height, width, channels], notes,
  }, mulberry32(seed));
  return { ok: true, value: ds, notes };
}

// ---- CIFAR-10 from the host -------------------------------------------------------------------

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Checks the host's CIFAR payload sizes and returns byte images. */
export function decodeCifar(p: CifarPayload, say: Say = pageSay): ByteImages {
  const labels = typeof p.labels === 'string' ? fromBase64(p.labels) : p.labels;
  const pixels = typeof p.images === 'string' ? fromBase64(p.images) : p.images;
  if (labels.length !== p.count || pixels.length !== p.count * 3072) {
    throw new Error(say('train.cifarInconsistent', { count: p.count, labels: labels.length, pixels: pixels.length }));
  }
  if (labels.some((l) => l > 9)) throw new Error(say('train.cifarLabels'));
  return { count: p.count, height: 32, width: 32, channels: 3, labels, pixels };
}

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const CIFAR_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

// ---- helpers -----------------------------------------------------------------------------------

/** Returns the same set with its samples in a seeded random order. */
export function shuffled(ds: Dataset, rand: () => number): Dataset {
  const size = prod(ds.sampleShape);
  const perm = permutation(ds.count, rand);
  const xs = new Float32Array(ds.xs.length);
  const labels = new Uint8Array(ds.count);
  for (let i = 0; i < ds.count; i++) {
    const j = perm[i];
    xs.set(ds.xs.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = ds.labels[j];
  }
  return { ...ds, xs, labels };
}

/** Splits off the last `fraction` of the (already shuffled) samples for validation. */
export function splitValidation(count: number, fraction: number): { train: number; validation: number } {
  const f = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 0.9) : 0;
  const validation = Math.floor(count * f);
  return { train: count - validation, validation };
}

/** Copies samples `indices` into a batch buffer (reused across batches to spare the GC). */
export function gatherBatch(ds: Pick<Dataset, 'sampleShape' | 'xs' | 'labels'>, indices: ArrayLike<number>, out?: Float32Array): { xs: Float32Array; labels: Uint8Array } {
  const size = prod(ds.sampleShape);
  const xs = out && out.length === indices.length * size ? out : new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    xs.set(ds.xs.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = ds.labels[j];
  }
  return { xs, labels };
}

export { prod as shapeSize };
