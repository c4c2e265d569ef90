// The data explorer's engine (webview/data/engine/engine.ts) driven through its messages in plain
// Node, with real TF.js on the CPU backend: every answer passes the page's parser, the batch-
// normalization demo shows what it claims, and a malformed request gets a `failed` answer.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataEngine } from '../../../../webview/data/engine/engine';
import { parseFromEngineMessage, type FromEngineMessage } from '../../../../webview/data/engine/protocol';
import { channelStats } from '../../../../webview/shared/dataStats';
import { makeToy } from '../../../../webview/shared/training/datasets';

function engine() {
  const inbox: FromEngineMessage[] = [];
  const handle = createDataEngine((msg) => {
    // What the page would accept: the engine's own message through the page's parser, unchanged.
    const parsed = parseFromEngineMessage(JSON.parse(JSON.stringify(msg)));
    assert.ok(parsed, `the page would drop ${JSON.stringify(msg).slice(0, 200)}`);
    inbox.push(parsed);
  });
  const next = async (pred: (m: FromEngineMessage) => boolean) => {
    for (let i = 0; i < 2000; i++) {
      const found = inbox.find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no answer; got ${inbox.map((m) => m.type)}`);
  };
  return { handle, next };
}

describe('webview/data/engine: the data explorer’s worker, in Node', function () {
  this.timeout(60_000);

  it('runs TF.js’s BatchNormalization: batch statistics in training mode, moving averages in inference mode', async () => {
    const e = engine();
    e.handle({ type: 'start' });
    const started = await e.next((m) => m.type === 'started');
    assert.equal(started.type === 'started' && started.backend, 'cpu');
    e.handle({ type: 'bn', id: 1, momentum: 0.9, seed: 5 });
    const answer = await e.next((m) => m.type === 'bnResult');
    assert.ok(answer.type === 'bnResult');
    const r = answer.result;
    assert.ok(r.trainingGap > 0.01, `training mode: ${r.trainingGap}`);
    assert.ok(r.inferenceGap < 1e-6, `inference mode: ${r.inferenceGap}`);
    let mean = [0, 0];
    for (const st of r.steps) {
      mean = mean.map((m, k) => 0.9 * m + 0.1 * st.batchMean[k]);
      st.movingMean.forEach((m, k) => assert.ok(Math.abs(m - mean[k]) < 1e-4, `${m} vs ${mean[k]}`));
    }
    // Nothing leaks from one run to the next.
    e.handle({ type: 'bn', id: 2, momentum: 0.99, seed: 5 });
    const again = await e.next((m) => m.type === 'bnResult' && m.id === 2);
    assert.ok(again.type === 'bnResult' && answer.type === 'bnResult');
    assert.equal(again.numTensors, answer.numTensors);
    assert.equal(again.result.momentum, 0.99);
  });

  it('builds the Train panel’s datasets and answers their statistics; MNIST from the shipped bytes', async function () {
    const e = engine();
    e.handle({ type: 'stats', id: 7, dataset: 'circles', samples: 600, validationSplit: 0.3, skew: false });
    const toy = await e.next((m) => m.type === 'statsResult' && m.id === 7);
    assert.ok(toy.type === 'statsResult');
    const ds = makeToy('circles', 600, 2, 7);
    assert.deepEqual(toy.result.channels.map((c) => c.mean), channelStats(ds.xs, 2, 2, 420).mean);
    const file = join(__dirname, '../../../../dist/webview/mnist-digits.bin');
    if (!existsSync(file)) this.skip(); // built by npm run build
    e.handle({ type: 'stats', id: 8, dataset: 'mnist', samples: 10000, validationSplit: 0.2, skew: false, mnist: new Uint8Array(readFileSync(file)) });
    const mnist = await e.next((m) => m.type === 'statsResult' && m.id === 8);
    assert.ok(mnist.type === 'statsResult');
    assert.deepEqual([mnist.result.trainCount, mnist.result.shape], [8000, [28, 28, 1]]);
    assert.equal(mnist.result.channels[0].mean.toFixed(2), '0.13');
  });

  it('answers a malformed request, or MNIST without its bytes, with failed', async () => {
    const e = engine();
    e.handle({ type: 'stats', id: 3, dataset: 'mnist', samples: 'all' });
    const bad = await e.next((m) => m.type === 'failed' && m.id === 3);
    assert.equal(bad.type === 'failed' && bad.reason, 'malformed');
    e.handle({ type: 'stats', id: 4, dataset: 'mnist', samples: 100, validationSplit: 0.2, skew: false });
    const missing = await e.next((m) => m.type === 'failed' && m.id === 4);
    assert.equal(missing.type === 'failed' && missing.reason, 'error');
    e.handle({ type: 'stats', id: 5, dataset: 'mnist', samples: 100, validationSplit: 0.2, skew: false, mnist: new Uint8Array([1, 2, 3]) });
    const broken = await e.next((m) => m.type === 'failed' && m.id === 5);
    assert.equal(broken.type === 'failed' && broken.reason, 'error');
  });
});
