/**
 * TF.js's errors, said in words a student understands (pure; unit-tested). The panel shows these
 * wherever a backend cannot start or cannot train (the backend choice, the race, a failed run);
 * TF.js's own text follows only as a detail in parentheses, never alone.
 */
import type { BackendName } from './trainConfig';

const BACKEND_WORDS: Record<BackendName, string> = {
  webgl: 'WebGL (the GPU, or its emulation)',
  wasm: 'WebAssembly on the CPU',
  cpu: 'the plain JavaScript CPU backend',
};

/** Why `backend` could not run a training step, from the error TF.js threw. */
export function explainTrainError(backend: BackendName, raw: string): string {
  const on = BACKEND_WORDS[backend];
  const kernel = /Kernel '(\w+)' not registered for backend '(\w+)'/.exec(raw);
  if (kernel) {
    const gradient = /Backprop|Grad$/.test(kernel[1]);
    return `${on} cannot train this model: TF.js has no ${kernel[1]} operation there${gradient ? ' (a gradient that training needs)' : ''}.`;
  }
  if (/dilation rates? greater than 1/i.test(raw) || /dilation/i.test(raw) && /gradient/i.test(raw)) {
    return 'TF.js cannot train a dilated convolution (dilation > 1) whose activation is linear: give that layer an activation such as relu, or use dilation=1.';
  }
  if (/gradient.*not yet (supported|implemented)|no gradient|Cannot compute gradient/i.test(raw)) {
    return `${on} cannot train this model: TF.js has no gradient for one of its layers (${short(raw)}).`;
  }
  if (/out of memory|OOM|allocat|Aborted\(|memory access out of bounds/i.test(raw)) {
    return `${on} ran out of memory for this model and batch size: try a smaller batch size or fewer samples.`;
  }
  if (/context lost|CONTEXT_LOST|webgl|shader|texture|Failed to compile/i.test(raw)) {
    return `${on} failed: the GPU driver (or its emulation) stopped answering. Another backend can still train this model.`;
  }
  if (/did not answer within/.test(raw)) return `${on} did not start in time (${short(raw)}).`;
  return `${on} cannot train this model: TF.js stopped with an error (${short(raw)}).`;
}

function short(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
