// CIFAR-10 through the host (webview/shared/training/cifarSource.ts), as the Train panel and the
// search ask for it: the request posted, the reply decoded, kept, and one request at a time.
import assert from 'node:assert/strict';
import { sayIn } from '../../../../../src/core/i18n';
import { MAX_CIFAR_SAMPLES, type CifarMessage } from '../../../../../src/protocol/train';
import { CifarSource } from '../../../../../webview/shared/training/cifarSource';

const say = sayIn('en');

/** A host reply with `count` images, label i % 10 and pixel bytes i % 251. */
function reply(count: number): CifarMessage {
  return {
    type: 'cifar', ok: true,
    data: { source: '/data/cifar-10-batches-bin', count, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), images: Uint8Array.from({ length: count * 3072 }, (_, i) => i % 251) },
  };
}

/** A source whose requests are recorded; the test answers them. */
function harness() {
  const requests: { pick: boolean; maxSamples: number }[] = [];
  const source = new CifarSource((pick, maxSamples) => requests.push({ pick, maxSamples }), say);
  const settle = () => new Promise((r) => setImmediate(r));
  return { requests, source, settle };
}

describe('CIFAR-10 from the host', () => {
  it('asks for the count (bounded), decodes the reply and says where it came from', async () => {
    const { requests, source, settle } = harness();
    const loading = source.load(MAX_CIFAR_SAMPLES + 5, false);
    await settle();
    assert.deepEqual(requests, [{ pick: false, maxSamples: MAX_CIFAR_SAMPLES }]);
    source.onReply(reply(3));
    const images = await loading;
    assert.deepEqual([images.count, images.height, images.width, images.channels], [3, 32, 32, 3]);
    assert.deepEqual([...images.labels], [0, 1, 2]);
    assert.equal(source.source, say('train.cifarSource', { source: '/data/cifar-10-batches-bin', count: '3' }));
  });

  it('keeps loaded images for a request they cover, and asks again when picking', async () => {
    const { requests, source, settle } = harness();
    const first = source.load(4, false);
    await settle();
    source.onReply(reply(4));
    const images = await first;
    assert.equal(await source.load(4, false), images);
    assert.equal(requests.length, 1);
    const picked = source.load(4, true);
    await settle();
    assert.deepEqual(requests[1], { pick: true, maxSamples: 4 });
    source.onReply(reply(5));
    assert.equal((await picked).count, 5);
  });

  it('throws the host’s reason when there are no images (no folder chosen)', async () => {
    const { source, settle } = harness();
    const loading = source.load(10, false);
    await settle();
    source.onReply({ type: 'cifar', ok: false, message: 'No CIFAR-10 folder chosen.' });
    await assert.rejects(loading, { message: 'No CIFAR-10 folder chosen.' });
    assert.equal(source.source, null);
  });

  it('serves one request at a time: a second waits for the first reply instead of taking it', async () => {
    const { requests, source, settle } = harness();
    const picking = source.load(6, true);
    const training = source.load(6, false);
    await settle();
    assert.equal(requests.length, 1, 'the second request waits');
    source.onReply(reply(6));
    const picked = await picking;
    assert.equal(await training, picked, 'the picked images cover the second request');
    assert.equal(requests.length, 1);
  });

  it('the data explorer’s undecoded payload: kept for a request it covers, asked again after forgetPayload, in turn with load', async () => {
    const { requests, source, settle } = harness();
    const first = source.loadPayload(4, false);
    const images = source.load(2, false);
    await settle();
    assert.deepEqual(requests, [{ pick: false, maxSamples: 4 }], 'the second request waits for the first reply');
    const sent = reply(4);
    source.onReply(sent);
    assert.equal(await first, sent.ok ? sent.data : undefined, 'the payload as the host sent it');
    await settle();
    assert.deepEqual(requests[1], { pick: false, maxSamples: 2 });
    source.onReply(reply(2));
    assert.equal((await images).count, 2);
    assert.equal(await source.loadPayload(3, false), await first, 'kept: 4 images cover 3');
    assert.equal(requests.length, 2);
    source.forgetPayload();
    const again = source.loadPayload(3, false);
    await settle();
    assert.deepEqual(requests[2], { pick: false, maxSamples: 3 });
    source.onReply(reply(3));
    assert.equal((await again).count, 3);
  });
});
