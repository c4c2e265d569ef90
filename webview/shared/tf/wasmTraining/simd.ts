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
  im2col(x: number, p: number, n: number, h: number, w: number, ci: number, oh: number, ow: number, kh: number, kw: number,
    sh: number, sw: number, dh: number, dw: number, top: number, left: number): void;
  gemm_tn(a: number, b: number, out: number, m: number, k: number, n: number): void;
  transpose2d(src: number, dst: number, rows: number, cols: number): void;
  gemm_nn(a: number, b: number, out: number, m: number, k: number, n: number): void;
}

/** The compiled module: undefined while not yet compiled, null where it cannot run. */
let compiled: WebAssembly.Module | null | undefined;
let compiling: Promise<unknown> | undefined;
const instances = new WeakMap<WasmBackend, SimdExports | null>();
const instantiating = new WeakMap<WasmBackend, Promise<unknown>>();
/** Set by tests to run the fallbacks. */
let disabled = false;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Compiles the module synchronously where allowed (Node, workers); a browser's main thread refuses
 * synchronous compiles of modules over 4 KB, so there it compiles in the background and the
 * kernels use their fallbacks until it is done (wasmTrainingKernelsReady waits for it).
 */
function compiledModule(): WebAssembly.Module | null | undefined {
  if (compiled !== undefined || compiling) return compiled;
  try {
    const bytes = decode(SIMD_MODULE_BASE64);
    if (!WebAssembly.validate(bytes)) return (compiled = null);
    try {
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiling = WebAssembly.compile(bytes).then((m) => { compiled = m; }, () => { compiled = null; });
    }
  } catch {
    compiled = null;
  }
  return compiled;
}

function heapImports(backend: WasmBackend): WebAssembly.Imports | null {
  const memory = backend.wasm.asm.memory;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
  return memory instanceof WebAssembly.Memory && !shared ? { env: { memory } } : null;
}

/** The kernels bound to this backend's heap, or null where they cannot run (yet or at all). */
export function simdKernels(backend: WasmBackend): SimdExports | null {
  if (disabled) return null;
  const known = instances.get(backend);
  if (known !== undefined) return known;
  const module = compiledModule();
  if (module === undefined || instantiating.has(backend)) return null;
  const imports = module && heapImports(backend);
  if (!module || !imports) {
    instances.set(backend, null);
    return null;
  }
  try {
    const kernels = new WebAssembly.Instance(module, imports).exports as unknown as SimdExports;
    instances.set(backend, kernels);
    return kernels;
  } catch {
    instantiating.set(backend, WebAssembly.instantiate(module, imports).then(
      (instance) => { instances.set(backend, instance.exports as unknown as SimdExports); },
      () => { instances.set(backend, null); },
    ));
    return null;
  }
}

/**
 * Resolves once the SIMD kernels are bound to `backend` (true) or known unable to run (false).
 * Until then the kernels use their fallbacks, which give the same results more slowly.
 */
export async function wasmTrainingKernelsReady(backend: WasmBackend): Promise<boolean> {
  simdKernels(backend);
  await compiling;
  simdKernels(backend);
  await instantiating.get(backend);
  return simdKernels(backend) !== null;
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

/** Convolution patches of x into p ([N·OH·OW, KH·KW·CI]); false without the SIMD kernels. */
export function im2colSimd(backend: WasmBackend, x: TensorInfo, p: TensorInfo, info: backend_util.Conv2DInfo, n0: number, nc: number): boolean {
  const k = simdKernels(backend);
  if (!k) return false;
  const sampleFloats = info.inHeight * info.inWidth * info.inChannels;
  k.im2col(offsetOf(backend, x) + n0 * sampleFloats * 4, offsetOf(backend, p), nc, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left);
  return true;
}

/**
 * out[K, N] += aᵀ·b for a [M, K] and b [M, N], at float offsets aAt and bAt into a and b;
 * false without the SIMD kernels.
 */
export function gemmTnSimd(backend: WasmBackend, a: TensorInfo, aAt: number, b: TensorInfo, bAt: number, out: TensorInfo, m: number, k: number, n: number): boolean {
  const kernels = simdKernels(backend);
  if (!kernels) return false;
  kernels.gemm_tn(offsetOf(backend, a) + aAt * 4, offsetOf(backend, b) + bAt * 4, offsetOf(backend, out), m, k, n);
  return true;
}

/** out[M, N] = a·bᵀ for a [M, K] and b [N, K] (bᵀ laid out first); false without the SIMD kernels. */
export function gemmNtSimd(backend: WasmBackend, a: TensorInfo, b: TensorInfo, out: TensorInfo, m: number, n: number, k: number): boolean {
  const kernels = simdKernels(backend);
  if (!kernels) return false;
  const bT = backend.makeOutput([k, n], 'float32');
  kernels.transpose2d(offsetOf(backend, b), offsetOf(backend, bT), n, k);
  kernels.gemm_nn(offsetOf(backend, a), offsetOf(backend, bT), offsetOf(backend, out), m, k, n);
  backend.disposeData(bT.dataId);
  return true;
}
