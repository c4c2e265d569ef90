/**
 * Builds TF.js optimizers from the registry's table (../optimizerDefs.ts, which documents each
 * update rule): the optimizer explorer and the Train panel's engine both create theirs here.
 */
import * as tf from '@tensorflow/tfjs';
import { hyperValue, optimizerDef, type HyperName, type Hypers, type OptimizerId } from '../optimizerDefs';

export * from '../optimizerDefs';

/** A TF.js optimizer from the registry. Caller owns it (`dispose()` frees its state variables). */
export function createOptimizer(id: OptimizerId, hypers: Hypers): tf.Optimizer {
  const def = optimizerDef(id);
  const h = (name: HyperName) => hyperValue(def, hypers, name);
  const lr = h('learningRate');
  switch (id) {
    case 'sgd': return tf.train.sgd(lr);
    case 'momentum': return tf.train.momentum(lr, h('momentum'));
    case 'nesterov': return tf.train.momentum(lr, h('momentum'), true);
    case 'adagrad': return tf.train.adagrad(lr, h('initialAccumulatorValue'));
    case 'rmsprop': return tf.train.rmsprop(lr, h('rho'), h('momentum'), h('epsilon'));
    case 'adam': return tf.train.adam(lr, h('beta1'), h('beta2'), h('epsilon'));
    case 'adadelta': return tf.train.adadelta(lr, h('rho'), h('epsilon'));
    case 'adamax': return tf.train.adamax(lr, h('beta1'), h('beta2'), h('epsilon'));
  }
}

/**
 * Disposes an optimizer and everything it holds. tfjs-core 4.22's MomentumOptimizer.dispose()
 * does not call SGDOptimizer's, so momentum and Nesterov would keep their −lr scalar (`c`)
 * forever: one tensor per optimizer built.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const c = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (c && !c.isDisposed) c.dispose();
}
