// The init lab's "batch normalization after every layer" switch, on TF.js's CPU backend in Node.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { runInitExperiment, type NetConfig } from '../../../../../webview/init/engine/experiment';
import { parseNetConfig } from '../../../../../webview/init/engine/protocol';
import { checkNetConfig } from '../../../../../webview/init/labConfig';
import { resultKey, restoreLabState } from '../../../../../webview/init/lab';

const net = (patch: Partial<NetConfig> = {}): NetConfig => ({ inputSize: 100, widths: Array(10).fill(100), activation: 'tanh', batch: 200, seed: 3, ...patch });

describe('webview/init/engine: batch normalization after every layer (TF.js CPU)', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('tanh + N(0, 0.01): the std collapses without it and stays near tanh(N(0, 1))\'s with it', async () => {
    const init = { name: 'normal', std: 0.01 } as const;
    const without = (await runInitExperiment(net(), init)).layers.map((l) => l.std);
    const withBn = (await runInitExperiment(net({ batchNorm: true }), init)).layers.map((l) => l.std);
    assert.ok(without[9] < without[0] / 1e4, `without: ${without[9]} vs ${without[0]}`);
    // Each pre-activation is standardized over the batch, so every layer sees N(0, 1)-like inputs:
    // std(tanh(z)) for z ~ N(0, 1) is about 0.63.
    for (const s of withBn) assert.ok(s > 0.55 && s < 0.7, `with: ${withBn.join(', ')}`);
  });

  it('is part of the config the page sends, its saved state and its result key', () => {
    assert.deepEqual(parseNetConfig({ ...net(), batchNorm: true })?.batchNorm, true);
    assert.equal(parseNetConfig({ ...net(), batchNorm: 'yes' }), undefined);
    assert.equal(parseNetConfig(net())?.batchNorm, undefined);
    assert.ok(checkNetConfig({ ...net(), batchNorm: 1 as unknown as boolean }));
    assert.equal(restoreLabState({ net: { ...net(), batchNorm: true } }).net.batchNorm, true);
    const init = { name: 'he_normal' } as const;
    assert.notEqual(resultKey(net({ batchNorm: true }), init), resultKey(net(), init));
  });
});
