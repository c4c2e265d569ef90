// The search's messages: the engine's and the host's parsers rebuild what they accept and refuse
// anything malformed; the saved state is read back field by field.
import assert from 'node:assert/strict';
import { analyze } from '../../../../src/core';
import { parseHostToSearch, parseSearchToHost } from '../../../../src/protocol/search';
import { MAX_CIFAR_SAMPLES, parseHostToTrain, trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { parseFromSearchEngine, parseSearchSpace, parseToSearchEngine, parseTrialResult } from '../../../../webview/search/engine/protocol';
import { defaultForm } from '../../../../webview/search/form';
import { restoreSearch } from '../../../../webview/search/persistence';
import { planTrials, type TrialResult } from '../../../../webview/search/search';

const spec = trainSpecFromAnalysis('file:///s.netspec', 's.netspec', analyze('input 2\ndense 8 activation=relu\ndense 3 activation=softmax\n'));
const trial = { index: 0, seed: 12345, params: { learningRate: 1e-3, l2: 1e-5 } };
const trialMessage = () => ({
  type: 'trial', id: 3, trial, layers: spec.layers, inputShape: [2], lossMode: 'softmax', optimizer: 'adam', epochs: 2, batchSize: 32, validationSplit: 0.25,
  dataset: { count: 2, sampleShape: [2], numClasses: 3, xs: new Float32Array(4), labels: new Uint8Array([0, 2]) },
});
const result: TrialResult = { ...trial, status: 'done', valAccuracy: 0.5, valLoss: 0.7, trainAccuracy: 0.6, epochs: 2, tensorsBefore: 4, tensorsAfter: 4 };

describe('search engine protocol', () => {
  it('rebuilds a trial request, dropping fields it does not know', () => {
    const m = parseToSearchEngine({ ...trialMessage(), extra: 'x' });
    assert.ok(m && m.type === 'trial');
    assert.equal((m as unknown as Record<string, unknown>).extra, undefined);
    assert.deepEqual(m.trial, trial);
    assert.equal(m.layers.length, 2);
  });

  it('refuses malformed requests: bad numbers, unknown optimizer, labels out of range, sizes that disagree', () => {
    const bad = [
      { ...trialMessage(), epochs: 0 },
      { ...trialMessage(), epochs: 1e9 },
      { ...trialMessage(), optimizer: 'lbfgs' },
      { ...trialMessage(), validationSplit: 0 },
      { ...trialMessage(), trial: { ...trial, params: { learningRate: -1, l2: 1e-5 } } },
      { ...trialMessage(), trial: { ...trial, params: { learningRate: 1e-3, l2: 0 } } },
      { ...trialMessage(), trial: { ...trial, seed: 1.5 } },
      { ...trialMessage(), dataset: { ...trialMessage().dataset, labels: new Uint8Array([0, 3]) } },
      { ...trialMessage(), dataset: { ...trialMessage().dataset, xs: new Float32Array(3) } },
      { ...trialMessage(), dataset: { ...trialMessage().dataset, xs: [0, 0, 0, 0] } },
      { ...trialMessage(), layers: [{ name: 'x' }] },
      { type: 'start', backends: ['metal'] },
      { type: 'start', backends: [] },
      { type: 'unknown' },
      null, 'trial', 42,
    ];
    for (const raw of bad) assert.equal(parseToSearchEngine(raw), undefined, JSON.stringify(raw));
    assert.deepEqual(parseToSearchEngine({ type: 'stop', now: true }), { type: 'stop' });
    assert.deepEqual(parseToSearchEngine({ type: 'start', backends: ['wasm', 'cpu'], lang: 'ko' }), { type: 'start', backends: ['wasm', 'cpu'], lang: 'ko' });
  });

  it('rebuilds the engine’s answers and refuses malformed ones', () => {
    assert.deepEqual(parseFromSearchEngine({ type: 'trialDone', id: 3, stopped: false, result: { ...result, junk: 1 } }), { type: 'trialDone', id: 3, stopped: false, result });
    assert.deepEqual(parseFromSearchEngine({ type: 'trialDone', id: 3, stopped: true }), { type: 'trialDone', id: 3, stopped: true });
    assert.deepEqual(parseFromSearchEngine({ type: 'epoch', id: 1, epoch: 2, loss: NaN, numTensors: 7 })?.type, 'epoch');
    for (const raw of [
      { type: 'trialDone', id: 3, stopped: false, result: { ...result, status: 'great' } },
      { type: 'trialDone', id: 3, stopped: false, result: { ...result, tensorsAfter: -1 } },
      { type: 'trialDone', id: -1, stopped: true },
      { type: 'started', backend: 'metal' },
      { type: 'failed', message: 7 },
      { type: 'epoch', id: 1, epoch: 0, loss: 1, numTensors: 7 },
    ]) assert.equal(parseFromSearchEngine(raw), undefined, JSON.stringify(raw));
  });

  it('reads a diverged trial back from JSON (its NaN loss saved as null)', () => {
    const diverged = JSON.parse(JSON.stringify({ ...result, status: 'diverged', valAccuracy: 0, valLoss: NaN }));
    assert.ok(Number.isNaN(parseTrialResult(diverged)?.valLoss));
  });

  it('checks search spaces: log ranges within the limits, dropout below 0.95, at most 8 batch choices', () => {
    const s = { learningRate: { min: 1e-4, max: 1e-1 }, l2: { min: 1e-6, max: 1e-2 } };
    assert.deepEqual(parseSearchSpace(s), s);
    assert.equal(parseSearchSpace({ ...s, l2: { min: 0, max: 1 } }), undefined);
    assert.equal(parseSearchSpace({ ...s, dropout: { min: 0.5, max: 0.99 } }), undefined);
    assert.equal(parseSearchSpace({ ...s, batchSize: [1, 2, 3, 4, 5, 6, 7, 8, 9] }), undefined);
  });
});

describe('search host protocol', () => {
  it('passes the spec to the page and refuses a malformed one', () => {
    assert.deepEqual(parseHostToSearch({ type: 'spec', spec, reason: 'open' }), { type: 'spec', spec, reason: 'open' });
    assert.equal(parseHostToSearch({ type: 'spec', spec: { ...spec, layers: 'x' }, reason: 'open' }), undefined);
    assert.equal(parseHostToSearch({ type: 'spec', spec, reason: 'because' }), undefined);
  });

  it('rebuilds "Use these settings" and status, refusing impossible values', () => {
    assert.deepEqual(parseSearchToHost({ type: 'useSettings', learningRate: 1e-3, batchSize: 32, l2: 1e-4, dropout: 0.3, x: 1 }),
      { type: 'useSettings', learningRate: 1e-3, batchSize: 32, l2: 1e-4, dropout: 0.3 });
    for (const raw of [
      { type: 'useSettings', learningRate: 0 },
      { type: 'useSettings', learningRate: 1e-3, batchSize: 3.5 },
      { type: 'useSettings', learningRate: 1e-3, dropout: 1 },
      { type: 'useSettings', learningRate: 1e-3, l2: -1 },
      { type: 'status', state: 'sleeping', finished: 0, planned: 1, text: '' },
      { type: 'status', state: 'done', finished: -1, planned: 1, text: '' },
    ]) assert.equal(parseSearchToHost(raw), undefined, JSON.stringify(raw));
    assert.equal(parseSearchToHost({ type: 'status', state: 'done', finished: 2, planned: 2, text: 'x'.repeat(5000) })?.type, 'status');
  });

  it('carries CIFAR-10 as the Train panel does: loadCifar bounded, the reply rebuilt or refused', () => {
    assert.deepEqual(parseSearchToHost({ type: 'loadCifar', pick: true, maxSamples: 600, x: 1 }), { type: 'loadCifar', pick: true, maxSamples: 600 });
    assert.deepEqual(parseSearchToHost({ type: 'loadCifar', pick: false, maxSamples: MAX_CIFAR_SAMPLES }), { type: 'loadCifar', pick: false, maxSamples: MAX_CIFAR_SAMPLES });
    for (const raw of [
      { type: 'loadCifar', pick: 'yes', maxSamples: 600 },
      { type: 'loadCifar', pick: true, maxSamples: 0 },
      { type: 'loadCifar', pick: true, maxSamples: 2.5 },
      { type: 'loadCifar', pick: true, maxSamples: MAX_CIFAR_SAMPLES + 1 },
      { type: 'loadCifar', pick: true },
    ]) assert.equal(parseSearchToHost(raw), undefined, JSON.stringify(raw));

    const data = { source: '/data/cifar-10-batches-bin', count: 2, labels: new Uint8Array([3, 9]), images: new Uint8Array(2 * 3072) };
    assert.deepEqual(parseHostToSearch({ type: 'cifar', ok: true, data: { ...data, extra: 1 } }), { type: 'cifar', ok: true, data });
    assert.deepEqual(parseHostToSearch({ type: 'cifar', ok: false, message: 'No CIFAR-10 folder chosen.' }), { type: 'cifar', ok: false, message: 'No CIFAR-10 folder chosen.' });
    for (const raw of [
      { type: 'cifar', ok: false },
      { type: 'cifar', ok: true },
      { type: 'cifar', ok: true, data: { ...data, count: -1 } },
      { type: 'cifar', ok: 'maybe', message: 'x' },
    ]) assert.equal(parseHostToSearch(raw), undefined, JSON.stringify(raw));
  });

  it('the Train panel accepts the best trial’s learning rate and batch size, nothing malformed', () => {
    assert.deepEqual(parseHostToTrain({ type: 'useSettings', learningRate: 0.003, batchSize: 64, l2: 1 }), { type: 'useSettings', learningRate: 0.003, batchSize: 64 });
    assert.equal(parseHostToTrain({ type: 'useSettings', learningRate: 'fast' }), undefined);
    assert.equal(parseHostToTrain({ type: 'useSettings', learningRate: 0.1, batchSize: 0 }), undefined);
  });
});

describe('search persistence', () => {
  const plan = { space: { learningRate: { min: 1e-4, max: 1e-1 }, l2: { min: 1e-6, max: 1e-2 } }, strategy: 'random' as const, trials: 4, epochs: 2, seed: 9 };
  const data = { dataset: 'spiral', samples: 200, optimizer: 'adam', batchSize: 32, validationSplit: 0.25 };

  it('keeps the finished trials and the running flag, so a reload resumes with the next trial', () => {
    const results = planTrials(plan).slice(0, 2).map((t) => ({ ...result, ...t }));
    const restored = restoreSearch(JSON.parse(JSON.stringify({ v: 1, specUri: 'file:///s.netspec', form: defaultForm('spiral'), active: { plan, data }, results, running: true })));
    assert.equal(restored.running, true);
    assert.deepEqual(restored.results, results);
    assert.deepEqual(restored.active?.plan, plan);
    assert.deepEqual(restored.form, defaultForm('spiral'));
  });

  it('drops what it cannot read, field by field', () => {
    assert.deepEqual(restoreSearch({ v: 2 }), {});
    assert.deepEqual(restoreSearch(null), {});
    const r = restoreSearch({ v: 1, form: { ...defaultForm('spiral'), trials: 'many' }, active: { plan: { ...plan, trials: 0 }, data }, results: [result] });
    assert.equal(r.form, undefined);
    assert.equal(r.active, undefined);
    assert.equal(r.results, undefined);
    const bad = restoreSearch({ v: 1, active: { plan, data }, results: [{ ...result, status: 'odd' }, { ...result, index: 7 }, result] });
    assert.deepEqual(bad.results, [result], 'a malformed trial and one outside the plan are dropped');
  });
});
