/**
 * The weight penalty a regularizer adds to the loss, as Keras computes it
 * (keras/src/regularizers/regularizers.py, L1L2.__call__): l1·Σ|w| + l2·Σw² over the whole tensor,
 * no ½ and no averaging. The Train panel and the exports mean exactly this.
 */
import type { LayerConfig, RegularizerSpec } from './types';

/** l1·Σ|w| + l2·Σw² of one weight tensor (flat). */
export function regularizationLoss(weights: ArrayLike<number>, reg: RegularizerSpec): number {
  let abs = 0;
  let squares = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    abs += Math.abs(w);
    squares += w * w;
  }
  return (reg.l1 !== 0 ? reg.l1 * abs : 0) + (reg.l2 !== 0 ? reg.l2 * squares : 0);
}

/** A layer's penalties, on its kernel and its bias, where it has any. */
export function layerRegularizers(c: LayerConfig): { kernel?: RegularizerSpec; bias?: RegularizerSpec } {
  if (c.kind === 'conv2d' || c.kind === 'dense') return { kernel: c.regularizer, bias: c.useBias ? c.biasRegularizer : undefined };
  if (c.kind === 'maxout') return { kernel: c.regularizer };
  return {};
}
