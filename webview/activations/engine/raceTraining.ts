/**
 * The activation race's training with TF.js (the engine's side of ../race.ts, which holds the
 * settings, the seeded data and weights, and the read-outs the page shows): each activation
 * trains the same network from the same initial weights through the same batches.
 */
import * as tf from '@tensorflow/tfjs';
import type { ActivationName } from '../../../src/core/types';
import { yieldToPage } from '../../shared/yieldToPage';
import { DEFAULT_RACE, epochOrder, fingerprint, parameterCount, raceProblem, type CnnRaceSettings, type RaceControl, type RaceResult, type RaceRun, type RaceSettings, type ToySet, type WeightArray } from '../race';
import { ACTIVATION_IMPLS } from './activations';

/** Fingerprint of sample indices (an epoch's batches in order), with the same hash as the weights'. */
function orderFingerprint(order: Uint32Array): string {
  return fingerprint([{ values: new Float32Array(order.buffer, order.byteOffset, order.length) }]);
}

/** What a run trains: its variables, its forward pass to logits, its loss and its count of misclassified samples. */
interface RaceNetwork {
  vars: tf.Variable[];
  forward(x: tf.Tensor): tf.Tensor;
  loss(y: tf.Tensor, logits: tf.Tensor): tf.Scalar;
  /** How many samples of the batch `logits` gets wrong (a scalar). */
  wrong(y: tf.Tensor, logits: tf.Tensor): tf.Scalar;
}

function mlpNetwork(vars: tf.Variable[], apply: (z: tf.Tensor) => tf.Tensor): RaceNetwork {
  const layers = vars.length / 2;
  return {
    vars,
    forward: (input) => {
      let h = input;
      for (let l = 0; l < layers; l++) {
        const z = tf.add(tf.matMul(h, vars[2 * l]), vars[2 * l + 1]);
        // The output unit is a logit; every hidden layer uses the raced activation.
        h = l + 1 < layers ? apply(z) : z;
      }
      return h;
    },
    loss: (y, logits) => tf.losses.sigmoidCrossEntropy(y, logits) as tf.Scalar,
    wrong: (y, logits) => tf.sum(tf.cast(tf.notEqual(tf.greater(logits, 0), tf.greater(y, 0.5)), 'float32')),
  };
}

function cnnNetwork(vars: tf.Variable[], apply: (z: tf.Tensor) => tf.Tensor, s: CnnRaceSettings): RaceNetwork {
  const [kernel, bias, dense, denseBias] = vars;
  return {
    vars,
    forward: (input) => {
      // Keras's padding "same" for an even kernel pads after, not before: tf.conv2d does the same.
      const z = tf.add(tf.conv2d(input as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'same'), bias);
      const pooled = tf.maxPool(apply(z) as tf.Tensor4D, s.pool, s.pool, 'valid');
      return tf.add(tf.matMul(tf.reshape(pooled, [pooled.shape[0], -1]), dense), denseBias);
    },
    loss: (y, logits) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar,
    wrong: (y, logits) => tf.sum(tf.cast(tf.notEqual(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32')),
  };
}

/** Samples per forward pass when counting the training error: bounds the CNN's feature maps in memory. */
const EVAL_CHUNK = 100;

/** One run: the network with `activation`, from `init`, through the seeded batches. */
export async function raceOne(
  activation: ActivationName,
  data: ToySet,
  init: readonly WeightArray[],
  s: RaceSettings,
  onEpoch?: (run: RaceRun) => void,
  control: RaceControl = { stopRequested: false },
): Promise<RaceRun> {
  const impl = ACTIVATION_IMPLS[activation].apply;
  if (!impl) throw new Error(`NetLens: ${activation} has no element-wise form to race`);
  const apply = (z: tf.Tensor) => impl(z, {});
  // tidy frees the tensor each variable is copied from; variables themselves survive it.
  const vars = init.map((w) => tf.tidy(() => tf.variable(tf.tensor(w.values, w.shape, 'float32'), true)));
  const sampleShape = s.net === 'mlp' ? [2] : [s.imageSize, s.imageSize, s.channels];
  const x = tf.tensor(data.xs, [s.points, ...sampleShape], 'float32');
  const y = s.net === 'mlp' ? tf.tensor2d(data.labels, [s.points, 1]) : tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, 'int32'), s.classes).toFloat());
  const optimizer = s.net === 'mlp' ? tf.train.sgd(s.learningRate) : s.optimizer === 'adam' ? tf.train.adam(s.learningRate) : tf.train.momentum(s.learningRate, 0.9);
  const net = s.net === 'mlp' ? mlpNetwork(vars, apply) : cnnNetwork(vars, apply, s);
  try {
    const held = await Promise.all(vars.map(async (v) => ({ values: (await v.data()) as Float32Array })));
    const run: RaceRun = { activation, startFingerprint: fingerprint(held), batchFingerprints: [], epochs: [], errors: [], losses: [], seconds: 0, diverged: false };
    if (run.startFingerprint !== fingerprint(init)) throw new Error(`NetLens: the ${activation} run does not start from the shared initial weights`);
    const started = performance.now();
    const batches = Math.ceil(s.points / s.batchSize);
    const checks = Math.max(1, Math.min(Math.round(s.checksPerEpoch), batches));
    // The batch after which each check of an epoch comes: evenly spread, the last one ending the epoch.
    const checkAfter = new Set(Array.from({ length: checks }, (_, c) => Math.round(((c + 1) * batches) / checks) - 1));
    /** Counts loss and error over the whole training set; false when the run must stop. */
    const check = async (epochs: number): Promise<boolean> => {
      // In chunks: a CNN's feature maps of every sample at once would not fit.
      const [loss, error] = tf.tidy(() => {
        let lossSum: tf.Tensor = tf.scalar(0);
        let wrongSum: tf.Tensor = tf.scalar(0);
        for (let i = 0; i < s.points; i += EVAL_CHUNK) {
          const n = Math.min(EVAL_CHUNK, s.points - i);
          const xc = tf.slice(x, i, n);
          const yc = tf.slice(y, i, n);
          const logits = net.forward(xc);
          lossSum = tf.add(lossSum, tf.mul(net.loss(yc, logits), n));
          wrongSum = tf.add(wrongSum, net.wrong(yc, logits));
        }
        return [tf.div(lossSum, s.points), tf.div(wrongSum, s.points)];
      });
      const [lossValue, errorValue] = [(await loss.data())[0], (await error.data())[0]];
      loss.dispose();
      error.dispose();
      run.epochs.push(epochs);
      run.losses.push(lossValue);
      run.errors.push(errorValue);
      run.seconds = (performance.now() - started) / 1000;
      if (!Number.isFinite(lossValue)) {
        run.diverged = true;
        return false;
      }
      if (run.epochsToTarget === undefined && errorValue <= s.targetError) {
        run.epochsToTarget = epochs;
        run.secondsToTarget = run.seconds;
      }
      onEpoch?.(run);
      return run.epochsToTarget === undefined;
    };
    training: for (let epoch = 1; epoch <= s.maxEpochs && !control.stopRequested; epoch++) {
      const order = epochOrder(s, epoch);
      run.batchFingerprints.push(orderFingerprint(order));
      for (let b = 0; b < batches && !control.stopRequested; b++) {
        const idx = tf.tensor1d(Int32Array.from(order.subarray(b * s.batchSize, (b + 1) * s.batchSize)), 'int32');
        tf.tidy(() => {
          const xb = tf.gather(x, idx);
          const yb = tf.gather(y, idx);
          optimizer.minimize(() => net.loss(yb, net.forward(xb)));
        });
        idx.dispose();
        if (checkAfter.has(b) && !(await check(epoch - 1 + (b + 1) / batches))) break training;
        // A CNN batch is long work: let a stop request (and, in the page, input) through between batches.
        if (s.net === 'cnn' || b === batches - 1) await yieldToPage();
      }
    }
    return run;
  } finally {
    optimizer.dispose();
    x.dispose();
    y.dispose();
    for (const v of vars) v.dispose();
  }
}

/** Races every activation in turn on the same data and from the same initial weights. */
export async function race(
  activations: readonly ActivationName[],
  s: RaceSettings = DEFAULT_RACE,
  onEpoch?: (run: RaceRun) => void,
  control: RaceControl = { stopRequested: false },
): Promise<RaceResult> {
  const { data, init } = raceProblem(s);
  const runs: RaceRun[] = [];
  for (const a of activations) {
    if (control.stopRequested) break;
    runs.push(await raceOne(a, data, init, s, onEpoch, control));
  }
  const result: RaceResult = { settings: s, initialFingerprint: fingerprint(init), parameters: parameterCount(init), backend: tf.getBackend(), runs };
  if (control.stopRequested) result.stopped = true;
  return result;
}
