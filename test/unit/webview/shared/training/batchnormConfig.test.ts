import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../../src/core';
import { layerHoverMarkdown } from '../../../../../src/features/pure/hover';
import { trainSpecFromAnalysis } from '../../../../../src/protocol/train';
import { buildModel } from '../../../../../webview/shared/training/model';

// The spec's `batchnorm momentum=… epsilon=…` use Keras's convention (moving = moving·momentum +
// batch·(1 − momentum), keras/src/layers/normalization/batch_normalization.py call()); TF.js's
// layer uses the same one (tfjs-layers normalization.ts: moving −= (moving − batch)·(1 − momentum)),
// so the values pass through unchanged. PyTorch's momentum is the other weight (1 − Keras's): a
// value that reached TF.js as 1 − m would fail the update checks below.
function built(text: string) {
  const a = analyze(text);
  assert.equal(a.hasErrors, false, JSON.stringify(a.diagnostics));
  return { a, b: buildModel(a.input!.shape, trainSpecFromAnalysis('untitled:x', 'x.netspec', a).layers, 1) };
}

describe('webview/shared/training: batchnorm momentum and epsilon reach TF.js exactly', function () {
  this.timeout(60_000);
  before(async () => {
    await tf.setBackend('cpu');
  });

  for (const [name, text, cls] of [
    ['TF.js BatchNormalization', 'input 6\nbatchnorm momentum=0.8 epsilon=0.02\ndense 2', 'BatchNormalization'],
    ['NetLens PartialBatchNorm (scale=False)', 'input 6\nBatchNormalization(momentum=0.8, epsilon=0.02, scale=False)\ndense 2', 'NetLensPartialBatchNorm'],
  ] as const) {
    it(`${name}: the layer's config holds the spec's values, and one training step follows them`, () => {
      const { a, b } = built(text);
      try {
        const layer = b.groups[0][0];
        assert.equal(layer.getClassName(), cls);
        const config = layer.getConfig();
        const spec = a.layers[0].config;
        assert.equal(spec.kind, 'batchnorm');
        assert.equal(config.momentum, spec.kind === 'batchnorm' ? spec.momentum : NaN);
        assert.equal(config.epsilon, spec.kind === 'batchnorm' ? spec.epsilon : NaN);
        assert.equal(config.momentum, 0.8);
        assert.equal(config.epsilon, 0.02);

        // One training-mode call from moving mean 0 and variance 1: Keras's update with momentum 0.8.
        const rows = [[1, 2, 3, 4, 5, 6], [3, 2, 1, 0, -1, -2], [0, 0, 9, 1, 1, 1], [2, 4, 3, 1, 0, 5]];
        const x = tf.tensor2d(rows);
        const trainOut = layer.apply(x, { training: true }) as tf.Tensor;
        const weights = layer.getWeights();
        const [movingMean, movingVar] = weights.slice(-2).map((w) => w.dataSync());
        for (let c = 0; c < 6; c++) {
          const col = rows.map((r) => r[c]);
          const mean = col.reduce((s, v) => s + v, 0) / col.length;
          const variance = col.reduce((s, v) => s + (v - mean) ** 2, 0) / col.length;
          assert.ok(Math.abs(movingMean[c] - 0.2 * mean) < 1e-5, `moving mean ${c}: ${movingMean[c]} vs 0.8·0 + 0.2·${mean}`);
          assert.ok(Math.abs(movingVar[c] - (0.8 + 0.2 * variance)) < 1e-5, `moving variance ${c}: ${movingVar[c]} vs 0.8·1 + 0.2·${variance}`);
          // Training mode normalizes with the batch's statistics and this ε.
          const expected = (rows[0][c] - mean) / Math.sqrt(variance + 0.02);
          assert.ok(Math.abs(trainOut.dataSync()[c] - expected) < 1e-4, `output ${c}: ${trainOut.dataSync()[c]} vs ${expected}`);
        }
        // Inference mode normalizes with the moving statistics and the same ε.
        const inferOut = (layer.apply(x, { training: false }) as tf.Tensor).dataSync();
        for (let c = 0; c < 6; c++) {
          const expected = (rows[0][c] - movingMean[c]) / Math.sqrt(movingVar[c] + 0.02);
          assert.ok(Math.abs(inferOut[c] - expected) < 1e-4, `inference output ${c}: ${inferOut[c]} vs ${expected}`);
        }
        tf.dispose([x, trainOut]);
      } finally {
        b.model.dispose();
      }
    });
  }

  it('hover counts γ, β, moving mean and variance as 4C parameters, 2C of them non-trainable', () => {
    const channels = 16;
    const { a, b } = built(`input 8x8x${channels}\nbatchnorm momentum=0.9 epsilon=0.01`);
    try {
      const md = layerHoverMarkdown(a.layers[0]);
      assert.ok(md.includes(`params = 4·${channels} = ${4 * channels}`), md);
      assert.ok(md.includes(`${2 * channels} trainable γ, β`), md);
      assert.ok(md.includes(`${2 * channels} non-trainable moving mean, variance`), md);
      // TF.js's own layer agrees: 4C weights, the moving statistics not trainable.
      assert.equal(b.model.countParams(), 4 * channels);
      const size = (ws: tf.LayerVariable[]) => ws.reduce((n, w) => n + w.shape.reduce((x: number, y) => x * (y ?? 1), 1), 0);
      assert.equal(size(b.model.nonTrainableWeights), 2 * channels);
      assert.deepEqual(b.model.nonTrainableWeights.map((w) => w.originalName.split('/').pop()), ['moving_mean', 'moving_variance']);
    } finally {
      b.model.dispose();
    }
  });
});
