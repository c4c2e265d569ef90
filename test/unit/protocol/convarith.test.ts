// The convolution-arithmetic protocol (src/protocol/convarith.ts): messages are rebuilt field by
// field, and a layer whose numbers do not fit together is refused.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core';
import { convArithLayerAt } from '../../../src/panels/convarithLayer';
import { parseConvArithToHost, parseHostToConvArith, type ConvArithLayer } from '../../../src/protocol/convarith';

function lectureConv(): ConvArithLayer {
  const found = convArithLayerAt(analyze('input 32x32x3\nconv2d 64 kernel=2 padding=same activation=relu'), 1, 'lecture.netspec');
  if ('reason' in found) throw new Error(found.reason);
  return found;
}

describe('protocol/convarith', () => {
  it('rebuilds a layer message and drops extra fields', () => {
    const layer = lectureConv();
    assert.deepEqual(layer.h, { input: 32, filter: 2, dilatedFilter: 2, stride: 1, padBefore: 0, padAfter: 1, output: 32, same: true, uneven: false });
    const parsed = parseHostToConvArith({ type: 'layer', layer: { ...layer, extra: 1, h: { ...layer.h, evil: '<script>' } }, more: true });
    assert.deepEqual(parsed, { type: 'layer', layer });
    assert.deepEqual(parseHostToConvArith({ type: 'noLayer', reason: 'x' }), { type: 'noLayer', reason: 'x' });
    assert.deepEqual(parseConvArithToHost({ type: 'ready', x: 1 }), { type: 'ready' });
    assert.equal(parseConvArithToHost({ type: 'layer' }), undefined);
  });

  it('refuses numbers that contradict each other or are not sizes', () => {
    const layer = lectureConv();
    const bad = (h: object) => parseHostToConvArith({ type: 'layer', layer: { ...layer, h: { ...layer.h, ...h } } });
    assert.equal(bad({ output: 31 }), undefined, 'an output that is not the number of windows that fit');
    assert.equal(bad({ padAfter: -1 }), undefined);
    assert.equal(bad({ stride: 0 }), undefined);
    assert.equal(bad({ input: 2.5 }), undefined);
    assert.equal(bad({ input: Number.NaN }), undefined);
    assert.equal(bad({ filter: 3, dilatedFilter: 4 }), undefined, 'F_eff must be a whole dilation of F');
    assert.equal(bad({ input: 2e9 }), undefined);
    assert.equal(parseHostToConvArith({ type: 'layer', layer: { ...layer, kind: 'dense' } }), undefined);
    assert.equal(parseHostToConvArith({ type: 'layer', layer: { ...layer, channels: 0 } }), undefined);
  });

  it('says why a line has no picture', () => {
    const a = analyze('input 32x32x3\n\nflatten\nconv2d 8 kernel=40');
    assert.match((convArithLayerAt(a, 1, 'f') as { reason: string }).reason, /no layer/);
    assert.match((convArithLayerAt(a, 2, 'f') as { reason: string }).reason, /Flatten layer/);
    assert.match((convArithLayerAt(a, 3, 'f') as { reason: string }).reason, /unknown until the errors are fixed/);
    const huge = analyze('input 2000000x8x1\nmaxpool2d 2');
    assert.match((convArithLayerAt(huge, 1, 'f') as { reason: string }).reason, /beyond what the picture draws \(1,000,000 per axis\)/);
  });
});
