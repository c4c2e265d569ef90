/**
 * The exported PyTorch scripts, run by real PyTorch 1.13: per-layer output shapes (forward hooks)
 * and parameter counts equal the core's for every example spec; two training steps run; under
 * torchrun with two CPU processes (Gloo) the lecture model ends with the same parameters on both
 * ranks. Skips, saying why, when `import torch` fails (apt-get install -y python3-torch, or set
 * NETLENS_PYTHON to a Python with torch).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../../src/core';
import type { Analysis } from '../../../../src/core/types';
import { exportPyTorch } from '../../../../src/core/export';
import { runCli } from '../../../../src/cli';
import { TRICKY_SPECS as tricky } from './tricky-specs';

const python = process.env.NETLENS_PYTHON ?? '/usr/bin/python3';
const runner = join(__dirname, 'run_exported.py');
const examplesDir = join(__dirname, '..', '..', '..', '..', 'examples');

interface Row {
  name: string;
  type: string;
  outputShape: (number | null)[];
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
}

function runPython(args: string[], timeout = 240_000): string {
  const r = spawnSync(python, args, { encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

describe('export: PyTorch scripts run by PyTorch 1.13', function () {
  this.timeout(300_000);
  let dir = '';
  const scripts = new Map<string, { path: string; analysis: Analysis }>();

  before(function () {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(`      (skipped: ${python} cannot import torch: ${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()})`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'netlens-export-'));
    const specs = readdirSync(examplesDir).filter((f) => f.endsWith('.netspec')).sort().map((f) => [f, readFileSync(join(examplesDir, f), 'utf8')]);
    for (const [file, text] of [...specs, ...Object.entries(tricky)]) {
      const analysis = analyze(text);
      if (analysis.hasErrors) continue;
      const result = exportPyTorch(analysis, { specName: file });
      assert.ok(result.ok, `${file}: ${result.ok ? '' : result.message}`);
      const path = join(dir, file.replace(/\.netspec$/, '.py').replace(/-/g, '_'));
      writeFileSync(path, result.text);
      scripts.set(file, { path, analysis });
    }
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exports every example (and two tricky specs) without errors, and each one\'s layers have the core\'s shapes and parameter counts', () => {
    assert.ok(scripts.size >= 11, `only ${scripts.size} specs exported`);
    const measured = JSON.parse(runPython([runner, 'summaries', ...[...scripts.values()].map((s) => s.path)])) as Record<string, Row[]>;
    for (const [file, { path, analysis }] of scripts) {
      const rows = measured[path];
      assert.equal(rows.length, analysis.layers.length, `${file}: layer count`);
      analysis.layers.forEach((l, i) => {
        const r = rows[i];
        const where = `${file} ${l.name}`;
        assert.equal(r.name, l.name, where);
        assert.equal(r.type, l.kerasClass, where);
        assert.deepEqual(r.outputShape, [null, ...l.outputShape!], `${where}: output shape`);
        assert.equal(r.params, l.params, `${where}: params`);
        assert.equal(r.trainableParams, l.trainableParams, `${where}: trainable`);
        assert.equal(r.nonTrainableParams, l.nonTrainableParams, `${where}: non-trainable`);
      });
    }
  });

  it('trains two steps on generated data (every example but VGG-16, whose summary is enough)', () => {
    const paths = [...scripts].filter(([file]) => file !== 'vgg16.netspec').map(([, s]) => s.path);
    const losses = JSON.parse(runPython([runner, 'steps', '2', ...paths])) as Record<string, number[]>;
    for (const path of paths) {
      assert.equal(losses[path].length, 2, `${path}: ${JSON.stringify(losses[path])}`);
      for (const loss of losses[path]) assert.ok(Number.isFinite(loss) && loss > 0, `${path}: loss ${loss}`);
    }
  });

  it('runs as a command: --summary --json prints the same totals as `netlens summary --json`', () => {
    const { path } = scripts.get('lecture6-cifar.netspec')!;
    const printed = JSON.parse(runPython([path, '--summary', '--json'])) as { totalParams: number; trainableParams: number; layers: Row[] };
    let cli = '';
    runCli(['summary', '--json', join(examplesDir, 'lecture6-cifar.netspec')], { out: (t) => (cli += t), err: () => undefined, readFile: (p) => readFileSync(p, 'utf8') });
    const core = JSON.parse(cli) as { totalParams: number; trainableParams: number; layers: { outputShape: (number | null)[] }[] };
    assert.equal(printed.totalParams, core.totalParams);
    assert.equal(printed.trainableParams, core.trainableParams);
    assert.deepEqual(printed.layers.map((l) => l.outputShape), core.layers.map((l) => l.outputShape));
  });

  it('trains under torchrun with two CPU processes (Gloo, DistributedSampler) and ends with the same parameters on both ranks', () => {
    const { path } = scripts.get('lecture6-cifar.netspec')!;
    // --redirects/--tee 1: Debian's torch 1.13 on Python 3.11 fails to parse their default "0".
    const out = runPython(['-m', 'torch.distributed.run', '--nproc_per_node=2', '--redirects', '1', '--tee', '1', '--standalone',
      path, '--steps', '3', '--batch-size', '8', '--cpu', '--checksum']);
    const sums = [...out.matchAll(/rank (\d) checksum ([0-9a-f]{64})/g)].map((m) => ({ rank: Number(m[1]), sum: m[2] }));
    assert.deepEqual(sums.map((s) => s.rank).sort(), [0, 1], out);
    assert.equal(sums[0].sum, sums[1].sum, 'the ranks\' parameters differ');
    // Rank-0 logging: only one process prints the training lines.
    const stepLines = out.split('\n').filter((l) => /step 3\/3 - loss/.test(l));
    assert.equal(stepLines.length, 1, out);
    // The run trained: the parameters are not those the script starts from.
    const untrained = runPython([path, '--steps', '0', '--checksum', '--cpu', '--epochs', '0', '--dataset', 'shapes', '--samples', '10']);
    assert.ok(!untrained.includes(sums[0].sum), 'torchrun left the parameters untouched');
  });
});
