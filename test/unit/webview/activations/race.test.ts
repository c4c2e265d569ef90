// The activation race (webview/activations/race.ts, its training in engine/raceTraining.ts) on TF.js's CPU backend: every run starts from
// the same weights, and on the seeded toy set ReLU reaches the target in fewer epochs than sigmoid.
// The CNN race is the lecture's model (held to the core's analysis of examples/lecture6-cifar.netspec)
// on the Train panel's synthetic shapes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { sayIn } from '../../../../src/core/i18n';
import { makeShapes } from '../../../../webview/shared/training/datasets';
import {
  DEFAULT_RACE, LECTURE_CNN_RACE, SMALL_CNN_RACE, cnnInitialWeights, epochOrder, fingerprint, formatEpochs, initialWeights, parameterCount, raceChartData,
  raceParameterCount, raceVerdict, ratioToRelu, shapeImages, twoMoons, type CnnRaceSettings,
} from '../../../../webview/activations/race';
import { race } from '../../../../webview/activations/engine/raceTraining';

const en = sayIn('en');

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
    const verdict = raceVerdict(result, en).join('\n');
    assert.match(verdict, /25% training error/);
    assert.match(verdict, new RegExp(`fingerprint ${result.initialFingerprint}`));
    const [xs, ...ys] = raceChartData(result);
    assert.equal(xs.length, Math.max(...result.runs.map((x) => x.errors.length)));
    assert.equal(ys.length, 3);
  });

  it("the CNN race is the lecture's model: its parameter count is the core's for examples/lecture6-cifar.netspec", () => {
    const analysis = analyze(readFileSync(join(__dirname, '../../../../examples/lecture6-cifar.netspec'), 'utf8'));
    assert.equal(analysis.hasErrors, false);
    const weights = cnnInitialWeights(LECTURE_CNN_RACE);
    assert.equal(parameterCount(weights), analysis.totalParams);
    assert.deepEqual(weights.map((w) => w.shape), [[2, 2, 3, 64], [64], [16 * 16 * 64, 10], [10]]);
    // Keras's glorot_uniform fans for a convolution: kh·kw·in and kh·kw·out.
    const limit = Math.sqrt(6 / (2 * 2 * 3 + 2 * 2 * 64));
    assert.ok(weights[0].values.every((v) => Math.abs(v) <= limit) && weights[0].values.some((v) => Math.abs(v) > limit / 2));
    assert.ok(parameterCount(cnnInitialWeights(SMALL_CNN_RACE)) < parameterCount(weights) / 10, 'the small copy is small');
    for (const s of [LECTURE_CNN_RACE, SMALL_CNN_RACE]) assert.equal(raceParameterCount(s), parameterCount(cnnInitialWeights(s)), s.size);
    assert.equal(raceParameterCount(DEFAULT_RACE), parameterCount(initialWeights(DEFAULT_RACE)));
  });

  it("the CNN trains on the Train panel's synthetic shapes: same pixels, same labels", () => {
    const s = { ...SMALL_CNN_RACE, points: 40 };
    const images = shapeImages(s);
    const train = makeShapes(40, s.imageSize, s.imageSize, s.channels, s.seed);
    assert.deepEqual(images.xs, train.xs);
    assert.deepEqual(Array.from(images.labels), Array.from(train.labels));
    assert.deepEqual(epochOrder(s, 3), epochOrder(s, 3));
    assert.notDeepEqual(epochOrder(s, 3), epochOrder(s, 4));
  });

  it('a CNN race: every run from identical weights through identical batches, its error counted several times an epoch', async function () {
    this.timeout(120_000);
    // Tiny, so TF.js's CPU backend in Node runs it in seconds; the browser test runs SMALL_CNN_RACE.
    const s: CnnRaceSettings = { ...SMALL_CNN_RACE, imageSize: 8, filters: 4, points: 64, batchSize: 16, maxEpochs: 2, checksPerEpoch: 2, targetError: 0 };
    const before = tf.memory().numTensors;
    const epochsSeen: number[] = [];
    const result = await race(['relu', 'tanh'], s, (run) => epochsSeen.push(run.epochs.at(-1)!));
    assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
    assert.equal(result.parameters, parameterCount(cnnInitialWeights(s)));
    assert.equal(result.initialFingerprint, fingerprint(cnnInitialWeights(s)));
    for (const run of result.runs) {
      assert.equal(run.startFingerprint, result.initialFingerprint, run.activation);
      assert.deepEqual(run.epochs, [0.5, 1, 1.5, 2], `${run.activation}: two checks an epoch`);
      assert.ok(run.errors.every((e) => e >= 0 && e <= 1));
    }
    assert.deepEqual(result.runs[0].batchFingerprints, result.runs[1].batchFingerprints, 'the same batches');
    assert.equal(result.runs[0].batchFingerprints.length, 2, 'one per epoch');
    assert.notEqual(result.runs[0].batchFingerprints[0], result.runs[0].batchFingerprints[1], 'a new order each epoch');
    assert.notEqual(result.runs[0].errors.join(), result.runs[1].errors.join(), 'different activations learn differently');
    assert.deepEqual(epochsSeen, [0.5, 1, 1.5, 2, 0.5, 1, 1.5, 2]);
    assert.deepEqual(raceChartData(result)[0], [0.5, 1, 1.5, 2]);
    assert.match(raceVerdict(result, en).join('\n'), /reduced copy of the lecture’s CNN \(8×8×3 → Conv2D 4[\s\S]*ReLU did not reach 0% within 2 epochs/);
  });

  it('stops between batches when asked, and says so', async function () {
    this.timeout(60_000);
    const s: CnnRaceSettings = { ...SMALL_CNN_RACE, imageSize: 8, filters: 4, points: 64, batchSize: 16, maxEpochs: 5, checksPerEpoch: 4, targetError: 0 };
    const control = { stopRequested: false };
    const result = await race(['relu', 'tanh'], s, (run) => (control.stopRequested = run.epochs.length === 2), control);
    assert.equal(result.stopped, true);
    assert.deepEqual(result.runs.map((r) => r.activation), ['relu']);
    assert.deepEqual(result.runs[0].epochs, [0.25, 0.5]);
    assert.match(raceVerdict(result, en)[0], /stopped/);
    const ko = raceVerdict(result, sayIn('ko')).join('\n');
    assert.match(ko, /멈췄습니다/);
    assert.doesNotMatch(ko, /[{}⟦]/, 'every placeholder filled in Korean too');
    assert.equal(formatEpochs(0.75), '0.75');
    assert.equal(formatEpochs(3), '3');
  });
});
