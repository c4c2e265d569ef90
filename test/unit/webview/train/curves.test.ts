// The Train panel's curves history (webview/train/curves.ts).
import assert from 'node:assert/strict';
import { accuracySeries, compactCurves, emptyCurves, lossSeries, recordBatch, recordEpoch } from '../../../../webview/train/curves';

describe('webview/train/curves', () => {
  it('puts per-batch, per-epoch and validation values on one step axis', () => {
    const c = emptyCurves();
    recordBatch(c, 1, 2.0, 0.1);
    recordBatch(c, 2, 1.5, 0.3);
    recordEpoch(c, 2, { loss: 1.75, accuracy: 0.2, valLoss: 1.8, valAccuracy: 0.25 });
    recordEpoch(c, 3, { loss: 1.2, accuracy: 0.5 });
    assert.deepEqual(lossSeries(c), { xs: [1, 2, 3], ys: [[2.0, 1.5, null], [null, 1.75, 1.2], [null, 1.8, null]] });
    assert.deepEqual(accuracySeries(c).ys[1], [null, 0.2, 0.5]);
  });

  it('keeps at most 400 batch points when saved', () => {
    const c = emptyCurves();
    for (let i = 1; i <= 1000; i++) recordBatch(c, i, 1 / i, i / 1000);
    const small = compactCurves(c);
    assert.ok(small.batchStep.length <= 400 && small.batchStep.length > 300, String(small.batchStep.length));
    assert.equal(small.batchLoss.length, small.batchStep.length);
  });
});
