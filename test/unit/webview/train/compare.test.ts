// "Compare" runs in the Train panel (webview/train/engine/compare.ts): every variant starts from
// the same initial weights (byte for byte, also where batch normalization is inserted) and sees
// the same batches; each variant frees its tensors; Stop ends the compare within one batch. The
// batch-normalization transform checked against the core's own analysis of the same model
// written as a spec, and the compare's messages through the page's parsers.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../src/core';
import { trainSpecFromAnalysis, type TrainLayer } from '../../../../src/protocol/train';
import { makeToy } from '../../../../webview/shared/training/datasets';
import { buildModel } from '../../../../webview/shared/training/model';
import { insertBatchNorm, KERAS_BN_EPSILON, KERAS_BN_MOMENTUM, totalParams } from '../../../../webview/shared/training/insertBatchNorm';
import { applyInputNorm, fitInputNorm } from '../../../../webview/shared/training/inputNorm';
import { mulberry32 } from '../../../../webview/shared/training/random';
import { runCompare, specInitialWeights, type CompareVariantResult } from '../../../../webview/train/engine/compare';
import { createTrainEngine } from '../../../../webview/train/engine/engine';
import {
  parseFromTrainEngine, parseToTrainEngine, type CompareMessage, type EngineDataset, type FromTrainEngine,
} from '../../../../webview/train/engine/protocol';

const specOf = (text: string) => trainSpecFromAnalysis('file:///c.netspec', 'c.netspec', analyze(text));

describe('insertBatchNorm: batch normalization after each conv2d/dense but the output layer, before its activation', () => {
  const cases: [string, string, string][] = [
    ['a dense network',
      'input 2\ndense 16 activation=relu\ndense 8 activation=tanh\ndense 3 activation=softmax',
      'input 2\ndense 16\nbatchnorm\nactivation relu\ndense 8\nbatchnorm\nactivation tanh\ndense 3 activation=softmax'],
    ['a CNN with PReLU (its α moves to the activation layer), pooling and dropout',
      'input 8x8x3\nconv2d 4 3 activation=prelu\nmaxpool2d 2\nflatten\ndense 6 activation=relu\ndropout 0.1\ndense 3 activation=softmax',
      'input 8x8x3\nconv2d 4 3\nbatchnorm\nactivation prelu\nmaxpool2d 2\nflatten\ndense 6\nbatchnorm\nactivation relu\ndropout 0.1\ndense 3 activation=softmax'],
    ['a linear hidden layer (no activation layer) and a logits output',
      'input 2\ndense 5\ndense 4 activation=sigmoid use_bias=false\ndense 3',
      'input 2\ndense 5\nbatchnorm\ndense 4 use_bias=false\nbatchnorm\nactivation sigmoid\ndense 3'],
  ];
  for (const [what, text, expectedText] of cases) {
    it(`${what}: kinds, shapes and parameter counts equal the core's analysis of the same model written out`, () => {
      const spec = specOf(text);
      const expected = specOf(expectedText);
      assert.deepEqual(spec.errors, []);
      assert.deepEqual(expected.errors, []);
      const out = insertBatchNorm(spec.inputShape as number[], spec.layers);
      assert.deepEqual(out.layers.map((l) => l.config.kind), expected.layers.map((l) => l.config.kind));
      assert.deepEqual(out.layers.map((l) => l.outputShape), expected.layers.map((l) => l.outputShape));
      assert.deepEqual(out.layers.map((l) => l.params), expected.layers.map((l) => l.params));
      assert.deepEqual(out.layers.map((l) => l.kerasClass), expected.layers.map((l) => l.kerasClass));
      assert.equal(totalParams(out.layers), expected.totalParams);
      // Activations moved, not changed; the weighted layers keep everything but their activation.
      out.layers.forEach((l, i) => {
        const want = expected.layers[i].config;
        if (l.config.kind === 'activation' && want.kind === 'activation') assert.equal(l.config.activation.name, want.activation.name);
        if (l.config.kind === 'batchnorm') assert.deepEqual(l.config, want);
      });
      // Every inserted layer is new; every other one names the spec layer it came from.
      assert.equal(out.origin.filter((o) => o === -1).length, out.inserted);
      assert.equal(out.inserted, expected.layers.filter((l) => l.config.kind === 'batchnorm').length);
      assert.equal(new Set(out.layers.map((l) => l.name)).size, out.layers.length);
    });
  }

  it('uses Keras\'s BatchNormalization defaults and leaves the spec\'s layers untouched', () => {
    const spec = specOf('input 2\ndense 4 activation=relu\ndense 2 activation=softmax');
    const before = JSON.stringify(spec.layers);
    const out = insertBatchNorm([2], spec.layers);
    assert.equal(JSON.stringify(spec.layers), before);
    const bn = out.layers.find((l) => l.config.kind === 'batchnorm');
    assert.deepEqual(bn?.config, { kind: 'batchnorm', momentum: KERAS_BN_MOMENTUM, epsilon: KERAS_BN_EPSILON, axis: -1, center: true, scale: true });
    assert.deepEqual([KERAS_BN_MOMENTUM, KERAS_BN_EPSILON], [0.99, 0.001]);
  });

  it('the TF.js model built from the result has the parameters the transform counts', async () => {
    await tf.setBackend('cpu');
    const spec = specOf('input 8x8x3\nconv2d 4 3 activation=prelu\nflatten\ndense 6 activation=relu\ndense 3 activation=softmax');
    const out = insertBatchNorm([8, 8, 3], spec.layers);
    const built = buildModel([8, 8, 3], out.layers, 1);
    try {
      assert.equal(built.model.countParams(), totalParams(out.layers));
    } finally {
      built.model.dispose();
    }
  });
});

const toySpec = specOf('input 2\ndense 12 activation=relu\ndense 3 activation=softmax');
const toy = makeToy('spiral', 96, 3, 5);
const dataset: EngineDataset = { kind: 'points', count: toy.count, sampleShape: [2], numClasses: 3, xs: toy.xs, labels: toy.labels };
const settings = { optimizer: 'adam' as const, learningRate: 0.01, batchSize: 16, epochs: 2, validationSplit: 0.25, seed: 7 };

const bytesOf = (arrays: Float32Array[][]) => Buffer.concat(arrays.flat().map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));

describe('runCompare: the same initial weights and batches for every variant (TF.js CPU in Node)', function () {
  this.timeout(120_000);
  before(async () => {
    await tf.setBackend('cpu');
  });

  async function compare(layers: TrainLayer[], variants: CompareMessage['variants'], stopAfter?: number) {
    const initial: Float32Array[][][] = [];
    const results: CompareVariantResult[] = [];
    const fingerprints: string[] = [];
    const control = { stopRequested: false, paused: false };
    let batches = 0;
    const outcome = await runCompare({ inputShape: [2], layers, dataset, lossMode: 'softmax', settings, seed: 1234, variants }, control, {
      onInitialWeights: (v, shared) => { initial[v] = shared; },
      onVariantStart: (v, info) => { fingerprints[v] = info.weightsFingerprint; },
      onBatch: () => {
        batches += 1;
        if (stopAfter !== undefined && batches === stopAfter) control.stopRequested = true;
      },
      onVariantDone: (v, r) => { results[v] = r; },
    });
    return { initial, results, fingerprints, outcome, batches };
  }

  it('two optimizers: byte-identical initial weights (the spec\'s, with its seed), identical batches, different runs, no tensor left', async () => {
    const start = tf.memory().numTensors;
    const { initial, results, fingerprints, outcome } = await compare(toySpec.layers, [
      { label: 'Adam 0.01', optimizer: 'adam', learningRate: 0.01, batchNorm: false },
      { label: 'SGD 0.01', optimizer: 'sgd', learningRate: 0.01, batchNorm: false },
    ]);
    assert.deepEqual(outcome, { stopped: false });
    assert.equal(initial.length, 2);
    assert.ok(bytesOf(initial[0]).equals(bytesOf(initial[1])), 'the same initial weights, byte for byte');
    // They are the spec's model with the panel's seed; another seed gives other weights (the check can fail).
    const fromSeed = await specInitialWeights([2], toySpec.layers, 1234);
    assert.ok(bytesOf(fromSeed.map((w) => w.values)).equals(bytesOf(initial[0])));
    const otherSeed = await specInitialWeights([2], toySpec.layers, 1235);
    assert.ok(!bytesOf(otherSeed.map((w) => w.values)).equals(bytesOf(initial[0])));
    assert.equal(fingerprints[0], fingerprints[1]);
    assert.equal(results[0].batchesFingerprint, results[1].batchesFingerprint);
    for (const r of results) {
      assert.deepEqual(r.outcome, { status: 'done', epochs: 2 });
      assert.equal(r.tensorsAfter, r.tensorsBefore, 'the variant freed its tensors');
      assert.ok(r.final && Number.isFinite(r.final.loss) && r.final.valLoss !== undefined);
    }
    assert.notEqual(results[0].final?.loss, results[1].final?.loss, 'Adam and SGD trained differently');
    assert.equal(tf.memory().numTensors, start);
  });

  it('another batch order gives another batch fingerprint (the fingerprint sees the order)', async () => {
    const fingerprintWith = async (seed: number) => {
      let fp = '';
      await runCompare({ inputShape: [2], layers: toySpec.layers, dataset, lossMode: 'softmax', settings: { ...settings, epochs: 1, seed }, seed: 1234,
        variants: [{ label: 'a', optimizer: 'sgd', learningRate: 0.01, batchNorm: false }] }, { stopRequested: false, paused: false }, {
        onVariantDone: (_v, r) => { fp = r.batchesFingerprint; },
      });
      return fp;
    };
    assert.equal(await fingerprintWith(7), await fingerprintWith(7));
    assert.notEqual(await fingerprintWith(7), await fingerprintWith(8));
  });

  it('with and without batch normalization at two learning rates: the layers they share start byte-identical', async () => {
    const { initial, results, fingerprints } = await compare(toySpec.layers, [
      { label: 'no BN, 0.01', optimizer: 'sgd', learningRate: 0.01, batchNorm: false },
      { label: 'BN, 0.01', optimizer: 'sgd', learningRate: 0.01, batchNorm: true },
      { label: 'no BN, 0.1', optimizer: 'sgd', learningRate: 0.1, batchNorm: false },
      { label: 'BN, 0.1', optimizer: 'sgd', learningRate: 0.1, batchNorm: true },
    ]);
    assert.equal(results.length, 4);
    for (let v = 1; v < 4; v++) {
      assert.ok(bytesOf(initial[v]).equals(bytesOf(initial[0])), `variant ${v} starts from the same weights`);
      assert.equal(fingerprints[v], fingerprints[0]);
      assert.equal(results[v].batchesFingerprint, results[0].batchesFingerprint);
      assert.equal(results[v].tensorsAfter, results[v].tensorsBefore);
    }
  });

  it('normalized inputs train on other numbers from the same weights and batches', async () => {
    const channels = 2;
    const nTrain = 72;
    const { results, fingerprints } = await compare(toySpec.layers, [
      { label: 'off', optimizer: 'adam', learningRate: 0.01, batchNorm: false },
      { label: 'zero-centre', optimizer: 'adam', learningRate: 0.01, batchNorm: false, inputNorm: fitInputNorm(dataset.xs, 2, channels, nTrain, 'center') },
      { label: 'standardize', optimizer: 'adam', learningRate: 0.01, batchNorm: false, inputNorm: fitInputNorm(dataset.xs, 2, channels, nTrain, 'standardize') },
    ]);
    assert.equal(new Set(fingerprints).size, 1);
    assert.equal(new Set(results.map((r) => r.batchesFingerprint)).size, 1);
    assert.equal(new Set(results.map((r) => r.final?.loss)).size, 3);
  });

  it('a CNN (explicit padding, PReLU, dropout) with and without batch normalization: the shared layers start byte-identical', async () => {
    const cnn = specOf('input 8x8x3\nconv2d 4 3 padding=1 activation=prelu\nmaxpool2d 2\nflatten\ndense 6 activation=relu\ndropout 0.2\ndense 3 activation=softmax');
    assert.deepEqual(cnn.errors, []);
    const rand = mulberry32(9);
    const count = 40;
    const images: EngineDataset = {
      kind: 'images', count, sampleShape: [8, 8, 3], numClasses: 3,
      xs: Float32Array.from({ length: count * 192 }, () => rand()), labels: Uint8Array.from({ length: count }, (_, i) => i % 3),
    };
    const initial: Float32Array[][][] = [];
    const results: CompareVariantResult[] = [];
    const start = tf.memory().numTensors;
    await runCompare({ inputShape: [8, 8, 3], layers: cnn.layers, dataset: images, lossMode: 'softmax', settings: { ...settings, epochs: 1, batchSize: 8 }, seed: 1234,
      variants: [
        { label: 'plain', optimizer: 'sgd', learningRate: 0.05, batchNorm: false },
        { label: 'BN', optimizer: 'sgd', learningRate: 0.05, batchNorm: true },
      ] }, { stopRequested: false, paused: false }, {
      onInitialWeights: (v, shared) => { initial[v] = shared; },
      onVariantDone: (v, r) => { results[v] = r; },
    });
    assert.ok(bytesOf(initial[0]).equals(bytesOf(initial[1])));
    // The conv layer's kernel, bias and PReLU α, the two dense layers' kernels and biases.
    assert.deepEqual(initial[1].map((ws) => ws.length), [3, 0, 0, 2, 0, 2]);
    assert.deepEqual(results.map((r) => r.outcome.status), ['done', 'done']);
    assert.equal(results[0].batchesFingerprint, results[1].batchesFingerprint);
    assert.equal(tf.memory().numTensors, start);
  });

  it('Pause holds the compare before its next batch; Resume goes on', async () => {
    const control = { stopRequested: false, paused: false };
    let batches = 0;
    const pauses: boolean[] = [];
    const run = runCompare({ inputShape: [2], layers: toySpec.layers, dataset, lossMode: 'softmax', settings: { ...settings, epochs: 1 }, seed: 1234,
      variants: [{ label: 'a', optimizer: 'sgd', learningRate: 0.01, batchNorm: false }] }, control, {
      onBatch: () => {
        batches += 1;
        if (batches === 2) control.paused = true;
      },
      onPauseChange: (p) => pauses.push(p),
    });
    while (pauses.length === 0) await new Promise((r) => setTimeout(r, 10));
    // Held: several of the loop's 50 ms polls pass without a batch.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(batches, 2);
    control.paused = false;
    assert.deepEqual(await run, { stopped: false });
    assert.deepEqual(pauses, [true, false]);
    assert.equal(batches, 5);
  });

  it('Stop ends the compare within one batch: the variants left do not run, and the tensors are freed', async () => {
    const start = tf.memory().numTensors;
    const { results, outcome, batches } = await compare(toySpec.layers, [
      { label: 'a', optimizer: 'adam', learningRate: 0.01, batchNorm: false },
      { label: 'b', optimizer: 'sgd', learningRate: 0.01, batchNorm: false },
    ], 3);
    assert.deepEqual(outcome, { stopped: true });
    assert.equal(batches, 3);
    assert.equal(results.length, 1);
    assert.deepEqual(results[0].outcome, { status: 'stopped', epochs: 0 });
    assert.equal(tf.memory().numTensors, start);
  });
});

describe('compare messages: parsed and rebuilt, malformed ones rejected', () => {
  const norm = { mode: 'standardize' as const, mean: [0.1, -0.2], std: [0.5, 0.7], samples: 72 };
  const request: CompareMessage = {
    type: 'compare', id: 9, inputShape: [2], layers: toySpec.layers, dataset, settings, lossMode: 'softmax', seed: 1234,
    variants: [
      { label: 'Adam', optimizer: 'adam', learningRate: 0.01, batchNorm: false },
      { label: 'SGD + BN', optimizer: 'sgd', learningRate: 0.1, batchNorm: true, inputNorm: norm },
    ],
  };

  it('rebuilds a compare request without extra fields and rejects malformed ones', () => {
    const parsed = parseToTrainEngine({ ...request, extra: 1, variants: request.variants.map((v) => ({ ...v, extra: 2 })) });
    assert.deepEqual(parsed, request);
    const variant = request.variants[1];
    const bad: unknown[] = [
      { ...request, variants: [] },
      { ...request, variants: Array.from({ length: 9 }, () => request.variants[0]) },
      { ...request, variants: 'all' },
      { ...request, variants: [{ ...variant, optimizer: 'lbfgs' }] },
      { ...request, variants: [{ ...variant, learningRate: 0 }] },
      { ...request, variants: [{ ...variant, learningRate: Infinity }] },
      { ...request, variants: [{ ...variant, batchNorm: 'yes' }] },
      { ...request, variants: [{ ...variant, label: 7 }] },
      { ...request, variants: [{ ...variant, label: 'x'.repeat(201) }] },
      { ...request, variants: [{ ...variant, inputNorm: { ...norm, mode: 'whiten' } }] },
      { ...request, variants: [{ ...variant, inputNorm: { ...norm, std: [0.5] } }] },
      { ...request, variants: [{ ...variant, inputNorm: { ...norm, mean: [NaN, 0] } }] },
      // Three channels do not divide a sample of two values.
      { ...request, variants: [{ ...variant, inputNorm: { ...norm, mean: [0, 0, 0], std: [1, 1, 1] } }] },
      { ...request, inputShape: [3] },
      { ...request, seed: 1.5 },
      { ...request, lossMode: 'mse' },
      { ...request, layers: [] },
      { ...request, settings: { ...settings, epochs: 0 } },
      { ...request, id: -1 },
    ];
    for (const m of bad) assert.equal(parseToTrainEngine(m), undefined, JSON.stringify(m)?.slice(0, 200));
  });

  it('a train request carries the normalize setting\'s statistics, checked the same way', () => {
    const train = { type: 'train' as const, id: 2, dataset, settings, lossMode: 'softmax' as const, watchDeadRelu: false, inputNorm: norm };
    assert.deepEqual(parseToTrainEngine(train), train);
    assert.equal(parseToTrainEngine({ ...train, inputNorm: { ...norm, samples: -1 } }), undefined);
    assert.equal(parseToTrainEngine({ ...train, inputNorm: null }), undefined);
  });

  it('rebuilds the engine\'s compare messages and rejects malformed ones', () => {
    const memory = { numTensors: 3, numBytes: 12 };
    const report = { epoch: 1, batch: 1, step: 1, batchesPerEpoch: 5, samplesDone: 16, samplesTotal: 144, loss: 1.1, accuracy: 0.3, epochLoss: 1.1, epochAccuracy: 0.3, samplesPerSecond: 100, etaSeconds: 1 };
    const good: FromTrainEngine[] = [
      { type: 'compareStart', id: 9, variant: 1, weightsFingerprint: '0123456789abcdef', params: 87 },
      { type: 'compareBatch', id: 9, variant: 0, report },
      { type: 'compareEpoch', id: 9, variant: 0, report: { epoch: 1, loss: 1, accuracy: 0.5, valLoss: 1.2, valAccuracy: 0.4, seconds: 0.1, numTensors: 3 }, memory },
      { type: 'compareResult', id: 9, variant: 1, outcome: { status: 'diverged', message: 'NaN', step: 3 }, batchesFingerprint: '89abcdef', tensorsBefore: 3, tensorsAfter: 3 },
      { type: 'compareResult', id: 9, variant: 0, outcome: { status: 'done', epochs: 2 }, batchesFingerprint: '89abcdef', final: { loss: 0.5, accuracy: 0.8, valLoss: 0.6, valAccuracy: 0.7 }, tensorsBefore: 3, tensorsAfter: 3 },
      { type: 'compareDone', id: 9, stopped: false, memory },
    ];
    for (const m of good) assert.deepEqual(parseFromTrainEngine({ ...m, injected: true }), m, m.type);
    const bad: unknown[] = [
      { type: 'compareStart', id: 9, variant: 8, weightsFingerprint: '0123456789abcdef', params: 87 },
      { type: 'compareStart', id: 9, variant: 0, weightsFingerprint: 'not hex!', params: 87 },
      { type: 'compareBatch', id: 9, variant: -1, report },
      { type: 'compareBatch', id: 9, variant: 0, report: { ...report, step: 0 } },
      { type: 'compareEpoch', id: 9, variant: 0, report: { epoch: 1 }, memory },
      { type: 'compareResult', id: 9, variant: 0, outcome: { status: 'won' }, batchesFingerprint: '89abcdef', tensorsBefore: 3, tensorsAfter: 3 },
      { type: 'compareResult', id: 9, variant: 0, outcome: { status: 'done', epochs: 1 }, batchesFingerprint: '89abcdef', final: { loss: 'low' }, tensorsBefore: 3, tensorsAfter: 3 },
      { type: 'compareResult', id: 9, variant: 0, outcome: { status: 'done', epochs: 1 }, batchesFingerprint: '89abcdef', tensorsBefore: -3, tensorsAfter: 3 },
      { type: 'compareDone', id: 9, stopped: 'no', memory },
      { type: 'compareDone', id: 9, stopped: false },
    ];
    for (const m of bad) assert.equal(parseFromTrainEngine(m), undefined, JSON.stringify(m).slice(0, 160));
  });

  it('the engine answers a compare with messages the page accepts: a start, batches and epochs per variant, a result each, then done', async function () {
    this.timeout(120_000);
    const received: FromTrainEngine[] = [];
    let done: (m: FromTrainEngine) => void = () => undefined;
    const finished = new Promise<FromTrainEngine>((resolve) => { done = resolve; });
    const send = createTrainEngine((msg) => {
      const parsed = parseFromTrainEngine(structuredClone(msg));
      assert.ok(parsed, `the page's parser accepts the engine's ${msg.type} message`);
      received.push(parsed);
      if (parsed.type === 'compareDone' || parsed.type === 'failed') done(parsed);
    }, 'worker');
    send({ ...request, settings: { ...settings, epochs: 1 } });
    const end = await finished;
    assert.equal(end.type, 'compareDone');
    const starts = received.filter((m) => m.type === 'compareStart');
    assert.equal(starts.length, 2);
    assert.equal(new Set(starts.map((m) => m.type === 'compareStart' && m.weightsFingerprint)).size, 1);
    // 96 samples, a quarter held out: 72 in batches of 16 = 5 batches, one epoch, for each variant.
    assert.deepEqual(received.filter((m) => m.type === 'compareBatch').map((m) => m.type === 'compareBatch' && m.variant), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    assert.equal(received.filter((m) => m.type === 'compareEpoch').length, 2);
    const results = received.filter((m) => m.type === 'compareResult');
    assert.equal(results.length, 2);
    assert.equal(new Set(results.map((m) => m.type === 'compareResult' && m.batchesFingerprint)).size, 1);
  });
});

describe('normalize inputs in the engine: training, evaluation and the boundary grid see the normalized inputs', function () {
  this.timeout(120_000);

  /** Builds and trains through the engine's messages; resolves with every message of the run. */
  async function trainThrough(ds: EngineDataset, inputNorm?: ReturnType<typeof fitInputNorm>): Promise<FromTrainEngine[]> {
    const received: FromTrainEngine[] = [];
    let done: () => void = () => undefined;
    const trained = new Promise<void>((resolve) => { done = resolve; });
    const send = createTrainEngine((msg) => {
      const parsed = parseFromTrainEngine(structuredClone(msg));
      assert.ok(parsed);
      received.push(parsed);
      if (parsed.type === 'trained' || parsed.type === 'failed') done();
    }, 'worker');
    send({ type: 'start' });
    send({ type: 'build', id: 1, inputShape: [2], layers: toySpec.layers, seed: 1234 });
    send({ type: 'train', id: 2, dataset: ds, settings: { ...settings, epochs: 1 }, lossMode: 'softmax', watchDeadRelu: false, ...(inputNorm ? { inputNorm } : {}) });
    await trained;
    return received;
  }

  it('training on raw data with the setting equals training on data normalized beforehand: same losses, same boundary', async () => {
    await tf.setBackend('cpu');
    // One mean and std for both axes: the boundary's square extent (draw.ts pointsExtent spans both
    // axes at once) then maps onto the normalized data's extent exactly.
    const fitted = fitInputNorm(dataset.xs, 2, 2, 72, 'standardize');
    assert.ok(fitted);
    const norm = { ...fitted, mean: [fitted.mean[0], fitted.mean[0]], std: [fitted.std[0], fitted.std[0]] };
    const withSetting = await trainThrough(dataset, norm);
    const beforehand = await trainThrough({ ...dataset, xs: applyInputNorm(dataset.xs, norm) });
    const plain = await trainThrough(dataset);
    const losses = (ms: FromTrainEngine[]) => ms.flatMap((m) => (m.type === 'batch' ? [m.report.loss] : []));
    assert.ok(losses(withSetting).length > 0);
    assert.deepEqual(losses(withSetting), losses(beforehand));
    assert.notDeepEqual(losses(withSetting), losses(plain), 'the setting changes what the model sees');
    const trained = (ms: FromTrainEngine[]) => ms.find((m) => m.type === 'trained');
    const a = trained(withSetting);
    const b = trained(beforehand);
    assert.ok(a?.type === 'trained' && b?.type === 'trained' && a.evaluation && b.evaluation);
    assert.deepEqual(a.evaluation.predictions, b.evaluation.predictions);
    // The boundary grid spans the raw data's extent, normalized as the inputs were: the same
    // points as a grid over the normalized data's extent (float rounding aside).
    const boundary = (ms: FromTrainEngine[]) => ms.filter((m) => m.type === 'boundary').at(-1);
    const pa = boundary(withSetting);
    const pb = boundary(beforehand);
    assert.ok(pa?.type === 'boundary' && pb?.type === 'boundary');
    assert.notDeepEqual(pa.extent, pb.extent, 'the picture stays in the data\'s own coordinates');
    let worst = 0;
    for (let i = 0; i < pa.probs.length; i++) worst = Math.max(worst, Math.abs(pa.probs[i] - pb.probs[i]));
    assert.ok(worst < 1e-4, `boundary probabilities differ by ${worst}`);
  });
});
