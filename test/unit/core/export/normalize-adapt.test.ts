/**
 * A spec's `normalize` layer (Keras's Normalization without mean= and variance=) in the exported
 * scripts: Keras's own adapt() on the training split before fit(), and in PyTorch the same
 * statistics, computed by the script and checked here, run by PyTorch 1.13, against the data
 * explorer's (webview/shared/dataStats.ts channelStats over the Train panel's training split).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../../src/core';
import { exportKeras, exportPyTorch } from '../../../../src/core/export';
import { channelStats } from '../../../../webview/shared/dataStats';
import { makeShapes, makeToy, splitValidation } from '../../../../webview/shared/training/datasets';
import { hasTorch, python } from './python';

const SETTINGS = { samples: 600, validationSplit: 0.2, seed: 7, epochs: 1 };

function exported(spec: string, dataset: 'spiral' | 'shapes', framework: 'keras' | 'pytorch'): string {
  const a = analyze(spec);
  assert.equal(a.hasErrors, false, JSON.stringify(a.diagnostics));
  const r = (framework === 'keras' ? exportKeras : exportPyTorch)(a, { specName: 'norm.netspec', settings: { ...SETTINGS, dataset } });
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.text;
}

/** The `<key>: adapt() on N training samples: {...}` lines the PyTorch script prints. */
function adaptedLines(out: string): { key: string; n: number; mean: number[]; variance: number[] }[] {
  return [...out.matchAll(/^(\w+): adapt\(\) on (\d+) training samples: (\{.*\})$/gm)].map((m) => ({ key: m[1], n: Number(m[2]), ...JSON.parse(m[3]) }));
}

describe('export: a normalize layer adapts to the training split', function () {
  this.timeout(300_000);

  it('Keras: layers.Normalization without statistics, adapt() on fit()’s training samples before fit()', () => {
    const text = exported('input 2\nnormalize\ndense 8 activation=relu\ndense 3 activation=softmax', 'spiral', 'keras');
    assert.match(text, /layers\.Normalization\(name='normalization'\),/);
    assert.match(text, /^NORMALIZATION = \['normalization'\]$/m);
    // adapt() sees only fit()'s training samples (Keras cuts at floor(n * (1 - validation_split))), before fit().
    assert.match(text, /n_train = int\(math\.floor\(len\(x\) \* \(1\.0 - validation_split\)\)\)\n\s+adapt_normalization\(model, x\[:n_train\]\)/);
    assert.ok(text.indexOf('adapt_normalization(model, x[:n_train])') < text.indexOf('model.fit(x, y'), 'adapt() before fit()');
    assert.match(text, /layer\.adapt\(inputs\)/);
    // Fixed statistics stay as written; nothing to adapt then.
    const fixed = exported('input 2\nnormalize mean=0.5 variance=4\ndense 3 activation=softmax', 'spiral', 'keras');
    assert.match(fixed, /layers\.Normalization\(mean=0\.5, variance=4\.0, name='normalization'\)/);
    assert.match(fixed, /^NORMALIZATION = \[\]$/m);
  });

  it('PyTorch: the script counts 2C + 1 non-trainable values and computes the statistics dataStats.ts computes', function () {
    if (!hasTorch()) {
      console.log(`      (skipped: ${python} cannot import torch; apt-get install -y python3-torch)`);
      this.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'netlens-normalize-'));
    try {
      const cases = [
        { spec: 'input 2\nnormalize\ndense 8 activation=relu\ndense 3 activation=softmax', dataset: 'spiral' as const, channels: 2, sampleSize: 2, data: makeToy('spiral', 600, 3, 7).xs },
        { spec: 'input 8x8x3\nnormalize\nflatten\ndense 10 activation=softmax', dataset: 'shapes' as const, channels: 3, sampleSize: 192, data: makeShapes(600, 8, 8, 3, 7).xs },
      ];
      for (const c of cases) {
        const file = join(dir, `${c.dataset}.py`);
        writeFileSync(file, exported(c.spec, c.dataset, 'pytorch'));
        const summary = spawnSync(python, [file, '--summary', '--json'], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(summary.status, 0, summary.stderr);
        const rows = JSON.parse(summary.stdout.trim().split('\n').pop()!).layers as { name: string; params: number; nonTrainableParams: number }[];
        assert.equal(rows[0].params, 2 * c.channels + 1, `${c.dataset}: Keras's mean, variance and count`);
        assert.equal(rows[0].nonTrainableParams, 2 * c.channels + 1);

        const run = spawnSync(python, [file, '--cpu'], { encoding: 'utf8', timeout: 240_000 });
        assert.equal(run.status, 0, `${run.stderr}\n${run.stdout}`);
        const [line] = adaptedLines(run.stdout);
        assert.ok(line, run.stdout);
        const { train } = splitValidation(600, 0.2);
        assert.equal(line.n, train);
        const expected = channelStats(c.data, c.sampleSize, c.channels, train);
        for (let k = 0; k < c.channels; k++) {
          assert.ok(Math.abs(line.mean[k] - expected.mean[k]) < 1e-9, `${c.dataset} mean ${k}: ${line.mean[k]} vs ${expected.mean[k]}`);
          assert.ok(Math.abs(Math.sqrt(line.variance[k]) - expected.std[k]) < 1e-9, `${c.dataset} std ${k}: ${Math.sqrt(line.variance[k])} vs ${expected.std[k]}`);
        }
        // Fitting on every sample would have given other numbers: the validation split took no part.
        const all = channelStats(c.data, c.sampleSize, c.channels, 600);
        assert.ok(all.mean.some((m, k) => Math.abs(m - line.mean[k]) > 1e-6), `${c.dataset}: the validation samples change the mean`);
        assert.match(run.stdout, /Epoch 1\/1/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
