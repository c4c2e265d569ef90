// The init lab's saved panel state (webview/init/lab.ts).
import assert from 'node:assert/strict';
import { restoreLabState } from '../../../../webview/init/lab';

describe('webview/init/lab', () => {
  it('restores saved panel state, dropping anything malformed', () => {
    assert.deepEqual(restoreLabState({ a: { name: 'he_normal' }, compare: true }).a, { name: 'he_normal' });
    const junk = restoreLabState({ a: { name: 'normal', std: 'x' }, net: { inputSize: 1e9, widths: [1] }, compare: 'yes' });
    assert.deepEqual(junk.a, { name: 'normal', std: 0.01 });
    assert.equal(junk.net.inputSize, 500);
    assert.equal(junk.compare, false);
  });
});
