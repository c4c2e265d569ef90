// What the Train panel keeps across a reload (webview/train/persistence.ts).
import assert from 'node:assert/strict';
import { emptyCurves, recordBatch } from '../../../../webview/train/curves';
import { defaultsFor } from '../../../../webview/train/form';
import { restoreSavedState, savedState } from '../../../../webview/train/persistence';

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
