/** The text NetLens shows for Python models: hover, inlay hints, lenses, quick fixes and the summary tables. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, formatCount, formatSummary } from '../../../src/core';
import { analyzePython } from '../../../src/core/python';
import { pythonCodeLenses, pythonHoverAt, pythonInlayHints, pythonModelSummary, pythonQuickFixes, pythonSummaryDocument, torchSummaryTable, trainSpecText } from '../../../src/features/pure/python';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'python');
const read = (p: string) => readFileSync(join(fixtures, p), 'utf8');

describe('Python editor text (pure)', () => {
  const cifar = read('torch/cifar_net.py');
  const a = analyzePython(cifar);
  const lines = cifar.split('\n');
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));

  it('hovers nn.Conv2d with the output shape, the formula and the parameter arithmetic', () => {
    const line = lineOf('self.conv1 = nn.Conv2d');
    const h = pythonHoverAt(a, line, lines[line].indexOf('Conv2d'));
    assert.ok(h);
    assert.match(h.markdown, /\*\*conv1\*\* \(Conv2d\): input `\(N, 3, 32, 32\)` → output `\(N, 6, 28, 28\)`/);
    assert.match(h.markdown, /H: floor\(\(32 \+ 2·0 − 5\)\/1\) \+ 1 = 28/);
    assert.match(h.markdown, /params = \(3·5·5 \+ 1\)·6 = 456/);
    assert.equal(pythonHoverAt(a, line, 0), undefined);
  });

  it('hovers a pool used twice with both shapes', () => {
    const line = lineOf('self.pool = nn.MaxPool2d');
    const h = pythonHoverAt(a, line, lines[line].indexOf('MaxPool2d'));
    assert.match(h?.markdown ?? '', /Applied 2 times[\s\S]*\(N, 6, 28, 28\)` → `\(N, 6, 14, 14\)[\s\S]*\(N, 16, 10, 10\)` → `\(N, 16, 5, 5\)/);
  });

  it('hovers self.pool(...) in forward with that application\'s shapes', () => {
    const line = lineOf('x = self.pool(F.relu(self.conv2(x)))');
    const h = pythonHoverAt(a, line, lines[line].indexOf('self.pool') + 6);
    assert.match(h?.markdown ?? '', /\*\*pool\*\* \(MaxPool2d\): input `\(N, 16, 10, 10\)` → output `\(N, 16, 5, 5\)`/);
    const conv2 = pythonHoverAt(a, line, lines[line].indexOf('self.conv2') + 6);
    assert.match(conv2?.markdown ?? '', /output `\(N, 16, 10, 10\)`/);
  });

  it('puts an inlay hint at the end of each layer line, before a trailing comment', () => {
    const hints = pythonInlayHints(a, (l) => lines[l]);
    const conv1 = hints.find((h) => h.line === lineOf('self.conv1 ='));
    assert.equal(conv1?.label, '→ (N, 6, 28, 28) · 456 params');
    assert.equal(conv1?.column, lines[lineOf('self.conv1 =')].length);
    assert.equal(hints.find((h) => h.line === lineOf('self.fc1 ='))?.label, '→ (N, 120) · 48,120 params');
    // forward: each statement's shape.
    assert.equal(hints.find((h) => h.line === lineOf('x = self.pool(F.relu(self.conv2(x)))'))?.label, '→ (N, 16, 5, 5)');
    assert.equal(hints.find((h) => h.line === lineOf('x = torch.flatten(x, 1)'))?.label, '→ (N, 400)');
    // Six layer lines, six assignments and the return in forward.
    assert.equal(hints.length, 6 + 6 + 1);
  });

  it('shows Keras shapes in Keras layout, with the .netspec hover', () => {
    const text = read('keras/cifar_net_sequential.py');
    const k = analyzePython(text);
    const kl = text.split('\n');
    const line = kl.findIndex((l) => l.includes('layers.Conv2D(6'));
    const hint = pythonInlayHints(k, (l) => kl[l]).find((h) => h.line === line);
    assert.equal(hint?.label, '→ (None, 28, 28, 6) · 456 params');
    const h = pythonHoverAt(k, line, kl[line].indexOf('Conv2D') + 1);
    assert.match(h?.markdown ?? '', /\*\*conv2d\*\* \(Conv2D\)/);
  });

  it('offers the CodeLens with the total, and the torchinfo-style summary', () => {
    assert.deepEqual(pythonCodeLenses(a).map((l) => l.title), ['62,006 params', 'Show summary']);
    const table = torchSummaryTable(a.models[0]);
    assert.match(table, /├─Conv2d: 1-1\s+\[N, 6, 28, 28\]\s+456/);
    assert.match(table, /├─MaxPool2d: 1-4\s+\[N, 16, 5, 5\]\s+--/);
    assert.match(table, /Total params: 62,006\nTrainable params: 62,006\nNon-trainable params: 0/);
  });

  it('offers Train on GPU for a Keras model read to the end, as a .netspec the engine reads alike', () => {
    const k = analyzePython(read('keras/vgg_functional.py'));
    assert.deepEqual(pythonCodeLenses(k).map((l) => [l.title, l.action]), [[`${formatCount(k.models[0].totalParams ?? -1)} params`, 'summary'], ['Show summary', 'summary'], ['$(rocket) Train on GPU', 'train']]);
    const spec = trainSpecText(k.models[0], 'vgg.py');
    assert.ok(spec);
    assert.equal(formatSummary(analyze(spec)), formatSummary(analyze(read('keras/vgg_functional.netspec'))));
    assert.equal(trainSpecText(a.models[0], 'cifar.py'), undefined);
  });

  it('prints Keras models with the .netspec engine\'s own table', () => {
    const k = analyzePython(read('keras/lenet_add_chain.py'));
    const twin = analyze(read('keras/lenet_add_chain.netspec'));
    assert.ok(pythonModelSummary(k.models[0]).includes(formatSummary(twin, { modelName: 'model' })));
    assert.match(pythonSummaryDocument(k, 'lenet.py'), /^NetLens summary of lenet.py/);
  });

  it('quick-fixes in_features and inserts the input comment where none is given', () => {
    const bad = analyzePython(read('torch/bad_cifar_fc1_256.py'));
    const d = bad.diagnostics[0];
    const fixes = pythonQuickFixes(bad, d.line, d.line);
    assert.equal(fixes[0].fix.newText, '400');
    assert.equal(fixes[0].diagnostic, d);
    const noInput = analyzePython('import torch\nfrom torch import nn\nnet = nn.Sequential(nn.Linear(784, 10))\n');
    const [add] = pythonQuickFixes(noInput, 2, 2);
    assert.equal(add.fix.newText, '# netlens: input 784\n');
    assert.match(pythonHoverAt(noInput, 2, 2)?.markdown ?? '', /No input shape for net/);
  });
});
