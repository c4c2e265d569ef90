/**
 * How the core engine's layers map onto TF.js layers: every mapping decision, pure (no TF.js
 * import) so unit tests check it in Node. model.ts instantiates the plan.
 *
 * Decisions that are not one-to-one with Keras:
 * - explicit integer padding (the lecture's P) becomes ZeroPadding2D followed by a `valid`
 *   conv/pool, which is exactly what P means in O = (I + 2P − F)/S + 1;
 * - maxout(units, pieces) is a Dense of units·pieces followed by a max over the pieces
 *   (custom `Maxout` layer), so its parameters are pieces·(in·units + units);
 * - activations TF.js layers cannot take as an `activation` string (leaky_relu, prelu, elu with
 *   its alpha, exponential) become a separate layer right after the weighted one.
 */
import type { ActivationSpec, InitializerSpec, LayerConfig } from '../../../src/core/types';

/** One TF.js layer to create; `owner` is the index of the spec layer it belongs to. */
export type PlannedLayer =
  | { op: 'zeroPadding2d'; owner: number; padding: [[number, number], [number, number]] }
  | { op: 'conv2d'; owner: number; filters: number; kernelSize: [number, number]; strides: [number, number];
      padding: 'valid' | 'same'; dilationRate: [number, number]; activation: TfActivation; useBias: boolean; init: InitializerSpec }
  | { op: 'maxPooling2d' | 'averagePooling2d'; owner: number; poolSize: [number, number]; strides: [number, number]; padding: 'valid' | 'same' }
  | { op: 'globalAveragePooling2d' | 'globalMaxPooling2d' | 'flatten'; owner: number }
  | { op: 'dense'; owner: number; units: number; activation: TfActivation; useBias: boolean; init: InitializerSpec }
  | { op: 'maxout'; owner: number; units: number; pieces: number }
  | { op: 'dropout'; owner: number; rate: number }
  | { op: 'batchNormalization'; owner: number; momentum: number; epsilon: number; axis: number; center: boolean; scale: boolean }
  /** Keras's Normalization (custom layer, ./normalization.ts): fixed mean/variance, or adapted before training. */
  | { op: 'normalize'; owner: number; axis: number; mean?: number; variance?: number }
  | { op: 'activation'; owner: number; activation: TfActivation }
  | { op: 'leakyReLU'; owner: number; alpha: number }
  | { op: 'prelu'; owner: number; sharedAxes: number[] }
  /** ReLU capped at a value other than 6 (Keras ReLU(max_value=...); 6 is the relu6 string). */
  | { op: 'reLU'; owner: number; maxValue: number }
  | { op: 'elu'; owner: number; alpha: number }
  | { op: 'exponential'; owner: number }
  /** Axis order change (1-based, batch excluded); the model builder wraps a non-last-axis batchnorm in two. */
  | { op: 'permute'; owner: number; dims: number[] };

/** Activation identifiers TF.js layers accept in their `activation` option. */
export type TfActivation =
  | 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'selu' | 'gelu' | 'swish' | 'softplus' | 'softsign' | 'hardSigmoid' | 'relu6';

const TF_ACTIVATION: Partial<Record<ActivationSpec['name'], TfActivation>> = {
  linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', softmax: 'softmax', selu: 'selu', gelu: 'gelu',
  silu: 'swish', softplus: 'softplus', softsign: 'softsign', hard_sigmoid: 'hardSigmoid', relu6: 'relu6',
};

/**
 * Splits an activation into the string a weighted layer takes and an optional layer to append.
 * elu with the default alpha 1 stays a string; any other alpha needs the ELU layer.
 */
export function splitActivation(act: ActivationSpec, owner: number): { inline: TfActivation; after?: PlannedLayer } {
  switch (act.name) {
    case 'leaky_relu':
      return { inline: 'linear', after: { op: 'leakyReLU', owner, alpha: act.alpha ?? 0.01 } };
    case 'prelu':
      return { inline: 'linear', after: { op: 'prelu', owner, sharedAxes: act.sharedAxes ?? [] } };
    case 'relu':
      return act.maxValue === undefined ? { inline: 'relu' } : { inline: 'linear', after: { op: 'reLU', owner, maxValue: act.maxValue } };
    case 'elu':
      return { inline: 'linear', after: { op: 'elu', owner, alpha: act.alpha ?? 1 } };
    case 'exponential':
      return { inline: 'linear', after: { op: 'exponential', owner } };
    default: {
      const inline = TF_ACTIVATION[act.name];
      if (!inline) throw new Error(`activation "${act.name}" has no TF.js equivalent`);
      return { inline };
    }
  }
}

function isZeroPadding(p: [[number, number], [number, number]]): boolean {
  return p[0][0] === 0 && p[0][1] === 0 && p[1][0] === 0 && p[1][1] === 0;
}

/** The TF.js layers for the spec's layers, in order (pure: no TF.js calls). */
export function planLayers(configs: readonly LayerConfig[]): PlannedLayer[] {
  const plan: PlannedLayer[] = [];
  configs.forEach((c, owner) => {
    switch (c.kind) {
      case 'input':
        throw new Error('NetLens: the input line is not a layer: pass layers only');
      case 'conv2d': {
        let padding: 'valid' | 'same';
        if (typeof c.padding === 'string') padding = c.padding;
        else {
          if (!isZeroPadding(c.padding)) plan.push({ op: 'zeroPadding2d', owner, padding: c.padding });
          padding = 'valid';
        }
        const act = splitActivation(c.activation, owner);
        plan.push({ op: 'conv2d', owner, filters: c.filters, kernelSize: c.kernel, strides: c.strides, padding,
          dilationRate: c.dilation, activation: act.inline, useBias: c.useBias, init: c.init });
        if (act.after) plan.push(act.after);
        return;
      }
      case 'maxpool2d':
      case 'avgpool2d': {
        let padding: 'valid' | 'same';
        if (typeof c.padding === 'string') padding = c.padding;
        else {
          if (!isZeroPadding(c.padding)) plan.push({ op: 'zeroPadding2d', owner, padding: c.padding });
          padding = 'valid';
        }
        plan.push({ op: c.kind === 'maxpool2d' ? 'maxPooling2d' : 'averagePooling2d', owner, poolSize: c.pool, strides: c.strides, padding });
        return;
      }
      case 'globalavgpool2d':
        plan.push({ op: 'globalAveragePooling2d', owner });
        return;
      case 'globalmaxpool2d':
        plan.push({ op: 'globalMaxPooling2d', owner });
        return;
      case 'flatten':
        plan.push({ op: 'flatten', owner });
        return;
      case 'zeropad2d':
        plan.push({ op: 'zeroPadding2d', owner, padding: c.padding });
        return;
      case 'dense': {
        const act = splitActivation(c.activation, owner);
        plan.push({ op: 'dense', owner, units: c.units, activation: act.inline, useBias: c.useBias, init: c.init });
        if (act.after) plan.push(act.after);
        return;
      }
      case 'maxout':
        plan.push({ op: 'dense', owner, units: c.units * c.pieces, activation: 'linear', useBias: true, init: c.init });
        plan.push({ op: 'maxout', owner, units: c.units, pieces: c.pieces });
        return;
      case 'dropout':
        plan.push({ op: 'dropout', owner, rate: c.rate });
        return;
      case 'batchnorm':
        plan.push({ op: 'batchNormalization', owner, momentum: c.momentum, epsilon: c.epsilon, axis: c.axis, center: c.center, scale: c.scale });
        return;
      case 'activation': {
        const act = splitActivation(c.activation, owner);
        plan.push(act.after ?? { op: 'activation', owner, activation: act.inline });
        return;
      }
      case 'normalize':
        plan.push({ op: 'normalize', owner, axis: c.axis, ...(c.mean !== undefined && c.variance !== undefined ? { mean: c.mean, variance: c.variance } : {}) });
        return;
    }
  });
  return plan;
}

