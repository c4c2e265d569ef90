// The search's pure parts: log-uniform draws, the grid within a budget, seeds, zoom in, the
// layers a trial trains, and the Bergstra & Bengio picture's counts.
import assert from 'node:assert/strict';
import { analyze } from '../../../../src/core';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import {
  bergstraPoints, bestSoFar, demoSummary, distinctValues, drawTrial, gridShape, hasDropout, logUniform, planTrials, spaceProblem,
  trialLayers, trialSeed, zoomIn, type SearchPlan, type SearchSpace, type TrialResult,
} from '../../../../webview/search/search';

const space: SearchSpace = { learningRate: { min: 1e-4, max: 1e-1 }, l2: { min: 1e-6, max: 1e-2 } };
const plan = (over: Partial<SearchPlan> = {}): SearchPlan => ({ space, strategy: 'random', trials: 6, epochs: 2, seed: 5, ...over });

const result = (index: number, lr: number, l2: number, valAccuracy: number, extra: Partial<TrialResult> = {}): TrialResult => ({
  index, seed: index, params: { learningRate: lr, l2 }, status: 'done', valAccuracy, valLoss: 1 - valAccuracy, trainAccuracy: valAccuracy,
  epochs: 2, tensorsBefore: 0, tensorsAfter: 0, ...extra,
});

describe('search: sampling', () => {
  it('draws log-uniformly within the range: every decade gets about the same share', () => {
    const draws = Array.from({ length: 6000 }, (_, i) => drawTrial(space, trialSeed(1, i)).learningRate);
    assert.ok(draws.every((v) => v >= 1e-4 && v <= 1e-1));
    const perDecade = [1e-4, 1e-3, 1e-2].map((lo) => draws.filter((v) => v >= lo && v < lo * 10).length);
    // Three decades, 2000 expected in each; a uniform draw would put ~90% in the last one.
    for (const n of perDecade) assert.ok(n > 1800 && n < 2200, `per decade: ${perDecade}`);
  });

  it('maps the ends of [0, 1] to the ends of the range and the middle to the geometric mean', () => {
    const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * b;
    assert.ok(near(logUniform({ min: 1e-4, max: 1e-2 }, 0), 1e-4));
    assert.ok(near(logUniform({ min: 1e-4, max: 1e-2 }, 1), 1e-2));
    assert.ok(near(logUniform({ min: 1e-4, max: 1e-2 }, 0.5), 1e-3));
  });

  it('reproduces each trial from its seed, and different trials get different seeds', () => {
    assert.deepEqual(planTrials(plan()), planTrials(plan()));
    const seeds = planTrials(plan({ trials: 200 })).map((t) => t.seed);
    assert.equal(new Set(seeds).size, 200);
    assert.notDeepEqual(planTrials(plan({ seed: 6 })).map((t) => t.params), planTrials(plan()).map((t) => t.params));
    // Trial i depends on (seed, i) alone: a longer plan starts with the shorter one.
    assert.deepEqual(planTrials(plan({ trials: 10 })).slice(0, 6), planTrials(plan()));
  });

  it('draws batch sizes from the choices and dropout rates uniformly in their range', () => {
    const s: SearchSpace = { ...space, batchSize: [16, 32, 64], dropout: { min: 0.1, max: 0.5 } };
    const trials = planTrials({ ...plan({ trials: 300 }), space: s });
    assert.deepEqual([...new Set(trials.map((t) => t.params.batchSize))].sort((a, b) => a! - b!), [16, 32, 64]);
    assert.ok(trials.every((t) => t.params.dropout! >= 0.1 && t.params.dropout! <= 0.5));
  });

  it('a grid uses the budget as a product of values (6 → 3 × 2, 9 → 3 × 3), spaced evenly in log', () => {
    assert.deepEqual([...gridShape(space, 6)], [['learningRate', 3], ['l2', 2]]);
    assert.deepEqual([...gridShape(space, 9)], [['learningRate', 3], ['l2', 3]]);
    assert.deepEqual([...gridShape({ ...space, batchSize: [32] }, 9)], [['learningRate', 3], ['l2', 3], ['batchSize', 1]]);
    const grid = planTrials(plan({ strategy: 'grid', trials: 9 }));
    assert.equal(grid.length, 9);
    const lrs = [...new Set(grid.map((t) => t.params.learningRate))].sort((a, b) => a - b);
    assert.equal(lrs.length, 3);
    assert.ok(Math.abs(lrs[0] - 1e-4) < 1e-18 && Math.abs(lrs[2] - 1e-1) < 1e-15);
    assert.ok(Math.abs(Math.log10(lrs[1]) - -2.5) < 1e-12, 'the middle value is the log midpoint');
  });

  it('random search tries more distinct values of each parameter than a grid of the same budget', () => {
    for (const budget of [6, 9, 16]) {
      const random = planTrials(plan({ trials: budget }));
      const grid = planTrials(plan({ strategy: 'grid', trials: budget }));
      assert.ok(grid.length <= budget);
      for (const name of ['learningRate', 'l2'] as const) {
        assert.equal(distinctValues(random, name), budget);
        assert.ok(distinctValues(grid, name) < distinctValues(random, name), `${budget} trials, ${name}`);
      }
    }
  });

  it('checks a space: ranges inside the limits, start no larger than end, batch choices whole', () => {
    assert.equal(spaceProblem(space), undefined);
    assert.equal(spaceProblem({ ...space, learningRate: { min: 0, max: 1 } }), 'search.bad.learningRate');
    assert.equal(spaceProblem({ ...space, l2: { min: 1e-2, max: 1e-3 } }), 'search.bad.l2');
    assert.equal(spaceProblem({ ...space, batchSize: [32.5] }), 'search.bad.batchSize');
    assert.equal(spaceProblem({ ...space, batchSize: [] }), 'search.bad.batchSize');
    assert.equal(spaceProblem({ ...space, dropout: { min: 0.2, max: 1 } }), 'search.bad.dropout');
  });
});

describe('search: results', () => {
  const results = [result(0, 1e-3, 1e-5, 0.5), result(1, 1e-2, 1e-4, 0.9), result(2, 3e-2, 1e-3, 0.8), result(3, 1e-4, 1e-6, 0.3),
    result(4, 5e-2, 1e-2, 0.1, { status: 'diverged', valAccuracy: 0, valLoss: NaN }), result(5, 2e-3, 5e-5, 0.6), result(6, 4e-3, 1e-5, 0.4), result(7, 1e-1, 2e-6, 0.2)];

  it('zooms in on the best quarter: the new ranges span the top trials exactly', () => {
    const z = zoomIn(space, results)!;
    // 7 finished trials → the top 2: trials 1 (0.9) and 2 (0.8).
    assert.deepEqual(z.learningRate, { min: 1e-2, max: 3e-2 });
    assert.deepEqual(z.l2, { min: 1e-4, max: 1e-3 });
  });

  it('widens a range the top trials share, keeps the batch sizes they used, and needs two finished trials', () => {
    const same = [result(0, 1e-2, 1e-4, 0.9), result(1, 1e-2, 1e-4, 0.8)];
    assert.deepEqual(zoomIn(space, same)!.learningRate, { min: 5e-3, max: 2e-2 });
    const batch = [result(0, 1e-2, 1e-4, 0.9, { params: { learningRate: 1e-2, l2: 1e-4, batchSize: 64 } }),
      result(1, 2e-2, 2e-4, 0.8, { params: { learningRate: 2e-2, l2: 2e-4, batchSize: 16 } }), result(2, 1e-3, 1e-5, 0.1, { params: { learningRate: 1e-3, l2: 1e-5, batchSize: 32 } })];
    assert.deepEqual(zoomIn({ ...space, batchSize: [16, 32, 64] }, batch)!.batchSize, [16, 64]);
    assert.equal(zoomIn(space, [result(0, 1e-2, 1e-4, 0.9)]), undefined);
  });

  it('the best-so-far curve never falls', () => {
    assert.deepEqual(bestSoFar(results), [0.5, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]);
  });
});

describe('search: the layers a trial trains', () => {
  const spec = trainSpecFromAnalysis('file:///a.netspec', 'a.netspec', analyze('input 28x28x1\nconv2d 8 3 l2=1e-3\nmaxpool2d 2\nflatten\ndropout 0.5\ndense 10 activation=softmax\n'));

  it('sets l2=λ on every conv2d and dense layer and the rate on every dropout layer, leaving the spec untouched', () => {
    const before = JSON.stringify(spec.layers);
    const layers = trialLayers(spec.layers, { learningRate: 1e-3, l2: 2e-4, dropout: 0.3 });
    const conv = layers[0].config;
    const dense = layers[4].config;
    assert.ok(conv.kind === 'conv2d' && dense.kind === 'dense');
    assert.deepEqual(conv.regularizer, { l1: 0, l2: 2e-4 });
    assert.deepEqual(dense.regularizer, { l1: 0, l2: 2e-4 });
    assert.deepEqual(layers[3].config, { kind: 'dropout', rate: 0.3 });
    assert.deepEqual(layers[1].config, spec.layers[1].config);
    assert.equal(JSON.stringify(spec.layers), before);
    assert.ok(hasDropout(spec.layers));
    // Without a searched dropout the spec's rate stays.
    assert.deepEqual(trialLayers(spec.layers, { learningRate: 1e-3, l2: 2e-4 })[3].config, { kind: 'dropout', rate: 0.5 });
  });
});

describe('search: the Bergstra & Bengio picture', () => {
  it('a 3×3 grid tries 3 values of each parameter, 9 random trials try 9, and finds the peak better here', () => {
    const { grid, random } = bergstraPoints(2012);
    const g = demoSummary(grid);
    const r = demoSummary(random);
    assert.deepEqual([g.important, g.unimportant, r.important, r.unimportant], [3, 3, 9, 9]);
    assert.ok(r.best > g.best, `random ${r.best} > grid ${g.best}`);
  });
});
