// The zig-zag demo (webview/activations/engine/zigzag.ts) on TF.js's CPU backend.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { runZigzag } from '../../../../webview/activations/engine/zigzag';

describe('webview/activations/zigzag (TF.js CPU)', () => {
  before(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('zig-zag: all-positive inputs give same-sign gradients, zero-centred ones do not', async () => {
    const pos = await runZigzag({ positiveInputs: true, steps: 30 });
    const centred = await runZigzag({ positiveInputs: false, steps: 30 });
    assert.equal(pos.sameSignFraction, 1);
    assert.ok(centred.sameSignFraction < 0.9);
    assert.ok(pos.detour > centred.detour);
  });
});
