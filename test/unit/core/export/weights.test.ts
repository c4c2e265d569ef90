/**
 * Weights round trip: a model trained a few steps by TF.js (CPU backend, the Train panel's model
 * builder), saved as .npz through the export's weight layout, gives PyTorch logits equal to TF.js's
 * within 1e-4 on the same inputs. The spec packs the layers where the frameworks differ: Keras's
 * asymmetric 'same' padding, explicit P, 'same' pooling, dense on an image, PReLU per element on
 * an image, channels-last flatten, maxout, BatchNorm moving statistics, Leaky ReLU, ELU.
 * A second spec holds Keras's arguments (BatchNormalization axis/center/scale, PReLU shared_axes,
 * ReLU max_value and negative_slope, LeakyReLU()): TF.js's own layers with those arguments, given
 * random weights through the export's layout, predict what the exported PyTorch model computes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { type ExportableAnalysis, exportPyTorch, layoutWeights, weightLayout, writeNpz } from '../../../../src/core/export';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { mulberry32 } from '../../../../webview/shared/training/random';
import { buildModel } from '../../../../webview/shared/training/model';
import { npy, python, runner, ROUNDTRIP_SPEC as SPEC } from './python';

describe('export: weights trained by TF.js give the same logits in PyTorch', function () {
  this.timeout(180_000);
  let dir = '';

  before(function () {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(`      (skipped: ${python} cannot import torch)`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'netlens-weights-'));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('TF.js and the exported PyTorch model agree within 1e-4 after training', async () => {
    await tf.setBackend('cpu');
    const a = analyze(SPEC);
    assert.equal(a.hasErrors, false, JSON.stringify(a.diagnostics));
    const spec = trainSpecFromAnalysis('mem://roundtrip', 'roundtrip.netspec', a);
    const built = buildModel(a.input!.shape, spec.layers, 3);
    const rand = mulberry32(11);
    const n = 24;
    const size = 11 * 10 * 3;
    const xs = Float32Array.from({ length: n * size }, () => rand());
    const ys = Float32Array.from({ length: n }, (_, i) => i % 5);
    const x = tf.tensor(xs, [n, 11, 10, 3]);
    const y = tf.tensor1d(ys);
    try {
      built.model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
      await built.model.fit(x, y, { batchSize: 8, epochs: 2, shuffle: false, verbose: 0 });

      // Every layer's TF.js weights (kernel, bias, then the PReLU after it...) fill the layout in order.
      const laid = layoutWeights(a as ExportableAnalysis, (i) => built.groups[i].flatMap((layer) => layer.getWeights().map((w) => w.dataSync() as Float32Array)));
      assert.ok(laid.ok, laid.ok ? '' : laid.message);
      const arrays = laid.arrays;
      assert.deepEqual(arrays.map((w) => w.name), weightLayout(a as ExportableAnalysis).map((w) => w.key));
      const wrong = layoutWeights(a as ExportableAnalysis, () => []);
      assert.equal(wrong.ok, false);
      // Training moved the BatchNorm moving averages away from their start (so the test can fail).
      const movingMean = arrays.find((w) => w.name === 'batch_normalization/moving_mean')!;
      assert.ok(movingMean.data.some((v) => v !== 0));
      const npz = writeNpz(arrays);
      assert.ok(npz.ok, npz.ok ? '' : npz.message);
      writeFileSync(join(dir, 'weights.npz'), npz.bytes);
      writeFileSync(join(dir, 'inputs.npy'), npy([n, 11, 10, 3], xs));
      const exported = exportPyTorch(a, { specName: 'roundtrip.netspec' });
      assert.ok(exported.ok);
      writeFileSync(join(dir, 'roundtrip.py'), exported.text);

      const expected = (built.model.predict(x) as tf.Tensor).arraySync() as number[][];
      const r = spawnSync(python, [runner, 'logits', join(dir, 'roundtrip.py'), join(dir, 'weights.npz'), join(dir, 'inputs.npy')], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, r.stderr);
      const result = JSON.parse(r.stdout) as { logits: number[][]; resavedIdentical: boolean };
      assert.equal(result.resavedIdentical, true, 'save_weights did not write the loaded weights back unchanged');
      const got = result.logits;
      assert.equal(got.length, n);
      let worst = 0;
      for (let i = 0; i < n; i++) for (let k = 0; k < 5; k++) worst = Math.max(worst, Math.abs(got[i][k] - expected[i][k]));
      assert.ok(worst < 1e-4, `largest difference ${worst}`);
      // The outputs are not all alike (a constant model would agree trivially).
      assert.ok(Math.abs(expected[0][0] - expected[1][0]) + Math.abs(expected[0][1] - expected[2][1]) > 1e-3);
    } finally {
      x.dispose();
      y.dispose();
      built.model.dispose();
    }
  });

  it('Keras\'s arguments: TF.js layers built with them and the exported PyTorch model agree within 1e-4 on random weights', () => {
    const text = `layers.Input(shape=(9, 8, 3))
layers.Conv2D(4, 3, padding="same")
layers.BatchNormalization(axis=1, center=False)
layers.BatchNormalization(axis=2, scale=False, epsilon=0.01)
layers.BatchNormalization(center=False, scale=False)
layers.PReLU(shared_axes=[1, 2])
layers.ReLU(max_value=0.8)
layers.LeakyReLU()
layers.ReLU(negative_slope=0.1)
layers.PReLU(shared_axes=[3])
layers.Flatten()
layers.Dense(6)
layers.BatchNormalization(center=False)
layers.ReLU(6.)
layers.Dense(5)`;
    const a = analyze(text) as ExportableAnalysis;
    assert.equal(a.hasErrors, false, JSON.stringify(a.diagnostics));
    // Each spec layer as the TF.js layer of the same Keras class and arguments (the oracle). TF.js's
    // CPU batchNorm kernel indexes the statistics as if they ran along the last axis (axis=1 on a
    // 9×8×4 tensor mixes its rows), so a BatchNormalization over another axis is Keras's meaning
    // spelled out: that axis swapped last, normalized there, swapped back; the weights are the same.
    const model = tf.sequential();
    model.add(tf.layers.inputLayer({ inputShape: a.input.shape }));
    const owners: tf.layers.Layer[] = [];
    const add = (layer: tf.layers.Layer) => {
      model.add(layer);
      owners.push(layer);
    };
    for (const l of a.layers) {
      const c = l.config;
      if (c.kind === 'conv2d') add(tf.layers.conv2d({ filters: c.filters, kernelSize: c.kernel, padding: 'same' }));
      else if (c.kind === 'batchnorm') {
        const rank = l.inputShape!.length;
        const at = c.axis < 0 ? rank + c.axis : c.axis - 1;
        const swap = Array.from({ length: rank }, (_, k) => (k === at ? rank : k === rank - 1 ? at + 1 : k + 1));
        if (at !== rank - 1) model.add(tf.layers.permute({ dims: swap }));
        add(tf.layers.batchNormalization({ axis: -1, center: c.center, scale: c.scale, epsilon: c.epsilon }));
        if (at !== rank - 1) model.add(tf.layers.permute({ dims: swap }));
      } else if (c.kind === 'flatten') add(tf.layers.flatten());
      else if (c.kind === 'dense') add(tf.layers.dense({ units: c.units }));
      else if (c.kind === 'activation' && c.activation.name === 'prelu') add(tf.layers.prelu({ sharedAxes: c.activation.sharedAxes }));
      else if (c.kind === 'activation' && c.activation.name === 'relu') add(tf.layers.reLU({ maxValue: c.activation.maxValue }));
      else if (c.kind === 'activation' && c.activation.name === 'relu6') add(tf.layers.reLU({ maxValue: 6 }));
      else if (c.kind === 'activation' && c.activation.name === 'leaky_relu') add(tf.layers.leakyReLU({ alpha: c.activation.alpha }));
      else assert.fail(`${l.name}: no TF.js layer in this test for ${JSON.stringify(c)}`);
    }
    const rand = mulberry32(5);
    // Random weights, moving variances positive; PReLU slopes and BatchNorm's γ, β far from their start.
    for (const layer of owners) {
      layer.setWeights(layer.weights.map((v) => {
        const shape = v.shape as number[];
        return tf.tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => (v.name.includes('moving_variance') ? 0.5 + rand() : 2 * rand() - 1)), shape);
      }));
    }
    const n = 6;
    const xs = Float32Array.from({ length: n * 9 * 8 * 3 }, () => 4 * rand() - 2);
    const x = tf.tensor(xs, [n, 9, 8, 3]);
    try {
      const laid = layoutWeights(a, (i) => owners[i].getWeights().map((w) => w.dataSync() as Float32Array));
      assert.ok(laid.ok, laid.ok ? '' : laid.message);
      assert.deepEqual(laid.arrays.map((w) => w.shape), owners.flatMap((layer) => layer.getWeights().map((w) => w.shape)), 'Keras shapes');
      assert.deepEqual(laid.arrays.filter((w) => w.name.startsWith('batch_normalization/')).map((w) => w.name), ['batch_normalization/gamma', 'batch_normalization/moving_mean', 'batch_normalization/moving_variance']);
      const npz = writeNpz(laid.arrays);
      assert.ok(npz.ok);
      writeFileSync(join(dir, 'args.npz'), npz.bytes);
      writeFileSync(join(dir, 'args-inputs.npy'), npy([n, 9, 8, 3], xs));
      const exported = exportPyTorch(a, { specName: 'args.netspec' });
      assert.ok(exported.ok);
      writeFileSync(join(dir, 'args.py'), exported.text);
      const expected = (model.predict(x) as tf.Tensor).arraySync() as number[][];
      const r = spawnSync(python, [runner, 'logits', join(dir, 'args.py'), join(dir, 'args.npz'), join(dir, 'args-inputs.npy')], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, r.stderr);
      const result = JSON.parse(r.stdout) as { logits: number[][]; resavedIdentical: boolean };
      assert.equal(result.resavedIdentical, true);
      let worst = 0;
      for (let i = 0; i < n; i++) for (let k = 0; k < 5; k++) worst = Math.max(worst, Math.abs(result.logits[i][k] - expected[i][k]));
      assert.ok(worst < 1e-4, `largest difference ${worst}`);
      assert.ok(Math.abs(expected[0][0] - expected[1][0]) + Math.abs(expected[0][1] - expected[2][1]) > 1e-3);
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
