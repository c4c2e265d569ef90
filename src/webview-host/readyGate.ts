/**
 * The `ready` handshake's bookkeeping, without VS Code (so plain-Node tests run it): messages
 * posted before the page listens wait, and only the latest of each `type` is kept, since every
 * host message states what is current (a spec, a setting, a function to show).
 */
import type { Envelope } from '../protocol/common';

export class ReadyGate<M extends Envelope> {
  private waiting: M[] = [];
  private open = false;

  constructor(private readonly send: (msg: M) => void) {}

  get isOpen(): boolean {
    return this.open;
  }

  /** Sends now when the page listens, else keeps the message for `ready`. */
  post(msg: M): void {
    if (this.open) {
      this.send(msg);
      return;
    }
    this.waiting = this.waiting.filter((m) => m.type !== msg.type);
    this.waiting.push(msg);
  }

  /** The page said `ready`: send what waited, in the order it was posted. */
  opened(): void {
    this.open = true;
    for (const m of this.waiting.splice(0)) this.send(m);
  }

  /** The page is gone (hidden without a retained context, or disposed): wait for the next `ready`. */
  closed(): void {
    this.open = false;
  }

  /** Drops what waits (the panel is closing). */
  clear(): void {
    this.waiting = [];
  }
}
