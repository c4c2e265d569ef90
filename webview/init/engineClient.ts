/**
 * The page's handle on the init lab engine (./engine/engine.ts). It starts the engine in a dedicated
 * Web Worker: the worker's script is fetched from the extension's own dist/webview/ and started
 * from a blob: URL (VS Code serves webview resources through a service worker that a Worker's own
 * script request does not go through; the page's CSP allows exactly `worker-src blob:` and
 * `connect-src` to its own resources). Where a worker cannot start, the same bundle is loaded
 * into the page with the page's nonce and runs there, and the panel says so.
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
import type { Say } from '../../src/core/i18n';
import { autoBackendOrder, describeGpu, gpuKind, gpuRenderer } from '../shared/gpu';
import { LabError, labText, labTextOf, type LabText } from './labText';

export interface LabEngineClient {
  /** Where TF.js runs: a worker (the panel never freezes) or the page (fallback). */
  readonly where: 'worker' | 'page';
  readonly backend: EngineBackend;
  /** Why the backends were tried in this order (the setting, or what auto saw): render with `backendWhy`. */
  readonly why: BackendWhy;
  /** Why the worker is not used, when `where` is 'page'. */
  readonly note?: LabText;
  experiment(net: NetConfig, init: InitializerSpec): Promise<{ result: LabResult; numTensors: number }>;
  symmetry(net: NetConfig, init: InitializerSpec): Promise<SymmetryResult>;
  /** Stops the engine; requests still waiting fail with `reason`. */
  dispose(reason?: LabText): void;
}

/** How the client reaches an engine: a worker, the page itself, or (in tests) a direct call. */
export interface Port {
  send(msg: ToEngineMessage): void;
  /** Raw messages from the engine, and fatal errors of the port itself. */
  listen(onMessage: (raw: unknown) => void, onError: (text: LabText) => void): void;
  close(): void;
}

type EngineFactory = (post: (msg: FromEngineMessage) => void) => (raw: unknown) => void;

async function workerPort(url: string): Promise<Port> {
  const response = await fetch(url);
  if (!response.ok) throw new LabError(labText('init.engine.loadFailed', { script: ENGINE_SCRIPT, status: response.status }));
  const blobUrl = URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(blobUrl);
  } finally {
    // The worker has its own reference to the script once constructed.
    setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  }
  return {
    send: (msg) => worker.postMessage(msg),
    listen: (onMessage, onError) => {
      worker.onmessage = (e) => onMessage(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        onError(e.message ? labText('init.engine.error', { detail: e.message }) : labText('init.engine.workerFailed'));
      };
    },
    close: () => worker.terminate(),
  };
}

async function pagePort(url: string): Promise<Port> {
  const global = globalThis as Record<string, unknown>;
  if (typeof global[PAGE_ENGINE_GLOBAL] !== 'function') {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      // The page's CSP runs only scripts carrying its nonce; ours is on the page's own <script>.
      script.nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
      script.src = url;
      script.onload = () => resolve();
      script.onerror = () => reject(new LabError(labText('init.engine.loadFailedPage', { script: ENGINE_SCRIPT })));
      document.head.appendChild(script);
    });
  }
  const create = global[PAGE_ENGINE_GLOBAL] as EngineFactory;
  let deliver: (raw: unknown) => void = () => {};
  // Messages are copied and delivered on a later task, as postMessage would: same semantics
  // (and the same guards) whichever side of a worker boundary the engine is on.
  const engine = create((msg) => setTimeout(() => deliver(structuredClone(msg))));
  return {
    send: (msg) => setTimeout(() => engine(structuredClone(msg))),
    listen: (onMessage) => {
      deliver = onMessage;
    },
    close: () => {},
  };
}

class Client implements LabEngineClient {
  private nextId = 0;
  /** Set once the engine has died (a worker error): later requests fail at once with it. */
  private fatal: LabText | undefined;
  private readonly pending = new Map<number, { resolve: (m: FromEngineMessage) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly port: Port,
    readonly where: 'worker' | 'page',
    readonly backend: EngineBackend,
    readonly note: LabText | undefined,
    readonly why: BackendWhy,
  ) {}

  /** Called for every valid message after start-up. */
  receive(msg: FromEngineMessage): void {
    if (msg.type === 'started') return;
    if (msg.id === undefined) {
      // A failure not tied to a request: every waiting request fails with it.
      this.failAll(msg.type === 'failed' ? msg.reason : labText('init.engine.unexpected', { type: msg.type }));
      return;
    }
    const waiting = this.pending.get(msg.id);
    if (!waiting) return;
    this.pending.delete(msg.id);
    if (msg.type === 'failed') waiting.reject(new LabError(msg.reason));
    else waiting.resolve(msg);
  }

  failAll(text: LabText): void {
    for (const w of this.pending.values()) w.reject(new LabError(text));
    this.pending.clear();
  }

  /** The engine cannot answer any more: fail what waits and everything asked later. */
  die(text: LabText): void {
    this.fatal = text;
    this.failAll(text);
  }

  private request(msg: { type: 'experiment' | 'symmetry'; net: NetConfig; init: InitializerSpec }): Promise<FromEngineMessage> {
    // The reason it stopped says it all (the panel closed, the backend changed, the worker died).
    if (this.fatal) return Promise.reject(new LabError(this.fatal));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.send({ ...msg, id });
    });
  }

  async experiment(net: NetConfig, init: InitializerSpec): Promise<{ result: LabResult; numTensors: number }> {
    const msg = await this.request({ type: 'experiment', net, init });
    if (msg.type !== 'experimentResult') throw new LabError(labText('init.engine.unexpected', { type: msg.type }));
    return { result: msg.result, numTensors: msg.numTensors };
  }

  async symmetry(net: NetConfig, init: InitializerSpec): Promise<SymmetryResult> {
    const msg = await this.request({ type: 'symmetry', net, init });
    if (msg.type !== 'symmetryResult') throw new LabError(labText('init.engine.unexpected', { type: msg.type }));
    return msg.result;
  }

  dispose(reason: LabText = labText('init.engine.panelClosed')): void {
    this.die(reason);
    this.port.close();
  }
}

/** Starts a port's engine: resolves with its client once it says which backend it runs. */
export function start(
  port: Port,
  where: 'worker' | 'page',
  request: Omit<StartMessage, 'type'>,
  note: LabText | undefined,
  timeoutMs: number,
  why: BackendWhy = { setting: 'auto', renderer: undefined },
): Promise<Client> {
  return new Promise((resolve, reject) => {
    let client: Client | undefined;
    const timer = setTimeout(() => reject(new LabError(labText('init.engine.startTimeout', { seconds: timeoutMs / 1000 }))), timeoutMs);
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
          reject(new LabError(msg.type === 'failed' ? msg.reason : labText('init.engine.unexpected', { type: msg.type })));
        }
      },
      (text) => {
        clearTimeout(timer);
        if (client) client.die(text);
        else reject(new LabError(text));
      },
    );
    port.send({ type: 'start', ...request });
  });
}

/** What decided the backend order: the setting, and for `auto` the page's WebGL renderer. */
export interface BackendWhy {
  setting: BackendPreference;
  renderer: string | undefined;
}

/**
 * The order the engine tries backends in: auto's order and wording are the ones every panel uses
 * (webview/shared/gpu.ts; measured here: 2.7 s per lecture recompute on WASM against 4.3 s on
 * SwiftShader's WebGL and 14.5 s on the CPU backend). A named backend comes first, the rest of
 * auto's order behind it in case it cannot start.
 */
export function backendOrder(preference: BackendPreference, renderer: string | undefined): { backends: EngineBackend[]; why: BackendWhy } {
  const auto = autoBackendOrder({ kind: gpuKind(renderer) });
  const why = { setting: preference, renderer };
  if (preference === 'auto') return { backends: auto, why };
  return { backends: [preference, ...auto.filter((b) => b !== preference)], why };
}

/** Why the engine tried its backends in this order, in `say`'s language. */
export function backendWhy(why: BackendWhy, say: Say): string {
  return why.setting === 'auto'
    ? say('init.backend.whyAuto', { sentence: describeGpu(why.renderer, say).sentence })
    : say('init.backend.whySetting', { backend: why.setting });
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
    port = await workerPort(url);
    return await start(port, 'worker', request, undefined, timeoutMs, why);
  } catch (err) {
    port?.close();
    const note = labTextOf(err);
    console.warn('NetLens: no worker for the init lab engine; recomputes run in the page', err);
    return start(await pagePort(url), 'page', request, note, timeoutMs, why);
  }
}
