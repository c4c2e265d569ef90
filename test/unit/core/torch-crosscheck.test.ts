/**
 * Cross-checks the engine against PyTorch 1.13: every example spec and a set of tricky specs
 * are built as real PyTorch modules (torch_crosscheck.py) from the configs the engine resolved,
 * run on a zero tensor, and each layer's output shape, parameter counts (trainable and
 * non-trainable) and conv/dense MACs must match. Skips, saying why, when `import torch` fails
 * (install: apt-get install -y python3-torch; or set NETLENS_PYTHON to a Python with torch).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../../src/core';
import type { Analysis } from '../../../src/core/types';
import { buildStack, inputArb, opsArb } from './random-stacks';

const python = process.env.NETLENS_PYTHON ?? '/usr/bin/python3';
const script = join(__dirname, 'torch_crosscheck.py');
const examplesDir = join(__dirname, '..', '..', '..', 'examples');

interface Measured {
  shape: number[];
  params: number;
  trainable: number;
  nonTrainable: number;
  macs: number;
}

/** Specs whose arithmetic is easy to get wrong: each padding mode, dilation, odd strides... */
const tricky: Record<string, string> = {
  'same, even kernels, strides': 'input 33x20x3\nconv2d 4 2 padding=same\nconv2d 4 4 stride=2 padding=same\nconv2d 4 6x3 stride=3x2 padding=same\nmaxpool2d 2 padding=same\navgpool2d 3 stride=2 padding=same',
  'valid with floors': 'input 64x61x2\nconv2d 5 3 stride=2\nconv2d 5 4x2 stride=3\nmaxpool2d 3 stride=2\navgpool2d 2x1',
  'dilation': 'input 40x40x3\nconv2d 8 3 dilation=2\nconv2d 8 3 dilation=3 padding=same\nconv2d 8 5x3 dilation=2x4',
  'explicit padding': 'input 17x17x3\nconv2d 8 3 padding=1\nconv2d 8 5 padding=2x0\nconv2d 8 4 stride=2 padding=1\nzeropad2d 1x3\nzeropad2d 2',
  'dense on a tensor, prelu, batchnorm, maxout': 'input 6x5x4\ndense 7\nprelu\nbatchnorm\nflatten\nbatchnorm\nmaxout 9 pieces=3\nprelu\ndense 3 use_bias=false',
  'global pools and activations': 'input 9x9x6\nconv2d 12 3 use_bias=false activation=elu\nleaky_relu 0.2\nelu\nactivation tanh\nglobalmaxpool2d\ndense 4 activation=softmax',
  'keras arguments that change numbers': "input 30x20x3\nBatchNormalization(axis=1)\nBatchNormalization(center=False)\nBatchNormalization(axis=-2, scale=False)\nBatchNormalization(axis=2, center=False, scale=False)\nPReLU(shared_axes=[1, 2])\nPReLU(shared_axes=3)\nMaxPooling2D(pool_size=2, strides=None)\nReLU(6.)\nReLU(max_value=1.5)\nReLU(negative_slope=0.1)\nLeakyReLU()\nFlatten()\nBatchNormalization(center=False)\nDense(10, activation='leaky_relu')",
  'input_dim': 'Dense(64, input_dim=784)\nDense(10)',
  'keras calls': "Input(shape=(28, 28, 1))\nlayers.Conv2D(32, kernel_size=(3, 3), strides=(2, 2), padding='same')\nlayers.BatchNormalization()\nlayers.ReLU()\nlayers.GlobalAveragePooling2D()\nlayers.Dense(units=10)",
};

/** 40 random valid stacks, fixed seed so a failure reproduces: PyTorch, not only our oracle, must agree. */
const randomStacks = fc
  .sample(fc.tuple(inputArb, opsArb), { seed: 20261125, numRuns: 40 })
  .map(([input, ops], i) => [`random stack ${i + 1}`, buildStack(input, ops).text] as const)
  .filter(([, text]) => text.includes('\n'));
for (const [id, text] of randomStacks) tricky[id] = text;

function payload(id: string, a: Analysis) {
  assert.ok(a.input, `${id}: no input`);
  assert.equal(a.hasErrors, false, `${id}: ${JSON.stringify(a.diagnostics)}`);
  return { id, input: a.input.shape, layers: a.layers.map((l) => l.config) };
}

describe('core vs PyTorch 1.13 (shapes, parameters, MACs)', function () {
  this.timeout(300000);
  const analyses = new Map<string, Analysis>();
  let measured: Record<string, Measured[]> = {};

  before(function () {
    const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(`      (skipped: ${python} cannot import torch; apt-get install -y python3-torch, or set NETLENS_PYTHON)`);
      this.skip();
    }
    for (const f of readdirSync(examplesDir).filter((x) => x.endsWith('.netspec') && x !== 'broken.netspec')) {
      analyses.set(f, analyze(readFileSync(join(examplesDir, f), 'utf8')));
    }
    for (const [id, text] of Object.entries(tricky)) analyses.set(id, analyze(text));
    const specs: unknown[] = [...analyses].map(([id, a]) => payload(id, a));
    // Hand-written configs with known answers: proves the harness itself pads and counts as Keras.
    const conv = (padding: unknown) => ({ kind: 'conv2d', filters: 64, kernel: [2, 2], strides: [1, 1], padding, dilation: [1, 1], activation: { name: 'relu' }, useBias: true });
    specs.push({ id: 'self-check', input: [32, 32, 3], layers: [conv('same'), conv('valid'), conv([[1, 1], [0, 0]]), { kind: 'batchnorm' }, { kind: 'activation', activation: { name: 'prelu' }, standalone: true }] });
    const r = spawnSync(python, [script], { input: JSON.stringify(specs), encoding: 'utf8', maxBuffer: 64 << 20, timeout: 280000 });
    assert.equal(r.status, 0, `torch_crosscheck.py failed: ${r.stderr}`);
    measured = JSON.parse(r.stdout);
    assert.match(String(measured.torch), /^\d+\.\d+/);
  });

  it('harness self-check: PyTorch sees Keras\'s numbers for known configs', () => {
    const m = measured['self-check'];
    assert.deepEqual(m.map((x) => x.shape), [[32, 32, 64], [31, 31, 64], [32, 30, 64], [32, 30, 64], [32, 30, 64]]);
    assert.deepEqual(m.map((x) => x.params), [832, (2 * 2 * 64 + 1) * 64, (2 * 2 * 64 + 1) * 64, 4 * 64, 32 * 30 * 64]);
    assert.deepEqual(m.map((x) => x.nonTrainable), [0, 0, 0, 2 * 64, 0]);
    assert.equal(m[0].macs, 32 * 32 * 64 * 2 * 2 * 3);
  });

  const ids = [
    ...readdirSync(examplesDir).filter((x) => x.endsWith('.netspec') && x !== 'broken.netspec'),
    ...Object.keys(tricky),
  ];
  for (const id of ids) {
    it(id, () => {
      const a = analyses.get(id)!;
      const m = measured[id];
      assert.equal(m.length, a.layers.length);
      a.layers.forEach((l, i) => {
        const where = `${id} line ${l.line + 1} ${l.name}`;
        assert.deepEqual(l.outputShape, m[i].shape, `${where}: shape`);
        assert.equal(l.params, m[i].params, `${where}: params`);
        assert.equal(l.trainableParams, m[i].trainable, `${where}: trainable`);
        assert.equal(l.nonTrainableParams, m[i].nonTrainable, `${where}: non-trainable`);
        if (['conv2d', 'dense', 'maxout'].includes(l.config.kind)) assert.equal(l.macs, m[i].macs, `${where}: MACs`);
      });
      assert.equal(a.totalParams, m.reduce((s, x) => s + x.params, 0));
    });
  }
});
