// A run that saturates instead of learning (finite loss, chance accuracy) is called diverged, as a
// NaN run is: a real TF.js run with SGD at learning rate 50, next to one that learns.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { makeToy } from '../../../../webview/shared/training/datasets';
import { buildModel } from '../../../../webview/shared/training/model';
import { chanceLoss, saturationMessage } from '../../../../webview/train/runVerdict';
import { sameModel } from '../../../../webview/train/specChange';
import { classLabel } from '../../../../webview/shared/training/stats';
import { lossModeFor, train, type TrainSettings } from '../../../../webview/shared/training/trainer';

const specOf = (text: string, uri = 'file:///t.netspec') => trainSpecFromAnalysis(uri, uri.slice(uri.lastIndexOf('/') + 1), analyze(text));

async function run(optimizer: TrainSettings['optimizer'], learningRate: number) {
  const spec = specOf('input 2\ndense 32 activation=relu\ndense 10 activation=softmax\n');
  const built = buildModel(spec.inputShape!, spec.layers, 3);
  const ds = makeToy('blobs', 400, 10, 5);
  const mode = lossModeFor(spec.layers).mode;
  const epochLoss: number[] = [];
  const epochAcc: number[] = [];
  try {
    const outcome = await train(built.model, ds, mode, { optimizer, learningRate, batchSize: 32, epochs: 3, validationSplit: 0, seed: 7 },
      { stopRequested: false, paused: false }, { onEpoch: (r) => { epochLoss.push(r.loss); epochAcc.push(r.accuracy); } });
    return { outcome, verdict: saturationMessage({ epochLoss, epochAcc, numClasses: 10, mode, learningRate }), epochLoss, epochAcc };
  } finally {
    built.model.dispose();
  }
}

describe('webview/train/runVerdict: a saturated run is a diverged run', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('SGD at learning rate 50 ends with a finite, flat loss far above ln 10 and chance accuracy: the panel says it diverged', async () => {
    const bad = await run('sgd', 50);
    assert.equal(bad.outcome.status, 'done', 'no NaN: the loop itself sees nothing wrong');
    assert.ok(bad.epochLoss.every(Number.isFinite), `finite losses: ${bad.epochLoss}`);
    assert.ok(bad.verdict, `a verdict for losses ${bad.epochLoss.map((l) => l.toFixed(2))} and accuracies ${bad.epochAcc.map((a) => a.toFixed(3))}`);
    assert.match(bad.verdict, /diverged into saturation: the loss (stayed|ended) at \d+\.\d\d, far above 2\.30 \(ln 10/);
    assert.match(bad.verdict, /learning rate 50 is far too high: try 0\.5 or lower/);
    const good = await run('adam', 0.01);
    assert.equal(good.verdict, undefined, `a run that learns: ${good.epochLoss.map((l) => l.toFixed(2))}`);
  });

  it('judges by chance loss and chance accuracy for the loss mode', () => {
    assert.ok(Math.abs(chanceLoss(10, 'softmax') - Math.log(10)) < 1e-12);
    assert.equal(chanceLoss(1, 'sigmoid'), Math.LN2);
    const mnist = { epochLoss: [15.11, 15.11, 15.11], epochAcc: [0.092, 0.092, 0.092], numClasses: 10, mode: 'softmax' as const, learningRate: 50 };
    assert.match(saturationMessage({ ...mnist, finalAccuracy: 0.092 }) ?? '', /stayed at 15\.11.*accuracy is 9\.2%, chance level for 10 classes/);
    assert.equal(saturationMessage({ ...mnist, finalAccuracy: 0.6 }), undefined, 'high loss but learning: not saturated');
    assert.equal(saturationMessage({ ...mnist, epochLoss: [2.2, 2.0, 1.9] }), undefined, 'near chance loss: still learning');
    assert.equal(saturationMessage({ ...mnist, epochLoss: [] }), undefined);
    assert.ok(saturationMessage({ epochLoss: [8], epochAcc: [0.5], numClasses: 1, mode: 'sigmoid', learningRate: 10 }));
  });
});

describe('webview/train/specChange: saving an unchanged spec', () => {
  it('the same model (a comment or spaces changed) is not a new spec; a changed layer or another file is', () => {
    const spec = specOf('input 2\ndense 8 activation=relu\ndense 3 activation=softmax\n');
    assert.equal(sameModel(spec, specOf('# a comment\ninput 2\ndense 8  activation=relu   # hidden\ndense 3 activation=softmax\n')), true);
    assert.equal(sameModel(spec, specOf('input 2\ndense 9 activation=relu\ndense 3 activation=softmax\n')), false);
    assert.equal(sameModel(spec, specOf('input 2\ndense 8 activation=relu\ndense 3 activation=softmax\n', 'file:///other.netspec')), false);
    assert.equal(sameModel(null, spec), false);
  });
});

describe('webview/shared/training/stats: confusion-matrix labels', () => {
  it('names a class once: MNIST rows read "0", not "0 0"; named classes keep their index', () => {
    assert.equal(classLabel(0, '0'), '0');
    assert.equal(classLabel(7, '7'), '7');
    assert.equal(classLabel(3, 'cat'), '3 cat');
    assert.equal(classLabel(2, undefined), '2');
  });
});
