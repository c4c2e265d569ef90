/**
 * The page's handle on the search engine (./engine/engine.ts): started in a dedicated Web Worker
 * (../shared/enginePort.ts), or in the page where a worker cannot start. Every message from the
 * engine is checked (./engine/protocol.ts); a worker that dies fails the trial waiting and every
 * later one.
 */
import type { Lang, Say } from '../../src/core/i18n';
import { autoBackendOrder, gpuKind, gpuRenderer } from '../shared/gpu';
import { pagePort, startEngine, workerPort, type EnginePort } from '../shared/enginePort';
import type { TrialResult } from './search';
import {
  PAGE_SEARCH_ENGINE_GLOBAL, SEARCH_ENGINE_SCRIPT, SEARCH_NO_BACKEND, parseFromSearchEngine,
  type EngineBackend, type EpochMessage, type FromSearchEngine, type ToSearchEngine, type TrialMessage,
} from './engine/protocol';

type Port = EnginePort<ToSearchEngine>;

interface Waiting {
  resolve: (r: TrialResult | 'stopped') => void;
  reject: (e: Error) => void;
  onEpoch?: (m: EpochMessage) => void;
}

export class SearchEngineClient {
  private nextId = 0;
  private fatal: string | undefined;
  private readonly pending = new Map<number, Waiting>();

  /** `order`: the backends asked for, in order; `backend` is the first of them that started. */
  constructor(private readonly port: Port, readonly where: 'worker' | 'page', readonly backend: EngineBackend, readonly order: readonly EngineBackend[], private readonly say: Say) {}

  receive(msg: FromSearchEngine): void {
    if (msg.type === 'started') return;
    if (msg.id === undefined) {
      for (const w of this.pending.values()) w.reject(new Error(msg.type === 'failed' ? msg.message : this.say('search.engine.unexpected')));
      this.pending.clear();
      return;
    }
    const waiting = this.pending.get(msg.id);
    if (!waiting) return;
    if (msg.type === 'epoch') return waiting.onEpoch?.(msg);
    this.pending.delete(msg.id);
    if (msg.type === 'failed') waiting.reject(new Error(msg.message === SEARCH_NO_BACKEND ? this.say('search.engine.noBackend') : msg.message));
    else waiting.resolve(msg.stopped ? 'stopped' : msg.result);
  }

  die(text: string): void {
    this.fatal = text;
    for (const w of this.pending.values()) w.reject(new Error(text));
    this.pending.clear();
  }

  /** Trains one trial; resolves with its result, or 'stopped' when `stop` ended it. */
  trial(msg: Omit<TrialMessage, 'id' | 'type'>, onEpoch?: (m: EpochMessage) => void): Promise<TrialResult | 'stopped'> {
    if (this.fatal) return Promise.reject(new Error(this.fatal));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onEpoch });
      this.port.send({ type: 'trial', id, ...msg });
    });
  }

  /** Ends the running trial after its current batch. */
  stop(): void {
    if (!this.fatal) this.port.send({ type: 'stop' });
  }

  dispose(): void {
    this.die(this.say('search.engine.closed'));
    this.port.close();
  }
}

function start(port: Port, where: 'worker' | 'page', request: Omit<Extract<ToSearchEngine, { type: 'start' }>, 'type'>, say: Say): Promise<SearchEngineClient> {
  return startEngine(port, {
    parse: parseFromSearchEngine,
    engineName: 'search engine',
    start: { type: 'start', ...request },
    timeoutMs: 60_000,
    timeoutText: say('search.engine.startTimeout'),
    started: (msg) => (msg.type === 'started' ? new SearchEngineClient(port, where, msg.backend, request.backends, say) : undefined),
  });
}

/** Starts the engine in a worker, or in the page where that fails; backends in the panels' order (../shared/gpu.ts). */
export async function connectSearchEngine(base: string, lang: Lang, say: Say): Promise<SearchEngineClient> {
  const root = base.endsWith('/') ? base : `${base}/`;
  const url = `${root}${SEARCH_ENGINE_SCRIPT}`;
  const request = { backends: autoBackendOrder({ kind: gpuKind(gpuRenderer()) }), wasmBase: root, lang };
  let port: Port | undefined;
  try {
    port = await workerPort<ToSearchEngine>(url, SEARCH_ENGINE_SCRIPT, say);
    return await start(port, 'worker', request, say);
  } catch (err) {
    port?.close();
    console.warn(`NetLens: no worker for the search engine (${err instanceof Error ? err.message : String(err)}); it runs in the page`);
    return start(await pagePort<ToSearchEngine, FromSearchEngine>(url, PAGE_SEARCH_ENGINE_GLOBAL, SEARCH_ENGINE_SCRIPT, say), 'page', request, say);
  }
}
