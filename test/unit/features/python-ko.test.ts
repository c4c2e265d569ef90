/**
 * The Python reader's words in Korean: why a shape is unknown (hover), the words around
 * PyTorch's formulas and parameter counts, the summary document with its torchinfo-style table
 * (aligned in display columns), and the header of the .netspec "Train on GPU" writes. English
 * stays as it was.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core';
import { displayWidth } from '../../../src/core/displayWidth';
import { analyzePython } from '../../../src/core/python';
import { pythonHoverAt, pythonSummaryDocument, torchSummaryTable, trainSpecText } from '../../../src/features/pure/python';
import { englishProse, HANGUL } from '../korean';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'python');
const read = (p: string) => readFileSync(join(fixtures, p), 'utf8');
/** Markdown escapes aside (`\(`), the text as a student reads it. */
const plain = (m: string | undefined) => (m ?? '').replace(/\\/g, '');

/** One model per thing NetLens does not follow, each with the English reason it gave before the catalogue. */
const CAUSES = `import torch
import torch.nn as nn
import torch.nn.functional as F
from tensorflow import keras


# netlens: input 3x32x32
class WithCustom(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = MyBlock()
        self.fc = nn.Linear(10, 2)

    def forward(self, x):
        x = self.block(x)
        return self.fc(x)


# netlens: input 3x32x32
class WithLoop(nn.Module):
    def __init__(self):
        super().__init__()
        for i in range(3):
            self.conv = nn.Conv2d(3, 3, 3)

    def forward(self, x):
        return self.conv(x)


# netlens: input 3x32x32
class WithStarArgs(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.conv = nn.Conv2d(*cfg)

    def forward(self, x):
        return self.conv(x)


# netlens: input 3x32x32
class WithCat(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3)

    def forward(self, x):
        y = self.conv(x)
        x = torch.cat([x, y], 1)
        return x


# netlens: input 3x32x32
class WithBranch(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3)

    def forward(self, x):
        if x.sum() > 0:
            x = self.conv(x)
        return x


# netlens: input 3x32x32
class WithView(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(100, 10)

    def forward(self, x):
        x = x.view(-1, 7)
        return self.fc(x)


# netlens: input 3x32x32
class WithBatchFlatten(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(100, 10)

    def forward(self, x):
        x = torch.flatten(x)
        return self.fc(x)


# netlens: input 3x32x32
seq = nn.Sequential(*layers)


# netlens: input 32x32x3
model = keras.Sequential()
for units in [64, 32]:
    model.add(keras.layers.Dense(units))
`;

const ENGLISH_REASONS: Record<string, string> = {
  WithCustom: 'MyBlock is not a layer NetLens knows',
  WithLoop: 'self.conv is assigned inside a loop or branch',
  WithStarArgs: 'conv (Conv2d): arguments passed with * or ** cannot be read without running the code.',
  WithCat: 'cat is not something NetLens follows',
  WithBranch: '`if` (a branch, loop or block) is not followed',
  WithView: "view(-1, 7) does not fit one sample's 3·32·32 = 3,072 values: the batch size would change.",
  WithBatchFlatten: 'flatten(start_dim=0) also flattens the batch axis: NetLens follows only per-sample flattening.',
  seq: 'nn.Sequential built from an OrderedDict or *list cannot be read without running the code',
  model: 'layers added inside a loop or branch',
};

describe('Python reader text in Korean', () => {
  const analysis = analyzePython(CAUSES);
  const lines = CAUSES.split('\n');

  it('keeps the English reasons as they were, each with a message ref', () => {
    assert.deepEqual(analysis.models.map((m) => m.name), Object.keys(ENGLISH_REASONS));
    for (const m of analysis.models) {
      assert.equal(m.unknownFrom?.reason, ENGLISH_REASONS[m.name], m.name);
      assert.ok(m.unknownFrom?.reasonRef, m.name);
    }
  });

  it('renders every reason in the language asked of the reader (the CLI\'s JSON and summary read these)', () => {
    const ko = analyzePython(CAUSES, { lang: 'ko' });
    for (const m of ko.models) {
      assert.match(m.unknownFrom?.reason ?? '', HANGUL, m.name);
      assert.deepEqual(englishProse(m.unknownFrom?.reason ?? ''), [], m.name);
      assert.match(m.input?.source ?? '', HANGUL, m.name);
    }
    const conv = ko.models.find((m) => m.name === 'WithStarArgs')!.layers[0];
    assert.match(conv.unknown ?? '', /^\* 또는 \*\*로 넘긴 인자는/);
  });

  it('says in Korean, in the model hover, why each model\'s shapes are unknown', () => {
    for (const m of analysis.models) {
      const ko = plain(pythonHoverAt(analysis, m.line, m.start, 'ko')?.markdown);
      const en = plain(pythonHoverAt(analysis, m.line, m.start, 'en')?.markdown);
      const line = (m.unknownFrom?.line ?? -1) + 1;
      assert.match(ko, new RegExp(`${line}번째 줄부터는 shape을 알 수 없습니다: \\S`), `${m.name}: ${ko}`);
      assert.deepEqual(englishProse(ko), [], `${m.name}: ${ko}`);
      // The English hover ends the reason's sentence once (no "code..").
      assert.ok(en.includes(`From line ${line} on, shapes are unknown: ${ENGLISH_REASONS[m.name].replace(/\.$/, '')}.`), `${m.name}: ${en}`);
      assert.ok(!/\.\.(?!\.)/.test(en) && !/\.\.(?!\.)/.test(ko), `${m.name}: one period`);
    }
    // The Korean keeps code as written: the name, the keyword, the numbers.
    const at = (name: string) => analysis.models.find((m) => m.name === name)!;
    const hover = (name: string) => plain(pythonHoverAt(analysis, at(name).line, at(name).start, 'ko')?.markdown);
    assert.match(hover('WithCustom'), /MyBlock은\(는\) NetLens가 아는 레이어가 아닙니다/);
    assert.match(hover('WithBranch'), /`if`\(조건문, 반복문 또는 블록\)/);
    assert.match(hover('WithView'), /view\(-1, 7\)는 샘플 하나의 값 3·32·32 = 3,072개와 맞지 않습니다/);
    assert.match(hover('model'), /반복문이나 조건문 안에서 추가한 레이어가 있습니다/);
  });

  it('says in Korean why a layer whose arguments cannot be read has no shape', () => {
    const line = lines.findIndex((l) => l.includes('nn.Conv2d(*cfg)'));
    const ko = plain(pythonHoverAt(analysis, line, lines[line].indexOf('Conv2d') + 1, 'ko')?.markdown);
    assert.match(ko, /shape을 알 수 없음: \* 또는 \*\*로 넘긴 인자는 코드를 실행해 보지 않고는 읽을 수 없습니다\./, ko);
    assert.deepEqual(englishProse(ko), [], ko);
    const en = plain(pythonHoverAt(analysis, line, lines[line].indexOf('Conv2d') + 1, 'en')?.markdown);
    assert.match(en, /Shape unknown: arguments passed with \* or \*\* cannot be read without running the code\./);
  });

  it('writes the words around BatchNorm\'s parameters and adaptive pooling in Korean, numbers unchanged', () => {
    const text = read('torch/vgg_small_bn.py');
    const a = analyzePython(text);
    const tl = text.split('\n');
    const hoverOn = (needle: string, word: string, lang: 'en' | 'ko') => {
      const line = tl.findIndex((l) => l.includes(needle));
      return plain(pythonHoverAt(a, line, tl[line].indexOf(word) + 1, lang)?.markdown);
    };
    const bnKo = hoverOn('nn.BatchNorm2d(32)', 'BatchNorm2d', 'ko');
    assert.match(bnKo, /`params = 64 \(γ, β: 2·32 = 64개 학습됨; running mean과 variance: 2·32 = 버퍼 64개, 학습되지 않음\)`/, bnKo);
    assert.match(hoverOn('nn.BatchNorm2d(32)', 'BatchNorm2d', 'en'), /`params = 64 \(γ, β: 2·32 = 64 trainable; running mean and variance: 2·32 = 64 buffers, not trained\)`/);
    const poolKo = hoverOn('nn.AdaptiveAvgPool2d', 'AdaptiveAvgPool2d', 'ko');
    assert.match(poolKo, /H×W: \d+×\d+ → 1×1 \(adaptive: 입력 크기에 맞춰 window가 정해짐\)/, poolKo);
    assert.match(hoverOn('nn.AdaptiveAvgPool2d', 'AdaptiveAvgPool2d', 'en'), /H×W: \d+×\d+ → 1×1 \(adaptive: the windows adjust to the input\)/);
    // The code spans too: a Korean hover keeps no English sentence, even inside the formulas.
    for (const md of [bnKo, poolKo]) assert.deepEqual(englishProse(md.replace(/`/g, '')), [], md);
  });

  it('writes the summary document in Korean; Keras\'s own table keeps Keras\'s words', () => {
    const ko = pythonSummaryDocument(analyzePython(CAUSES, { lang: 'ko' }), 'causes.py', undefined, 'ko');
    assert.match(ko, /^causes\.py의 NetLens 요약/);
    assert.match(ko, /PyTorch 모델 WithCat \(\d+번째 줄\)/);
    assert.match(ko, /전체 파라미터: 168\n학습되는 파라미터: 168\n학습되지 않는 파라미터: 0/);
    assert.match(ko, /Model: "model"[\s\S]*Total params: 0\nTrainable params: 0\nNon-trainable params: 0/);
    assert.deepEqual(englishProse(ko), [], ko);
    const en = pythonSummaryDocument(analysis, 'causes.py');
    assert.match(en, /^NetLens summary of causes\.py \(updates as you edit\)\n\nPyTorch model WithCustom \(line 8\)\nInput \(N, 3, 32, 32\) from the `# netlens: input` comment on line 7\.\nFrom line 11 on, shapes are unknown: MyBlock is not a layer NetLens knows\./);
    assert.match(en, /Total params: unknown \(NetLens could not read every layer\)/);
    assert.equal(pythonSummaryDocument(analyzePython('import torch\n'), 'x.py', undefined, 'ko').split('\n')[2], 'Keras나 PyTorch 모델을 찾지 못했습니다(NetLens가 읽는 것: nn.Module 클래스, nn.Sequential, keras Sequential, model.add로 이어 붙인 모델, 함수형 API로 이은 모델).');
  });

  it('aligns the Korean torchinfo-style table by display columns (a Hangul model name too)', () => {
    const text = 'import torch.nn as nn\n\n# netlens: input 3x32x32\n분류기 = nn.Sequential(\n    nn.Conv2d(3, 6, 5),\n    nn.BatchNorm2d(6),\n    nn.Flatten(),\n    nn.Linear(4704, 10),\n)\n';
    const model = analyzePython(text).models[0];
    assert.equal(model.name, '분류기');
    const columnsOf = (table: string) =>
      table
        .split('\n')
        .filter((l) => / {2,}/.test(l))
        .map((l) => {
          const cells = l.split(/ {2,}/);
          const second = l.indexOf(cells[1], cells[0].length);
          const third = l.lastIndexOf(cells[2]);
          return { line: l, second: displayWidth(l.slice(0, second)), third: displayWidth(l.slice(0, third)), secondIndex: second };
        });
    const ko = torchSummaryTable(model, 'ko');
    const rows = columnsOf(ko);
    assert.equal(rows.length, 6, ko);
    for (const r of rows) assert.deepEqual([r.second, r.third], [41, 67], r.line);
    // The Hangul lines are where padding by string length would have gone wrong.
    assert.ok(rows.some((r) => r.secondIndex !== 41 && HANGUL.test(r.line)));
    assert.match(ko, /^=+\n레이어 \(type:depth-idx\) +출력 shape +파라미터 수\n/);
    const en = torchSummaryTable(model);
    // The same counts as the English table, under Korean headings.
    const count = (label: RegExp) => label.exec(en)?.[1];
    assert.ok(ko.includes(`전체 파라미터: ${count(/Total params: ([\d,]+)/)}\n학습되는 파라미터: ${count(/Trainable params: ([\d,]+)/)}\n학습되지 않는 파라미터: 0\n버퍼(BatchNorm의 running mean과 variance, 파라미터가 아님): ${count(/Buffers .*: ([\d,]+)/)}\n`), ko);
    assert.deepEqual(englishProse(ko), [], ko);
    for (const r of columnsOf(en)) assert.deepEqual([r.second, r.third], [41, 67], r.line);
    assert.match(en, /Layer \(type:depth-idx\) +Output Shape +Param #\n[\s\S]*Buffers \(BatchNorm running mean and variance, not parameters\): 12\n/);
  });

  it('writes the header of the Train on GPU .netspec in Korean; the spec trains the same model', () => {
    const a = analyzePython(read('torch/cifar_net.py'));
    const ko = trainSpecText(a.models[0], 'cifar.py', 'ko');
    const en = trainSpecText(a.models[0], 'cifar.py');
    assert.ok(ko.ok && en.ok);
    const header = ko.text.split('\n').filter((l) => l.startsWith('#'));
    assert.ok(header.length >= 4);
    for (const l of header) assert.match(l, HANGUL, l);
    assert.deepEqual(englishProse(ko.text.replace(/^input[\s\S]*$/m, '')), [], ko.text);
    assert.match(ko.text, /^# cifar\.py의 Net: /);
    assert.match(ko.text, /PyTorch의 \(N, 3, 32, 32\)는 여기서 32x32x3이고/);
    // Each layer's comment names its line in Korean; the layers themselves are the same.
    assert.match(ko.text, /\nconv2d 6 5 padding=valid .* {2}# conv1 \(Conv2d\), \d+번째 줄\n/);
    const strip = (s: string) => s.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/\s+#.*$/, ''));
    assert.deepEqual(strip(ko.text), strip(en.text));
    const twin = analyze(ko.text);
    assert.equal(twin.totalParams, 62006);
    assert.deepEqual(twin.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.match(en.text, /^# Net from cifar\.py: the PyTorch model as NetLens reads it, written for the Train panel \(edits here do not change the \.py\)\.\n# TF\.js is channels-last: PyTorch's \(N, 3, 32, 32\) is 32x32x3 here/);
    const keras = analyzePython(read('keras/lenet_add_chain.py')).models[0];
    const kerasKo = trainSpecText(keras, 'lenet.py', 'ko');
    assert.ok(kerasKo.ok);
    assert.match(kerasKo.text, /^# lenet\.py의 model: NetLens가 읽은 그대로의 Keras 모델입니다/);
  });
});
