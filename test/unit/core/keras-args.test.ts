/**
 * Pasted Keras calls mean exactly what Keras means: every argument that changes a shape, a
 * parameter count or the function computed is honoured, and the others are told apart per layer.
 * The expected numbers come from keras-rules.ts (Keras's own build() code, written out).
 */
import assert from 'node:assert/strict';
import { IGNORED_KERAS_ARGS, KERAS_PASSTHROUGH_ARGS, LAYERS, layerConfigProblem } from '../../../src/core';
import type { LayerConfig } from '../../../src/core';
import { batchnormParams, preluParams } from './keras-rules';
import { diag, errors, last, run } from './helpers';

describe('Keras arguments that change the numbers', () => {
  it('PReLU(shared_axes=[1, 2]) learns one alpha per channel', () => {
    const l = last(run('input 8x8x16', 'PReLU(shared_axes=[1, 2])'));
    assert.equal(l.params, preluParams([8, 8, 16], [1, 2]));
    assert.equal(l.params, 16);
    assert.deepEqual(l.config.kind === 'activation' && l.config.activation.sharedAxes, [1, 2]);
  });

  it('PReLU(shared_axes=1) and shared_axes=(1, 2, 3) follow param_shape[i - 1] = 1', () => {
    assert.equal(last(run('input 8x6x4', 'PReLU(shared_axes=1)')).params, preluParams([8, 6, 4], [1]));
    assert.equal(last(run('input 8x6x4', 'layers.PReLU(shared_axes=(1, 2, 3))')).params, 1);
    assert.equal(last(run('input 8x6x4', 'prelu shared_axes=2')).params, 8 * 4);
  });

  it('PReLU shared_axes outside the input\'s axes is an error on the argument', () => {
    const a = run('input 8x6x4', 'PReLU(shared_axes=[0])');
    assert.match(errors(a)[0].message, /axis 0 is the batch/);
    const b = run('input 10', 'PReLU(shared_axes=[2])');
    assert.match(errors(b)[0].message, /shared_axes/);
  });

  it('a default PReLU keeps one alpha per element', () => {
    assert.equal(last(run('input 8x8x16', 'PReLU()')).params, 1024);
  });

  it('BatchNormalization(center=False) drops beta, scale=False drops gamma', () => {
    const c = last(run('input 10x10x8', 'BatchNormalization(center=False)'));
    assert.equal(c.params, 3 * 8);
    assert.equal(c.nonTrainableParams, 2 * 8);
    const s = last(run('input 10x10x8', 'BatchNormalization(scale=False)'));
    assert.equal(s.trainableParams, 8);
    const both = last(run('input 10x10x8', 'BatchNormalization(center=False, scale=False)'));
    assert.equal(both.params, 16);
    assert.equal(both.trainableParams, 0);
  });

  it('BatchNormalization(axis=1) on 30×20×3 normalizes over the 30 rows: 120 params, 60 non-trainable', () => {
    const l = last(run('input 30x20x3', 'BatchNormalization(axis=1)'));
    const [t, f] = batchnormParams(30);
    assert.equal(l.params, t + f);
    assert.equal(l.params, 120);
    assert.equal(l.nonTrainableParams, 60);
    assert.deepEqual(l.config.kind === 'batchnorm' && [l.config.axis, l.config.center, l.config.scale], [1, true, true]);
    assert.equal(last(run('input 30x20x3', 'batchnorm axis=-2')).params, 4 * 20);
  });

  it('BatchNormalization on the batch axis or past the rank is an error on axis', () => {
    const a = run('input 30x20x3', 'BatchNormalization(axis=0)');
    const e = diag(a, 'bad-value');
    assert.match(e.message, /axis/);
    assert.equal(a.diagnostics.filter((d) => d.code === 'ignored-arg').length, 0);
    assert.ok(errors(run('input 30x20x3', 'BatchNormalization(axis=4)')).length > 0);
    assert.ok(errors(run('input 30x20x3', 'BatchNormalization(axis=-4)')).length > 0);
  });

  it('MaxPooling2D(strides=None) means stride = pool size (Keras\'s own default)', () => {
    const a = run('input 8x8x3', 'MaxPooling2D(pool_size=2, strides=None)');
    assert.deepEqual(errors(a), []);
    assert.deepEqual(last(a).outputShape, [4, 4, 3]);
    assert.deepEqual(last(run('input 9x9x3', 'AveragePooling2D((3, 3), None)')).outputShape, [3, 3, 3]);
  });

  it('Conv2D(strides=None) is refused, as Keras refuses it', () => {
    assert.ok(errors(run('input 8x8x3', 'Conv2D(4, 3, strides=None)')).length > 0);
  });

  it('Dense(64, input_dim=784) as the first layer means input_shape=(784,)', () => {
    const a = run('Dense(64, input_dim=784)', 'Dense(10)');
    assert.deepEqual(errors(a), []);
    assert.deepEqual(a.input?.shape, [784]);
    assert.equal(a.layers[0].params, 785 * 64);
  });

  it('batch_input_shape=(None, 28, 28, 1) on the first layer is the input shape', () => {
    const a = run("Conv2D(8, 3, batch_input_shape=(None, 28, 28, 1))");
    assert.deepEqual(errors(a), []);
    assert.deepEqual(a.input?.shape, [28, 28, 1]);
  });

  it('ReLU(6.) and ReLU(max_value=6.0) are ReLU6', () => {
    for (const line of ['ReLU(6.)', 'ReLU(max_value=6.0)', 'layers.ReLU(max_value=6)']) {
      const a = run('input 8', line);
      assert.deepEqual(errors(a), [], line);
      const c = last(a).config;
      assert.equal(c.kind === 'activation' && c.activation.name, 'relu6', line);
      assert.equal(last(a).kerasClass, 'ReLU');
    }
  });

  it('ReLU(max_value=1) keeps its cap; ReLU(negative_slope=0.1) is a leaky ReLU', () => {
    const capped = last(run('input 8', 'ReLU(max_value=1.0)')).config;
    assert.deepEqual(capped.kind === 'activation' && capped.activation, { name: 'relu', maxValue: 1 });
    const leaky = last(run('input 8', 'ReLU(negative_slope=0.1)')).config;
    assert.deepEqual(leaky.kind === 'activation' && [leaky.activation.name, leaky.activation.alpha], ['leaky_relu', 0.1]);
    assert.ok(errors(run('input 8', 'ReLU(max_value=-1)')).length > 0);
    assert.ok(errors(run('input 8', 'ReLU(threshold=0.5)')).length > 0);
  });

  it('a pasted LeakyReLU() has Keras\'s 0.3; the native leaky_relu keeps the lecture\'s 0.01', () => {
    const alpha = (text: string) => {
      const c = last(run('input 8', text)).config;
      assert.equal(c.kind, 'activation');
      return c.kind === 'activation' ? [c.activation.alpha, c.activation.alphaDefault] : undefined;
    };
    assert.deepEqual(alpha('LeakyReLU()'), [0.3, 'keras-layer']);
    assert.deepEqual(alpha('layers.LeakyReLU(negative_slope=0.2)'), [0.2, undefined]);
    assert.deepEqual(alpha('LeakyReLU(alpha=0.1)'), [0.1, undefined]);
    assert.deepEqual(alpha('leaky_relu'), [0.01, 'lecture']);
    assert.deepEqual(alpha('leaky_relu 0.2'), [0.2, undefined]);
  });

  it("activation='leaky_relu' in a pasted call is Keras 3's 0.2; in netspec it is the lecture's 0.01", () => {
    const pasted = last(run('input 8', "Dense(4, activation='leaky_relu')")).config;
    assert.deepEqual(pasted.kind === 'dense' && [pasted.activation.alpha, pasted.activation.alphaDefault], [0.2, 'keras-activation']);
    const native = last(run('input 8', 'dense 4 activation=leaky_relu')).config;
    assert.deepEqual(native.kind === 'dense' && [native.activation.alpha, native.activation.alphaDefault], [0.01, 'lecture']);
  });
});

describe('Keras arguments that change nothing, per layer', () => {
  it('every passthrough argument names the layers that take it, and none changes a number', () => {
    // center, scale, axis, shared_axes are honoured now, not passed through.
    for (const k of ['center', 'scale', 'axis', 'shared_axes', 'interpolation']) assert.ok(!(k in KERAS_PASSTHROUGH_ARGS), k);
    for (const k of IGNORED_KERAS_ARGS) assert.ok(k in KERAS_PASSTHROUGH_ARGS, k);
    const kinds = new Set(LAYERS.map((d) => d.kind));
    for (const [k, where] of Object.entries(KERAS_PASSTHROUGH_ARGS)) {
      if (where !== 'all') for (const w of where as readonly string[]) assert.ok(kinds.has(w as never), `${k}: ${w}`);
    }
  });

  it('an argument another layer takes is an error here (Keras raises TypeError)', () => {
    const a = run('input 8', 'Dense(4, noise_shape=None)');
    assert.equal(diag(a, 'unknown-key').severity, 'error');
    const b = run('input 8', 'Dropout(0.5, noise_shape=None, seed=1)');
    assert.deepEqual(errors(b), []);
    // kernel_regularizer is a catalogue argument (None: no penalty); bias_initializer passes through.
    const c = run('input 8x8x3', "Conv2D(4, 3, bias_initializer='zeros', kernel_regularizer=None)");
    assert.deepEqual(errors(c), []);
    assert.equal(c.diagnostics.filter((d) => d.code === 'ignored-arg').length, 1);
  });

  it('Softmax(axis=-1) is fine; another softmax axis is refused (NetLens trains the last axis)', () => {
    assert.deepEqual(errors(run('input 8', 'Softmax(axis=-1)')), []);
    assert.ok(errors(run('input 4x8', 'Softmax(axis=1)')).length > 0);
  });
});

describe('layerConfigProblem: the one validation the core and the Train panel share', () => {
  const bn = (epsilon: number): LayerConfig => ({ kind: 'batchnorm', momentum: 0.99, epsilon, axis: -1, center: true, scale: true });
  it('says what is wrong with a value the trainer cannot use', () => {
    assert.equal(layerConfigProblem(bn(0.001)), undefined);
    assert.match(layerConfigProblem(bn(0))!.message, /epsilon/);
    assert.match(layerConfigProblem(bn(-1))!.message, /epsilon/);
    assert.equal(layerConfigProblem(bn(0))!.field, 'epsilon');
    const dense = (init: unknown, activation: unknown) => ({ kind: 'dense', units: 3, useBias: true, init, activation }) as LayerConfig;
    assert.equal(layerConfigProblem(dense({ name: 'normal', std: Infinity }, { name: 'relu' }))!.field, 'init');
    assert.equal(layerConfigProblem(dense({ name: 'he_normal' }, { name: 'leaky_relu', alpha: Infinity }))!.field, 'activation');
    assert.equal(layerConfigProblem(dense({ name: 'he_normal' }, { name: 'relu' })), undefined);
  });

  for (const [text, key] of [
    ['batchnorm epsilon=0', '0'],
    ['batchnorm epsilon=-1', '-1'],
    ['batchnorm momentum=1e309', '1e309'],
    ['dense 4 init=normal(1e309)', 'normal(1e309)'],
    ['dense 4 activation=leaky_relu(1e309)', 'leaky_relu(1e309)'],
    ['leaky_relu 1e309', '1e309'],
    ['elu -1e400', '-1e400'],
    ['dense 4 init=uniform(1e400)', 'uniform(1e400)'],
  ] as const) {
    it(`${text}: an error with line and column on ${key}`, () => {
      const a = run('input 8', text);
      const e = errors(a);
      assert.equal(e.length, 1, JSON.stringify(a.diagnostics));
      assert.equal(e[0].line, 1);
      assert.equal(text.slice(e[0].start, e[0].end), key);
      // No layer config the trainer would reject ever leaves the core.
      for (const l of a.layers) assert.equal(layerConfigProblem(l.config), undefined);
    });
  }
});

describe('the hover says which Leaky ReLU α is in force and why', () => {
  for (const [text, re] of [
    ['LeakyReLU()', /α = 0\.3: Keras's LeakyReLU\(\) default/],
    ["Dense(4, activation='leaky_relu')", /α = 0\.2: Keras 3's activation='leaky_relu' default/],
    ['leaky_relu', /α = 0\.01: the lecture's value/],
    ['dense 4 activation=leaky_relu(0.05)', /α = 0\.05, as written/],
    ['ReLU(max_value=2.5)', /capped at 2\.5/],
  ] as const) {
    it(text, () => {
      const notes = last(run('input 8', text)).explanation.notes.join(' ');
      assert.match(notes, re);
    });
  }
});
