// The Train panel's TF.js engine (webview/train/engine/): its message parsers, which rebuild what
// crosses the worker boundary and reject the malformed, and the engine itself on TF.js's CPU
// backend in Node, driven through the same messages the page's Web Worker gets. Every message the
// engine posts must pass the page's parser.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { analyze } from '../../../../src/core';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { setWebglAllowed } from '../../../../webview/shared/training/backend';
import { makeToy } from '../../../../webview/shared/training/datasets';
import { startTrainEngine } from '../../../../webview/train/engineClient';
import type { EnginePort as Port } from '../../../../webview/shared/enginePort';
import { createTrainEngine } from '../../../../webview/train/engine/engine';
import {
  parseFromTrainEngine, parseToTrainEngine, type EngineDataset, type FromTrainEngine, type ToTrainEngine,
} from '../../../../webview/train/engine/protocol';

const spec = trainSpecFromAnalysis('file:///toy.netspec', 'toy.netspec', analyze('input 2\ndense 16 activation=relu\ndense 3 activation=softmax'));
const layers = spec.layers;
const toy = makeToy('spiral', 120, 3, 7);
const dataset: EngineDataset = { kind: 'points', count: toy.count, sampleShape: [2], numClasses: 3, xs: toy.xs, labels: toy.labels };
const settings = { optimizer: 'adam' as const, learningRate: 0.01, batchSize: 16, epochs: 2, validationSplit: 0.25, seed: 7 };

describe('train engine protocol: parsers rebuild what they accept and reject the rest', () => {
  it('rebuilds every request the page sends, as new objects without extra fields', () => {
    const requests: ToTrainEngine[] = [
      { type: 'start', wasmBase: 'https://x/dist/webview/', renderer: 'SwiftShader', lang: 'ko' },
      { type: 'lang', lang: 'en' },
      { type: 'start' },
      { type: 'choose', id: 0, preference: 'auto', inputShape: [2], layers },
      { type: 'build', id: 1, inputShape: [2], layers, seed: 1234 },
      { type: 'train', id: 2, dataset, settings, lossMode: 'softmax', watchDeadRelu: true },
      { type: 'race', id: 3, inputShape: [2], layers, settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 8 }, numClasses: 3, batchesPerRound: 10, rounds: 2 },
      { type: 'weights', id: 4, spec },
      { type: 'pause', paused: true },
      { type: 'stop' },
    ];
    for (const m of requests) {
      const parsed = parseToTrainEngine({ ...m, extra: 'dropped' });
      assert.deepEqual(parsed, m, m.type);
      assert.notEqual(parsed, m);
    }
  });

  it('rejects malformed requests', () => {
    const train = { type: 'train', id: 2, dataset, settings, lossMode: 'softmax', watchDeadRelu: false };
    const bad: unknown[] = [
      null, 'stop', { type: 'nonsense', id: 1 }, { type: 'pause', paused: 'yes' },
      { type: 'start', wasmBase: 7 }, { type: 'start', renderer: 'x'.repeat(5000) }, { type: 'start', lang: 'fr' }, { type: 'lang' },
      { type: 'choose', id: -1, preference: 'auto', inputShape: [2], layers },
      { type: 'choose', id: 0, preference: 'tpu', inputShape: [2], layers },
      { type: 'build', id: 1, inputShape: [0], layers, seed: 1 },
      { type: 'build', id: 1, inputShape: [2], layers: [], seed: 1 },
      { type: 'build', id: 1, inputShape: [2], layers: [{ ...layers[0], config: { kind: 'nope' } }], seed: 1 },
      { ...train, dataset: { ...dataset, xs: Array.from(dataset.xs) } },
      { ...train, dataset: { ...dataset, xs: dataset.xs.subarray(1) } },
      { ...train, dataset: { ...dataset, labels: Uint8Array.from(dataset.labels, () => 3) } },
      { ...train, dataset: { ...dataset, count: 0 } },
      { ...train, settings: { ...settings, learningRate: NaN } },
      { ...train, settings: { ...settings, batchSize: 0 } },
      { ...train, settings: { ...settings, validationSplit: 1 } },
      { ...train, settings: { ...settings, optimizer: 'lbfgs' } },
      { ...train, lossMode: 'mse' },
      { type: 'race', id: 3, inputShape: [2], layers, settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 8 }, numClasses: 3, batchesPerRound: 0, rounds: 2 },
      { type: 'weights', id: 4, spec: { ...spec, layers: 'all' } },
    ];
    for (const m of bad) assert.equal(parseToTrainEngine(m), undefined, JSON.stringify(m)?.slice(0, 160));
  });

  it('rebuilds the engine\'s messages and rejects malformed ones', () => {
    const memory = { numTensors: 4, numBytes: 64 };
    const report = { epoch: 1, batch: 2, step: 2, batchesPerEpoch: 6, samplesDone: 32, samplesTotal: 180, loss: 1.1, accuracy: 0.25, epochLoss: 1.2, epochAccuracy: 0.3, samplesPerSecond: 900, etaSeconds: 0.2 };
    const good: FromTrainEngine[] = [
      { type: 'started', where: 'worker' },
      { type: 'failed', id: 3, message: 'no' },
      { type: 'failed', message: 'no backend' },
      { type: 'chosen', id: 0, name: 'wasm', reason: 'because', cannotTrain: 'dilated' },
      { type: 'built', id: 1, backend: 'cpu', totalParams: 99, layers: [{ outputShape: [16], params: 48 }], memory: { ...memory, numBytesInGPU: 0 } },
      { type: 'batch', id: 2, report, memory },
      { type: 'epoch', id: 2, report: { epoch: 1, loss: 1, accuracy: 0.5, valLoss: NaN, valAccuracy: 0.4, seconds: 0.1, numTensors: 4 }, memory },
      { type: 'paused', id: 2, paused: true },
      { type: 'deadRelu', id: 2, reading: { fraction: 0.25, deadUnits: 4, totalUnits: 16, layers: [{ name: 'dense', dead: 4, total: 16 }], step: 0 }, samples: 90, ms: 3 },
      { type: 'deadReluFailed', id: 2, message: 'oops' },
      { type: 'boundary', id: 2, probs: new Float32Array(2 * 2 * 3), gridSize: 2, numClasses: 3, extent: { x0: -1, x1: 1, y0: -2, y1: 2 } },
      { type: 'trained', id: 2, outcome: { status: 'stopped', epochs: 0 }, steps: 3, stopHeardAt: 3, memory, evaluation: { accuracy: 0.5, from: 90, on: 'validation', predictions: new Uint8Array([1, 2]), labels: new Uint8Array([1, 1]) } },
      { type: 'trained', id: 2, outcome: { status: 'diverged', message: 'NaN', step: 4 }, steps: 4, memory },
      { type: 'raceUpdate', id: 5, results: [{ backend: 'cpu', ok: true, rounds: [0.001] }] },
      { type: 'raceProgress', id: 5, text: 'round 1 of 2: cpu' },
      { type: 'raceDone', id: 5, results: [{ backend: 'webgl', ok: false, rounds: [], error: 'no WebGL' }], stopped: true, memory },
      { type: 'weightsResult', id: 6, result: { ok: false, message: 'none' } },
      { type: 'weightsResult', id: 6, result: { ok: true, weights: [{ name: 'dense/kernel', shape: [1], data: 'AACAPw==' }] } },
    ];
    for (const m of good) assert.deepEqual(parseFromTrainEngine({ ...m, injected: true }), m, m.type);
    const bad: unknown[] = [
      { type: 'started', where: 'gpu' },
      { type: 'chosen', id: 0, name: 'tpu', reason: '' },
      { type: 'batch', id: 2, report: { ...report, step: 0 }, memory },
      { type: 'batch', id: 2, report, memory: { numTensors: -1, numBytes: 0 } },
      { type: 'boundary', id: 2, probs: new Float32Array(5), gridSize: 2, numClasses: 3, extent: { x0: -1, x1: 1, y0: -2, y1: 2 } },
      { type: 'trained', id: 2, outcome: { status: 'won', epochs: 1 }, steps: 1, memory },
      { type: 'trained', id: 2, outcome: { status: 'done', epochs: 1 }, steps: 1, memory, evaluation: { accuracy: 1, from: 0, on: 'training', predictions: new Uint8Array(2), labels: new Uint8Array(3) } },
      { type: 'raceDone', id: 5, results: [{ backend: 'cpu', ok: true, rounds: [-1] }], stopped: false, memory },
      { type: 'weightsResult', id: 6, result: { ok: true, weights: [{ name: 'dense/kernel', shape: [1], data: '!!!!!!!!' }] } },
      { type: 'deadRelu', id: 2, reading: { fraction: 0, deadUnits: 0, totalUnits: 1, layers: 'x', step: 0 }, samples: 1, ms: 1 },
    ];
    for (const m of bad) assert.equal(parseFromTrainEngine(m), undefined, JSON.stringify(m).slice(0, 160));
  });
});

/** An engine driven directly: every message it posts is parsed as the page parses it. */
function engineUnderTest() {
  const received: FromTrainEngine[] = [];
  const listeners: ((m: FromTrainEngine) => void)[] = [];
  const send = createTrainEngine((msg) => {
    const parsed = parseFromTrainEngine(structuredClone(msg));
    assert.ok(parsed, `the page's parser accepts the engine's ${msg.type} message`);
    received.push(parsed);
    for (const l of [...listeners]) l(parsed);
  }, 'worker');
  const answer = <T extends FromTrainEngine['type']>(type: T, id?: number) =>
    new Promise<Extract<FromTrainEngine, { type: T }>>((resolve, reject) => {
      listeners.push((m) => {
        if (m.type === 'failed' && type !== 'failed' && m.id === id) reject(new Error(m.message));
        if (m.type === type && (id === undefined || ('id' in m && m.id === id))) resolve(m as Extract<FromTrainEngine, { type: T }>);
      });
    });
  return { send, received, listeners, answer };
}

describe('train engine (TF.js CPU in Node, through its messages)', function () {
  this.timeout(120_000);
  after(async () => {
    // The engines here were started without a page renderer (no WebGL): undo that for later files.
    setWebglAllowed(true);
    await tf.setBackend('cpu');
  });

  it('starts, chooses the named backend, builds, trains with its reports, evaluates, and frees each run\'s tensors', async () => {
    const e = engineUnderTest();
    const started = e.answer('started');
    e.send({ type: 'start' });
    assert.deepEqual(await started, { type: 'started', where: 'worker' });
    const chosen = e.answer('chosen', 0);
    e.send({ type: 'choose', id: 0, preference: 'cpu', inputShape: [2], layers });
    assert.equal((await chosen).name, 'cpu');
    assert.match((await chosen).reason, /^cpu: chosen in the setting/);
    const built = e.answer('built', 1);
    e.send({ type: 'build', id: 1, inputShape: [2], layers, seed: 1234 });
    const b = await built;
    assert.equal(b.totalParams, spec.totalParams);
    assert.deepEqual(b.layers.map((l) => l.params), layers.map((l) => l.params));

    const trained = e.answer('trained', 2);
    e.send({ type: 'train', id: 2, dataset, settings, lossMode: 'softmax', watchDeadRelu: true });
    const t = await trained;
    const batches = e.received.filter((m) => m.type === 'batch');
    const epochs = e.received.filter((m) => m.type === 'epoch');
    // 120 samples, a quarter held out: 90 to train in batches of 16.
    assert.equal(batches.length, 2 * Math.ceil(90 / 16));
    assert.deepEqual(batches.map((m) => m.type === 'batch' && m.report.step), batches.map((_, i) => i + 1));
    assert.equal(epochs.length, 2);
    assert.deepEqual(t.outcome, { status: 'done', epochs: 2 });
    assert.equal(t.steps, batches.length);
    assert.equal(t.stopHeardAt, undefined);
    assert.ok(t.evaluation && t.evaluation.on === 'validation' && t.evaluation.from === 90 && t.evaluation.labels.length === 30);
    assert.deepEqual([...t.evaluation.labels], [...dataset.labels.subarray(90)]);
    const correct = t.evaluation.labels.reduce((n, l, i) => n + (l === t.evaluation?.predictions[i] ? 1 : 0), 0);
    assert.equal(t.evaluation.accuracy, correct / 30);
    // The boundary before training and after each epoch; dead ReLU units before and at the end.
    assert.equal(e.received.filter((m) => m.type === 'boundary').length, 3);
    const dead = e.received.filter((m) => m.type === 'deadRelu');
    assert.ok(dead.length >= 2 && dead[0].type === 'deadRelu' && dead[0].reading.step === 0 && dead[0].reading.totalUnits === 16);
    // The model and the optimizer's slots stay; nothing of the run is left behind.
    assert.equal(t.memory.numTensors, b.memory.numTensors);
    assert.equal(tf.memory().numTensors, b.memory.numTensors);

    const weights = e.answer('weightsResult', 3);
    e.send({ type: 'weights', id: 3, spec });
    const w = (await weights).result;
    assert.ok(w.ok);
    assert.deepEqual(w.weights.map((x) => x.shape), [[2, 16], [16], [16, 3], [3]]);

    // The engine's texts follow the page's language.
    const other = trainSpecFromAnalysis('file:///toy.netspec', 'toy.netspec', analyze('input 2\ndense 3 activation=softmax'));
    try {
      e.send({ type: 'lang', lang: 'ko' });
      const ko = e.answer('weightsResult', 4);
      e.send({ type: 'weights', id: 4, spec: other });
      assert.deepEqual((await ko).result, { ok: false, message: '만들어진 모델의 레이어는 2개인데 spec의 레이어는 1개입니다.' });
    } finally {
      e.send({ type: 'lang', lang: 'en' });
    }
    const en = e.answer('weightsResult', 5);
    e.send({ type: 'weights', id: 5, spec: other });
    assert.deepEqual((await en).result, { ok: false, message: 'The built model has 2 layers; the spec has 1.' });
  });

  it('pauses before the next batch, and stops within one batch of hearing Stop', async () => {
    const e = engineUnderTest();
    e.send({ type: 'start' });
    e.send({ type: 'choose', id: 0, preference: 'cpu', inputShape: [2], layers });
    e.send({ type: 'build', id: 1, inputShape: [2], layers, seed: 1 });
    await e.answer('built', 1);
    const trained = e.answer('trained', 2);
    let pausedAt = 0;
    e.listeners.push((m) => {
      if (m.type === 'batch' && m.report.step === 1) {
        e.send({ type: 'pause', paused: true });
        pausedAt = e.received.filter((x) => x.type === 'batch').length;
      }
    });
    e.send({ type: 'train', id: 2, dataset, settings: { ...settings, epochs: 500 }, lossMode: 'softmax', watchDeadRelu: false });
    await e.answer('paused', 2);
    // Held: no batch runs while paused (the loop polls its control every 50 ms).
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(e.received.filter((m) => m.type === 'batch').length, pausedAt);
    e.send({ type: 'stop' });
    const t = await trained;
    assert.equal(t.outcome.status, 'stopped');
    assert.equal(t.stopHeardAt, 1);
    assert.equal(t.steps, 1, 'no batch after Stop was heard');
    assert.equal(e.received.filter((m) => m.type === 'batch').length, 1);
  });

  it('answers a malformed request with a failure under its id, and keeps working', async () => {
    const e = engineUnderTest();
    e.send({ type: 'start' });
    const failed = e.answer('failed', 9);
    e.send({ type: 'build', id: 9, inputShape: 'big', layers, seed: 1 });
    assert.match((await failed).message, /malformed request/);
    const early = e.answer('failed', 10);
    e.send({ type: 'train', id: 10, dataset, settings, lossMode: 'softmax', watchDeadRelu: false });
    assert.match((await early).message, /before a model was built/);
    const built = e.answer('built', 11);
    e.send({ type: 'build', id: 11, inputShape: [2], layers, seed: 1 });
    assert.equal((await built).totalParams, spec.totalParams);
    // In the page's language, told by a `lang` message.
    try {
      e.send({ type: 'lang', lang: 'ko' });
      const malformed = e.answer('failed', 12);
      e.send({ type: 'build', id: 12, inputShape: 'big', layers, seed: 1 });
      assert.equal((await malformed).message, '학습 엔진이 잘못된 형식의 요청을 받았습니다');
      const chosen = e.answer('chosen', 13);
      e.send({ type: 'choose', id: 13, preference: 'cpu', inputShape: [2], layers });
      assert.match((await chosen).reason, /^cpu: 설정 netlens\.train\.backend에서 골랐습니다/);
    } finally {
      e.send({ type: 'lang', lang: 'en' });
    }
  });
});

describe('train engine client: start-up, answers, and a dead worker', () => {
  /** A port whose engine side the test plays. */
  function fakePort() {
    const sent: ToTrainEngine[] = [];
    let deliver: (raw: unknown) => void = () => {};
    let fail: (text: string) => void = () => {};
    const port: Port<ToTrainEngine> = {
      send: (msg) => sent.push(msg),
      listen: (onMessage, onError) => {
        deliver = onMessage;
        fail = onError;
      },
      close: () => {},
    };
    return { port, sent, reply: (raw: unknown) => deliver(raw), crash: (text: string) => fail(text) };
  }

  it('starts where the engine says it runs, routes progress and answers by id, and fails everything once the worker dies', async () => {
    const f = fakePort();
    const starting = startTrainEngine(f.port, { wasmBase: 'base/' }, undefined, 5000);
    assert.deepEqual(f.sent, [{ type: 'start', wasmBase: 'base/' }]);
    f.reply({ type: 'started', where: 'page' });
    const client = await starting;
    assert.equal(client.where, 'page');
    const progress: string[] = [];
    const training = client.train({ dataset, settings, lossMode: 'softmax', watchDeadRelu: false }, (m) => progress.push(m.type));
    const id = (f.sent[1] as { id: number }).id;
    const warn = console.warn;
    console.warn = () => {};
    try {
      f.reply({ type: 'paused', id, paused: 'maybe' }); // malformed: dropped
    } finally {
      console.warn = warn;
    }
    f.reply({ type: 'paused', id, paused: true });
    f.reply({ type: 'trained', id, outcome: { status: 'stopped', epochs: 0 }, steps: 2, stopHeardAt: 2, memory: { numTensors: 1, numBytes: 4 } });
    assert.equal((await training).steps, 2);
    assert.deepEqual(progress, ['paused']);

    const waiting = client.build({ inputShape: [2], layers, seed: 1 });
    f.crash('out of memory');
    await assert.rejects(waiting, /out of memory/);
    assert.equal(client.stopped, true);
    await assert.rejects(client.build({ inputShape: [2], layers, seed: 1 }), /The training engine stopped \(out of memory\)/);
    assert.equal(f.sent.length, 3, 'nothing is sent to a dead engine');
  });

  it('rejects a start-up the engine refuses', async () => {
    const f = fakePort();
    const starting = startTrainEngine(f.port, {}, undefined, 5000);
    f.reply({ type: 'failed', message: 'no TF.js' });
    await assert.rejects(starting, /no TF.js/);
  });
});
