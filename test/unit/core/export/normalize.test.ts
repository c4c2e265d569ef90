/**
 * "Normalize inputs" in the export: the settings carry it, and the exported PyTorch script, run
 * with PyTorch, normalizes with the training split's statistics computed in the script: the same
 * numbers the Train panel computes (webview/shared/training/inputNorm.ts) on the same samples.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../../src/core';
import { DEFAULT_EXPORT_SETTINGS, exportKeras, exportPyTorch, withDefaults } from '../../../../src/core/export';
import { parseExportSettings } from '../../../../src/protocol/train';
import { makeToy, splitValidation } from '../../../../webview/shared/training/datasets';
import { fitInputNorm } from '../../../../webview/shared/training/inputNorm';
import { python } from './python';

const SPEC = 'input 2\ndense 8 activation=relu\ndense 3 activation=softmax';

describe('export: normalize inputs', function () {
  this.timeout(180_000);

  it('the settings carry the mode and the channels; anything else is refused or dropped', () => {
    const base = { ...DEFAULT_EXPORT_SETTINGS };
    assert.deepEqual(parseExportSettings({ ...base, normalize: 'standardize', normalizeChannels: 3 }), { ...base, normalize: 'standardize', normalizeChannels: 3 });
    assert.equal(parseExportSettings({ ...base, normalize: 'whiten' }), undefined);
    assert.equal(parseExportSettings({ ...base, normalize: 'center', normalizeChannels: 0 }), undefined);
    assert.deepEqual(withDefaults({ normalize: 'center' }), { ...base, normalize: 'center' });
    assert.deepEqual(withDefaults({ normalize: 'off' as never, normalizeChannels: -1 }), base);
  });

  it('both scripts say it in their settings and call normalize_inputs; without it they say off', () => {
    const a = analyze(SPEC);
    for (const exportScript of [exportPyTorch, exportKeras]) {
      const on = exportScript(a, { specName: 'toy.netspec', settings: { ...DEFAULT_EXPORT_SETTINGS, normalize: 'standardize' } });
      assert.ok(on.ok);
      assert.match(on.text, /'normalize': 'standardize', 'normalize_channels': 2,/);
      assert.match(on.text, /normalize_inputs\(x[s]?, n_train, args\.normalize, SETTINGS\['normalize_channels'\]\)/);
      // Valid Python (the Keras one cannot run here: no Keras; its normalize_inputs is the PyTorch one's, run below).
      const dir = mkdtempSync(join(tmpdir(), 'netlens-normalize-compile-'));
      try {
        const file = join(dir, 'script.py');
        writeFileSync(file, on.text);
        const compiled = spawnSync(python, ['-m', 'py_compile', file], { encoding: 'utf8' });
        assert.equal(compiled.status, 0, compiled.stderr);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const off = exportScript(a, { specName: 'toy.netspec', settings: DEFAULT_EXPORT_SETTINGS });
      assert.ok(off.ok);
      assert.match(off.text, /'normalize': 'off', 'normalize_channels': 2,/);
    }
  });

  it('the PyTorch script, run, standardizes with the training split\'s mean and std: the panel\'s numbers', function () {
    if (spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0) return this.skip();
    const settings = { ...DEFAULT_EXPORT_SETTINGS, dataset: 'spiral' as const, samples: 200, epochs: 1, validationSplit: 0.25, seed: 11 };
    const dir = mkdtempSync(join(tmpdir(), 'netlens-normalize-'));
    try {
      const statsOf = (mode: 'center' | 'standardize') => {
        const r = exportPyTorch(analyze(SPEC), { specName: 'toy.netspec', settings: { ...settings, normalize: mode } });
        assert.ok(r.ok);
        const file = join(dir, `toy_${mode}.py`);
        writeFileSync(file, r.text);
        const run = spawnSync(python, [file, '--cpu'], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(run.status, 0, run.stderr);
        const m = /normalize \((\w+)\) with the training split's statistics: mean (\[[^\]]*\]) std (\[[^\]]*\])/.exec(run.stdout);
        assert.ok(m, run.stdout);
        assert.equal(m[1], mode);
        return { mean: JSON.parse(m[2]) as number[], std: JSON.parse(m[3]) as number[] };
      };
      // The panel's samples (the script draws the same ones: export.test.ts holds the datasets side by side).
      const toy = makeToy('spiral', 200, 3, 11);
      const { train } = splitValidation(200, 0.25);
      const panel = fitInputNorm(toy.xs, 2, 2, train, 'standardize');
      const everything = fitInputNorm(toy.xs, 2, 2, 200, 'standardize');
      assert.ok(panel && everything);
      const script = statsOf('standardize');
      for (let ch = 0; ch < 2; ch++) {
        assert.ok(Math.abs(script.mean[ch] - panel.mean[ch]) < 1e-9, `mean ${ch}: ${script.mean[ch]} vs ${panel.mean[ch]}`);
        assert.ok(Math.abs(script.std[ch] - panel.std[ch]) < 1e-9, `std ${ch}: ${script.std[ch]} vs ${panel.std[ch]}`);
        // Every sample's statistics are other numbers: the script used the training split alone.
        assert.ok(Math.abs(everything.mean[ch] - panel.mean[ch]) > 1e-6);
      }
      const centred = statsOf('center');
      assert.deepEqual(centred.std, [1, 1]);
      for (let ch = 0; ch < 2; ch++) assert.ok(Math.abs(centred.mean[ch] - panel.mean[ch]) < 1e-9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
