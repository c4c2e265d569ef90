/**
 * Weight regularizers: the penalty Keras adds to the loss (keras/src/regularizers/regularizers.py),
 * the netspec l2=/l1= keys and pasted Keras kernel_regularizer=/bias_regularizer= calls, with
 * their errors placed on the exact characters.
 */
import assert from 'node:assert/strict';
import { layerRegularizers, regularizationLoss, render } from '../../../src/core';
import { assertRangeWithin, columnsOf, diag, errors, last, run } from './helpers';

describe('regularization: the loss term a regularizer adds', () => {
  // Dyadic values: every product and sum below is exact in binary floating point.
  const w = [0.5, -1.5, 2, -0.25, 0];
  it('L2: λ·Σw² exactly (Σw² = 0.25 + 2.25 + 4 + 0.0625 = 6.5625)', () => {
    assert.equal(regularizationLoss(w, { l1: 0, l2: 0.125 }), 0.125 * 6.5625);
    assert.equal(regularizationLoss(new Float32Array(w), { l1: 0, l2: 2 }), 13.125);
  });
  it('L1: λ·Σ|w| exactly (Σ|w| = 4.25), and L1L2 adds both', () => {
    assert.equal(regularizationLoss(w, { l1: 0.5, l2: 0 }), 2.125);
    assert.equal(regularizationLoss(w, { l1: 0.5, l2: 0.125 }), 2.125 + 0.8203125);
  });
  it('no penalty, no weights: 0', () => {
    assert.equal(regularizationLoss(w, { l1: 0, l2: 0 }), 0);
    assert.equal(regularizationLoss([], { l1: 1, l2: 1 }), 0);
  });
});

describe('regularization: netspec l2= / l1=', () => {
  it('l2=1e-4 on conv2d, dense and maxout: a penalty on the kernel, no new parameters, same shapes', () => {
    for (const [layer, input] of [['conv2d 8 3', 'input 8x8x3'], ['dense 10', 'input 16'], ['maxout 4', 'input 16']]) {
      const plain = run(input, layer);
      const reg = run(input, `${layer} l2=1e-4 l1=2e-5`);
      assert.deepEqual(errors(reg), []);
      assert.equal(last(reg).params, last(plain).params, layer);
      assert.equal(reg.totalParams, plain.totalParams, layer);
      assert.deepEqual(last(reg).outputShape, last(plain).outputShape, layer);
      assert.deepEqual(layerRegularizers(last(reg).config).kernel, { l1: 2e-5, l2: 1e-4 }, layer);
      assert.equal(layerRegularizers(last(plain).config).kernel, undefined, layer);
    }
  });
  it('l2=0 means no penalty', () => {
    assert.equal(layerRegularizers(last(run('input 16', 'dense 4 l2=0')).config).kernel, undefined);
  });
  it('l2=-1 is an error on the value, with line and column', () => {
    const text = 'dense 4 l2=-1';
    const a = run('input 16', text);
    const d = diag(a, 'bad-value');
    assert.equal(d.severity, 'error');
    assertRangeWithin(d, 1, columnsOf(text, '-1'));
    assert.match(d.message, /0 or more/);
  });
  it('a non-numeric strength is an error on it', () => {
    const text = 'conv2d 8 3 l1=big';
    const d = diag(run('input 8x8x3', text), 'bad-value');
    assertRangeWithin(d, 1, columnsOf(text, 'big'));
  });
  it('l2= is not a key of a layer without weights', () => {
    assert.equal(diag(run('input 16', 'dropout 0.5 l2=1e-4'), 'unknown-key').severity, 'error');
  });
});

describe('regularization: pasted Keras regularizers', () => {
  const kernelOf = (line: string, input = 'Input(shape=(16,))') => {
    const a = run(input, line);
    assert.deepEqual(errors(a), [], line);
    return layerRegularizers(last(a).config);
  };
  it('l2(λ), keras.regularizers.L2(λ), tf.keras.regularizers.l2(l2=λ), regularizers.l1(λ), l1_l2(l1=…, l2=…)', () => {
    assert.deepEqual(kernelOf('Dense(4, kernel_regularizer=l2(1e-4))').kernel, { l1: 0, l2: 1e-4 });
    assert.deepEqual(kernelOf('Dense(4, kernel_regularizer=keras.regularizers.L2(1e-4))').kernel, { l1: 0, l2: 1e-4 });
    assert.deepEqual(kernelOf('Dense(4, kernel_regularizer=tf.keras.regularizers.l2(l2=3e-4))').kernel, { l1: 0, l2: 3e-4 });
    assert.deepEqual(kernelOf('Dense(4, kernel_regularizer=regularizers.l1(0.001))').kernel, { l1: 0.001, l2: 0 });
    assert.deepEqual(kernelOf('Dense(4, kernel_regularizer=keras.regularizers.l1_l2(l1=1e-5, l2=1e-4))').kernel, { l1: 1e-5, l2: 1e-4 });
    assert.deepEqual(kernelOf('Dense(4, kernel_regularizer=L1L2(1e-5, 1e-4))').kernel, { l1: 1e-5, l2: 1e-4 });
  });
  it("Keras 3's defaults: 'l2' and L2() are 0.01, 'l1' 0.01, L1L2(l2=λ) has no L1, 'l1_l2' nothing", () => {
    assert.deepEqual(kernelOf("Dense(4, kernel_regularizer='l2')").kernel, { l1: 0, l2: 0.01 });
    assert.deepEqual(kernelOf('Dense(4, kernel_regularizer=keras.regularizers.L2())').kernel, { l1: 0, l2: 0.01 });
    assert.deepEqual(kernelOf('Dense(4, kernel_regularizer=l2(None))').kernel, { l1: 0, l2: 0.01 });
    assert.deepEqual(kernelOf("Dense(4, kernel_regularizer='l1')").kernel, { l1: 0.01, l2: 0 });
    assert.deepEqual(kernelOf('Dense(4, kernel_regularizer=l1_l2(l2=0.1))').kernel, { l1: 0, l2: 0.1 });
    assert.equal(kernelOf("Dense(4, kernel_regularizer='l1_l2')").kernel, undefined);
  });
  it('bias_regularizer on Conv2D and Dense; parameter counts unchanged', () => {
    const a = run('Input(shape=(8, 8, 3))', 'Conv2D(4, 3, kernel_regularizer=l2(1e-4), bias_regularizer=l1(1e-3))');
    assert.deepEqual(errors(a), []);
    assert.equal(last(a).params, (3 * 3 * 3 + 1) * 4);
    assert.deepEqual(layerRegularizers(last(a).config), { kernel: { l1: 0, l2: 1e-4 }, bias: { l1: 1e-3, l2: 0 } });
  });
  it('l2(-1) is an error on the -1, with line and column', () => {
    const text = 'Dense(4, kernel_regularizer=keras.regularizers.l2(-1))';
    const d = diag(run('Input(shape=(16,))', text), 'bad-value');
    assert.equal(d.severity, 'error');
    assertRangeWithin(d, 1, columnsOf(text, '-1'));
  });
  it("l2('a lot') and l1_l2(l3=1) are errors on the argument", () => {
    const text = "Dense(4, kernel_regularizer=l1_l2(l1=0.1, l3=1))";
    assertRangeWithin(diag(run('Input(shape=(16,))', text), 'bad-value'), 1, columnsOf(text, 'l3=1'));
    const t2 = "Dense(4, kernel_regularizer=l2('lots'))";
    assertRangeWithin(diag(run('Input(shape=(16,))', t2), 'bad-value'), 1, columnsOf(t2, "'lots'"));
  });
  it('an unknown regularizer gets a "did you mean"', () => {
    const d = diag(run('Input(shape=(16,))', 'Dense(4, kernel_regularizer=l3(1e-4))'), 'bad-value');
    assert.match(d.message, /Did you mean `l[12]`\?/);
    assert.ok(d.fixes && d.fixes.length > 0);
    // The fix replaces the name only: the module prefix and the strength stay.
    const text = 'Dense(4, kernel_regularizer=keras.regularizers.l3(1e-4))';
    const f = diag(run('Input(shape=(16,))', text), 'bad-value').fixes![0];
    assert.equal(text.slice(0, f.start) + f.newText + text.slice(f.end), 'Dense(4, kernel_regularizer=keras.regularizers.l2(1e-4))');
  });
  it('l2= and kernel_regularizer= together are refused', () => {
    assert.equal(diag(run('input 16', 'dense 4 l2=1e-4 kernel_regularizer=l2(1e-3)'), 'duplicate-arg').severity, 'error');
  });
  it('activity_regularizer is flagged: it penalizes outputs, NetLens does not apply it', () => {
    const a = run('Input(shape=(16,))', 'Dense(4, activity_regularizer=l2(0.01))');
    const d = diag(a, 'ignored-arg');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /outputs, not its weights/);
    assert.match(render('ko', d.messageRef!), /출력/);
  });
});
