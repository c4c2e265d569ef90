/** Keras auto names, shape and count formatting, and the model.summary() text layout. */
import assert from 'node:assert/strict';
import { formatCount, formatShape, formatSummary } from '../../../src/core';
import { run } from './helpers';

const lecture = [
  '# Lecture 6: the CIFAR-10 CNN',
  'input 32x32x3',
  'conv2d 64 kernel=2 padding=same activation=relu',
  'maxpool2d 2',
  'flatten',
  'dense 10 activation=softmax',
];

describe('core: Keras auto names', () => {
  it('the lecture model: conv2d, max_pooling2d, flatten, dense', () => {
    assert.deepEqual(run(...lecture).layers.map((l) => l.name), ['conv2d', 'max_pooling2d', 'flatten', 'dense']);
  });

  it('repeated classes count up: conv2d, conv2d_1, conv2d_2; dense, dense_1', () => {
    const a = run('input 32x32x3', 'conv2d 8 3', 'conv2d 8 3', 'maxpool2d 2', 'conv2d 8 3', 'flatten', 'dense 8', 'dense 2');
    assert.deepEqual(a.layers.map((l) => l.name), ['conv2d', 'conv2d_1', 'max_pooling2d', 'conv2d_2', 'flatten', 'dense', 'dense_1']);
  });

  it('every layer class gets its Keras snake_case name', () => {
    const a = run(
      'input 16x16x3',
      'zeropad2d 1',
      'conv2d 4 3',
      'batchnorm',
      'relu',
      'leaky_relu',
      'prelu',
      'elu',
      'activation tanh',
      'maxpool2d 2',
      'avgpool2d 2',
      'dropout 0.1',
      'globalaveragepooling2d',
      'dense 4',
      'activation relu',
      'batchnorm',
      'dropout 0.2',
    );
    assert.deepEqual(a.layers.map((l) => l.name), [
      'zero_padding2d',
      'conv2d',
      'batch_normalization',
      're_lu',
      'leaky_re_lu',
      'p_re_lu',
      'elu',
      'activation',
      'max_pooling2d',
      'average_pooling2d',
      'dropout',
      'global_average_pooling2d',
      'dense',
      'activation_1',
      'batch_normalization_1',
      'dropout_1',
    ]);
    assert.equal(run('input 4x4x2', 'globalmaxpool2d').layers[0].name, 'global_max_pooling2d');
  });
});

describe('core: formatting', () => {
  it('formatCount puts thousands separators', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(832), '832');
    assert.equal(formatCount(163850), '163,850');
    assert.equal(formatCount(164682), '164,682');
    assert.equal(formatCount(138357544), '138,357,544');
  });

  it('formatShape prints the batch axis as None', () => {
    assert.equal(formatShape([32, 32, 64]), '(None, 32, 32, 64)');
    assert.equal(formatShape([16384]), '(None, 16384)');
  });
});

describe('core: formatSummary (Keras model.summary() layout)', () => {
  const text = formatSummary(run(...lecture));
  const lines = text.split('\n');

  it('has the header row', () => {
    assert.ok(lines.some((l) => /Layer \(type\)\s+Output Shape\s+Param #/.test(l)), text);
  });

  it('prints the lecture table rows in order with Keras names, classes, shapes and counts', () => {
    const rows = [
      /^\s*conv2d \(Conv2D\)\s+\(None, 32, 32, 64\)\s+832\s*$/,
      /^\s*max_pooling2d \(MaxPooling2D\)\s+\(None, 16, 16, 64\)\s+0\s*$/,
      /^\s*flatten \(Flatten\)\s+\(None, 16384\)\s+0\s*$/,
      /^\s*dense \(Dense\)\s+\(None, 10\)\s+163,?850\s*$/,
    ];
    let at = -1;
    for (const re of rows) {
      const found = lines.findIndex((l, i) => i > at && re.test(l));
      assert.ok(found > at, `row ${re} not found after line ${at}:\n${text}`);
      at = found;
    }
  });

  it('prints Total / Trainable / Non-trainable with thousands separators', () => {
    assert.ok(lines.some((l) => /^Total params: 164,682\b/.test(l)), text);
    assert.ok(lines.some((l) => /^Trainable params: 164,682\b/.test(l)), text);
    assert.ok(lines.some((l) => /^Non-trainable params: 0\b/.test(l)), text);
  });

  it('aligns the columns: every row starts its shape and count at the header columns', () => {
    const header = lines.find((l) => l.includes('Layer (type)'))!;
    const shapeCol = header.indexOf('Output Shape');
    const paramCol = header.indexOf('Param #');
    for (const l of lines.filter((x) => /\(None,/.test(x))) {
      assert.equal(l.indexOf('(None,'), shapeCol, `shape column in '${l}'`);
      assert.ok(/\d/.test(l.charAt(paramCol)), `param column in '${l}'`);
    }
  });

  it('uses rules of = and _ like Keras', () => {
    assert.ok(lines.some((l) => /^=+$/.test(l.trim()) && l.trim().length >= 40), text);
    assert.ok(lines.some((l) => /^_+$/.test(l.trim()) && l.trim().length >= 40), text);
  });

  it('names the model (default "sequential", or the given name)', () => {
    assert.match(text, /Model: "sequential"/);
    assert.match(formatSummary(run(...lecture), { modelName: 'cifar_cnn' }), /Model: "cifar_cnn"/);
  });

  it('counts non-trainable batchnorm weights separately', () => {
    const s = formatSummary(run('input 16x16x32', 'batchnorm'));
    assert.match(s, /batch_normalization \(BatchNormalization\)\s+\(None, 16, 16, 32\)\s+128/);
    assert.match(s, /Total params: 128\b/);
    assert.match(s, /Trainable params: 64\b/);
    assert.match(s, /Non-trainable params: 64\b/);
  });

  it('shows an unknown shape rather than crashing when a layer could not be computed', () => {
    const s = formatSummary(run('input 3x3x1', 'conv2d 1 5', 'flatten', 'dense 4'));
    assert.match(s, /Total params:/);
    assert.match(s, /dense \(Dense\)/);
  });
});
