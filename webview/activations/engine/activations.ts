/**
 * Every activation of the core's registry, implemented in TF.js (the engine's side of
 * ../curves.ts). The Record is keyed by the core's ActivationName, so adding a name to ACTIVATIONS
 * without implementing it here is a type error: the registry stays the one list, and this file
 * only says how TF.js computes each entry.
 *
 * Derivatives are never written by hand: callers get f′ from tf.grad through these functions.
 */
import * as tf from '@tensorflow/tfjs';
import type { ActivationName } from '../../../src/core/types';
import { CURVELESS, MAXOUT_DEFAULTS, type CurveId, type CurveParams } from '../curves';

/** f applied element-wise to a tensor, with the curve's parameters. */
export type CurveFn = (x: tf.Tensor, p: CurveParams) => tf.Tensor;

export interface ActivationImpl {
  /**
   * f applied element-wise. Absent for functions of a whole vector (softmax: ../curves.ts
   * CURVELESS), which have no single-variable curve to draw.
   */
  apply?: CurveFn;
}

const SQRT1_2 = Math.SQRT1_2;

/**
 * ELU with any α, written as relu(x) + α(e^min(x,0) − 1): no tf.where, whose condition has no
 * gradient, and exp() only ever sees x ≤ 0, so it cannot overflow.
 */
function eluAlpha(x: tf.Tensor, alpha: number): tf.Tensor {
  return tf.add(tf.relu(x), tf.mul(alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1)));
}

export const ACTIVATION_IMPLS: Record<ActivationName, ActivationImpl> = {
  linear: { apply: (x) => tf.clone(x) },
  relu: { apply: (x) => tf.relu(x) },
  sigmoid: { apply: (x) => tf.sigmoid(x) },
  tanh: { apply: (x) => tf.tanh(x) },
  softmax: {},
  leaky_relu: { apply: (x, p) => tf.leakyRelu(x, p.alpha ?? 0.01) },
  // tf.prelu takes α as a tensor because in a network it is a trained weight.
  prelu: { apply: (x, p) => tf.prelu(x, tf.scalar(p.alpha ?? 0.25)) },
  elu: { apply: (x, p) => eluAlpha(x, p.alpha ?? 1) },
  selu: { apply: (x) => tf.selu(x) },
  // Keras's default gelu is the exact form x·Φ(x) = ½x(1 + erf(x/√2)), not the tanh approximation.
  gelu: { apply: (x) => tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, SQRT1_2)))) },
  silu: { apply: (x) => tf.mul(x, tf.sigmoid(x)) },
  softplus: { apply: (x) => tf.softplus(x) },
  softsign: { apply: (x) => tf.div(x, tf.add(1, tf.abs(x))) },
  hard_sigmoid: { apply: (x) => tf.clipByValue(tf.add(tf.mul(0.2, x), 0.5), 0, 1) },
  relu6: { apply: (x) => tf.relu6(x) },
  exponential: { apply: (x) => tf.exp(x) },
};

/**
 * max(w1·x + b1, w2·x + b2). Where the pieces tie, tf.maximum's gradient goes to its first
 * argument, so the piece with the smaller slope goes first: at a kink f′ is then the left
 * derivative, as TF.js gives for ReLU (0 at x = 0) and Leaky ReLU (α), and Maxout set up as
 * either reports the same saturation range as the function it imitates.
 */
function maxout(x: tf.Tensor, p: CurveParams): tf.Tensor {
  const d = MAXOUT_DEFAULTS;
  const w1 = p.w1 ?? d.w1;
  const w2 = p.w2 ?? d.w2;
  const a = tf.add(tf.mul(w1, x), p.b1 ?? d.b1);
  const b = tf.add(tf.mul(w2, x), p.b2 ?? d.b2);
  return w1 <= w2 ? tf.maximum(a, b) : tf.maximum(b, a);
}

/** How TF.js computes the explorer's curve `id`; throws for a registry function with no curve (softmax). */
export function curveFn(id: CurveId): CurveFn {
  if (id === 'maxout') return maxout;
  const apply = id in CURVELESS ? undefined : ACTIVATION_IMPLS[id].apply;
  if (!apply) throw new Error(`NetLens: ${id} has no element-wise form to draw`);
  return apply;
}
