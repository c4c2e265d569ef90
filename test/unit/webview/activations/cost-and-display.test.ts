// The explorer's cost method (median and spread over the configured rounds, warm-up untimed), the
// saturation read-out of Maxout set up as ReLU, signed-zero formatting and the bands' legend.
// Real TF.js on its CPU backend; the clock is a stand-in, so no test depends on a wall-clock time.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { sayIn } from '../../../../src/core/i18n';
import { findCurve, MAXOUT_DEFAULTS } from '../../../../webview/activations/curves';
import { curveFn, type CurveFn } from '../../../../webview/activations/engine/activations';
import { computeCurves, evaluateCurve, timePerMillion } from '../../../../webview/activations/engine/curveMaths';
import { bandLegend, COST_VERDICT_MARGIN, costMethodFor, costsFromSamples, costVerdict, medianNotch, plotGrid } from '../../../../webview/activations/explorer';
import { COST_METHOD, formatRanges, formatSigned, quantile, saturationRanges, summarizeSamples } from '../../../../webview/activations/measure';

describe('webview/activations: the cost method', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('takes the median and spread of exactly the configured timed rounds; warm-up rounds are never timed', async () => {
    const relu = findCurve('relu')!;
    const sigmoid = findCurve('sigmoid')!;
    // A stand-in clock: every timed round of relu lasts 2, 4, 6, 8, 100 ticks; sigmoid's 3× as long.
    // The function that ran between two clock reads tells which duration to add.
    const durations: Record<string, number[]> = { relu: [2, 4, 6, 8, 100], sigmoid: [6, 12, 18, 24, 300] };
    const calls: string[] = [];
    const timedOrder: string[] = [];
    const roundOf: Record<string, number> = { relu: 0, sigmoid: 0 };
    let t = 0;
    let running: string | undefined;
    let open = false;
    const now = () => {
      if (!open) {
        open = true;
        calls.push('start');
        return t;
      }
      open = false;
      const id = running!;
      t += durations[id][roundOf[id]++];
      timedOrder.push(id);
      calls.push(`end ${id}`);
      return t;
    };
    const tracked = (id: string, fn: CurveFn): CurveFn => (x, p) => {
      running = id;
      return fn(x, p);
    };
    const before = tf.memory().numTensors;
    const times = await timePerMillion(
      [{ id: 'relu', fn: tracked('relu', curveFn(relu.id)), params: {} }, { id: 'sigmoid', fn: tracked('sigmoid', curveFn(sigmoid.id)), params: {} }],
      { n: 1000, reps: 2, rounds: 5, warmup: 3, now },
    );
    // Interleaved, and each round starts one function later: no function is always first.
    assert.deepEqual(timedOrder, ['relu', 'sigmoid', 'sigmoid', 'relu', 'relu', 'sigmoid', 'sigmoid', 'relu', 'relu', 'sigmoid']);
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
    assert.equal(calls.length, 2 * 5 * 2, 'the clock is read only around the 5 timed rounds of each function');
    // ms per 10⁶ elements = ticks / reps · (10⁶ / n).
    assert.deepEqual(times.get('relu')!.samples, [1000, 2000, 3000, 4000, 50000]);
    assert.equal(times.get('relu')!.ms, 3000, 'the median: the outlier round does not move it');
    assert.equal(times.get('relu')!.spread, (4000 - 2000) / 2, '± half the interquartile range');
    const costs = costsFromSamples(times);
    assert.deepEqual(costs.get('sigmoid'), { ms: 9000, spread: 3000, ratio: 3, ratioSpread: 0, rounds: 5 });
    assert.deepEqual(costs.get('relu'), { ms: 3000, spread: 1000, ratio: 1, ratioSpread: 0, rounds: 5 });
  });

  it('pairs each round for the ratio, and quantiles interpolate between ranks', () => {
    const costs = costsFromSamples(new Map([
      ['relu', { samples: [1, 2, 1, 2] }],
      ['exponential', { samples: [2, 4, 3, 6] }],
    ]));
    assert.equal(costs.get('exponential')!.ratio, 2.5, 'median of the per-round ratios 2, 2, 3, 3');
    assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
    assert.deepEqual(summarizeSamples([5]), { ms: 5, spread: 0, samples: [5] });
  });

  it('calls a function costlier or cheaper than ReLU only when the median\'s notch clears the margin; otherwise no clear difference', () => {
    assert.equal(COST_VERDICT_MARGIN, 1.25);
    // The notch: 1.58·IQR/√n, and ratioSpread is half the IQR.
    assert.equal(medianNotch({ ratioSpread: 0.5, rounds: 4 }), 0.79);
    assert.equal(costVerdict({ ratio: 2.41, ratioSpread: 0.1, rounds: 21 }), 'costlier');
    assert.equal(costVerdict({ ratio: 1.6, ratioSpread: 0.4, rounds: 21 }), 'costlier', 'notch ±0.28: 1.32 to 1.88');
    assert.equal(costVerdict({ ratio: 1.6, ratioSpread: 0.4, rounds: 4 }), 'same', 'the same spread over 4 rounds: notch ±0.63 reaches below 1.25');
    assert.equal(costVerdict({ ratio: 1.03, ratioSpread: 0.2, rounds: 21 }), 'same');
    assert.equal(costVerdict({ ratio: 0.6, ratioSpread: 0.1, rounds: 21 }), 'cheaper', 'up to 0.67, below 1/1.25 = 0.8');
    assert.equal(costVerdict({ ratio: 0.74, ratioSpread: 0.15, rounds: 21 }), 'same', 'up to 0.84');
    assert.equal(costVerdict({ ratio: NaN, ratioSpread: NaN, rounds: 21 }), undefined, 'not measured yet');
    assert.equal(costVerdict({ ratio: 2, ratioSpread: 0, rounds: 0 }), undefined, 'no rounds');
    // From rounds: the verdict follows the per-round ratios' median and spread.
    const costs = costsFromSamples(new Map([['relu', { samples: [10, 10, 10, 10, 10] }], ['tanh', { samples: [20, 21, 19, 22, 18] }], ['selu', { samples: [8, 14, 11, 16, 9] }]]));
    assert.equal(costVerdict(costs.get('tanh')!), 'costlier');
    assert.equal(costVerdict(costs.get('selu')!), 'same');
  });

  it('measures enough: millions of elements, several rounds after warm-up, on a GPU and on a CPU', () => {
    for (const m of [COST_METHOD, costMethodFor('gpu'), costMethodFor('cpu')]) {
      assert.ok(m.n >= 1_000_000 && m.rounds >= 5 && m.warmup >= 1 && m.reps >= 1 && m.reps * m.rounds >= 20, JSON.stringify(m));
    }
    // The panel's methods: many rounds, so the median and quartiles are steady from run to run.
    assert.ok(costMethodFor('gpu').rounds >= 21 && costMethodFor('cpu').rounds >= 21);
    assert.ok(costMethodFor('gpu').n > costMethodFor('cpu').n, 'a GPU gets more elements, past its caches');
  });
});

describe('webview/activations: what the panel prints', () => {
  it('Maxout set up as ReLU kills the gradient exactly where ReLU does (x < 0.00), and as Leaky ReLU never', async () => {
    const xs = plotGrid();
    const ranges = async (id: 'relu' | 'maxout' | 'leaky_relu', p = {}) => {
      const c = findCurve(id)!;
      const v = await evaluateCurve(curveFn(c.id), { ...c.defaults, ...p }, xs);
      return saturationRanges(v.x, v.df);
    };
    assert.deepEqual(MAXOUT_DEFAULTS, { w1: 1, b1: 0, w2: 0, b2: 0 });
    const relu = await ranges('relu');
    assert.equal(formatRanges(relu), 'x < 0.00');
    assert.deepEqual(await ranges('maxout'), relu);
    assert.equal(formatRanges(await ranges('maxout')), 'x < 0.00');
    // Pieces in the other order: the same function, the same answer.
    assert.equal(formatRanges(await ranges('maxout', { w1: 0, b1: 0, w2: 1, b2: 0 })), 'x < 0.00');
    assert.deepEqual(await ranges('maxout', { w2: 0.01 }), await ranges('leaky_relu'));
  });

  it('never prints −0.000', () => {
    assert.equal(formatSigned(-0.0004, 3), '0.000');
    assert.equal(formatSigned(-0, 2), '0.00');
    assert.equal(formatSigned(-0.0006, 3), '−0.001');
    assert.equal(formatSigned(0.25, 2), '0.25');
    assert.equal(formatSigned(NaN, 2), '…');
    assert.equal(formatRanges([{ from: -Infinity, to: -0.001 }]), 'x < 0.00');
  });

  it("the bands' legend names each shaded function and where bands overlap", async () => {
    await tf.setBackend('cpu');
    const curves = (['sigmoid', 'tanh', 'relu', 'leaky_relu'] as const).map((id) => ({ id, params: findCurve(id)!.defaults }));
    const results = await computeCurves(curves);
    const { entries, overlap } = bandLegend(results, () => '#3366cc', sayIn('en'));
    assert.deepEqual(entries.map((e) => e.id), ['sigmoid', 'tanh', 'relu'], 'Leaky ReLU has no band');
    assert.equal(entries.find((e) => e.id === 'relu')?.where, 'x < 0.00');
    assert.match(entries[0].color, /rgba|#/);
    // tanh (|x| > 3) and ReLU (x < 0) and sigmoid (|x| > 4.6) share x < 0 beyond −3 and x > 4.6.
    assert.equal(overlap.length, 2);
    assert.equal(overlap[0].from, -Infinity);
    assert.ok(Math.abs(overlap[0].to + 2.99) < 0.02, String(overlap[0].to));
    assert.ok(Math.abs(overlap[1].from - 4.6) < 0.02 && overlap[1].to === Infinity, JSON.stringify(overlap[1]));
  });
});
