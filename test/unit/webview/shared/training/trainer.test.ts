// The training loop and evaluation on TF.js's CPU backend in Node: the code the Train panel runs,
// on a toy model small enough for the unit tier.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../../src/core';
import { trainSpecFromAnalysis } from '../../../../../src/protocol/train';
import { makeToy } from '../../../../../webview/shared/training/datasets';
import { buildModel } from '../../../../../webview/shared/training/model';
import { evalBatchSize, evaluate, lossModeFor, train, type TrainSettings } from '../../../../../webview/shared/training/trainer';

function toyRun() {
  const text = readFileSync(join(__dirname, '../../../../../examples/mlp-toy.netspec'), 'utf8');
  const spec = trainSpecFromAnalysis('file:///mlp-toy.netspec', 'mlp-toy.netspec', analyze(text));
  assert.ok(spec.inputShape, 'the toy spec has an input line');
  const built = buildModel(spec.inputShape, spec.layers, 1);
  const classes = spec.layers.at(-1)!.outputShape!.at(-1)!;
  const ds = makeToy('blobs', 300, classes, 5);
  return { built, ds, mode: lossModeFor(spec.layers).mode };
}

describe('train: the training loop and evaluation (TF.js CPU)', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('evaluates in steps of any size with the same result, and stops between steps when asked', async () => {
    const { built, ds, mode } = toyRun();
    try {
      const whole = await evaluate(built.model, ds, mode, 0, ds.count, { batchSize: 1000 });
      const steps = await evaluate(built.model, ds, mode, 0, ds.count, { batchSize: 7 });
      assert.ok(whole && whole !== 'stopped' && steps && steps !== 'stopped');
      assert.ok(Math.abs(whole.loss - steps.loss) < 1e-5, `${whole.loss} vs ${steps.loss}`);
      assert.equal(whole.accuracy, steps.accuracy);
      assert.deepEqual(Array.from(whole.predictions), Array.from(steps.predictions));
      let asked = 0;
      const stopped = await evaluate(built.model, ds, mode, 0, ds.count, { batchSize: 7, shouldStop: () => ++asked >= 3 });
      assert.equal(stopped, 'stopped');
      assert.equal(asked, 3, 'checked between steps, and no more after it said stop');
      assert.equal(await evaluate(built.model, ds, mode, 5, 5), undefined, 'nothing to evaluate');
    } finally {
      built.model.dispose();
    }
  });

  it('trains (the loss falls), and a stop during validation ends the run as stopped', async () => {
    const { built, ds, mode } = toyRun();
    const settings: TrainSettings = { optimizer: 'adam', learningRate: 0.05, batchSize: 16, epochs: 3, validationSplit: 0.3, seed: 7 };
    try {
      const losses: number[] = [];
      const done = await train(built.model, ds, mode, settings, { stopRequested: false, paused: false }, { onEpoch: (r) => void losses.push(r.loss) });
      assert.deepEqual(done, { status: 'done', epochs: 3 });
      assert.ok(losses[2] < losses[0], `loss falls: ${losses.join(' → ')}`);
      // Stop requested on the last training batch of epoch 1: validation sees it and gives up.
      const control = { stopRequested: false, paused: false };
      const batches = Math.ceil(Math.floor(ds.count * 0.7) / 16);
      const stopped = await train(built.model, ds, mode, { ...settings, epochs: 2 }, control, {
        onBatch: (r) => {
          if (r.batch === batches) control.stopRequested = true;
        },
        onEpoch: () => assert.fail('no epoch report after a stop during validation'),
      });
      assert.deepEqual(stopped, { status: 'stopped', epochs: 0 });
    } finally {
      built.model.dispose();
    }
  });

  it('reports after each batch the running epoch means Keras prints, ending on the epoch point', async () => {
    const { built, ds, mode } = toyRun();
    // 300 samples, 30 % for validation: 210 to train in batches of 16, the last one of 2.
    const settings: TrainSettings = { optimizer: 'adam', learningRate: 0.05, batchSize: 16, epochs: 2, validationSplit: 0.3, seed: 7 };
    try {
      const batches: { epoch: number; n: number; loss: number; accuracy: number; epochLoss: number; epochAccuracy: number }[] = [];
      const epochs: { loss: number; accuracy: number }[] = [];
      let done = 0;
      await train(built.model, ds, mode, settings, { stopRequested: false, paused: false }, {
        onBatch: (r) => {
          batches.push({ epoch: r.epoch, n: r.samplesDone - done, loss: r.loss, accuracy: r.accuracy, epochLoss: r.epochLoss, epochAccuracy: r.epochAccuracy });
          done = r.samplesDone;
        },
        onEpoch: (r) => void epochs.push({ loss: r.loss, accuracy: r.accuracy }),
      });
      assert.equal(batches.at(-1)?.n, 210 % 16, 'a short last batch');
      for (const epoch of [1, 2]) {
        const mine = batches.filter((b) => b.epoch === epoch);
        let lossSum = 0;
        let right = 0;
        let seen = 0;
        for (const b of mine) {
          lossSum += b.loss * b.n;
          right += Math.round(b.accuracy * b.n);
          seen += b.n;
          assert.ok(Math.abs(b.epochLoss - lossSum / seen) < 1e-9, `epoch ${epoch}: running loss`);
          assert.ok(Math.abs(b.epochAccuracy - right / seen) < 1e-9, `epoch ${epoch}: running accuracy`);
        }
        assert.equal(mine.at(-1)?.epochLoss, epochs[epoch - 1].loss, 'the last running mean is the chart\'s epoch point');
        assert.equal(mine.at(-1)?.epochAccuracy, epochs[epoch - 1].accuracy);
      }
      assert.notEqual(batches.at(-1)?.loss, batches.at(-1)?.epochLoss, 'the tile is not the last batch');
    } finally {
      built.model.dispose();
    }
  });

  it('evaluates in steps twice the training batch', () => {
    assert.equal(evalBatchSize(32), 64);
    assert.equal(evalBatchSize(1), 2);
  });
});
