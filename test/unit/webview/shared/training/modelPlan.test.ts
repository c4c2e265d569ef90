import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../../src/core';
import type { LayerConfig } from '../../../../../src/core/types';
import { planLayers, splitActivation } from '../../../../../webview/shared/training/modelPlan';

const configs = (text: string): LayerConfig[] => analyze(text).layers.map((l) => l.config);

describe('model plan (LayerConfig -> tf.layers)', () => {
  it('maps the lecture CNN one to one', () => {
    const plan = planLayers(configs('input 32x32x3\nconv2d 64 kernel=2 padding=same activation=relu\nmaxpool2d 2\nflatten\ndense 10 activation=softmax'));
    assert.deepEqual(plan.map((p) => p.op), ['conv2d', 'maxPooling2d', 'flatten', 'dense']);
    const conv = plan[0] as Extract<typeof plan[number], { op: 'conv2d' }>;
    assert.deepEqual([conv.filters, conv.kernelSize, conv.padding, conv.activation], [64, [2, 2], 'same', 'relu']);
    assert.equal((plan[3] as { activation: string }).activation, 'softmax');
  });

  it('turns explicit padding P into ZeroPadding2D + valid conv', () => {
    const plan = planLayers(configs('input 32x32x3\nconv2d 32 4 stride=2 padding=1'));
    assert.deepEqual(plan.map((p) => p.op), ['zeroPadding2d', 'conv2d']);
    assert.deepEqual((plan[0] as { padding: unknown }).padding, [[1, 1], [1, 1]]);
    assert.equal((plan[1] as { padding: string }).padding, 'valid');
    assert.ok(plan.every((p) => p.owner === 0), 'both belong to spec layer 0');
  });

  it('plans a normalize line as one Normalization, with its axis and, when given, its fixed statistics', () => {
    const plan = planLayers(configs('input 28x28x1\nnormalize\nflatten\nnormalize axis=1 mean=0.5 variance=2\ndense 10'));
    assert.deepEqual(plan.map((p) => p.op), ['normalize', 'flatten', 'normalize', 'dense']);
    assert.deepEqual(plan[0], { op: 'normalize', owner: 0, axis: -1 });
    assert.deepEqual(plan[2], { op: 'normalize', owner: 2, axis: 1, mean: 0.5, variance: 2 });
  });

  it('makes maxout a dense of units·pieces then a max over pieces', () => {
    const plan = planLayers(configs('input 128\nmaxout 64 pieces=2'));
    assert.deepEqual(plan.map((p) => p.op), ['dense', 'maxout']);
    assert.equal((plan[0] as { units: number }).units, 128);
    assert.deepEqual([(plan[1] as { units: number }).units, (plan[1] as { pieces: number }).pieces], [64, 2]);
  });

  it('puts leaky_relu, prelu, elu and exponential in layers of their own, honouring alpha', () => {
    assert.deepEqual(splitActivation({ name: 'leaky_relu', alpha: 0.2 }, 3), { inline: 'linear', after: { op: 'leakyReLU', owner: 3, alpha: 0.2 } });
    assert.deepEqual(splitActivation({ name: 'elu' }, 0).after, { op: 'elu', owner: 0, alpha: 1 });
    assert.deepEqual(splitActivation({ name: 'prelu' }, 0).after, { op: 'prelu', owner: 0, sharedAxes: [] });
    assert.deepEqual(splitActivation({ name: 'exponential' }, 0).after, { op: 'exponential', owner: 0 });
    assert.deepEqual(splitActivation({ name: 'silu' }, 0), { inline: 'swish' });
    assert.deepEqual(splitActivation({ name: 'hard_sigmoid' }, 0), { inline: 'hardSigmoid' });
    const plan = planLayers(configs('input 784\ndense 256\nprelu\ndense 128 activation=leaky_relu\nelu'));
    assert.deepEqual(plan.map((p) => p.op), ['dense', 'prelu', 'dense', 'leakyReLU', 'elu']);
  });

  it('carries init= through to every weighted layer', () => {
    const plan = planLayers(configs('input 500\ndense 500 activation=tanh init=normal(0.01)\nconv2d 3 1'.replace('conv2d 3 1', 'dense 10 init=he_normal')));
    assert.deepEqual((plan[0] as { init: unknown }).init, { name: 'normal', std: 0.01 });
    assert.deepEqual((plan[1] as { init: unknown }).init, { name: 'he_normal' });
  });

  it('plans every example spec without throwing, one or more TF.js layers per spec layer', () => {
    const dir = join(__dirname, '../../../../../examples');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.netspec'))) {
      const a = analyze(readFileSync(join(dir, f), 'utf8'));
      if (a.hasErrors) continue;
      const plan = planLayers(a.layers.map((l) => l.config));
      const owners = new Set(plan.map((p) => p.owner));
      assert.equal(owners.size, a.layers.length, f);
    }
  });
});
