// Entry of dist/webview/activations-engine.js, the activation explorer's TF.js engine. In a
// dedicated worker (no document) it serves the page's messages; loaded into the page itself (the
// fallback where a worker cannot start) it only makes createActivationsEngine available to
// ../engineClient.ts.
import { createActivationsEngine } from './engine';
import { PAGE_ENGINE_GLOBAL } from './protocol';

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

if (typeof document === 'undefined') {
  const scope = globalThis as unknown as WorkerScope;
  const handle = createActivationsEngine((msg) => scope.postMessage(msg));
  scope.onmessage = (event) => handle(event.data);
} else {
  (globalThis as Record<string, unknown>)[PAGE_ENGINE_GLOBAL] = createActivationsEngine;
}
