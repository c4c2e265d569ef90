/** Small TF.js helpers the activation explorer and the init lab's engine share. */
import * as tf from '@tensorflow/tfjs';

/** A variable from a fresh tensor, disposing the tensor (tf.variable keeps its own reference). */
export function variableFrom(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t);
  t.dispose();
  return v;
}

/** Reads a tensor's values and disposes it, even when the read fails. */
export async function readAndDispose(t: tf.Tensor): Promise<Float32Array | Int32Array | Uint8Array> {
  try {
    return await t.data();
  } finally {
    t.dispose();
  }
}
