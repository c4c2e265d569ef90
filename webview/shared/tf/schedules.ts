/**
 * Applies the schedules of ../scheduleMath.ts (re-exported here) to TF.js's optimizers.
 */
import type * as tf from '@tensorflow/tfjs';

export * from '../scheduleMath';

/**
 * Sets a TF.js optimizer's learning rate for its next step. SGD and momentum keep it as a
 * scalar tensor (`c = −lr`), rebuilt by their setLearningRate; the others read the
 * `learningRate` field on every step (tfjs-core src/optimizers/*_optimizer.ts).
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  // Not `instanceof tf.SGDOptimizer`: tfjs-core gives Optimizer a duck-typed Symbol.hasInstance
  // that every subclass inherits, so every optimizer is an "instance" of SGDOptimizer.
  const sgd = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof sgd.setLearningRate === 'function') sgd.setLearningRate(lr);
  else sgd.learningRate = lr;
}
