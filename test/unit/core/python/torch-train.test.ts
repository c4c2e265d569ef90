/**
 * "Train on GPU" for PyTorch models: the spec written for the Train panel (torchTrain.ts) must,
 * analysed by the .netspec engine with Keras's rules, have every layer's output shape equal to the
 * PyTorch reader's shape with the channels moved last, and the same parameter counts (the reader's
 * counts are held to PyTorch's own by torch-corpus.test.ts), for every convertible file of the
 * PyTorch corpus; the others are refused on the right line for the right reason.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../src/core';
import { analyzePython, channelsLast, torchTrainSpec } from '../../../../src/core/python';

const corpus = join(__dirname, '..', '..', '..', 'fixtures', 'python', 'torch');
const files = readdirSync(corpus).filter((f) => f.endsWith('.py')).sort();

/** Files the Train panel cannot build as PyTorch computes them: the 1-based line and the reason. */
const REFUSED: Record<string, { line: number; reason: RegExp }> = {
  'seq_bn2d_nostats.py': { line: 7, reason: /track_running_stats=False/ },
  'seq_ceil_mode.py': { line: 7, reason: /ceil_mode=True\) adds a last, partial window here \(14×14 → 15×15\)/ },
  'seq_groups.py': { line: 6, reason: /groups=4/ },
  'seq_pool_padding.py': { line: 7, reason: /MaxPool2d\(padding=1\): PyTorch pads max pooling with −∞/ },
  'seq_prelu_channels.py': { line: 8, reason: /Dropout2d/ },
  'vgg_deep.py': { line: 40, reason: /AdaptiveAvgPool2d from 4×4 to 7×7: the windows are uneven/ },
  'vgg_gray.py': { line: 35, reason: /AdaptiveAvgPool2d from 7×7 to 2×2: the windows are uneven/ },
};

function onlyModel(file: string) {
  const models = analyzePython(readFileSync(join(corpus, file), 'utf8')).models;
  assert.equal(models.length, 1, file);
  return models[0];
}

describe('PyTorch models written for the Train panel (torchTrainSpec)', () => {
  it('covers the corpus: at least 25 files convert', () => {
    const convertible = files.filter((f) => !f.startsWith('bad_') && !(f in REFUSED));
    assert.ok(convertible.length >= 25, `${convertible.length} convertible files`);
  });

  for (const file of files.filter((f) => !f.startsWith('bad_') && !(f in REFUSED))) {
    it(`${file}: the spec has PyTorch's shapes (channels last) and parameter counts`, () => {
      const model = onlyModel(file);
      const converted = torchTrainSpec(model, file);
      assert.ok(converted.ok, converted.ok ? '' : `refused: line ${converted.line + 1}: ${converted.reason}`);
      const spec = analyze(converted.text);
      assert.deepEqual(spec.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.deepEqual(spec.input?.shape, channelsLast(model.input!.shape));
      assert.equal(spec.layers.length, converted.layers.length);
      converted.layers.forEach((l, i) => assert.deepEqual(spec.layers[i].outputShape, l.shape, `${file}: ${l.spec}`));
      // The last layer's output is the model's output, channels last.
      assert.deepEqual(spec.layers[spec.layers.length - 1].outputShape, channelsLast(model.output!));
      // Every PyTorch layer with parameters is one spec layer with as many (buffers: Keras's non-trainable).
      assert.equal(spec.trainableParams, model.totalParams);
      assert.equal(spec.nonTrainableParams, model.nonTrainableParams);
      const torchWeighted = model.uses.filter((u) => u.layer.params > 0).map((u) => u.layer.params);
      const specWeighted = spec.layers.filter((l) => l.trainableParams > 0).map((l) => l.trainableParams);
      assert.deepEqual(specWeighted, torchWeighted);
    });
  }

  for (const [file, want] of Object.entries(REFUSED)) {
    it(`${file}: refused on line ${want.line}`, () => {
      const converted = torchTrainSpec(onlyModel(file), file);
      assert.ok(!converted.ok, `${file} converted`);
      assert.equal(converted.line + 1, want.line);
      assert.match(converted.reason, want.reason);
    });
  }

  it('refuses models with a warning on the line PyTorch fails, saying why', () => {
    for (const file of files.filter((f) => f.startsWith('bad_'))) {
      const model = onlyModel(file);
      const converted = torchTrainSpec(model, file);
      assert.ok(!converted.ok, file);
      assert.equal(converted.line, model.unknownFrom?.line, file);
      assert.match(converted.reason, /would fail in PyTorch/);
    }
  });

  it("writes PyTorch's own numbers: symmetric padding, BatchNorm eps and momentum, LeakyReLU's slope, the weight init's bound", function () {
    // The numbers come from PyTorch 1.13 itself (its defaults and kaiming_uniform_(a=√5)'s bound).
    this.timeout(120000);
    const python = process.env.NETLENS_PYTHON ?? '/usr/bin/python3';
    const script = [
      'import json, math, torch, torch.nn as nn',
      'fan = lambda w: nn.init._calculate_fan_in_and_fan_out(w)[0]',
      "bound = lambda w: math.sqrt(3.0) * nn.init.calculate_gain('leaky_relu', math.sqrt(5)) / math.sqrt(fan(w))",
      'bn = nn.BatchNorm2d(8)',
      "print(json.dumps({'conv': bound(nn.Conv2d(3, 8, 3).weight), 'linear': bound(nn.Linear(8, 10).weight), 'eps': bn.eps, 'momentum': bn.momentum, 'slope': nn.LeakyReLU().negative_slope}))",
    ].join('\n');
    const run = spawnSync(python, ['-c', script], { encoding: 'utf8' });
    if (run.status !== 0) {
      console.log(`      (skipped: ${python} cannot import torch)`);
      this.skip();
    }
    const torch = JSON.parse(run.stdout) as { conv: number; linear: number; eps: number; momentum: number; slope: number };
    const text = [
      'import torch.nn as nn',
      '# netlens: input 3x32x32',
      'model = nn.Sequential(',
      '    nn.Conv2d(3, 8, 3, padding=(2, 1), bias=False),',
      '    nn.BatchNorm2d(8),',
      '    nn.LeakyReLU(),',
      '    nn.AvgPool2d(2, padding=1),',
      '    nn.AdaptiveAvgPool2d(1),',
      '    nn.Flatten(),',
      '    nn.Dropout(0.25),',
      '    nn.Linear(8, 10),',
      ')',
    ].join('\n');
    const model = analyzePython(text).models[0];
    const converted = torchTrainSpec(model, 'm.py');
    assert.ok(converted.ok);
    const specs = converted.layers.map((l) => l.spec);
    const limit = (spec: string) => Number(/init=uniform\(([\d.e-]+)\)/.exec(spec)?.[1]);
    assert.ok(Math.abs(limit(specs[0]) - torch.conv) < 1e-9, `${specs[0]} vs PyTorch's bound ${torch.conv}`);
    assert.ok(Math.abs(limit(specs[7]) - torch.linear) < 1e-9, `${specs[7]} vs PyTorch's bound ${torch.linear}`);
    assert.match(specs[0], /^conv2d 8 3 padding=2x1 use_bias=false /);
    const bn = /^batchnorm momentum=([\d.]+) epsilon=([\d.e-]+)$/.exec(specs[1]);
    assert.ok(bn, specs[1]);
    assert.equal(Number(bn[1]), 1 - torch.momentum);
    assert.equal(Number(bn[2]), torch.eps);
    assert.equal(specs[2], `leaky_relu ${torch.slope}`);
    assert.deepEqual(specs.slice(3, 7), ['avgpool2d 2 stride=2 padding=1', 'avgpool2d 18x17 stride=18x17', 'flatten', 'dropout 0.25']);
    // The engine reads the padding as symmetric and the shapes follow PyTorch's, channels last.
    const spec = analyze(converted.text);
    assert.deepEqual(spec.layers.map((l) => l.outputShape), model.uses.map((u) => channelsLast(u.output!)));
  });

  it('refuses what the Train panel would compute differently, naming the line', () => {
    const refusal = (layer: string, input = '3x32x32') => {
      const r = torchTrainSpec(analyzePython(`import torch.nn as nn\n# netlens: input ${input}\nmodel = nn.Sequential(\n    ${layer},\n)\n`).models[0], 'm.py');
      assert.ok(!r.ok, layer);
      assert.equal(r.line, 3, layer);
      return r.reason;
    };
    assert.match(refusal("nn.Conv2d(3, 8, 3, padding=1, padding_mode='reflect')"), /padding_mode='reflect'/);
    assert.match(refusal('nn.AvgPool2d(3, 1, 1, count_include_pad=False)'), /count_include_pad=False/);
    assert.match(refusal('nn.BatchNorm2d(3, momentum=None)'), /momentum=None/);
    assert.match(refusal('nn.Hardswish()'), /nn\.Hardswish/);
    assert.match(refusal('nn.Linear(32, 4)'), /flatten first/);
    assert.match(refusal('nn.Softmax(dim=2)'), /dim=2/);
  });

  it('keeps a final F.log_softmax out (it trains as logits) and says so; F.dropout(training=False) is no layer', () => {
    const text = [
      'import torch.nn as nn', 'import torch.nn.functional as F', '# netlens: input 784',
      'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(784, 10)',
      '    def forward(self, x):', '        x = F.dropout(x, 0.2, training=False)', '        x = F.dropout(x, p=0.5, training=self.training)', '        return F.log_softmax(self.fc(x), dim=1)',
    ].join('\n');
    const converted = torchTrainSpec(analyzePython(text).models[0], 'm.py');
    assert.ok(converted.ok);
    assert.deepEqual(converted.layers.map((l) => l.spec.split(' ')[0]), ['dropout', 'dense']);
    assert.match(converted.text, /log_softmax is left out/);
  });
});
