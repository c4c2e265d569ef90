// The activation explorer's saved panel state (webview/activations/explorer.ts).
import assert from 'node:assert/strict';
import { restoreState } from '../../../../webview/activations/explorer';

describe('webview/activations/explorer', () => {
  it('restores saved panel state, dropping anything malformed', () => {
    assert.deepEqual(restoreState({ selected: ['elu', 'nope', 'elu'], params: { elu: { alpha: 0.5, w1: 3 }, leaky_relu: { alpha: Infinity } } }), {
      selected: ['elu'],
      params: { elu: { alpha: 0.5 }, leaky_relu: {} },
    });
  });
});
