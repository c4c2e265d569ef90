/**
 * Every activation of the core's registry, implemented in TF.js. The Record is keyed by the core's
 * ActivationName, so adding a name to ACTIVATIONS without implementing it here is a type error:
 * the registry stays the one list, and this file only says how TF.js computes each entry.
 *
 * Derivatives are never written by hand: callers get f′ from tf.grad through these functions.
 */
import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS, type ActivationDef } from '../../src/core';
import type { ActivationDocId } from '../../src/core/i18n/apps/activations';
import type { ActivationName } from '../../src/core/types';

/** Parameters a curve may take; `alpha` where the registry gives the function one. */
export interface CurveParams {
  alpha?: number;
  /** Maxout pieces: max(w1·x + b1, w2·x + b2). */
  w1?: number;
  b1?: number;
  w2?: number;
  b2?: number;
}

export interface ActivationImpl {
  /**
   * f applied element-wise. Absent for functions of a whole vector (softmax), which have no
   * single-variable curve to draw.
   */
  apply?: (x: tf.Tensor, p: CurveParams) => tf.Tensor;
  /** Why a function has no curve (a text id), for the explorer to say so instead of hiding it. */
  note?: CurvelessNoteId;
}

/** Texts that say why a function has no curve (src/core/i18n/apps/activations.ts). */
export type CurvelessNoteId = 'activations.noCurve.softmax';

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
  softmax: { note: 'activations.noCurve.softmax' },
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

/** The explorer's curves: every element-wise registry activation, plus Maxout (a layer, not a name). */
export type CurveId = ActivationName | 'maxout';

export interface CurveDef {
  id: CurveId;
  label: string;
  formula: string;
  /** The one-line description's text id (English: the registry's `doc`; Maxout's own). */
  doc: ActivationDocId;
  inLecture: boolean;
  /** Which sliders the curve takes. */
  params: (keyof CurveParams)[];
  defaults: CurveParams;
  fn: (x: tf.Tensor, p: CurveParams) => tf.Tensor;
}

/** Maxout's defaults make it ReLU (max(x, 0)); w2 = 0.01 turns it into the lecture's Leaky ReLU. */
export const MAXOUT_DEFAULTS: Required<Pick<CurveParams, 'w1' | 'b1' | 'w2' | 'b2'>> = { w1: 1, b1: 0, w2: 0, b2: 0 };

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

function curveFromRegistry(def: ActivationDef): CurveDef | undefined {
  const apply = ACTIVATION_IMPLS[def.name].apply;
  if (!apply) return undefined;
  // PReLU's α has no registry default: the explorer learns one (see prelu.ts); 0.25 is the
  // usual starting value (He et al. 2015) until that run has finished.
  const alphaDefault = def.alpha?.default ?? (def.name === 'prelu' ? 0.25 : undefined);
  return {
    id: def.name,
    label: def.label,
    formula: def.formula,
    doc: `activations.doc.${def.name}`,
    inLecture: def.inLecture,
    params: alphaDefault === undefined ? [] : ['alpha'],
    defaults: alphaDefault === undefined ? {} : { alpha: alphaDefault },
    fn: apply,
  };
}

/** All curves, registry order, Maxout after ELU as in the lecture. */
export function explorerCurves(): CurveDef[] {
  const curves: CurveDef[] = [];
  for (const def of ACTIVATIONS) {
    const c = curveFromRegistry(def);
    if (c) curves.push(c);
    if (def.name === 'elu') {
      curves.push({
        id: 'maxout',
        label: 'Maxout',
        formula: 'f(x) = max(w1·x + b1, w2·x + b2)',
        doc: 'activations.doc.maxout',
        inLecture: true,
        params: ['w1', 'b1', 'w2', 'b2'],
        defaults: { ...MAXOUT_DEFAULTS },
        fn: maxout,
      });
    }
  }
  return curves;
}

/** Activations with no curve, and why (shown as a note in the explorer). */
export function curvelessActivations(): { name: ActivationName; label: string; note: CurvelessNoteId | undefined }[] {
  return ACTIVATIONS.filter((d) => !ACTIVATION_IMPLS[d.name].apply).map((d) => ({
    name: d.name,
    label: d.label,
    note: ACTIVATION_IMPLS[d.name].note,
  }));
}

export function findCurve(id: string): CurveDef | undefined {
  return explorerCurves().find((c) => c.id === id);
}
