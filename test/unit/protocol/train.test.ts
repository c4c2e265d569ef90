import assert from 'node:assert/strict';
import { analyze } from '../../../src/core';
import { isReadyMessage } from '../../../src/protocol/common';
import { isLayerConfig, parseHostToTrain, parseTrainToHost, trainSpecFromAnalysis } from '../../../src/protocol/train';

const lecture = 'input 32x32x3\nconv2d 64 kernel=2 padding=same activation=relu\nmaxpool2d 2\nflatten\ndense 10 activation=softmax';

describe('protocol/train: guards', () => {
  it('accepts the spec the host builds from analyze()', () => {
    const spec = trainSpecFromAnalysis('file:///a.netspec', 'a.netspec', analyze(lecture));
    assert.equal(spec.totalParams, 164682);
    assert.deepEqual(spec.inputShape, [32, 32, 3]);
    assert.deepEqual(parseHostToTrain({ type: 'spec', spec, reason: 'open' }), { type: 'spec', spec, reason: 'open' });
    // JSON round trip (what postMessage does) keeps it valid.
    assert.ok(parseHostToTrain(JSON.parse(JSON.stringify({ type: 'spec', spec, reason: 'save' }))));
  });

  it('lists error diagnostics with 1-based lines', () => {
    const spec = trainSpecFromAnalysis('u', 'b', analyze('input 32x32x3\nconvv2d 3 3'));
    assert.ok(spec.errors.length >= 1);
    assert.match(spec.errors[0], /^line 2: /);
  });

  it('rejects malformed host messages', () => {
    const spec = trainSpecFromAnalysis('u', 'a', analyze(lecture));
    for (const bad of [
      null, 42, 'spec', [], { type: 'nope' },
      { type: 'spec', spec, reason: 'whenever' },
      { type: 'spec', spec: { ...spec, layers: [{ ...spec.layers[0], config: { kind: 'conv2d', filters: -1 } }] }, reason: 'open' },
      { type: 'spec', spec: { ...spec, inputShape: [0, 3] }, reason: 'open' },
      { type: 'settings', backend: 'tpu' },
      { type: 'cifar', ok: true, data: { source: 'x', count: 1, labels: 5, images: '' } },
      { type: 'cifar', ok: 'yes', message: 'x' },
    ]) {
      assert.equal(parseHostToTrain(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });

  it('validates every webview -> host message and trims long text', () => {
    assert.deepEqual(parseTrainToHost({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.ok(isReadyMessage({ type: 'ready' }));
    assert.deepEqual(parseTrainToHost({ type: 'loadCifar', pick: true, maxSamples: 500 }), { type: 'loadCifar', pick: true, maxSamples: 500 });
    assert.equal(parseTrainToHost({ type: 'loadCifar', pick: true, maxSamples: 1e9 }), undefined);
    assert.equal(parseTrainToHost({ type: 'loadCifar', pick: 'yes', maxSamples: 5 }), undefined);
    assert.equal(parseTrainToHost({ type: 'status', state: 'exploded', backend: 'webgl', text: '' }), undefined);
    const long = parseTrainToHost({ type: 'log', level: 'info', text: 'x'.repeat(10_000) });
    assert.equal(long?.type === 'log' && long.text.length, 4000);
    assert.ok(parseTrainToHost({ type: 'model', backend: 'webgl', totalParams: 603, layers: [{ name: 'dense', outputShape: [100], params: 300 }] }));
    assert.equal(parseTrainToHost({ type: 'model', backend: 'webgl', totalParams: 603, layers: [{ name: 'dense', outputShape: 'x', params: 300 }] }), undefined);
    assert.equal(parseTrainToHost({ type: 'constructor' }), undefined);
    assert.deepEqual(parseTrainToHost({ type: 'raceFinished', rounds: 3, backends: ['wasm', 'cpu'], extra: 1 }), { type: 'raceFinished', rounds: 3, backends: ['wasm', 'cpu'] });
    assert.equal(parseTrainToHost({ type: 'raceFinished', rounds: 0, backends: [] }), undefined);
    assert.equal(parseTrainToHost({ type: 'raceFinished', rounds: 3, backends: ['tpu'] }), undefined);
  });

  it('checks layer configs field by field', () => {
    assert.ok(isLayerConfig({ kind: 'maxout', units: 4, pieces: 2, init: { name: 'glorot_uniform' } }));
    assert.equal(isLayerConfig({ kind: 'maxout', units: 4, pieces: 2, init: { name: 'normal' } }), false, 'normal needs std');
    assert.equal(isLayerConfig({ kind: 'dropout', rate: 1 }), false);
    assert.ok(isLayerConfig({ kind: 'zeropad2d', padding: [[1, 1], [0, 2]] }));
    assert.equal(isLayerConfig({ kind: 'zeropad2d', padding: [[1, -1], [0, 2]] }), false);
  });
});
