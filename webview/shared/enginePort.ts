/**
 * How a page reaches a TF.js compute engine (the init lab's, the Train panel's): in a dedicated
 * Web Worker, whose script is fetched from the extension's own dist/webview/ and started from a
 * blob: URL (VS Code serves webview resources through a service worker that a Worker's own
 * script request does not go through; the page's CSP allows exactly `worker-src blob:` and
 * `connect-src` to its own resources), or, where a worker cannot start, in the page itself: the
 * same bundle loaded with the page's nonce, which then sets a global engine factory.
 *
 * No TF.js here: the page bundles that use this stay small. Failures are said with `say` (the
 * page's renderer), since they reach the panel as the reason it runs without a worker.
 */
import type { Say } from '../../src/core/i18n';

/** A channel to an engine: messages of type `T` in, raw (unchecked) messages out. */
export interface Port<T> {
  send(msg: T): void;
  /** Raw messages from the engine, and fatal errors of the port itself. */
  listen(onMessage: (raw: unknown) => void, onError: (text: string) => void): void;
  close(): void;
}

/** What an engine bundle sets on the page: given where to post, returns the function that takes messages. */
export type EngineFactory<From> = (post: (msg: From) => void) => (raw: unknown) => void;

/** Starts `script` (a URL under dist/webview/) in a dedicated worker; rejects where that is refused. */
export async function workerPort<T>(url: string, script: string, say: Say): Promise<Port<T>> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(say('webview.engine.loadFailed', { script, status: response.status }));
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

/**
 * Loads `script` into the page (once) and runs its engine there. Messages are copied and
 * delivered on a later task, as postMessage would: the same semantics (and the same guards)
 * whichever side of a worker boundary the engine is on.
 */
export async function pagePort<T, From>(url: string, script: string, globalName: string, say: Say): Promise<Port<T>> {
  const global = globalThis as Record<string, unknown>;
  if (typeof global[globalName] !== 'function') {
    await new Promise<void>((resolve, reject) => {
      const element = document.createElement('script');
      // The page's CSP runs only scripts carrying its nonce; ours is on the page's own <script>.
      element.nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
      element.src = url;
      element.onload = () => resolve();
      element.onerror = () => reject(new Error(say('webview.engine.loadFailedPage', { script })));
      document.head.appendChild(element);
    });
  }
  const create = global[globalName] as EngineFactory<From>;
  let deliver: (raw: unknown) => void = () => {};
  const engine = create((msg) => setTimeout(() => deliver(structuredClone(msg))));
  return {
    send: (msg) => setTimeout(() => engine(structuredClone(msg))),
    listen: (onMessage) => {
      deliver = onMessage;
    },
    close: () => {},
  };
}
