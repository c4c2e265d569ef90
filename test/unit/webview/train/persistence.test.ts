// What the Train panel keeps across a reload (webview/train/persistence.ts).
import assert from 'node:assert/strict';
import { emptyCurves, recordBatch } from '../../../../webview/train/curves';
import { defaultsFor } from '../../../../webview/train/form';
import { DEFAULT_COMPARE_LEARNING_RATE } from '../../../../webview/train/compareVariants';
import { restoreSavedState, savedState } from '../../../../webview/train/persistence';
import { checkRegularization, regularizationForm, regularizationSettings, REGULARIZATION_DEFAULTS } from '../../../../webview/train/regularization';

describe('webview/train/persistence', () => {
  const form = { dataset: 'spiral' as const, ...defaultsFor('spiral') };

  it('round-trips the form, spec, curves and results, and says the run was restored', () => {
    const c = emptyCurves();
    recordBatch(c, 1, 0.5, 0.9);
    const results = { classNames: ['a', 'b'], confusion: [[1, 0], [0, 1]], accuracy: 1, on: 'validation' as const };
    const saved = JSON.parse(JSON.stringify(savedState({ specUri: 'file:///a.netspec', form, curves: c, results, summary: 'Finished' })));
    const r = restoreSavedState(saved);
    assert.deepEqual(r.form, form);
    assert.equal(r.specUri, 'file:///a.netspec');
    assert.deepEqual(r.curves?.batchLoss, [0.5]);
    assert.deepEqual(r.results, results);
    assert.match(r.restoredNote ?? '', /^Restored from the last session: Finished\. /);
  });

  it('saves no curves before a run, and drops foreign or malformed state', () => {
    assert.equal(savedState({ form, curves: emptyCurves() }).curves, undefined);
    assert.deepEqual(restoreSavedState(null), {});
    assert.deepEqual(restoreSavedState({ v: 2, form }), {});
    const r = restoreSavedState({ v: 1, form: { ...form, optimizer: 'lbfgs' }, specUri: 42, results: { confusion: 'x' } });
    assert.deepEqual(r, {});
  });
});

describe('webview/train/persistence: Compare\'s choices', () => {
  const form = { dataset: 'spiral' as const, ...defaultsFor('spiral') };

  it('round-trips the comparison, the optimizers ticked and the learning rate as typed', () => {
    const compare = { kind: 'batchnorm' as const, optimizers: ['rmsprop' as const, 'nesterov' as const], learningRate: '3e-3' };
    const r = restoreSavedState(JSON.parse(JSON.stringify(savedState({ form, compare }))));
    assert.deepEqual(r.compare, compare);
    assert.deepEqual(r.form, form);
  });

  it('loads a state saved before them (no compare field) with everything else as it was', () => {
    const old = { v: 1, specUri: 'file:///a.netspec', form, summary: 'Finished' };
    const r = restoreSavedState(JSON.parse(JSON.stringify(old)));
    assert.equal(r.compare, undefined, 'the panel keeps its defaults');
    assert.deepEqual(r.form, form);
    assert.equal(r.specUri, 'file:///a.netspec');
    assert.match(r.restoredNote ?? '', /Finished/);
  });

  it('drops a damaged or unknown choice and keeps the others', () => {
    const r = restoreSavedState({ v: 1, form, compare: { kind: 'dropout', optimizers: ['adam', 'lbfgs', 'adam', 7, 'sgd'], learningRate: DEFAULT_COMPARE_LEARNING_RATE } });
    assert.deepEqual(r.compare, { optimizers: ['adam', 'sgd'], learningRate: DEFAULT_COMPARE_LEARNING_RATE });
    assert.deepEqual(restoreSavedState({ v: 1, form, compare: { kind: 'normalize', optimizers: 'adam', learningRate: 0.01 } }).compare, { kind: 'normalize' });
    assert.equal(restoreSavedState({ v: 1, form, compare: { learningRate: 'x'.repeat(500) } }).compare, undefined);
    assert.equal(restoreSavedState({ v: 1, form, compare: 'optimizers' }).compare, undefined);
    assert.deepEqual(restoreSavedState({ v: 1, form, compare: 'optimizers' }).form, form);
  });
});

describe('webview/train/persistence: regularization settings', () => {
  const form = { dataset: 'mnist' as const, ...defaultsFor('mnist') };

  it('round-trips them, loads a state saved before them, and repairs a malformed field with its default', () => {
    const regularization = { weightDecay: '1e-4', earlyStopping: true, patience: 3, minDelta: 0.01, augmentFlip: true, augmentShift: 2 };
    const saved = JSON.parse(JSON.stringify(savedState({ form: { ...form, regularization } })));
    assert.deepEqual(restoreSavedState(saved).form?.regularization, regularization);
    const old = restoreSavedState(JSON.parse(JSON.stringify(savedState({ form }))));
    assert.deepEqual(old.form, form, 'an older state: the form as it was');
    assert.deepEqual(regularizationForm(old.form && 'regularization' in old.form ? old.form.regularization : undefined), REGULARIZATION_DEFAULTS);
    const bad = restoreSavedState({ v: 1, form: { ...form, regularization: { ...regularization, patience: 'x', augmentFlip: 1 } } });
    assert.deepEqual(bad.form?.regularization, { ...regularization, patience: REGULARIZATION_DEFAULTS.patience, augmentFlip: false });
  });

  it('checks the settings and gives the trainer only those that are on', () => {
    const f = { ...REGULARIZATION_DEFAULTS };
    assert.equal(checkRegularization(f, 0.2), undefined);
    assert.deepEqual(regularizationSettings(f, true), {});
    assert.match(checkRegularization({ ...f, weightDecay: 'abc' }, 0.2) ?? '', /Weight decay/);
    assert.match(checkRegularization({ ...f, earlyStopping: true }, 0) ?? '', /validation split/);
    assert.match(checkRegularization({ ...f, earlyStopping: true, patience: 0 }, 0.2) ?? '', /Patience/);
    assert.match(checkRegularization({ ...f, augmentShift: 9 }, 0.2) ?? '', /shift/);
    const on = { weightDecay: '0.001', earlyStopping: true, patience: 4, minDelta: 0, augmentFlip: false, augmentShift: 2 };
    assert.deepEqual(regularizationSettings(on, true), { weightDecay: 0.001, earlyStopping: { patience: 4, minDelta: 0 }, augment: { flip: false, shift: 2 } });
    assert.deepEqual(regularizationSettings(on, false), { weightDecay: 0.001, earlyStopping: { patience: 4, minDelta: 0 } }, 'no augmentation of points');
  });
});
