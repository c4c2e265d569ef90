/**
 * Output shapes, parameter counts, MACs and activation memory of every layer kind and padding
 * mode, checked against Keras's documented rules (keras-rules.ts), never against src/core.
 */
import assert from 'node:assert/strict';
import { assertClean, last, run } from './helpers';
import {
  activationBytes,
  batchnormParams,
  convMacs,
  convParams,
  denseParams,
  maxoutParams,
  preluParams,
  samePadding,
  windowOutput,
} from './keras-rules';

describe('core: conv2d shapes and parameters', () => {
  it('valid padding, odd kernel: the lecture formula (32 + 2·0 − 3)/1 + 1 = 30', () => {
    const a = run('input 32x32x3', 'conv2d 64 3');
    assertClean(a);
    const conv = last(a);
    assert.equal(windowOutput(32, 3, 1, 'valid'), 30);
    assert.deepEqual(conv.inputShape, [32, 32, 3]);
    assert.deepEqual(conv.outputShape, [30, 30, 64]);
    assert.equal(conv.params, convParams(3, 3, 3, 64));
    assert.equal(conv.params, 1792);
    assert.equal(conv.trainableParams, 1792);
    assert.equal(conv.nonTrainableParams, 0);
    assert.equal(conv.macs, convMacs(30, 30, 64, 3, 3, 3));
    assert.equal(conv.activationBytes, activationBytes([30, 30, 64]));
    assert.equal(conv.kerasClass, 'Conv2D');
    assert.equal(conv.config.kind, 'conv2d');
  });

  it('explains the numbers it used: formula per axis and the parameter sum', () => {
    const conv = last(run('input 32x32x3', 'conv2d 64 3'));
    assert.equal(conv.explanation.axes.length, 2);
    for (const axis of conv.explanation.axes) {
      assert.equal(axis.input, 32);
      assert.equal(axis.filter, 3);
      assert.equal(axis.stride, 1);
      assert.equal(axis.padBefore + axis.padAfter, 0);
      assert.equal(axis.output, 30);
      assert.equal(axis.uneven, false);
      assert.match(axis.formula, /32/);
      assert.match(axis.formula, /= 30\b/);
    }
    assert.deepEqual(conv.explanation.axes.map((x) => x.axis), ['H', 'W']);
    assert.match(conv.explanation.params, /1,792/);
    // The two worked examples issue 2 §3 gives, verbatim.
    assert.equal(conv.explanation.axes[0].formula, 'O = (32 + 2·0 − 3)/1 + 1 = 30');
    assert.equal(conv.explanation.params, 'params = (3·3·3 + 1)·64 = 1,792');
  });

  it('explanations substitute the numbers of every rule', () => {
    const uneven = last(run('input 32x32x3', 'conv2d 8 3 stride=2')).explanation.axes[0].formula;
    assert.match(uneven, /\(32 \+ 2·0 − 3\)\/2 \+ 1 = 15\.5/);
    assert.match(uneven, /\b15$/);
    assert.match(last(run('input 32x32x3', 'conv2d 8 3 padding=1')).explanation.axes[0].formula, /\(32 \+ 2·1 − 3\)\/1 \+ 1 = 32/);
    assert.match(last(run('input 32x32x3', 'conv2d 8 2 padding=same')).explanation.axes[0].formula, /^O = \(32 \+ 0 \+ 1 − 2\)\/1 \+ 1 = 32 = ceil\(32\/1\)$/);
    assert.match(last(run('input 16384', 'dense 10')).explanation.params, /\(16384 \+ 1\)·10 = 163,850/);
    assert.match(last(run('input 128', 'maxout 64')).explanation.params, /2·\(128·64 \+ 64\) = 16,512/);
    assert.match(last(run('input 16x16x32', 'batchnorm')).explanation.params, /128/);
    assert.match(last(run('input 26x26x8', 'prelu')).explanation.params, /5,408/);
    assert.equal(last(run('input 16x16x64', 'maxpool2d 2')).explanation.params, 'params = 0');
  });

  it('the lecture layer: kernel 2 with padding=same keeps 32x32, 832 params, zeros split 0 before / 1 after', () => {
    const conv = last(run('input 32x32x3', 'conv2d 64 kernel=2 padding=same activation=relu'));
    assert.deepEqual(conv.outputShape, [32, 32, 64]);
    assert.equal(conv.params, convParams(2, 2, 3, 64));
    assert.equal(conv.params, 832);
    assert.deepEqual(samePadding(32, 2, 1), [0, 1]);
    for (const axis of conv.explanation.axes) {
      assert.equal(axis.padBefore, 0);
      assert.equal(axis.padAfter, 1);
      assert.equal(axis.output, 32);
    }
  });

  // [input, kernel, stride, dilation]: "same" gives ceil(I/S), zeros split as TensorFlow does.
  const sameCases: Array<[number, number, number, number]> = [
    [32, 3, 1, 1],
    [32, 2, 1, 1],
    [7, 4, 1, 1],
    [32, 3, 2, 1],
    [32, 4, 2, 1],
    [15, 3, 2, 1],
    [32, 3, 3, 1],
    [32, 5, 1, 1],
    [10, 3, 1, 2],
    [9, 6, 4, 1],
  ];
  for (const [i, k, s, d] of sameCases) {
    it(`padding=same: I=${i}, F=${k}, S=${s}, D=${d} -> ceil(I/S) = ${Math.ceil(i / s)}, split ${samePadding(i, k, s, d).join('/')}`, () => {
      const conv = last(run(`input ${i}x${i}x2`, `conv2d 4 ${k} stride=${s} dilation=${d} padding=same`));
      const o = Math.ceil(i / s);
      assert.deepEqual(conv.outputShape, [o, o, 4]);
      const [before, after] = samePadding(i, k, s, d);
      for (const axis of conv.explanation.axes) {
        assert.equal(axis.output, o);
        assert.equal(axis.padBefore, before, 'zeros before');
        assert.equal(axis.padAfter, after, 'zeros after');
      }
      assert.equal(conv.params, convParams(k, k, 2, 4));
      assert.equal(conv.macs, convMacs(o, o, 4, k, k, 2));
    });
  }

  // [input, kernel, stride, dilation]: valid padding = floor((I − F_eff)/S) + 1.
  const validCases: Array<[number, number, number, number]> = [
    [32, 5, 1, 1],
    [32, 4, 2, 1],
    [31, 3, 2, 1],
    [28, 1, 1, 1],
    [32, 3, 1, 2],
    [32, 3, 1, 3],
    [11, 3, 4, 1],
    [5, 5, 1, 1],
  ];
  for (const [i, k, s, d] of validCases) {
    const o = windowOutput(i, k, s, 'valid', d);
    it(`padding=valid: I=${i}, F=${k}, S=${s}, D=${d} -> ${o}`, () => {
      const conv = last(run(`input ${i}x${i}x3`, `conv2d 8 ${k} stride=${s} dilation=${d}`));
      assert.deepEqual(conv.outputShape, [o, o, 8]);
      for (const axis of conv.explanation.axes) {
        assert.equal(axis.dilatedFilter, k + (k - 1) * (d - 1));
        assert.equal(axis.padBefore + axis.padAfter, 0);
      }
      assert.equal(conv.params, convParams(k, k, 3, 8));
    });
  }

  it('explicit padding P: (32 + 2·1 − 3)/1 + 1 = 32', () => {
    const conv = last(run('input 32x32x3', 'conv2d 16 3 padding=1'));
    assert.deepEqual(conv.outputShape, [32, 32, 16]);
    assert.equal(conv.params, convParams(3, 3, 3, 16));
    for (const axis of conv.explanation.axes) {
      assert.equal(axis.padBefore, 1);
      assert.equal(axis.padAfter, 1);
    }
  });

  it('explicit padding PxQ pads rows by P and columns by Q', () => {
    const conv = last(run('input 32x32x3', 'conv2d 16 5 padding=2x0'));
    assert.deepEqual(conv.outputShape, [windowOutput(32, 5, 1, [2, 2]), windowOutput(32, 5, 1, [0, 0]), 16]);
    assert.deepEqual(conv.outputShape, [32, 28, 16]);
    const [h, w] = conv.explanation.axes;
    assert.equal(h.padBefore, 2);
    assert.equal(h.padAfter, 2);
    assert.equal(w.padBefore, 0);
    assert.equal(w.padAfter, 0);
  });

  it('explicit padding with stride: (32 + 2·1 − 4)/2 + 1 = 16', () => {
    const conv = last(run('input 32x32x3', 'conv2d 32 4 stride=2 padding=1'));
    assert.deepEqual(conv.outputShape, [16, 16, 32]);
  });

  it('non-square kernels: 3x5, (3, 5) and kernel=3x5 mean the same', () => {
    for (const line of ['conv2d 8 3x5', 'conv2d 8 (3, 5)', 'conv2d 8 kernel=3x5', 'conv2d 8 kernel_size=(3, 5)']) {
      const conv = last(run('input 32x32x3', line));
      assert.deepEqual(conv.outputShape, [30, 28, 8], line);
      assert.equal(conv.params, convParams(3, 5, 3, 8), line);
      assert.equal(conv.macs, convMacs(30, 28, 8, 3, 5, 3), line);
    }
  });

  it('per-axis strides and dilation: stride=2x1, dilation=2x1', () => {
    const conv = last(run('input 32x32x3', 'conv2d 8 4 stride=2x1'));
    assert.deepEqual(conv.outputShape, [windowOutput(32, 4, 2, 'valid'), windowOutput(32, 4, 1, 'valid'), 8]);
    const dil = last(run('input 32x32x3', 'conv2d 8 3 dilation=2x1'));
    assert.deepEqual(dil.outputShape, [28, 30, 8]);
  });

  it('non-square input: 28x20x1', () => {
    const conv = last(run('input 28x20x1', 'conv2d 6 5'));
    assert.deepEqual(conv.outputShape, [24, 16, 6]);
    assert.equal(conv.params, 156);
  });

  it('use_bias=false drops the +1', () => {
    const conv = last(run('input 32x32x3', 'conv2d 64 3 use_bias=false'));
    assert.equal(conv.params, convParams(3, 3, 3, 64, false));
    assert.equal(conv.params, 1728);
  });

  it('chains: each layer reads the previous output shape', () => {
    const a = run('input 32x32x3', 'conv2d 8 3', 'conv2d 16 3');
    assertClean(a);
    const [c1, c2] = a.layers;
    assert.deepEqual(c2.inputShape, c1.outputShape);
    assert.deepEqual(c2.outputShape, [28, 28, 16]);
    assert.equal(c2.params, convParams(3, 3, 8, 16));
  });
});

describe('core: pooling, padding and reshaping layers', () => {
  it('maxpool2d 2 halves the image, no params, stride defaults to the pool', () => {
    const pool = last(run('input 32x32x64', 'maxpool2d 2'));
    assert.deepEqual(pool.outputShape, [16, 16, 64]);
    assert.equal(pool.params, 0);
    assert.equal(pool.activationBytes, activationBytes([16, 16, 64]));
    assert.equal(pool.kerasClass, 'MaxPooling2D');
    assert.equal(pool.config.kind, 'maxpool2d');
    if (pool.config.kind === 'maxpool2d') assert.deepEqual(pool.config.strides, [2, 2]);
  });

  it('maxpool2d with no argument uses pool 2', () => {
    assert.deepEqual(last(run('input 32x32x64', 'maxpool2d')).outputShape, [16, 16, 64]);
  });

  it('avgpool2d 2 on 28x28x6 -> 14x14x6', () => {
    const pool = last(run('input 28x28x6', 'avgpool2d 2'));
    assert.deepEqual(pool.outputShape, [14, 14, 6]);
    assert.equal(pool.kerasClass, 'AveragePooling2D');
    assert.equal(pool.params, 0);
  });

  it('pool with explicit stride: maxpool2d 3 stride=2 on 31 -> (31 − 3)/2 + 1 = 15', () => {
    assert.deepEqual(last(run('input 31x31x4', 'maxpool2d 3 stride=2')).outputShape, [15, 15, 4]);
  });

  it('pool 3 with default stride 3 on 9 -> 3', () => {
    assert.deepEqual(last(run('input 9x9x4', 'maxpool2d 3')).outputShape, [3, 3, 4]);
  });

  it('non-square pool 2x3 (stride 2x3)', () => {
    const pool = last(run('input 32x33x1', 'maxpool2d 2x3'));
    assert.deepEqual(pool.outputShape, [windowOutput(32, 2, 2, 'valid'), windowOutput(33, 3, 3, 'valid'), 1]);
  });

  it('pool padding=same: ceil(15/2) = 8; avgpool 3 stride=1 same keeps 15', () => {
    assert.deepEqual(last(run('input 15x15x4', 'maxpool2d 2 padding=same')).outputShape, [8, 8, 4]);
    assert.deepEqual(last(run('input 15x15x4', 'avgpool2d 3 stride=1 padding=same')).outputShape, [15, 15, 4]);
  });

  it('Keras pooling docs: valid floor((I − pool)/S) + 1, same floor((I − 1)/S) + 1', () => {
    for (const i of [4, 5, 6, 7, 8, 9]) {
      for (const p of [2, 3]) {
        for (const s of [1, 2, 3]) {
          const v = Math.floor((i - p) / s) + 1;
          const sm = Math.floor((i - 1) / s) + 1;
          assert.deepEqual(last(run(`input ${i}x${i}x1`, `maxpool2d ${p} stride=${s}`)).outputShape, [v, v, 1], `valid ${i} ${p} ${s}`);
          assert.deepEqual(last(run(`input ${i}x${i}x1`, `avgpool2d ${p} stride=${s} padding=same`)).outputShape, [sm, sm, 1], `same ${i} ${p} ${s}`);
        }
      }
    }
  });

  it('global pooling keeps one number per channel', () => {
    const gap = last(run('input 7x7x512', 'globalavgpool2d'));
    assert.deepEqual(gap.outputShape, [512]);
    assert.equal(gap.params, 0);
    assert.equal(gap.kerasClass, 'GlobalAveragePooling2D');
    const gmp = last(run('input 7x7x512', 'globalmaxpool2d'));
    assert.deepEqual(gmp.outputShape, [512]);
    assert.equal(gmp.kerasClass, 'GlobalMaxPooling2D');
  });

  it('flatten multiplies everything out: 16x16x64 -> 16,384', () => {
    const f = last(run('input 16x16x64', 'flatten'));
    assert.deepEqual(f.outputShape, [16384]);
    assert.equal(f.params, 0);
    assert.equal(f.activationBytes, 16384 * 4);
  });

  it('zeropad2d P and PxQ (Keras ZeroPadding2D((P, Q)): P rows top and bottom, Q columns left and right)', () => {
    assert.deepEqual(last(run('input 32x32x3', 'zeropad2d 1')).outputShape, [34, 34, 3]);
    assert.deepEqual(last(run('input 32x32x3', 'zeropad2d 1x2')).outputShape, [34, 36, 3]);
    assert.deepEqual(last(run('input 32x32x3', 'zeropad2d')).outputShape, [34, 34, 3]);
    const z = last(run('input 32x32x3', 'zeropad2d 2'));
    assert.equal(z.params, 0);
    assert.equal(z.kerasClass, 'ZeroPadding2D');
  });

  it('dropout keeps the shape and has no weights', () => {
    const d = last(run('input 128', 'dropout 0.5'));
    assert.deepEqual(d.outputShape, [128]);
    assert.equal(d.params, 0);
    if (d.config.kind === 'dropout') assert.equal(d.config.rate, 0.5);
    else assert.fail('not a dropout');
  });
});

describe('core: dense, maxout, batchnorm and activation layers', () => {
  it('dense: (N_in + 1)·units, MACs N_in·units', () => {
    const d = last(run('input 784', 'dense 10'));
    assert.deepEqual(d.outputShape, [10]);
    assert.equal(d.params, denseParams(784, 10));
    assert.equal(d.params, 7850);
    assert.equal(d.macs, 7840);
    assert.equal(d.activationBytes, 40);
    assert.equal(d.kerasClass, 'Dense');
  });

  it('dense use_bias=false', () => {
    assert.equal(last(run('input 784', 'dense 10 use_bias=false')).params, denseParams(784, 10, false));
  });

  it('the lecture dense layer: 16,384 -> 10 = 163,850', () => {
    assert.equal(last(run('input 16384', 'dense 10 activation=softmax')).params, 163850);
  });

  it('dense on a rank-3 tensor acts on the last axis (Keras), with params from the last axis only', () => {
    const d = last(run('input 5x7x3', 'dense 4'));
    assert.deepEqual(d.outputShape, [5, 7, 4]);
    assert.equal(d.params, denseParams(3, 4));
    // Every one of the 5·7 positions does its own 3·4 multiply-accumulates.
    assert.equal(d.macs, 5 * 7 * 3 * 4);
  });

  it('maxout: pieces·(N_in·units + units), default 2 pieces doubles a dense layer', () => {
    const m = last(run('input 128', 'maxout 64'));
    assert.deepEqual(m.outputShape, [64]);
    assert.equal(m.params, maxoutParams(128, 64, 2));
    assert.equal(m.params, 2 * denseParams(128, 64));
    const m3 = last(run('input 128', 'maxout 64 pieces=3'));
    assert.equal(m3.params, maxoutParams(128, 64, 3));
    assert.equal(m3.trainableParams, m3.params);
  });

  it('batchnorm on channels: 4·C params, half of them non-trainable', () => {
    const a = run('input 16x16x32', 'batchnorm');
    const bn = last(a);
    assert.deepEqual(bn.outputShape, [16, 16, 32]);
    const [trainable, frozen] = batchnormParams(32);
    assert.equal(bn.params, trainable + frozen);
    assert.equal(bn.trainableParams, trainable);
    assert.equal(bn.nonTrainableParams, frozen);
    assert.equal(a.nonTrainableParams, 64);
    assert.equal(a.trainableParams, 64);
    assert.equal(bn.kerasClass, 'BatchNormalization');
  });

  it('batchnorm on a vector uses its length', () => {
    const bn = last(run('input 128', 'batchnorm'));
    assert.equal(bn.params, 512);
    assert.equal(bn.nonTrainableParams, 256);
  });

  it('activation layers have no weights and keep the shape', () => {
    for (const line of ['activation relu', 'relu', 'leaky_relu', 'elu', 'activation tanh', 'softmax', 'activation sigmoid']) {
      const l = last(run('input 4x4x3', line));
      assert.deepEqual(l.outputShape, [4, 4, 3], line);
      assert.equal(l.params, 0, line);
      assert.equal(l.config.kind, 'activation', line);
    }
  });

  it('prelu learns one alpha per input element (Keras PReLU, shared_axes=None)', () => {
    const p = last(run('input 26x26x8', 'prelu'));
    assert.deepEqual(p.outputShape, [26, 26, 8]);
    assert.equal(p.params, preluParams([26, 26, 8]));
    assert.equal(p.params, 5408);
    assert.equal(p.trainableParams, 5408);
    assert.equal(p.kerasClass, 'PReLU');
    assert.equal(last(run('input 256', 'prelu')).params, 256);
    assert.equal(last(run('input 256', 'activation prelu')).params, 256);
  });

  it('activation=prelu on a layer adds its alphas to that layer (or to a PReLU row)', () => {
    const a = run('input 784', 'dense 256 activation=prelu');
    // Keras has no "prelu" activation string; NetLens counts the learned alphas either way.
    assert.equal(a.totalParams, denseParams(784, 256) + 256);
  });

  it('leaky_relu defaults to alpha 0.01 (the lecture), elu to 1; alpha can be given', () => {
    const lr = last(run('input 4', 'leaky_relu'));
    assert.equal(lr.config.kind, 'activation');
    if (lr.config.kind === 'activation') {
      assert.equal(lr.config.activation.name, 'leaky_relu');
      assert.equal(lr.config.activation.alpha, 0.01);
      assert.equal(lr.config.standalone, true);
    }
    const lr2 = last(run('input 4', 'leaky_relu 0.2'));
    if (lr2.config.kind === 'activation') assert.equal(lr2.config.activation.alpha, 0.2);
    const lr3 = last(run('input 4', 'LeakyReLU(alpha=0.3)'));
    if (lr3.config.kind === 'activation') assert.equal(lr3.config.activation.alpha, 0.3);
    const e = last(run('input 4', 'elu'));
    if (e.config.kind === 'activation') assert.equal(e.config.activation.alpha, 1);
  });
});

describe('core: totals', () => {
  it('totals are the sums over layers; trainable + non-trainable = total', () => {
    const a = run('input 32x32x3', 'conv2d 32 3 padding=same', 'batchnorm', 'maxpool2d 2', 'flatten', 'dense 128', 'batchnorm', 'dense 10');
    assertClean(a);
    const expected =
      convParams(3, 3, 3, 32) + 4 * 32 + denseParams(16 * 16 * 32, 128) + 4 * 128 + denseParams(128, 10);
    assert.equal(a.totalParams, expected);
    assert.equal(a.nonTrainableParams, 2 * 32 + 2 * 128);
    assert.equal(a.trainableParams + a.nonTrainableParams, a.totalParams);
    assert.equal(a.totalParams, a.layers.reduce((s, l) => s + l.params, 0));
    assert.equal(a.totalMacs, a.layers.reduce((s, l) => s + l.macs, 0));
    for (const l of a.layers) assert.equal(l.trainableParams + l.nonTrainableParams, l.params, l.name);
  });

  it('layer indexes count from 0 without the input; lines are the real 0-based lines', () => {
    const a = run('# a comment', '', 'input 8', '', 'dense 4', '# another', 'dense 2');
    assert.deepEqual(a.layers.map((l) => l.index), [0, 1]);
    assert.deepEqual(a.layers.map((l) => l.line), [4, 6]);
    assert.equal(a.input?.line, 2);
    assert.deepEqual(a.input?.shape, [8]);
  });
});

describe('core: the worked examples of the Keras API docs', () => {
  // tf.keras.layers.Conv2D docs: input (4, 28, 28, 3), Conv2D(2, 3, ...).
  it('Conv2D(2, 3) on 28x28x3 -> 26x26x2; dilation_rate=2 -> 24x24x2; padding="same" -> 28x28x2', () => {
    assert.deepEqual(last(run('input 28x28x3', "Conv2D(2, 3, activation='relu')")).outputShape, [26, 26, 2]);
    assert.deepEqual(last(run('input 28x28x3', "Conv2D(2, 3, activation='relu', dilation_rate=2)")).outputShape, [24, 24, 2]);
    assert.deepEqual(last(run('input 28x28x3', "Conv2D(2, 3, activation='relu', padding='same')")).outputShape, [28, 28, 2]);
  });

  // tf.keras.layers.MaxPooling2D docs: 3x3 and 4x4 single-channel inputs.
  it('MaxPooling2D docs: 3x3 pool 2 strides 1 valid -> 2x2; 4x4 pool 2 strides 2 -> 2x2; 3x3 pool 2 strides 1 same -> 3x3', () => {
    assert.deepEqual(last(run('input 3x3x1', "MaxPooling2D(pool_size=(2, 2), strides=(1, 1), padding='valid')")).outputShape, [2, 2, 1]);
    assert.deepEqual(last(run('input 4x4x1', "MaxPooling2D(pool_size=(2, 2), strides=(2, 2), padding='valid')")).outputShape, [2, 2, 1]);
    assert.deepEqual(last(run('input 3x3x1', "MaxPooling2D(pool_size=(2, 2), strides=(1, 1), padding='same')")).outputShape, [3, 3, 1]);
  });

  // tf.keras.layers.ZeroPadding2D docs: ((1, 2)... ) forms; ((top, bottom), (left, right)).
  it('ZeroPadding2D(padding=((1, 2), (3, 4))) adds 3 rows and 7 columns', () => {
    assert.deepEqual(last(run('input 2x2x3', 'ZeroPadding2D(padding=((1, 2), (3, 4)))')).outputShape, [5, 9, 3]);
    assert.deepEqual(last(run('input 2x2x3', 'ZeroPadding2D(padding=1)')).outputShape, [4, 4, 3]);
  });
});
