import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { buildModel, describeBuilt } from '../../../../webview/shared/training/model';

// The Train panel refuses models above 20M parameters (too big to train in a webview), so the
// browser tier cannot compare VGG-16's TF.js model with the core. This builds it with the same
// model builder on TF.js's CPU backend in Node, with zero weights to keep it quick.
describe('train: VGG-16 built by TF.js equals the core layer by layer', function () {
  this.timeout(120_000);

  it('has Keras\'s 138,357,544 parameters and every output shape of the core', async () => {
    await tf.setBackend('cpu');
    const text = readFileSync(join(__dirname, '../../../../examples/vgg16.netspec'), 'utf8').replace(/\binit=\S+/g, '');
    const a = analyze(text.replace(/^(conv2d|dense)\b(.*)$/gm, '$1$2 init=zeros'));
    assert.equal(a.hasErrors, false, JSON.stringify(a.diagnostics));
    const spec = trainSpecFromAnalysis('vgg16', 'vgg16.netspec', a);
    const built = buildModel(a.input!.shape, spec.layers, 1);
    try {
      assert.equal(built.model.countParams(), 138_357_544);
      assert.equal(built.model.countParams(), a.totalParams);
      const layers = describeBuilt(built);
      assert.equal(layers.length, a.layers.length);
      a.layers.forEach((l, i) => {
        assert.deepEqual(layers[i].outputShape, l.outputShape, `${l.name} output shape`);
        assert.equal(layers[i].params, l.params, `${l.name} params`);
      });
    } finally {
      built.model.dispose();
    }
  });
});
