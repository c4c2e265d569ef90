// Entry of dist/webview/data-engine.js, the data explorer's engine. In a dedicated worker (no
// document) it serves the page's messages; loaded into the page itself (the fallback where a
// worker cannot start) it only makes createDataEngine available to ../engineClient.ts.
import { createDataEngine } from './engine';
import { PAGE_ENGINE_GLOBAL } from './protocol';

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

if (typeof document === 'undefined') {
  const scope = globalThis as unknown as WorkerScope;
  const handle = createDataEngine((msg) => scope.postMessage(msg));
  scope.onmessage = (event) => handle(event.data);
} else {
  (globalThis as Record<string, unknown>)[PAGE_ENGINE_GLOBAL] = createDataEngine;
}
