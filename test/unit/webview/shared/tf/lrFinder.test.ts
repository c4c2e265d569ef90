// The learning-rate range test (webview/shared/tf/lrFinder.ts): its pure parts against fastai's
// definitions, and a real run on a small CNN with synthetic images on TF.js's CPU backend.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { divergedAt, findLearningRate, rangeRates, smoothLosses, suggestRate } from '../../../../../webview/shared/tf/lrFinder';
import { createOptimizer } from '../../../../../webview/shared/tf/optimizers';

const bytes = (ts: tf.Tensor[]) => ts.map((t) => Buffer.from((t.dataSync() as Float32Array).buffer).toString('hex'));

describe('webview/shared/tf/lrFinder', () => {
  it('rates grow exponentially from 1e-6 to 1 over 100 batches', () => {
    const rates = rangeRates({ minLr: 1e-6, maxLr: 1, steps: 100 });
    assert.equal(rates.length, 100);
    assert.equal(rates[0], 1e-6);
    assert.ok(Math.abs(rates[99] - 1) < 1e-12);
    const ratio = rates[1] / rates[0];
    rates.slice(1).forEach((r, i) => assert.ok(Math.abs(r / rates[i] - ratio) < 1e-9));
    assert.ok(Math.abs(ratio - 10 ** (6 / 99)) < 1e-12);
  });

  it('smoothing is an exponential average with bias correction; divergence is 4× the best', () => {
    // A constant loss stays itself (the bias correction's point).
    smoothLosses([2, 2, 2, 2], 0.98).forEach((s) => assert.ok(Math.abs(s - 2) < 1e-12));
    const s = smoothLosses([1, 3], 0.5);
    assert.equal(s[0], 1);
    assert.ok(Math.abs(s[1] - (0.5 * 0.5 * 1 + 0.5 * 3) / (1 - 0.25)) < 1e-12);
    assert.equal(divergedAt([3, 2, 1, 3.9, 4.1], 4), 4);
    assert.equal(divergedAt([3, 2, NaN], 4), 2);
    assert.equal(divergedAt([3, 2, 1], 4), undefined);
  });

  it('suggests the rate of the steepest fall against log lr', () => {
    const rates = [1e-4, 1e-3, 1e-2, 1e-1];
    assert.deepEqual(suggestRate(rates, [2, 1.9, 1.0, 0.9], 1)?.index, 1);
    assert.equal(suggestRate(rates, [1, 1, 2, 3], 1), undefined, 'never falls: no suggestion');
    // Over a window of 3 batches one noisy dip (index 1 → 2) loses to the steady fall after it.
    const many = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100];
    assert.equal(suggestRate(many, [3, 3, 2.5, 3, 2.7, 2.4, 2.1, 1.7], 1)?.index, 1);
    assert.equal(suggestRate(many, [3, 3, 2.5, 3, 2.7, 2.4, 2.1, 1.7], 3)?.index, 5);
  });

  describe('on a small CNN with synthetic images (TF.js CPU)', () => {
    before(async () => {
      await tf.setBackend('cpu');
      await tf.ready();
    });

    it("restores the weights byte for byte and leaves the caller's optimizer untouched; the suggestion lies between where the loss starts falling and where it diverges", async () => {
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      // Logits out (softmaxCrossEntropy applies the softmax): a bounded softmax output could not diverge.
      // Four classes: which quadrant of the 8×8 image is brighter, under seeded noise twice as strong;
      // unnormalised pixels (×4) make the loss diverge well before lr = 1, as raw 0–255 images do.
      const batches = Array.from({ length: 100 }, (_, i) =>
        tf.tidy(() => {
          const labels = tf.randomUniform([16], 0, 4, 'int32', 100 + i);
          const quadrant = (k: number) => {
            const m = Array.from({ length: 64 }, (_, p) => (Math.floor(p / 32) * 2 + Math.floor((p % 8) / 4) === k ? 1 : 0));
            return tf.tensor(m, [8, 8, 1]);
          };
          const masks = tf.stack([0, 1, 2, 3].map(quadrant));
          const xs = tf.mul(4, tf.add(tf.mul(0.5, tf.gather(masks, labels)), tf.randomNormal([16, 8, 8, 1], 0, 1, 'float32', 200 + i)));
          return { xs: tf.keep(xs), ys: tf.keep(tf.oneHot(labels, 4).toFloat()) };
        }),
      );
      const lossOn = (i: number) => tf.losses.softmaxCrossEntropy(batches[i].ys, model.apply(batches[i].xs, { training: true }) as tf.Tensor) as tf.Scalar;
      // The caller's own training so far: Adam with moments and an iteration count.
      const callerOptimizer = createOptimizer('adam', { learningRate: 0.001 });
      for (let i = 0; i < 3; i++) tf.tidy(() => void callerOptimizer.minimize(() => lossOn(i)));
      const weightsBefore = bytes(model.getWeights());
      const stateBefore = await callerOptimizer.getWeights();
      const stateBytesBefore = bytes(stateBefore.map((w) => w.tensor));
      tf.dispose(stateBefore[0].tensor); // the iteration count is a fresh scalar; the rest are the optimizer's variables
      const tensorsBefore = tf.memory().numTensors;

      const result = await findLearningRate({ getWeights: () => model.getWeights(), setWeights: (w) => model.setWeights(w), loss: lossOn }, 'momentum', { momentum: 0.9 });

      assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensors left behind');
      assert.deepEqual(bytes(model.getWeights()), weightsBefore, 'weights restored byte for byte');
      const stateAfter = await callerOptimizer.getWeights();
      assert.deepEqual(bytes(stateAfter.map((w) => w.tensor)), stateBytesBefore, "the caller's optimizer state is untouched");
      tf.dispose(stateAfter[0].tensor);
      assert.equal(callerOptimizer.iterations, 3);

      assert.ok(result.stoppedAt !== undefined, `the loss diverged before lr = 1 (losses ${result.losses.map((l) => l.toFixed(2)).join(' ')})`);
      assert.ok(result.suggestion, 'a suggestion');
      // The fall: from the smoothed loss's peak to its lowest point before the stop.
      const upToStop = result.smoothed.slice(0, result.stoppedAt);
      const valley = upToStop.indexOf(Math.min(...upToStop));
      const beforeValley = upToStop.slice(0, valley + 1);
      const peak = beforeValley.indexOf(Math.max(...beforeValley));
      assert.ok(peak < valley, `the loss falls (peak ${peak}, valley ${valley})`);
      const lr = result.suggestion.lr;
      const [fallLr, valleyLr, divergeLr] = [result.rates[peak], result.rates[valley], result.rates[result.stoppedAt]];
      assert.ok(lr >= fallLr && lr <= valleyLr && lr < divergeLr, `suggestion ${lr}: the loss falls from ${fallLr} to ${valleyLr} and diverges at ${divergeLr}`);

      // The suggestion trains: 30 momentum steps at it beat 30 at 1e-6 and 30 at the diverging rate.
      const trainAt = (rate: number) => {
        const saved = model.getWeights().map((w) => w.clone());
        const opt = createOptimizer('momentum', { learningRate: rate, momentum: 0.9 });
        for (let i = 0; i < 30; i++) tf.tidy(() => void opt.minimize(() => lossOn(i)));
        const loss = tf.tidy(() => lossOn(99).dataSync()[0]);
        opt.dispose();
        model.setWeights(saved);
        tf.dispose(saved);
        return loss;
      };
      const [atSuggestion, atTiny, atDiverging] = [trainAt(lr), trainAt(1e-6), trainAt(divergeLr)];
      assert.ok(atSuggestion < atTiny && atSuggestion < atDiverging, `loss after 30 steps: ${atSuggestion} at ${lr}, ${atTiny} at 1e-6, ${atDiverging} at ${divergeLr}`);
      callerOptimizer.dispose();
      tf.dispose(batches.flatMap((b) => [b.xs, b.ys]));
      model.dispose();
    });
  });
});
