/**
 * The hand-written WebAssembly SIMD kernels of simdKernels.c, instantiated on TF.js's own WASM
 * memory so they read and write tensors in place. Internal parts of tfjs-backend-wasm 4.22.0
 * used (besides heap.ts's): the Emscripten module's `asm.memory` export, the heap's Memory.
 *
 * Where they cannot run, callers fall back to plain loops: no WASM SIMD (WebAssembly.validate
 * says no), a shared (threaded-build) memory, which the module does not declare, or a CSP
 * without 'wasm-unsafe-eval' (then TF.js's WASM backend could not start either).
 */
import type { backend_util, TensorInfo } from '@tensorflow/tfjs';
import { offsetOf, f32, type WasmBackend } from './heap';
import { SIMD_MODULE_BASE64 } from './simdModule';

interface SimdExports {
  max_pool_grad(x: number, dy: number, dx: number, n: number, h: number, w: number, c: number, oh: number, ow: number,
    sh: number, sw: number, fh: number, fw: number, top: number, left: number): void;
  sum_rows(x: number, out: number, rows: number, cols: number): void;
}

const instances = new WeakMap<WasmBackend, SimdExports | null>();
let compiled: WebAssembly.Module | null | undefined;
/** Set by tests to run the plain-loop fallbacks. */
let disabled = false;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The kernels bound to this backend's heap, or null where they cannot run (see the module comment). */
export function simdKernels(backend: WasmBackend): SimdExports | null {
  if (disabled) return null;
  const known = instances.get(backend);
  if (known !== undefined) return known;
  let exportsOrNull: SimdExports | null = null;
  try {
    if (compiled === undefined) {
      const bytes = decode(SIMD_MODULE_BASE64);
      // Synchronous compile: the module is ~3 KB, under the browsers' 4 KB main-thread limit.
      compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    }
    const memory = backend.wasm.asm.memory;
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
    if (compiled && memory instanceof WebAssembly.Memory && !shared) {
      exportsOrNull = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as SimdExports;
    }
  } catch {
    exportsOrNull = null;
  }
  instances.set(backend, exportsOrNull);
  return exportsOrNull;
}

/** Whether the SIMD kernels run on this backend (for reports and benchmarks). */
export function simdAvailable(backend: WasmBackend): boolean {
  return simdKernels(backend) !== null;
}

/** Turns the SIMD kernels off (true) or back on, so tests can check the fallbacks too. */
export function setSimdDisabled(value: boolean): void {
  disabled = value;
}

/** MaxPoolGrad into dx (allocated, any contents); false when the SIMD kernel is not available. */
export function maxPoolGradSimd(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, dx: TensorInfo, info: backend_util.Conv2DInfo): boolean {
  const k = simdKernels(backend);
  if (!k) return false;
  f32(backend, dx).fill(0);
  k.max_pool_grad(offsetOf(backend, x), offsetOf(backend, dy), offsetOf(backend, dx), info.batchSize, info.inHeight, info.inWidth,
    info.inChannels, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth, info.effectiveFilterHeight,
    info.effectiveFilterWidth, info.padInfo.top, info.padInfo.left);
  return true;
}

/** out[j] = Σ_r x[r·cols + j] into `out` (allocated); false when the SIMD kernel is not available. */
export function sumRowsSimd(backend: WasmBackend, x: TensorInfo, out: TensorInfo, rows: number, cols: number): boolean {
  const k = simdKernels(backend);
  if (!k) return false;
  k.sum_rows(offsetOf(backend, x), offsetOf(backend, out), rows, cols);
  return true;
}
