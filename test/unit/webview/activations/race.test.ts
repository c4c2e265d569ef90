// The activation race (webview/activations/race.ts) on TF.js's CPU backend: every run starts from
// the same weights, and on the seeded toy set ReLU reaches the target in fewer epochs than sigmoid.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_RACE, fingerprint, initialWeights, race, raceChartData, raceVerdict, ratioToRelu, twoMoons } from '../../../../webview/activations/race';

describe('webview/activations/race (TF.js CPU)', () => {
  before(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('the toy set and the initial weights are functions of the seed alone', () => {
    const a = twoMoons(200, 3);
    assert.deepEqual(a, twoMoons(200, 3));
    assert.notDeepEqual(a.xs, twoMoons(200, 4).xs);
    assert.equal(a.labels.reduce((n, l) => n + l, 0), 100, 'two balanced classes');
    const w = initialWeights(DEFAULT_RACE);
    assert.deepEqual(w.map((x) => x.shape), [[2, 16], [16], [16, 16], [16], [16, 16], [16], [16, 1], [1]]);
    assert.equal(fingerprint(w), fingerprint(initialWeights(DEFAULT_RACE)));
    assert.notEqual(fingerprint(w), fingerprint(initialWeights({ ...DEFAULT_RACE, seed: DEFAULT_RACE.seed + 1 })));
    const limit = Math.sqrt(6 / (2 + 16));
    assert.ok(w[0].values.every((v) => Math.abs(v) <= limit), 'Glorot-uniform limits');
  });

  it('every run starts from identical weights, and ReLU reaches the target in fewer epochs than sigmoid', async function () {
    this.timeout(120_000);
    const before = tf.memory().numTensors;
    const result = await race(['sigmoid', 'tanh', 'relu'], DEFAULT_RACE);
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
    for (const run of result.runs) assert.equal(run.startFingerprint, result.initialFingerprint, run.activation);
    const [sigmoid, tanh, relu] = result.runs;
    assert.ok(relu.epochsToTarget !== undefined, 'ReLU reaches the target');
    assert.ok(relu.errors[relu.epochsToTarget - 1] <= DEFAULT_RACE.targetError);
    assert.ok(relu.errors.slice(0, -1).every((e) => e > DEFAULT_RACE.targetError), 'the first epoch at the target is the one reported');
    assert.ok(sigmoid.epochsToTarget === undefined || sigmoid.epochsToTarget > relu.epochsToTarget, `sigmoid ${sigmoid.epochsToTarget} vs ReLU ${relu.epochsToTarget}`);
    const r = ratioToRelu(result, sigmoid)!;
    assert.ok(r.ratio > 1);
    assert.equal(r.atLeast, sigmoid.epochsToTarget === undefined);
    assert.ok(tanh.errors.length >= 1);
    const verdict = raceVerdict(result).join('\n');
    assert.match(verdict, /25% training error/);
    assert.match(verdict, new RegExp(`fingerprint ${result.initialFingerprint}`));
    const [xs, ...ys] = raceChartData(result);
    assert.equal(xs.length, Math.max(...result.runs.map((x) => x.errors.length)));
    assert.equal(ys.length, 3);
  });
});
