/**
 * Training kernels for TF.js 4.22's WASM backend: the hand-written SIMD kernels of simdKernels.c
 * where WASM SIMD runs (simd.ts), and otherwise compositions of kernels the backend already has
 * (XNNPACK's fully-connected product behind BatchMatMul, its Conv2D, Transpose) and plain loops
 * over the WASM heap. Both paths are checked against the CPU backend.
 *
 * XNNPACK's product is used only for untransposed, unbatched operands (tfjs-backend-wasm
 * src/cc/batch_mat_mul_impl.cc; anything else takes a scalar loop) and it packs its right operand
 * `b` into an operator cached by b's tensor id alone, not its shape. So every product here puts
 * the operand it can reuse on the right, and always views it as [rows, last dim] — the view
 * BatchMatMul itself gives a 2-D tensor — so a cached operator never meets another shape.
 */
import { backend_util, util, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';
import { f32, sharedView, type WasmBackend } from './heap';
import { gemmNtSimd, gemmTnSimd, im2colSimd, maxPoolGradSimd, simdAvailable, sumRowsSimd } from './simd';

/** A kernel function as TF.js calls it, typed for the WASM backend. */
type WasmKernelFunc = (args: { inputs: Record<string, TensorInfo>; backend: WasmBackend; attrs?: NamedAttrMap }) => TensorInfo;

/** The WASM backend's own kernels this module calls or wraps, looked up at registration. */
export interface NativeKernels {
  batchMatMul: WasmKernelFunc;
  conv2D: WasmKernelFunc;
  transpose: WasmKernelFunc;
  sum: WasmKernelFunc;
}

function dispose(backend: WasmBackend, ...ts: TensorInfo[]): void {
  for (const t of ts) backend.disposeData(t.dataId);
}

/** [rows, last dim] as the 3-D [1, rows, last] BatchMatMul takes: see the module comment. */
function asMatrix(backend: WasmBackend, t: TensorInfo): TensorInfo {
  const last = t.shape[t.shape.length - 1];
  return sharedView(backend, t, [1, util.sizeFromShape(t.shape) / last, last]);
}

/** op(a)·op(b) for rank-3 operands with batch 1, through XNNPACK (transposes made explicit). */
function matMul1(native: NativeKernels, backend: WasmBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo {
  const t = (x: TensorInfo) => native.transpose({ inputs: { x }, backend, attrs: { perm: [0, 2, 1] } });
  const mm = (x: TensorInfo, y: TensorInfo) => native.batchMatMul({ inputs: { a: x, b: y }, backend, attrs: { transposeA: false, transposeB: false } });
  if (!transposeA && !transposeB) return mm(a, b);
  if (transposeA && transposeB) {
    // aᵀbᵀ = (ba)ᵀ: one product and a transpose of the (usually small) result.
    const ba = mm(b, a);
    const out = t(ba);
    dispose(backend, ba);
    return out;
  }
  if (transposeA) {
    const aT = t(a);
    const out = mm(aT, b);
    dispose(backend, aT);
    return out;
  }
  // a·bᵀ: transposing b costs |b|; the alternative (b·aᵀ)ᵀ costs 2|a| + |out|.
  const sizeA = util.sizeFromShape(a.shape);
  const sizeB = util.sizeFromShape(b.shape);
  const sizeOut = a.shape[1] * b.shape[1];
  if (sizeB <= 2 * sizeA + sizeOut) {
    const bT = t(b);
    const out = mm(a, bT);
    dispose(backend, bT);
    return out;
  }
  const aT = t(a);
  const baT = mm(b, aT);
  const out = t(baT);
  dispose(backend, aT, baT);
  return out;
}

/**
 * BatchMatMul: the WASM kernel sends any transposed product to a scalar loop (5 M multiply-adds of
 * a dense layer's gradient take ~10 ms there). Here xᵀ·dy and dy·Wᵀ run on the SIMD kernels, or,
 * without SIMD, with their transposes made explicit so the product runs on XNNPACK. Batched
 * products (not used by the Train panel's layers) stay native.
 */
export function batchMatMulKernel(native: NativeKernels): WasmKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { a, b } = inputs;
    const transposeA = Boolean(attrs?.transposeA);
    const transposeB = Boolean(attrs?.transposeB);
    // TF.js 4.22's matMul op hands the kernel its operands as they are (rank 2 for a dense layer),
    // batch axes first; only products with every batch axis 1 are handled here.
    const batchOf = (t: TensorInfo) => util.sizeFromShape(t.shape.slice(0, -2));
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2 || batchOf(a) !== 1 || batchOf(b) !== 1) {
      return native.batchMatMul({ inputs, backend, attrs });
    }
    const batchShape = (a.shape.length >= b.shape.length ? a : b).shape.slice(0, -2);
    const [ar, ac] = a.shape.slice(-2);
    const [br, bc] = b.shape.slice(-2);
    const outShape = [...batchShape, transposeA ? ac : ar, transposeB ? br : bc];
    let out: TensorInfo;
    if (transposeA !== transposeB && simdAvailable(backend)) {
      if (transposeA) {
        // aᵀ·b with a [M, K] and b [M, N]: a dense layer's weight gradient xᵀ·dy.
        out = backend.makeOutput([1, ac, bc], 'float32');
        f32(backend, out).fill(0);
        gemmTnSimd(backend, a, 0, b, 0, out, ar, ac, bc);
      } else {
        // a·bᵀ with a [M, K] and b [N, K]: a dense layer's input gradient dy·Wᵀ.
        out = backend.makeOutput([1, ar, br], 'float32');
        gemmNtSimd(backend, a, b, out, ar, br, ac);
      }
    } else {
      const a3 = sharedView(backend, a, [1, ar, ac]);
      const b3 = sharedView(backend, b, [1, br, bc]);
      out = matMul1(native, backend, a3, b3, transposeA, transposeB);
      dispose(backend, a3, b3);
    }
    const shaped = sharedView(backend, out, outShape);
    dispose(backend, out);
    return shaped;
  };
}

/** Most patch-matrix floats held at once by Conv2DBackpropFilter (16 MB). */
let patchSliceFloats = 4_194_304;

/** For tests: a small limit makes small inputs go in slices. Returns the previous limit. */
export function setPatchSliceFloats(floats: number): number {
  const previous = patchSliceFloats;
  patchSliceFloats = floats;
  return previous;
}

/**
 * Conv2DBackpropFilter (missing in the WASM backend): dW[kh,kw,ci,co] = Σ over n,oh,ow of
 * x[n, oh·sh − top + kh·dh, ow·sw − left + kw·dw, ci] · dy[n,oh,ow,co]. With SIMD: the input
 * patches (im2col, zeros for padding), then dW += patchesᵀ·dy, no copy of dy. Without: the patches
 * laid out transposed ([KH·KW·CI, N·OH·OW]) so that dW = patchesᵀ·dy is one untransposed XNNPACK
 * product with dy on the right, which the bias gradient's sum then finds packed.
 * Large inputs go in slices of whole samples to bound the patch matrix.
 */
export function conv2DBackpropFilterKernel(native: NativeKernels): WasmKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
      strides: [number, number] | number; pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
      dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number];
    };
    if (dataFormat === 'NCHW') throw new Error('NetLens: wasm Conv2DBackpropFilter: only the NHWC data format is supported');
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co } = info;
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const k = kh * kw * ci;
    const perSample = oh * ow;
    const chunk = Math.max(1, Math.min(n, Math.floor(patchSliceFloats / Math.max(1, k * perSample))));
    if (simdAvailable(backend)) {
      // SIMD: patches [N·OH·OW, K] then dW += patchesᵀ·dy, both in simdKernels.c, no packing.
      const dW = backend.makeOutput([k, co], 'float32');
      f32(backend, dW).fill(0);
      for (let n0 = 0; n0 < n; n0 += chunk) {
        const nc = Math.min(chunk, n - n0);
        const patches = backend.makeOutput([nc * perSample, k], 'float32');
        im2colSimd(backend, x, patches, info, n0, nc);
        gemmTnSimd(backend, patches, 0, dy, n0 * perSample * co, dW, nc * perSample, k, co);
        dispose(backend, patches);
      }
      const out = sharedView(backend, dW, filterShape);
      dispose(backend, dW);
      return out;
    }
    let result: TensorInfo | undefined;
    for (let n0 = 0; n0 < n; n0 += chunk) {
      const nc = Math.min(chunk, n - n0);
      const m = nc * perSample;
      const colsT = backend.makeOutput([1, k, m], 'float32');
      let dyPart: TensorInfo;
      if (nc === n) dyPart = asMatrix(backend, dy);
      else {
        dyPart = backend.makeOutput([1, m, co], 'float32');
        f32(backend, dyPart).set(f32(backend, dy).subarray(n0 * perSample * co, (n0 + nc) * perSample * co));
      }
      // Views only after every allocation: an allocation may grow (and so detach) the heap.
      const xv = f32(backend, x);
      const cols = f32(backend, colsT);
      for (let fr = 0; fr < kh; fr++) {
        for (let fc = 0; fc < kw; fc++) {
          for (let c = 0; c < ci; c++) {
            const row = ((fr * kw + fc) * ci + c) * m;
            let j = row;
            for (let b = n0; b < n0 + nc; b++) {
              for (let r = 0; r < oh; r++) {
                const xr = r * sh - top + fr * dh;
                if (xr < 0 || xr >= h) {
                  cols.fill(0, j, j + ow);
                  j += ow;
                  continue;
                }
                const base = (b * h + xr) * w;
                for (let q = 0; q < ow; q++, j++) {
                  const xc = q * sw - left + fc * dw;
                  cols[j] = xc < 0 || xc >= w ? 0 : xv[(base + xc) * ci + c];
                }
              }
            }
          }
        }
      }
      const part = native.batchMatMul({ inputs: { a: colsT, b: dyPart }, backend, attrs: { transposeA: false, transposeB: false } });
      dispose(backend, colsT, dyPart);
      if (!result) result = part;
      else {
        const acc = f32(backend, result);
        const add = f32(backend, part);
        for (let i = 0; i < acc.length; i++) acc[i] += add[i];
        dispose(backend, part);
      }
    }
    const out = sharedView(backend, result!, filterShape);
    dispose(backend, result!);
    return out;
  };
}

/**
 * Conv2DBackpropInput: the WASM kernel is a scalar loop, 10–20× slower than the forward
 * convolution. dx is itself a convolution (the transposed one): spread dy out on a zero grid
 * (stride − 1 zeros between its pixels, k − 1 − padding around them) and convolve it, stride 1,
 * valid, with the filter turned 180° and its in/out channels swapped, on XNNPACK's Conv2D.
 */
export function conv2DBackpropInputKernel(native: NativeKernels): WasmKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
      strides: [number, number] | number; pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
      dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; inputShape: [number, number, number, number];
    };
    if (dataFormat === 'NCHW') throw new Error('NetLens: wasm Conv2DBackpropInput: only the NHWC data format is supported');
    const info = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co } = info;
    const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
    // Grid rows/columns: dx's plus the filter's reach; dy pixel (r, q) sits at
    // (kh − 1 − top + r·sh, kw − 1 − left + q·sw), and pixels outside the grid reach no dx.
    const gh = h + kh - 1;
    const gw = w + kw - 1;
    const offR = kh - 1 - info.padInfo.top;
    const offC = kw - 1 - info.padInfo.left;
    const grid = backend.makeOutput([n, gh, gw, co], 'float32');
    const turned = backend.makeOutput([kh, kw, co, ci], 'float32');
    const g = f32(backend, grid);
    const dyv = f32(backend, dy);
    g.fill(0);
    for (let b = 0; b < n; b++) {
      for (let r = 0; r < oh; r++) {
        const gr = offR + r * sh;
        if (gr < 0 || gr >= gh) continue;
        for (let q = 0; q < ow; q++) {
          const gc = offC + q * sw;
          if (gc < 0 || gc >= gw) continue;
          const from = ((b * oh + r) * ow + q) * co;
          g.set(dyv.subarray(from, from + co), ((b * gh + gr) * gw + gc) * co);
        }
      }
    }
    const fv = f32(backend, filter);
    const tv = f32(backend, turned);
    for (let fr = 0; fr < kh; fr++) {
      for (let fc = 0; fc < kw; fc++) {
        const src = ((kh - 1 - fr) * kw + (kw - 1 - fc)) * ci * co;
        const dst = (fr * kw + fc) * co * ci;
        for (let i = 0; i < ci; i++) {
          for (let o = 0; o < co; o++) tv[dst + o * ci + i] = fv[src + i * co + o];
        }
      }
    }
    const dx = native.conv2D({
      inputs: { x: grid, filter: turned }, backend,
      attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined } as unknown as NamedAttrMap,
    });
    dispose(backend, grid, turned);
    return dx;
  };
}

/**
 * Sum over leading axes (a bias gradient: dy summed over batch and space). The WASM kernel first
 * transposes the reduced axes to the end, a full copy; here one streaming pass of the SIMD kernel,
 * or without SIMD ones · dy on XNNPACK (dy as [rows, channels]) or a plain loop.
 */
export function sumKernel(native: NativeKernels): WasmKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x } = inputs;
    const axes = util.parseAxisParam((attrs?.axis ?? []) as number | number[], x.shape).sort((p, q) => p - q);
    const rank = x.shape.length;
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading || util.sizeFromShape(x.shape) === 0) return native.sum({ inputs, backend, attrs });
    const rows = util.sizeFromShape(x.shape.slice(0, axes.length));
    const kept = x.shape.slice(axes.length);
    const cols = util.sizeFromShape(kept);
    let reduced: TensorInfo;
    if (kept.length === 1 && !simdAvailable(backend)) {
      const ones = backend.makeOutput([1, 1, rows], 'float32');
      f32(backend, ones).fill(1);
      const xm = asMatrix(backend, x);
      reduced = native.batchMatMul({ inputs: { a: ones, b: xm }, backend, attrs: { transposeA: false, transposeB: false } });
      dispose(backend, ones, xm);
    } else {
      reduced = backend.makeOutput([cols], 'float32');
      if (!sumRowsSimd(backend, x, reduced, rows, cols)) {
        // [rows, cols] with cols spanning several axes is not x's [rows, last] view: no XNNPACK.
        const xv = f32(backend, x);
        const acc = f32(backend, reduced);
        acc.fill(0);
        for (let r = 0; r < rows; r++) {
          const base = r * cols;
          for (let j = 0; j < cols; j++) acc[j] += xv[base + j];
        }
      }
    }
    const shape = attrs?.keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const out = sharedView(backend, reduced, shape);
    dispose(backend, reduced);
    return out;
  };
}

/**
 * Identity: the WASM kernel copies; the CPU backend shares the data and counts a reference, which
 * is what this does (WASM tensors are never written after their kernel returns).
 */
export const identityKernel: WasmKernelFunc = ({ inputs, backend }) => {
  const { x } = inputs;
  if (x.dtype === 'string') throw new Error('NetLens: wasm Identity: string tensors are not supported here');
  return sharedView(backend, x, x.shape);
};

/**
 * MaxPoolGrad: the WASM kernel starts each window's running maximum at the smallest positive
 * float instead of −∞ (a window whose maximum is ≤ 0 passes no gradient) and, on ties, routes
 * the gradient to the last maximum. This follows the CPU backend (tfjs-backend-cpu
 * utils/pool_utils.js maxPoolPositions): −∞ start, strict >, so the first maximum in row-major
 * window order; padding never wins. Runs the SIMD kernel of simd.ts where WASM SIMD is there.
 */
export const maxPoolGradKernel: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
    filterSize: [number, number] | number; strides: [number, number] | number;
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding; dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const dx = backend.makeOutput(input.shape, 'float32');
  if (maxPoolGradSimd(backend, input, dy, dx, info)) return dx;
  const xv = f32(backend, input);
  const dyv = f32(backend, dy);
  const dxv = f32(backend, dx);
  dxv.fill(0);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      const r0 = Math.max(0, r * sh - top);
      const r1 = Math.min(h, r * sh - top + fh);
      for (let q = 0; q < ow; q++) {
        const c0 = Math.max(0, q * sw - left);
        const c1 = Math.min(w, q * sw - left + fw);
        const dyBase = ((b * oh + r) * ow + q) * c;
        for (let d = 0; d < c; d++) {
          let best = -Infinity;
          let at = -1;
          for (let xr = r0; xr < r1; xr++) {
            for (let xc = c0; xc < c1; xc++) {
              const i = ((b * h + xr) * w + xc) * c + d;
              if (xv[i] > best) {
                best = xv[i];
                at = i;
              }
            }
          }
          if (at >= 0) dxv[at] += dyv[dyBase + d];
        }
      }
    }
  }
  return dx;
};

/** The kernels to register for 'wasm', given the native ones they wrap. */
export function trainingKernelConfigs(native: NativeKernels): Omit<KernelConfig, 'backendName'>[] {
  const cast = (f: WasmKernelFunc) => f as unknown as KernelFunc;
  return [
    { kernelName: 'Conv2DBackpropFilter', kernelFunc: cast(conv2DBackpropFilterKernel(native)) },
    { kernelName: 'Conv2DBackpropInput', kernelFunc: cast(conv2DBackpropInputKernel(native)) },
    { kernelName: 'MaxPoolGrad', kernelFunc: cast(maxPoolGradKernel) },
    { kernelName: 'BatchMatMul', kernelFunc: cast(batchMatMulKernel(native)) },
    { kernelName: 'Sum', kernelFunc: cast(sumKernel(native)) },
    { kernelName: 'Identity', kernelFunc: cast(identityKernel) },
  ];
}
