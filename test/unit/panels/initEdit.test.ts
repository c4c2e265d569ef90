// "Use this init in my spec" as text edits, and the lab network a spec describes (pure, no VS Code).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core';
import { planInitEdits, specNetFromText } from '../../../src/panels/initEdit';

const example = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'examples', name), 'utf8');

/** Applies single-line fixes right to left, as a WorkspaceEdit would. */
function apply(text: string, fixes: { line: number; start: number; end: number; newText: string }[]): string {
  const lines = text.split('\n');
  const sorted = [...fixes].sort((a, b) => b.line - a.line || b.start - a.start);
  for (const f of sorted) lines[f.line] = lines[f.line].slice(0, f.start) + f.newText + lines[f.line].slice(f.end);
  return lines.join('\n');
}

describe('src/panels/initEdit: use this init in my spec (text edits)', () => {
  it('replaces an existing init= on every dense line and keeps the rest of the line', () => {
    const text = 'input 500\ndense 500 activation=tanh init=normal(0.01)  # small\ndense 10 activation=softmax init=zeros\n';
    const plan = planInitEdits(text, { name: 'he_normal' }, 'mlp.netspec');
    assert.equal(plan.fixes.length, 2);
    const out = apply(text, plan.fixes);
    assert.equal(out, 'input 500\ndense 500 activation=tanh init=he_normal  # small\ndense 10 activation=softmax init=he_normal\n');
    assert.match(plan.message, /he_normal on 2 layers of mlp\.netspec/);
    const layers = analyze(out).layers;
    assert.deepEqual(layers.map((l) => (l.config.kind === 'dense' ? l.config.init : undefined)), [{ name: 'he_normal' }, { name: 'he_normal' }]);
  });

  it('adds init= where it is missing, on conv2d, dense and maxout, never on pooling or flatten', () => {
    const text = example('lecture6-cifar.netspec');
    const plan = planInitEdits(text, { name: 'normal', std: 0.01 });
    assert.equal(plan.weightLayers, 2);
    const out = apply(text, plan.fixes);
    const after = analyze(out);
    assert.equal(after.hasErrors, false, JSON.stringify(after.diagnostics));
    for (const l of after.layers) {
      if (l.config.kind === 'conv2d' || l.config.kind === 'dense') assert.deepEqual(l.config.init, { name: 'normal', std: 0.01 });
    }
    assert.equal(after.totalParams, 164682, 'the edit changes only the initializer');
    assert.match(out, /conv2d 64 kernel=2 padding=same activation=relu init=normal\(0\.01\)/);
    const maxout = planInitEdits('input 8\nmaxout 4 pieces=2\n', { name: 'glorot_normal' });
    assert.equal(apply('input 8\nmaxout 4 pieces=2\n', maxout.fixes), 'input 8\nmaxout 4 pieces=2 init=glorot_normal\n');
  });

  it('writes Keras syntax into a pasted Keras call', () => {
    const text = "input 784\nDense(64, activation='relu')\nDense(10, activation='softmax', kernel_initializer='zeros')\n";
    const out = apply(text, planInitEdits(text, { name: 'normal', std: 0.5 }).fixes);
    assert.match(out, /Dense\(64, activation='relu', kernel_initializer=RandomNormal\(stddev=0\.5\)\)/);
    assert.match(out, /kernel_initializer=RandomNormal\(stddev=0\.5\)\)\n$/);
    for (const l of analyze(out).layers) assert.deepEqual(l.config.kind === 'dense' && l.config.init, { name: 'normal', std: 0.5 });
  });

  it('says so when there is nothing to change or nothing to initialize', () => {
    const same = planInitEdits('input 4\ndense 3 init=he_normal\n', { name: 'he_normal' }, 'a.netspec');
    assert.equal(same.fixes.length, 0);
    assert.match(same.message, /already uses init=he_normal/);
    const none = planInitEdits('input 4x4x1\nflatten\n', { name: 'zeros' }, 'b.netspec');
    assert.equal(none.weightLayers, 0);
    assert.match(none.message, /no conv2d, dense or maxout layer/);
    assert.deepEqual(planInitEdits('', { name: 'zeros' }).fixes, []);
  });
});

describe('src/panels/initEdit: He for ReLU layers', () => {
  it('suggests He when another init goes onto ReLU-like layers, and not otherwise', () => {
    const text = example('lecture6-cifar.netspec');
    const xavier = planInitEdits(text, { name: 'glorot_uniform' }, 'cnn.netspec');
    assert.equal(xavier.reluLayersWithoutHe, 1, 'conv2d … activation=relu');
    assert.match(xavier.message, /1 layer feeds relu: .*He \(init=he_normal/);
    const he = planInitEdits(text, { name: 'he_normal' }, 'cnn.netspec');
    assert.equal(he.reluLayersWithoutHe, 0);
    assert.doesNotMatch(he.message, /recommends He/);
    const tanh = planInitEdits('input 4\ndense 3 activation=tanh\n', { name: 'glorot_normal' });
    assert.equal(tanh.reluLayersWithoutHe, 0);
    // A standalone activation after a linear dense layer counts; so do ELU and maxout.
    const after = planInitEdits('input 4\ndense 3\nrelu\ndense 3 activation=elu\nmaxout 2 pieces=2\n', { name: 'normal', std: 0.01 });
    assert.equal(after.reluLayersWithoutHe, 3);
    assert.match(after.message, /3 layers feed relu, elu, maxout/);
  });
});

describe('src/panels/initEdit: the lab network of a spec', () => {
  it('reads the deep tanh MLP example as 10 × 500 tanh on 500 inputs', () => {
    assert.deepEqual(specNetFromText(example('deep-tanh-mlp.netspec')), { net: { inputSize: 500, widths: Array(10).fill(500), activation: 'tanh' }, note: undefined });
  });

  it("takes the dense part of a CNN, keeps the spec's ReLU and says what it left out", () => {
    const r = specNetFromText(example('lecture6-cifar.netspec'));
    // The conv layer's relu decides, not the output layer's softmax.
    assert.deepEqual(r.net, { inputSize: 16384, widths: [10], activation: 'relu' });
    assert.match(r.note ?? '', /fully connected layers only: conv2d 64 \(relu\) left out/);
    assert.match(r.note ?? '', /16,384 inputs/);
    assert.match(r.note ?? '', /softmax/);
    // An MLP whose hidden layers are tanh stays tanh even with a ReLU-like output layer.
    assert.equal(specNetFromText('input 8\ndense 8 activation=tanh\ndense 8 activation=tanh\ndense 2 activation=relu\n').net?.activation, 'tanh');
  });

  it('picks ReLU when most layers are ReLU-like, and explains specs it cannot use', () => {
    assert.equal(specNetFromText('input 20\ndense 30 activation=relu\ndense 30 activation=elu\ndense 5\n').net?.activation, 'relu');
    assert.match(specNetFromText('input 8x8x3\nconv2d 4 3\n').note ?? '', /no dense or maxout layer/);
    assert.match(specNetFromText('input 8x8x3\ndense 4\n').note ?? '', /add a flatten/);
    assert.equal(specNetFromText('this is not a spec').net, undefined);
  });
});

describe('src/panels/initEdit: the panel\'s texts in Korean (netlens.language)', () => {
  const HANGUL = /[\uac00-\ud7a3]/;

  it('says what the edit did, and the word on He, in Korean with the same numbers and code', () => {
    const text = 'input 500\ndense 500 activation=relu\ndense 500 activation=relu\ndense 10 activation=softmax\n';
    const ko = planInitEdits(text, { name: 'glorot_normal' }, 'mlp.netspec', 'ko');
    const en = planInitEdits(text, { name: 'glorot_normal' }, 'mlp.netspec', 'en');
    assert.deepEqual(ko.fixes, en.fixes, 'the language changes the words only');
    assert.match(ko.message, HANGUL);
    assert.match(ko.message, /mlp\.netspec의 층 3개에 init=glorot_normal/);
    assert.match(ko.message, /층 2개가 relu에 이어집니다/);
    assert.match(ko.message, /init=he_normal, std = √\(2\/fan_in\)/);
    assert.match(en.message, /^Set init=glorot_normal on 3 layers of mlp\.netspec/);
    assert.match(planInitEdits('input 4\n', { name: 'zeros' }, undefined, 'ko').message, /^스펙에는 초기화할/);
  });

  it('explains the lab network in Korean, numbers in the Korean locale', () => {
    const r = specNetFromText('input 32x32x3\nconv2d 64 3 activation=relu\nflatten\ndense 10 activation=softmax\n', 'ko');
    assert.match(r.note ?? '', /conv2d 64 \(relu\)은\(는\) 빼고/);
    assert.match(r.note ?? '', /입력 57,600개/);
    assert.match(specNetFromText('input 8x8x3\ndense 4\n', 'ko').note ?? '', /flatten을 넣으세요/);
  });
});
