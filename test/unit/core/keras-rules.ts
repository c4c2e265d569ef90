/**
 * Keras's documented shape and parameter rules, written out independently of src/core so the
 * tests have an oracle that does not share its bugs. Sources: the Keras API docs for Conv2D,
 * MaxPooling2D/AveragePooling2D ("output_shape = floor((input_shape - pool_size) / strides) + 1"
 * for valid, "floor((input_shape - 1) / strides) + 1" for same), ZeroPadding2D, Dense ("if the
 * input has rank > 2, the kernel acts along the last axis"), BatchNormalization (gamma, beta,
 * moving_mean, moving_variance per feature of `axis=-1`), PReLU (alpha has the input's shape
 * when shared_axes=None), and TensorFlow's "same" padding split (the extra zero goes after).
 */

/** One spatial axis of a windowed layer: Keras's conv_utils.conv_output_length. */
export function windowOutput(
  input: number,
  filter: number,
  stride: number,
  padding: 'valid' | 'same' | [number, number],
  dilation = 1,
): number {
  const dilated = filter + (filter - 1) * (dilation - 1);
  if (padding === 'same') return Math.floor((input - 1) / stride) + 1; // = ceil(I/S)
  const [before, after] = padding === 'valid' ? [0, 0] : padding;
  return Math.floor((input + before + after - dilated) / stride) + 1;
}

/** TensorFlow's split of "same" padding: total = max((O-1)·S + F_eff - I, 0), the odd zero after. */
export function samePadding(input: number, filter: number, stride: number, dilation = 1): [number, number] {
  const dilated = filter + (filter - 1) * (dilation - 1);
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + dilated - input, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

export const convParams = (kh: number, kw: number, cin: number, filters: number, useBias = true): number =>
  (kh * kw * cin + (useBias ? 1 : 0)) * filters;

export const denseParams = (inputs: number, units: number, useBias = true): number =>
  (inputs + (useBias ? 1 : 0)) * units;

/** Maxout as the lecture defines it: `pieces` affine maps, max taken per unit. */
export const maxoutParams = (inputs: number, units: number, pieces: number): number =>
  pieces * (inputs * units + units);

/**
 * BatchNormalization (keras/src/layers/normalization/batch_normalization.py build()): per entry of
 * the normalized axis, gamma if scale, beta if center (trainable), moving mean and variance
 * (non-trainable). Returns [trainable, non-trainable].
 */
export const batchnormParams = (size: number, center = true, scale = true): [number, number] => [
  ((center ? 1 : 0) + (scale ? 1 : 0)) * size,
  2 * size,
];

/**
 * PReLU (keras/src/layers/activations/prelu.py build()): param_shape = input_shape[1:], then
 * param_shape[i - 1] = 1 for each i in shared_axes (axes counted with the batch axis as 0).
 */
export const preluParams = (inputShape: number[], sharedAxes: number[] = []): number =>
  product(inputShape.map((d, i) => (sharedAxes.includes(i + 1) ? 1 : d)));

export const product = (xs: number[]): number => xs.reduce((p, x) => p * x, 1);

/** Multiply-accumulates for one sample: conv = O_h·O_w·filters·(K_h·K_w·C_in); dense = N_in·units. */
export const convMacs = (oh: number, ow: number, filters: number, kh: number, kw: number, cin: number): number =>
  oh * ow * filters * kh * kw * cin;

/** float32 activation memory of one sample's output. */
export const activationBytes = (shape: number[]): number => product(shape) * 4;
