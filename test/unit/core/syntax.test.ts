/**
 * The .netspec language: Keras-call syntax, aliases, sizes, case, comments, and the resolved
 * configuration (defaults filled in as Keras fills them).
 */
import assert from 'node:assert/strict';
import type { LayerConfig } from '../../../src/core/types';
import { assertClean, last, run } from './helpers';

/** Shapes and params of a spec, for comparing two spellings of the same model. */
function fingerprint(text: string): unknown {
  const a = run(text);
  return {
    layers: a.layers.map((l) => [l.name, l.kerasClass, l.outputShape, l.params, l.trainableParams]),
    total: a.totalParams,
    errors: a.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code),
  };
}

const lecture = [
  'input 32x32x3',
  'conv2d 64 kernel=2 padding=same activation=relu',
  'maxpool2d 2',
  'flatten',
  'dense 10 activation=softmax',
].join('\n');

describe('core: Keras-call syntax means the same as the short form', () => {
  it('the lecture model pasted from Python', () => {
    const pasted = [
      'Input(shape=(32, 32, 3))',
      "Conv2D(64, kernel_size=(2, 2), padding='same', activation='relu')",
      'MaxPooling2D(pool_size=(2, 2))',
      'Flatten()',
      'Dense(10, activation="softmax")',
    ].join('\n');
    assert.deepEqual(fingerprint(pasted), fingerprint(lecture));
    assert.equal(run(pasted).totalParams, 164682);
  });

  it('prefixes tf.keras.layers., keras.layers., layers. and trailing commas are ignored', () => {
    const pasted = [
      'tf.keras.Input(shape=(32, 32, 3)),',
      "tf.keras.layers.Conv2D(64, (2, 2), padding='same', activation='relu'),",
      'keras.layers.MaxPooling2D((2, 2)),',
      'layers.Flatten(),',
      "layers.Dense(units=10, activation='softmax'),",
    ].join('\n');
    assert.deepEqual(fingerprint(pasted), fingerprint(lecture));
  });

  it('Keras argument names: kernel_size, strides, pool_size, units, rate, kernel_initializer, use_bias', () => {
    const a = run(
      'Input(shape=(31, 31, 3))',
      "Conv2D(filters=8, kernel_size=3, strides=(2, 2), use_bias=False, kernel_initializer='he_normal')",
      'MaxPooling2D(pool_size=3, strides=1)',
      'Flatten()',
      'Dropout(rate=0.25)',
      'Dense(units=4)',
    );
    assertClean(a);
    const [conv, pool, , drop, dense] = a.layers;
    assert.deepEqual(conv.outputShape, [15, 15, 8]);
    assert.equal(conv.params, 3 * 3 * 3 * 8);
    const cfg = conv.config as Extract<LayerConfig, { kind: 'conv2d' }>;
    assert.deepEqual(cfg.strides, [2, 2]);
    assert.equal(cfg.useBias, false);
    assert.deepEqual(cfg.init, { name: 'he_normal' });
    assert.deepEqual(pool.outputShape, [13, 13, 8]);
    assert.equal((drop.config as Extract<LayerConfig, { kind: 'dropout' }>).rate, 0.25);
    assert.equal(dense.params, (13 * 13 * 8 + 1) * 4);
  });

  it('Keras class names as layer words: AveragePooling2D, GlobalAveragePooling2D, BatchNormalization, ZeroPadding2D, ReLU, LeakyReLU, PReLU, ELU, Activation', () => {
    const a = run(
      'Input(shape=(8, 8, 2))',
      'ZeroPadding2D(padding=(1, 1))',
      'AveragePooling2D(pool_size=(2, 2))',
      'BatchNormalization()',
      'ReLU()',
      'LeakyReLU()',
      'PReLU()',
      'ELU()',
      "Activation('tanh')",
      'GlobalAveragePooling2D()',
    );
    assertClean(a);
    assert.deepEqual(
      a.layers.map((l) => l.kerasClass),
      ['ZeroPadding2D', 'AveragePooling2D', 'BatchNormalization', 'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'Activation', 'GlobalAveragePooling2D'],
    );
    assert.deepEqual(last(a).outputShape, [2]);
    assert.equal(a.layers[5].params, 5 * 5 * 2);
  });

  it('model.add(...) wrappers are read like the bare call', () => {
    const a = run('model = keras.Sequential()', 'model.add(layers.Input(shape=(784,)))', "model.add(layers.Dense(64, activation='relu'))", 'model.add(layers.Dense(10))');
    assert.equal(a.totalParams, (784 + 1) * 64 + (64 + 1) * 10);
    assert.equal(a.layers.length, 2);
  });

  it('booleans: false, False (Python) and true', () => {
    assert.equal(last(run('input 4', 'dense 2 use_bias=false')).params, 8);
    assert.equal(last(run('input 4', 'Dense(2, use_bias=False)')).params, 8);
    assert.equal(last(run('input 4', 'dense 2 use_bias=true')).params, 10);
  });
});

describe('core: sizes, case and comments', () => {
  it('input shapes: 32x32x3, (32, 32, 3), 784, 2', () => {
    assert.deepEqual(run('input 32x32x3').input?.shape, [32, 32, 3]);
    assert.deepEqual(run('input (32, 32, 3)').input?.shape, [32, 32, 3]);
    assert.deepEqual(run('input 784').input?.shape, [784]);
    assert.deepEqual(run('input 2').input?.shape, [2]);
    assert.deepEqual(run('Input(shape=(784,))').input?.shape, [784]);
  });

  it('sizes 3, 3x5, (3, 5), 3X5 for kernels, pools and strides', () => {
    const k = (line: string) => (last(run('input 32x32x3', line)).config as Extract<LayerConfig, { kind: 'conv2d' }>).kernel;
    assert.deepEqual(k('conv2d 8 3'), [3, 3]);
    assert.deepEqual(k('conv2d 8 3x5'), [3, 5]);
    assert.deepEqual(k('conv2d 8 (3, 5)'), [3, 5]);
    assert.deepEqual(k('conv2d 8 (3,5)'), [3, 5]);
    assert.deepEqual(k('conv2d 8 kernel=(3, 5)'), [3, 5]);
    const pool = last(run('input 32x32x3', 'maxpool2d (2, 4)')).config as Extract<LayerConfig, { pool: [number, number] }>;
    assert.deepEqual(pool.pool, [2, 4]);
    assert.deepEqual(pool.strides, [2, 4]);
  });

  it('layer names and keys are case-insensitive', () => {
    const upper = [
      'INPUT 32x32x3',
      'CONV2D 64 KERNEL=2 PADDING=same ACTIVATION=relu',
      'MaxPool2D 2',
      'Flatten',
      'Dense 10 Activation=softmax',
    ].join('\n');
    assert.deepEqual(fingerprint(upper), fingerprint(lecture));
  });

  it('aliases: maxpool, maxpooling2d, max_pooling2d; avgpool; bn, batch_norm; fc', () => {
    for (const w of ['maxpool', 'maxpooling2d', 'max_pooling2d', 'MaxPooling2D']) {
      assert.equal(last(run('input 4x4x1', `${w} 2`)).kerasClass, 'MaxPooling2D', w);
    }
    for (const w of ['avgpool', 'averagepooling2d', 'average_pooling2d']) {
      assert.equal(last(run('input 4x4x1', `${w} 2`)).kerasClass, 'AveragePooling2D', w);
    }
    for (const w of ['batchnorm', 'batchnormalization', 'batch_normalization', 'BatchNormalization']) {
      assert.equal(last(run('input 4x4x1', w)).kerasClass, 'BatchNormalization', w);
    }
  });

  it('comments (whole line and trailing) and blank lines are ignored, line numbers kept', () => {
    const a = run(
      '# Lecture 6: the CIFAR-10 CNN',
      '',
      'input 32x32x3   # CIFAR-10 images',
      '   ',
      'conv2d 64 kernel=2 padding=same activation=relu # 832 params',
      '\tmaxpool2d 2',
      '# flatten before dense',
      'flatten',
      'dense 10 activation=softmax',
      '',
    );
    assertClean(a);
    assert.equal(a.totalParams, 164682);
    assert.deepEqual(a.layers.map((l) => l.line), [4, 5, 7, 8]);
  });

  it('Windows line endings are accepted', () => {
    const a = analyzeCRLF(lecture);
    assertClean(a);
    assert.equal(a.totalParams, 164682);
    assert.deepEqual(a.layers.map((l) => l.line), [1, 2, 3, 4]);
  });

  it('an empty text gives no layers and no crash', () => {
    const a = run('');
    assert.equal(a.layers.length, 0);
    assert.equal(a.totalParams, 0);
  });
});

describe('core: resolved configuration (defaults as Keras)', () => {
  it('conv2d defaults: stride 1, valid, dilation 1, linear, bias, glorot_uniform', () => {
    const cfg = last(run('input 8x8x1', 'conv2d 4 3')).config as Extract<LayerConfig, { kind: 'conv2d' }>;
    assert.equal(cfg.filters, 4);
    assert.deepEqual(cfg.kernel, [3, 3]);
    assert.deepEqual(cfg.strides, [1, 1]);
    assert.equal(cfg.padding, 'valid');
    assert.deepEqual(cfg.dilation, [1, 1]);
    assert.equal(cfg.activation.name, 'linear');
    assert.equal(cfg.useBias, true);
    assert.deepEqual(cfg.init, { name: 'glorot_uniform' });
  });

  it('explicit paddings resolve to [[top, bottom], [left, right]]', () => {
    const p = (s: string) => (last(run('input 8x8x1', `conv2d 4 3 padding=${s}`)).config as Extract<LayerConfig, { kind: 'conv2d' }>).padding;
    assert.deepEqual(p('1'), [[1, 1], [1, 1]]);
    assert.deepEqual(p('2x0'), [[2, 2], [0, 0]]);
    assert.equal(p('same'), 'same');
    assert.equal(p("'same'"), 'same');
    const z = last(run('input 8x8x1', 'zeropad2d 1x2')).config as Extract<LayerConfig, { kind: 'zeropad2d' }>;
    assert.deepEqual(z.padding, [[1, 1], [2, 2]]);
  });

  it('initializers: zeros, normal(STD), xavier, glorot_normal, he, lecun_normal', () => {
    const init = (s: string) => (last(run('input 8', `dense 4 init=${s}`)).config as Extract<LayerConfig, { kind: 'dense' }>).init;
    assert.deepEqual(init('zeros'), { name: 'zeros' });
    assert.deepEqual(init('normal(0.01)'), { name: 'normal', std: 0.01 });
    assert.deepEqual(init('normal(1.0)'), { name: 'normal', std: 1 });
    assert.deepEqual(init('xavier'), { name: 'glorot_normal' });
    assert.deepEqual(init('glorot_normal'), { name: 'glorot_normal' });
    assert.deepEqual(init('glorot_uniform'), { name: 'glorot_uniform' });
    assert.deepEqual(init('he'), { name: 'he_normal' });
    assert.deepEqual(init('he_normal'), { name: 'he_normal' });
    assert.deepEqual(init('lecun_normal'), { name: 'lecun_normal' });
  });

  it('activation names and aliases: silu = swish; every documented name reads', () => {
    const act = (s: string) => (last(run('input 8', `dense 4 activation=${s}`)).config as Extract<LayerConfig, { kind: 'dense' }>).activation.name;
    for (const name of ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'leaky_relu', 'elu', 'gelu', 'silu', 'softplus']) {
      assert.equal(act(name), name);
    }
    assert.equal(act('swish'), 'silu');
  });

  it('dense activation may be positional as well: dense 10 softmax', () => {
    const cfg = last(run('input 8', 'dense 10 softmax')).config as Extract<LayerConfig, { kind: 'dense' }>;
    assert.equal(cfg.activation.name, 'softmax');
  });
});

function analyzeCRLF(text: string) {
  return run(text.replace(/\n/g, '\r\n'));
}

describe('core: Keras keyword extras', () => {
  it('name= replaces the auto name (Keras layer name)', () => {
    const a = run('input 784', 'dense 128 name=hidden', "Dense(10, activation='softmax', name=\"logits\")", 'dense 2');
    assert.deepEqual(a.layers.map((l) => l.name), ['hidden', 'logits', 'dense']);
  });

  it('trainable=False moves every weight of the layer to non-trainable (Keras layer.trainable)', () => {
    const a = run('input 784', 'dense 10 trainable=false');
    assert.equal(last(a).trainableParams, 0);
    assert.equal(last(a).nonTrainableParams, 7850);
    assert.equal(a.nonTrainableParams, 7850);
    const b = run('Input(shape=(8, 8, 4))', 'BatchNormalization(trainable=False)');
    assert.equal(last(b).nonTrainableParams, 16); // 4·C with C = 4, all frozen
    assert.equal(last(b).trainableParams, 0);
  });

  it('input_shape= on the first Keras call acts as the input line', () => {
    const a = run("Conv2D(64, (2, 2), padding='same', activation='relu', input_shape=(32, 32, 3))", 'MaxPooling2D((2, 2))', 'Flatten()', "Dense(10, activation='softmax')");
    assert.deepEqual(a.input?.shape, [32, 32, 3]);
    assert.equal(a.totalParams, 164682);
    assert.equal(a.hasErrors, false);
  });

  it('strides > 1 together with dilation > 1 is an error, as Keras refuses it', () => {
    // Keras Conv2D docs: "Specifying any stride value != 1 is incompatible with specifying any dilation_rate value != 1."
    const a = run('input 32x32x3', 'conv2d 8 3 stride=2 dilation=2');
    const d = a.diagnostics.find((x) => x.severity === 'error' && x.line === 1);
    assert.ok(d, JSON.stringify(a.diagnostics));
    assert.match(d.message, /dilation/);
  });
});

describe('core: Python objects pasted as argument values', () => {
  it('initializer objects: keras.initializers.HeNormal(), RandomNormal(stddev=0.01), "random_normal" (Keras default stddev 0.05)', () => {
    const init = (s: string) => (last(run('input 8', `Dense(10, kernel_initializer=${s})`)).config as Extract<LayerConfig, { kind: 'dense' }>).init;
    assert.deepEqual(init('keras.initializers.HeNormal()'), { name: 'he_normal' });
    assert.deepEqual(init('tf.keras.initializers.RandomNormal(stddev=0.01)'), { name: 'normal', std: 0.01 });
    assert.deepEqual(init("'random_normal'"), { name: 'normal', std: 0.05 });
    assert.deepEqual(init('initializers.GlorotNormal(seed=1)'), { name: 'glorot_normal' });
  });

  it('activation functions by reference: tf.nn.relu, keras.activations.tanh, tf.keras.activations.sigmoid', () => {
    // Common in TensorFlow tutorials; Keras accepts any callable, and these name the same functions.
    for (const [value, name] of [['tf.nn.relu', 'relu'], ['keras.activations.tanh', 'tanh'], ['tf.keras.activations.sigmoid', 'sigmoid']]) {
      const a = run('input 8', `Dense(10, activation=${value})`);
      assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), [], value);
      assert.equal((last(a).config as Extract<LayerConfig, { kind: 'dense' }>).activation.name, name, value);
    }
  });
});
