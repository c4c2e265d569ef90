/**
 * A gradient for dilated 2-D convolutions, which TF.js 4.22 refuses on every backend
 * (tfjs-core gradients/Conv2D_grad.js asserts "dilation rates greater than 1 are not yet
 * supported in gradients"). A convolution with dilation d is the same convolution, dilation 1,
 * with the filter spread out by d − 1 zeros between its taps (same output size and `same` padding,
 * which TF.js computes from that effective size): dx is the input gradient of that spread filter,
 * and dW is the spread filter's gradient read back every d taps.
 *
 * Opt-in and global (TF.js's gradient registry has no per-backend entries): it replaces the
 * Conv2D gradient for every backend, and keeps the original for dilation 1. It covers the
 * convolutions tfjs-layers runs unfused while training (any activation but `linear`); a dilated
 * convolution with a linear activation goes through tf.fused.conv2d, whose gradient is a closure
 * with the same assertion that no registry reaches.
 */
import * as tf from '@tensorflow/tfjs';

/** The filter [kh, kw, ci, co] with d − 1 zeros between taps along height and width. */
function spreadFilter(filter: tf.Tensor4D, dh: number, dw: number): tf.Tensor4D {
  let t = filter;
  const [kh, kw, ci, co] = filter.shape;
  if (dh > 1) {
    const rows = tf.concat([t.reshape([kh, 1, kw, ci, co]), tf.zeros([kh, dh - 1, kw, ci, co])], 1).reshape([kh * dh, kw, ci, co]);
    t = tf.slice(rows, [0, 0, 0, 0], [(kh - 1) * dh + 1, kw, ci, co]) as tf.Tensor4D;
  }
  const eh = t.shape[0];
  if (dw > 1) {
    const cols = tf.concat([t.reshape([eh, kw, 1, ci, co]), tf.zeros([eh, kw, dw - 1, ci, co])], 2).reshape([eh, kw * dw, ci, co]);
    t = tf.slice(cols, [0, 0, 0, 0], [eh, (kw - 1) * dw + 1, ci, co]) as tf.Tensor4D;
  }
  return t;
}

/**
 * Registers the dilation-capable Conv2D gradient; returns a function that puts TF.js's own back.
 * Idempotent: a second call returns the first call's restore function.
 */
export function registerDilatedConv2DGradient(): () => void {
  if (restoreOriginal) return restoreOriginal;
  const original = tf.getGradient('Conv2D');
  if (!original) throw new Error('NetLens: registerDilatedConv2DGradient: TF.js has no Conv2D gradient to extend');
  tf.registerGradient({
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const { dilations, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as {
        dilations: number | [number, number]; strides: number | [number, number]; dataFormat: 'NHWC' | 'NCHW';
        pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding; dimRoundingMode?: 'floor' | 'round' | 'ceil';
      };
      const [dh, dw] = typeof dilations === 'number' ? [dilations, dilations] : dilations;
      if ((dh === 1 && dw === 1) || dataFormat === 'NCHW') return original.gradFunc(dy, saved, attrs);
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const g = dy as tf.Tensor4D;
      return {
        x: () => {
          const spread = spreadFilter(filter, dh, dw);
          return tf.engine().runKernel('Conv2DBackpropInput', { dy: g, filter: spread },
            { strides, pad, dataFormat, dimRoundingMode, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor;
        },
        filter: () => {
          const [kh, kw, ci, co] = filter.shape;
          const shape = [(kh - 1) * dh + 1, (kw - 1) * dw + 1, ci, co];
          const dSpread = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: g },
            { strides, pad, dataFormat, dimRoundingMode, filterShape: shape } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
          return tf.stridedSlice(dSpread, [0, 0, 0, 0], shape, [dh, dw, 1, 1]);
        },
      };
    },
  });
  restoreOriginal = () => {
    tf.registerGradient(original);
    restoreOriginal = undefined;
  };
  return restoreOriginal;
}

let restoreOriginal: (() => void) | undefined;
