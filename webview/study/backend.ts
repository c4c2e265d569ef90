/**
 * Picks the TF.js backend for the study panels: WebGL when the page has it (the GPU), else the
 * CPU backend. The WASM backend is not used here: it would need 'wasm-unsafe-eval', and these
 * panels gain nothing from it that WebGL or CPU lack.
 */
import * as tf from '@tensorflow/tfjs';

export type StudyBackend = 'webgl' | 'cpu';

export async function chooseBackend(preferred: StudyBackend[] = ['webgl', 'cpu']): Promise<StudyBackend> {
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
  throw new Error('TensorFlow.js could start neither the WebGL nor the CPU backend');
}
