/**
 * Where the Train panel's data comes from: the generated sets (points, synthetic shapes), the
 * MNIST digits shipped in dist/webview, and CIFAR-10, which the host reads from the student's
 * disk (src/panels/trainCifar.ts). Builds the dataset the form asks for, matched to the spec,
 * or throws an Error that says what does not fit.
 */
import type { Say } from '../../src/core/i18n';
import type { CifarMessage, TrainSpec } from '../../src/protocol/train';
import { MAX_CIFAR_SAMPLES } from '../../src/protocol/train';
import {
  CIFAR_CLASSES, datasetInfo, datasetLabel, decodeCifar, imagesDataset, makeShapes, makeToy, MNIST_CLASSES, parseMnistBinary, toyClasses,
  type ByteImages, type Dataset,
} from '../shared/training/datasets';
import type { FormSettings } from './form';
import { pageSay } from '../shared/training/pageSay';

/** The spec's output units (last axis of the last layer), or -1 when it is not a vector. */
export function outputUnits(spec: TrainSpec | null): number {
  const last = spec?.layers[spec.layers.length - 1];
  const shape = last?.outputShape ?? [];
  return shape.length === 1 ? shape[0] : -1;
}

export class DatasetSources {
  private mnist: ByteImages | null = null;
  private cifar: ByteImages | null = null;
  private cifarWaiter: ((m: CifarMessage) => void) | null = null;
  /** Where the loaded CIFAR-10 images came from, for display. */
  cifarSource: string | null = null;

  /**
   * `requestCifar` posts loadCifar to the host; its answer comes back through onCifar. `say`
   * renders the notes and errors (the page's language).
   */
  constructor(private readonly requestCifar: (pick: boolean, maxSamples: number) => void, private readonly say: Say = pageSay) {}

  /** The host's answer to the latest CIFAR-10 request. */
  onCifar(m: CifarMessage): void {
    this.cifarWaiter?.(m);
    this.cifarWaiter = null;
  }

  /** Builds the dataset the form asks for, matched to the spec; throws a readable Error on mismatch. */
  async prepare(spec: TrainSpec, form: FormSettings): Promise<Dataset> {
    const input = spec.inputShape as number[];
    const info = datasetInfo(form.dataset);
    const say = this.say;
    const count = Math.max(10, Math.min(info.maxCount, Math.floor(form.samples)));
    const outputs = outputUnits(spec);
    if (outputs < 1) {
      throw new Error(say('train.noClassScores', { shape: JSON.stringify(spec.layers[spec.layers.length - 1]?.outputShape) }));
    }
    if (info.kind === 'points') {
      if (!(input.length === 1 && input[0] === 2)) {
        throw new Error(say('train.pointsNeedInput2', { dataset: datasetLabel(info.id, say), input: input.join('×') }));
      }
      const classes = toyClasses(form.dataset, outputs, say);
      if (!classes.ok) throw new Error(classes.reason);
      const ds = makeToy(form.dataset as 'spiral', count, classes.value, 7, undefined, say);
      ds.notes.push(...classes.notes);
      return ds;
    }
    if (outputs !== 10) {
      throw new Error(say('train.tenClasses', { dataset: datasetLabel(info.id, say), outputs }));
    }
    if (form.dataset === 'shapes') {
      if (input.length === 3) {
        const [h, w, c] = input;
        if ((c === 1 || c === 3) && h >= 8 && w >= 8 && h <= 256 && w <= 256) return makeShapes(count, h, w, c, 7, say);
      }
      if (input.length === 1) {
        // A flat input takes flattened images when its size is a square image's.
        const side = [32, 28, 16].find((n) => n * n * 3 === input[0] || n * n === input[0]);
        if (side) {
          const c = side * side * 3 === input[0] ? 3 : 1;
          const ds = makeShapes(count, side, side, c, 7, say);
          return { ...ds, sampleShape: [...input], notes: [say('train.shapesFlattened', { shape: `${side}×${side}×${c}`, n: input[0] })] };
        }
      }
      throw new Error(say('train.shapesInput', { input: input.join('×') }));
    }
    if (form.dataset === 'mnist') {
      const mnist = await this.loadMnist();
      const r = imagesDataset('mnist', mnist, input, MNIST_CLASSES, count, 7, say);
      if (!r.ok) throw new Error(r.reason);
      return r.value;
    }
    const cifar = await this.loadCifar(count, false);
    const r = imagesDataset('cifar', cifar, input, CIFAR_CLASSES, count, 7, say);
    if (!r.ok) throw new Error(r.reason);
    return r.value;
  }

  async loadMnist(): Promise<ByteImages> {
    if (this.mnist) return this.mnist;
    const base = document.body.dataset.webviewBase ?? '';
    const res = await fetch(`${base}mnist-digits.bin`);
    if (!res.ok) throw new Error(this.say('train.mnistUnreadable', { status: res.status }));
    this.mnist = parseMnistBinary(await res.arrayBuffer(), Infinity, this.say);
    return this.mnist;
  }

  /** Asks the host for CIFAR-10 (setting or folder dialog); `pick` forces the dialog. */
  async loadCifar(count: number, pick: boolean): Promise<ByteImages> {
    if (this.cifar && !pick && this.cifar.count >= Math.min(count, MAX_CIFAR_SAMPLES)) return this.cifar;
    const reply = await new Promise<CifarMessage>((resolve) => {
      this.cifarWaiter = resolve;
      this.requestCifar(pick, Math.min(MAX_CIFAR_SAMPLES, Math.max(count, 1)));
    });
    if (!reply.ok) throw new Error(reply.message);
    this.cifar = decodeCifar(reply.data, this.say);
    this.cifarSource = this.say('train.cifarSource', { source: reply.data.source, count: reply.data.count.toLocaleString('en-US') });
    return this.cifar;
  }
}
