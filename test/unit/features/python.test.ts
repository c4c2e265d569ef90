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
    assert.deepEqual(pythonCodeLenses(a).map((l) => l.title), ['62,006 params', 'Show summary', '$(rocket) Train on GPU']);
    const table = torchSummaryTable(a.models[0]);
    assert.match(table, /├─Conv2d: 1-1\s+\[N, 6, 28, 28\]\s+456/);
    assert.match(table, /├─MaxPool2d: 1-4\s+\[N, 16, 5, 5\]\s+--/);
    assert.match(table, /Total params: 62,006\nTrainable params: 62,006\nNon-trainable params: 0/);
  });

  it('offers Train on GPU for a Keras model read to the end, as a .netspec the engine reads alike', () => {
    const k = analyzePython(read('keras/vgg_functional.py'));
    assert.deepEqual(pythonCodeLenses(k).map((l) => [l.title, l.action]), [[`${formatCount(k.models[0].totalParams ?? -1)} params`, 'summary'], ['Show summary', 'summary'], ['$(rocket) Train on GPU', 'train']]);
    const spec = trainSpecText(k.models[0], 'vgg.py');
    assert.ok(spec.ok);
    assert.equal(formatSummary(analyze(spec.text)), formatSummary(analyze(read('keras/vgg_functional.netspec'))));
  });

  it('offers Train on GPU for a PyTorch model read to the end: a channels-last spec with its parameter counts, or the line that stops it', () => {
    const lens = pythonCodeLenses(a).find((l) => l.action === 'train');
    assert.equal(lens?.tooltip, 'Train this PyTorch model in TensorFlow.js: opened as a channels-last .netspec with the same layers, shapes and parameter counts');
    const spec = trainSpecText(a.models[0], 'cifar.py');
    assert.ok(spec.ok);
    const twin = analyze(spec.text);
    assert.equal(twin.totalParams, 62006);
    assert.deepEqual(twin.input?.shape, [32, 32, 3]);
    assert.deepEqual(twin.layers.map((l) => l.kerasClass), ['Conv2D', 'ReLU', 'MaxPooling2D', 'Conv2D', 'ReLU', 'MaxPooling2D', 'Flatten', 'Dense', 'ReLU', 'Dense', 'ReLU', 'Dense']);
    const groups = analyzePython(read('torch/seq_groups.py'));
    const refused = pythonCodeLenses(groups).find((l) => l.action === 'train');
    assert.match(refused?.tooltip ?? '', /^The Train panel cannot build this model as PyTorch computes it: line 6: Conv2d\(groups=4\)/);
    const notRead = trainSpecText(analyzePython(read('torch/bad_cifar_fc1_256.py')).models[0], 'bad.py');
    assert.ok(!notRead.ok);
    assert.match(notRead.reason, /fc1 \(Linear\) would fail in PyTorch/);
    // Models NetLens does not read to the end get no Train lens.
    assert.equal(pythonCodeLenses(analyzePython(read('torch/bad_cifar_fc1_256.py'))).some((l) => l.action === 'train'), false);
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

describe('Python editor text in Korean, and the link to the convolution arithmetic', () => {
  const cifar = read('torch/cifar_net.py');
  const a = analyzePython(cifar);
  const lines = cifar.split('\n');
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
  const HANGUL = /[\uac00-\ud7a3]/;
  /** Three English words in a row outside code spans and link targets: a sentence left untranslated. */
  const englishLeft = (markdown: string) => /\b[A-Za-z]{2,}\b(?:[\s,]+\b[A-Za-z]{2,}\b){2,}/.exec(markdown.replace(/`[^`]*`/g, '').replace(/\]\([^)]*\)/g, ']'))?.[0];
  const link = (line: number) => `command:netlens.showConvArithmetic?${line}`;

  it('renders the hover of nn.Conv2d, of a pool applied twice and of the model in Korean', () => {
    const conv = lineOf('self.conv1 = nn.Conv2d');
    const pool = lineOf('self.pool = nn.MaxPool2d');
    const hovers = [
      pythonHoverAt(a, conv, lines[conv].indexOf('Conv2d'), 'ko', { convArithmetic: link }),
      pythonHoverAt(a, pool, lines[pool].indexOf('MaxPool2d'), 'ko', { convArithmetic: link }),
      pythonHoverAt(a, a.models[0].line, a.models[0].start, 'ko'),
    ].map((h) => h?.markdown ?? '');
    for (const markdown of hovers) {
      assert.match(markdown, HANGUL, markdown);
      assert.equal(englishLeft(markdown), undefined, markdown);
    }
    assert.match(hovers[0], /\*\*conv1\*\* \(Conv2d\): 입력 `\(N, 3, 32, 32\)` → 출력 `\(N, 6, 28, 28\)`/);
    assert.match(hovers[0], /`params = \(3·5·5 \+ 1\)·6 = 456`/);
    assert.match(hovers[1], /2번 적용됨/);
    assert.match(hovers[2], /파라미터 62,006개/);
  });

  it('says in Korean why shapes are unknown after a layer PyTorch would reject', () => {
    const bad = read('torch/bad_cifar_fc1_256.py');
    const b = analyzePython(bad);
    const bl = bad.split('\n');
    const fc2 = bl.findIndex((l) => l.includes('self.fc2 = nn.Linear'));
    const fc1 = bl.findIndex((l) => l.includes('self.fc1 = nn.Linear'));
    // Markdown escapes aside (`\(`), the sentences as a student reads them.
    const plain = (m: string | undefined) => (m ?? '').replace(/\\/g, '');
    const layer = plain(pythonHoverAt(b, fc2, bl[fc2].indexOf('Linear') + 1, 'ko')?.markdown);
    assert.match(layer, new RegExp(`shape을 알 수 없음: fc1 \\(Linear\\)에서 PyTorch가 오류를 냅니다\\(${fc1 + 1}번째 줄\\)`), layer);
    const model = plain(pythonHoverAt(b, b.models[0].line, b.models[0].start, 'ko')?.markdown);
    assert.match(model, new RegExp(`${fc1 + 1}번째 줄부터는 shape을 알 수 없습니다: fc1 \\(Linear\\)에서 PyTorch가 오류를 냅니다\\.`), model);
    for (const markdown of [layer, model]) assert.equal(englishLeft(markdown), undefined, markdown);
    // The same hover in English.
    assert.match(plain(pythonHoverAt(b, fc2, bl[fc2].indexOf('Linear') + 1)?.markdown), new RegExp(`Shape unknown: fc1 \\(Linear\\) would fail in PyTorch \\(line ${fc1 + 1}\\)`));
  });

  it('renders the inlay hints and CodeLens in Korean', () => {
    const hints = pythonInlayHints(a, (l) => lines[l], 0, Number.MAX_SAFE_INTEGER, 'ko');
    assert.equal(hints.find((h) => h.line === lineOf('self.conv1 ='))?.label, '→ (N, 6, 28, 28) · 파라미터 456개');
    assert.equal(hints.find((h) => h.line === lineOf('return x'))?.tooltip, '출력: (N, 10) (배치 N)');
    for (const lens of pythonCodeLenses(a, 'ko')) {
      assert.match(lens.title + lens.tooltip, HANGUL);
      assert.equal(englishLeft(lens.title), undefined);
    }
    // A model the Train panel cannot build: the reason, in Korean, names the line.
    const refused = pythonCodeLenses(analyzePython(read('torch/seq_groups.py')), 'ko').find((l) => l.action === 'train');
    assert.match(refused?.tooltip ?? '', /6번째 줄: Conv2d\(groups=4\): Train 패널은 groups=1인 합성곱만 만듭니다\./);
    assert.equal(englishLeft(refused?.tooltip ?? ''), undefined, refused?.tooltip);
  });

  it('links Conv2d and pooling lines (definitions and applications in forward) to the picture, and no other line', () => {
    const at = (needle: string, word: string) => {
      const line = lineOf(needle);
      return pythonHoverAt(a, line, lines[line].indexOf(word) + 1, 'en', { convArithmetic: link })?.markdown ?? '';
    };
    assert.ok(at('self.conv1 = nn.Conv2d', 'Conv2d').endsWith(`[See the window slide over the input](${link(lineOf('self.conv1 = nn.Conv2d'))})`));
    assert.ok(at('self.pool = nn.MaxPool2d', 'MaxPool2d').includes(link(lineOf('self.pool = nn.MaxPool2d'))));
    const forward = lineOf('x = self.pool(F.relu(self.conv2(x)))');
    assert.ok(at('x = self.pool(F.relu(self.conv2(x)))', 'self.pool').includes(link(forward)));
    assert.ok(!at('self.fc1 = nn.Linear', 'Linear').includes('command:'));
    // Without a link builder (the CLI, tests), no link.
    assert.ok(!(pythonHoverAt(a, lineOf('self.conv1 ='), lines[lineOf('self.conv1 =')].indexOf('Conv2d'))?.markdown ?? '').includes('command:'));
    // Keras layers of a .py file: the .netspec hover, with the link naming the Python line.
    const k = read('keras/cifar_net_sequential.py');
    const kl = k.split('\n');
    const kLine = kl.findIndex((l) => l.includes('layers.Conv2D(6'));
    const keras = pythonHoverAt(analyzePython(k), kLine, kl[kLine].indexOf('Conv2D') + 1, 'ko', { convArithmetic: link })?.markdown ?? '';
    assert.ok(keras.endsWith(`(${link(kLine)})`), keras);
    assert.match(keras, HANGUL);
  });
});
