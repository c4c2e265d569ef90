/**
 * Makes TF.js 4.22's WASM backend able to train what the Train panel builds, and fast: registers
 * for 'wasm' the kernel it lacks (Conv2DBackpropFilter) and replaces five it has that are wrong or
 * slow on the training path (MaxPoolGrad, Conv2DBackpropInput, BatchMatMul with a transpose flag,
 * Sum over leading axes, Identity). kernels.ts says what each does and why; every one is checked
 * against the CPU backend in test/unit/webview/shared/tf/wasmTraining/.
 *
 * Use, in the page or worker that trains:
 *   import '@tensorflow/tfjs-backend-wasm';      // registers the native kernels, which these wrap
 *   registerWasmTrainingKernels();                // once; idempotent; before or after setBackend
 *   await tf.setBackend('wasm');
 *   await wasmTrainingKernelsReady(tf.backend() as WasmBackend);  // SIMD module bound (see simd.ts)
 * Until the SIMD module is bound (a page's main thread compiles it in the background) the kernels
 * take their slower fallbacks, which give the same results. */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs';
import { trainingKernelConfigs, type NativeKernels } from './kernels';

export { simdAvailable, setSimdDisabled, wasmTrainingKernelsReady } from './simd';
export type { WasmBackend } from './heap';
export { registerDilatedConv2DGradient } from './dilatedConvGradient';

/** Marks the kernel functions registered here, so a second call (or a second bundle) sees them. */
const MARK = Symbol.for('netlens.wasmTrainingKernel');

export interface WasmTrainingRegistration {
  /** Kernel names registered or replaced by this call (empty when already done). */
  registered: string[];
}

function native(name: string): KernelConfig {
  const config = getKernel(name, 'wasm');
  if (!config) throw new Error(`NetLens: registerWasmTrainingKernels: the WASM backend has no ${name} kernel; import '@tensorflow/tfjs-backend-wasm' first`);
  return config;
}

export function registerWasmTrainingKernels(): WasmTrainingRegistration {
  if ((getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc as { [MARK]?: boolean } | undefined)?.[MARK]) return { registered: [] };
  // The native configs, kept before any is replaced: the replacements delegate to them.
  const originals = {
    batchMatMul: native('BatchMatMul'),
    conv2D: native('Conv2D'),
    transpose: native('Transpose'),
    sum: native('Sum'),
  };
  const nativeKernels = {
    batchMatMul: originals.batchMatMul.kernelFunc,
    conv2D: originals.conv2D.kernelFunc,
    transpose: originals.transpose.kernelFunc,
    sum: originals.sum.kernelFunc,
  } as unknown as NativeKernels;
  const registered: string[] = [];
  for (const config of trainingKernelConfigs(nativeKernels)) {
    const existing = getKernel(config.kernelName, 'wasm');
    if (existing) unregisterKernel(config.kernelName, 'wasm');
    const kernelFunc: KernelFunc = (args) => config.kernelFunc(args);
    Object.defineProperty(kernelFunc, MARK, { value: true });
    // A replaced kernel keeps the native setup: the WASM backend runs setup functions when it
    // starts, and the wrapped native kernel needs its own (it binds its C++ function there).
    registerKernel({ kernelName: config.kernelName, backendName: 'wasm', kernelFunc, setupFunc: existing?.setupFunc, disposeFunc: existing?.disposeFunc });
    registered.push(config.kernelName);
  }
  return { registered };
}
