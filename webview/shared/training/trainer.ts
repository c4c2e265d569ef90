/**
 * The training loop: small steps that yield to the UI, a loss check after every batch (NaN or
 * Inf stops the run at that batch), pause/stop between batches, and tf.tidy around every step
 * so tf.memory().numTensors is the same after each epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { yieldToPage } from '../yieldToPage';
import { gatherBatch, splitValidation, type Dataset } from './datasets';
import { adaptNormalizations } from './normalization';

import { permutation, mulberry32 } from './random';
import { divergenceMessage, EpochMeans, etaSeconds, RateMeter } from './stats';
import type { BatchReport, EpochReport, LossMode, OptimizerName, TrainOutcome, TrainSettings } from './trainConfig';

export { checkSettings, lossModeFor, OPTIMIZERS } from './trainConfig';
export type { BatchReport, EpochReport, LossMode, OptimizerName, TrainOutcome, TrainSettings } from './trainConfig';

/** What training and evaluation read of a dataset (the engine receives only this: ./engine/protocol.ts). */
export type TrainData = Pick<Dataset, 'count' | 'sampleShape' | 'numClasses' | 'xs' | 'labels'>;

export function makeOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  switch (name) {
    case 'sgd': return tf.train.sgd(lr);
    case 'momentum': return tf.train.momentum(lr, 0.9);
    case 'rmsprop': return tf.train.rmsprop(lr);
    case 'adam': return tf.train.adam(lr);
  }
}

export interface RunControl {
  stopRequested: boolean;
  paused: boolean;
}

export interface TrainCallbacks {
  /** May return a promise (a measurement between steps, e.g. the dead-ReLU probe): the loop waits for it. */
  onBatch?(r: BatchReport): void | Promise<void>;
  onEpoch?(r: EpochReport): void | Promise<void>;
  onPauseChange?(paused: boolean): void;
}

/**
 * Cross-entropy written out rather than tf.metrics' versions: those clip probabilities, and on
 * some backends clip(NaN) returns a bound, hiding a diverged model behind a finite loss.
 * log(p + ε) keeps p = 0 finite while NaN and Inf still propagate.
 */
const EPS = 1e-7;

function lossAndCorrect(mode: LossMode, pred: tf.Tensor, labels: tf.Tensor1D, numClasses: number): { loss: tf.Scalar; correct: tf.Scalar } {
  if (mode === 'sigmoid') {
    const y = labels.toFloat().reshape([-1, 1]);
    const p = pred.reshape([-1, 1]);
    const perSample = tf.add(tf.mul(y, tf.log(tf.add(p, EPS))), tf.mul(tf.sub(1, y), tf.log(tf.add(tf.sub(1, p), EPS))));
    const loss = tf.neg(tf.mean(perSample)) as tf.Scalar;
    const correct = tf.equal(tf.greater(p, 0.5).toFloat(), y).toFloat().sum() as tf.Scalar;
    return { loss, correct };
  }
  const oneHot = tf.oneHot(labels, numClasses).toFloat();
  const loss = mode === 'softmax'
    ? (tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.log(tf.add(pred, EPS))), -1))) as tf.Scalar)
    : (tf.losses.softmaxCrossEntropy(oneHot, pred) as tf.Scalar);
  const correct = tf.equal(tf.argMax(pred, -1), labels).toFloat().sum() as tf.Scalar;
  return { loss, correct };
}

/**
 * Samples per evaluation batch: twice the training batch, so one evaluation step (forward only)
 * costs less than one training step and the page stays as responsive while it validates.
 */
export const evalBatchSize = (trainBatch: number) => Math.max(2, 2 * trainBatch);

export async function train(
  model: tf.LayersModel,
  ds: TrainData,
  mode: LossMode,
  settings: TrainSettings,
  control: RunControl,
  callbacks: TrainCallbacks = {},
): Promise<TrainOutcome> {
  const { train: nTrain } = splitValidation(ds.count, settings.validationSplit);
  // Keras's Normalization layers: adapt() on the training split only, before the first batch.
  await adaptNormalizations(model, ds, nTrain);
  const batchSize = Math.min(settings.batchSize, nTrain);
  const batchesPerEpoch = Math.ceil(nTrain / batchSize);
  const samplesTotal = nTrain * settings.epochs;
  const optimizer = makeOptimizer(settings.optimizer, settings.learningRate);
  const rand = mulberry32(settings.seed ^ 0x5eed);
  const rate = new RateMeter();
  let samplesDone = 0;
  let step = 0;
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const epochStart = performance.now();
      const order = permutation(nTrain, rand);
      const means = new EpochMeans();
      for (let b = 0; b < batchesPerEpoch; b++) {
        if (control.paused) {
          callbacks.onPauseChange?.(true);
          while (control.paused && !control.stopRequested) await new Promise((r) => setTimeout(r, 50));
          callbacks.onPauseChange?.(false);
        }
        if (control.stopRequested) return { status: 'stopped', epochs: epoch - 1 };
        const t0 = performance.now();
        const idx = order.subarray(b * batchSize, Math.min(nTrain, (b + 1) * batchSize));
        const batch = gatherBatch(ds, idx);
        const n = idx.length;
        const [lossT, correctT] = tf.tidy(() => {
          const x = tf.tensor(batch.xs, [n, ...ds.sampleShape]);
          const y = tf.tensor1d(batch.labels, 'int32');
          let correct: tf.Scalar | undefined;
          const loss = optimizer.minimize(() => {
            const pred = model.apply(x, { training: true }) as tf.Tensor;
            const out = lossAndCorrect(mode, pred, y, ds.numClasses);
            correct = tf.keep(out.correct);
            return out.loss;
          }, true) as tf.Scalar;
          return [loss, correct as tf.Scalar];
        });
        const [lossArr, correctArr] = await Promise.all([lossT.data(), correctT.data()]);
        lossT.dispose();
        correctT.dispose();
        const loss = lossArr[0];
        step += 1;
        if (!Number.isFinite(loss)) {
          return { status: 'diverged', step, message: divergenceMessage({ loss, epoch, batch: b + 1, step, learningRate: settings.learningRate }) };
        }
        const seconds = (performance.now() - t0) / 1000;
        samplesDone += n;
        means.add(loss, correctArr[0], n);
        const sps = rate.add(n, seconds);
        await callbacks.onBatch?.({
          epoch, batch: b + 1, step, batchesPerEpoch, samplesDone, samplesTotal, loss,
          accuracy: correctArr[0] / n, epochLoss: means.loss, epochAccuracy: means.accuracy, samplesPerSecond: sps, etaSeconds: etaSeconds(samplesDone, samplesTotal, sps),
        });
        // A macrotask after every batch: the engine hears Pause and Stop here (on the CPU
        // backend `await data()` resolves as a microtask, so without it a whole run is one task).
        await yieldToPage();
      }
      const report: EpochReport = {
        epoch, loss: means.loss, accuracy: means.accuracy,
        seconds: (performance.now() - epochStart) / 1000, numTensors: 0,
      };
      const val = await evaluate(model, ds, mode, nTrain, ds.count, { batchSize: evalBatchSize(batchSize), shouldStop: () => control.stopRequested });
      if (val === 'stopped') return { status: 'stopped', epochs: epoch - 1 };
      if (val) {
        report.valLoss = val.loss;
        report.valAccuracy = val.accuracy;
      }
      report.numTensors = tf.memory().numTensors;
      await callbacks.onEpoch?.(report);
      await yieldToPage();
    }
    return { status: 'done', epochs: settings.epochs };
  } finally {
    optimizer.dispose();
  }
}

export interface EvaluateOptions {
  /** Samples per step (default 256). */
  batchSize?: number;
  /** Checked between steps: true abandons the evaluation, which then resolves to 'stopped'. */
  shouldStop?: () => boolean;
}

/**
 * Loss, accuracy and predicted classes on samples [from, to), in batches, yielding to the page
 * between them; undefined when empty.
 */
export async function evaluate(model: tf.LayersModel, ds: TrainData, mode: LossMode, from: number, to: number, opts: EvaluateOptions = {}):
  Promise<{ loss: number; accuracy: number; predictions: Uint8Array; labels: Uint8Array } | 'stopped' | undefined> {
  const n = to - from;
  if (n <= 0) return undefined;
  const batchSize = opts.batchSize ?? 256;
  const predictions = new Uint8Array(n);
  const labels = ds.labels.slice(from, to);
  let lossSum = 0;
  let correctSum = 0;
  for (let start = from; start < to; start += batchSize) {
    const end = Math.min(to, start + batchSize);
    const idx = Array.from({ length: end - start }, (_, i) => start + i);
    const batch = gatherBatch(ds, idx);
    const [lossT, correctT, predT] = tf.tidy(() => {
      const x = tf.tensor(batch.xs, [idx.length, ...ds.sampleShape]);
      const y = tf.tensor1d(batch.labels, 'int32');
      const pred = model.apply(x, { training: false }) as tf.Tensor;
      const out = lossAndCorrect(mode, pred, y, ds.numClasses);
      const cls = mode === 'sigmoid' ? tf.greater(pred, 0.5).toInt().reshape([-1]) : tf.argMax(pred, -1);
      return [out.loss, out.correct, cls];
    });
    const [l, c, p] = await Promise.all([lossT.data(), correctT.data(), predT.data()]);
    tf.dispose([lossT, correctT, predT]);
    lossSum += l[0] * idx.length;
    correctSum += c[0];
    predictions.set(p as Int32Array, start - from);
    if (end < to) {
      await yieldToPage();
      if (opts.shouldStop?.()) return 'stopped';
    }
  }
  return { loss: lossSum / n, accuracy: correctSum / n, predictions, labels };
}

/** Class probabilities at each point of a flat [x0, y0, x1, y1, ...] list (for the boundary picture). */
export async function predictPoints(model: tf.LayersModel, points: Float32Array, mode: LossMode, numClasses: number): Promise<Float32Array> {
  const n = points.length / 2;
  const probsT = tf.tidy(() => {
    const pred = model.apply(tf.tensor2d(points, [n, 2]), { training: false }) as tf.Tensor;
    if (mode === 'sigmoid') {
      const p1 = pred.reshape([n, 1]);
      return tf.concat([tf.sub(1, p1), p1], 1);
    }
    return mode === 'logits' ? tf.softmax(pred) : pred.reshape([n, numClasses]);
  });
  const probs = (await probsT.data()) as Float32Array;
  probsT.dispose();
  return probs;
}
