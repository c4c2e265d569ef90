/**
 * Every file in examples/ against its published figures (the lecture's table, LeCun's LeNet-5,
 * keras.applications.VGG16's summary, Keras's MNIST convnet example), plus the hand sums in
 * each example's comments.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core';
import type { Analysis } from '../../../src/core/types';
import { assertClean } from './helpers';

const examplesDir = join(__dirname, '..', '..', '..', 'examples');
const load = (name: string): Analysis => analyze(readFileSync(join(examplesDir, name), 'utf8'));
const shapes = (a: Analysis) => a.layers.map((l) => l.outputShape);
const params = (a: Analysis) => a.layers.map((l) => l.params);

describe('examples: published totals', () => {
  it('lecture6-cifar: the lecture table exactly (832, 0, 0, 163,850; 164,682)', () => {
    const a = load('lecture6-cifar.netspec');
    assertClean(a);
    assert.deepEqual(a.layers.map((l) => `${l.name} (${l.kerasClass})`), [
      'conv2d (Conv2D)',
      'max_pooling2d (MaxPooling2D)',
      'flatten (Flatten)',
      'dense (Dense)',
    ]);
    assert.deepEqual(shapes(a), [[32, 32, 64], [16, 16, 64], [16384], [10]]);
    assert.deepEqual(params(a), [832, 0, 0, 163850]);
    assert.equal(a.totalParams, 164682);
    assert.equal(a.trainableParams, 164682);
    assert.equal(a.nonTrainableParams, 0);
  });

  it('keras-pasted: the same model written as Keras calls', () => {
    const a = load('keras-pasted.netspec');
    assertClean(a);
    const b = load('lecture6-cifar.netspec');
    assert.deepEqual(shapes(a), shapes(b));
    assert.deepEqual(params(a), params(b));
    assert.deepEqual(a.layers.map((l) => l.name), b.layers.map((l) => l.name));
  });

  it('lenet5: 61,706 parameters (LeCun et al. 1998)', () => {
    const a = load('lenet5.netspec');
    assertClean(a);
    assert.deepEqual(shapes(a), [[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [400], [120], [84], [10]]);
    assert.deepEqual(params(a), [156, 0, 2416, 0, 0, 48120, 10164, 850]);
    assert.equal(a.totalParams, 61706);
  });

  it('vgg16: 138,357,544 parameters, per layer as keras.applications.VGG16 prints them', () => {
    const a = load('vgg16.netspec');
    assertClean(a);
    assert.equal(a.totalParams, 138357544);
    assert.equal(a.trainableParams, 138357544);
    const convs = a.layers.filter((l) => l.kerasClass === 'Conv2D').map((l) => l.params);
    assert.deepEqual(convs, [1792, 36928, 73856, 147584, 295168, 590080, 590080, 1180160, 2359808, 2359808, 2359808, 2359808, 2359808]);
    const dense = a.layers.filter((l) => l.kerasClass === 'Dense').map((l) => l.params);
    assert.deepEqual(dense, [102764544, 16781312, 4097000]);
    const pools = a.layers.filter((l) => l.kerasClass === 'MaxPooling2D').map((l) => l.outputShape);
    assert.deepEqual(pools, [[112, 112, 64], [56, 56, 128], [28, 28, 256], [14, 14, 512], [7, 7, 512]]);
    assert.deepEqual(a.layers.find((l) => l.kerasClass === 'Flatten')?.outputShape, [25088]);
    // Keras's published figure for VGG16: about 15.5 G multiply-accumulates per 224x224 image.
    assert.ok(a.totalMacs > 15.3e9 && a.totalMacs < 15.6e9, `totalMacs ${a.totalMacs}`);
  });

  it('mnist-convnet: 34,826 parameters (keras.io "Simple MNIST convnet"), one uneven-stride warning', () => {
    const a = load('mnist-convnet.netspec');
    // Keras's own example pools 11x11 by 2: (11 − 2)/2 + 1 = 5.5 floors to 5, which NetLens points out.
    assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.line + 1}:${d.code}`), ['9:uneven-stride']);
    assert.match(a.diagnostics.find((d) => d.code === 'uneven-stride')!.message, /5\.5/);
    assert.deepEqual(shapes(a), [[26, 26, 32], [13, 13, 32], [11, 11, 64], [5, 5, 64], [1600], [1600], [10]]);
    assert.deepEqual(params(a), [320, 0, 18496, 0, 0, 0, 16010]);
    assert.equal(a.totalParams, 34826);
  });

  it('mlp-toy: 2 inputs, 100 ReLU units, 3 classes = 603 (CS231n spiral network)', () => {
    const a = load('mlp-toy.netspec');
    assertClean(a);
    assert.deepEqual(a.input?.shape, [2]);
    assert.deepEqual(params(a), [300, 303]);
    assert.equal(a.totalParams, 603);
  });

  it('deep-tanh-mlp: 10 tanh layers of 500, 2,505,000 params, init normal(0.01)', () => {
    const a = load('deep-tanh-mlp.netspec');
    assertClean(a);
    assert.equal(a.layers.length, 10);
    for (const l of a.layers) {
      assert.deepEqual(l.outputShape, [500]);
      assert.equal(l.params, 250500);
      assert.equal(l.config.kind, 'dense');
      if (l.config.kind === 'dense') {
        assert.equal(l.config.activation.name, 'tanh');
        assert.deepEqual(l.config.init, { name: 'normal', std: 0.01 });
      }
    }
    assert.equal(a.totalParams, 2505000);
  });

  it('batchnorm-dropout: 1,051,530 = 1,051,210 trainable + 320 non-trainable', () => {
    const a = load('batchnorm-dropout.netspec');
    assertClean(a);
    assert.equal(a.totalParams, 1051530);
    assert.equal(a.trainableParams, 1051210);
    assert.equal(a.nonTrainableParams, 320);
  });

  it('activations: prelu alphas, maxout doubling; 251,274', () => {
    const a = load('activations.netspec');
    assertClean(a);
    assert.deepEqual(params(a), [200960, 256, 32896, 16512, 0, 650]);
    assert.equal(a.totalParams, 251274);
    assert.deepEqual(a.layers.map((l) => l.kerasClass).slice(1, 2), ['PReLU']);
  });

  it('padding-stride: every step of the comments (34, 32, 16, 8, 4; 37,066)', () => {
    const a = load('padding-stride.netspec');
    assertClean(a);
    assert.deepEqual(shapes(a), [[34, 34, 3], [32, 32, 16], [16, 16, 32], [8, 8, 32], [4, 4, 64], [64], [10]]);
    assert.deepEqual(params(a), [0, 448, 8224, 9248, 18496, 0, 650]);
    assert.equal(a.totalParams, 37066);
  });

  it('broken: exactly the mistakes its header lists, on those lines (1-based 8 to 11)', () => {
    const a = load('broken.netspec');
    const got = a.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.line + 1}:${d.severity}:${d.code}`).sort();
    assert.deepEqual(got, [
      '10:error:unknown-activation',
      '11:error:unknown-key',
      '8:warning:uneven-stride',
      '9:error:unknown-layer',
    ]);
  });

  it('every example except broken analyses without errors or warnings', () => {
    const files = readdirSync(examplesDir).filter((f) => f.endsWith('.netspec'));
    assert.ok(files.length >= 10, files.join(', '));
    for (const f of files.filter((x) => x !== 'broken.netspec' && x !== 'mnist-convnet.netspec')) {
      const a = load(f);
      assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info'), [], f);
      assert.ok(a.layers.length > 0, f);
    }
  });
});
