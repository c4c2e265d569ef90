// The dead-unit counter (webview/shared/tf/deadUnits.ts) on TF.js's CPU backend.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { deadUnitFraction } from '../../../../../webview/shared/tf/deadUnits';

describe('webview/shared/tf/deadUnits: deadUnitFraction (any tf.LayersModel)', () => {
  it('counts dense units and conv filters that never fire, and ignores non-ReLU layers', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 3, kernelSize: 2, activation: 'relu', kernelInitializer: 'ones' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 4, activation: 'relu', kernelInitializer: 'ones' }),
        tf.layers.dense({ units: 2, activation: 'tanh' }),
      ],
    });
    // Kill filter 1 and dense units 0 and 3 with biases far below anything the inputs can reach.
    const [conv, , dense] = model.layers;
    conv.setWeights([conv.getWeights()[0], tf.tensor1d([0, -1e4, 0])]);
    dense.setWeights([dense.getWeights()[0], tf.tensor1d([-1e6, 0, 0, -1e6])]);
    const batch = tf.randomUniform([8, 4, 4, 1], 0, 1, 'float32', 1);
    const before = tf.memory().numTensors;
    const r = await deadUnitFraction(model, batch);
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(r.layers.map((l) => [l.dead, l.total]), [
      [1, 3],
      [2, 4],
    ]);
    assert.equal(r.fraction, 3 / 7);
    // Asked again after a weight change (as the Train panel does during training): the cached
    // probe shares the model's layers, so it sees the new weights.
    dense.setWeights([dense.getWeights()[0], tf.tensor1d([0, 0, 0, -1e6])]);
    const again = await deadUnitFraction(model, batch);
    assert.deepEqual(again.layers.map((l) => l.dead), [1, 1]);
    const noRelu = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'tanh' })] });
    assert.deepEqual(await deadUnitFraction(noRelu, tf.ones([2, 3])), { fraction: 0, deadUnits: 0, totalUnits: 0, layers: [] });
    model.dispose();
    noRelu.dispose();
    batch.dispose();
  });
});
