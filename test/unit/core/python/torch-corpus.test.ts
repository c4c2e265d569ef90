/**
 * The PyTorch tier: every model file of test/fixtures/python/torch is run by PyTorch itself
 * (torch_corpus.py: forward hooks on every leaf module, parameter and buffer counts) and must
 * match what NetLens reads from the same text without running it. Files PyTorch rejects must
 * get NetLens's warning on the failing layer's line, with the number PyTorch's message names.
 * Skips, saying why, when `import torch` fails (apt-get install -y python3-torch, or set
 * NETLENS_PYTHON to a Python with torch).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePython } from '../../../../src/core/python';
import type { PyModel } from '../../../../src/core/python';

const python = process.env.NETLENS_PYTHON ?? '/usr/bin/python3';
const script = join(__dirname, 'torch_corpus.py');
const corpus = join(__dirname, '..', '..', '..', 'fixtures', 'python', 'torch');
const files = readdirSync(corpus)
  .filter((f) => f.endsWith('.py'))
  .sort();

interface Measured {
  rows: Array<{ name: string; shape: number[] }>;
  trainable: number;
  frozen: number;
  buffers: number;
  output?: number[];
  error?: string;
  failedIn?: string | null;
}

/** What PyTorch's error names as the right number, and NetLens's code for it. */
function expectedFix(error: string): { code: string; value?: number } {
  let m = /mat1 and mat2 shapes cannot be multiplied \(\d+x(\d+) and/.exec(error);
  if (m) return { code: 'in-features', value: Number(m[1]) };
  m = /to have \d+ channels, but got (\d+) channels/.exec(error);
  if (m) return { code: 'in-channels', value: Number(m[1]) };
  m = /running_mean should contain (\d+) elements/.exec(error);
  if (m) return { code: 'batchnorm-features', value: Number(m[1]) };
  if (/Kernel size can't be greater|Output size is too small/.test(error)) return { code: 'window-too-large' };
  return { code: `unexpected error: ${error}` };
}

describe('Python reader vs PyTorch 1.13 (the model corpus)', function () {
  this.timeout(300000);
  let measured: Record<string, Measured> = {};

  before(function () {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(`      (skipped: ${python} cannot import torch; apt-get install -y python3-torch or set NETLENS_PYTHON)`);
      this.skip();
    }
    const run = spawnSync(python, [script, ...files.map((f) => join(corpus, f))], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    const byPath = JSON.parse(run.stdout) as Record<string, Measured>;
    measured = Object.fromEntries(Object.entries(byPath).map(([p, m]) => [p.slice(p.lastIndexOf('/') + 1), m]));
  });

  it('has at least 40 model files, and PyTorch rejects only the bad_ ones', () => {
    assert.ok(files.length >= 40, `${files.length} files`);
    for (const f of files) assert.equal(measured[f].error !== undefined, f.startsWith('bad_'), `${f}: ${measured[f].error}`);
  });

  const modelOf = (file: string): PyModel => {
    const a = analyzePython(readFileSync(join(corpus, file), 'utf8'));
    assert.ok(a.models.length >= 1, `${file}: no model found`);
    return a.models[0];
  };

  for (const file of files.filter((f) => !f.startsWith('bad_'))) {
    it(`${file}: each layer's output shape and the parameter counts`, () => {
      const m = measured[file];
      const model = modelOf(file);
      assert.ok(model.input, `${file}: no input shape (${model.missingInput?.message})`);
      assert.equal(model.unknownFrom, undefined, `${file}: ${JSON.stringify(model.unknownFrom)}`);
      const ours = model.uses.filter((u) => !u.layer.functional).map((u) => ({ name: u.layer.name, shape: u.output }));
      assert.deepEqual(ours, m.rows);
      assert.deepEqual(model.output, m.output);
      assert.equal(model.totalParams, m.trainable + m.frozen, 'parameters');
      assert.equal(model.trainableParams, m.trainable, 'trainable parameters');
      assert.equal(model.nonTrainableParams, m.buffers, 'BatchNorm running statistics (buffers)');
      assert.equal(analyzePython(readFileSync(join(corpus, file), 'utf8')).diagnostics.length, 0);
    });
  }

  for (const file of files.filter((f) => f.startsWith('bad_'))) {
    it(`${file}: PyTorch's error is NetLens's warning, on the failing layer's line, with the right number`, () => {
      const m = measured[file];
      const text = readFileSync(join(corpus, file), 'utf8');
      const a = analyzePython(text);
      const want = expectedFix(m.error ?? '');
      const model = a.models[0];
      const failing = model.layers.find((l) => l.name === m.failedIn);
      assert.ok(failing, `${file}: PyTorch failed in ${m.failedIn}, which NetLens does not list`);
      const d = a.diagnostics.find((x) => x.code === want.code);
      assert.ok(d, `${file}: no ${want.code} warning; got ${JSON.stringify(a.diagnostics)}`);
      assert.equal(d.severity, 'warning');
      assert.equal(d.line, failing.line, `${file}: warning on line ${d.line + 1}, PyTorch failed in ${m.failedIn} on line ${failing.line + 1}`);
      if (want.value !== undefined) {
        assert.ok(d.message.includes(String(want.value)), d.message);
        const fix = d.fixes?.[0];
        assert.ok(fix, `${file}: no quick fix`);
        assert.equal(fix.newText, String(want.value));
        // The fixed file runs in PyTorch's rules as NetLens reads them: no warning left.
        const lines = text.split('\n');
        lines[fix.line] = lines[fix.line].slice(0, fix.start) + fix.newText + lines[fix.line].slice(fix.end);
        const fixed = analyzePython(lines.join('\n'));
        assert.equal(fixed.diagnostics.filter((x) => x.line === d.line).length, 0, JSON.stringify(fixed.diagnostics));
      }
      assert.equal(a.diagnostics.length, 1, JSON.stringify(a.diagnostics));
    });
  }
});
