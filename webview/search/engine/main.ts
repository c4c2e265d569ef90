// Entry of dist/webview/search-engine.js, the search panel's TF.js engine. In a dedicated worker
// (no document) it serves the page's messages; loaded into the page itself (the fallback where a
// worker cannot start) it only makes its factory available to ../engineClient.ts.
import { createSearchEngine } from './engine';
import { PAGE_SEARCH_ENGINE_GLOBAL } from './protocol';

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

if (typeof document === 'undefined') {
  const scope = globalThis as unknown as WorkerScope;
  const handle = createSearchEngine((msg) => scope.postMessage(msg));
  scope.onmessage = (event) => handle(event.data);
} else {
  (globalThis as Record<string, unknown>)[PAGE_SEARCH_ENGINE_GLOBAL] = createSearchEngine;
}
