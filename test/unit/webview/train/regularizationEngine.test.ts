// The Train engine's regularization messages (webview/train/engine/protocol.ts, overfitDemo.ts):
// the optional settings rebuilt or rejected field by field, the early-stopping outcome, and the
// overfitting demo run through the engine's messages on TF.js's CPU backend, every message it
// posts accepted by the page's parser, from the same initial weights and batches.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { makeToy } from '../../../../webview/shared/training/datasets';
import { createTrainEngine } from '../../../../webview/train/engine/engine';
import {
  parseFromTrainEngine, parseToTrainEngine, type DemoDoneMessage, type EngineDataset, type FromTrainEngine,
} from '../../../../webview/train/engine/protocol';
import { demoRuns, DEMO_BASE_SETTINGS, DEMO_TRAIN, DEMO_VALIDATION } from '../../../../webview/train/overfitDemo';
import { splitValidation } from '../../../../webview/shared/training/datasets';

const layersOf = (text: string) => trainSpecFromAnalysis('file:///t.netspec', 't.netspec', analyze(text)).layers;
const plain = layersOf('input 2\ndense 16 activation=relu\ndense 3 activation=softmax');
const withDropout = layersOf('input 2\ndense 16 activation=relu\ndropout 0.5\ndense 3 activation=softmax');
const toy = makeToy('spiral', 120, 3, 7);
const dataset: EngineDataset = { kind: 'points', count: toy.count, sampleShape: [2], numClasses: 3, xs: toy.xs, labels: toy.labels };
const settings = { optimizer: 'adam' as const, learningRate: 0.05, batchSize: 16, epochs: 3, validationSplit: 0.25, seed: 7 };

describe('train engine protocol: regularization settings and the demo', () => {
  it('rebuilds weight decay, early stopping and augmentation, and rejects malformed ones', () => {
    const full = { ...settings, weightDecay: 1e-4, earlyStopping: { patience: 3, minDelta: 0.01 }, augment: { flip: true, shift: 2 } };
    const m = parseToTrainEngine({ type: 'train', id: 1, dataset, settings: { ...full, extra: 1 }, lossMode: 'softmax', watchDeadRelu: false });
    assert.ok(m && m.type === 'train');
    assert.deepEqual(m.settings, full);
    for (const bad of [{ weightDecay: -1 }, { weightDecay: 'x' }, { earlyStopping: { patience: 0, minDelta: 0 } }, { earlyStopping: { patience: 2 } },
      { augment: { flip: 'yes', shift: 1 } }, { augment: { flip: true, shift: 1.5 } }, { augment: { flip: true, shift: 99 } }]) {
      assert.equal(parseToTrainEngine({ type: 'train', id: 1, dataset, settings: { ...settings, ...bad }, lossMode: 'softmax', watchDeadRelu: false }), undefined, JSON.stringify(bad));
    }
    const old = parseToTrainEngine({ type: 'train', id: 1, dataset, settings, lossMode: 'softmax', watchDeadRelu: false });
    assert.ok(old && old.type === 'train');
    assert.deepEqual(old.settings, settings, 'settings without them still parse, unchanged');
  });

  it('rebuilds reports with a penalty, an outcome with a restored epoch, and the demo\'s messages', () => {
    const epoch = { epoch: 2, loss: 0.5, regLoss: 0.1, accuracy: 0.8, valLoss: 0.6, valAccuracy: 0.7, seconds: 1, numTensors: 10 };
    const memory = { numTensors: 1, numBytes: 4 };
    assert.deepEqual(parseFromTrainEngine({ type: 'epoch', id: 1, report: epoch, memory }), { type: 'epoch', id: 1, report: epoch, memory });
    assert.equal(parseFromTrainEngine({ type: 'epoch', id: 1, report: { ...epoch, regLoss: 'x' }, memory }), undefined);
    const restored = { epoch: 2, valLoss: 0.4, stoppedEarly: true };
    const trained = parseFromTrainEngine({ type: 'trained', id: 1, outcome: { status: 'done', epochs: 4, restored }, steps: 9, memory });
    assert.ok(trained && trained.type === 'trained');
    assert.deepEqual(trained.outcome, { status: 'done', epochs: 4, restored });
    assert.equal(parseFromTrainEngine({ type: 'trained', id: 1, outcome: { status: 'done', epochs: 4, restored: { epoch: 0 } }, steps: 9, memory }), undefined);
    const result = { trainAccuracy: 1, valAccuracy: 0.75, trainLoss: 0.1, valLoss: 0.9, epochs: 5, restoredEpoch: 3 };
    assert.deepEqual(parseFromTrainEngine({ type: 'demoRun', id: 2, run: 1, result }), { type: 'demoRun', id: 2, run: 1, result });
    assert.equal(parseFromTrainEngine({ type: 'demoRun', id: 2, run: -1, result }), undefined);
    assert.deepEqual(parseFromTrainEngine({ type: 'demoDone', id: 2, stopped: false, memory }), { type: 'demoDone', id: 2, stopped: false, memory });
    const demo = { type: 'overfitDemo', id: 3, dataset, inputShape: [2], lossMode: 'softmax', seed: 1, runs: [{ layers: plain, settings }] };
    const parsed = parseToTrainEngine(demo);
    assert.ok(parsed && parsed.type === 'overfitDemo' && parsed.runs.length === 1);
    assert.equal(parseToTrainEngine({ ...demo, runs: [] }), undefined);
    assert.equal(parseToTrainEngine({ ...demo, runs: [{ layers: plain, settings: { ...settings, weightDecay: -2 } }] }), undefined);
  });

  it('the demo\'s runs: the baseline and one per regularizer, 200 training digits, the rest validate', () => {
    const runs = demoRuns();
    assert.deepEqual(runs.map((r) => r.id), ['baseline', 'l2', 'dropout', 'augment', 'earlyStopping']);
    assert.deepEqual(splitValidation(DEMO_TRAIN + DEMO_VALIDATION, DEMO_BASE_SETTINGS.validationSplit), { train: DEMO_TRAIN, validation: DEMO_VALIDATION });
    assert.ok(runs[1].layers.some((l) => 'regularizer' in l.config && l.config.regularizer));
    assert.ok(runs[2].layers.some((l) => l.config.kind === 'dropout'));
    assert.ok(runs[3].settings.augment && !runs[3].settings.augment.flip);
    assert.ok(runs[4].settings.earlyStopping);
  });
});

describe('train engine: the overfitting demo through its messages (TF.js CPU)', function () {
  this.timeout(120_000);
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('trains each run from the same initial weights and batches, reports epochs and results, frees its tensors', async () => {
    const received: FromTrainEngine[] = [];
    let resolveDone: (m: DemoDoneMessage) => void = () => {};
    const done = new Promise<DemoDoneMessage>((r) => (resolveDone = r));
    const send = createTrainEngine((msg) => {
      const parsed = parseFromTrainEngine(structuredClone(msg));
      assert.ok(parsed, `the page's parser accepts the engine's ${msg.type} message`);
      received.push(parsed);
      if (parsed.type === 'demoDone') resolveDone(parsed);
      if (parsed.type === 'failed') throw new Error(parsed.message);
    }, 'worker');
    send({ type: 'start' });
    const before = tf.memory().numTensors;
    send({
      type: 'overfitDemo', id: 1, dataset, inputShape: [2], lossMode: 'softmax', seed: 3,
      runs: [{ layers: plain, settings }, { layers: plain, settings: { ...settings, earlyStopping: { patience: 1, minDelta: 10 } } }, { layers: withDropout, settings }],
    });
    const end = await done;
    assert.equal(end.stopped, false);
    const epochs = (run: number) => received.filter((m): m is Extract<FromTrainEngine, { type: 'demoEpoch' }> => m.type === 'demoEpoch' && m.run === run).map((m) => m.report);
    assert.equal(epochs(0).length, 3);
    // min delta 10 never improves after epoch 1: patience 1 stops after epoch 2, and epoch 1's weights come back.
    assert.equal(epochs(1).length, 2);
    assert.deepEqual(epochs(1).map((r) => r.valLoss), epochs(0).slice(0, 2).map((r) => r.valLoss), 'same initial weights and batches: the same run until it stops');
    assert.notDeepEqual(epochs(2).map((r) => r.valLoss), epochs(0).map((r) => r.valLoss), 'dropout changes the run');
    const results = received.filter((m): m is Extract<FromTrainEngine, { type: 'demoRun' }> => m.type === 'demoRun');
    assert.deepEqual(results.map((r) => r.run), [0, 1, 2]);
    assert.equal(results[1].result.restoredEpoch, 1);
    assert.ok(Math.abs(results[1].result.valLoss - epochs(1)[0].valLoss!) < 1e-6, 'measured on epoch 1\'s weights');
    assert.ok(Math.abs(results[0].result.valLoss - epochs(0)[2].valLoss!) < 1e-6, 'the baseline measured where it ended');
    assert.equal(end.memory.numTensors, before);
  });
});
