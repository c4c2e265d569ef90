/**
 * CIFAR-10 from the student's disk, asked of the host (src/panels/cifarRequest.ts
 * answerCifarRequest: the folder in netlens.train.cifarPath, or one the student picks). Used by
 * the Train panel's and the search's pages: the page posts `loadCifar`, the host's `cifar` reply
 * comes back through onReply, and the images are kept for the next request that fits.
 */
import type { Say } from '../../../src/core/i18n';
import { MAX_CIFAR_SAMPLES, type CifarMessage } from '../../../src/protocol/train';
import { decodeCifar, type ByteImages } from './datasets';
import { pageSay } from './pageSay';

export class CifarSource {
  private images: ByteImages | null = null;
  private waiter: ((m: CifarMessage) => void) | null = null;
  /** The request in flight: one at a time, so a second never takes the first's reply. */
  private pending: Promise<unknown> = Promise.resolve();
  /** Where the loaded images came from, for display (rendered with `train.cifarSource`). */
  source: string | null = null;

  /** `request` posts loadCifar to the host; `say` renders the errors (the page's language). */
  constructor(private readonly request: (pick: boolean, maxSamples: number) => void, private readonly say: Say = pageSay) {}

  /** The host's answer to the latest request. */
  onReply(m: CifarMessage): void {
    this.waiter?.(m);
    this.waiter = null;
  }

  /** Up to `count` images (setting or folder dialog); `pick` forces the dialog. Throws the host's reason when there are none. */
  load(count: number, pick: boolean): Promise<ByteImages> {
    const next = this.pending.then(() => this.loadNow(count, pick));
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async loadNow(count: number, pick: boolean): Promise<ByteImages> {
    if (this.images && !pick && this.images.count >= Math.min(count, MAX_CIFAR_SAMPLES)) return this.images;
    const reply = await new Promise<CifarMessage>((resolve) => {
      this.waiter = resolve;
      this.request(pick, Math.min(MAX_CIFAR_SAMPLES, Math.max(Math.floor(count), 1)));
    });
    if (!reply.ok) throw new Error(reply.message);
    this.images = decodeCifar(reply.data, this.say);
    this.source = this.say('train.cifarSource', { source: reply.data.source, count: reply.data.count.toLocaleString('en-US') });
    return this.images;
  }
}
