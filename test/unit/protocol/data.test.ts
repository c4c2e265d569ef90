// The data explorer's host messages (src/protocol/data.ts): rebuilt field by field, anything else rejected.
import assert from 'node:assert/strict';
import { VIEW_TYPES } from '../../../src/ids';
import { DATA_VIEW_TYPE, parseDataToHost, parseHostToData } from '../../../src/protocol/data';
import { MAX_CIFAR_SAMPLES } from '../../../src/protocol/train';

describe('protocol/data', () => {
  it('uses the view type of src/ids.ts', () => {
    assert.equal(DATA_VIEW_TYPE, VIEW_TYPES.data);
  });

  it('rebuilds the host’s CIFAR-10 reply (bytes or base64), dropping extra fields; rejects malformed ones', () => {
    const labels = new Uint8Array([1, 2]);
    const images = new Uint8Array(2 * 3072);
    assert.deepEqual(
      parseHostToData({ type: 'cifar', ok: true, data: { source: '/d', count: 2, labels, images, extra: 1 }, more: '<script>' }),
      { type: 'cifar', ok: true, data: { source: '/d', count: 2, labels, images } },
    );
    assert.deepEqual(parseHostToData({ type: 'cifar', ok: true, data: { source: '/d', count: 1, labels: 'AQ==', images: 'AA==' } })?.type, 'cifar');
    assert.deepEqual(parseHostToData({ type: 'cifar', ok: false, message: 'no folder', x: 1 }), { type: 'cifar', ok: false, message: 'no folder' });
    for (const bad of [
      null, 'cifar', [], { type: 'cifar' }, { type: 'cifar', ok: 'yes', data: 3 }, { type: 'cifar', ok: false },
      { type: 'cifar', ok: true, data: { source: '/d', count: -1, labels, images } }, { type: 'cifar', ok: true, data: { source: '/d', count: 2, labels: [1, 2], images } },
      { type: 'spec', spec: {} }, { type: 'settings', backend: 'webgl' },
    ]) {
      assert.equal(parseHostToData(bad), undefined, JSON.stringify(bad));
    }
  });

  it('accepts ready and a bounded loadCifar from the page, nothing else', () => {
    assert.deepEqual(parseDataToHost({ type: 'ready', more: 1 }), { type: 'ready' });
    assert.deepEqual(parseDataToHost({ type: 'loadCifar', pick: false, maxSamples: 1500, path: '/etc' }), { type: 'loadCifar', pick: false, maxSamples: 1500 });
    for (const bad of [
      undefined, { type: 'loadCifar', pick: 'no', maxSamples: 10 }, { type: 'loadCifar', pick: true, maxSamples: 0 }, { type: 'loadCifar', pick: true, maxSamples: 1.5 },
      { type: 'loadCifar', pick: true, maxSamples: MAX_CIFAR_SAMPLES + 1 }, { type: 'export', target: 'pytorch' }, { type: 'requestSpec' },
    ]) {
      assert.equal(parseDataToHost(bad), undefined, JSON.stringify(bad));
    }
  });
});
