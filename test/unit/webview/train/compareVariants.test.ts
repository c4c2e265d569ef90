// What the Train panel's Compare trains (webview/train/compareVariants.ts) and the curves it
// overlays (webview/train/compareCurves.ts): pure, with the catalogue's English.
import assert from 'node:assert/strict';
import { sayIn } from '../../../../src/core/i18n';
import { OPTIMIZERS } from '../../../../webview/shared/training/trainConfig';
import { BN_RATE_FACTOR, compareVariants, DEFAULT_COMPARE_LEARNING_RATE, DEFAULT_COMPARE_OPTIMIZERS, type CompareChoice } from '../../../../webview/train/compareVariants';
import { defaultsFor } from '../../../../webview/train/form';
import { restoreSavedState, savedState } from '../../../../webview/train/persistence';
import { compareBatchSeries, compareEpochSeries, compareFingerprints, compareProgress, emptyCompareLine } from '../../../../webview/train/compareCurves';

const say = sayIn('en');
const center = { mode: 'center' as const, mean: [0.1, 0.2], std: [1, 1], samples: 80 };
const standardize = { mode: 'standardize' as const, mean: [0.1, 0.2], std: [0.5, 0.6], samples: 80 };
const base: CompareChoice = {
  kind: 'optimizers', optimizers: DEFAULT_COMPARE_OPTIMIZERS, learningRate: 0.01, optimizer: 'momentum',
  norms: { center, standardize }, normalize: 'off',
};

describe('compare variants', () => {
  it('optimizers: the lecture\'s Adam(0.01) against SGD by default, in the list\'s order, every optimizer of the list available', () => {
    assert.deepEqual([...DEFAULT_COMPARE_OPTIMIZERS].sort(), ['adam', 'sgd']);
    assert.equal(DEFAULT_COMPARE_LEARNING_RATE, '0.01');
    const pair = compareVariants(base, say);
    assert.deepEqual(pair.map((v) => v.optimizer), OPTIMIZERS.map((o) => o.id).filter((id) => id === 'adam' || id === 'sgd'));
    assert.ok(pair.every((v) => v.learningRate === 0.01 && !v.batchNorm && v.inputNorm === undefined));
    assert.deepEqual(pair.map((v) => v.label), ['SGD, LR 0.01', 'Adam, LR 0.01']);
    const all = compareVariants({ ...base, optimizers: OPTIMIZERS.map((o) => o.id) }, say);
    assert.deepEqual(all.map((v) => v.optimizer), OPTIMIZERS.map((o) => o.id));
    // The panel's normalize setting applies to every run of an optimizer compare.
    assert.ok(compareVariants({ ...base, normalize: 'standardize' }, say).every((v) => v.inputNorm === standardize));
  });

  it('normalize inputs: off, zero-centre and standardize with the panel\'s optimizer', () => {
    const v = compareVariants({ ...base, kind: 'normalize' }, say);
    assert.deepEqual(v.map((x) => x.label), ['off', 'zero-centre', 'standardize']);
    assert.deepEqual(v.map((x) => x.inputNorm), [undefined, center, standardize]);
    assert.ok(v.every((x) => x.optimizer === 'momentum' && !x.batchNorm));
  });

  it('batch normalization: without and with, at the rate and at 10 times it', () => {
    const v = compareVariants({ ...base, kind: 'batchnorm', learningRate: 0.05 }, say);
    assert.equal(BN_RATE_FACTOR, 10);
    assert.deepEqual(v.map((x) => [x.batchNorm, x.learningRate]), [[false, 0.05], [true, 0.05], [false, 0.5], [true, 0.5]]);
    assert.deepEqual(v.map((x) => x.label), ['without BN, LR 0.05', 'with BN, LR 0.05', 'without BN, LR 0.5', 'with BN, LR 0.5']);
  });
});

describe('compare curves', () => {
  const a = emptyCompareLine('a');
  const b = emptyCompareLine('b');
  a.batchStep.push(1, 2, 3, 4);
  a.batchLoss.push(1, 0.9, 0.8, 0.7);
  b.batchStep.push(1, 2, 3);
  b.batchLoss.push(1, NaN, Infinity);
  a.epoch.push(1, 2);
  a.epochLoss.push(0.95, 0.75);
  a.valLoss.push(1, 0.8);
  b.epoch.push(1);
  b.epochLoss.push(1);
  b.valLoss.push(null);

  it('puts every run on one epoch axis, leaving diverged values out', () => {
    assert.deepEqual(compareBatchSeries([a, b], 2), { xs: [0.5, 1, 1.5, 2], ys: [[1, 0.9, 0.8, 0.7], [1, null, null, null]] });
    assert.deepEqual(compareEpochSeries([a, b], 'valLoss'), { xs: [1, 2], ys: [[1, 0.8], [null, null]] });
    assert.deepEqual(compareEpochSeries([a, b], 'epochLoss'), { xs: [1, 2], ys: [[0.95, 0.75], [1, null]] });
  });

  it('fingerprints agree only when every run reported the same (diverged runs saw fewer batches and are left out)', () => {
    const done = (fp: string) => ({ outcome: { status: 'done' as const, epochs: 1 }, batchesFingerprint: fp, tensorsBefore: 1, tensorsAfter: 1 });
    a.weightsFingerprint = '0011223344556677';
    b.weightsFingerprint = '0011223344556677';
    a.result = done('aaaaaaaa');
    b.result = { ...done('bbbbbbbb'), outcome: { status: 'diverged', message: 'NaN', step: 2 } };
    assert.deepEqual(compareFingerprints([a, b]), { weights: ['0011223344556677'], batches: ['aaaaaaaa'], same: true });
    b.result = done('bbbbbbbb');
    assert.equal(compareFingerprints([a, b]).same, false);
    b.weightsFingerprint = 'ffffffffffffffff';
    b.result = done('aaaaaaaa');
    assert.equal(compareFingerprints([a, b]).same, false);
  });
});

describe('the normalize setting is kept with the form', () => {
  it('restores a saved normalize mode, and drops a form whose mode is unknown', () => {
    const form = { dataset: 'spiral' as const, ...defaultsFor('spiral'), normalize: 'standardize' as const };
    assert.deepEqual(restoreSavedState(JSON.parse(JSON.stringify(savedState({ form }))), say).form, form);
    assert.equal(restoreSavedState({ v: 1, form: { ...form, normalize: 'whiten' } }, say).form, undefined);
    // A form saved before the setting existed restores as off (no field).
    const { normalize: _n, ...older } = form;
    assert.deepEqual(restoreSavedState({ v: 1, form: older }, say).form, older);
  });
});

describe('compare progress (the panel\'s progress tile during a compare)', () => {
  it('counts the samples of every run so far, and the time left for this run and the runs after it', () => {
    // Run 2 of 3, 300 samples each, 100 done at 50 samples/s with 4 s left in this run.
    assert.deepEqual(compareProgress(1, 3, 300, { samplesDone: 100, etaSeconds: 4, samplesPerSecond: 50 }), { samplesDone: 400, samplesTotal: 900, eta: 4 + 300 / 50 });
    // The last run: only its own time is left; the first batch of the first run: no speed yet, no ETA.
    assert.deepEqual(compareProgress(2, 3, 300, { samplesDone: 300, etaSeconds: 0, samplesPerSecond: 60 }), { samplesDone: 900, samplesTotal: 900, eta: 0 });
    assert.equal(compareProgress(0, 3, 300, { samplesDone: 16, etaSeconds: undefined, samplesPerSecond: 0 }).eta, undefined);
    assert.equal(compareProgress(0, 3, 300, { samplesDone: 16, etaSeconds: 5, samplesPerSecond: 0 }).eta, undefined);
  });
});
