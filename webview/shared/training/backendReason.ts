/**
 * Why a TF.js backend runs, in the Train panel's words (pure: no TF.js, so the search's page,
 * which loads none, words its engine's backend too). The choosing is in ./backend.ts
 * (chooseBackend, with a training step on each) and, for the search, its engine
 * (webview/search/engine/engine.ts, the first backend of the shared order that starts).
 */
import type { Say } from '../../../src/core/i18n';
import type { GpuInfo } from '../gpu';
import { pageSay } from './pageSay';
import type { BackendName } from './trainConfig';

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it was skipped or failed, or why it was chosen. */
  reason: string;
}

/** What the panel says when `name` could not start. */
export function backendFailureText(name: BackendName, say: Say): string {
  switch (name) {
    case 'webgl': return say('train.backend.webglFailed');
    case 'wasm': return say('train.backend.wasmFailed');
    case 'cpu': return say('train.backend.cpuFailed');
  }
}

/** The sentence under the badge: which backend trains, and why (pure). */
export function explainChoice(name: BackendName, preference: 'auto' | BackendName, denseOnly: boolean, gpu: GpuInfo, attempts: readonly BackendAttempt[], say: Say = pageSay): string {
  const failures = attempts.filter((a) => !a.ok).map((a) => a.reason);
  const triedFirst = failures.length ? say('train.backend.triedFirst', { failures: failures.join('; ') }) : '';
  const args = { gpu: gpu.sentence, triedFirst };
  if (preference !== 'auto') {
    return name === preference
      ? say('train.backend.fromSetting', { backend: name, gpu: gpu.sentence })
      : say('train.backend.settingCannotTrain', { backend: name, preference, triedFirst });
  }
  switch (name) {
    case 'webgl':
      if (gpu.kind !== 'gpu') return say('train.backend.webglEmulated', args);
      return say(denseOnly ? 'train.backend.webglDense' : 'train.backend.webglConv', args);
    case 'wasm':
      return say(gpu.kind === 'gpu' ? 'train.backend.wasmSmallDense' : 'train.backend.wasmNoGpu', args);
    case 'cpu':
      return say('train.backend.cpu', args);
  }
}

/**
 * The search's sentence: `name` started as the first of `order` (the shared auto order,
 * webview/shared/gpu.ts autoBackendOrder) that could, so the ones before it could not start. No
 * training step is tried there, so the dense-only preference of the Train panel does not apply:
 * WASM after WebGL is the CPU's fastest way, never "small dense model".
 */
export function explainStartedBackend(name: BackendName, order: readonly BackendName[], gpu: GpuInfo, say: Say = pageSay): string {
  const failures = order.slice(0, Math.max(0, order.indexOf(name))).map((b) => backendFailureText(b, say));
  const triedFirst = failures.length ? say('train.backend.triedFirst', { failures: failures.join('; ') }) : '';
  const args = { gpu: gpu.sentence, triedFirst };
  switch (name) {
    case 'webgl': return say(gpu.kind === 'gpu' ? 'train.backend.webglConv' : 'train.backend.webglEmulated', args);
    case 'wasm': return say('train.backend.wasmNoGpu', args);
    case 'cpu': return say('train.backend.cpu', args);
  }
}
