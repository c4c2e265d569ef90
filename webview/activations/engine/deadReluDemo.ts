/**
 * The lecture's "dead ReLU": a unit whose pre-activation is negative for every input outputs 0,
 * gets dL/dw = 0, and never recovers. A too-large learning rate is the usual cause. This demo
 * trains the same small ReLU network (same seed, same data) with a learning rate the student
 * picks and reports the fraction of never-firing units on a batch before and after.
 */
import * as tf from '@tensorflow/tfjs';
import { deadUnitFraction } from '../../shared/tf/deadUnits';
import { yieldToPage } from '../../shared/yieldToPage';
import type { DeadReluResult } from '../demos';

export interface DeadReluOptions {
  learningRate: number;
  steps?: number;
  inputs?: number;
  hidden?: number[];
  batch?: number;
  seed?: number;
}

export function deadReluModel(inputs: number, hidden: number[], seed: number): tf.Sequential {
  const model = tf.sequential();
  hidden.forEach((units, i) => {
    model.add(
      tf.layers.dense({
        units,
        name: `hidden_${i + 1}`,
        activation: 'relu',
        inputShape: i === 0 ? [inputs] : undefined,
        kernelInitializer: tf.initializers.heNormal({ seed: seed + i }),
        biasInitializer: 'zeros',
      }),
    );
  });
  model.add(tf.layers.dense({ units: 1, name: 'output', kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 99 }) }));
  return model;
}

export async function runDeadReluDemo(opts: DeadReluOptions): Promise<DeadReluResult> {
  if (!(opts.learningRate > 0) || !Number.isFinite(opts.learningRate)) {
    // A caller's bug (the page's slider gives only positive rates), so a developer's message.
    throw new Error(`NetLens: the dead-ReLU demo needs a positive learning rate, got ${opts.learningRate}`);
  }
  const seed = opts.seed ?? 3;
  const inputs = opts.inputs ?? 10;
  const batch = opts.batch ?? 256;
  const model = deadReluModel(inputs, opts.hidden ?? [64, 64], seed);
  // A target with a scale of a few units, as real regression targets have: a large step on it
  // throws the biases far negative, which is how units die in practice.
  const { x, y } = tf.tidy(() => {
    const x = tf.randomNormal([batch, inputs], 0, 1, 'float32', seed + 1);
    const teacher = tf.randomNormal([inputs, 1], 0, 1, 'float32', seed + 2);
    const y = tf.add(tf.matMul(x, teacher), 3);
    return { x, y };
  });
  const optimizer = tf.train.sgd(opts.learningRate);
  const mse = () => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor) as tf.Scalar;
  const readLoss = async () => {
    const l = tf.tidy(mse);
    const v = (await l.data())[0];
    l.dispose();
    return v;
  };
  try {
    const before = await deadUnitFraction(model, x);
    const lossBefore = await readLoss();
    for (let step = 0; step < (opts.steps ?? 20); step++) {
      optimizer.minimize(mse);
      await yieldToPage();
    }
    const after = await deadUnitFraction(model, x);
    const lossAfter = await readLoss();
    return { learningRate: opts.learningRate, before, after, lossBefore, lossAfter };
  } finally {
    optimizer.dispose();
    model.dispose();
    x.dispose();
    y.dispose();
  }
}
