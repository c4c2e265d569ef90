/**
 * TF.js's errors, said in words a student understands (pure; unit-tested). The panel shows these
 * wherever a backend cannot start or cannot train (the backend choice, the race, a failed run);
 * TF.js's own text follows only as a detail in parentheses, never alone.
 */
import type { Say } from '../../../src/core/i18n';
import type { BackendName } from './trainConfig';
import { pageSay } from './pageSay';

const BACKEND_WORDS = { webgl: 'train.onWebgl', wasm: 'train.onWasm', cpu: 'train.onCpu' } as const satisfies Record<BackendName, string>;

/** Why `backend` could not run a training step, from the error TF.js threw. */
export function explainTrainError(backend: BackendName, raw: string, say: Say = pageSay): string {
  const on = say(BACKEND_WORDS[backend]);
  const kernel = /Kernel '(\w+)' not registered for backend '(\w+)'/.exec(raw);
  if (kernel) {
    const gradient = /Backprop|Grad$/.test(kernel[1]);
    return say(gradient ? 'train.errNoKernelGradient' : 'train.errNoKernel', { on, op: kernel[1] });
  }
  if (/dilation rates? greater than 1/i.test(raw) || /dilation/i.test(raw) && /gradient/i.test(raw)) return say('train.errDilated');
  if (/gradient.*not yet (supported|implemented)|no gradient|Cannot compute gradient/i.test(raw)) {
    return say('train.errNoGradient', { on, detail: short(raw) });
  }
  if (/out of memory|OOM|allocat|Aborted\(|memory access out of bounds/i.test(raw)) return say('train.errMemory', { on });
  if (/context lost|CONTEXT_LOST|webgl|shader|texture|Failed to compile/i.test(raw)) return say('train.errGpuLost', { on });
  if (/did not answer within/.test(raw)) return say('train.errTimeout', { on, detail: short(raw) });
  return say('train.errOther', { on, detail: short(raw) });
}

function short(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
