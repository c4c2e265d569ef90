// The Train panel's regularization on TF.js's CPU backend in Node: the spec's l1/l2 penalties in
// the loss the trainer minimizes (checked against src/core/regularization.ts and λ·Σw², λ·Σ|w|
// written out here), one SGD step against a gradient computed by hand, decoupled weight decay,
// early stopping's restore of the best epoch, and the augmentation of image batches.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../../../../../src/core';
import { regularizationLoss } from '../../../../../src/core/regularization';
import { trainSpecFromAnalysis } from '../../../../../src/protocol/train';
import { makeToy } from '../../../../../webview/shared/training/datasets';
import { buildModel, regularizationTerms } from '../../../../../webview/shared/training/model';
import { applyAugmentations, augmentBatch, drawAugmentations } from '../../../../../webview/shared/training/augment';
import { mulberry32 } from '../../../../../webview/shared/training/random';
import { augmentReachesInput } from '../../../../../webview/train/regularization';
import { decayWeights, evaluate, lossModeFor, train, trainStep, type EpochReport, type TrainSettings } from '../../../../../webview/shared/training/trainer';

function specOf(text: string) {
  const spec = trainSpecFromAnalysis('file:///reg.netspec', 'reg.netspec', analyze(text));
  assert.equal(spec.errors.length, 0, spec.errors.join('\n'));
  assert.ok(spec.inputShape);
  return spec;
}

/** Deterministic weights of a given length: small values of both signs. */
const known = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + k) * 0.3);

describe('train: regularization in the training loop (TF.js CPU)', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('the penalty the trainer adds equals regularizationLoss, λ·Σw² and λ·Σ|w| on known weights', () => {
    const spec = specOf(['input 4', 'dense 5 l2=0.25 activation=relu', 'Dense(3, kernel_regularizer=l1(0.5), bias_regularizer=l2(2))', 'maxout 2 pieces=2 l1=0.125', 'dense 2'].join('\n'));
    const built = buildModel(spec.inputShape!, spec.layers, 1);
    try {
      const weights = built.model.getWeights();
      const values = weights.map((w, k) => known(w.size, k));
      built.model.setWeights(values.map((v, k) => tf.tensor(v, weights[k].shape)));
      // Weight order: dense kernel, bias; Dense(3) kernel, bias; maxout's dense kernel, bias; dense_2 kernel, bias.
      const sumSq = (v: Float32Array) => v.reduce((s, w) => s + w * w, 0);
      const sumAbs = (v: Float32Array) => v.reduce((s, w) => s + Math.abs(w), 0);
      const byHand = 0.25 * sumSq(values[0]) + 0.5 * sumAbs(values[2]) + 2 * sumSq(values[3]) + 0.125 * sumAbs(values[4]);
      const byCore = regularizationLoss(values[0], { l1: 0, l2: 0.25 }) + regularizationLoss(values[2], { l1: 0.5, l2: 0 })
        + regularizationLoss(values[3], { l1: 0, l2: 2 }) + regularizationLoss(values[4], { l1: 0.125, l2: 0 });
      const terms = regularizationTerms(built.model);
      assert.equal(terms.length, 4, 'kernel of dense, kernel and bias of Dense(3), kernel of maxout');
      const penalty = tf.addN(terms).dataSync()[0];
      tf.dispose(terms);
      assert.ok(Math.abs(penalty - byHand) < 1e-5 * Math.max(1, byHand), `${penalty} vs ${byHand}`);
      assert.ok(Math.abs(penalty - byCore) < 1e-5 * Math.max(1, byCore), `${penalty} vs ${byCore}`);
      // The same number comes back from a training step (at the weights before the step).
      const x = tf.tensor2d(known(8, 9), [2, 4]);
      const y = tf.tensor1d([0, 1], 'int32');
      const opt = tf.train.sgd(0);
      const out = trainStep(built.model, opt, 'logits', x, y, 2);
      assert.ok(out.regLoss);
      assert.ok(Math.abs(out.regLoss.dataSync()[0] - byHand) < 1e-5 * Math.max(1, byHand));
      tf.dispose([x, y, out.loss, out.correct, out.regLoss]);
      opt.dispose();
    } finally {
      built.model.dispose();
    }
  });

  it('no penalty in the spec: no term, and the step reports none', () => {
    const spec = specOf('input 3\ndense 2');
    const built = buildModel(spec.inputShape!, spec.layers, 1);
    try {
      assert.equal(regularizationTerms(built.model).length, 0);
    } finally {
      built.model.dispose();
    }
  });

  /** One SGD step of a linear softmax classifier, written out: W' = W − lr·(Xᵀ(P − Y)/n + 2λW + μ·sign(W)). */
  function handStep(W: Float32Array, b: Float32Array, X: number[][], labels: number[], lr: number, l2: number, l1: number, decay: number) {
    const [nIn, nOut] = [X[0].length, b.length];
    const gW = new Float64Array(nIn * nOut);
    const gb = new Float64Array(nOut);
    X.forEach((x, s) => {
      const z = Array.from({ length: nOut }, (_, j) => b[j] + x.reduce((acc, xi, i) => acc + xi * W[i * nOut + j], 0));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, v) => a + v, 0);
      for (let j = 0; j < nOut; j++) {
        const d = (e[j] / sum - (labels[s] === j ? 1 : 0)) / X.length;
        gb[j] += d;
        for (let i = 0; i < nIn; i++) gW[i * nOut + j] += x[i] * d;
      }
    });
    const W2 = Array.from(W, (w, k) => w * (1 - lr * decay) - lr * (gW[k] + 2 * l2 * w + l1 * Math.sign(w)));
    const b2 = Array.from(b, (v, j) => v * (1 - lr * decay) - lr * gb[j]);
    return { W2, b2 };
  }

  for (const [name, l2, l1, decay] of [['L2', 0.1, 0, 0], ['L1 and L2', 0.1, 0.05, 0], ['weight decay with L2', 0.1, 0, 0.3]] as const) {
    it(`one SGD step with ${name} equals the step computed by hand`, () => {
      const reg = l1 ? `Dense(3, kernel_regularizer=l1_l2(l1=${l1}, l2=${l2}))` : `dense 3 l2=${l2}`;
      const spec = specOf(`input 4\n${reg}`);
      const built = buildModel(spec.inputShape!, spec.layers, 3);
      try {
        const W = known(12, 1);
        const b = known(3, 2);
        built.model.setWeights([tf.tensor2d(W, [4, 3]), tf.tensor1d(b)]);
        const X = [[0.5, -1, 0.25, 2], [1, 0.5, -0.5, 0], [-1.5, 0.2, 0.3, 0.7]];
        const labels = [2, 0, 1];
        const lr = 0.5;
        const expected = handStep(W, b, X, labels, lr, l2, l1, decay);
        const opt = tf.train.sgd(lr);
        tf.tidy(() => {
          const out = trainStep(built.model, opt, 'logits', tf.tensor2d(X), tf.tensor1d(labels, 'int32'), 3, lr * decay);
          tf.dispose([out.loss, out.correct, out.regLoss!]);
        });
        opt.dispose();
        const [W2, b2] = built.model.getWeights().map((t) => Array.from(t.dataSync()));
        W2.forEach((w, k) => assert.ok(Math.abs(w - expected.W2[k]) < 1e-5, `W[${k}] ${w} vs ${expected.W2[k]}`));
        b2.forEach((v, j) => assert.ok(Math.abs(v - expected.b2[j]) < 1e-5, `b[${j}] ${v} vs ${expected.b2[j]}`));
      } finally {
        built.model.dispose();
      }
    });
  }

  it('decayWeights multiplies every trainable weight by 1 − factor', () => {
    const spec = specOf('input 2\ndense 2');
    const built = buildModel(spec.inputShape!, spec.layers, 1);
    try {
      const before = built.model.getWeights().map((t) => Array.from(t.dataSync()));
      decayWeights(built.model, 0.25);
      const after = built.model.getWeights().map((t) => Array.from(t.dataSync()));
      after.forEach((vs, k) => vs.forEach((v, i) => assert.ok(Math.abs(v - 0.75 * before[k][i]) < 1e-7)));
    } finally {
      built.model.dispose();
    }
  });

  it('reports the data loss and the penalty apart, per batch and per epoch', async () => {
    const spec = specOf('input 2\ndense 16 activation=relu l2=0.01\ndense 3 activation=softmax');
    const built = buildModel(spec.inputShape!, spec.layers, 1);
    const ds = makeToy('blobs', 120, 3, 5);
    try {
      const epochs: EpochReport[] = [];
      const regs: number[] = [];
      const settings: TrainSettings = { optimizer: 'adam', learningRate: 0.01, batchSize: 20, epochs: 2, validationSplit: 0.25, seed: 7 };
      await train(built.model, ds, 'softmax', settings, { stopRequested: false, paused: false }, {
        onBatch: (r) => void regs.push(r.regLoss ?? NaN), onEpoch: (r) => void epochs.push(r),
      });
      assert.ok(regs.every((r) => Number.isFinite(r) && r > 0), `penalty every batch: ${regs.join(', ')}`);
      assert.ok(epochs.every((e) => e.regLoss !== undefined && e.regLoss > 0));
      const perEpoch = regs.length / 2;
      const mean1 = regs.slice(0, perEpoch).reduce((a, v) => a + v, 0) / perEpoch;
      assert.ok(Math.abs(epochs[0].regLoss! - mean1) < 1e-9, 'the epoch penalty is the mean over its batches');
    } finally {
      built.model.dispose();
    }
  });

  it('early stopping restores the best epoch even when the last epoch comes before patience runs out', async () => {
    // A learning rate high enough that validation loss wobbles, many epochs, patience longer than the run.
    const spec = specOf('input 2\ndense 32 activation=relu\ndense 3 activation=softmax');
    const ds = makeToy('spiral', 150, 3, 3);
    for (const patience of [100, 2]) {
      const built = buildModel(spec.inputShape!, spec.layers, 1);
      try {
        const reports: EpochReport[] = [];
        const settings: TrainSettings = {
          optimizer: 'adam', learningRate: 0.5, batchSize: 16, epochs: 8, validationSplit: 0.3, seed: 7, earlyStopping: { patience, minDelta: 0 },
        };
        const outcome = await train(built.model, ds, lossModeFor(spec.layers).mode, settings, { stopRequested: false, paused: false }, { onEpoch: (r) => void reports.push(r) });
        assert.equal(outcome.status, 'done');
        assert.ok(outcome.status === 'done' && outcome.restored, 'a best epoch is restored');
        const valLosses = reports.map((r) => r.valLoss!);
        const bestEpoch = valLosses.indexOf(Math.min(...valLosses)) + 1;
        assert.equal(outcome.restored.epoch, bestEpoch, `best of ${valLosses.join(', ')}`);
        assert.equal(outcome.restored.stoppedEarly, reports.length < 8);
        if (patience === 100) {
          assert.equal(reports.length, 8, 'patience never ran out');
          assert.ok(bestEpoch < 8, `the best epoch is not the last, so the restore changes the weights: ${valLosses.join(', ')}`);
        }
        else assert.equal(reports.length, Math.min(8, bestEpoch + 2), 'stopped two epochs after the best');
        const n = ds.count - Math.floor(ds.count * 0.7);
        const ev = await evaluate(built.model, ds, 'softmax', ds.count - n, ds.count);
        assert.ok(ev && ev !== 'stopped');
        assert.ok(Math.abs(ev.loss - outcome.restored.valLoss) < 1e-6, `after restore ${ev.loss} vs best ${outcome.restored.valLoss}`);
      } finally {
        built.model.dispose();
      }
    }
  });

  it('the best weights are copies: the tensor count after a run is where it started', async () => {
    const spec = specOf('input 2\ndense 8 activation=relu\ndense 3 activation=softmax');
    const built = buildModel(spec.inputShape!, spec.layers, 1);
    const ds = makeToy('blobs', 90, 3, 2);
    try {
      const start = tf.memory().numTensors;
      await train(built.model, ds, 'softmax', { optimizer: 'sgd', learningRate: 0.1, batchSize: 30, epochs: 3, validationSplit: 0.3, seed: 1, earlyStopping: { patience: 1, minDelta: 0 } },
        { stopRequested: false, paused: false });
      assert.equal(tf.memory().numTensors, start);
    } finally {
      built.model.dispose();
    }
  });
});

describe('train: augmentation of image batches', () => {
  it('a flip mirrors left–right and a shift moves the picture, filling with 0', () => {
    // One 2×3 single-channel image: rows [1 2 3], [4 5 6].
    const img = Float32Array.from([1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from(applyAugmentations(img, [2, 3, 1], [{ flip: true, dx: 0, dy: 0 }])), [3, 2, 1, 6, 5, 4]);
    assert.deepEqual(Array.from(applyAugmentations(img, [2, 3, 1], [{ flip: false, dx: 1, dy: 0 }])), [0, 1, 2, 0, 4, 5]);
    assert.deepEqual(Array.from(applyAugmentations(img, [2, 3, 1], [{ flip: false, dx: -1, dy: 1 }])), [0, 0, 0, 2, 3, 0]);
    assert.deepEqual(Array.from(applyAugmentations(img, [2, 3, 1], [{ flip: true, dx: 1, dy: 0 }])), [0, 3, 2, 0, 6, 5]);
  });

  it('channels move together, and draws are seeded, uniform in −shift…shift, about half flipped', () => {
    const rgb = Float32Array.from({ length: 2 * 2 * 3 }, (_, i) => i);
    const flipped = applyAugmentations(rgb, [2, 2, 3], [{ flip: true, dx: 0, dy: 0 }]);
    assert.deepEqual(Array.from(flipped.slice(0, 6)), [3, 4, 5, 0, 1, 2]);
    const a = drawAugmentations(4000, { flip: true, shift: 2 }, mulberry32(5));
    const b = drawAugmentations(4000, { flip: true, shift: 2 }, mulberry32(5));
    assert.deepEqual(a, b);
    const counts = new Map<number, number>();
    for (const d of a) counts.set(d.dx, (counts.get(d.dx) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort((x, y) => x - y), [-2, -1, 0, 1, 2]);
    for (const c of counts.values()) assert.ok(Math.abs(c / 4000 - 0.2) < 0.03, `${c}`);
    const flips = a.filter((d) => d.flip).length / 4000;
    assert.ok(Math.abs(flips - 0.5) < 0.03, `${flips}`);
    const off = Float32Array.from([1, 2]);
    assert.equal(augmentBatch(off, 1, [1, 2, 1], { flip: false, shift: 0 }, mulberry32(1)), off, 'nothing on: the same array');
  });
});

describe('train: the panel offers augmentation only where the trainer applies it', () => {
  it('a spec that flattens its input first (input 784) gets none; an image input does; no input yet leaves it open', () => {
    const flat = specOf(['input 784', 'dense 10'].join('\n'));
    const image = specOf(['input 28x28x1', 'flatten', 'dense 10'].join('\n'));
    assert.deepEqual(flat.inputShape, [784]);
    assert.equal(augmentReachesInput(flat.inputShape!), false);
    assert.equal(augmentReachesInput(image.inputShape!), true);
    assert.equal(augmentReachesInput(undefined), true);
  });
});
