/**
 * The datasets of the Train panel and of the activation explorer's CNN race (which draws the same
 * synthetic images), all offline and pure (no TF.js, no DOM): 2-D toys, a procedurally drawn
 * ten-class image set, MNIST from the shipped binary and CIFAR-10 from the host. Every set is a
 * flat Float32Array of samples (images scaled to 0..1, HWC) plus byte labels, already shuffled.
 */
import type { CifarPayload } from '../../src/protocol/train';
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

export interface DatasetInfo {
  id: DatasetId;
  label: string;
  kind: 'points' | 'images';
  /** Samples the default run uses: sized for a first result within a minute on a 2-core laptop without GPU. */
  defaultCount: number;
  maxCount: number;
  description: string;
}

export const DATASETS: readonly DatasetInfo[] = [
  { id: 'spiral', label: 'Spiral (2-D)', kind: 'points', defaultCount: 600, maxCount: 20000, description: 'Interleaved spiral arms, one class per arm (as many arms as the model has outputs).' },
  { id: 'circles', label: 'Circles (2-D)', kind: 'points', defaultCount: 600, maxCount: 20000, description: 'A disc inside a ring: two classes no straight line separates.' },
  { id: 'xor', label: 'XOR (2-D)', kind: 'points', defaultCount: 600, maxCount: 20000, description: 'Four quadrants, opposite ones share a class.' },
  { id: 'blobs', label: 'Gaussian blobs (2-D)', kind: 'points', defaultCount: 600, maxCount: 20000, description: 'One Gaussian cloud per class (as many as the model has outputs).' },
  { id: 'shapes', label: 'Synthetic shapes (images)', kind: 'images', defaultCount: 1200, maxCount: 20000, description: 'Ten classes of procedurally drawn coloured shapes at the spec\'s input size.' },
  { id: 'mnist', label: 'MNIST digits (real)', kind: 'images', defaultCount: 1500, maxCount: 10000, description: '10,000 real handwritten digits shipped with NetLens (28×28 grey).' },
  { id: 'cifar', label: 'CIFAR-10 (from disk)', kind: 'images', defaultCount: 1500, maxCount: 50000, description: 'The real CIFAR-10 binary batches from a folder on your disk.' },
];

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
export function toyClasses(id: DatasetId, outputs: number): Match<number> {
  const binarySigmoid = outputs === 1;
  switch (id) {
    case 'circles':
    case 'xor':
      if (outputs === 2 || binarySigmoid) return { ok: true, value: 2, notes: [] };
      return { ok: false, reason: `${id} has 2 classes but the model's last layer outputs ${outputs} values. End the spec with \`dense 2 activation=softmax\` (or pick spiral or blobs, which make as many classes as the model has outputs).` };
    case 'spiral':
    case 'blobs':
      if (binarySigmoid) return { ok: true, value: 2, notes: [] };
      if (outputs >= 2 && outputs <= 8) return { ok: true, value: outputs, notes: outputs === 2 ? [] : [`${outputs} classes, one per model output.`] };
      return { ok: false, reason: `${id} can make 2 to 8 classes (one per output unit), but the model's last layer outputs ${outputs} values.` };
    default:
      return { ok: false, reason: `${id} is not a 2-D toy set` };
  }
}

export function makeToy(id: 'spiral' | 'circles' | 'xor' | 'blobs', count: number, numClasses: number, seed: number, noise = 0.1): Dataset {
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
    classNames: Array.from({ length: numClasses }, (_, k) => `class ${k}`), xs, labels, notes: [],
  }, rand);
}

// ---- synthetic images --------------------------------------------------------------------------

/** Ten classes, each a shape with its own colour family, so a small CNN learns them in seconds. */
export const SHAPE_CLASSES = [
  { name: 'red disc', rgb: [0.9, 0.2, 0.2] },
  { name: 'green square', rgb: [0.2, 0.8, 0.3] },
  { name: 'blue triangle', rgb: [0.25, 0.35, 0.95] },
  { name: 'yellow cross', rgb: [0.95, 0.85, 0.2] },
  { name: 'cyan ring', rgb: [0.2, 0.85, 0.9] },
  { name: 'magenta bars', rgb: [0.85, 0.25, 0.85] },
  { name: 'orange diamond', rgb: [0.95, 0.55, 0.15] },
  { name: 'white stripes', rgb: [0.92, 0.92, 0.92] },
  { name: 'purple dots', rgb: [0.55, 0.3, 0.8] },
  { name: 'teal frame', rgb: [0.15, 0.6, 0.55] },
] as const;

/** Whether pixel (u, v) in shape-local coordinates (-1..1) is inside class k's shape. */
function insideShape(k: number, u: number, v: number): boolean {
  const au = Math.abs(u);
  const av = Math.abs(v);
  switch (k) {
    case 0: return u * u + v * v <= 1;
    case 1: return au <= 0.85 && av <= 0.85;
    case 2: return v <= 0.9 && v >= -0.9 && au <= (v + 0.9) / 1.8;
    case 3: return (au <= 0.25 && av <= 1) || (av <= 0.25 && au <= 1);
    case 4: { const r = Math.sqrt(u * u + v * v); return r <= 1 && r >= 0.55; }
    case 5: return au <= 1 && av <= 1 && Math.floor((v + 1) * 2.5) % 2 === 0;
    case 6: return au + av <= 1;
    case 7: return au <= 1 && av <= 1 && Math.floor((u + v + 2) * 2) % 2 === 0;
    case 8: { const fu = ((u + 1) * 1.5) % 1 - 0.5; const fv = ((v + 1) * 1.5) % 1 - 0.5; return au <= 1 && av <= 1 && fu * fu + fv * fv <= 0.09; }
    case 9: return au <= 1 && av <= 1 && (au >= 0.65 || av >= 0.65);
    default: return false;
  }
}

/** `count` images of H×W×C (C = 1 or 3): a jittered shape on a noisy dark background. */
export function makeShapes(count: number, height: number, width: number, channels: number, seed: number): Dataset {
  if (channels !== 1 && channels !== 3) throw new Error(`synthetic images have 1 or 3 channels, not ${channels}`);
  const rand = mulberry32(seed);
  const size = height * width * channels;
  const xs = new Float32Array(count * size);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = i % 10;
    labels[i] = k;
    const base = SHAPE_CLASSES[k].rgb;
    const shade = 0.75 + rand() * 0.25;
    const rgb = base.map((c) => Math.min(1, c * shade + (rand() - 0.5) * 0.1));
    const bg = rand() * 0.25;
    const scale = 0.3 + rand() * 0.25; // radius as a fraction of the image
    const cx = 0.5 + (rand() - 0.5) * (1 - 2 * scale) * 0.9;
    const cy = 0.5 + (rand() - 0.5) * (1 - 2 * scale) * 0.9;
    const off = i * size;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const u = ((x + 0.5) / width - cx) / scale;
        const v = ((y + 0.5) / height - cy) / scale;
        const inside = insideShape(k, u, v);
        const p = off + (y * width + x) * channels;
        const noise = (rand() - 0.5) * 0.12;
        if (channels === 3) {
          for (let c = 0; c < 3; c++) xs[p + c] = clamp01((inside ? rgb[c] : bg) + noise);
        } else {
          const grey = 0.3 * rgb[0] + 0.59 * rgb[1] + 0.11 * rgb[2];
          xs[p] = clamp01((inside ? Math.max(grey, 0.5) : bg) + noise);
        }
      }
    }
  }
  return shuffled({
    id: 'shapes', kind: 'images', count, sampleShape: [height, width, channels], numClasses: 10,
    classNames: SHAPE_CLASSES.map((c) => c.name), xs, labels, imageShape: [height, width, channels], notes: [],
  }, rand);
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

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
export function parseMnistBinary(buf: ArrayBuffer, maxCount = Infinity): ByteImages {
  const view = new DataView(buf);
  if (buf.byteLength < 12) throw new Error('MNIST file too short');
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== 'NLMN') throw new Error(`not a NetLens MNIST file (magic "${magic}")`);
  const total = view.getUint32(4, true);
  const height = view.getUint16(8, true);
  const width = view.getUint16(10, true);
  const size = height * width;
  if (buf.byteLength !== 12 + total + total * size) throw new Error(`MNIST file is ${buf.byteLength} bytes; its header promises ${12 + total + total * size}`);
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
export function planImageFit(src: { height: number; width: number; channels: number }, input: readonly number[], name: string):
  Match<{ height: number; width: number; channels: number; flatten: boolean }> {
  const srcText = `${src.height}×${src.width}×${src.channels}`;
  if (input.length === 1) {
    const n = input[0];
    if (n === src.height * src.width * src.channels) {
      return { ok: true, value: { ...src, flatten: true }, notes: [`${name} images (${srcText}) are flattened to ${n} values.`] };
    }
    if (n === src.height * src.width && src.channels === 3) {
      return { ok: true, value: { height: src.height, width: src.width, channels: 1, flatten: true }, notes: [`${name} images are turned grey and flattened to ${n} values.`] };
    }
    if (n === src.height * src.width * 3 && src.channels === 1) {
      return { ok: true, value: { height: src.height, width: src.width, channels: 3, flatten: true }, notes: [`${name} grey images are copied to 3 channels and flattened to ${n} values.`] };
    }
    return { ok: false, reason: `The spec's input is a vector of ${n} values, but ${name} images are ${srcText} = ${prod([src.height, src.width, src.channels])} values. Use \`input ${src.height}x${src.width}x${src.channels}\` (or \`input ${prod([src.height, src.width, src.channels])}\`).` };
  }
  if (input.length !== 3) {
    return { ok: false, reason: `The spec's input ${shapeText(input)} has rank ${input.length}; ${name} images need height×width×channels (e.g. \`input ${src.height}x${src.width}x${src.channels}\`) or a flat vector.` };
  }
  const [h, w, c] = input;
  if (c !== 1 && c !== 3) {
    return { ok: false, reason: `The spec's input has ${c} channels; ${name} images can be given 1 (grey) or 3 (RGB).` };
  }
  if (h < 8 || w < 8 || h > 256 || w > 256) {
    return { ok: false, reason: `The spec's input is ${shapeText(input)}; ${name} images (${srcText}) can be resized to between 8 and 256 pixels a side.` };
  }
  const notes: string[] = [];
  if (h !== src.height || w !== src.width) notes.push(`${name} images (${src.height}×${src.width}) are resized to ${h}×${w} (nearest neighbour) to match the spec's input.`);
  if (c !== src.channels) notes.push(c === 3 ? `${name} grey images are copied into 3 channels.` : `${name} colour images are turned grey (luminance).`);
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

export function imagesDataset(id: 'mnist' | 'cifar', src: ByteImages, input: readonly number[], classNames: string[], count: number, seed: number): Match<Dataset> {
  const name = id === 'mnist' ? 'MNIST' : 'CIFAR-10';
  const fit = planImageFit(src, input, name);
  if (!fit.ok) return fit;
  const n = Math.min(count, src.count);
  const xs = fitImages(src, fit.value, n);
  const { height, width, channels } = fit.value;
  const notes = [...fit.notes];
  if (n < count) notes.push(`Only ${n} ${name} samples are available.`);
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
export function decodeCifar(p: CifarPayload): ByteImages {
  const labels = typeof p.labels === 'string' ? fromBase64(p.labels) : p.labels;
  const pixels = typeof p.images === 'string' ? fromBase64(p.images) : p.images;
  if (labels.length !== p.count || pixels.length !== p.count * 3072) {
    throw new Error(`CIFAR-10 data is inconsistent: ${p.count} images promised, ${labels.length} labels and ${pixels.length} pixel bytes received.`);
  }
  if (labels.some((l) => l > 9)) throw new Error('CIFAR-10 labels must be 0..9.');
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
export function gatherBatch(ds: Dataset, indices: ArrayLike<number>, out?: Float32Array): { xs: Float32Array; labels: Uint8Array } {
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
