/**
 * Never guess past an error: once a line has an error, the shapes and parameter counts below it
 * are unknown (not computed from a guess), totals say so, and no warning that only follows from
 * the guess is raised. Also: windows larger than their input get quick fixes, and PyTorch pasted
 * into a spec is recognised as PyTorch.
 */
import assert from 'node:assert/strict';
import { analyze, formatSummary } from '../../../src/core';
import type { Analysis, TextFix } from '../../../src/core';
import { diag, errors, run } from './helpers';

function apply(text: string, fix: TextFix): string {
  const lines = text.split('\n');
  const l = lines[fix.line];
  lines[fix.line] = l.slice(0, fix.start) + fix.newText + l.slice(fix.end);
  return lines.join('\n');
}

const shapes = (a: Analysis) => a.layers.map((l) => l.outputShape);

describe('never guess past an error', () => {
  it('a misspelt layer leaves every later shape and count unknown', () => {
    const a = run('input 32x32x3', 'conv2d 16 3', 'convv2d 64 3', 'maxpool2d 2', 'dense 10');
    assert.deepEqual(shapes(a), [[30, 30, 16], undefined, undefined]);
    assert.deepEqual(a.layers.map((l) => l.params), [448, 0, 0]);
    assert.equal(a.totalsKnown, false);
    // No "Is a flatten missing?" that only follows from a guessed 15×15×16 input.
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'warning'), []);
    assert.deepEqual(errors(a).map((d) => d.code), ['unknown-layer']);
  });

  it('flaten: no made-up dense shape and no flatten warning below it', () => {
    const a = run('input 8x8x4', 'flaten', 'dense 10');
    assert.deepEqual(shapes(a), [undefined]);
    assert.equal(a.diagnostics.filter((d) => d.code === 'dense-on-tensor').length, 0);
  });

  it('a bad value on an optional argument: the line itself and the lines below are unknown', () => {
    const a = run('input 32x32x3', 'conv2d 8 3 stride=0', 'flatten');
    assert.deepEqual(shapes(a), [undefined, undefined]);
    const b = run('input 32x32x3', 'conv2d 8 3 activation=relux', 'flatten', 'dense 4');
    assert.deepEqual(shapes(b), [undefined, undefined, undefined]);
  });

  it('an unknown key makes the line uncertain too (it may be a misspelt stride)', () => {
    const a = run('input 32x32x3', 'maxpool2d 2 strid=1', 'flatten');
    assert.deepEqual(shapes(a), [undefined, undefined]);
  });

  it('an unreadable line (a syntax error) stops the shapes below it', () => {
    const a = run('input 32x32x3', 'conv2d 8 3', '(conv2d 8 3', 'flatten');
    assert.deepEqual(shapes(a), [[30, 30, 8], undefined]);
  });

  it('lines above an error keep their shapes; warnings and infos do not stop anything', () => {
    const a = run('input 32x32x3', 'conv2d 8 3 stride=2', 'flatten', 'dense 4', 'densee 3');
    assert.deepEqual(shapes(a), [[15, 15, 8], [1800], [4]]);
    assert.equal(diag(a, 'uneven-stride').severity, 'warning');
    const ok = run('input 8', 'Dense(4, bias_initializer="zeros")', 'dense 2');
    assert.equal(ok.totalsKnown, true);
    assert.deepEqual(shapes(ok), [[4], [2]]);
  });

  it('the summary says the totals are unknown instead of printing a partial sum', () => {
    const a = run('input 8', 'dense 4', 'densse 3', 'dense 2');
    const s = formatSummary(a);
    assert.match(s, /Total params: \? \(fix the errors to count them\)/);
    assert.match(s, /Trainable params: \?/);
    assert.doesNotMatch(s, /Total params: 36/);
    // The layer below the error: unknown shape, unknown count (not a made-up 0).
    assert.match(s, /dense_1 \(Dense\) +\(None, \?\) +\?\n/);
    assert.equal(run('input 8', 'dense 4').totalsKnown, true);
  });

  it('an error in a later layer\'s own shape (window too large) stops the lines below it', () => {
    const a = run('input 8x8x1', 'conv2d 4 9', 'flatten', 'dense 3');
    assert.deepEqual(shapes(a), [undefined, undefined, undefined]);
    assert.equal(a.totalsKnown, false);
  });
});

describe('a window larger than its input gets quick fixes', () => {
  for (const [spec, expected] of [
    [['input 5x5x3', 'conv2d 8 7'], ['conv2d 8 7 padding=same', 'conv2d 8 5']],
    [['input 5x9x3', 'Conv2D(8, kernel_size=(7, 7))'], ["Conv2D(8, kernel_size=(7, 7), padding='same')", 'Conv2D(8, kernel_size=(5, 7))']],
    [['input 3x3x8', 'maxpool2d 4'], ['maxpool2d 4 padding=same', 'maxpool2d 3']],
    [['input 6x6x1', 'conv2d 2 3 dilation=4'], ['conv2d 2 3 dilation=4 padding=same', 'conv2d 2 2 dilation=4']],
  ] as const) {
    it(`${spec[1]} on ${spec[0].slice(6)}: padding=same and the largest window that fits`, () => {
      const text = spec.join('\n');
      const d = diag(analyze(text), 'window-too-large');
      assert.ok(d.fixes && d.fixes.length >= 2, JSON.stringify(d));
      const results = d.fixes.map((f) => apply(text, f).split('\n')[1]);
      assert.deepEqual(results.slice(0, 2), expected);
      assert.equal(d.fixes[0].preferred, true);
      for (const f of d.fixes) assert.equal(errors(analyze(apply(text, f))).length, 0, `${f.title} leaves an error`);
    });
  }
});

describe('PyTorch pasted into a spec', () => {
  for (const line of ['nn.Conv2d(3, 64, kernel_size=2)', 'torch.nn.Linear(784, 10)', 'self.conv1 = nn.Conv2d(3, 6, 5)', 'nn.MaxPool2d(2, 2)', 'nn.ReLU()', 'Conv2d(3, 64, 3)', 'BatchNorm2d(64)']) {
    it(`${line}: one error saying it is PyTorch, no Keras advice`, () => {
      const a = run('input 32x32x3', line);
      const e = errors(a);
      assert.equal(e.length, 1, JSON.stringify(a.diagnostics));
      assert.equal(e[0].code, 'pytorch-call');
      assert.match(e[0].message, /PyTorch/);
      assert.match(e[0].message, /\.py file/);
      assert.doesNotMatch(e[0].message, /given twice|Did you mean/);
    });
  }

  it('says what the Keras layer would be for the common ones', () => {
    const m = diag(run('input 32x32x3', 'nn.Conv2d(3, 64, kernel_size=2)'), 'pytorch-call').message;
    assert.match(m, /Conv2D\(64, kernel_size=2\)/);
    assert.match(diag(run('input 784', 'nn.Linear(784, 10)'), 'pytorch-call').message, /Dense\(10\)/);
  });

  it('PyTorch scaffolding (class, def forward, super().__init__(), return) is not read as layers', () => {
    const a = run('class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.fc = nn.Linear(4, 2)', '    def forward(self, x):', '        x = F.relu(self.fc(x))', '        return x');
    assert.deepEqual(a.diagnostics.map((d) => d.code), ['pytorch-call', 'pytorch-call']);
  });

  it('a Keras subclassed model\'s `self.conv = layers.Conv2D(...)` is Keras, not PyTorch', () => {
    const a = run('input 28x28x1', 'self.conv = layers.Conv2D(32, 3)', 'self.flat = layers.Flatten()');
    assert.deepEqual(errors(a), []);
    assert.deepEqual(a.layers.map((l) => l.outputShape), [[26, 26, 32], [26 * 26 * 32]]);
  });

  it('Keras spellings are not mistaken for PyTorch', () => {
    const a = run('input 32x32x3', 'Conv2D(64, 3)', 'MaxPool2D(2)', 'layers.BatchNormalization()', 'Flatten()', 'Dense(10)');
    assert.deepEqual(errors(a), []);
  });
});
