/**
 * Weight regularizers in the exports: Keras gets kernel_regularizer=keras.regularizers.L2(λ) and
 * friends; PyTorch gets the penalty written out and added to the loss, checked here with real
 * PyTorch against l1·Σ|w| + l2·Σw² computed in this test from the weights PyTorch reports.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../../src/core';
import { exportKeras, exportNotebook, exportPyTorch } from '../../../../src/core/export';
import { hasTorch, python, runner } from './python';

const SPEC = [
  'input 6x6x2',
  'conv2d 3 3 l2=0.25',
  'flatten',
  'Dense(5, kernel_regularizer=l1_l2(l1=0.5, l2=0.125), bias_regularizer=l2(2))',
  'maxout 4 l1=0.375',
  'dense 3 activation=softmax',
].join('\n');

/** The spec's penalties by the layer's kernel or bias key, as the test reads them from SPEC. */
const PENALTIES: Record<string, { l1: number; l2: number }> = {
  'conv2d/kernel': { l1: 0, l2: 0.25 },
  'dense/kernel': { l1: 0.5, l2: 0.125 },
  'dense/bias': { l1: 0, l2: 2 },
  'maxout/kernel': { l1: 0.375, l2: 0 },
};

describe('export: weight regularizers', function () {
  this.timeout(300_000);
  const a = analyze(SPEC);

  it('the spec is clean and the layer names are the ones the penalties name', () => {
    assert.equal(a.hasErrors, false, JSON.stringify(a.diagnostics));
    assert.deepEqual(a.layers.map((l) => l.name), ['conv2d', 'flatten', 'dense', 'maxout', 'dense_1']);
  });

  it('Keras: kernel_regularizer=keras.regularizers.L2(λ) / L1 / L1L2, bias_regularizer, Maxout passes it on', () => {
    const r = exportKeras(a, { specName: 'reg.netspec' });
    assert.ok(r.ok);
    assert.match(r.text, /layers\.Conv2D\([^\n]*kernel_regularizer=keras\.regularizers\.L2\(0\.25\)/);
    assert.match(r.text, /layers\.Dense\(5[^\n]*kernel_regularizer=keras\.regularizers\.L1L2\(l1=0\.5, l2=0\.125\), bias_regularizer=keras\.regularizers\.L2\(2\.0\)/);
    assert.match(r.text, /Maxout\(4[^\n]*kernel_regularizer=keras\.regularizers\.L1\(0\.375\)/);
    assert.match(r.text, /layers\.Dense\(5[^\n]*\n/);
    assert.doesNotMatch(r.text, /layers\.Dense\(3[^\n]*regularizer/);
    assert.match(r.text, /self\.dense = layers\.Dense\([^\n]*kernel_regularizer=kernel_regularizer\)/);
  });

  it('the notebook carries the same penalties', () => {
    for (const framework of ['keras', 'pytorch'] as const) {
      const r = exportNotebook(a, framework, { specName: 'reg.netspec' });
      assert.ok(r.ok);
      assert.match(r.text, framework === 'keras' ? /keras\.regularizers\.L2\(0\.25\)/ : /REGULARIZERS = \[/);
    }
  });

  describe('PyTorch 1.13 runs the penalty', function () {
    let dir = '';
    before(function () {
      if (!hasTorch()) {
        console.log(`      (skipped: ${python} cannot import torch)`);
        this.skip();
      }
      dir = mkdtempSync(join(tmpdir(), 'netlens-reg-'));
    });
    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('regularization_loss on fixed weights equals Σ l1·Σ|w| + l2·Σw² computed here', () => {
      const r = exportPyTorch(a, { specName: 'reg.netspec' });
      assert.ok(r.ok);
      const path = join(dir, 'reg.py');
      writeFileSync(path, r.text);
      const p = spawnSync(python, [runner, 'penalty', path], { encoding: 'utf8', timeout: 240_000 });
      assert.equal(p.status, 0, p.stderr);
      const { penalty, weights, requiresGrad } = JSON.parse(p.stdout) as { penalty: number; weights: Record<string, number[]>; requiresGrad: boolean };
      let expected = 0;
      for (const [key, { l1, l2 }] of Object.entries(PENALTIES)) {
        const w = weights[key];
        assert.ok(w && w.length > 0, `${key} not among ${Object.keys(weights).join(', ')}`);
        expected += l1 * w.reduce((s, x) => s + Math.abs(x), 0) + l2 * w.reduce((s, x) => s + x * x, 0);
      }
      assert.ok(expected > 1, 'the weights make a penalty worth checking');
      assert.ok(Math.abs(penalty - expected) <= 1e-6 * expected, `PyTorch ${penalty} vs ${expected}`);
      assert.equal(requiresGrad, true, 'the penalty takes part in backpropagation');
    });

    it('a spec without penalties adds exactly 0, and training steps run with them', () => {
      const plain = exportPyTorch(analyze('input 4\ndense 3 activation=softmax'), { specName: 'plain.netspec' });
      assert.ok(plain.ok);
      const plainPath = join(dir, 'plain.py');
      writeFileSync(plainPath, plain.text);
      const p = spawnSync(python, [runner, 'penalty', plainPath], { encoding: 'utf8', timeout: 240_000 });
      assert.equal(p.status, 0, p.stderr);
      assert.equal((JSON.parse(p.stdout) as { penalty: number }).penalty, 0);
      const s = spawnSync(python, [runner, 'steps', '2', join(dir, 'reg.py')], { encoding: 'utf8', timeout: 240_000 });
      assert.equal(s.status, 0, s.stderr);
      const losses = Object.values(JSON.parse(s.stdout) as Record<string, number[]>)[0];
      assert.equal(losses.length, 2);
      for (const l of losses) assert.ok(Number.isFinite(l), String(l));
    });
  });
});
