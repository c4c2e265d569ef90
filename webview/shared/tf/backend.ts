/**
 * Starts the first TF.js backend of `preferred` that works: the activation explorer's engine asks
 * for WebGL, else the CPU, for its curves (webview/activations/engine/protocol.ts explorerBackends). The init lab's engine may also try WASM (its
 * panel's CSP allows 'wasm-unsafe-eval', and it registers and locates the WASM backend itself):
 * its big matrix products run about 4× faster there than on the CPU backend.
 */
import * as tf from '@tensorflow/tfjs';

export type TfBackend = 'webgl' | 'wasm' | 'cpu';

/**
 * No backend of the list started. Carries the list, so a page says it in its own language
 * (`webview.backend.noneStarted`); the message is for the console.
 */
export class NoBackendError extends Error {
  constructor(readonly tried: readonly TfBackend[]) {
    super(`NetLens: no TF.js backend started (tried ${tried.join(', ')})`);
    this.name = 'NoBackendError';
  }
}

/** Unlike the Train panel's chooseBackend (webview/shared/training/backend.ts), no training step is tried. */
export async function startFirstBackend(preferred: TfBackend[] = ['webgl', 'cpu']): Promise<TfBackend> {
  for (const name of preferred) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // A backend that fails to start (no WebGL context) just means: try the next one.
    }
  }
  throw new NoBackendError(preferred);
}
