/**
 * The Train panel page's handle on its TF.js engine (./engine/engine.ts): started in a dedicated
 * Web Worker (../shared/enginePort.ts), or in the page where a worker cannot start, and then the
 * panel says so. Every message from the engine is checked (./engine/protocol.ts); a dead worker
 * fails every waiting request.
 *
 * No TF.js here: the page bundle stays small and the tensors live with the engine.
 */
import { pagePort, startEngine, workerPort, type EnginePort } from '../shared/enginePort';
import {
  PAGE_TRAIN_ENGINE_GLOBAL, TRAIN_ENGINE_SCRIPT, parseFromTrainEngine,
  type BuiltMessage, type ChosenMessage, type CompareDoneMessage, type EngineWhere, type FromTrainEngine, type RaceDoneMessage, type StartMessage,
  type ToTrainEngine, type TrainedMessage, type TrainEngineRequest, type WeightsResultMessage, type DemoDoneMessage, type LrFoundMessage,
} from './engine/protocol';
import { pageSay } from '../shared/training/pageSay';
import type { Lang } from '../../src/core/i18n/lang';

/** The messages that answer a request; every other message with its id is progress. */
type Answer = ChosenMessage | BuiltMessage | TrainedMessage | RaceDoneMessage | WeightsResultMessage | CompareDoneMessage | DemoDoneMessage | LrFoundMessage;
/** What a running training or race reports before its answer. */
export type Progress = Exclude<FromTrainEngine, Answer | { type: 'started' } | { type: 'failed' }>;
const ANSWERS: ReadonlySet<string> = new Set(['chosen', 'built', 'trained', 'raceDone', 'weightsResult', 'compareDone', 'demoDone', 'lrFound']);

interface Pending {
  resolve: (m: Answer) => void;
  reject: (e: Error) => void;
  onProgress?: (m: Progress) => void;
}

export class TrainEngineClient {
  private nextId = 0;
  /** Set once the engine has died (a worker error): later requests fail at once with it. */
  private fatal: string | undefined;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly port: EnginePort<ToTrainEngine>,
    /** Where TF.js runs, as the engine itself reports it. */
    readonly where: EngineWhere,
    /** Why the worker is not used, when `where` is 'page'. */
    readonly note?: string,
  ) {}

  /** True once the engine has died or been disposed: it answers nothing any more. */
  get stopped(): boolean {
    return this.fatal !== undefined;
  }

  /** Called for every valid message after start-up. */
  receive(msg: FromTrainEngine): void {
    if (msg.type === 'started') return;
    if (msg.id === undefined) {
      // A failure not tied to a request: every waiting request fails with it.
      this.failAll(msg.type === 'failed' ? msg.message : 'NetLens: the engine sent an unexpected message');
      return;
    }
    const waiting = this.pending.get(msg.id);
    if (!waiting) return;
    if (msg.type === 'failed') {
      this.pending.delete(msg.id);
      waiting.reject(new Error(msg.message));
    } else if (ANSWERS.has(msg.type)) {
      this.pending.delete(msg.id);
      waiting.resolve(msg as Answer);
    } else {
      waiting.onProgress?.(msg as Progress);
    }
  }

  private failAll(text: string): void {
    for (const w of this.pending.values()) w.reject(new Error(text));
    this.pending.clear();
  }

  /** The engine cannot answer any more: fail what waits and everything asked later. */
  die(text: string): void {
    this.fatal = text;
    this.failAll(text);
  }

  private request<A extends Answer>(msg: TrainEngineRequest, answer: A['type'], onProgress?: (m: Progress) => void): Promise<A> {
    if (this.fatal) return Promise.reject(new Error(pageSay('train.engine.stopped', { why: this.fatal })));
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.port.send({ ...msg, id } as ToTrainEngine);
    }).then((m) => {
      if (m.type !== answer) throw new Error(`NetLens: the engine answered ${msg.type} with ${m.type}`);
      return m as A;
    });
  }

  choose(msg: Omit<Extract<TrainEngineRequest, { type: 'choose' }>, 'type'>): Promise<ChosenMessage> {
    return this.request({ type: 'choose', ...msg }, 'chosen');
  }

  build(msg: Omit<Extract<TrainEngineRequest, { type: 'build' }>, 'type'>): Promise<BuiltMessage> {
    return this.request({ type: 'build', ...msg }, 'built');
  }

  train(msg: Omit<Extract<TrainEngineRequest, { type: 'train' }>, 'type'>, onProgress: (m: Progress) => void): Promise<TrainedMessage> {
    return this.request({ type: 'train', ...msg }, 'trained', onProgress);
  }

  race(msg: Omit<Extract<TrainEngineRequest, { type: 'race' }>, 'type'>, onProgress: (m: Progress) => void): Promise<RaceDoneMessage> {
    return this.request({ type: 'race', ...msg }, 'raceDone', onProgress);
  }

  /** Trains the spec once per variant from the same initial weights and batches (./engine/compare.ts). */
  compare(msg: Omit<Extract<TrainEngineRequest, { type: 'compare' }>, 'type'>, onProgress: (m: Progress) => void): Promise<CompareDoneMessage> {
    return this.request({ type: 'compare', ...msg }, 'compareDone', onProgress);
  }

  /** The overfitting demo's runs (./overfitDemo.svelte.ts); demoEpoch and demoRun come as progress. */
  overfitDemo(msg: Omit<Extract<TrainEngineRequest, { type: 'overfitDemo' }>, 'type'>, onProgress: (m: Progress) => void): Promise<DemoDoneMessage> {
    return this.request({ type: 'overfitDemo', ...msg }, 'demoDone', onProgress);
  }

  /** The learning-rate range test on the model built last; `lrProgress` messages come before the answer. */
  findLr(msg: Omit<Extract<TrainEngineRequest, { type: 'findLr' }>, 'type'>, onProgress: (m: Progress) => void): Promise<LrFoundMessage> {
    return this.request({ type: 'findLr', ...msg }, 'lrFound', onProgress);
  }

  async weights(spec: Extract<TrainEngineRequest, { type: 'weights' }>['spec']): Promise<WeightsResultMessage['result']> {
    return (await this.request<WeightsResultMessage>({ type: 'weights', spec }, 'weightsResult')).result;
  }

  private lang: Lang | undefined;

  /** Tells the engine the page's language (only when it changed): its texts follow it. */
  language(lang: Lang): void {
    if (this.fatal || lang === this.lang) return;
    this.lang = lang;
    this.port.send({ type: 'lang', lang });
  }

  pause(paused: boolean): void {
    if (!this.fatal) this.port.send({ type: 'pause', paused });
  }

  stop(): void {
    if (!this.fatal) this.port.send({ type: 'stop' });
  }

  /** Stops the engine; requests still waiting fail with `reason`. */
  dispose(reason = 'NetLens: the panel was closed'): void {
    this.die(reason);
    this.port.close();
  }
}

/** Starts a port's engine: resolves with its client once the engine says it runs (and where). */
export function startTrainEngine(port: EnginePort<ToTrainEngine>, request: Omit<StartMessage, 'type'>, note: string | undefined, timeoutMs: number): Promise<TrainEngineClient> {
  return startEngine(port, {
    parse: parseFromTrainEngine,
    engineName: 'Train engine',
    start: { type: 'start', ...request },
    timeoutMs,
    timeoutText: pageSay('train.engine.notStarted', { seconds: timeoutMs / 1000 }),
    started: (msg) => (msg.type === 'started' ? new TrainEngineClient(port, msg.where, note) : undefined),
  });
}

export interface ConnectOptions {
  /** dist/webview/ as a webview URI (the page's data-webview-base). */
  base: string;
  /** The page's WebGL renderer (webview/shared/gpu.ts gpuRenderer); undefined without WebGL. */
  renderer: string | undefined;
  timeoutMs?: number;
}

/** Starts the engine in a worker, or in the page where that fails. */
export async function connectTrainEngine(opts: ConnectOptions): Promise<TrainEngineClient> {
  const base = opts.base.endsWith('/') ? opts.base : `${opts.base}/`;
  const url = `${base}${TRAIN_ENGINE_SCRIPT}`;
  const request = { wasmBase: base, ...(opts.renderer !== undefined ? { renderer: opts.renderer } : {}) };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let port: EnginePort<ToTrainEngine> | undefined;
  try {
    port = await workerPort<ToTrainEngine>(url, TRAIN_ENGINE_SCRIPT, pageSay);
    return await startTrainEngine(port, request, undefined, timeoutMs);
  } catch (err) {
    port?.close();
    const note = err instanceof Error ? err.message : String(err);
    console.warn(`NetLens: no worker for the Train engine (${note}): training runs in the page`);
    return startTrainEngine(await pagePort<ToTrainEngine, FromTrainEngine>(url, PAGE_TRAIN_ENGINE_GLOBAL, TRAIN_ENGINE_SCRIPT, pageSay), request, note, timeoutMs);
  }
}
