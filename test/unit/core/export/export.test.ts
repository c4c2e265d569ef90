/**
 * The export's text generation: specs with errors are refused with their diagnostics; the Keras
 * script's model lines read back by NetLens give the same summary; the files are valid Python
 * (py_compile) and nbformat 4 notebooks (Debian's python3-nbformat); the .npz reads in NumPy;
 * the Python recipe of the synthetic datasets draws the Train panel's samples; the CLI writes them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, formatSummary } from '../../../../src/core';
import { crc32, DEFAULT_EXPORT_SETTINGS, type ExportSettings, withDefaults, exportKeras, exportModel, exportNotebook, exportPyTorch, KERAS_MODEL_BEGIN, KERAS_MODEL_END, writeNpz } from '../../../../src/core/export';
import { PY_DATASETS } from '../../../../src/core/export/pythonData';
import { runCli } from '../../../../src/cli';
import { makeShapes, makeToy } from '../../../../webview/shared/training/datasets';
import { TRICKY_SPECS } from './tricky-specs';

const python = process.env.NETLENS_PYTHON ?? '/usr/bin/python3';
const examplesDir = join(__dirname, '..', '..', '..', '..', 'examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.netspec')).sort();
const read = (file: string) => readFileSync(join(examplesDir, file), 'utf8');

function python3(args: string[], what: string): { ok: boolean; out: string } {
  const r = spawnSync(python, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
  if (r.error) return { ok: false, out: `${what}: ${r.error.message}` };
  assert.equal(r.status, 0, `${what}:\n${r.stderr}`);
  return { ok: true, out: r.stdout };
}

describe('export: generated code', function () {
  this.timeout(120_000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'netlens-export-text-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a spec with errors, for every target, with each error\'s line and column', () => {
    const a = analyze(read('broken.netspec'));
    const errors = a.diagnostics.filter((d) => d.severity === 'error');
    assert.ok(errors.length > 0);
    for (const target of ['pytorch', 'keras', 'ipynb'] as const) {
      const r = exportModel(a, target, { specName: 'broken.netspec' });
      assert.equal(r.ok, false, target);
      if (r.ok) continue;
      assert.deepEqual(r.diagnostics, errors);
      for (const d of errors) assert.ok(r.message.includes(`broken.netspec:${d.line + 1}:${d.start + 1}: error: ${d.message}`), r.message);
    }
    const empty = exportPyTorch(analyze('# nothing here\n'), { specName: 'empty.netspec' });
    assert.equal(empty.ok, false);
  });

  it('writes Keras model lines that NetLens reads back to exactly the same summary and layers (every example, the tricky specs)', () => {
    for (const [file, text] of [...examples.map((f) => [f, read(f)]), ...Object.entries(TRICKY_SPECS)]) {
      const a = analyze(text);
      if (a.hasErrors) continue;
      const r = exportKeras(a, { specName: file });
      assert.ok(r.ok, file);
      const start = r.text.indexOf(KERAS_MODEL_BEGIN);
      const end = r.text.indexOf(KERAS_MODEL_END);
      assert.ok(start > 0 && end > start, `${file}: model markers`);
      const pasted = r.text.slice(r.text.indexOf('\n', start) + 1, r.text.lastIndexOf('\n', end));
      const b = analyze(pasted);
      assert.equal(b.hasErrors, false, `${file}: ${JSON.stringify(b.diagnostics)}`);
      assert.equal(formatSummary(b), formatSummary(a), file);
      // The slope in force (alpha) must come back; only the lecture's-default marker cannot, since
      // Keras code has no spelling whose default is 0.01 and the exporter writes the slope out.
      const lectureDefaultDropped = (c: unknown) => JSON.parse(JSON.stringify(c), (k, v: unknown) => (k === 'alphaDefault' && v === 'lecture' ? undefined : v)) as unknown;
      assert.deepEqual(b.layers.map((l) => l.config), a.layers.map((l) => lectureDefaultDropped(l.config)), `${file}: configs`);
    }
  });

  it('writes Keras\'s BatchNormalization axis/center/scale, PReLU shared_axes, ReLU max_value and the LeakyReLU defaults as Keras calls', () => {
    const r = exportKeras(analyze(TRICKY_SPECS['tricky-keras-image.netspec']), { specName: 'k.netspec' });
    assert.ok(r.ok);
    for (const call of [
      "layers.BatchNormalization(axis=1, momentum=0.99, epsilon=0.001, center=False, name='batch_normalization')",
      "layers.BatchNormalization(momentum=0.99, epsilon=0.001, center=False, scale=False, name='batch_normalization_2')",
      "layers.PReLU(shared_axes=[1, 2], name='p_re_lu')",
      "layers.ReLU(max_value=3.5, name='re_lu')",
      "layers.ReLU(max_value=6.0, name='re_lu_1')",
      "layers.LeakyReLU(name='leaky_re_lu')",
      "layers.ReLU(negative_slope=0.1, name='re_lu_2')",
      "layers.Dense(6, activation='leaky_relu', name='dense')",
    ]) assert.ok(r.text.includes(call), `${call} missing`);
    // Frozen or not, a BatchNormalization without γ and β has no trainable weight: only trainable=False freezes it.
    const frozen = exportKeras(analyze('layers.Input(shape=(4,))\nlayers.BatchNormalization(center=False, scale=False, trainable=False)\nlayers.BatchNormalization(center=False, scale=False)\n'), { specName: 'f.netspec' });
    assert.ok(frozen.ok);
    assert.ok(frozen.text.includes("center=False, scale=False, trainable=False, name='batch_normalization')"), frozen.text);
    assert.ok(frozen.text.includes("center=False, scale=False, name='batch_normalization_1')"), frozen.text);
  });

  it('refuses, naming the line, a layer that Keras code cannot write with the same meaning', () => {
    const a = analyze('input 4\ndense 3\nrelu\n');
    const relu = a.layers[1];
    // A capped ReLU as an owner's activation: the parser never makes one, but the exporter must not drop the cap.
    const capped = { ...a, layers: [a.layers[0], { ...a.layers[0], line: 1, config: { ...a.layers[0].config, activation: { name: 'relu' as const, maxValue: 2 } } } as typeof relu] };
    const r = exportKeras(capped, { specName: 'capped.netspec' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /capped\.netspec:2: dense: a ReLU capped at 2 .*ReLU\(max_value=2\)/);
  });

  it('carries the given training settings into the scripts', () => {
    const a = analyze(read('mlp-toy.netspec'));
    const settings = { dataset: 'xor' as const, optimizer: 'momentum' as const, learningRate: 0.05, batchSize: 16, epochs: 7, validationSplit: 0.25, seed: 9 };
    for (const r of [exportPyTorch(a, { specName: 'mlp-toy.netspec', settings }), exportKeras(a, { specName: 'mlp-toy.netspec', settings })]) {
      assert.ok(r.ok);
      assert.match(r.text, /'dataset': 'xor', 'samples': 600, 'optimizer': 'momentum', 'lr': 0\.05,/);
      assert.match(r.text, /'batch_size': 16, 'epochs': 7, 'validation_split': 0\.25, 'seed': 9,/);
    }
  });

  it('keeps the defaults for settings that are missing or out of range (they may come from a webview)', () => {
    const bad = { dataset: 'imagenet', optimizer: 'lbfgs', learningRate: -1, batchSize: 2.5, epochs: Number.NaN, validationSplit: 0.95, seed: 1.5 } as unknown as Partial<ExportSettings>;
    assert.deepEqual(withDefaults(bad), DEFAULT_EXPORT_SETTINGS);
    assert.deepEqual(withDefaults({ dataset: 'cifar', batchSize: 256, validationSplit: 0 }), { ...DEFAULT_EXPORT_SETTINGS, dataset: 'cifar', batchSize: 256, validationSplit: 0 });
  });

  it('writes a .npz that NumPy reads back value for value (stored zip entries, CRC-32)', function () {
    // The CRC-32 check value of "123456789", from the CRC catalogue's definition of CRC-32/ISO-HDLC.
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
    const npz = writeNpz([
      { name: 'conv2d/kernel', shape: [2, 2, 1, 3], data: Float32Array.from({ length: 12 }, (_, i) => i / 7) },
      { name: 'dense/bias', shape: [5], data: Float32Array.from([1.5, -2, 3e-8, 0, 1e30]) },
    ]);
    assert.ok(npz.ok);
    assert.equal(writeNpz([{ name: 'bad', shape: [2, 2], data: new Float32Array(3) }]).ok, false);
    const path = join(dir, 'w.npz');
    writeFileSync(path, npz.bytes);
    const r = python3(['-c', `import numpy as np, json, zipfile; zipfile.ZipFile(${JSON.stringify(path)}).testzip(); d = np.load(${JSON.stringify(path)}); print(json.dumps({k: [list(d[k].shape), str(d[k].dtype), d[k].reshape(-1).tolist()] for k in d.files}))`], 'numpy');
    if (!r.ok) return this.skip();
    const got = JSON.parse(r.out) as Record<string, [number[], string, number[]]>;
    assert.deepEqual(got['conv2d/kernel'][0], [2, 2, 1, 3]);
    assert.equal(got['conv2d/kernel'][1], 'float32');
    assert.deepEqual(got['conv2d/kernel'][2], Array.from(Float32Array.from({ length: 12 }, (_, i) => i / 7)));
    assert.deepEqual(got['dense/bias'][2], Array.from(Float32Array.from([1.5, -2, 3e-8, 0, 1e30])));
  });

  it('writes Python that compiles and notebooks that validate as nbformat 4 (every example)', function () {
    const files: string[] = [];
    for (const file of examples) {
      const a = analyze(read(file));
      if (a.hasErrors) continue;
      const stem = file.replace(/\.netspec$/, '');
      const outputs = [
        exportPyTorch(a, { specName: file }), exportKeras(a, { specName: file }),
        exportNotebook(a, 'pytorch', { specName: file }), exportNotebook(a, 'keras', { specName: file }),
      ];
      for (const r of outputs) {
        assert.ok(r.ok, file);
        const path = join(dir, `${stem}-${r.fileName}`);
        writeFileSync(path, r.text);
        files.push(path);
      }
    }
    const check = [
      'import json, sys, py_compile, nbformat',
      'for path in sys.argv[1:]:',
      '    if path.endswith(".ipynb"):',
      '        nb = nbformat.read(path, as_version=4)',
      '        nbformat.validate(nb)',
      '        assert nb.nbformat == 4, path',
      '        compile("\\n".join(c.source for c in nb.cells if c.cell_type == "code"), path, "exec")',
      '    else:',
      '        py_compile.compile(path, doraise=True)',
      'print(len(sys.argv) - 1)',
    ].join('\n');
    const r = python3(['-c', check, ...files], 'py_compile and nbformat');
    if (!r.ok) return this.skip();
    assert.equal(Number(r.out.trim()), files.length);
  });

  it('the PyTorch notebook runs: its cells print the summary', function () {
    const probe = spawnSync(python, ['-c', 'import torch, nbformat'], { encoding: 'utf8' });
    if (probe.status !== 0) return this.skip();
    const r = exportNotebook(analyze(read('lecture6-cifar.netspec')), 'pytorch', { specName: 'lecture6-cifar.netspec' });
    assert.ok(r.ok);
    const path = join(dir, 'lecture.ipynb');
    writeFileSync(path, r.text);
    const run = 'import nbformat, sys\nnb = nbformat.read(sys.argv[1], as_version=4)\ncells = [c.source for c in nb.cells if c.cell_type == "code"]\nns = {"__name__": "notebook"}\nfor src in cells[:-1]:\n    exec(src, ns)';
    const out = python3(['-c', run, path], 'the notebook');
    assert.match(out.out, /Total params: 164,682/);
  });

  it('regenerates the synthetic datasets in Python sample for sample (same seed, same recipe as the Train panel)', function () {
    const path = join(dir, 'datasets.py');
    writeFileSync(path, PY_DATASETS);
    const cases = { spiral: ['spiral', 90, 3, 7], circles: ['circles', 40, 2, 8], xor: ['xor', 40, 2, 9], blobs: ['blobs', 50, 5, 10], shapes3: [23, 12, 10, 3, 4], shapes1: [12, 9, 9, 1, 5] } as const;
    const r = python3([join(__dirname, 'run_exported.py'), 'datasets', path, JSON.stringify(cases)], 'datasets');
    if (!r.ok) return this.skip();
    const got = JSON.parse(r.out) as Record<string, { xs: number[]; labels: number[] }>;
    const expected = {
      spiral: makeToy('spiral', 90, 3, 7), circles: makeToy('circles', 40, 2, 8), xor: makeToy('xor', 40, 2, 9), blobs: makeToy('blobs', 50, 5, 10),
      shapes3: makeShapes(23, 12, 10, 3, 4), shapes1: makeShapes(12, 9, 9, 1, 5),
    };
    for (const [name, ds] of Object.entries(expected)) {
      assert.deepEqual(got[name].labels, Array.from(ds.labels), `${name}: labels`);
      assert.equal(got[name].xs.length, ds.xs.length, name);
      // float32 from the same float64 arithmetic; libm's cos/sin may differ from V8's in the last bit.
      ds.xs.forEach((v, i) => assert.ok(Math.abs(got[name].xs[i] - v) <= 1e-6, `${name}[${i}]: ${got[name].xs[i]} vs ${v}`));
    }
  });

  it('netlens export writes the file, prints to stdout, and refuses bad specs and usage', () => {
    const written = new Map<string, string>();
    const errs: string[] = [];
    const io = { out: (t: string) => written.set('<stdout>', (written.get('<stdout>') ?? '') + t), err: (t: string) => errs.push(t), readFile: (p: string) => readFileSync(p, 'utf8'), writeFile: (p: string, t: string) => written.set(p, t) };
    const spec = join(examplesDir, 'lenet5.netspec');
    assert.equal(runCli(['export', '--to', 'pytorch', '--out', 'lenet.py', spec], io), 0);
    assert.match(written.get('lenet.py')!, /class Model\(nn\.Module\)/);
    assert.equal(runCli(['export', '--to', 'ipynb', '--framework', 'keras', spec], io), 0);
    assert.equal(JSON.parse(written.get('<stdout>')!).nbformat, 4);
    assert.equal(runCli(['export', '--to', 'keras', join(examplesDir, 'broken.netspec')], io), 1);
    assert.match(errs.join(''), /broken\.netspec:9:1: error: Unknown layer "convv2d"/);
    assert.equal(runCli(['export', '--to', 'tensorflow', spec], io), 2);
    assert.equal(runCli(['export', '--to', 'pytorch', '--framework', 'keras', spec], io), 2);
    assert.equal(runCli(['export', '--to', 'pytorch'], io), 2);
  });
});
