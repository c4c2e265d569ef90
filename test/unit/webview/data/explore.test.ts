// What the data explorer computes (webview/data/explore.ts), and its engine's messages
// (webview/data/engine/protocol.ts), in plain Node: statistics from the training split only,
// whitening, histograms, and parsers that rebuild every field and reject the malformed.
import assert from 'node:assert/strict';
import { channelStats, covariance2 } from '../../../../webview/shared/dataStats';
import { makeShapes, makeToy } from '../../../../webview/shared/training/datasets';
import { exploreSamples, HIST_BINS, pointStages, SKEW, validationCount } from '../../../../webview/data/explore';
import { parseBnResult, parseFromEngineMessage, parseStatsResult, parseToEngineMessage } from '../../../../webview/data/engine/protocol';
import { restoreDataState, DEFAULT_DATA_STATE } from '../../../../webview/data/dataState';
import { maxGap } from '../../../../webview/data/bnDemo';

describe('webview/data/explore: statistics from the training split only', () => {
  const ds = makeToy('spiral', 600, 3, 7);
  const view = (xs: Float32Array, skew = false) => exploreSamples({ kind: 'points', count: 600, xs, labels: ds.labels, shape: [2] }, 0.2, skew);

  it('holds out the last ⌊n·f⌋ samples, as Keras’s validation_split and the Train panel', () => {
    assert.equal(validationCount(600, 0.2), 120);
    assert.equal(validationCount(10, 0.25), 2);
    assert.equal(validationCount(100, Number.NaN), 0);
    const v = view(ds.xs);
    assert.deepEqual([v.trainCount, v.validationCount, v.count], [480, 120, 600]);
  });

  it('a validation split that differs changes no training statistic, only the validation read-out', () => {
    const altered = ds.xs.slice();
    for (let i = 480 * 2; i < altered.length; i++) altered[i] = altered[i] * 5 + 3;
    const a = view(ds.xs);
    const b = view(altered);
    a.channels.forEach((c, k) => {
      const d = b.channels[k];
      assert.deepEqual([d.mean, d.std, d.min, d.max, d.before, d.centred, d.standardized], [c.mean, c.std, c.min, c.max, c.before, c.centred, c.standardized]);
      assert.notEqual(d.validationMean, c.validationMean, 'the validation read-out follows the validation samples');
    });
    assert.deepEqual(b.stages!.find((s) => s.id === 'whitened')!.cov, a.stages!.find((s) => s.id === 'whitened')!.cov);
    // The numbers are channelStats over the first 480 samples.
    const direct = channelStats(ds.xs, 2, 2, 480);
    assert.deepEqual(a.channels.map((c) => c.mean), direct.mean);
    assert.deepEqual(a.channels.map((c) => c.std), direct.std);
  });

  it('the validation split normalized with the training numbers is near 0 and 1, measured', () => {
    const v = view(ds.xs);
    const direct = channelStats(ds.xs, 2, 2, 600);
    for (const [k, c] of v.channels.entries()) {
      // Recomputed by hand from the validation samples.
      let sum = 0;
      let sq = 0;
      for (let i = 480; i < 600; i++) sum += (ds.xs[2 * i + k] - c.mean) / c.std;
      const mean = sum / 120;
      for (let i = 480; i < 600; i++) sq += ((ds.xs[2 * i + k] - c.mean) / c.std - mean) ** 2;
      assert.ok(Math.abs(c.validationMean! - mean) < 1e-12 && Math.abs(c.validationStd! - Math.sqrt(sq / 120)) < 1e-12);
      assert.ok(Math.abs(direct.mean[k] - c.mean) > 0, 'fitting on all samples would differ');
    }
  });

  it('histograms: every training value counted once in each, on one shared axis holding all three', () => {
    const shapes = makeShapes(50, 8, 8, 3, 7);
    const v = exploreSamples({ kind: 'images', count: 50, xs: shapes.xs, labels: shapes.labels, shape: [8, 8, 3] }, 0.2);
    assert.equal(v.channels.length, 3);
    for (const c of v.channels) {
      for (const h of [c.before, c.centred, c.standardized]) {
        assert.equal(h.counts.length, HIST_BINS);
        assert.equal(h.counts.reduce((a, b) => a + b, 0), 40 * 64);
        assert.deepEqual([h.lo, h.hi], [c.before.lo, c.before.hi]);
      }
      assert.ok(c.before.lo <= c.min && c.before.hi >= c.max);
      assert.ok(c.before.lo <= (c.min - c.mean) / c.std && c.before.hi >= (c.max - c.mean) / c.std - 1e-12);
    }
    assert.equal(v.stages, undefined, 'no point clouds for images');
  });

  it('the point clouds: skewed original correlated, decorrelated diagonal, whitened the identity within 1e-3', () => {
    const stages = pointStages(ds.xs, 600, 480, true);
    const cov = (id: string) => stages.find((s) => s.id === id)!.cov;
    assert.ok(Math.abs(cov('original')[1]) > 0.05 * cov('original')[0], String(cov('original')));
    assert.ok(Math.abs(cov('normalized')[0] - 1) < 1e-9 && Math.abs(cov('normalized')[2] - 1) < 1e-9);
    assert.ok(Math.abs(cov('decorrelated')[1]) < 1e-9);
    const [xx, xy, yy] = cov('whitened');
    assert.ok(Math.abs(xx - 1) < 1e-3 && Math.abs(xy) < 1e-3 && Math.abs(yy - 1) < 1e-3, String(cov('whitened')));
    // The skew is the affine map it says: the first drawn point of the original is A·x + b.
    const [x, y] = [ds.xs[0], ds.xs[1]];
    const first = stages[0].points.slice(0, 2);
    assert.ok(Math.abs(first[0] - (SKEW.a[0][0] * x + SKEW.a[0][1] * y + SKEW.b[0])) < 1e-12);
    // Unskewed, the original stage is the data itself, and its covariance is covariance2's.
    const plain = pointStages(ds.xs, 600, 480, false);
    const pts: [number, number][] = Array.from({ length: 600 }, (_, i) => [ds.xs[2 * i], ds.xs[2 * i + 1]]);
    const c = covariance2(pts, 480);
    assert.deepEqual(plain[0].cov, [c[0][0], c[0][1], c[1][1]]);
  });
});

describe('webview/data/engine/protocol: messages rebuilt, malformed ones rejected', () => {
  it('page -> engine: start, stats (with MNIST bytes or a CIFAR payload), bn', () => {
    assert.deepEqual(parseToEngineMessage({ type: 'start', backends: ['webgl'] }), { type: 'start' });
    const mnist = new Uint8Array([1, 2, 3]);
    assert.deepEqual(
      parseToEngineMessage({ type: 'stats', id: 3, dataset: 'mnist', samples: 10000, validationSplit: 0.2, skew: false, mnist, extra: 1 }),
      { type: 'stats', id: 3, dataset: 'mnist', samples: 10000, validationSplit: 0.2, skew: false, mnist },
    );
    assert.deepEqual(parseToEngineMessage({ type: 'bn', id: 1, momentum: 0.9, seed: 4, x: 1 }), { type: 'bn', id: 1, momentum: 0.9, seed: 4 });
    for (const bad of [
      null, { type: 'stats', id: 1, dataset: 'imagenet', samples: 10, validationSplit: 0.2, skew: true },
      { type: 'stats', id: 1, dataset: 'spiral', samples: 0, validationSplit: 0.2, skew: true },
      { type: 'stats', id: 1, dataset: 'spiral', samples: 1e9, validationSplit: 0.2, skew: true },
      { type: 'stats', id: 1, dataset: 'spiral', samples: 100, validationSplit: 0.9, skew: true },
      { type: 'stats', id: 1, dataset: 'spiral', samples: 100, validationSplit: 0.2 },
      { type: 'stats', id: 1, dataset: 'mnist', samples: 100, validationSplit: 0.2, skew: false, mnist: [1, 2] },
      { type: 'stats', id: 1, dataset: 'cifar', samples: 100, validationSplit: 0.2, skew: false, cifar: { count: 1 } },
      { type: 'bn', id: 1, momentum: 0.7, seed: 1 }, { type: 'bn', id: -1, momentum: 0.9, seed: 1 }, { type: 'train' },
    ]) {
      assert.equal(parseToEngineMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('engine -> page: results rebuilt whole; any broken part rejects the message', () => {
    const ds = makeToy('blobs', 100, 3, 7);
    const result = exploreSamples({ kind: 'points', count: 100, xs: ds.xs, labels: ds.labels, shape: [2] }, 0.2, true);
    const wire = JSON.parse(JSON.stringify(result));
    assert.deepEqual(parseStatsResult(wire), result);
    assert.deepEqual(parseFromEngineMessage({ type: 'statsResult', id: 2, result: wire, extra: 1 }), { type: 'statsResult', id: 2, result });
    const broken = [
      { ...wire, trainCount: wire.trainCount + 1 },
      { ...wire, channels: [] },
      { ...wire, stages: wire.stages.slice(1) },
      { ...wire, skewed: undefined },
      { ...wire, channels: [{ ...wire.channels[0], before: { lo: 0, hi: 1, counts: [1, 2] } }, wire.channels[1]] },
      { ...wire, stages: [{ ...wire.stages[0], points: [1, 2, 3] }, ...wire.stages.slice(1)] },
    ];
    for (const b of broken) assert.equal(parseStatsResult(b), undefined);

    const step = { batchMean: [1, 2], batchVariance: [1, 1], movingMean: [0.1, 0.2], movingVariance: [1, 1] };
    const bn = { momentum: 0.9, epsilon: 1e-3, batchSize: 16, steps: [step], training: { a: [0.2, 0.3, 0.5], b: [0.5, 0.3, 0.2] }, inference: { a: [0.2, 0.3, 0.5], b: [0.2, 0.3, 0.5] }, trainingGap: 0.3, inferenceGap: 0 };
    assert.deepEqual(parseBnResult({ ...bn, extra: 1 }), bn);
    assert.equal(parseBnResult({ ...bn, momentum: 0.8 }), undefined);
    assert.equal(parseBnResult({ ...bn, steps: [] }), undefined);
    assert.equal(parseBnResult({ ...bn, training: { a: [1, 0] } }), undefined);
    assert.deepEqual(parseFromEngineMessage({ type: 'failed', id: 1, reason: 'error', detail: 'x'.repeat(5000) }), { type: 'failed', id: 1, reason: 'error', detail: 'x'.repeat(2000) });
    for (const bad of [{ type: 'failed', reason: 'oops', detail: '' }, { type: 'started', backend: 7 }, { type: 'bnResult', id: 1, result: bn }, { type: 'statsResult', id: 'a', result: wire }]) {
      assert.equal(parseFromEngineMessage(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
  });

  it('the saved state: each field checked, anything malformed takes its default', () => {
    assert.deepEqual(restoreDataState(undefined), DEFAULT_DATA_STATE);
    assert.deepEqual(restoreDataState({ dataset: 'mnist', samples: 5000, validationSplit: 0.3, skew: false, momentum: 0.99, bnSeed: 3 }),
      { dataset: 'mnist', samples: 5000, validationSplit: 0.3, skew: false, momentum: 0.99, bnSeed: 3 });
    const odd = restoreDataState({ dataset: 'mnist', samples: 1e9, validationSplit: 0.25, skew: 'yes', momentum: 0.3, bnSeed: -1 });
    assert.deepEqual(odd, { ...DEFAULT_DATA_STATE, dataset: 'mnist', samples: 10000 });
    assert.equal(restoreDataState({ dataset: '__proto__' }).dataset, 'spiral');
    assert.equal(maxGap([0.25, 0.5], [0.75, 0.375]), 0.5);
  });
});
