// A spec's `normalize` line (Keras's Normalization) built and trained by TF.js on its CPU backend in
// Node: the layer's 2C + 1 non-trainable weights as the core counts them, its adapt() on the
// training split equal to the data explorer's statistics (webview/shared/dataStats.ts) and to what
// the exported PyTorch script prints, and its outputs standardized on the training split.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../../src/core';
import { exportPyTorch } from '../../../../../src/core/export';
import { trainSpecFromAnalysis, type TrainSpec } from '../../../../../src/protocol/train';
import { channelStats } from '../../../../../webview/shared/dataStats';
import { imagesDataset, makeShapes, makeToy, parseMnistBinary, splitValidation, type Dataset } from '../../../../../webview/shared/training/datasets';
import { buildModel, describeBuilt, type BuiltModel } from '../../../../../webview/shared/training/model';
import { adaptNormalizations, isNormalization, Normalization } from '../../../../../webview/shared/training/normalization';
import { lossModeFor, train, type TrainSettings } from '../../../../../webview/shared/training/trainer';
import { trainedWeights } from '../../../../../webview/train/engine/weights';
import { hasTorch, python } from '../../../core/export/python';

function specOf(text: string): TrainSpec & { inputShape: number[] } {
  const a = analyze(text);
  assert.equal(a.hasErrors, false, JSON.stringify(a.diagnostics));
  const spec = trainSpecFromAnalysis('file:///n.netspec', 'n.netspec', a);
  assert.ok(spec.inputShape);
  return spec as TrainSpec & { inputShape: number[] };
}

/** The TF.js model's counts, spec layer by spec layer and in all, equal the core's. */
function assertCountsEqualCore(spec: TrainSpec, built: BuiltModel): void {
  const described = describeBuilt(built);
  assert.deepEqual(described.map((d) => d.params), spec.layers.map((l) => l.params));
  assert.deepEqual(described.map((d) => d.outputShape), spec.layers.map((l) => l.outputShape));
  assert.equal(built.model.countParams(), spec.totalParams);
}

function normalizationOf(built: BuiltModel): Normalization {
  const layer = built.model.layers.find(isNormalization);
  assert.ok(layer, 'the model holds a Normalization layer');
  return layer;
}

/** Per-channel mean and population std of `t` (channels last), in float64. */
async function perChannel(t: tf.Tensor): Promise<{ mean: number[]; std: number[] }> {
  const c = t.shape[t.rank - 1];
  const s = channelStats(await t.data(), c, c, t.size / c);
  return { mean: s.mean, std: s.std };
}

/** The layer's outputs for the first `n` samples of `ds` (inference mode, every layer up to it). */
function outputsUpTo(built: BuiltModel, layer: tf.layers.Layer, ds: Dataset, n: number): tf.Tensor {
  return tf.tidy(() => {
    const size = ds.sampleShape.reduce((p, d) => p * d, 1);
    let h: tf.Tensor = tf.tensor(ds.xs.subarray(0, n * size), [n, ...ds.sampleShape]);
    for (const l of built.model.layers.filter((x) => x.getClassName() !== 'InputLayer')) {
      h = l.apply(h, { training: false }) as tf.Tensor;
      if (l === layer) break;
    }
    return h;
  });
}

const settings = (over: Partial<TrainSettings> = {}): TrainSettings => ({ optimizer: 'adam', learningRate: 0.02, batchSize: 32, epochs: 3, validationSplit: 0.3, seed: 7, ...over });
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

function mnist(count: number): Dataset | undefined {
  const file = join(__dirname, '../../../../../dist/webview/mnist-digits.bin');
  if (!existsSync(file)) return undefined;
  const buf = readFileSync(file);
  const src = parseMnistBinary(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const ds = imagesDataset('mnist', src, [28, 28, 1], [...'0123456789'], count, 3);
  assert.ok(ds.ok);
  return ds.value;
}

describe('train: a normalize layer (Keras Normalization) in TF.js', function () {
  this.timeout(120_000);
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('on a toy: 2C + 1 non-trainable weights, adapt() on the training split only, standardized outputs, and it trains', async () => {
    const spec = specOf('input 2\nnormalize\ndense 16 activation=relu\ndense 3 activation=softmax');
    // Far from zero-mean, unit-variance inputs, so the layer has something to do.
    const ds = makeToy('spiral', 600, 3, 7);
    for (let i = 0; i < ds.xs.length; i++) ds.xs[i] = ds.xs[i] * (i % 2 ? 40 : 0.05) + (i % 2 ? -7 : 3);
    const built = buildModel(spec.inputShape, spec.layers, 1);
    try {
      assert.equal(spec.layers[0].params, 2 * 2 + 1);
      assertCountsEqualCore(spec, built);
      const norm = normalizationOf(built);
      assert.equal(norm.trainableWeights.length, 0);
      assert.deepEqual(norm.nonTrainableWeights.map((w) => w.shape), [[2], [2], []]);
      // Before adapt(): Keras's initial values, mean 0 and variance 1.
      assert.deepEqual(norm.statistics(), { mean: [0, 0], variance: [1, 1] });

      const s = settings();
      const nTrain = splitValidation(ds.count, s.validationSplit).train;
      const losses: number[] = [];
      const outcome = await train(built.model, ds, lossModeFor(spec.layers).mode, s, { stopRequested: false, paused: false }, { onEpoch: (r) => void losses.push(r.loss) });
      assert.deepEqual(outcome, { status: 'done', epochs: 3 });
      assert.ok(losses[2] < losses[0], `loss falls: ${losses.join(' → ')}`);

      const expected = channelStats(ds.xs, 2, 2, nTrain);
      const got = norm.statistics();
      for (let k = 0; k < 2; k++) {
        close(got.mean[k], expected.mean[k], 1e-6, `mean ${k}`);
        close(got.variance[k], expected.std[k] ** 2, 1e-6, `variance ${k}`);
      }
      // Every sample (the validation ones too) gives other numbers: only the training split was used.
      const all = channelStats(ds.xs, 2, 2, ds.count);
      assert.ok(all.mean.some((m, k) => Math.abs(m - got.mean[k]) > 1e-3 * Math.max(1, Math.abs(m))), 'the validation samples would change the mean');

      const out = outputsUpTo(built, norm, ds, nTrain);
      const st = await perChannel(out);
      out.dispose();
      for (let k = 0; k < 2; k++) {
        close(st.mean[k], 0, 1e-5, `output mean ${k}`);
        close(st.std[k], 1, 1e-5, `output std ${k}`);
      }
      // The statistics do not move while training: no gradient reaches them; adapting again leaks no tensor.
      const tensorsBefore = tf.memory().numTensors;
      const again = await adaptNormalizations(built.model, ds, nTrain);
      assert.equal(tf.memory().numTensors, tensorsBefore);
      assert.deepEqual(norm.statistics().mean, got.mean);
      assert.equal(again.length, 1);
      assert.equal(again[0].samples, nTrain);
      for (let k = 0; k < 2; k++) close(again[0].mean[k], got.mean[k], 1e-6, `re-adapted mean ${k}`);
    } finally {
      built.model.dispose();
    }
  });

  it('on MNIST digits: one mean and variance (2·1 + 1 weights), pixel mean ≈ 0 and std ≈ 1 on the training split, and it trains', async function () {
    const ds = mnist(1200);
    if (!ds) this.skip(); // dist/webview/mnist-digits.bin is built by npm run build
    const spec = specOf('input 28x28x1\nnormalize\nflatten\ndense 10 activation=softmax');
    const built = buildModel(spec.inputShape, spec.layers, 1);
    try {
      assert.equal(spec.layers[0].params, 3);
      assertCountsEqualCore(spec, built);
      const s = settings({ epochs: 2, validationSplit: 0.25, learningRate: 0.005 });
      const nTrain = splitValidation(ds.count, s.validationSplit).train;
      const accuracies: number[] = [];
      await train(built.model, ds, lossModeFor(spec.layers).mode, s, { stopRequested: false, paused: false }, { onEpoch: (r) => void accuracies.push(r.valAccuracy ?? 0) });
      assert.ok(accuracies[1] > 0.6, `validation accuracy ${accuracies.join(', ')}`);
      const norm = normalizationOf(built);
      const expected = channelStats(ds.xs, 784, 1, nTrain);
      const got = norm.statistics();
      close(got.mean[0], expected.mean[0], 1e-6, 'mean');
      close(got.variance[0], expected.std[0] ** 2, 1e-6, 'variance');
      const out = outputsUpTo(built, norm, ds, nTrain);
      const st = await perChannel(out);
      out.dispose();
      close(st.mean[0], 0, 1e-4, 'output mean');
      close(st.std[0], 1, 1e-4, 'output std');
    } finally {
      built.model.dispose();
    }
  });

  it('on 3-channel images and after other layers: each layer adapts to its own inputs (the layers before it in inference mode)', async () => {
    const spec = specOf('input 8x8x3\nnormalize\nconv2d 4 3x3 activation=relu\nnormalize\nflatten\ndense 10 activation=softmax');
    const ds = makeShapes(300, 8, 8, 3, 11);
    const built = buildModel(spec.inputShape, spec.layers, 1);
    try {
      assert.deepEqual([spec.layers[0].params, spec.layers[2].params], [2 * 3 + 1, 2 * 4 + 1]);
      assertCountsEqualCore(spec, built);
      const nTrain = splitValidation(ds.count, 0.2).train;
      const adapted = await adaptNormalizations(built.model, ds, nTrain);
      assert.equal(adapted.length, 2);
      const expected = channelStats(ds.xs, 192, 3, nTrain);
      for (let k = 0; k < 3; k++) close(adapted[0].mean[k], expected.mean[k], 1e-9, `first mean ${k}`);
      const norms = built.model.layers.filter(isNormalization);
      for (const norm of norms) {
        const out = outputsUpTo(built, norm, ds, nTrain);
        const st = await perChannel(out);
        out.dispose();
        st.mean.forEach((m, k) => close(m, 0, 1e-4, `${norm.name} output mean ${k}`));
        // A ReLU channel that is zero everywhere keeps std 0 (divided by max(√0, 1e-7)); the others reach 1.
        st.std.forEach((d, k) => assert.ok(Math.abs(d - 1) < 1e-4 || d === 0, `${norm.name} output std ${k}: ${d}`));
      }
    } finally {
      built.model.dispose();
    }
  });

  it('axis=1 keeps one mean and variance per row, as Keras', async () => {
    const spec = specOf('input 4x5x3\nnormalize axis=1\nflatten\ndense 3 activation=softmax');
    const ds = makeShapes(50, 4, 5, 3, 3);
    const built = buildModel(spec.inputShape, spec.layers, 1);
    try {
      assert.equal(spec.layers[0].params, 2 * 4 + 1);
      assertCountsEqualCore(spec, built);
      const [adapted] = await adaptNormalizations(built.model, ds, 40);
      // Direct: row r's values over the 40 training samples, every column and channel.
      for (let r = 0; r < 4; r++) {
        const vals: number[] = [];
        for (let i = 0; i < 40; i++) for (let c = 0; c < 15; c++) vals.push(ds.xs[i * 60 + r * 15 + c]);
        const mean = vals.reduce((p, v) => p + v, 0) / vals.length;
        const variance = vals.reduce((p, v) => p + (v - mean) ** 2, 0) / vals.length;
        close(adapted.mean[r], mean, 1e-6, `row ${r} mean`);
        close(adapted.variance[r], variance, 1e-6, `row ${r} variance`);
      }
    } finally {
      built.model.dispose();
    }
  });

  it('mean= and variance= given: no weights (0 parameters, as the core), (x − mean)/√variance, nothing adapted', async () => {
    const spec = specOf('input 3\nnormalize mean=2 variance=4\ndense 2 activation=softmax');
    const built = buildModel(spec.inputShape, spec.layers, 1);
    try {
      assert.equal(spec.layers[0].params, 0);
      assertCountsEqualCore(spec, built);
      const norm = normalizationOf(built);
      assert.equal(norm.getWeights().length, 0);
      const y = norm.apply(tf.tensor2d([[0, 2, 6]])) as tf.Tensor;
      assert.deepEqual(Array.from(await y.data()), [-1, 0, 2]);
      y.dispose();
      const ds = makeToy('blobs', 30, 2, 1);
      assert.deepEqual(await adaptNormalizations(built.model, { ...ds, sampleShape: [3], xs: new Float32Array(90) }, 20), []);
      // Variance 0: Keras divides by max(√0, epsilon 1e-7), never by zero.
      const zero = new Normalization({ axis: -1, mean: 1, variance: 0 });
      const z = zero.apply(tf.tensor2d([[1.5]])) as tf.Tensor;
      close((await z.data())[0], 0.5 / 1e-7, 1e-6, 'divided by epsilon');
      z.dispose();
    } finally {
      built.model.dispose();
    }
  });

  it('the trained weights reach the export without the statistics (the scripts adapt() them again)', async () => {
    const spec = specOf('input 2\nnormalize\ndense 4 activation=relu\ndense 3 activation=softmax');
    const built = buildModel(spec.inputShape, spec.layers, 1);
    try {
      const result = await trainedWeights(spec, built.groups);
      assert.ok(result.ok, result.ok ? '' : result.message);
      assert.deepEqual(result.weights.map((w) => w.name), ['dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias']);
    } finally {
      built.model.dispose();
    }
  });

  it('adapts to the numbers the exported PyTorch script prints for the same training split', async function () {
    if (!hasTorch()) {
      console.log(`      (skipped: ${python} cannot import torch)`);
      this.skip();
    }
    const text = 'input 2\nnormalize\ndense 8 activation=relu\ndense 3 activation=softmax';
    const spec = specOf(text);
    const exported = exportPyTorch(analyze(text), { specName: 'norm.netspec', settings: { samples: 600, validationSplit: 0.2, seed: 7, epochs: 1, dataset: 'spiral' } });
    assert.ok(exported.ok, exported.ok ? '' : exported.message);
    const dir = mkdtempSync(join(tmpdir(), 'netlens-normalize-tfjs-'));
    const built = buildModel(spec.inputShape, spec.layers, 1);
    try {
      const file = join(dir, 'norm.py');
      writeFileSync(file, exported.text);
      const run = spawnSync(python, [file, '--cpu'], { encoding: 'utf8', timeout: 240_000 });
      assert.equal(run.status, 0, `${run.stderr}\n${run.stdout}`);
      const m = /^normalization: adapt\(\) on (\d+) training samples: (\{.*\})$/m.exec(run.stdout);
      assert.ok(m, run.stdout);
      const printed = JSON.parse(m[2]) as { mean: number[]; variance: number[] };
      // The panel's spiral with the same count, classes and seed, and the same split rule.
      const ds = makeToy('spiral', 600, 3, 7);
      const nTrain = splitValidation(600, 0.2).train;
      assert.equal(Number(m[1]), nTrain);
      await train(built.model, ds, lossModeFor(spec.layers).mode, settings({ epochs: 1, validationSplit: 0.2 }), { stopRequested: false, paused: false });
      const got = normalizationOf(built).statistics();
      for (let k = 0; k < 2; k++) {
        close(got.mean[k], printed.mean[k], 1e-6, `mean ${k}`);
        close(got.variance[k], printed.variance[k], 1e-6, `variance ${k}`);
      }
    } finally {
      built.model.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
