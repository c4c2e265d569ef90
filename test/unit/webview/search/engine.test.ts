// The search engine (webview/search/engine/) on TF.js's CPU backend in Node, called as the worker
// would be: a trial trains from its seed (twice the same numbers), gives back every tensor it made,
// can be stopped, and malformed requests are answered with `failed`.
import assert from 'node:assert/strict';
import { analyze } from '../../../../src/core';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { createSearchEngine } from '../../../../webview/search/engine/engine';
import { parseFromSearchEngine, type FromSearchEngine } from '../../../../webview/search/engine/protocol';
import { planTrials } from '../../../../webview/search/search';
import { makeToy } from '../../../../webview/shared/training/datasets';

function engineUnderTest() {
  const got: FromSearchEngine[] = [];
  const waiters: (() => void)[] = [];
  const send = createSearchEngine((msg) => {
    // What the page receives (structured clone keeps typed arrays; JSON is enough for these answers).
    const parsed = parseFromSearchEngine(msg);
    assert.ok(parsed, `the engine sent a message the page would drop: ${JSON.stringify(msg).slice(0, 300)}`);
    got.push(parsed);
    for (const w of waiters.splice(0)) w();
  });
  const until = async (pred: (m: FromSearchEngine) => boolean): Promise<FromSearchEngine> => {
    for (;;) {
      const hit = got.find(pred);
      if (hit) return hit;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { send, got, until };
}

describe('webview/search/engine: one trial at a time (TF.js CPU)', function () {
  this.timeout(120_000);
  const spec = trainSpecFromAnalysis('file:///s.netspec', 's.netspec', analyze('input 2\ndense 12 activation=relu\ndropout 0.2\ndense 3 activation=softmax\n'));
  const ds = makeToy('spiral', 120, 3, 7);
  const dataset = { count: ds.count, sampleShape: ds.sampleShape, numClasses: ds.numClasses, xs: ds.xs, labels: ds.labels };
  const trials = planTrials({ space: { learningRate: { min: 1e-3, max: 1e-1 }, l2: { min: 1e-6, max: 1e-3 }, dropout: { min: 0.1, max: 0.5 } }, strategy: 'random', trials: 2, epochs: 2, seed: 3 });
  const request = (id: number, trial = trials[0]) => ({
    type: 'trial', id, trial, layers: spec.layers, inputShape: [2], dataset, lossMode: 'softmax', optimizer: 'adam', epochs: 2, batchSize: 16, validationSplit: 0.25,
  });

  it('trains a trial reproducibly from its seed and frees every tensor it made', async () => {
    const e = engineUnderTest();
    e.send({ type: 'start', backends: ['cpu'] });
    await e.until((m) => m.type === 'started');
    e.send(request(1));
    e.send(request(2));
    e.send(request(3, trials[1]));
    const done = async (id: number) => {
      const m = await e.until((x) => (x.type === 'trialDone' || x.type === 'failed') && x.id === id);
      assert.ok(m.type === 'trialDone' && !m.stopped, JSON.stringify(m));
      return m.result;
    };
    const [a, b, c] = [await done(1), await done(2), await done(3)];
    assert.deepEqual(a, b, 'the same seed: the same weights, batches and accuracy');
    assert.notDeepEqual(a.valLoss, c.valLoss, 'another trial, another result');
    for (const r of [a, b, c]) {
      assert.equal(r.tensorsAfter, r.tensorsBefore, 'tf.memory().numTensors back to its start');
      assert.equal(r.epochs, 2);
      assert.ok(r.valAccuracy >= 0 && r.valAccuracy <= 1);
    }
    assert.equal(e.got.filter((m) => m.type === 'epoch' && m.id === 1).length, 2, 'one report per epoch');
  });

  it('stops a trial when asked, and answers a malformed request with failed', async () => {
    const e = engineUnderTest();
    e.send({ type: 'start', backends: ['cpu'] });
    await e.until((m) => m.type === 'started');
    e.send({ ...request(4), epochs: 50 });
    e.send({ type: 'stop' });
    const m = await e.until((x) => x.type === 'trialDone' && x.id === 4);
    assert.ok(m.type === 'trialDone' && m.stopped);
    e.send({ ...request(5), optimizer: 'lbfgs' });
    const f = await e.until((x) => x.type === 'failed' && x.id === 5);
    assert.ok(f.type === 'failed' && /malformed/.test(f.message));
  });
});
