import assert from 'node:assert/strict';
import { analyze } from '../../../src/core';
import { isReadyMessage } from '../../../src/protocol/common';
import {
  decodeFloat32, encodeFloat32, isLayerConfig, MAX_EXPORT_WEIGHT_ARRAYS, MAX_EXPORT_WEIGHT_VALUES,
  parseExportSettings, parseHostToTrain, parseLayerConfig, parseTrainToHost, parseWeightPayloads, trainSpecFromAnalysis,
} from '../../../src/protocol/train';

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
    // Weight penalties cross intact; a malformed or negative one refuses the layer (the core's own check).
    const dense = { kind: 'dense', units: 4, activation: { name: 'linear' }, useBias: true, init: { name: 'glorot_uniform' } };
    assert.deepEqual(parseLayerConfig({ ...dense, regularizer: { l1: 0, l2: 1e-4 }, biasRegularizer: { l1: 0.5, l2: 0 } }), { ...dense, regularizer: { l1: 0, l2: 1e-4 }, biasRegularizer: { l1: 0.5, l2: 0 } });
    assert.equal(isLayerConfig({ ...dense, regularizer: { l1: 0, l2: -1 } }), false);
    assert.equal(isLayerConfig({ ...dense, regularizer: { l2: 1e-4 } }), false);
    const maxout = { kind: 'maxout', units: 4, pieces: 2, init: { name: 'glorot_uniform' }, regularizer: { l1: 1e-3, l2: 0 } };
    assert.deepEqual(parseLayerConfig(maxout), maxout);
    assert.ok(isLayerConfig({ kind: 'zeropad2d', padding: [[1, 1], [0, 2]] }));
    assert.equal(isLayerConfig({ kind: 'zeropad2d', padding: [[1, -1], [0, 2]] }), false);
  });
});

describe('protocol/train: the export message', () => {
  const settings = { dataset: 'spiral', samples: 600, optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 30, validationSplit: 0.2, seed: 7 };
  const kernel = Float32Array.from([0.5, -1.25, 3e-8, 1e20, -0, 7]);
  const weight = { name: 'dense/kernel', shape: [2, 3], data: encodeFloat32(kernel) };

  it('carries float32 values exactly through base64', () => {
    const back = decodeFloat32(encodeFloat32(kernel));
    assert.deepEqual(back, kernel);
    assert.equal(decodeFloat32('not base64!'), undefined);
    assert.equal(decodeFloat32(btoa('abc')), undefined, 'three bytes are no float32');
    // Larger than one String.fromCharCode slice (0x8000 bytes).
    const big = Float32Array.from({ length: 20_000 }, (_, i) => Math.sin(i) * 1e3);
    assert.deepEqual(decodeFloat32(encodeFloat32(big)), big);
  });

  it('rebuilds target, framework, settings and weights, dropping every other field', () => {
    const m = parseTrainToHost({
      type: 'export', target: 'ipynb', framework: 'keras', extra: 'x',
      settings: { ...settings, __proto__: { polluted: true }, shell: 'rm -rf /' },
      weights: [{ ...weight, note: 'hi' }],
    });
    assert.deepEqual(m, { type: 'export', target: 'ipynb', framework: 'keras', settings, weights: [weight] });
    const plain = parseTrainToHost(JSON.parse(JSON.stringify({ type: 'export', target: 'pytorch', settings: { ...settings, dataset: undefined, samples: undefined } })));
    assert.deepEqual(plain, { type: 'export', target: 'pytorch', settings: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 30, validationSplit: 0.2, seed: 7 } });
    assert.deepEqual(parseExportSettings(settings), settings);
  });

  it('refuses bad targets, settings and weights', () => {
    const ok = { type: 'export', target: 'pytorch', settings, weights: [weight] };
    assert.ok(parseTrainToHost(ok));
    for (const bad of [
      { ...ok, target: 'onnx' },
      { ...ok, framework: 'jax' },
      { ...ok, settings: undefined },
      { ...ok, settings: { ...settings, optimizer: 'lbfgs' } },
      { ...ok, settings: { ...settings, learningRate: Number.NaN } },
      { ...ok, settings: { ...settings, learningRate: -1 } },
      { ...ok, settings: { ...settings, batchSize: 1.5 } },
      { ...ok, settings: { ...settings, epochs: 1e12 } },
      { ...ok, settings: { ...settings, validationSplit: 0.95 } },
      { ...ok, settings: { ...settings, seed: 0.5 } },
      { ...ok, settings: { ...settings, dataset: 'imagenet' } },
      { ...ok, weights: 'all of them' },
      { ...ok, weights: [{ ...weight, name: 'dense/kernel; import os' }] },
      { ...ok, weights: [{ ...weight, name: 'dense/running_mean' }] },
      { ...ok, weights: [{ ...weight, shape: [3, 3] }] },
      { ...ok, weights: [{ ...weight, shape: [0, 3] }] },
      { ...ok, weights: [{ ...weight, shape: [1, 1, 1, 2, 3] }] },
      { ...ok, weights: [{ ...weight, data: weight.data.replace(/^./, '*') }] },
      { ...ok, weights: [{ ...weight, data: Array.from(kernel) }] },
    ]) {
      assert.equal(parseTrainToHost(bad), undefined, JSON.stringify(bad).slice(0, 160));
    }
  });

  it('caps the weights: values in all, and arrays', () => {
    // One array over the cap is refused by its shape alone, before its text is looked at.
    const rows = Math.floor(MAX_EXPORT_WEIGHT_VALUES / 1000) + 1;
    assert.equal(parseWeightPayloads([{ name: 'dense/kernel', shape: [rows, 1000], data: '' }]), undefined);
    // Many small arrays whose sum passes the cap.
    const size = 4_000_000;
    const chunk = { name: 'dense/kernel', shape: [size], data: 'A'.repeat(4 * Math.ceil((size * 4) / 3)) };
    const many = Array.from({ length: Math.ceil(MAX_EXPORT_WEIGHT_VALUES / size) + 1 }, () => chunk);
    assert.equal(parseWeightPayloads(many), undefined);
    assert.equal(parseWeightPayloads(many.slice(0, MAX_EXPORT_WEIGHT_VALUES / size))?.length, MAX_EXPORT_WEIGHT_VALUES / size, 'exactly the cap passes');
    const tiny = { name: 'dense/bias', shape: [1], data: encodeFloat32(Float32Array.of(1)) };
    assert.equal(parseWeightPayloads(Array.from({ length: MAX_EXPORT_WEIGHT_ARRAYS + 1 }, () => tiny)), undefined);
    assert.equal(parseWeightPayloads(Array.from({ length: MAX_EXPORT_WEIGHT_ARRAYS }, () => tiny))?.length, MAX_EXPORT_WEIGHT_ARRAYS);
  });
});
