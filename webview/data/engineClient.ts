/**
 * The page's handle on the data explorer's engine (./engine/engine.ts): started in a dedicated
 * Web Worker (../shared/enginePort.ts), or in the page where a worker cannot start. Every message
 * from the engine is checked (./engine/protocol.ts); a worker that dies fails every request still
 * waiting, and every later one.
 */
import type { Say } from '../../src/core/i18n';
import { pagePort, startEngine, workerPort, type EnginePort } from '../shared/enginePort';
import type { BnDemoResult } from './bnDemo';
import type { StatsResult } from './explore';
import {
  ENGINE_SCRIPT, PAGE_ENGINE_GLOBAL, parseFromEngineMessage,
  type BnMessage, type FailedMessage, type FromEngineMessage, type StatsMessage, type ToEngineMessage,
} from './engine/protocol';

type Port = EnginePort<ToEngineMessage>;

interface Waiting {
  resolve: (m: FromEngineMessage) => void;
  reject: (e: Error) => void;
}

export class DataEngineClient {
  private nextId = 0;
  private fatal: string | undefined;
  private readonly pending = new Map<number, Waiting>();

  constructor(
    private readonly port: Port,
    /** Where the engine runs: a worker (the panel never freezes) or the page (fallback). */
    readonly where: 'worker' | 'page',
    readonly backend: string,
    private readonly say: Say,
  ) {}

  /** The engine's failure in the page's words. */
  private failureText(msg: FailedMessage): string {
    if (msg.reason === 'noBackend') return this.say('data.engine.noBackend');
    if (msg.reason === 'malformed') return this.say('data.engine.malformed');
    return this.say('data.engine.failed', { detail: msg.detail });
  }

  receive(msg: FromEngineMessage): void {
    if (msg.type === 'started') return;
    if (msg.id === undefined) {
      const text = msg.type === 'failed' ? this.failureText(msg) : this.say('data.engine.malformed');
      for (const w of this.pending.values()) w.reject(new Error(text));
      this.pending.clear();
      return;
    }
    const waiting = this.pending.get(msg.id);
    if (!waiting) return;
    this.pending.delete(msg.id);
    if (msg.type === 'failed') waiting.reject(new Error(this.failureText(msg)));
    else waiting.resolve(msg);
  }

  die(text: string): void {
    this.fatal = text;
    for (const w of this.pending.values()) w.reject(new Error(text));
    this.pending.clear();
  }

  private request(msg: Omit<StatsMessage, 'id'> | Omit<BnMessage, 'id'>): Promise<FromEngineMessage> {
    if (this.fatal) return Promise.reject(new Error(this.say('data.engine.stopped', { reason: this.fatal })));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.send({ ...msg, id } as ToEngineMessage);
    });
  }

  async stats(req: Omit<StatsMessage, 'id' | 'type'>): Promise<StatsResult> {
    const msg = await this.request({ type: 'stats', ...req });
    if (msg.type !== 'statsResult') throw new Error(`NetLens: the engine answered statistics with ${msg.type}`);
    return msg.result;
  }

  async batchNorm(momentum: number, seed: number): Promise<{ result: BnDemoResult; numTensors: number }> {
    const msg = await this.request({ type: 'bn', momentum, seed });
    if (msg.type !== 'bnResult') throw new Error(`NetLens: the engine answered the batch-normalization demo with ${msg.type}`);
    return { result: msg.result, numTensors: msg.numTensors };
  }

  dispose(): void {
    this.die(this.say('data.engine.closed'));
    this.port.close();
  }
}

function start(port: Port, where: 'worker' | 'page', say: Say, timeoutMs: number): Promise<DataEngineClient> {
  return startEngine(port, {
    parse: parseFromEngineMessage,
    engineName: 'data engine',
    start: { type: 'start' } satisfies ToEngineMessage,
    timeoutMs,
    timeoutText: say('data.engine.startTimeout', { seconds: timeoutMs / 1000 }),
    started: (msg) => (msg.type === 'started' ? new DataEngineClient(port, where, msg.backend, say) : undefined),
  });
}

/** Starts the engine in a worker, or in the page where that fails (the panel then says so). */
export async function connectDataEngine(base: string, say: Say, timeoutMs = 60_000): Promise<DataEngineClient> {
  const root = base.endsWith('/') ? base : `${base}/`;
  const url = `${root}${ENGINE_SCRIPT}`;
  let port: Port | undefined;
  try {
    port = await workerPort<ToEngineMessage>(url, ENGINE_SCRIPT, say);
    return await start(port, 'worker', say, timeoutMs);
  } catch (err) {
    port?.close();
    console.warn(`NetLens: no worker for the data explorer's engine (${err instanceof Error ? err.message : String(err)}); it runs in the page`);
    return start(await pagePort<ToEngineMessage, FromEngineMessage>(url, PAGE_ENGINE_GLOBAL, ENGINE_SCRIPT, say), 'page', say, timeoutMs);
  }
}
