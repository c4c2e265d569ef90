// The explorer's maths as its engine computes it (webview/activations/engine/), on TF.js's CPU
// backend in plain Node: every derivative comes from tf.grad and is compared with the closed form;
// the pure helpers are checked on made-up data.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS } from '../../../../src/core';
import { curvelessActivations, explorerCurves, findCurve } from '../../../../webview/activations/curves';
import { ACTIVATION_IMPLS, curveFn } from '../../../../webview/activations/engine/activations';
import { evaluateCurve, outputStats } from '../../../../webview/activations/engine/curveMaths';
import { formatRanges, grid, median, saturationRanges } from '../../../../webview/activations/measure';
import { LatestRunner } from '../../../../webview/shared/latest';

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const erf = (x: number) => {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): enough to check GELU to 1e-5.
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return Math.sign(x) * y;
};
const SELU_L = 1.0507009873554805;
const SELU_A = 1.6732632423543772;

/** Closed-form derivatives, written here only to check what tf.grad computes. */
const DERIVATIVES: Record<string, (x: number, alpha: number) => number> = {
  linear: () => 1,
  relu: (x) => (x > 0 ? 1 : 0),
  sigmoid: (x) => sig(x) * (1 - sig(x)),
  tanh: (x) => 1 - Math.tanh(x) ** 2,
  leaky_relu: (x, a) => (x > 0 ? 1 : a),
  prelu: (x, a) => (x > 0 ? 1 : a),
  elu: (x, a) => (x > 0 ? 1 : a * Math.exp(x)),
  selu: (x) => (x > 0 ? SELU_L : SELU_L * SELU_A * Math.exp(x)),
  gelu: (x) => 0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp(-x * x / 2)) / Math.sqrt(2 * Math.PI),
  silu: (x) => sig(x) * (1 + x * (1 - sig(x))),
  softplus: (x) => sig(x),
  softsign: (x) => 1 / (1 + Math.abs(x)) ** 2,
  hard_sigmoid: (x) => (Math.abs(x) < 2.5 ? 0.2 : 0),
  relu6: (x) => (x > 0 && x < 6 ? 1 : 0),
  exponential: (x) => Math.exp(x),
  maxout: (x) => (x > 0 ? 1 : 0), // defaults w1=1, b1=0, w2=0, b2=0: ReLU
};

describe('webview/activations: activation implementations (TF.js CPU)', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('implements every registry activation, and draws every element-wise one plus Maxout', () => {
    for (const a of ACTIVATIONS) assert.ok(ACTIVATION_IMPLS[a.name], a.name);
    const ids = explorerCurves().map((c) => c.id);
    const elementwise = ACTIVATIONS.filter((a) => ACTIVATION_IMPLS[a.name].apply).map((a) => a.name);
    assert.deepEqual(ids.filter((i) => i !== 'maxout'), elementwise);
    assert.ok(ids.includes('maxout'));
    assert.deepEqual(curvelessActivations().map((c) => c.name), ['softmax']);
    assert.equal(findCurve('leaky_relu')?.defaults.alpha, 0.01, "the lecture's α");
  });

  it("tf.grad gives each function's closed-form derivative", async () => {
    const xs = Float32Array.from([-4, -1.5, -1, -0.3, 0.4, 1, 2.2, 5]);
    for (const curve of explorerCurves()) {
      const check = DERIVATIVES[curve.id];
      assert.ok(check, `a closed form to compare ${curve.id} with`);
      const alpha = curve.defaults.alpha ?? 0;
      const { df } = await evaluateCurve(curveFn(curve.id), curve.defaults, xs);
      xs.forEach((x, i) => {
        const want = check(x, alpha);
        assert.ok(Math.abs(df[i] - want) <= 1e-4 * Math.max(1, Math.abs(want)), `${curve.id}'(${x}) = ${df[i]}, closed form ${want}`);
      });
    }
  });

  it('follows parameters: ELU α, Leaky α, Maxout turned into Leaky ReLU', async () => {
    const elu = findCurve('elu')!;
    const r = await evaluateCurve(curveFn(elu.id), { alpha: 0.5 }, Float32Array.of(-1));
    assert.ok(Math.abs(r.df[0] - 0.5 * Math.exp(-1)) < 1e-6);
    assert.ok(Math.abs(r.f[0] - 0.5 * (Math.exp(-1) - 1)) < 1e-6);
    const maxout = findCurve('maxout')!;
    const m = await evaluateCurve(curveFn(maxout.id), { w1: 1, b1: 0, w2: 0.2, b2: 0 }, Float32Array.of(-2, 3));
    assert.deepEqual(Array.from(m.f).map((v) => +v.toFixed(5)), [-0.4, 3]);
    assert.deepEqual(Array.from(m.df).map((v) => +v.toFixed(5)), [0.2, 1]);
  });

  it('measures mean outputs for x ~ N(0, 1) and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const tanh = await outputStats(curveFn(findCurve('tanh')!.id), {}, 200_000);
    const relu = await outputStats(curveFn(findCurve('relu')!.id), {}, 200_000);
    assert.ok(Math.abs(tanh.mean) < 0.01);
    assert.ok(Math.abs(relu.mean - 1 / Math.sqrt(2 * Math.PI)) < 0.01);
    await evaluateCurve(curveFn(findCurve('gelu')!.id), {}, grid(-3, 3, 61));
    assert.equal(tf.memory().numTensors, before);
  });
});

describe('webview/activations: saturation ranges and helpers', () => {
  it('finds runs of |f′| < 0.01 and opens those touching the grid ends', () => {
    const xs = [-3, -2, -1, 0, 1, 2, 3];
    assert.deepEqual(saturationRanges(xs, [0, 0.001, 0.5, 1, 0.5, 0.005, 0]), [
      { from: -Infinity, to: -2 },
      { from: 2, to: Infinity },
    ]);
    assert.deepEqual(saturationRanges(xs, [1, 1, 0, 0, 1, 1, 1]), [{ from: -1, to: 0 }]);
    assert.deepEqual(saturationRanges(xs, [0, 0, 0, 0, 0, 0, 0]), [{ from: -Infinity, to: Infinity }]);
    assert.deepEqual(saturationRanges(xs, [1, NaN, 1, 1, 1, 1, 1]), [], 'NaN is not a small gradient');
    // float32(0.01) = 0.0099999998: the lecture's Leaky ReLU slope is not below the threshold.
    assert.deepEqual(saturationRanges(xs, Float32Array.from([0.01, 0.01, 0.01, 1, 1, 1, 1])), []);
    assert.equal(formatRanges([{ from: -Infinity, to: -4.6 }, { from: 4.6, to: Infinity }]), 'x < −4.60, x > 4.60');
    assert.equal(formatRanges([{ from: -0.77, to: -0.73 }]), '−0.77 ≤ x ≤ −0.73');
    assert.equal(formatRanges([]), 'none');
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => grid(1, 1, 10), /hi > lo/);
  });

  it('LatestRunner runs the first request and then only the newest waiting one', async () => {
    const ran: number[] = [];
    const results: [number, number][] = [];
    let release: () => void = () => {};
    const runner = new LatestRunner(
      async (n: number) => {
        ran.push(n);
        if (n === 1) await new Promise<void>((r) => (release = r));
        return n * 10;
      },
      (out, _n, generation) => results.push([out, generation]),
      (err) => assert.fail(String(err)),
    );
    runner.request(1);
    for (let i = 2; i <= 20; i++) runner.request(i);
    assert.equal(runner.busy, true);
    release();
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(ran, [1, 20]);
    // Each result carries the generation of the request it answers: only the last one is current.
    assert.deepEqual(results, [
      [10, 1],
      [200, 20],
    ]);
    assert.equal(runner.requested, 20);
    assert.equal(runner.busy, false);
  });
});
