// The Train panel's Export with weights, end to end without VS Code: a model trained by TF.js
// (CPU backend in Node) -> the page's message (webview/train/exportRequest.ts) -> JSON, as
// postMessage carries it -> the host's parser -> the host's .npz (src/panels/trainExport.ts) ->
// the exported PyTorch script, whose logits must equal TF.js's within 1e-4.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { exportPyTorch, weightLayout, type ExportableAnalysis } from '../../../../src/core/export';
import { trainedWeightsNpz, weightsFileName } from '../../../../src/panels/trainExport';
import { parseTrainToHost, trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { exportSettings } from '../../../../webview/train/exportRequest';
import { trainedWeights } from '../../../../webview/train/engine/weights';
import { buildModel } from '../../../../webview/shared/training/model';
import { mulberry32 } from '../../../../webview/shared/training/random';
import type { TrainSettings } from '../../../../webview/shared/training/trainConfig';
import { hasTorch, npy, python, ROUNDTRIP_SPEC, runner } from '../../core/export/python';

const settings: TrainSettings = { optimizer: 'rmsprop', learningRate: 0.005, batchSize: 16, epochs: 3, validationSplit: 0.25, seed: 7 };

describe('train: Export carries the panel settings and the trained weights', function () {
  this.timeout(180_000);
  let dir = '';

  before(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'netlens-export-panel-'));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the form\'s settings into the script; sample counts only for the synthetic sets', () => {
    const spiral = exportSettings({ dataset: 'spiral', samples: 900 }, settings);
    assert.deepEqual(spiral, { dataset: 'spiral', samples: 900, optimizer: 'rmsprop', learningRate: 0.005, batchSize: 16, epochs: 3, validationSplit: 0.25, seed: 7 });
    const mnist = exportSettings({ dataset: 'mnist', samples: 1500 }, settings);
    assert.equal(mnist.samples, undefined, 'MNIST exports train on every image, not the browser subset');
    // Through the message parser as the host gets it, then into the script the command writes.
    const m = parseTrainToHost(JSON.parse(JSON.stringify({ type: 'export', target: 'pytorch', settings: spiral })));
    assert.ok(m?.type === 'export');
    const script = exportPyTorch(analyze('input 2\ndense 16 activation=relu\ndense 3 activation=softmax'), { specName: 'toy.netspec', settings: m.settings });
    assert.ok(script.ok);
    assert.match(script.text, /'dataset': 'spiral', 'samples': 900, 'optimizer': 'rmsprop', 'lr': 0\.005,/);
    assert.match(script.text, /'batch_size': 16, 'epochs': 3, 'validation_split': 0\.25, 'seed': 7,/);
  });

  it('the .npz from a trained TF.js model gives the exported PyTorch model the same logits (1e-4)', async function () {
    if (!hasTorch()) {
      console.log(`      (skipped: ${python} cannot import torch)`);
      this.skip();
    }
    const a = analyze(ROUNDTRIP_SPEC);
    assert.equal(a.hasErrors, false, JSON.stringify(a.diagnostics));
    const spec = trainSpecFromAnalysis('mem://panel', 'panel.netspec', a);
    const built = buildModel(a.input!.shape, spec.layers, 5);
    const rand = mulberry32(3);
    const n = 20;
    const xs = Float32Array.from({ length: n * 330 }, () => rand());
    const x = tf.tensor(xs, [n, 11, 10, 3]);
    const y = tf.tensor1d(Float32Array.from({ length: n }, (_, i) => i % 5));
    try {
      const before = (await trainedWeights(spec, built.groups));
      assert.ok(before.ok);
      built.model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
      await built.model.fit(x, y, { batchSize: 5, epochs: 2, shuffle: false, verbose: 0 });
      const out = await trainedWeights(spec, built.groups);
      assert.ok(out.ok, out.ok ? '' : out.message);
      assert.deepEqual(out.weights.map((w) => w.name), weightLayout(a as ExportableAnalysis).map((w) => w.key));
      // The payload holds the trained values, not the built ones.
      assert.notEqual(out.weights[0].data, before.weights[0].data);

      const message = parseTrainToHost(JSON.parse(JSON.stringify({ type: 'export', target: 'pytorch', settings: exportSettings({ dataset: 'shapes', samples: 100 }, settings), weights: out.weights })));
      assert.ok(message?.type === 'export' && message.weights);
      const npz = trainedWeightsNpz(a, 'panel.netspec', message.weights);
      assert.ok(npz.ok, npz.ok ? '' : npz.message);
      assert.equal(weightsFileName('panel.netspec'), 'panel.weights.npz');
      writeFileSync(join(dir, 'panel.weights.npz'), npz.bytes);
      writeFileSync(join(dir, 'inputs.npy'), npy([n, 11, 10, 3], xs));
      const script = exportPyTorch(a, { specName: 'panel.netspec', settings: message.settings });
      assert.ok(script.ok);
      writeFileSync(join(dir, 'panel.py'), script.text);

      const expected = (built.model.predict(x) as tf.Tensor).arraySync() as number[][];
      const r = spawnSync(python, [runner, 'logits', join(dir, 'panel.py'), join(dir, 'panel.weights.npz'), join(dir, 'inputs.npy')], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, r.stderr);
      const got = (JSON.parse(r.stdout) as { logits: number[][] }).logits;
      assert.equal(got.length, n);
      let worst = 0;
      for (let i = 0; i < n; i++) for (let k = 0; k < 5; k++) worst = Math.max(worst, Math.abs(got[i][k] - expected[i][k]));
      assert.ok(worst < 1e-4, `largest difference ${worst}`);
      assert.ok(Math.abs(expected[0][0] - expected[1][0]) + Math.abs(expected[0][1] - expected[2][1]) > 1e-3, 'the outputs differ between inputs');
    } finally {
      x.dispose();
      y.dispose();
      built.model.dispose();
    }
  });

  it('refuses weights that no longer fit the spec, and a model whose layers do not match it', async () => {
    const a = analyze('input 4\ndense 6 activation=relu\ndense 3 activation=softmax');
    const spec = trainSpecFromAnalysis('mem://small', 'small.netspec', a);
    const built = buildModel([4], spec.layers, 1);
    try {
      const out = await trainedWeights(spec, built.groups);
      assert.ok(out.ok);
      assert.equal(out.weights.length, 4);
      const fits = trainedWeightsNpz(a, 'small.netspec', out.weights);
      assert.ok(fits.ok);
      // The student saved the spec with a wider hidden layer after training.
      const edited = trainedWeightsNpz(analyze('input 4\ndense 8 activation=relu\ndense 3 activation=softmax'), 'small.netspec', out.weights);
      assert.equal(edited.ok, false);
      assert.match(edited.ok ? '' : edited.message, /do not fit small\.netspec as it is now \(dense\/kernel has shape 4×6, the spec needs 4×8\)/);
      const broken = trainedWeightsNpz(analyze('input 4\ndense 6 activaton=relu'), 'small.netspec', out.weights);
      assert.match(broken.ok ? '' : broken.message, /small\.netspec:2:\d+: error/);
      const fewer = await trainedWeights(spec, built.groups.slice(1));
      assert.deepEqual(fewer, { ok: false, message: 'The built model has 1 layers; the spec has 2.' });
    } finally {
      built.model.dispose();
    }
  });
});
