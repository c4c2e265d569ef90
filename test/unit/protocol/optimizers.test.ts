// The optimizer explorer's messages (src/protocol/optimizers.ts): rebuilt field by field, anything else rejected.
import assert from 'node:assert/strict';
import { OPTIMIZERS_VIEW_TYPE, SURFACE_IDS, parseHostToOptimizers, parseOptimizersToHost } from '../../../src/protocol/optimizers';
import { VIEW_TYPES } from '../../../src/ids';
import { SURFACES } from '../../../webview/optimizers/surfaces';

describe('protocol/optimizers', () => {
  it('uses the view type of src/ids.ts, and every surface id has a definition', () => {
    assert.equal(OPTIMIZERS_VIEW_TYPE, VIEW_TYPES.optimizers);
    assert.deepEqual(SURFACES.map((s) => s.id), [...SURFACE_IDS]);
  });

  it('rebuilds focusSurface, dropping extra fields; rejects unknown surfaces and shapes', () => {
    assert.deepEqual(parseHostToOptimizers({ type: 'focusSurface', surface: 'rosenbrock', extra: '<script>' }), { type: 'focusSurface', surface: 'rosenbrock' });
    for (const bad of [null, 'focusSurface', [], { type: 'focusSurface' }, { type: 'focusSurface', surface: 'toString' }, { type: 'focusSurface', surface: 3 }, { type: 'other', surface: 'saddle' }]) {
      assert.equal(parseHostToOptimizers(bad), undefined, JSON.stringify(bad));
    }
  });

  it('accepts only ready from the page', () => {
    assert.deepEqual(parseOptimizersToHost({ type: 'ready', more: 1 }), { type: 'ready' });
    assert.equal(parseOptimizersToHost({ type: 'step' }), undefined);
    assert.equal(parseOptimizersToHost(undefined), undefined);
  });
});
