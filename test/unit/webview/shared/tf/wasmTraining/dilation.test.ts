// The opt-in dilated-convolution gradient against an independent oracle: the same convolution
// with the spread-out filter written by plain loops, differentiated by TF.js's own dilation-1
// gradient on the CPU backend, its filter gradient read back every d taps by plain loops.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { registerDilatedConv2DGradient } from '../../../../../../webview/shared/tf/wasmTraining/dilatedConvGradient';
import { assertCloseToCpu, runOn, startBackends, values } from './helpers';

interface Case { n: number; h: number; w: number; ci: number; co: number; k: number; d: [number, number]; pad: 'valid' | 'same' }

/** Gradients of Σ conv2d(x, W, 1, pad, d) · R with respect to x and W. */
function dilatedGrads(c: Case): tf.Tensor[] {
  const { x, w, r } = inputs(c);
  const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, c.pad, 'NHWC', c.d), r));
  return tf.grads(f)([x, w]);
}

function inputs(c: Case) {
  const [eh, ew] = [(c.k - 1) * c.d[0] + 1, (c.k - 1) * c.d[1] + 1];
  const oh = c.pad === 'same' ? c.h : c.h - eh + 1;
  const ow = c.pad === 'same' ? c.w : c.w - ew + 1;
  return {
    x: tf.tensor4d(values(c.n * c.h * c.w * c.ci, 31), [c.n, c.h, c.w, c.ci]),
    w: tf.tensor4d(values(c.k * c.k * c.ci * c.co, 32), [c.k, c.k, c.ci, c.co]),
    r: tf.tensor4d(values(c.n * oh * ow * c.co, 33), [c.n, oh, ow, c.co]),
    eh, ew,
  };
}

/** The oracle: spread filter by loops, dilation-1 gradients, dW read back every d taps by loops. */
async function oracle(c: Case): Promise<{ shape: number[]; values: Float32Array }[]> {
  const [dx, dSpread] = await runOn('cpu', () => {
    const { x, w, r, eh, ew } = inputs(c);
    const wv = w.dataSync();
    const spread = new Float32Array(eh * ew * c.ci * c.co);
    for (let i = 0; i < c.k; i++) {
      for (let j = 0; j < c.k; j++) {
        for (let q = 0; q < c.ci * c.co; q++) spread[((i * c.d[0]) * ew + j * c.d[1]) * c.ci * c.co + q] = wv[(i * c.k + j) * c.ci * c.co + q];
      }
    }
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, c.pad), r));
    return tf.grads(f)([x, tf.tensor4d(spread, [eh, ew, c.ci, c.co])]);
  });
  const ew = (c.k - 1) * c.d[1] + 1;
  const dw = new Float32Array(c.k * c.k * c.ci * c.co);
  for (let i = 0; i < c.k; i++) {
    for (let j = 0; j < c.k; j++) {
      for (let q = 0; q < c.ci * c.co; q++) dw[(i * c.k + j) * c.ci * c.co + q] = dSpread.values[((i * c.d[0]) * ew + j * c.d[1]) * c.ci * c.co + q];
    }
  }
  return [dx, { shape: [c.k, c.k, c.ci, c.co], values: dw }];
}

describe('wasm training kernels: the opt-in gradient of dilated convolutions', function () {
  this.timeout(60_000);
  before(startBackends);

  it('without it TF.js refuses, with it both backends give the oracle\'s gradients, and it can be undone', async () => {
    const first: Case = { n: 2, h: 9, w: 8, ci: 3, co: 4, k: 3, d: [2, 2], pad: 'valid' };
    await assert.rejects(runOn('cpu', () => dilatedGrads(first)), /dilation rates greater than 1/);
    const restore = registerDilatedConv2DGradient();
    try {
      assert.equal(registerDilatedConv2DGradient(), restore, 'a second call changes nothing');
      const cases: Case[] = [
        first,
        { n: 1, h: 11, w: 9, ci: 2, co: 5, k: 3, d: [2, 3], pad: 'same' },
        { n: 3, h: 10, w: 10, ci: 2, co: 3, k: 2, d: [3, 3], pad: 'same' },
        { n: 2, h: 12, w: 7, ci: 1, co: 2, k: 5, d: [2, 1], pad: 'valid' },
      ];
      for (const c of cases) {
        const expected = await oracle(c);
        for (const backend of ['cpu', 'wasm'] as const) {
          const got = await runOn(backend, () => dilatedGrads(c));
          assertCloseToCpu(got[0], expected[0], 1e-5, `${backend} dx ${JSON.stringify(c)}`);
          assertCloseToCpu(got[1], expected[1], 1e-5, `${backend} dW ${JSON.stringify(c)}`);
        }
      }
    } finally {
      restore();
    }
    await assert.rejects(runOn('cpu', () => dilatedGrads(first)), /dilation rates greater than 1/, 'TF.js\'s own gradient is back');
  });
});
