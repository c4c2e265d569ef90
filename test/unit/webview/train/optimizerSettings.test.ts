// The Train panel's optimizers, schedules and learning-rate finder: the settings check, the rate of
// each batch, the engine protocol (with malformed messages), saved states old and new, the export
// request, and the engine itself on TF.js's CPU backend (training with Nesterov on a schedule; the
// range test restoring every weight byte for byte, also when stopped).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { sayIn } from '../../../../src/core/i18n';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { setWebglAllowed } from '../../../../webview/shared/training/backend';
import { makeToy } from '../../../../webview/shared/training/datasets';
import {
  checkSettings, OPTIMIZERS, resolvedHypers, runScheduleCurve, scheduledRate, type TrainSettings,
} from '../../../../webview/shared/training/trainConfig';
import { OPTIMIZER_DEFS } from '../../../../webview/shared/optimizerDefs';
import { disposeOptimizer } from '../../../../webview/shared/tf/optimizers';
import { makeOptimizer } from '../../../../webview/shared/training/trainer';
import { createTrainEngine } from '../../../../webview/train/engine/engine';
import { bytesFingerprint } from '../../../../webview/train/engine/compare';
import { buildModel } from '../../../../webview/shared/training/model';
import { parseFromTrainEngine, parseToTrainEngine, type EngineDataset, type FromTrainEngine } from '../../../../webview/train/engine/protocol';
import { exportSettings } from '../../../../webview/train/exportRequest';
import { formExtras, type FormSettings } from '../../../../webview/train/form';
import { restoreSavedState } from '../../../../webview/train/persistence';

const en = sayIn('en');
const base: TrainSettings = { optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 2, validationSplit: 0.25, seed: 7 };

describe('Train settings: optimizers and schedules', () => {
  it('offers every optimizer of the registry, and fills hyperparameters from TF.js\'s defaults', () => {
    assert.deepEqual(OPTIMIZERS.map((o) => o.id), OPTIMIZER_DEFS.map((d) => d.id));
    assert.deepEqual(resolvedHypers('adamax', { beta1: 0.8 }), { beta1: 0.8, beta2: 0.999, epsilon: 1e-7 });
    assert.deepEqual(resolvedHypers('sgd', { momentum: 0.5 }), {});
  });

  it('builds the optimizer at exactly the typed rate, outside the explorer\'s slider range too', async () => {
    await tf.setBackend('cpu');
    for (const lr of [50, 1e-7]) {
      const w = tf.variable(tf.tensor1d([1]));
      const optimizer = makeOptimizer('sgd', lr);
      optimizer.minimize(() => tf.sum(w) as tf.Scalar, false, [w]);
      assert.ok(Math.abs(w.dataSync()[0] - (1 - lr)) < 1e-6 * Math.max(1, lr), `sgd at ${lr}: ${w.dataSync()[0]}`);
      disposeOptimizer(optimizer);
      w.dispose();
    }
  });

  it('says which hyperparameter or schedule value is wrong', () => {
    assert.equal(checkSettings({ ...base, optimizer: 'nesterov', hypers: { momentum: 0.9 } }, 100, en), undefined);
    assert.equal(checkSettings({ ...base, optimizer: 'nesterov', hypers: { momentum: 1.5 } }, 100, en), 'β must be a number from 0 to 0.999; got 1.5.');
    assert.equal(checkSettings({ ...base, optimizer: 'adam', hypers: { epsilon: NaN } }, 100, en), 'ε must be a number from 1e-10 to 1; got NaN.');
    // A hyperparameter another optimizer takes is not this one's problem.
    assert.equal(checkSettings({ ...base, optimizer: 'sgd', hypers: { momentum: 7 } }, 100, en), undefined);
    const sched = (schedule: TrainSettings['schedule']) => checkSettings({ ...base, schedule }, 100, en);
    assert.equal(sched({ kind: 'step', per: 'epoch', stepSize: 1, gamma: 0.5 }), undefined);
    assert.match(sched({ kind: 'step', per: 'epoch', stepSize: 0 }) ?? '', /interval must be a whole number of at least 1; got 0/);
    assert.match(sched({ kind: 'exponential', per: 'batch', gamma: 1.2 }) ?? '', /factor γ must be above 0 and at most 1; got 1.2/);
    assert.match(sched({ kind: 'cosine', per: 'batch', minLr: 0.05 }) ?? '', /final learning rate must be at least 0 and below the learning rate; got 0.05/);
    assert.match(sched({ kind: 'constant', per: 'batch', warmupSteps: 2.5 }) ?? '', /warm-up must be a whole number of batches/);
    assert.match(sched({ kind: 'constant', per: 'batch', warmupSteps: 3, warmupStart: 2 }) ?? '', /starting factor must be between 0 and 1; got 2/);
    assert.match(checkSettings({ ...base, schedule: { kind: 'step', per: 'epoch', stepSize: 0 } }, 100, sayIn('ko')) ?? '', /[가-힣]/);
  });

  it('sets each batch\'s rate: per epoch between epochs only, per batch every batch, the warm-up by batches', () => {
    const stepPerEpoch = { ...base, schedule: { kind: 'step' as const, per: 'epoch' as const, stepSize: 1, gamma: 0.5 } };
    assert.deepEqual([0, 1, 3, 4, 7, 8].map((t) => scheduledRate(stepPerEpoch, t, 4)), [0.01, 0.01, 0.01, 0.005, 0.005, 0.0025]);
    const expPerBatch = { ...base, schedule: { kind: 'exponential' as const, per: 'batch' as const, gamma: 0.5 } };
    assert.deepEqual([0, 1, 2].map((t) => scheduledRate(expPerBatch, t, 4)), [0.01, 0.005, 0.0025]);
    // A cosine without a length spans the run: 2 epochs of 5 batches reach minLr at batch 10.
    const cosine = { ...base, schedule: { kind: 'cosine' as const, per: 'batch' as const, minLr: 0.001 } };
    assert.ok(Math.abs(scheduledRate(cosine, 5, 5) - (0.001 + 0.009 / 2)) < 1e-15);
    const warm = { ...base, schedule: { kind: 'constant' as const, per: 'batch' as const, warmupSteps: 4, warmupStart: 0 } };
    assert.deepEqual([0, 2, 4, 9].map((t) => scheduledRate(warm, t, 4)), [0, 0.005, 0.01, 0.01]);
    assert.equal(scheduledRate(base, 3, 4), 0.01);
    // The chart's curve: 1-based steps over the whole run, first and last batch included.
    const curve = runScheduleCurve(stepPerEpoch, 4);
    assert.deepEqual(curve[0], [1, 0.01]);
    assert.deepEqual(curve[curve.length - 1], [8, 0.005]);
  });
});

describe('Train protocol, saved state and export request: hyperparameters, schedules, the range test', () => {
  const toy = makeToy('spiral', 60, 3, 7);
  const dataset: EngineDataset = { kind: 'points', count: toy.count, sampleShape: [2], numClasses: 3, xs: toy.xs, labels: toy.labels };
  const settings: TrainSettings = { ...base, optimizer: 'nesterov', hypers: { momentum: 0.8 }, schedule: { kind: 'cosine', per: 'batch', minLr: 0.001, warmupSteps: 3, warmupStart: 0.1 } };

  it('rebuilds train and findLr requests with hyperparameters and schedule, and rejects malformed ones', () => {
    for (const m of [
      { type: 'train' as const, id: 1, dataset, settings, lossMode: 'softmax' as const, watchDeadRelu: false },
      { type: 'findLr' as const, id: 2, dataset, settings, lossMode: 'logits' as const },
    ]) assert.deepEqual(parseToTrainEngine({ ...m, extra: 1 }), m);
    const bad = [
      { ...settings, optimizer: 'lion' },
      { ...settings, hypers: { momentum: 'high' } },
      { ...settings, hypers: { nesterovness: 1 } },
      { ...settings, hypers: [0.9] },
      { ...settings, schedule: { kind: 'cyclic', per: 'batch' } },
      { ...settings, schedule: { kind: 'step', per: 'week' } },
      { ...settings, schedule: { kind: 'step', per: 'epoch', stepSize: 1.5 } },
      { ...settings, schedule: { kind: 'step', per: 'epoch', gamma: -1 } },
      { ...settings, schedule: { kind: 'cosine', per: 'batch', warmupStart: 3 } },
    ];
    for (const s of bad) {
      assert.equal(parseToTrainEngine({ type: 'findLr', id: 2, dataset, settings: s, lossMode: 'logits' }), undefined, JSON.stringify(s));
      assert.equal(parseToTrainEngine({ type: 'train', id: 1, dataset, settings: s, lossMode: 'logits', watchDeadRelu: false }), undefined, JSON.stringify(s));
    }
    assert.equal(parseToTrainEngine({ type: 'findLr', id: 2, dataset, settings, lossMode: 'mse' }), undefined);
  });

  it('rebuilds the range test\'s progress and answer, and rejects malformed ones', () => {
    const memory = { numTensors: 3, numBytes: 12 };
    const good: FromTrainEngine[] = [
      { type: 'lrProgress', id: 2, batch: 3, total: 100, lr: 1.3e-6 },
      { type: 'lrFound', id: 2, stopped: false, restored: true, memory, start: { seed: 1234, fingerprint: '0123456789abcdef', setAside: true }, result: { rates: [1e-6, 1e-3, 1], losses: [1, 0.5, 9], smoothed: [1, 0.7, 3], stoppedAt: 2, suggestion: { index: 1, lr: 1e-3 } } },
      { type: 'lrFound', id: 2, stopped: true, restored: true, memory, start: { seed: 1234, fingerprint: 'fedcba9876543210', setAside: false } },
    ];
    for (const m of good) assert.deepEqual(parseFromTrainEngine({ ...m, extra: 1 }), m);
    const found = good[1] as Extract<FromTrainEngine, { type: 'lrFound' }>;
    const result = found.result!;
    for (const m of [
      { type: 'lrProgress', id: 2, batch: 0, total: 100, lr: 1e-6 },
      { type: 'lrProgress', id: 2, batch: 101, total: 100, lr: 1e-6 },
      { type: 'lrProgress', id: 2, batch: 1, total: 100, lr: -1 },
      { ...found, restored: 'yes' },
      { ...found, start: undefined },
      { ...found, start: { ...found.start, fingerprint: '<b>' } },
      { ...found, start: { ...found.start, seed: 1.5 } },
      { ...found, start: { ...found.start, setAside: 1 } },
      { ...found, memory: undefined },
      { ...found, result: { ...result, losses: [1, 2] } },
      { ...found, result: { ...result, rates: ['a', 1, 2] } },
      { ...found, result: { ...result, stoppedAt: 3 } },
      { ...found, result: { ...result, suggestion: { index: 7, lr: 1e-3 } } },
      { ...found, result: { ...result, suggestion: { index: 1, lr: 0 } } },
    ]) assert.equal(parseFromTrainEngine(m), undefined, JSON.stringify(m));
    // A batch report carries the rate it stepped with (absent from older engines).
    const report = { epoch: 1, batch: 1, step: 1, batchesPerEpoch: 3, samplesDone: 16, samplesTotal: 48, loss: 1, accuracy: 0.5, epochLoss: 1, epochAccuracy: 0.5, samplesPerSecond: 10, etaSeconds: 1 };
    const batch = (r: object) => parseFromTrainEngine({ type: 'batch', id: 1, report: r, memory });
    assert.equal((batch({ ...report, learningRate: 0.004 }) as { report: { learningRate?: number } }).report.learningRate, 0.004);
    assert.equal((batch(report) as { report: { learningRate?: number } }).report.learningRate, undefined);
    assert.equal(batch({ ...report, learningRate: 'fast' }), undefined);
  });

  it('a state saved before these settings existed still loads; a damaged schedule is dropped, the rest kept', () => {
    const old = { dataset: 'circles', samples: 300, optimizer: 'rmsprop', learningRate: '0.005', batchSize: 16, epochs: 2, validationSplit: 0.25 };
    assert.deepEqual(restoreSavedState({ v: 1, form: old }).form, old);
    const withExtras = { ...old, optimizer: 'adamax', hypers: { adamax: { beta1: 0.8 }, nesterov: { momentum: 0.7 } }, schedule: { kind: 'step', per: 'epoch', stepSize: 2, gamma: 0.5 } };
    assert.deepEqual(restoreSavedState({ v: 1, form: withExtras }).form, withExtras);
    assert.deepEqual(restoreSavedState({ v: 1, form: { ...withExtras, schedule: { kind: 'warp' } } }).form, { ...old, optimizer: 'adamax', hypers: withExtras.hypers });
    // One optimizer's damaged values are dropped, the others' kept.
    assert.deepEqual(restoreSavedState({ v: 1, form: { ...withExtras, hypers: { adamax: { beta1: 'x' }, nesterov: { momentum: 0.7 }, lion: { beta1: 1 } } } }).form?.hypers, { nesterov: { momentum: 0.7 } });
    assert.equal(restoreSavedState({ v: 1, form: { ...old, optimizer: 'lion' } }).form, undefined);
  });

  it('the form gives the settings only its optimizer\'s hyperparameters and an active schedule; the export request carries both', () => {
    // RMSprop's momentum, set before, is not Adadelta's (nor Nesterov's).
    const form: FormSettings = {
      dataset: 'spiral', samples: 200, optimizer: 'adadelta', learningRate: '1', batchSize: 16, epochs: 2, validationSplit: 0.2,
      hypers: { adadelta: { rho: 0.9 }, rmsprop: { momentum: 0.5 } }, schedule: { kind: 'constant', per: 'batch' },
    };
    assert.deepEqual(formExtras(form), { hypers: { rho: 0.9 } });
    assert.deepEqual(formExtras({ ...form, schedule: { kind: 'constant', per: 'batch', warmupSteps: 5 } }).schedule, { kind: 'constant', per: 'batch', warmupSteps: 5 });
    const request = exportSettings(form, { ...base, optimizer: 'adadelta', learningRate: 1, ...formExtras({ ...form, schedule: { kind: 'exponential', per: 'epoch', gamma: 0.9 } }) });
    assert.deepEqual(request.hypers, { rho: 0.9 });
    assert.deepEqual(request.schedule, { kind: 'exponential', per: 'epoch', gamma: 0.9 });
    assert.equal(request.optimizer, 'adadelta');
  });
});

describe('train engine: optimizers, schedules and the range test (TF.js CPU in Node)', function () {
  this.timeout(180_000);
  const spec = trainSpecFromAnalysis('file:///toy.netspec', 'toy.netspec', analyze('input 2\ndense 16 activation=relu\ndense 3 activation=softmax'));
  const toy = makeToy('spiral', 240, 3, 7);
  const dataset: EngineDataset = { kind: 'points', count: toy.count, sampleShape: [2], numClasses: 3, xs: toy.xs, labels: toy.labels };

  function engine() {
    const received: FromTrainEngine[] = [];
    const listeners: ((m: FromTrainEngine) => void)[] = [];
    const send = createTrainEngine((msg) => {
      const parsed = parseFromTrainEngine(structuredClone(msg));
      assert.ok(parsed, `the page's parser accepts the engine's ${msg.type} message`);
      received.push(parsed);
      for (const l of [...listeners]) l(parsed);
    }, 'worker');
    const answer = <T extends FromTrainEngine['type']>(type: T, id: number, onEach?: (m: FromTrainEngine) => void) =>
      new Promise<Extract<FromTrainEngine, { type: T }>>((resolve, reject) => {
        listeners.push((m) => {
          onEach?.(m);
          if (m.type === 'failed' && m.id === id) reject(new Error(m.message));
          if (m.type === type && 'id' in m && m.id === id) resolve(m as Extract<FromTrainEngine, { type: T }>);
        });
      });
    return { send, received, answer };
  }
  async function started() {
    const e = engine();
    e.send({ type: 'start' });
    const chosen = e.answer('chosen', 0);
    e.send({ type: 'choose', id: 0, preference: 'cpu', inputShape: [2], layers: spec.layers });
    await chosen;
    const built = e.answer('built', 1);
    e.send({ type: 'build', id: 1, inputShape: [2], layers: spec.layers, seed: 1234 });
    await built;
    return e;
  }
  const weightBytes = async (e: ReturnType<typeof engine>, id: number) => {
    const answer = e.answer('weightsResult', id);
    e.send({ type: 'weights', id, spec });
    const r = (await answer).result;
    assert.ok(r.ok);
    return JSON.stringify(r.weights);
  };
  after(async () => {
    setWebglAllowed(true);
    await tf.setBackend('cpu');
  });

  it('trains with Nesterov on a schedule: each batch reports the rate the schedule gives it', async () => {
    const e = await started();
    const settings: TrainSettings = { ...base, optimizer: 'nesterov', learningRate: 0.05, hypers: { momentum: 0.8 }, epochs: 2, schedule: { kind: 'step', per: 'epoch', stepSize: 1, gamma: 0.5, warmupSteps: 2, warmupStart: 0.5 } };
    const trained = e.answer('trained', 2);
    e.send({ type: 'train', id: 2, dataset, settings, lossMode: 'softmax', watchDeadRelu: false });
    assert.equal((await trained).outcome.status, 'done');
    const reports = e.received.flatMap((m) => (m.type === 'batch' ? [m.report] : []));
    assert.equal(reports.length, 2 * Math.ceil(180 / 16));
    reports.forEach((r) => assert.equal(r.learningRate, scheduledRate(settings, r.step - 1, r.batchesPerEpoch)));
    reports.slice(0, 3).forEach((r, i) => assert.ok(Math.abs((r.learningRate ?? 0) - [0.025, 0.0375, 0.05][i]) < 1e-15));
    assert.equal(reports[reports.length - 1].learningRate, 0.025);
  });

  it('the range test suggests a rate inside its curve and puts every weight back byte for byte; Stop ends it, also restored', async () => {
    const e = await started();
    const before = await weightBytes(e, 2);
    const tensorsBefore = tf.memory().numTensors;
    const progress: number[] = [];
    const found = e.answer('lrFound', 3, (m) => { if (m.type === 'lrProgress') progress.push(m.batch); });
    e.send({ type: 'findLr', id: 3, dataset, settings: { ...base, optimizer: 'adamax', hypers: { beta1: 0.85 }, batchSize: 16 }, lossMode: 'softmax' });
    const f = await found;
    assert.equal(f.stopped, false);
    assert.equal(f.restored, true);
    assert.equal(await weightBytes(e, 4), before, 'the weights, read through the export path, are unchanged');
    assert.equal(tf.memory().numTensors, tensorsBefore, 'the test leaves no tensor behind');
    const r = f.result!;
    assert.ok(r.rates.length >= 20 && r.rates.length <= 100);
    assert.equal(r.rates[0], 1e-6);
    assert.deepEqual(progress, r.rates.map((_, i) => i + 1));
    assert.ok(r.suggestion, 'the loss fell somewhere');
    assert.ok(r.suggestion.lr > 1e-6 && r.suggestion.lr < 1);

    const stopped = e.answer('lrFound', 5, (m) => { if (m.type === 'lrProgress' && m.batch === 3) e.send({ type: 'stop' }); });
    e.send({ type: 'findLr', id: 5, dataset, settings: base, lossMode: 'softmax' });
    const s = await stopped;
    assert.equal(s.stopped, true);
    assert.equal(s.restored, true);
    assert.equal(s.result, undefined);
    assert.equal(await weightBytes(e, 6), before);
  });

  it('after a training the range test starts from a fresh seeded build\'s weights, not the trained ones, and puts the trained ones back', async () => {
    // The oracle: the spec built afresh with the panel's seed, its weights read in model order.
    const fresh = buildModel([2], spec.layers, 1234);
    const freshPrint = bytesFingerprint(fresh.model.getWeights().map((w) => Float32Array.from(w.dataSync())));
    fresh.model.dispose();
    const e = await started();
    const settings: TrainSettings = { ...base, batchSize: 16 };
    const untrained = e.answer('lrFound', 2);
    e.send({ type: 'findLr', id: 2, dataset, settings, lossMode: 'softmax' });
    const u = await untrained;
    assert.deepEqual(u.start, { seed: 1234, fingerprint: freshPrint, setAside: false });

    const trained = e.answer('trained', 3);
    e.send({ type: 'train', id: 3, dataset, settings, lossMode: 'softmax', watchDeadRelu: false });
    assert.equal((await trained).outcome.status, 'done');
    const trainedBytes = await weightBytes(e, 4);
    const tensorsBefore = tf.memory().numTensors;
    const found = e.answer('lrFound', 5);
    e.send({ type: 'findLr', id: 5, dataset, settings, lossMode: 'softmax' });
    const f = await found;
    assert.deepEqual(f.start, { seed: 1234, fingerprint: freshPrint, setAside: true }, 'the test ran from the seeded initial weights');
    // Same weights, same batches, same optimizer on the CPU backend: the very same curve as on the untrained model.
    assert.deepEqual(f.result?.losses, u.result?.losses);
    assert.deepEqual(f.result?.suggestion, u.result?.suggestion);
    assert.equal(f.restored, true);
    assert.equal(await weightBytes(e, 6), trainedBytes, 'the trained weights are back');
    assert.equal(tf.memory().numTensors, tensorsBefore, 'the set-aside copy is freed');
  });
});
