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
import { autoBackendOrder, type GpuInfo } from '../gpu';
import { registerDilatedConv2DGradient, registerWasmTrainingKernels, wasmTrainingKernelsReady, type WasmBackend } from '../tf/wasmTraining';
import { explainTrainError } from './backendErrors';
import type { BackendName } from './trainConfig';
import type { Say } from '../../../src/core/i18n';
import { pageSay } from './pageSay';
import { backendFailureText as failureText, explainChoice, type BackendAttempt } from './backendReason';

export { explainChoice, type BackendAttempt } from './backendReason';

export type { BackendName } from './trainConfig';
export const BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

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

function withTimeout<T>(p: Promise<T>, ms: number, timeoutText: (seconds: number) => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(timeoutText(ms / 1000))), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

/** Switches TF.js to `name`; resolves to an error text when the backend cannot start. */
export async function activateBackend(name: BackendName, say: Say = pageSay): Promise<string | undefined> {
  registerTrainingExtensions();
  if (name === 'webgl' && !webglAllowed) return failureText(name, say);
  if (tf.getBackend() === name) return undefined;
  try {
    if (name === 'wasm') configureWasm();
    // TF.js logs its own warnings when a backend fails; the reason we show is ours.
    const ok = await withTimeout(tf.setBackend(name), 20_000, (seconds) => say('train.backend.timeout', { backend: name, seconds }));
    if (!ok || tf.getBackend() !== name) return failureText(name, say);
    await tf.ready();
    // The SIMD kernels may compile in the background: wait for them, so the first batches (and
    // the race) run at full speed.
    if (name === 'wasm') await withTimeout(wasmTrainingKernelsReady(tf.backend() as unknown as WasmBackend), 20_000, (seconds) => say('train.backend.wasmKernelsTimeout', { seconds }));
    return undefined;
  } catch (err) {
    return say('train.backend.failedWith', { failure: failureText(name, say), detail: err instanceof Error ? err.message : String(err) });
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
  say: Say = pageSay,
): Promise<BackendChoice> {
  const attempts: BackendAttempt[] = [];
  for (const name of trainBackendOrder(preference, gpu, denseOnly)) {
    const startError = await activateBackend(name, say);
    if (startError) {
      attempts.push({ name, ok: false, reason: startError });
      continue;
    }
    const trainError = await canTrain(name);
    if (trainError) {
      attempts.push({ name, ok: false, reason: explainTrainError(name, trainError, say) });
      continue;
    }
    attempts.push({ name, ok: true, reason: 'ok' });
    return { name, reason: explainChoice(name, preference, denseOnly, gpu, attempts, say), attempts };
  }
  // Every backend started but none has the gradients this model needs (a dilated convolution
  // with a linear activation): stay on the first that starts so the model can be built.
  const started = attempts.find((a) => !a.reason.startsWith(failureText(a.name, say)));
  const name = started?.name ?? 'cpu';
  await activateBackend(name, say);
  const trainErrors = [...new Set(attempts.filter((a) => !a.reason.startsWith(failureText(a.name, say))).map((a) => a.reason))];
  const cannotTrain = say('train.backend.cannotTrain', { errors: trainErrors.join(' ') });
  return { name, reason: say('train.backend.inspectionOnly', { backend: name }), attempts, cannotTrain };
}
