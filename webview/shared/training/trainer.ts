/**
 * The training loop: small steps that yield to the UI, a loss check after every batch (NaN or
 * Inf stops the run at that batch), pause/stop between batches, and tf.tidy around every step
 * so tf.memory().numTensors is the same after each epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { yieldToPage } from '../yieldToPage';
import { gatherBatch, splitValidation, type Dataset } from './datasets';
import { AUGMENT_SEED_MIX, augmentBatch, BATCH_ORDER_SEED_MIX, canAugment } from './augment';
import { regularizationTerms } from './model';
import { EarlyStoppingWatch } from './earlyStopping';
import { adaptNormalizations } from './normalization';

import { permutation, mulberry32 } from './random';
import { divergenceMessage, EpochMeans, etaSeconds, RateMeter } from './stats';
import { createOptimizer, disposeOptimizer, type Hypers } from '../tf/optimizers';
import { setLearningRate } from '../tf/schedules';
import { scheduledRate, type BatchReport, type EpochReport, type LossMode, type OptimizerName, type RestoredBest, type TrainOutcome, type TrainSettings } from './trainConfig';

export { checkSettings, lossModeFor, OPTIMIZERS } from './trainConfig';
export type { BatchReport, EpochReport, LossMode, OptimizerName, TrainOutcome, TrainSettings } from './trainConfig';

/** What training and evaluation read of a dataset (the engine receives only this: ./engine/protocol.ts). */
export type TrainData = Pick<Dataset, 'count' | 'sampleShape' | 'numClasses' | 'xs' | 'labels'>;

/**
 * The run's optimizer, built by the registry (../tf/optimizers.ts) the optimizer explorer uses too,
 * at exactly `lr`: the registry keeps its sliders' rates within 1e-5…10, but a student may train
 * at 50 to see a run diverge. Free it with disposeOptimizer.
 */
export function makeOptimizer(name: OptimizerName, lr: number, hypers: Hypers = {}): tf.Optimizer {
  const optimizer = createOptimizer(name, { ...hypers, learningRate: lr });
  setLearningRate(optimizer, lr);
  return optimizer;
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
  /** The training-split indices of each batch, before it runs (the compare's batch fingerprint). */
  onBatchIndices?(indices: ArrayLike<number>): void;
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

/** The training loss of predictions `pred` for `labels` (the loss the loop minimizes; the learning-rate finder's too). */
export function lossFor(mode: LossMode, pred: tf.Tensor, labels: tf.Tensor1D, numClasses: number): tf.Scalar {
  const { loss, correct } = lossAndCorrect(mode, pred, labels, numClasses);
  correct.dispose();
  return loss;
}

/**
 * Decoupled weight decay (AdamW-style): every trainable weight becomes w·(1 − factor), with
 * factor = lr·λ, before the optimizer applies the gradient of the data loss, as Keras's
 * `_apply_weight_decay` (keras/src/optimizers/base_optimizer.py) and torch.optim.AdamW do.
 */
export function decayWeights(model: tf.LayersModel, factor: number): void {
  tf.tidy(() => {
    for (const w of model.trainableWeights) w.write(tf.mul(w.read(), 1 - factor));
  });
}

/**
 * One training step on a batch: the loss minimized is the data loss plus the layers' weight
 * penalties; weight decay (when on) shrinks the weights between the gradient and its
 * application. Returns the data loss, the penalty (0 without one) and the correct count.
 */
export function trainStep(
  model: tf.LayersModel, optimizer: tf.Optimizer, mode: LossMode, x: tf.Tensor, y: tf.Tensor1D, numClasses: number,
  decayFactor = 0,
): { loss: tf.Scalar; regLoss: tf.Scalar | undefined; correct: tf.Scalar } {
  let correct: tf.Scalar | undefined;
  let dataLoss: tf.Scalar | undefined;
  let regLoss: tf.Scalar | undefined;
  const { grads } = optimizer.computeGradients(() => {
    const pred = model.apply(x, { training: true }) as tf.Tensor;
    const out = lossAndCorrect(mode, pred, y, numClasses);
    correct = tf.keep(out.correct);
    dataLoss = tf.keep(out.loss);
    const terms = regularizationTerms(model);
    if (!terms.length) return out.loss;
    regLoss = tf.keep(tf.addN(terms) as tf.Scalar);
    return tf.add(out.loss, regLoss) as tf.Scalar;
  });
  if (decayFactor > 0) decayWeights(model, decayFactor);
  optimizer.applyGradients(grads);
  tf.dispose(grads);
  return { loss: dataLoss as tf.Scalar, regLoss, correct: correct as tf.Scalar };
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
  const optimizer = makeOptimizer(settings.optimizer, scheduledRate(settings, 0, batchesPerEpoch), settings.hypers);
  const rand = mulberry32(settings.seed ^ BATCH_ORDER_SEED_MIX);
  // Its own stream, so the batches (their order) are the same with augmentation on or off.
  const augmentRand = mulberry32(settings.seed ^ AUGMENT_SEED_MIX);
  const augment = settings.augment && canAugment(ds.sampleShape) ? settings.augment : undefined;
  const rate = new RateMeter();
  let samplesDone = 0;
  let step = 0;
  // Early stopping: the best epoch by validation loss, its weights (copies), epochs since.
  const watch = settings.earlyStopping ? new EarlyStoppingWatch(settings.earlyStopping.patience, settings.earlyStopping.minDelta) : undefined;
  let best: RestoredBest | undefined;
  let bestWeights: tf.Tensor[] | undefined;
  const hasPenalty = regularizationTerms(model).map((t) => t.dispose()).length > 0;
  /**
   * Puts the best epoch's weights back at the end of every run that had one, not only when patience
   * ran out: older tf.keras (TF 2.2's tensorflow/python/keras/callbacks.py) restored only inside
   * on_epoch_end on stopping; Keras 3 (keras/src/callbacks/early_stopping.py, on_train_end) now
   * restores at the end as this does.
   */
  const restoreBest = (): RestoredBest | undefined => {
    if (!best || !bestWeights) return undefined;
    model.setWeights(bestWeights);
    return best;
  };
  const ended = (status: 'done' | 'stopped', epochs: number): TrainOutcome => {
    const restored = restoreBest();
    return restored ? { status, epochs, restored } : { status, epochs };
  };
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const epochStart = performance.now();
      const order = permutation(nTrain, rand);
      const means = new EpochMeans();
      let regSum = 0;
      for (let b = 0; b < batchesPerEpoch; b++) {
        if (control.paused) {
          callbacks.onPauseChange?.(true);
          while (control.paused && !control.stopRequested) await new Promise((r) => setTimeout(r, 50));
          callbacks.onPauseChange?.(false);
        }
        if (control.stopRequested) return ended('stopped', epoch - 1);
        // The schedule's rate for this batch (constant without one: then nothing changes).
        const learningRate = scheduledRate(settings, step, batchesPerEpoch);
        if (settings.schedule) setLearningRate(optimizer, learningRate);
        // Decoupled weight decay scales with the current rate, as Keras's and AdamW's do.
        const decayFactor = settings.weightDecay ? learningRate * settings.weightDecay : 0;
        const t0 = performance.now();
        const idx = order.subarray(b * batchSize, Math.min(nTrain, (b + 1) * batchSize));
        callbacks.onBatchIndices?.(idx);
        const batch = gatherBatch(ds, idx);
        const n = idx.length;
        const xs = augment ? augmentBatch(batch.xs, n, ds.sampleShape, augment, augmentRand) : batch.xs;
        const [lossT, correctT, regT] = tf.tidy(() => {
          const x = tf.tensor(xs, [n, ...ds.sampleShape]);
          const y = tf.tensor1d(batch.labels, 'int32');
          const out = trainStep(model, optimizer, mode, x, y, ds.numClasses, decayFactor);
          return [out.loss, out.correct, out.regLoss ?? tf.scalar(0)];
        });
        const [lossArr, correctArr, regArr] = await Promise.all([lossT.data(), correctT.data(), regT.data()]);
        tf.dispose([lossT, correctT, regT]);
        const loss = lossArr[0];
        const regLoss = regArr[0];
        step += 1;
        if (!Number.isFinite(loss + regLoss)) {
          return { status: 'diverged', step, message: divergenceMessage({ loss: loss + regLoss, epoch, batch: b + 1, step, learningRate }) };
        }
        const seconds = (performance.now() - t0) / 1000;
        samplesDone += n;
        means.add(loss, correctArr[0], n);
        if (hasPenalty) regSum += regLoss;
        const sps = rate.add(n, seconds);
        await callbacks.onBatch?.({
          epoch, batch: b + 1, step, batchesPerEpoch, samplesDone, samplesTotal, loss, ...(hasPenalty ? { regLoss } : {}),
          accuracy: correctArr[0] / n, epochLoss: means.loss, epochAccuracy: means.accuracy, samplesPerSecond: sps, etaSeconds: etaSeconds(samplesDone, samplesTotal, sps), learningRate,
        });
        // A macrotask after every batch: the engine hears Pause and Stop here (on the CPU
        // backend `await data()` resolves as a microtask, so without it a whole run is one task).
        await yieldToPage();
      }
      const report: EpochReport = {
        epoch, loss: means.loss, ...(hasPenalty ? { regLoss: regSum / batchesPerEpoch } : {}), accuracy: means.accuracy,
        seconds: (performance.now() - epochStart) / 1000, numTensors: 0,
      };
      const val = await evaluate(model, ds, mode, nTrain, ds.count, { batchSize: evalBatchSize(batchSize), shouldStop: () => control.stopRequested });
      if (val === 'stopped') return ended('stopped', epoch - 1);
      if (val) {
        report.valLoss = val.loss;
        report.valAccuracy = val.accuracy;
      }
      let patienceRanOut = false;
      if (watch && val) {
        const verdict = watch.observe(epoch, val.loss);
        if (verdict === 'improved') {
          best = { epoch, valLoss: val.loss, stoppedEarly: false };
          tf.dispose(bestWeights);
          bestWeights = model.getWeights().map((w) => tf.keep(w.clone()));
        }
        patienceRanOut = verdict === 'stop' && epoch < settings.epochs;
      }
      report.numTensors = tf.memory().numTensors;
      await callbacks.onEpoch?.(report);
      await yieldToPage();
      if (patienceRanOut && best) {
        best = { ...best, stoppedEarly: true };
        return ended('done', epoch);
      }
    }
    return ended('done', settings.epochs);
  } finally {
    disposeOptimizer(optimizer);
    tf.dispose(bestWeights);
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
