/**
 * PReLU's α is a weight, so the explorer learns one instead of typing it in: a small network
 * with one shared α classifies two concentric rings (a task a linear model cannot do), and the α
 * the optimizer settles on is what the explorer draws.
 */
import * as tf from '@tensorflow/tfjs';
import { variableFrom } from '../../shared/tf/tensors';
import { yieldToPage } from '../../shared/yieldToPage';
import type { PreluRunResult } from '../demos';

export interface PreluRunOptions {
  steps?: number;
  hidden?: number;
  learningRate?: number;
  /** α before training; 0.25 is He et al.'s starting value. */
  alpha0?: number;
  samples?: number;
  seed?: number;
}

/** Two rings: radius ~1 is class 0, radius ~2 is class 1, with a little noise; seeded. */
export function ringsData(samples: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const angle = tf.randomUniform([samples], 0, 2 * Math.PI, 'float32', seed);
    const label = tf.cast(tf.greater(tf.randomUniform([samples], 0, 1, 'float32', seed + 1), 0.5), 'float32');
    const radius = tf.add(tf.add(1, label), tf.randomNormal([samples], 0, 0.15, 'float32', seed + 2));
    const x = tf.stack([tf.mul(radius, tf.cos(angle)), tf.mul(radius, tf.sin(angle))], 1) as tf.Tensor2D;
    return { x, y: label.reshape([samples, 1]) as tf.Tensor2D };
  });
}

export async function learnPreluAlpha(opts: PreluRunOptions = {}): Promise<PreluRunResult> {
  const steps = opts.steps ?? 300;
  const hidden = opts.hidden ?? 8;
  const seed = opts.seed ?? 1;
  const { x, y } = ringsData(opts.samples ?? 512, seed);
  const w1 = variableFrom(tf.randomNormal([2, hidden], 0, Math.sqrt(2 / 2), 'float32', seed + 10));
  const b1 = variableFrom(tf.zeros([hidden]));
  const alpha = variableFrom(tf.scalar(opts.alpha0 ?? 0.25));
  const w2 = variableFrom(tf.randomNormal([hidden, 1], 0, Math.sqrt(1 / hidden), 'float32', seed + 11));
  const b2 = variableFrom(tf.zeros([1]));
  const optimizer = tf.train.adam(opts.learningRate ?? 0.05);
  const history: PreluRunResult['history'] = [];
  const every = Math.max(1, Math.floor(steps / 50));
  const logits = () => tf.add(tf.matMul(tf.prelu(tf.add(tf.matMul(x, w1), b1), alpha), w2), b2);
  try {
    for (let step = 1; step <= steps; step++) {
      const lossT = optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, logits()) as tf.Scalar, true);
      if (step % every === 0 || step === steps) {
        const loss = (await lossT!.data())[0];
        history.push({ step, alpha: (await alpha.data())[0], loss });
        await yieldToPage();
      }
      lossT?.dispose();
    }
    const accT = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.greater(logits(), 0), tf.greater(y, 0.5)), 'float32')));
    const accuracy = (await accT.data())[0];
    accT.dispose();
    const last = history[history.length - 1];
    return { alpha: last.alpha, history, finalLoss: last.loss, accuracy };
  } finally {
    optimizer.dispose();
    for (const t of [x, y, w1, b1, alpha, w2, b2]) t.dispose();
  }
}
