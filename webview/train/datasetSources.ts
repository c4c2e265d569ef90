/**
 * Where the Train panel's data comes from: the generated sets (points, synthetic shapes), the
 * MNIST digits shipped in dist/webview, and CIFAR-10, which the host reads from the student's
 * disk (src/panels/trainCifar.ts). The matching to the spec is shared with the search
 * (../shared/training/datasetMatch.ts).
 */
import type { Say } from '../../src/core/i18n';
import type { CifarMessage, TrainSpec } from '../../src/protocol/train';
import { CifarSource } from '../shared/training/cifarSource';
import { parseMnistBinary, type ByteImages, type Dataset } from '../shared/training/datasets';
import { buildDataset } from '../shared/training/datasetMatch';
import type { FormSettings } from './form';
import { pageSay } from '../shared/training/pageSay';

export class DatasetSources {
  private mnist: ByteImages | null = null;
  private readonly cifar: CifarSource;

  /**
   * `requestCifar` posts loadCifar to the host; its answer comes back through onCifar. `say`
   * renders the notes and errors (the page's language).
   */
  constructor(requestCifar: (pick: boolean, maxSamples: number) => void, private readonly say: Say = pageSay) {
    this.cifar = new CifarSource(requestCifar, say);
  }

  /** Where the loaded CIFAR-10 images came from, for display. */
  get cifarSource(): string | null {
    return this.cifar.source;
  }

  /** The host's answer to the latest CIFAR-10 request. */
  onCifar(m: CifarMessage): void {
    this.cifar.onReply(m);
  }

  /** Builds the dataset the form asks for, matched to the spec (../shared/training/datasetMatch.ts); throws a readable Error on mismatch. */
  prepare(spec: TrainSpec, form: FormSettings): Promise<Dataset> {
    return buildDataset(spec, form.dataset, form.samples, { mnist: () => this.loadMnist(), cifar: (count) => this.loadCifar(count, false) }, this.say);
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
  loadCifar(count: number, pick: boolean): Promise<ByteImages> {
    return this.cifar.load(count, pick);
  }
}
