// The init lab's experiment (webview/init/engine/experiment.ts) on TF.js's CPU backend, on small nets.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { sayIn } from '../../../../../src/core/i18n';
import { labTextOf, sayLab } from '../../../../../webview/init/labText';
import { checkNetConfig, initStd, runInitExperiment, runSymmetryDemo, sampleWeights, type NetConfig } from '../../../../../webview/init/engine/experiment';

const en = sayIn('en');

const net = (patch: Partial<NetConfig> = {}): NetConfig => ({ inputSize: 100, widths: Array(6).fill(100), activation: 'tanh', batch: 200, seed: 1, ...patch });

describe('webview/init/engine/experiment (TF.js CPU)', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('draws weights with the registry std', async () => {
    assert.equal(initStd({ name: 'he_normal' }, 200, 50), Math.sqrt(2 / 200));
    assert.equal(initStd({ name: 'glorot_normal' }, 200, 50), Math.sqrt(2 / 250));
    assert.equal(initStd({ name: 'normal', std: 0.3 }, 1, 1), 0.3);
    for (const [spec, want] of [
      [{ name: 'he_normal' }, Math.sqrt(2 / 400)],
      [{ name: 'he_uniform' }, Math.sqrt(2 / 400)],
      [{ name: 'normal', std: 0.01 }, 0.01],
    ] as const) {
      const w = sampleWeights(spec, 400, 300, 3);
      const std = tf.tidy(() => tf.sqrt(tf.moments(w).variance).dataSync()[0]);
      w.dispose();
      assert.ok(Math.abs(std / want - 1) < 0.02, `${spec.name}: std ${std}, want ${want}`);
    }
    const zeros = sampleWeights({ name: 'zeros' }, 3, 2, 1);
    assert.deepEqual(Array.from(zeros.dataSync()), [0, 0, 0, 0, 0, 0]);
    zeros.dispose();
  });

  it('reproduces the lecture: N(0, 0.01) vanishes, N(0, 1) saturates, Xavier holds, He holds for ReLU', async () => {
    const small = await runInitExperiment(net(), { name: 'normal', std: 0.01 });
    small.layers.slice(1).forEach((l, i) => assert.ok(l.std < small.layers[i].std));
    assert.ok(small.layers[5].std < 1e-3);
    const big = await runInitExperiment(net(), { name: 'normal', std: 1 });
    assert.ok(big.layers.every((l) => l.meanAbs > 0.9));
    const xavier = await runInitExperiment(net(), { name: 'glorot_normal' });
    assert.ok(xavier.layers[0].std / xavier.layers[5].std < 3);
    const he = await runInitExperiment(net({ activation: 'relu' }), { name: 'he_normal' });
    const stds = he.layers.map((l) => l.std);
    assert.ok(Math.max(...stds) / Math.min(...stds) < 2, stds.join(' '));
    // Histograms count every activation once.
    assert.equal(he.layers[0].counts.reduce((s, c) => s + c, 0), 200 * 100);
    assert.ok(he.layers.every((l) => l.gradNorm > 0));
  });

  it('zero init keeps every unit of a layer identical through training; random init does not', async () => {
    const zeros = await runSymmetryDemo(net({ widths: [40, 40, 40], inputSize: 30 }), { name: 'zeros' }, { steps: 5, learningRate: 0.05 });
    assert.deepEqual(zeros.distinctAfter, [1, 1, 1]);
    const ones = await runSymmetryDemo(net({ widths: [40, 40], inputSize: 30 }), { name: 'ones' }, { steps: 5, learningRate: 0.001 });
    assert.deepEqual(ones.distinctAfter, [1, 1], 'any constant init is symmetric');
    const xavier = await runSymmetryDemo(net({ widths: [40, 40, 40], inputSize: 30 }), { name: 'glorot_normal' }, { steps: 5 });
    assert.ok(xavier.distinctAfter.every((n) => n >= 38), xavier.distinctAfter.join(','));
  });

  it('rejects networks it cannot run, with the values it got', async () => {
    const problem = (c: NetConfig) => {
      const text = checkNetConfig(c);
      return text ? sayLab(text, en) : '';
    };
    assert.equal(checkNetConfig(net()), undefined);
    assert.match(problem(net({ widths: [] })), /1 to 50 layers, got 0/);
    assert.match(problem(net({ widths: [10, 0] })), /got 0/);
    assert.match(problem(net({ batch: 1.5 })), /batch .* got 1\.5/);
    assert.match(problem(net({ widths: Array(50).fill(4096), batch: 10000 })), /more than this lab keeps/);
    // The same problem in Korean: the page renders the engine's id and numbers in its language.
    assert.match(sayLab(checkNetConfig(net({ widths: [] }))!, sayIn('ko')), /층이 1개부터 50개까지.*입력값: 0/);
    await assert.rejects(runInitExperiment(net({ inputSize: -1 }), { name: 'zeros' }), (err: unknown) => /input width/.test(sayLab(labTextOf(err), en)));
  });

});
