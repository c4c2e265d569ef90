/** `netlens summary model.py`: tables, JSON, --input, --model, notebooks and exit codes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli';

const fixtures = join(__dirname, '..', 'fixtures', 'python');

function run(args: string[], files: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const status = runCli(['summary', ...args], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readFile: (p) => files[p] ?? readFileSync(p, 'utf8'),
  });
  return { status, out, err };
}

describe('netlens summary FILE.py', () => {
  it('prints a torchinfo-style table for PyTorch code', () => {
    const r = run([join(fixtures, 'torch', 'cifar_net.py')]);
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /PyTorch model Net \(line 6\)/);
    assert.match(r.out, /├─Linear: 1-5\s+\[N, 120\]\s+48,120/);
    assert.match(r.out, /Total params: 62,006/);
  });

  it('prints the summary and the reasons in Korean with --lang ko, the counts unchanged', () => {
    const file = join(fixtures, 'torch', 'bad_cifar_fc1_256.py');
    const r = run(['--lang', 'ko', file]);
    assert.match(r.out, /PyTorch 모델 Net \(\d+번째 줄\)/);
    assert.match(r.out, /\d+번째 줄부터는 shape을 알 수 없습니다: fc1 \(Linear\)에서 PyTorch가 오류를 냅니다\./);
    assert.match(r.out, /레이어 \(type:depth-idx\) +출력 shape +파라미터 수/);
    const json = JSON.parse(run(['--lang', 'ko', '--json', file]).out);
    assert.match(json.models[0].unknownFrom.reason, /^fc1 \(Linear\)에서 PyTorch가 오류를 냅니다$/);
    assert.equal(JSON.parse(run(['--json', file]).out).models[0].unknownFrom.reason, 'fc1 (Linear) would fail in PyTorch');
  });

  it('reports the in_features warning on stderr with the line, and exits 1', () => {
    const file = join(fixtures, 'torch', 'bad_cifar_fc1_256.py');
    const r = run([file]);
    assert.equal(r.status, 1);
    assert.match(r.err, new RegExp(`${file.replace(/[/.]/g, '\\$&')}:12:30: warning: 16·5·5 = 400 values reach fc1`));
  });

  it('prints JSON, takes --input and --model, and refuses an unknown model', () => {
    const text = 'import torch\nfrom torch import nn\na = nn.Sequential(nn.Linear(4, 2))\nb = nn.Sequential(nn.Flatten(), nn.Linear(12, 3))\n';
    const r = run(['--json', '--input', '3x2x2', '--model', 'b', 'm.py'], { 'm.py': text });
    assert.equal(r.status, 0, r.err);
    const json = JSON.parse(r.out);
    assert.deepEqual(json.models.map((m: { name: string }) => m.name), ['b']);
    assert.deepEqual(json.models[0].layers.map((l: { outputShape: unknown }) => l.outputShape), [[null, 12], [null, 3]]);
    assert.equal(json.models[0].totalParams, 39);
    assert.equal(run(['--model', 'c', 'm.py'], { 'm.py': text }).status, 2);
    assert.equal(run(['--input', '3xx2', 'm.py'], { 'm.py': text }).status, 2);
    assert.equal(run(['e.py'], { 'e.py': 'print(1)\n' }).status, 2);
  });

  it('reads the code cells of a notebook', () => {
    const nb = JSON.stringify({ cells: [{ cell_type: 'markdown', source: ['# hi'] }, { cell_type: 'code', source: ['from tensorflow import keras\n', 'm = keras.Sequential([keras.layers.Dense(3, input_shape=(4,))])\n'] }] });
    const r = run(['n.ipynb'], { 'n.ipynb': nb });
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /Keras model m[\s\S]*Total params: 15/);
  });
});
