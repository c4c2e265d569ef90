/**
 * The Train panel's weight decay and augmentation in the exports. Weight decay is decoupled
 * (AdamW-style) in NetLens; the exported PyTorch script must mean the same: a few steps of the
 * script's own functions (make_optimizer, loss, regularization_loss, apply_weight_decay) in real
 * PyTorch land on NetLens's weights (TF.js, webview/shared/training/trainer.ts trainStep) within
 * 1e-5, for Adam (where it equals torch.optim.AdamW) and SGD with momentum. The augmentation's
 * PyTorch rule (flip, then a whole-pixel shift filled with 0) is checked against NetLens's own
 * function on the draws PyTorch made. Keras gets the optimizer's weight_decay= and its
 * preprocessing layers (flagged as not exact in the script).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { exportKeras, exportPyTorch } from '../../../../src/core/export';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { applyAugmentations } from '../../../../webview/shared/training/augment';
import { buildModel } from '../../../../webview/shared/training/model';
import { EarlyStoppingWatch } from '../../../../webview/shared/training/earlyStopping';
import { makeOptimizer, trainStep } from '../../../../webview/shared/training/trainer';
import { hasTorch, python } from './python';

const helper = join(__dirname, 'weight_decay_steps.py');
const SPEC = 'input 4\ndense 6 activation=tanh l2=0.01\ndense 3';
const SETTINGS = { optimizer: 'adam' as const, learningRate: 0.05, batchSize: 5, epochs: 1, validationSplit: 0, seed: 1, weightDecay: 0.1 };

describe('export: weight decay (decoupled) and augmentation', function () {
  this.timeout(300_000);
  const a = analyze(SPEC);

  it('writes the settings into both scripts, Keras with the optimizer\'s weight_decay= and its flagged augmentation', () => {
    const py = exportPyTorch(a, { specName: 'wd.netspec', settings: { ...SETTINGS, augment: { flip: true, shift: 2 } } });
    assert.ok(py.ok);
    assert.match(py.text, /'weight_decay': 0\.1, {2}# decoupled/);
    assert.match(py.text, /'augment': \{'flip': True, 'shift': 2\}/);
    assert.match(py.text, /apply_weight_decay\(model, optimizer\.param_groups\[0\]\['lr'\], args\.weight_decay\)\n\s+scaler\.step\(optimizer\)/);
    const keras = exportKeras(a, { specName: 'wd.netspec', settings: { ...SETTINGS, augment: { flip: false, shift: 3 } } });
    assert.ok(keras.ok);
    assert.match(keras.text, /'weight_decay': 0\.1,/);
    assert.match(keras.text, /kw = \{'weight_decay': weight_decay\} if weight_decay else \{\}/);
    assert.match(keras.text, /make_optimizer\(args\.optimizer, lr, hypers, args\.weight_decay\)/);
    assert.match(keras.text, /NOT EXACT/);
    assert.match(keras.text, /RandomTranslation\(augment\['shift'\] \/ INPUT_SHAPE\[0\]/);
    const off = exportPyTorch(a, { specName: 'wd.netspec' });
    assert.ok(off.ok);
    assert.match(off.text, /'weight_decay': 0\.0,/);
    assert.match(off.text, /'augment': None,/);
  });

  describe('PyTorch 1.13 runs the exported rule', function () {
    let dir = '';
    before(async function () {
      if (!hasTorch()) {
        console.log(`      (skipped: ${python} cannot import torch)`);
        this.skip();
      }
      await tf.setBackend('cpu');
      dir = mkdtempSync(join(tmpdir(), 'netlens-wd-'));
    });
    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const optimizer of ['adam', 'momentum'] as const) {
      it(`${optimizer}: 4 steps with decoupled weight decay and an L2 penalty give NetLens's weights within 1e-5`, () => {
        const lr = 0.05;
        const wd = 0.1;
        const spec = trainSpecFromAnalysis('file:///wd.netspec', 'wd.netspec', a);
        const built = buildModel(spec.inputShape!, spec.layers, 5);
        const keys = ['dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias'];
        const initial = built.model.getWeights().map((w, k) => ({ key: keys[k], shape: w.shape, values: Array.from(w.dataSync()) }));
        const x = [[0.5, -1, 0.25, 2], [1, 0.5, -0.5, 0], [-1.5, 0.2, 0.3, 0.7], [0.1, 0.9, -0.4, -1], [2, -0.3, 0.6, 0.2]];
        const y = [2, 0, 1, 1, 0];
        const opt = makeOptimizer(optimizer, lr);
        try {
          for (let step = 0; step < 4; step++) {
            tf.tidy(() => {
              const out = trainStep(built.model, opt, 'logits', tf.tensor2d(x), tf.tensor1d(y, 'int32'), 3, lr * wd);
              tf.dispose([out.loss, out.correct, out.regLoss!]);
            });
          }
          const netlens = Object.fromEntries(built.model.getWeights().map((w, k) => [keys[k], Array.from(w.dataSync())]));
          const script = exportPyTorch(a, { specName: 'wd.netspec', settings: { ...SETTINGS, optimizer } });
          assert.ok(script.ok);
          const path = join(dir, `wd-${optimizer}.py`);
          writeFileSync(path, script.text);
          const casePath = join(dir, `case-${optimizer}.json`);
          writeFileSync(casePath, JSON.stringify({
            weights: Object.fromEntries(initial.map((w) => [w.key, { shape: w.shape, values: w.values }])), x, y, optimizer, lr, weight_decay: wd, steps: 4,
          }));
          const p = spawnSync(python, [helper, 'steps', path, casePath], { encoding: 'utf8', timeout: 240_000 });
          assert.equal(p.status, 0, p.stderr);
          const { adamwMaxDiff, ...torch } = JSON.parse(p.stdout) as Record<string, number[]> & { adamwMaxDiff?: number };
          assert.deepEqual(Object.keys(torch).sort(), [...keys].sort());
          if (optimizer === 'adam') assert.ok(adamwMaxDiff !== undefined && adamwMaxDiff < 1e-6, `torch.optim.AdamW gives the same weights: ${adamwMaxDiff}`);
          let moved = 0;
          for (const key of keys) {
            torch[key].forEach((v, i) => assert.ok(Math.abs(v - netlens[key][i]) < 1e-5, `${key}[${i}]: PyTorch ${v} vs NetLens ${netlens[key][i]}`));
            moved = Math.max(moved, ...netlens[key].map((v, i) => Math.abs(v - initial[keys.indexOf(key)].values[i])));
          }
          assert.ok(moved > 1e-3, 'the weights moved (the comparison is not of the initial weights)');
        } finally {
          opt.dispose();
          built.model.dispose();
        }
      });
    }

    it('without weight decay the same steps differ: the decay is what the comparison measures', () => {
      const spec = trainSpecFromAnalysis('file:///wd.netspec', 'wd.netspec', a);
      const run = (decay: number) => {
        const built = buildModel(spec.inputShape!, spec.layers, 5);
        const opt = makeOptimizer('adam', 0.05);
        tf.tidy(() => {
          const out = trainStep(built.model, opt, 'logits', tf.tensor2d([[1, 2, 3, 4]]), tf.tensor1d([1], 'int32'), 3, decay);
          tf.dispose([out.loss, out.correct, out.regLoss!]);
        });
        const w = Array.from(built.model.getWeights()[0].dataSync());
        opt.dispose();
        built.model.dispose();
        return w;
      };
      const [withDecay, without] = [run(0.005), run(0)];
      assert.ok(withDecay.some((v, i) => Math.abs(v - without[i]) > 1e-5));
    });

    it('early stopping: the script\'s BestEpoch decides every epoch as NetLens does (min delta, ties, NaN)', () => {
      const script = exportPyTorch(a, { specName: 'es.netspec', settings: { ...SETTINGS, earlyStopping: { patience: 2, minDelta: 0.05 } } });
      assert.ok(script.ok);
      assert.match(script.text, /'early_stopping': \{'patience': 2, 'min_delta': 0\.05\}/);
      const path = join(dir, 'es.py');
      writeFileSync(path, script.text);
      const cases = [
        { losses: [null, 1, 0.96, 0.9, 0.9, 0.5, 0.47, 0.46, 0.2], patience: 2, min_delta: 0.05 },
        { losses: [0.5, 0.6, 0.4, 0.4, 0.41, 0.39], patience: 3, min_delta: 0 },
      ];
      for (const c of cases) {
        const casePath = join(dir, 'watch.json');
        writeFileSync(casePath, JSON.stringify(c));
        const p = spawnSync(python, [helper, 'watch', path, casePath], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(p.status, 0, p.stderr);
        const torch = JSON.parse(p.stdout) as { verdicts: string[]; best: number };
        const watch = new EarlyStoppingWatch(c.patience, c.min_delta);
        const netlens = c.losses.map((v, i) => watch.observe(i + 1, v ?? NaN));
        assert.deepEqual(torch.verdicts, netlens);
        assert.equal(torch.best, watch.best?.epoch);
        assert.ok(netlens.includes('stop') || c.patience === 3, JSON.stringify(netlens));
      }
      const keras = exportKeras(a, { specName: 'es.netspec', settings: { ...SETTINGS, earlyStopping: { patience: 2, minDelta: 0.05 } } });
      assert.ok(keras.ok);
      assert.match(keras.text, /RestoreBestAtEnd\(monitor='val_loss', patience=early\['patience'\], min_delta=early\['min_delta'\], restore_best_weights=True\)/);
    });

    it('augment_batch flips and shifts as NetLens does, with 0 filling the border', () => {
      // Two 4×5×2 images with distinct values; PyTorch draws, and the test recovers each draw by
      // matching NetLens's applyAugmentations over every (flip, dx, dy) within the shift.
      const shape = [4, 5, 2];
      const size = 4 * 5 * 2;
      const xs = Float32Array.from({ length: 3 * size }, (_, i) => i + 1);
      const nested = Array.from({ length: 3 }, (_, n) => Array.from({ length: 4 }, (_, y) => Array.from({ length: 5 }, (_, x) => [0, 1].map((c) => xs[n * size + (y * 5 + x) * 2 + c]))));
      const script = exportPyTorch(analyze('input 4x5x2\nflatten\ndense 2'), { specName: 'aug.netspec' });
      assert.ok(script.ok);
      const path = join(dir, 'aug.py');
      writeFileSync(path, script.text);
      const casePath = join(dir, 'aug.json');
      writeFileSync(casePath, JSON.stringify({ x: nested, seed: 3, augment: { flip: true, shift: 1 } }));
      const p = spawnSync(python, [helper, 'augment', path, casePath], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(p.status, 0, p.stderr);
      const out = (JSON.parse(p.stdout) as { out: number[][][][] }).out;
      for (let n = 0; n < 3; n++) {
        const got = out[n].flat(2);
        const one = xs.slice(n * size, (n + 1) * size);
        const matches = [];
        for (const flip of [false, true]) {
          for (let dx = -1; dx <= 1; dx++) {
            for (let dy = -1; dy <= 1; dy++) {
              const want = Array.from(applyAugmentations(one, shape, [{ flip, dx, dy }]));
              if (want.every((v, i) => v === got[i])) matches.push({ flip, dx, dy });
            }
          }
        }
        assert.equal(matches.length, 1, `image ${n}: exactly one NetLens draw gives PyTorch's picture (${JSON.stringify(matches)})`);
      }
    });
  });
});
