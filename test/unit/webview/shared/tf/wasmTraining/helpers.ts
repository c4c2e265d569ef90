// Shared by the WASM training-kernel tests: both backends started once, and a comparison that
// runs the same computation on TF.js's CPU backend (the oracle) and on WASM.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
// Registers the WASM backend (in Node it loads its .wasm from node_modules).
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../../../../../../webview/shared/tf/wasmTraining';

export async function startBackends(): Promise<void> {
  registerWasmTrainingKernels();
  assert.ok(await tf.setBackend('wasm'), 'the WASM backend starts in Node');
  await tf.ready();
}

/** Runs `f` on `backend` and returns its outputs' values (tensors disposed). */
export async function runOn(backend: 'cpu' | 'wasm', f: () => tf.Tensor | tf.Tensor[]): Promise<{ shape: number[]; values: Float32Array }[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const out = tf.tidy(f);
  const list = Array.isArray(out) ? out : [out];
  const values = await Promise.all(list.map(async (t) => ({ shape: t.shape, values: Float32Array.from(await t.data()) })));
  tf.dispose(list);
  assert.equal(tf.memory().numTensors, before, `${backend}: no tensor left behind`);
  return values;
}

/**
 * Within `rel` relative of the CPU's value per element; values far below the tensor's typical size
 * (sums that cancel) are held to `rel` of its root-mean-square instead.
 */
export function assertCloseToCpu(wasm: { shape: number[]; values: Float32Array }, cpu: { shape: number[]; values: Float32Array }, rel: number, what: string): void {
  assert.deepEqual(wasm.shape, cpu.shape, `${what}: shape`);
  let sq = 0;
  for (const v of cpu.values) sq += v * v;
  const rms = Math.sqrt(sq / Math.max(1, cpu.values.length));
  for (let i = 0; i < cpu.values.length; i++) {
    const a = wasm.values[i];
    const b = cpu.values[i];
    const tol = rel * Math.max(Math.abs(b), rms);
    if (!(Math.abs(a - b) <= tol)) assert.fail(`${what}[${i}]: wasm ${a} vs cpu ${b} (tolerance ${tol.toExponential(2)})`);
  }
}

/** Deterministic values in [-1, 1) (a tiny LCG, so both backends get the same input). */
export function values(n: number, seed: number, map: (v: number) => number = (v) => v): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = map(s / 2 ** 31 - 1);
  }
  return out;
}
