/**
 * TF.js backend selection for the Train panel. The policy (measured with TF.js 4.22; README "What
 * runs where, and why"): WebGL trains convolutions fastest on a real GPU; where WebGL is a CPU
 * emulation (SwiftShader, llvmpipe) or missing, WebAssembly with NetLens's training kernels
 * (webview/shared/tf/wasmTraining/) is the fastest way to train on the CPU; the plain JavaScript
 * CPU backend always works and comes last. The GPU is read once for every panel
 * (webview/shared/gpu.ts). A backend that fails to start or to train falls back, and says why.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { autoBackendOrder, type GpuInfo } from '../shared/gpu';
import { registerDilatedConv2DGradient, registerWasmTrainingKernels, wasmTrainingKernelsReady, type WasmBackend } from '../shared/tf/wasmTraining';
import { explainTrainError } from './backendErrors';
import type { BackendName } from './trainConfig';

export type { BackendName } from './trainConfig';
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

/**
 * The order to try backends in, and why (pure). auto: the shared order (a real GPU: WebGL first;
 * emulated or no WebGL: WASM first), except that a dense-only model on a real GPU tries WASM
 * first (its per-operation cost is lower than WebGL's for small matrices). A backend named in
 * netlens.train.backend comes first, auto's order behind it in case it cannot start.
 */
export function trainBackendOrder(preference: 'auto' | BackendName, gpu: GpuInfo, denseOnly: boolean): BackendName[] {
  let auto = autoBackendOrder(gpu);
  if (gpu.kind === 'gpu' && denseOnly) auto = ['wasm', 'webgl', 'cpu'];
  if (preference === 'auto') return auto;
  return [preference, ...auto.filter((b) => b !== preference)];
}

let wasmBase: string | undefined;
let webglAllowed = true;

/**
 * The page got no WebGL context (a blocked driver, WebGL switched off): then the engine's worker
 * uses none either. A worker's WebGL (on an OffscreenCanvas) can still start where the page's
 * cannot (Chromium's --disable-webgl does not reach it), but the page's answer is the one that
 * says what this window may use, and the badge shows it (webview/shared/gpu.ts).
 */
export function setWebglAllowed(allowed: boolean): void {
  webglAllowed = allowed;
}
let wasmPathsSet = false;
let extensionsRegistered = false;

/**
 * Where the .wasm files are: dist/webview/ as a webview URI, which the engine gets from the page
 * (its data-webview-base attribute). Unset in Node (the unit tier): the WASM backend finds its
 * .wasm files in node_modules by itself.
 */
export function setWasmBase(base: string): void {
  wasmBase = base.endsWith('/') ? base : `${base}/`;
}

function configureWasm(): void {
  if (wasmPathsSet || !wasmBase) return;
  setWasmPaths(wasmBase);
  wasmPathsSet = true;
}

/**
 * Once per page: the WASM backend's training kernels (before it starts: they wrap its native
 * ones) and the gradient of dilated convolutions, which TF.js 4.22 has on no backend.
 */
function registerTrainingExtensions(): void {
  if (extensionsRegistered) return;
  extensionsRegistered = true;
  registerWasmTrainingKernels();
  registerDilatedConv2DGradient();
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

/** Switches TF.js to `name`; resolves to an error text when the backend cannot start. */
export async function activateBackend(name: BackendName): Promise<string | undefined> {
  registerTrainingExtensions();
  if (name === 'webgl' && !webglAllowed) return failureText(name);
  if (tf.getBackend() === name) return undefined;
  try {
    if (name === 'wasm') configureWasm();
    // TF.js logs its own warnings when a backend fails; the reason we show is ours.
    const ok = await withTimeout(tf.setBackend(name), 20_000, `the ${name} backend`);
    if (!ok || tf.getBackend() !== name) return failureText(name);
    await tf.ready();
    // The SIMD kernels may compile in the background: wait for them, so the first batches (and
    // the race) run at full speed.
    if (name === 'wasm') await withTimeout(wasmTrainingKernelsReady(tf.backend() as unknown as WasmBackend), 20_000, 'the WebAssembly SIMD kernels');
    return undefined;
  } catch (err) {
    return `${failureText(name)} (${err instanceof Error ? err.message : String(err)})`;
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
 * returns undefined or TF.js's error. `denseOnly` says whether the model has no convolution.
 */
export async function chooseBackend(
  preference: 'auto' | BackendName,
  canTrain: (name: BackendName) => Promise<string | undefined>,
  denseOnly: boolean,
  gpu: GpuInfo,
): Promise<BackendChoice> {
  const attempts: BackendAttempt[] = [];
  for (const name of trainBackendOrder(preference, gpu, denseOnly)) {
    const startError = await activateBackend(name);
    if (startError) {
      attempts.push({ name, ok: false, reason: startError });
      continue;
    }
    const trainError = await canTrain(name);
    if (trainError) {
      attempts.push({ name, ok: false, reason: explainTrainError(name, trainError) });
      continue;
    }
    attempts.push({ name, ok: true, reason: 'ok' });
    return { name, reason: explainChoice(name, preference, denseOnly, gpu, attempts), attempts };
  }
  // Every backend started but none has the gradients this model needs (a dilated convolution
  // with a linear activation): stay on the first that starts so the model can be built.
  const started = attempts.find((a) => !a.reason.startsWith(failureText(a.name)));
  const name = started?.name ?? 'cpu';
  await activateBackend(name);
  const trainErrors = [...new Set(attempts.filter((a) => !a.reason.startsWith(failureText(a.name))).map((a) => a.reason))];
  const cannotTrain = `TF.js cannot train this model on any backend here. ${trainErrors.join(' ')}`;
  return { name, reason: `${name}: the model is built for inspection only (no backend can train it).`, attempts, cannotTrain };
}

/** The sentence under the badge: which backend trains, and why (pure). */
export function explainChoice(name: BackendName, preference: 'auto' | BackendName, denseOnly: boolean, gpu: GpuInfo, attempts: readonly BackendAttempt[]): string {
  const failures = attempts.filter((a) => !a.ok).map((a) => a.reason);
  const fellBack = failures.length ? ` Tried first: ${failures.join('; ')}.` : '';
  if (preference !== 'auto') {
    return name === preference
      ? `${name}: chosen in the setting netlens.train.backend. ${gpu.sentence}`
      : `${name}: the setting netlens.train.backend asks for ${preference}, which cannot train here.${fellBack}`;
  }
  switch (name) {
    case 'webgl':
      return gpu.kind === 'gpu'
        ? `webgl: ${gpu.sentence} The GPU computes a batch's arithmetic in parallel, the fastest way to train ${denseOnly ? 'this model here' : 'convolutions'}.${fellBack}`
        : `webgl: ${gpu.sentence} Emulated WebGL is used because WebAssembly could not train this model.${fellBack}`;
    case 'wasm':
      return gpu.kind === 'gpu'
        ? `wasm: for a small dense-only model, WebAssembly on the CPU beats WebGL's per-operation overhead. ${gpu.sentence}${fellBack}`
        : `wasm: ${gpu.sentence} WebAssembly (SIMD, with NetLens's training kernels) trains on the CPU many times faster than the plain CPU backend.${fellBack}`;
    case 'cpu':
      return `cpu: the plain JavaScript backend, the slowest but always available. ${gpu.sentence}${fellBack}`;
  }
}
