/**
 * How a page reaches a compute engine bundle (dist/webview/<name>-engine.js): in a dedicated Web
 * Worker, or, where a worker cannot start, in the page itself. The worker's script is fetched from
 * the extension's own dist/webview/ and started from a blob: URL (VS Code serves webview resources
 * through a service worker that a Worker's own script request does not go through; the page's CSP
 * allows exactly `worker-src blob:` and `connect-src` to its own resources: src/webview-host/html.ts).
 * The fallback loads the same bundle into the page with the page's nonce; the bundle then sets a
 * global factory instead of listening (see webview/activations/engine/main.ts).
 *
 * The init lab's webview/init/engineClient.ts has the same two ports written for its engine;
 * new engines use these. Their failures are worded by the caller's `say` (the page's language).
 */
import type { Say } from '../../src/core/i18n';

/** How a client reaches an engine: a worker, the page itself, or (in tests) a direct call. */
export interface EnginePort<ToEngine> {
  send(msg: ToEngine): void;
  /** Raw messages from the engine, and fatal errors of the port itself (a worker that died). */
  listen(onMessage: (raw: unknown) => void, onError: (text: string) => void): void;
  close(): void;
}

/** What an engine bundle loaded into the page exposes: give it a `post`, get its message handler. */
export type EngineFactory<FromEngine> = (post: (msg: FromEngine) => void) => (raw: unknown) => void;

/** Starts `url`'s script in a dedicated worker; rejects where the page may not (CSP, no Worker). */
export async function workerPort<ToEngine>(url: string, scriptName: string, say: Say): Promise<EnginePort<ToEngine>> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(say('webview.engine.loadFailed', { script: scriptName, status: response.status }));
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
        onError(e.message || say('webview.engine.workerFailed'));
      };
    },
    close: () => worker.terminate(),
  };
}

/** Loads `url`'s script into the page (with the page's nonce) and runs its engine there. */
export async function pagePort<ToEngine, FromEngine>(url: string, globalName: string, scriptName: string, say: Say): Promise<EnginePort<ToEngine>> {
  const global = globalThis as Record<string, unknown>;
  if (typeof global[globalName] !== 'function') {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      // The page's CSP runs only scripts carrying its nonce; ours is on the page's own <script>.
      script.nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
      script.src = url;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(say('webview.engine.loadFailedPage', { script: scriptName })));
      document.head.appendChild(script);
    });
  }
  if (typeof global[globalName] !== 'function') throw new Error(`NetLens: ${scriptName} loaded but set no ${globalName}`);
  const create = global[globalName] as EngineFactory<FromEngine>;
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

/** What an engine client does with the engine's messages once it runs, and when its port dies. */
export interface StartedEngine<FromEngine> {
  receive(msg: FromEngine): void;
  die(text: string): void;
}

/** The parts of starting an engine that differ between the apps. */
export interface EngineStart<ToEngine, FromEngine extends { type: string }, Client extends StartedEngine<FromEngine>> {
  /** The app's guard for the engine's messages (engine/protocol.ts). */
  parse: (raw: unknown) => FromEngine | undefined;
  /** The engine's name in a console line about a malformed message. */
  engineName: string;
  /** The start request the engine answers with `started` (or `failed`). */
  start: ToEngine;
  timeoutMs: number;
  /** Why it did not start in time, in the page's language. */
  timeoutText: string;
  /** Builds the client from the `started` message; undefined for any other message. */
  started: (msg: FromEngine) => Client | undefined;
}

/**
 * Starts a port's engine: resolves with its client once the engine says it runs; rejects with the
 * engine's `failed` text, on any other first message, on a dead port, or after the timeout.
 * Later messages go to the client, and a port that dies later kills the client.
 */
export function startEngine<ToEngine, FromEngine extends { type: string }, Client extends StartedEngine<FromEngine>>(
  port: EnginePort<ToEngine>,
  how: EngineStart<ToEngine, FromEngine, Client>,
): Promise<Client> {
  return new Promise((resolve, reject) => {
    let client: Client | undefined;
    const timer = setTimeout(() => reject(new Error(how.timeoutText)), how.timeoutMs);
    port.listen(
      (raw) => {
        const msg = how.parse(raw);
        if (!msg) {
          console.warn(`NetLens: ignored a malformed message from the ${how.engineName}`, raw);
          return;
        }
        if (client) return client.receive(msg);
        clearTimeout(timer);
        client = how.started(msg);
        if (client) resolve(client);
        else {
          const failed = msg.type === 'failed' ? (msg as { message?: unknown }).message : undefined;
          reject(new Error(typeof failed === 'string' ? failed : `NetLens: the engine sent ${msg.type} before starting`));
        }
      },
      (text) => {
        clearTimeout(timer);
        if (client) client.die(text);
        else reject(new Error(text));
      },
    );
    port.send(how.start);
  });
}
