/**
 * TF.js backend selection for the Train panel. The policy (measured with TF.js 4.22 in
 * headless Chromium): WebGL trains conv nets fastest; WASM is fastest for dense-only models but
 * lacks some gradient kernels (Conv2DBackpropFilter ...); CPU always works. A WebGL context can
 * fail inside VS Code (blocklisted drivers), so every step falls back and says why.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { gpuRenderer } from '../shared/gpu';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it was skipped or failed, or why it was chosen. */
  reason: string;
}

export interface BackendChoice {
  name: BackendName;
  /** Set when no backend can train the model (it can still be built and inspected). */
  cannotTrain?: string;
  /** One sentence for the panel: which backend and why. */
  reason: string;
  attempts: BackendAttempt[];
}

let wasmPathsSet = false;

/** Where the .wasm files are: the page's data-webview-base attribute (a webview URI to dist/webview/). */
function configureWasm(): void {
  if (wasmPathsSet) return;
  const base = document.body.dataset.webviewBase;
  if (base) setWasmPaths(base.endsWith('/') ? base : `${base}/`);
  wasmPathsSet = true;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

/** Switches TF.js to `name`; resolves to an error text when the backend cannot start. */
export async function activateBackend(name: BackendName): Promise<string | undefined> {
  if (tf.getBackend() === name) return undefined;
  try {
    if (name === 'wasm') configureWasm();
    // TF.js logs its own warnings when a backend fails; the reason we show is ours.
    const ok = await withTimeout(tf.setBackend(name), 20_000, `the ${name} backend`);
    if (!ok || tf.getBackend() !== name) return failureText(name);
    await tf.ready();
    return undefined;
  } catch (err) {
    return `${failureText(name)}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function failureText(name: BackendName): string {
  switch (name) {
    case 'webgl': return 'WebGL could not start (no WebGL context: the GPU or its driver may be blocked in this window)';
    case 'wasm': return 'WebAssembly could not start (its .wasm file did not load or WebAssembly is not allowed)';
    case 'cpu': return 'the CPU backend could not start';
  }
}

/**
 * Picks the backend to train on. `canTrain(name)` runs one real training step on that backend
 * (so "every kernel, gradients included, exists" is checked by doing it, not by a list) and
 * returns undefined or the error. `denseOnly` says whether WASM is expected to beat WebGL.
 */
export async function chooseBackend(
  preference: 'auto' | BackendName,
  canTrain: (name: BackendName) => Promise<string | undefined>,
  denseOnly: boolean,
): Promise<BackendChoice> {
  const attempts: BackendAttempt[] = [];
  const order: BackendName[] = preference !== 'auto'
    ? [preference, ...BACKENDS.filter((b) => b !== preference)]
    : denseOnly ? ['wasm', 'webgl', 'cpu'] : ['webgl', 'wasm', 'cpu'];
  for (const name of order) {
    const startError = await activateBackend(name);
    if (startError) {
      attempts.push({ name, ok: false, reason: startError });
      continue;
    }
    const trainError = await canTrain(name);
    if (trainError) {
      attempts.push({ name, ok: false, reason: `${name} cannot train this model: ${trainError}` });
      continue;
    }
    attempts.push({ name, ok: true, reason: 'ok' });
    return { name, reason: explain(name, preference, denseOnly, attempts), attempts };
  }
  // Every backend started but none has the gradients this model needs (e.g. TF.js 4.22 has no
  // gradient for dilated convolutions): stay on the first that starts so the model can be built.
  const started = attempts.find((a) => !a.reason.startsWith(failureText(a.name)));
  const name = started?.name ?? 'cpu';
  await activateBackend(name);
  const trainErrors = [...new Set(attempts.filter((a) => a.reason.includes('cannot train')).map((a) => a.reason.replace(/^\w+ cannot train this model: /, '')))];
  const cannotTrain = `TF.js cannot train this model on any backend: ${trainErrors.join('; ')}`;
  return { name, reason: `${name}: the model is built for inspection only (no backend can train it).`, attempts, cannotTrain };
}

function explain(name: BackendName, preference: 'auto' | BackendName, denseOnly: boolean, attempts: BackendAttempt[]): string {
  const failures = attempts.filter((a) => !a.ok).map((a) => a.reason);
  const why = failures.length ? ` Fell back because ${failures.join('; ')}.` : '';
  if (preference !== 'auto') {
    return name === preference
      ? `${name}: chosen in the setting netlens.train.backend.`
      : `${name}: the setting asks for ${preference}, but it is not available.${why}`;
  }
  switch (name) {
    case 'webgl':
      return `webgl: the GPU runs the arithmetic in parallel, the fastest way to train ${denseOnly ? 'this model here' : 'convolutions'}.${why}`;
    case 'wasm':
      return denseOnly
        ? `wasm: for a small dense-only model, WebAssembly on the CPU beats WebGL's per-operation overhead.${why}`
        : `wasm: WebGL is not available, and WebAssembly has every kernel this model needs.${why}`;
    case 'cpu':
      return `cpu: the plain JavaScript backend, the slowest but always available.${why}`;
  }
}
