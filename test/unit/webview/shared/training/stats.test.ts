import assert from 'node:assert/strict';
import { checkSettings, lossModeFor } from '../../../../../webview/shared/training/trainConfig';
import { accuracyOf, confusionMatrix, decimate, divergenceMessage, EpochMeans, etaSeconds, formatDuration, RateMeter } from '../../../../../webview/shared/training/stats';
import { trainSpecFromAnalysis } from '../../../../../src/protocol/train';
import { analyze } from '../../../../../src/core';

const settings = { optimizer: 'adam' as const, learningRate: 0.01, batchSize: 32, epochs: 1, validationSplit: 0.2, seed: 1 };

describe('train statistics and settings', () => {
  it('counts a confusion matrix and its accuracy', () => {
    const m = confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3);
    assert.deepEqual(m, [[1, 1, 0], [0, 1, 0], [1, 0, 2]]);
    assert.equal(accuracyOf(m), 4 / 6);
  });

  it('estimates time left and formats durations', () => {
    assert.equal(etaSeconds(100, 1100, 50), 20);
    assert.equal(etaSeconds(0, 100, 0), undefined);
    assert.deepEqual([formatDuration(0.42), formatDuration(42), formatDuration(185), formatDuration(3720), formatDuration(undefined)],
      ['0.4 s', '42 s', '3 min 05 s', '1 h 02 min', '–']);
  });

  it('smooths samples per second', () => {
    const r = new RateMeter(0.5);
    assert.equal(r.add(100, 1), 100);
    assert.equal(r.add(300, 1), 200);
  });

  it('keeps curves small by averaging', () => {
    const d = decimate([1, 2, 3, 4], [1, 3, 5, 7], 2);
    assert.deepEqual(d, { xs: [2, 4], ys: [2, 6] });
  });

  it('names the step and suggests a lower learning rate when the loss diverges', () => {
    const text = divergenceMessage({ loss: Number.NaN, epoch: 2, batch: 3, step: 18, learningRate: 0.5 });
    assert.match(text, /became NaN at step 18 \(epoch 2, batch 3\)/);
    assert.match(text, /learning rate 0.5 is probably too high: try 0.05 or lower/);
    assert.match(divergenceMessage({ loss: Infinity, epoch: 1, batch: 1, step: 1, learningRate: 1 }), /became Infinity/);
  });

  it('checks typed settings', () => {
    assert.equal(checkSettings(settings, 100), undefined);
    assert.match(checkSettings({ ...settings, learningRate: Number.NaN }, 100) ?? '', /learning rate must be a positive number; got NaN/);
    assert.match(checkSettings({ ...settings, learningRate: -1 }, 100) ?? '', /learning rate/);
    assert.match(checkSettings({ ...settings, batchSize: 2.5 }, 100) ?? '', /batch size/);
    assert.match(checkSettings({ ...settings, epochs: 0 }, 100) ?? '', /Epochs/);
    assert.match(checkSettings({ ...settings, validationSplit: 0.95 }, 100) ?? '', /validation split/);
  });

  it('picks the loss from the last layer', () => {
    const spec = (t: string) => trainSpecFromAnalysis('u', 'f', analyze(t)).layers;
    assert.equal(lossModeFor(spec('input 2\ndense 3 activation=softmax')).mode, 'softmax');
    assert.equal(lossModeFor(spec('input 2\ndense 1 activation=sigmoid')).mode, 'sigmoid');
    const logits = lossModeFor(spec('input 2\ndense 3'));
    assert.equal(logits.mode, 'logits');
    assert.match(logits.note ?? '', /treated as scores \(logits\)/);
  });
});

describe('train statistics: the epoch means Keras prints', () => {
  it('weights each batch loss by its size and counts correct samples, so a short last batch counts less', () => {
    const batches = [{ loss: 2.0, correct: 8, n: 32 }, { loss: 1.5, correct: 16, n: 32 }, { loss: 0.5, correct: 4, n: 4 }];
    const m = new EpochMeans();
    assert.ok(Number.isNaN(m.loss));
    let lossSum = 0;
    let right = 0;
    let seen = 0;
    for (const b of batches) {
      m.add(b.loss, b.correct, b.n);
      lossSum += b.loss * b.n;
      right += b.correct;
      seen += b.n;
      assert.equal(m.loss, lossSum / seen);
      assert.equal(m.accuracy, right / seen);
    }
    assert.equal(m.seen, 68);
    // Not the plain mean of the batch losses, which a 4-sample batch would pull down.
    assert.notEqual(m.loss, (2.0 + 1.5 + 0.5) / 3);
  });
});
