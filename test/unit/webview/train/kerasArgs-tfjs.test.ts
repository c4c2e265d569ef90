import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { parseTrainSpec, trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { buildModel, describeBuilt } from '../../../../webview/shared/training/model';

// Keras arguments that change the parameter count or the function (BatchNormalization axis,
// center and scale; PReLU shared_axes; ReLU max_value; LeakyReLU's default α) reach the model the
// Train panel builds: TF.js's own layers count the same parameters as the core, layer by layer,
// and the spec survives the host-to-webview message parser unchanged.
const SPECS: Record<string, string> = {
  'BatchNormalization(axis=1) on 30×20×3': 'input 30x20x3\nBatchNormalization(axis=1)\nflatten\ndense 2',
  'BatchNormalization(center=False, scale=False)': 'input 8x8x4\nconv2d 6 3\nBatchNormalization(center=False, scale=False)\nflatten\ndense 2',
  'BatchNormalization(scale=False)': 'input 16\ndense 8\nBatchNormalization(scale=False)\ndense 2',
  'PReLU(shared_axes=[1, 2]) on 8×8×16': 'input 8x8x16\nPReLU(shared_axes=[1, 2])\nflatten\ndense 2',
  'ReLU(max_value=3.5), ReLU(6.), LeakyReLU()': 'input 10\ndense 8\nReLU(max_value=3.5)\ndense 8\nReLU(6.)\ndense 8\nLeakyReLU()\ndense 2',
};

describe('train: Keras arguments reach the TF.js model the panel builds', function () {
  this.timeout(60_000);
  before(async () => {
    await tf.setBackend('cpu');
  });

  for (const [name, text] of Object.entries(SPECS)) {
    it(name, () => {
      const a = analyze(text);
      assert.equal(a.hasErrors, false, JSON.stringify(a.diagnostics));
      const spec = trainSpecFromAnalysis('untitled:x', 'x.netspec', a);
      assert.deepEqual(parseTrainSpec(JSON.parse(JSON.stringify(spec))), spec, 'the message parser keeps every field');
      const built = buildModel(a.input!.shape, spec.layers, 1);
      try {
        assert.equal(built.model.countParams(), a.totalParams);
        const layers = describeBuilt(built);
        a.layers.forEach((l, i) => assert.equal(layers[i].params, l.params, `${l.name} params`));
        const nonTrainable = built.model.nonTrainableWeights.reduce((n, w) => n + w.shape.reduce((x: number, y) => x * (y ?? 1), 1), 0);
        assert.equal(nonTrainable, a.nonTrainableParams);
      } finally {
        built.model.dispose();
      }
    });
  }

  it('ReLU caps and the leaky slope in force are the ones the core resolved', () => {
    const a = analyze(SPECS['ReLU(max_value=3.5), ReLU(6.), LeakyReLU()']);
    const built = buildModel(a.input!.shape, trainSpecFromAnalysis('untitled:x', 'x.netspec', a).layers, 1);
    try {
      const probe = tf.tensor2d([[-10, -1, 0, 1, 2.5, 3.5, 5, 6, 7, 100]]);
      const apply = (layerName: string) => (built.model.getLayer(layerName).apply(probe) as tf.Tensor).dataSync();
      const names = built.model.layers.map((l) => l.name);
      const relu = names.filter((n) => /re_?lu/i.test(n) && !/leaky/i.test(n));
      const leaky = names.find((n) => /leaky/i.test(n))!;
      const capped = relu.map(apply);
      assert.ok(capped.some((v) => Math.max(...v) === 3.5), `one ReLU caps at 3.5: ${relu}`);
      assert.ok(capped.some((v) => Math.max(...v) === 6), 'one ReLU caps at 6');
      const alpha = a.layers.find((l) => l.kerasClass === 'LeakyReLU')!.config;
      assert.equal(alpha.kind === 'activation' ? alpha.activation.alpha : undefined, 0.3, "Keras's LeakyReLU() default");
      assert.ok(Math.abs(apply(leaky)[0] - -3) < 1e-6, 'the TF.js layer uses α = 0.3 too');
      probe.dispose();
    } finally {
      built.model.dispose();
    }
  });

  it('BatchNormalization(axis=1) normalizes each row over the batch, columns and channels, as Keras does', () => {
    const a = analyze('input 5x4x3\nBatchNormalization(axis=1, center=False, scale=False)');
    assert.equal(a.hasErrors, false, JSON.stringify(a.diagnostics));
    const built = buildModel(a.input!.shape, trainSpecFromAnalysis('untitled:x', 'x.netspec', a).layers, 1);
    try {
      const x = tf.randomNormal([6, 5, 4, 3], 2, 3, 'float32', 7);
      const y = built.model.apply(x, { training: true }) as tf.Tensor;
      // Keras: statistics over every axis but 1 (the rows), then (x − mean)/sqrt(var + ε).
      const { mean, variance } = tf.moments(x, [0, 2, 3], true);
      const expected = x.sub(mean).div(variance.add(0.001).sqrt());
      assert.ok(tf.max(tf.abs(y.sub(expected))).dataSync()[0] < 1e-4, 'per-row normalization');
      tf.dispose([x, y, mean, variance, expected]);
    } finally {
      built.model.dispose();
    }
  });

  it('BatchNormalization(center=False) trains: its moving statistics follow Keras, and γ gets a gradient', () => {
    const a = analyze('input 4\nBatchNormalization(center=False, momentum=0.9)\ndense 1');
    const built = buildModel(a.input!.shape, trainSpecFromAnalysis('untitled:x', 'x.netspec', a).layers, 1);
    try {
      const x = tf.randomNormal([16, 4], 1, 2, 'float32', 3);
      const batchMean = tf.mean(x, 0).dataSync();
      const trainable = built.model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => tf.mean(tf.square(built.model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, trainable);
      const [gamma, movingMean] = built.groups[0][0].getWeights().map((w) => w.dataSync());
      assert.equal(built.groups[0][0].getWeights().length, 3, 'gamma, moving_mean, moving_variance: no beta');
      assert.deepEqual([...gamma], [1, 1, 1, 1]);
      movingMean.forEach((m, i) => assert.ok(Math.abs(m - 0.1 * batchMean[i]) < 1e-5, `moving mean ${i}: 0.9·0 + 0.1·${batchMean[i]}`));
      assert.ok(Object.keys(grads).some((k) => /gamma/.test(k)), `a gradient for γ: ${Object.keys(grads)}`);
      tf.dispose([x, ...Object.values(grads)]);
    } finally {
      built.model.dispose();
    }
  });
});
