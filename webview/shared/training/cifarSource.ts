/**
 * CIFAR-10 from the student's disk, asked of the host (src/panels/cifarRequest.ts
 * answerCifarRequest: the folder in netlens.train.cifarPath, or one the student picks). Used by
 * the Train panel's and the search's pages: the page posts `loadCifar`, the host's `cifar` reply
 * comes back through onReply, and the images are kept for the next request that fits.
 */
import type { Say } from '../../../src/core/i18n';
import { MAX_CIFAR_SAMPLES, type CifarMessage, type CifarPayload } from '../../../src/protocol/train';
import { decodeCifar, type ByteImages } from './datasets';
import { pageSay } from './pageSay';

export class CifarSource {
  private images: ByteImages | null = null;
  private payload: CifarPayload | null = null;
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
    return this.queued(() => this.loadNow(count, pick));
  }

  /**
   * The host's payload as it came, undecoded, under the same one-at-a-time rule: for the data
   * explorer, whose worker decodes it (webview/data/engine/engine.ts). Kept apart from `load`'s images.
   */
  loadPayload(count: number, pick: boolean): Promise<CifarPayload> {
    return this.queued(() => this.loadPayloadNow(count, pick));
  }

  /** Drops the kept payload, so the next loadPayload asks the host again. */
  forgetPayload(): void {
    this.payload = null;
  }

  private queued<T>(run: () => Promise<T>): Promise<T> {
    const next = this.pending.then(run);
    this.pending = next.catch(() => undefined);
    return next;
  }

  private ask(count: number, pick: boolean): Promise<CifarMessage> {
    return new Promise<CifarMessage>((resolve) => {
      this.waiter = resolve;
      this.request(pick, Math.min(MAX_CIFAR_SAMPLES, Math.max(Math.floor(count), 1)));
    });
  }

  private async loadPayloadNow(count: number, pick: boolean): Promise<CifarPayload> {
    if (this.payload && !pick && this.payload.count >= Math.min(count, MAX_CIFAR_SAMPLES)) return this.payload;
    const reply = await this.ask(count, pick);
    if (!reply.ok) throw new Error(reply.message);
    this.payload = reply.data;
    return reply.data;
  }

  private async loadNow(count: number, pick: boolean): Promise<ByteImages> {
    if (this.images && !pick && this.images.count >= Math.min(count, MAX_CIFAR_SAMPLES)) return this.images;
    const reply = await this.ask(count, pick);
    if (!reply.ok) throw new Error(reply.message);
    this.images = decodeCifar(reply.data, this.say);
    this.source = this.say('train.cifarSource', { source: reply.data.source, count: reply.data.count.toLocaleString('en-US') });
    return this.images;
  }
}
