import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../src/core';
import { findLayer } from '../../../src/core/catalogue';
import { exportModel } from '../../../src/core/export';
import { explainLayer } from '../../../src/core/explain';
import { layerConfigProblem } from '../../../src/core/resolve';
import { parseTrainSpec, trainSpecFromAnalysis } from '../../../src/protocol/train';
import { hasTorch, python } from './export/python';

const errors = (text: string) => analyze(text).diagnostics.filter((d) => d.severity === 'error');

describe('core: normalize (Keras Normalization)', () => {
  it('is one catalogue layer, reached by its netspec and Keras names', () => {
    assert.equal(findLayer('normalize')?.kerasClass, 'Normalization');
    assert.equal(findLayer('Normalization')?.id, 'normalize');
  });

  it('counts Keras\'s 2C + 1 non-trainable weights (mean, variance, scalar count) and keeps the shape', () => {
    const a = analyze('input 32x32x3\nnormalize\nflatten\ndense 10');
    assert.deepEqual(errors('input 32x32x3\nnormalize\nflatten\ndense 10'), []);
    const n = a.layers[0];
    assert.deepEqual(n.outputShape, [32, 32, 3]);
    assert.equal(n.params, 2 * 3 + 1);
    assert.equal(n.trainableParams, 0);
    assert.equal(a.nonTrainableParams, 7);
    assert.equal(a.totalParams, 7 + (32 * 32 * 3 + 1) * 10);
    // axis=1 on a 784-vector: one mean and variance per entry.
    assert.equal(analyze('input 784\nnormalize axis=1').layers[0].params, 2 * 784 + 1);
  });

  it('reads a pasted layers.Normalization(...) with mean= and variance= (no weights, as Keras)', () => {
    const text = 'input 28x28x1\nlayers.Normalization(axis=-1, mean=0.1307, variance=0.0949)';
    assert.deepEqual(errors(text), []);
    const n = analyze(text).layers[0];
    assert.deepEqual(n.config, { kind: 'normalize', axis: -1, mean: 0.1307, variance: 0.0949 });
    assert.equal(n.params, 0);
  });

  it('flags mean without variance, a negative variance and an axis outside the sample', () => {
    assert.match(errors('input 784\nlayers.Normalization(mean=0.5)')[0].message, /mean and variance together/);
    assert.match(errors('input 784\nnormalize mean=0 variance=-1')[0].message, /0 or more/);
    assert.match(errors('input 784\nnormalize axis=3')[0].message, /axis=3 names no axis/);
    assert.ok(layerConfigProblem({ kind: 'normalize', axis: -1, mean: 0 }));
    assert.equal(layerConfigProblem({ kind: 'normalize', axis: -1 }), undefined);
  });

  it('hover explains (x − mean)/√variance and the training-split-only rule, in English and Korean', () => {
    const n = analyze('input 32x32x3\nnormalize').layers[0];
    const en = explainLayer(n, 'en');
    assert.match(en.params, /params = 2·3 \+ 1 = 7/);
    assert.match(en.notes.join(' '), /\(x − mean\)\/√variance.*training split only/);
    assert.match(explainLayer(n, 'ko').notes.join(' '), /training split/);
  });

  it('without mean= and variance=, every exporter writes it and fits it with adapt() on the training split (test/unit/core/export/normalize-adapt.test.ts runs it)', () => {
    const a = analyze('input 32x32x3\nnormalize\nflatten\ndense 10');
    for (const target of ['pytorch', 'keras', 'ipynb'] as const) {
      const r = exportModel(a, target, { specName: 'n.netspec' });
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.match(r.text, /NORMALIZATION = \[(\\)?'normalization(\\)?'\]/, target);
      assert.match(r.text, /adapt_normalization\(model, x/, target);
    }
  });

  it('with mean= and variance=, Keras writes the call and PyTorch 1.13 computes (x − mean)/√variance with no weights', function () {
    this.timeout(120_000);
    const a = analyze('input 2x2x3\nlayers.Normalization(mean=0.5, variance=4.0)\nflatten\ndense 3 activation=softmax');
    const keras = exportModel(a, 'keras', { specName: 'n.netspec' });
    assert.ok(keras.ok && keras.text.includes("layers.Normalization(mean=0.5, variance=4.0, name='normalization')"), keras.ok ? keras.text : keras.message);
    const torch = exportModel(a, 'pytorch', { specName: 'n.netspec' });
    assert.ok(torch.ok, torch.ok ? '' : torch.message);
    if (!hasTorch()) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'netlens-norm-'));
    try {
      const script = join(dir, 'n_pytorch.py');
      writeFileSync(script, torch.text);
      // The model's own normalization module on a known input, and its parameter count.
      const probe = [
        'import importlib.util, json, sys',
        'spec = importlib.util.spec_from_file_location("m", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
        'model = m.Model().eval()',
        'norm = [mod for mod in model.modules() if type(mod).__name__ == "KerasNormalization"][0]',
        'x = m.torch.tensor([[-1.5, 0.5, 2.5, 4.5]])',
        'print(json.dumps({"y": norm(x).tolist()[0], "params": sum(p.numel() for p in norm.parameters()), "buffers": sum(b.numel() for b in norm.buffers())}))',
      ].join('\n');
      const r = spawnSync(python, ['-c', probe, script], { encoding: 'utf8', timeout: 100_000 });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { y: number[]; params: number; buffers: number };
      assert.deepEqual(out.y, [-1, 0, 1, 2]);
      assert.equal(out.params + out.buffers, a.layers[0].params);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reaches the Train panel as a layer it builds, in both forms, through the panel\'s guard', () => {
    for (const text of ['input 32x32x3\nnormalize\nflatten\ndense 10', 'input 784\nnormalize mean=0.1307 variance=0.0949\ndense 10']) {
      const spec = trainSpecFromAnalysis('u', 'n.netspec', analyze(text));
      assert.deepEqual(spec.layers.map((l) => l.config.kind), ['normalize', ...(text.includes('flatten') ? ['flatten'] : []), 'dense']);
      assert.deepEqual(spec.errors, []);
      const parsed = parseTrainSpec(JSON.parse(JSON.stringify(spec)));
      assert.ok(parsed);
      assert.deepEqual(parsed.layers[0].config, spec.layers[0].config);
    }
    // A half-given pair or a non-finite statistic is refused by the guard, as the editor refuses it.
    const spec = trainSpecFromAnalysis('u', 'n.netspec', analyze('input 784\nnormalize\ndense 10'));
    for (const bad of [{ kind: 'normalize', axis: -1, mean: 0 }, { kind: 'normalize', axis: -1, mean: 0, variance: -1 }, { kind: 'normalize', axis: 0.5 }, { kind: 'normalize', axis: -1, mean: 'x', variance: 1 }]) {
      assert.equal(parseTrainSpec({ ...spec, layers: [{ ...spec.layers[0], config: bad }, spec.layers[1]] }), undefined, JSON.stringify(bad));
    }
  });
});
