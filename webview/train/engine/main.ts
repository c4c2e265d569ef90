// Entry of dist/webview/train-engine.js, the Train panel's TF.js engine. In a dedicated worker (no
// document) it serves the page's messages; loaded into the page itself (the fallback where a
// worker cannot start) it only makes its factory available to ../engineClient.ts.
import { createTrainEngine } from './engine';
import { PAGE_TRAIN_ENGINE_GLOBAL, type FromTrainEngine } from './protocol';

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

if (typeof document === 'undefined') {
  const scope = globalThis as unknown as WorkerScope;
  const handle = createTrainEngine((msg) => scope.postMessage(msg), 'worker');
  scope.onmessage = (event) => handle(event.data);
} else {
  (globalThis as Record<string, unknown>)[PAGE_TRAIN_ENGINE_GLOBAL] = (post: (msg: FromTrainEngine) => void) => createTrainEngine(post, 'page');
}
