/**
 * The page's handle on the activation explorer's engine (./engine/engine.ts): started in a
 * dedicated Web Worker (../shared/enginePort.ts), or in the page where a worker cannot start, and
 * then the panel says so. Every message from the engine is checked (./engine/protocol.ts); a worker
 * that dies fails every request still waiting, and every later one.
 *
 * The page holds no TF.js: every number it shows comes through here.
 */
import type { Say } from '../../src/core/i18n';
import type { ActivationName } from '../../src/core/types';
import { autoBackendOrder, gpuKind, gpuRenderer } from '../shared/gpu';
import { pagePort, startEngine as startPortEngine, workerPort, type EnginePort } from '../shared/enginePort';
import type { CurveId } from './curves';
import type { DeadReluResult, PreluRunResult, ZigzagResult } from './demos';
import { plotGrid, type Cost, type CurveResult, type Measure } from './explorer';
import type { CostMethod } from './measure';
import { RACE_PRESETS, type RacePreset, type RaceResult, type RaceRun } from './race';
import {
  ENGINE_NO_BACKEND, ENGINE_SCRIPT, PAGE_ENGINE_GLOBAL, explorerBackends, parseFromEngineMessage,
  type CostMessage, type CurveRequest, type EngineBackend, type ExplorerRequest, type FromEngineMessage, type RaceMessage, type ReadoutRowOut,
  type StartMessage, type ToEngineMessage,
} from './engine/protocol';

/** A request the engine dropped for a newer one of its kind (latest wins): not a failure, nothing to show. */
export class SupersededError extends Error {
  constructor() {
    super('NetLens: superseded by a newer request');
    this.name = 'SupersededError';
  }
}

/** An answer of the engine's, by the type of the request it answers. */
type Answer<T extends FromEngineMessage['type']> = Extract<FromEngineMessage, { type: T }>;

type Port = EnginePort<ToEngineMessage>;
/** Omit over each member of a union (Omit on the union itself would keep only the shared fields). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Waiting {
  resolve: (m: FromEngineMessage) => void;
  reject: (e: Error) => void;
  onProgress?: (run: RaceRun) => void;
}

export class ActivationsEngineClient {
  private nextId = 0;
  /** Set once the engine has died (a worker error): later requests fail at once with it. */
  private fatal: string | undefined;
  private readonly pending = new Map<number, Waiting>();

  constructor(
    private readonly port: Port,
    /** Where TF.js runs: a worker (the panel never freezes) or the page (fallback). */
    readonly where: 'worker' | 'page',
    /** The backend races train on. */
    readonly backend: EngineBackend,
    /** The renderer of the engine's own WebGL, where it has one. */
    readonly renderer: string | undefined,
    /** Words the client's own failures in the page's language. */
    private readonly say: Say,
    /** Why the worker could not start, when `where` is 'page' (the panel words the note around it). */
    readonly workerError?: string,
  ) {}

  /** Called for every valid message after start-up. */
  receive(msg: FromEngineMessage): void {
    if (msg.type === 'started') return;
    if (msg.id === undefined) {
      // A failure not tied to a request: every waiting request fails with it.
      this.failAll(msg.type === 'failed' ? msg.message : this.say('activations.engine.unexpected'));
      return;
    }
    const waiting = this.pending.get(msg.id);
    if (!waiting) return;
    if (msg.type === 'raceProgress') return waiting.onProgress?.(msg.run);
    this.pending.delete(msg.id);
    if (msg.type === 'superseded') waiting.reject(new SupersededError());
    else if (msg.type === 'failed') waiting.reject(new Error(msg.message === ENGINE_NO_BACKEND ? this.say('activations.engine.noBackend') : msg.message));
    else waiting.resolve(msg);
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

  private request(msg: Omit<RaceMessage, 'id'> | Omit<CostMessage, 'id'> | DistributiveOmit<ExplorerRequest, 'id'>, onProgress?: (run: RaceRun) => void): Promise<FromEngineMessage> {
    if (this.fatal) return Promise.reject(new Error(this.say('activations.engine.stopped', { reason: this.fatal })));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.port.send({ ...msg, id } as ToEngineMessage);
    });
  }

  /** Races `activations` on the network of `preset`; `onProgress` gets each run after every check. */
  async race(preset: RacePreset, activations: ActivationName[], onProgress?: (run: RaceRun) => void): Promise<RaceResult> {
    const msg = await this.request({ type: 'race', preset, activations }, onProgress);
    if (msg.type !== 'raceResult') throw new Error(`NetLens: the engine answered a race with ${msg.type}`);
    const { preset: p, initialFingerprint, parameters, backend, runs, stopped } = msg.result;
    const result: RaceResult = { settings: RACE_PRESETS[p], initialFingerprint, parameters, backend, runs };
    if (stopped) result.stopped = true;
    return result;
  }

  /** Ends the race in progress after its current batch; its promise then resolves, marked stopped. */
  stopRace(): void {
    if (!this.fatal) this.port.send({ type: 'stopRace' });
  }

  /** Times every curve on `backend` (or the engine's own backend where that one cannot start); says which it used. */
  async cost(backend: EngineBackend, curves: CurveRequest[], method: CostMethod): Promise<{ backend: EngineBackend; costs: Map<CurveId, Cost> }> {
    const msg = await this.request({ type: 'cost', backend, curves, method });
    if (msg.type !== 'costResult') throw new Error(`NetLens: the engine answered a cost measurement with ${msg.type}`);
    return { backend: msg.backend, costs: new Map(msg.costs.map(({ id, ...c }) => [id, c])) };
  }

  /** The answer to an explorer request, of the type `expected`. */
  private async answer<T extends FromEngineMessage['type']>(msg: DistributiveOmit<ExplorerRequest, 'id'>, expected: T): Promise<Answer<T>> {
    const reply = await this.request(msg);
    if (reply.type !== expected) throw new Error(`NetLens: the engine answered ${msg.type} with ${reply.type}`);
    return reply as Answer<T>;
  }

  /** f, f′ (by tf.grad) and the saturation ranges of each curve on the plot grid. */
  async curves(curves: CurveRequest[]): Promise<CurveResult[]> {
    const reply = await this.answer({ type: 'curves', curves }, 'curvesResult');
    const x = plotGrid();
    return reply.curves.map(({ id, f, df, ranges }) => ({ id, values: { x, f, df }, ranges }));
  }

  /** f(x) and f′(x) of each curve at one exact x. */
  async readout(x: number, curves: CurveRequest[]): Promise<{ x: number; rows: ReadoutRowOut[] }> {
    const reply = await this.answer({ type: 'readout', x, curves }, 'readoutResult');
    return { x: reply.x, rows: reply.rows };
  }

  /** One curve's saturation ranges and mean output over N(0, 1). */
  async measure(curve: CurveRequest): Promise<Measure> {
    return (await this.answer({ type: 'measure', curve }, 'measureResult')).measure;
  }

  /** PReLU's α learned on the two-rings task. */
  async prelu(): Promise<PreluRunResult> {
    return (await this.answer({ type: 'prelu' }, 'preluResult')).result;
  }

  /** The dead-ReLU demo's network trained at `learningRate`: its dead units before and after. */
  async deadRelu(learningRate: number): Promise<DeadReluResult> {
    return (await this.answer({ type: 'deadRelu', learningRate }, 'deadReluResult')).result;
  }

  /** The zig-zag demo: the weights' path and the gradients' signs. */
  async zigzag(positiveInputs: boolean, target: [number, number]): Promise<ZigzagResult> {
    return (await this.answer({ type: 'zigzag', positiveInputs, target }, 'zigzagResult')).result;
  }

  /** Stops the engine; requests still waiting fail with `reason`. */
  dispose(reason = this.say('activations.engine.panelClosed')): void {
    this.die(reason);
    this.port.close();
  }
}

/** Starts a port's engine: resolves with its client once it says which backend it runs. */
export function startEngine(
  port: Port,
  where: 'worker' | 'page',
  request: Omit<StartMessage, 'type'>,
  workerError: string | undefined,
  timeoutMs: number,
  say: Say,
): Promise<ActivationsEngineClient> {
  return startPortEngine(port, {
    parse: parseFromEngineMessage,
    engineName: 'activations engine',
    start: { type: 'start', ...request } satisfies ToEngineMessage,
    timeoutMs,
    timeoutText: say('activations.engine.startTimeout', { seconds: timeoutMs / 1000 }),
    started: (msg) => (msg.type === 'started' ? new ActivationsEngineClient(port, where, msg.backend, msg.renderer, say, workerError) : undefined),
  });
}

export interface ConnectOptions {
  /** dist/webview/ as a webview URI (the page's data-webview-base). */
  base: string;
  /** The page's `t`: words the client's failures. */
  say: Say;
  timeoutMs?: number;
}

/** The explorer's two engines: races and cost timings in one, every other computation in the other. */
export interface ActivationsEngines {
  /** The activation race and the cost timing (minutes of training; timings that must not share the CPU). */
  race: Promise<ActivationsEngineClient>;
  /** The curves, read-outs, measurements and the PReLU, dead-ReLU and zig-zag demos (short, answered at once). */
  explorer: Promise<ActivationsEngineClient>;
}

/**
 * Starts the engines in two workers from the same bundle, or in the page where a worker cannot
 * start. Two workers, so that a slider answers while a race trains for minutes, each on its own
 * backend: races in the order every panel uses (../shared/gpu.ts autoBackendOrder: WebGL on a
 * real GPU, else WASM, with NetLens's training kernels far faster than emulated WebGL or the CPU
 * backend), the explorer's computations on WebGL, else the CPU, as the page computed them before
 * they moved (./engine/protocol.ts explorerBackends). In the page both roles share one engine (one TF.js there, and
 * only one engine at a time may switch its backend), on the races' order.
 */
export function connectActivationsEngines(opts: ConnectOptions): ActivationsEngines {
  const base = opts.base.endsWith('/') ? opts.base : `${opts.base}/`;
  const url = `${base}${ENGINE_SCRIPT}`;
  // The page's WebGL tells the workers': same GPU, same driver, same blocklist.
  const kind = gpuKind(gpuRenderer());
  const raceRequest = { backends: autoBackendOrder({ kind }), wasmBase: base };
  const explorerRequest = { backends: explorerBackends(kind !== 'none'), wasmBase: base };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let inPage: Promise<ActivationsEngineClient> | undefined;
  const connect = async (request: Omit<StartMessage, 'type'>): Promise<ActivationsEngineClient> => {
    let port: Port | undefined;
    try {
      port = await workerPort<ToEngineMessage>(url, ENGINE_SCRIPT, opts.say);
      return await startEngine(port, 'worker', request, undefined, timeoutMs, opts.say);
    } catch (err) {
      port?.close();
      const reason = err instanceof Error ? err.message : String(err);
      console.warn(`NetLens: no worker for the activation explorer's engine (${reason}); it runs in the page`);
      inPage ??= pagePort<ToEngineMessage, FromEngineMessage>(url, PAGE_ENGINE_GLOBAL, ENGINE_SCRIPT, opts.say).then((p) =>
        startEngine(p, 'page', raceRequest, reason, timeoutMs, opts.say),
      );
      return inPage;
    }
  };
  return { race: connect(raceRequest), explorer: connect(explorerRequest) };
}
