/**
 * The page's handle on the init lab engine (./engine/engine.ts). It starts the engine in a dedicated
 * Web Worker (../shared/enginePort.ts); where a worker cannot start, the same bundle runs in the
 * page, and the panel says so.
 *
 * No TF.js here: the page bundle stays small and the tensors live with the engine.
 */
import type { InitializerSpec } from '../../src/core/types';
import type { BackendPreference } from '../../src/protocol/common';
import type { LabResult, NetConfig, SymmetryResult } from './labConfig';
import {
  ENGINE_SCRIPT,
  PAGE_ENGINE_GLOBAL,
  parseFromEngineMessage,
  type EngineBackend,
  type FromEngineMessage,
  type StartMessage,
  type ToEngineMessage,
} from './engine/protocol';
import { autoBackendOrder, describeGpu, gpuRenderer } from '../shared/gpu';
import { pagePort, workerPort, type Port as SharedPort } from '../shared/enginePort';

export interface LabEngineClient {
  /** Where TF.js runs: a worker (the panel never freezes) or the page (fallback). */
  readonly where: 'worker' | 'page';
  readonly backend: EngineBackend;
  /** Why the backends were tried in this order (the setting, or what auto saw). */
  readonly why: string;
  /** Why the worker is not used, when `where` is 'page'. */
  readonly note?: string;
  experiment(net: NetConfig, init: InitializerSpec): Promise<{ result: LabResult; numTensors: number }>;
  symmetry(net: NetConfig, init: InitializerSpec): Promise<SymmetryResult>;
  /** Stops the engine; requests still waiting fail with `reason`. */
  dispose(reason?: string): void;
}

/** How the client reaches an engine: a worker, the page itself, or (in tests) a direct call. */
export type Port = SharedPort<ToEngineMessage>;

class Client implements LabEngineClient {
  private nextId = 0;
  /** Set once the engine has died (a worker error): later requests fail at once with it. */
  private fatal: string | undefined;
  private readonly pending = new Map<number, { resolve: (m: FromEngineMessage) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly port: Port,
    readonly where: 'worker' | 'page',
    readonly backend: EngineBackend,
    readonly note: string | undefined,
    readonly why: string,
  ) {}

  /** Called for every valid message after start-up. */
  receive(msg: FromEngineMessage): void {
    if (msg.type === 'started') return;
    if (msg.id === undefined) {
      // A failure not tied to a request: every waiting request fails with it.
      this.failAll(msg.type === 'failed' ? msg.message : 'the engine sent an unexpected message');
      return;
    }
    const waiting = this.pending.get(msg.id);
    if (!waiting) return;
    this.pending.delete(msg.id);
    if (msg.type === 'failed') waiting.reject(new Error(msg.message));
    else waiting.resolve(msg);
  }

  failAll(text: string): void {
    for (const w of this.pending.values()) w.reject(new Error(text));
    this.pending.clear();
  }

  /** The engine cannot answer any more: fail what waits and everything asked later. */
  die(text: string): void {
    this.fatal = text;
    this.failAll(text);
  }

  private request(msg: { type: 'experiment' | 'symmetry'; net: NetConfig; init: InitializerSpec }): Promise<FromEngineMessage> {
    if (this.fatal) return Promise.reject(new Error(`the TF.js engine stopped: ${this.fatal}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.send({ ...msg, id });
    });
  }

  async experiment(net: NetConfig, init: InitializerSpec): Promise<{ result: LabResult; numTensors: number }> {
    const msg = await this.request({ type: 'experiment', net, init });
    if (msg.type !== 'experimentResult') throw new Error(`the engine answered an experiment with ${msg.type}`);
    return { result: msg.result, numTensors: msg.numTensors };
  }

  async symmetry(net: NetConfig, init: InitializerSpec): Promise<SymmetryResult> {
    const msg = await this.request({ type: 'symmetry', net, init });
    if (msg.type !== 'symmetryResult') throw new Error(`the engine answered the symmetry demo with ${msg.type}`);
    return msg.result;
  }

  dispose(reason = 'the panel was closed'): void {
    this.die(reason);
    this.port.close();
  }
}

/** Starts a port's engine: resolves with its client once it says which backend it runs. */
export function start(
  port: Port,
  where: 'worker' | 'page',
  request: Omit<StartMessage, 'type'>,
  note: string | undefined,
  timeoutMs: number,
  why = '',
): Promise<Client> {
  return new Promise((resolve, reject) => {
    let client: Client | undefined;
    const timer = setTimeout(() => reject(new Error(`the engine did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    port.listen(
      (raw) => {
        const msg = parseFromEngineMessage(raw);
        if (!msg) {
          console.warn('NetLens: ignored a malformed message from the init lab engine', raw);
          return;
        }
        if (client) return client.receive(msg);
        clearTimeout(timer);
        if (msg.type === 'started') {
          client = new Client(port, where, msg.backend, note, why);
          resolve(client);
        } else {
          reject(new Error(msg.type === 'failed' ? msg.message : `the engine sent ${msg.type} before starting`));
        }
      },
      (text) => {
        clearTimeout(timer);
        if (client) client.die(text);
        else reject(new Error(text));
      },
    );
    port.send({ type: 'start', ...request });
  });
}

/**
 * The order the engine tries backends in: auto's order and wording are the ones every panel uses
 * (webview/shared/gpu.ts; measured here: 2.7 s per lecture recompute on WASM against 4.3 s on
 * SwiftShader's WebGL and 14.5 s on the CPU backend). A named backend comes first, the rest of
 * auto's order behind it in case it cannot start.
 */
export function backendOrder(preference: BackendPreference, renderer: string | undefined): { backends: EngineBackend[]; why: string } {
  const gpu = describeGpu(renderer);
  const auto = autoBackendOrder(gpu);
  if (preference === 'auto') return { backends: auto, why: `auto: ${gpu.sentence}` };
  return { backends: [preference, ...auto.filter((b) => b !== preference)], why: `netlens.initLab.backend is ${preference}.` };
}

export interface ConnectOptions {
  /** dist/webview/ as a webview URI (the page's data-webview-base). */
  base: string;
  /** The netlens.initLab.backend setting. */
  preference?: BackendPreference;
  timeoutMs?: number;
}

/** Starts the engine in a worker, or in the page where that fails. */
export async function connectLabEngine(opts: ConnectOptions): Promise<LabEngineClient> {
  const base = opts.base.endsWith('/') ? opts.base : `${opts.base}/`;
  const url = `${base}${ENGINE_SCRIPT}`;
  // The page's WebGL tells the worker's: same GPU, same driver, same blocklist.
  const { backends, why } = backendOrder(opts.preference ?? 'auto', gpuRenderer());
  const request = { backends, wasmBase: base };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let port: Port | undefined;
  try {
    port = await workerPort<ToEngineMessage>(url, ENGINE_SCRIPT);
    return await start(port, 'worker', request, undefined, timeoutMs, why);
  } catch (err) {
    port?.close();
    const note = `no worker (${err instanceof Error ? err.message : String(err)}): recomputes run in the page and may pause it`;
    console.warn(`NetLens: ${note}`);
    return start(await pagePort<ToEngineMessage, FromEngineMessage>(url, ENGINE_SCRIPT, PAGE_ENGINE_GLOBAL), 'page', request, note, timeoutMs, why);
  }
}
