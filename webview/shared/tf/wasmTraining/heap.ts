/**
 * The few parts of @tensorflow/tfjs-backend-wasm's BackendWasm (its dist/backend_wasm.js) that the
 * training kernels use beyond TF.js's public KernelBackend interface. They are internal and
 * version-specific: package.json pins TF.js at exactly 4.22.0, and
 * test/unit/webview/shared/tf/wasmTraining/ checks every kernel that relies on them, so an upgrade
 * that moves them fails there first.
 */
import type { DataId, DataType, KernelBackend, TensorInfo } from '@tensorflow/tfjs';

/** BackendWasm's per-tensor record (backend_wasm.js, `dataIdMap.set(dataId, { id, memoryOffset, ... })`). */
interface WasmTensorData {
  /** The id the C++ side knows the tensor by (XNNPACK caches its operators by it). */
  id: number;
  /** Byte offset of the tensor's values in the WASM heap. */
  memoryOffset: number;
  refCount: number;
}

/** The Emscripten module BackendWasm holds as `wasm` (tfjs-backend-wasm.js's generated glue). */
interface WasmModule {
  HEAPF32: Float32Array;
  /** The module's exports; `memory` is the heap every tensor lives in. */
  asm: { memory?: WebAssembly.Memory };
}

/** The internal members of BackendWasm used here (tfjs-backend-wasm 4.22.0, dist/backend_wasm.js). */
export interface WasmBackend extends KernelBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: DataId): WasmTensorData | undefined };
  /** Allocates an output tensor on the heap (refCount 1). */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A Float32Array/Int32Array/Uint8Array view of the tensor's values in the heap (no copy). */
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** A Float32Array view of a float32 tensor's values: valid until the next allocation (the heap may grow). */
export function f32(backend: WasmBackend, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** Byte offset of a tensor's values in the heap. */
export function offsetOf(backend: WasmBackend, t: TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (!data) throw new Error('NetLens: wasm training kernels: a tensor is not in the WASM backend');
  return data.memoryOffset;
}

/** The same values under another shape, sharing the data (as the WASM Reshape kernel does). */
export function sharedView(backend: WasmBackend, t: TensorInfo, shape: number[]): TensorInfo {
  backend.incRef(t.dataId);
  return { dataId: t.dataId, shape, dtype: t.dtype };
}
