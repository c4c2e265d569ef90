// Each kernel webview/shared/tf/wasmTraining registers for TF.js's WASM backend, and the native
// WASM gradient kernels training relies on, against TF.js's CPU backend (the oracle) on a matrix
// of configurations: kernel 1/2/3/5, stride 1/2, valid/same, odd sizes, batch 1 and 32, negative
// inputs and ties for pooling, with the SIMD kernels and with their plain-loop fallbacks.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels, setSimdDisabled, simdAvailable, wasmTrainingKernelsReady } from '../../../../../../webview/shared/tf/wasmTraining';
import { SIMD_SOURCE_SHA256 } from '../../../../../../webview/shared/tf/wasmTraining/simdModule';
import type { WasmBackend } from '../../../../../../webview/shared/tf/wasmTraining/heap';
import { setPatchSliceFloats } from '../../../../../../webview/shared/tf/wasmTraining/kernels';
import { assertCloseToCpu, runOn, startBackends, values } from './helpers';

const REL = 1e-5;

type Pad = 'valid' | 'same';
interface Conv { n: number; h: number; w: number; ci: number; co: number; k: number; s: number; pad: Pad }

function convCases(): Conv[] {
  const cases: Conv[] = [];
  for (const k of [1, 2, 3, 5]) {
    for (const s of [1, 2]) {
      for (const pad of ['valid', 'same'] as const) {
        cases.push({ n: 1, h: 9, w: 7, ci: 3, co: 13, k, s, pad });
        cases.push({ n: 32, h: 7, w: 11, ci: 2, co: 4, k, s, pad });
      }
    }
  }
  return cases;
}

function outSize(size: number, k: number, s: number, pad: Pad): number {
  return pad === 'same' ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;
}

/** Compares kernel `name` run through the engine on both backends. */
async function compareKernel(name: string, make: () => { inputs: Record<string, tf.Tensor>; attrs: object }, what: string): Promise<void> {
  const run = () => {
    const { inputs, attrs } = make();
    return tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
  };
  const [cpu] = await runOn('cpu', run);
  const [wasm] = await runOn('wasm', run);
  assertCloseToCpu(wasm, cpu, REL, what);
}

describe('wasm training kernels: each equals the CPU backend', function () {
  this.timeout(60_000);
  before(startBackends);
  afterEach(() => setSimdDisabled(false));

  it('registers once: a second call changes nothing', () => {
    assert.deepEqual(registerWasmTrainingKernels(), { registered: [] });
    for (const name of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul', 'Sum', 'Identity']) {
      assert.ok(tf.getKernel(name, 'wasm'), `${name} is registered for wasm`);
    }
  });

  it('the SIMD kernels run here, and their module was compiled from the C source in the repository', async () => {
    await tf.setBackend('wasm');
    assert.equal(await wasmTrainingKernelsReady(tf.backend() as WasmBackend), true, 'Node has WebAssembly SIMD, so the SIMD kernels must load');
    assert.ok(simdAvailable(tf.backend() as WasmBackend));
    const source = readFileSync(join(__dirname, '../../../../../../webview/shared/tf/wasmTraining/simdKernels.c'));
    assert.equal(SIMD_SOURCE_SHA256, createHash('sha256').update(source).digest('hex'),
      'simdModule.ts is stale: run node scripts/build-wasm-kernels.mjs');
  });

  for (const simd of [true, false]) {
    const how = simd ? 'SIMD' : 'XNNPACK fallback';
    it(`Conv2DBackpropFilter (missing natively), ${how}: kernel 1/2/3/5, stride 1/2, valid/same, batch 1 and 32`, async () => {
      setSimdDisabled(!simd);
      for (const c of convCases()) {
        const oh = outSize(c.h, c.k, c.s, c.pad);
        const ow = outSize(c.w, c.k, c.s, c.pad);
        await compareKernel('Conv2DBackpropFilter', () => ({
          inputs: { x: tf.tensor4d(values(c.n * c.h * c.w * c.ci, 1), [c.n, c.h, c.w, c.ci]), dy: tf.tensor4d(values(c.n * oh * ow * c.co, 2), [c.n, oh, ow, c.co]) },
          attrs: { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: [c.k, c.k, c.ci, c.co] },
        }), `dW ${JSON.stringify(c)}`);
      }
    });

    it(`Conv2DBackpropFilter, ${how}: explicit padding, unequal strides, and inputs large enough to go in slices`, async () => {
      setSimdDisabled(!simd);
      await compareKernel('Conv2DBackpropFilter', () => ({
        inputs: { x: tf.tensor4d(values(2 * 10 * 9 * 3, 3), [2, 10, 9, 3]), dy: tf.tensor4d(values(2 * 5 * 10 * 4, 4), [2, 5, 10, 4]) },
        attrs: { strides: [2, 1], pad: [[0, 0], [1, 0], [2, 1], [0, 0]], dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] },
      }), 'dW explicit padding');
      // 3·3·4 = 36 rows × 8·8 pixels = 2,304 floats per sample: 2 samples per slice of 5,000, so 3 slices for 5.
      const previous = setPatchSliceFloats(5000);
      try {
        await compareKernel('Conv2DBackpropFilter', () => ({
          inputs: { x: tf.tensor4d(values(5 * 8 * 8 * 4, 5), [5, 8, 8, 4]), dy: tf.tensor4d(values(5 * 8 * 8 * 3, 6), [5, 8, 8, 3]) },
          attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 4, 3] },
        }), 'dW in slices');
      } finally {
        setPatchSliceFloats(previous);
      }
    });
  }

  it('Conv2DBackpropInput (replaced: the native one is a scalar loop): the same matrix, and explicit padding', async () => {
    await compareKernel('Conv2DBackpropInput', () => ({
      inputs: { dy: tf.tensor4d(values(2 * 5 * 10 * 4, 19), [2, 5, 10, 4]), filter: tf.tensor4d(values(3 * 3 * 3 * 4, 20), [3, 3, 3, 4]) },
      attrs: { strides: [2, 1], pad: [[0, 0], [1, 0], [2, 1], [0, 0]], dataFormat: 'NHWC', inputShape: [2, 10, 9, 3] },
    }), 'dx explicit padding');
    for (const c of convCases()) {
      const oh = outSize(c.h, c.k, c.s, c.pad);
      const ow = outSize(c.w, c.k, c.s, c.pad);
      await compareKernel('Conv2DBackpropInput', () => ({
        inputs: { dy: tf.tensor4d(values(c.n * oh * ow * c.co, 7), [c.n, oh, ow, c.co]), filter: tf.tensor4d(values(c.k * c.k * c.ci * c.co, 8), [c.k, c.k, c.ci, c.co]) },
        attrs: { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC', inputShape: [c.n, c.h, c.w, c.ci] },
      }), `dx ${JSON.stringify(c)}`);
    }
  });

  const poolCases = () => {
    const cases: { n: number; h: number; w: number; c: number; k: number; s: number; pad: Pad; data: string }[] = [];
    for (const k of [1, 2, 3, 5]) {
      for (const s of [1, 2]) {
        for (const pad of ['valid', 'same'] as const) {
          for (const data of ['negative', 'ties']) {
            cases.push({ n: 1, h: 9, w: 7, c: 6, k, s, pad, data });
            cases.push({ n: 32, h: 7, w: 5, c: 5, k, s, pad, data });
          }
        }
      }
    }
    return cases;
  };
  const poolInput = (p: { n: number; h: number; w: number; c: number; data: string }, seed: number) =>
    values(p.n * p.h * p.w * p.c, seed, p.data === 'negative' ? (v) => -1 - v : (v) => Math.round(v * 2) / 2);

  for (const simd of [true, false]) {
    it(`MaxPoolGrad (replaced: native is wrong for maxima ≤ 0 and ties), ${simd ? 'SIMD' : 'plain-loop fallback'}: negative inputs, ties, kernel 1/2/3/5, stride 1/2, valid/same`, async () => {
      setSimdDisabled(!simd);
      try {
        for (const p of poolCases()) {
          const oh = outSize(p.h, p.k, p.s, p.pad);
          const ow = outSize(p.w, p.k, p.s, p.pad);
          await compareKernel('MaxPoolGrad', () => {
            const input = tf.tensor4d(poolInput(p, 9), [p.n, p.h, p.w, p.c]);
            return {
              inputs: { dy: tf.tensor4d(values(p.n * oh * ow * p.c, 10), [p.n, oh, ow, p.c]), input, output: tf.maxPool(input, p.k, p.s, p.pad) },
              attrs: { filterSize: [p.k, p.k], strides: [p.s, p.s], pad: p.pad },
            };
          }, `MaxPoolGrad ${JSON.stringify(p)}`);
        }
      } finally {
        setSimdDisabled(false);
      }
    });
  }

  it('MaxPoolGrad: the native WASM kernel really is wrong on these cases (why it is replaced)', async () => {
    await tf.setBackend('wasm');
    // Through the engine the replacement runs; the native result comes from the C++ export directly.
    const backend = tf.backend() as WasmBackend & { wasm: { cwrap(name: string, ret: null, args: string[]): (...a: number[]) => void } };
    const native = backend.wasm.cwrap('MaxPoolGrad', null, new Array(17).fill('number'));
    const x = tf.tensor4d([-3, -1, -2, -1], [1, 2, 2, 1]); // maximum −1, twice
    const dy = tf.tensor4d([5], [1, 1, 1, 1]);
    const dx = tf.zeros([1, 2, 2, 1]);
    const id = (t: tf.Tensor) => backend.dataIdMap.get(t.dataId)!.id as number;
    native(id(x), id(dy), id(dx), 1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2, 0, 0);
    const fromNative = Array.from(await dx.data());
    const grad = tf.tidy(() => tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: tf.maxPool(x, 2, 2, 'valid') },
      { filterSize: [2, 2], strides: [2, 2], pad: 'valid' } as unknown as tf.NamedAttrMap) as tf.Tensor);
    const ours = Array.from(await grad.data());
    tf.dispose([x, dy, dx, grad]);
    assert.deepEqual(ours, [0, 5, 0, 0], 'the gradient goes to the first maximum');
    assert.notDeepEqual(fromNative, ours, `native WASM MaxPoolGrad gave ${fromNative}`);
  });

  it('AvgPoolGrad (native): kernel 1/2/3/5, stride 1/2, valid/same, batch 1 and 32', async () => {
    for (const p of poolCases()) {
      const oh = outSize(p.h, p.k, p.s, p.pad);
      const ow = outSize(p.w, p.k, p.s, p.pad);
      await compareKernel('AvgPoolGrad', () => ({
        inputs: { dy: tf.tensor4d(values(p.n * oh * ow * p.c, 11), [p.n, oh, ow, p.c]), input: tf.tensor4d(poolInput(p, 12), [p.n, p.h, p.w, p.c]) },
        attrs: { filterSize: [p.k, p.k], strides: [p.s, p.s], pad: p.pad },
      }), `AvgPoolGrad ${JSON.stringify(p)}`);
    }
  });

  it('BatchMatMul (replaced: transposed products ran in a scalar loop): every transpose combination, odd sizes, batched, SIMD and fallback', async () => {
    for (const simd of [true, false]) {
      setSimdDisabled(!simd);
    for (const [m, k, n] of [[1, 1, 1], [7, 13, 5], [32, 300, 10], [3, 1, 17]]) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const aShape = ta ? [k, m] : [m, k];
          const bShape = tb ? [n, k] : [k, n];
          // Rank 2 is what a dense layer's matMul hands the kernel; rank 3 with batch 1 too.
          for (const lead of [[], [1]]) {
            await compareKernel('BatchMatMul', () => ({
              inputs: { a: tf.tensor(values(m * k, 13), [...lead, ...aShape]), b: tf.tensor(values(k * n, 14), [...lead, ...bShape]) },
              attrs: { transposeA: ta, transposeB: tb },
            }), `matMul ${m}x${k}x${n} ta=${ta} tb=${tb} simd=${simd} rank=${2 + lead.length}`);
          }
        }
      }
    }
    }
    setSimdDisabled(false);
    await compareKernel('BatchMatMul', () => ({
      inputs: { a: tf.tensor(values(3 * 4 * 5, 15), [3, 5, 4]), b: tf.tensor(values(3 * 5 * 2, 16), [3, 5, 2]) },
      attrs: { transposeA: true, transposeB: false },
    }), 'batched matMul (native)');
  });

  it('BatchMatMul: a tensor used as the right operand under two views keeps each product right', async () => {
    // XNNPACK caches the packed right operand by tensor id: the kernels use one view per id.
    const [cpu, wasm] = await Promise.all([0, 0]).then(async () => [
      await runOn('cpu', () => { const w = tf.tensor2d(values(64, 17), [8, 8]); return [tf.matMul(tf.ones([2, 8]), w), tf.sum(w, 0), tf.matMul(tf.ones([3, 8]), w, false, true)]; }),
      await runOn('wasm', () => { const w = tf.tensor2d(values(64, 17), [8, 8]); return [tf.matMul(tf.ones([2, 8]), w), tf.sum(w, 0), tf.matMul(tf.ones([3, 8]), w, false, true)]; }),
    ]);
    cpu.forEach((c, i) => assertCloseToCpu(wasm[i], c, REL, `product ${i}`));
  });

  for (const simd of [true, false]) {
    it(`Sum (replaced for leading axes: the native one transposes first), ${simd ? 'SIMD' : 'fallback'}: leading, trailing, all and middle axes, keepDims`, async () => {
      setSimdDisabled(!simd);
      try {
        const shape = [32, 5, 3, 7];
        for (const axis of [[0], [0, 1], [0, 1, 2], [1, 0], [3], [1, 2], [0, 1, 2, 3], [1]]) {
          for (const keepDims of [false, true]) {
            await compareKernel('Sum', () => ({ inputs: { x: tf.tensor(values(32 * 5 * 3 * 7, 18), shape) }, attrs: { axis, keepDims } }), `sum axis=${axis} keepDims=${keepDims}`);
          }
        }
      } finally {
        setSimdDisabled(false);
      }
    });
  }

  it('Identity (replaced: it copied): shares the data, and disposing either side keeps the other', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const x = tf.tensor([1, -2, 3]);
    const y = tf.engine().runKernel('Identity', { x }) as tf.Tensor;
    x.dispose();
    assert.deepEqual(Array.from(await y.data()), [1, -2, 3]);
    y.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
