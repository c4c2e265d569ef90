/**
 * The one source of truth for what NetLens knows: every layer (names, aliases, arguments,
 * defaults, docs, shape and parameter rules), every activation and every initializer. The parser,
 * the engine, hover, completion, the grammar generator, the webviews and the README read these.
 */
import type { ActivationName, LayerKind } from './types';

export type ArgType =
  | 'int' // a positive integer (filters, units)
  | 'size2' // 3, 3x5 or (3, 5): [height, width]
  | 'shape' // 32x32x3, 784, (32, 32, 3)
  | 'rate' // a number in [0, 1)
  | 'float'
  | 'padding' // valid | same | P | PxQ | ((top, bottom), (left, right))
  | 'pad2' // P | PxQ | ((top, bottom), (left, right)): ZeroPadding2D's argument
  | 'activation'
  | 'initializer'
  | 'bool'
  | 'string'
  | 'axis' // an integer axis as Keras numbers it: -1 the last, 1 the first after the batch
  | 'axes' // one axis or a list of them: 1, [1, 2], (1, 2)
  | 'strength' // a regularization strength λ ≥ 0: 1e-4
  | 'regularizer'; // Keras's l2(λ), l1(λ), l1_l2(l1=…, l2=…), 'l2', None

export interface ArgDef {
  /** The netspec name (what completion offers). */
  name: string;
  /** Other accepted names (Keras's spelling among them; `keras` says which one NetLens writes). */
  aliases: string[];
  /** Keras's keyword for it, where it differs from `name` (used when editing a pasted Keras call). */
  keras?: string;
  /** Position among positional arguments (Keras's order), if it may be given positionally. */
  positional?: number;
  required?: boolean;
  type: ArgType;
  /** Default as written in a spec. */
  default?: string;
  doc: string;
  /** Values completion offers (activations, initializers, padding modes are filled in below). */
  values?: string[];
  /** What each of `values` means, for completion's details pane (the argument's doc follows). */
  valueDocs?: Readonly<Record<string, string>>;
  /** Python's None is accepted and means the default (pooling's strides=None: stride = pool size). */
  noneIsDefault?: boolean;
}

export interface LayerDef {
  /** The netspec name: conv2d, maxpool2d, ... */
  id: string;
  kind: LayerKind;
  /** Keras's class name, as model.summary() prints it. */
  kerasClass: string;
  /** Base of Keras's automatic layer name (conv2d, max_pooling2d, re_lu, ...). */
  kerasName: string;
  aliases: string[];
  /** One line for completion lists. */
  summary: string;
  /** Markdown for hover and completion details. */
  doc: string;
  args: ArgDef[];
  /** The shape rule in words and symbols. */
  shapeRule: string;
  /** The parameter rule in words and symbols. */
  paramRule: string;
  /** For an activation standing alone as a layer: which one. */
  activation?: ActivationName;
}

export interface ActivationDef {
  name: ActivationName;
  aliases: string[];
  label: string;
  /** f(x) in plain text. */
  formula: string;
  alpha?: { default: number; doc: string };
  /** The Keras layer class when written alone on a line (ReLU, LeakyReLU, ...); else Activation. */
  kerasClass?: string;
  kerasName?: string;
  /** What the lecture says about it. */
  doc: string;
  /** True when the function is named in the lecture's slides. */
  inLecture: boolean;
  /**
   * ReLU-like: zero (or nearly) on one side, identity-like on the other, so about half of each
   * layer's variance is lost and He et al. (2015)'s std = √(2/fan_in) keeps it, where Xavier's
   * √(1/fan_in) lets it halve layer after layer (the lecture's ReLU + Xavier collapse).
   */
  reluLike?: true;
}

export interface InitializerDef {
  name: string;
  aliases: string[];
  label: string;
  formula: string;
  doc: string;
  /** Standard deviation of the weights it draws, where it is a normal draw. */
  std?: (fanIn: number, fanOut: number, arg?: number) => number;
  /** Takes one numeric argument (normal(STD), uniform(LIMIT)). */
  takesArgument?: 'std' | 'limit';
}

export const ACTIVATIONS: readonly ActivationDef[] = [
  { name: 'linear', aliases: ['identity', 'none'], label: 'linear', formula: 'f(x) = x', doc: 'No activation: the layer stays linear.', inLecture: false },
  {
    name: 'relu', aliases: ['re_lu'], label: 'ReLU', formula: 'f(x) = max(0, x)', kerasClass: 'ReLU', kerasName: 're_lu',
    doc: 'Most used. Does not saturate for x > 0, cheap, converges about 6× faster than sigmoid/tanh. Not zero-centred; a unit whose input is always negative is "dead" (dL/dw = 0 forever): mind the learning rate.',
    inLecture: true, reluLike: true,
  },
  {
    name: 'sigmoid', aliases: ['logistic'], label: 'sigmoid', formula: 'f(x) = 1 / (1 + e^−x)',
    doc: 'Range [0, 1]. Kills gradients when saturated, is not zero-centred (zig-zag updates) and exp() is expensive. The lecture: do not use it in hidden layers.',
    inLecture: true,
  },
  { name: 'tanh', aliases: [], label: 'tanh', formula: 'f(x) = tanh(x)', doc: 'Range [−1, 1], zero-centred, but still kills gradients when saturated.', inLecture: true },
  { name: 'softmax', aliases: [], label: 'softmax', formula: 'f(x)ᵢ = e^xᵢ / Σⱼ e^xⱼ', kerasClass: 'Softmax', kerasName: 'softmax', doc: 'Turns the last layer\'s scores into class probabilities.', inLecture: false },
  {
    name: 'leaky_relu', aliases: ['leakyrelu', 'leaky_re_lu', 'lrelu'], label: 'Leaky ReLU', formula: 'f(x) = max(αx, x)', kerasClass: 'LeakyReLU', kerasName: 'leaky_re_lu',
    alpha: { default: 0.01, doc: 'Slope for x < 0 (the lecture uses 0.01).' },
    doc: 'Like ReLU, but with a small slope for x < 0, so it does not die.', inLecture: true, reluLike: true,
  },
  {
    name: 'prelu', aliases: ['p_re_lu'], label: 'PReLU', formula: 'f(x) = max(αx, x), α learned', kerasClass: 'PReLU', kerasName: 'p_re_lu',
    doc: 'Leaky ReLU whose slope α is learned: one α per input element (Keras PReLU with shared_axes=None), so it adds parameters.', inLecture: true, reluLike: true,
  },
  {
    name: 'elu', aliases: [], label: 'ELU', formula: 'f(x) = x if x > 0, α(e^x − 1) otherwise', kerasClass: 'ELU', kerasName: 'elu',
    alpha: { default: 1, doc: 'Value the function approaches for very negative x is −α.' },
    doc: 'All the benefits of ReLU, closer to zero-mean outputs, robust to noise; exp() is expensive. Between ReLU and Leaky ReLU.', inLecture: true, reluLike: true,
  },
  { name: 'selu', aliases: [], label: 'SELU', formula: 'f(x) = λx if x > 0, λα(e^x − 1) otherwise', doc: 'Self-normalizing ELU (λ ≈ 1.0507, α ≈ 1.6733).', inLecture: false, reluLike: true },
  { name: 'gelu', aliases: [], label: 'GELU', formula: 'f(x) = x·Φ(x)', doc: 'Smooth ReLU used by transformers (beyond the slides).', inLecture: false, reluLike: true },
  { name: 'silu', aliases: ['swish'], label: 'SiLU / Swish', formula: 'f(x) = x·sigmoid(x)', doc: 'Smooth, non-monotonic ReLU-like function (beyond the slides).', inLecture: false, reluLike: true },
  { name: 'softplus', aliases: [], label: 'softplus', formula: 'f(x) = ln(1 + e^x)', doc: 'A smooth ReLU (beyond the slides).', inLecture: false, reluLike: true },
  { name: 'softsign', aliases: [], label: 'softsign', formula: 'f(x) = x / (1 + |x|)', doc: 'Like tanh with polynomial tails.', inLecture: false },
  { name: 'hard_sigmoid', aliases: ['hardsigmoid'], label: 'hard sigmoid', formula: 'f(x) = clip(0.2x + 0.5, 0, 1)', doc: 'A cheap piecewise-linear sigmoid.', inLecture: false },
  { name: 'relu6', aliases: [], label: 'ReLU6', formula: 'f(x) = min(max(0, x), 6)', doc: 'ReLU capped at 6 (mobile networks).', inLecture: false, reluLike: true },
  { name: 'exponential', aliases: ['exp'], label: 'exponential', formula: 'f(x) = e^x', doc: 'The exponential function.', inLecture: false },
];

const heStd = (fanIn: number) => Math.sqrt(2 / fanIn);

export const INITIALIZERS: readonly InitializerDef[] = [
  { name: 'zeros', aliases: ['zero', 'constant0'], label: 'zeros', formula: 'W = 0', doc: 'Every unit computes the same thing and gets the same gradient: symmetry never breaks (the lecture\'s idea 1).', std: () => 0 },
  { name: 'ones', aliases: [], label: 'ones', formula: 'W = 1', doc: 'All weights 1: symmetric like zeros.' },
  {
    name: 'normal', aliases: ['random_normal', 'randomnormal', 'randn', 'gaussian'], label: 'N(0, σ²)', formula: 'W = σ · randn(fan_in, fan_out)',
    doc: 'Small random (σ = 0.01, the lecture\'s idea 2) shrinks activations to 0 in deep nets; big (σ = 1.0, idea 3) saturates tanh units. Keras\'s RandomNormal defaults to σ = 0.05.',
    std: (_i, _o, s) => s ?? 0.05, takesArgument: 'std',
  },
  { name: 'uniform', aliases: ['random_uniform', 'randomuniform'], label: 'U(−a, a)', formula: 'W = U(−a, a)', doc: 'Uniform in [−a, a]; Keras\'s RandomUniform defaults to a = 0.05.', std: (_i, _o, a) => (a ?? 0.05) / Math.sqrt(3), takesArgument: 'limit' },
  {
    name: 'glorot_normal', aliases: ['xavier', 'xavier_normal', 'glorotnormal'], label: 'Xavier (Glorot normal)', formula: 'W = randn · √(2 / (fan_in + fan_out))',
    doc: 'Keeps the activation spread healthy through depth for tanh (the lecture\'s Xavier, randn/√fan_in, is the fan_in-only form).', std: (i, o) => Math.sqrt(2 / (i + o)),
  },
  { name: 'glorot_uniform', aliases: ['xavier_uniform', 'glorotuniform'], label: 'Glorot uniform', formula: 'W = U(−√(6 / (fan_in + fan_out)), +…)', doc: 'Keras\'s default kernel initializer.', std: (i, o) => Math.sqrt(2 / (i + o)) },
  { name: 'he_normal', aliases: ['he', 'kaiming', 'kaiming_normal', 'henormal'], label: 'He normal', formula: 'W = randn · √(2 / fan_in)', doc: 'For ReLU: with Xavier the spread halves at each ReLU layer; the factor 2 fixes that.', std: heStd },
  { name: 'he_uniform', aliases: ['kaiming_uniform', 'heuniform'], label: 'He uniform', formula: 'W = U(−√(6 / fan_in), +…)', doc: 'He initialization, uniform form.', std: heStd },
  { name: 'lecun_normal', aliases: ['lecun', 'lecunnormal'], label: 'LeCun normal', formula: 'W = randn · √(1 / fan_in)', doc: 'randn/√fan_in: the lecture\'s "Xavier" formula; the right choice for SELU.', std: (i) => Math.sqrt(1 / i) },
  { name: 'lecun_uniform', aliases: ['lecununiform'], label: 'LeCun uniform', formula: 'W = U(−√(3 / fan_in), +…)', doc: 'LeCun initialization, uniform form.', std: (i) => Math.sqrt(1 / i) },
];

const activationArg = (positional?: number, def = 'linear'): ArgDef => ({
  name: 'activation', aliases: [], positional, type: 'activation', default: def,
  doc: 'Activation applied to the output: ' + ACTIVATIONS.map((a) => a.name).join(', ') + '.',
});
const initArg: ArgDef = {
  name: 'init', aliases: ['kernel_initializer', 'initializer', 'kernel_init'], keras: 'kernel_initializer', type: 'initializer', default: 'glorot_uniform',
  doc: 'Weight initializer: zeros, normal(STD), xavier, glorot_uniform (default), he, lecun_normal, ...',
};
const useBiasArg: ArgDef = { name: 'use_bias', aliases: ['bias'], type: 'bool', default: 'true', doc: 'Whether the layer adds a learned bias (one per output unit or filter).' };
const paddingArg = (positional?: number): ArgDef => ({
  name: 'padding', aliases: [], positional, type: 'padding', default: 'valid',
  doc: '`valid` (no padding, P = 0), `same` (output = ceil(I/S), zeros split as Keras does: the extra one after), or an explicit zero padding P, PxQ or ((top, bottom), (left, right)).',
  valueDocs: {
    valid: 'No padding (P = 0): the window stays inside the input, O = ⌊(I − F)/S⌋ + 1.',
    same: 'Zero padding so that O = ⌈I/S⌉ (O = I at stride 1); Keras puts the odd extra zero after (bottom, right).',
  },
  values: ['valid', 'same'],
});
const strideArg = (positional: number | undefined, def: string): ArgDef => ({
  name: 'stride', aliases: ['strides', 'stride_size'], keras: 'strides', positional, type: 'size2', default: def,
  doc: def === 'pool' ? 'How far the window moves per step (S): a number or HxW; None or absent = the pool size.' : 'How far the window moves per step (S): a number or HxW.',
  // Keras's pooling layers take strides=None as "the pool size"; Conv2D refuses None.
  noneIsDefault: def === 'pool' ? true : undefined,
});

/**
 * Weight penalties (keras/src/regularizers/regularizers.py): L2(λ) adds λ·Σw², L1(λ) adds λ·Σ|w|,
 * with no ½ and over the whole tensor; they add no parameters and change no shape.
 */
const l2Arg: ArgDef = {
  name: 'l2', aliases: [], type: 'strength', default: '0', values: ['1e-4', '1e-3'],
  doc: 'L2 regularization (weight decay) strength λ: adds λ·Σw² over this layer\'s kernel to the loss, as Keras\'s kernel_regularizer=L2(λ). Adds no parameters and changes no shape.',
};
const l1Arg: ArgDef = {
  name: 'l1', aliases: [], type: 'strength', default: '0', values: ['1e-4', '1e-3'],
  doc: 'L1 regularization strength λ: adds λ·Σ|w| over this layer\'s kernel to the loss, as Keras\'s kernel_regularizer=L1(λ); it pushes weights to exactly 0. Adds no parameters and changes no shape.',
};
const REGULARIZER_VALUES = ['l2(1e-4)', 'l1(1e-4)', 'l1_l2(l1=1e-5, l2=1e-4)'];
const REGULARIZER_VALUE_DOCS: Readonly<Record<string, string>> = {
  'l2(1e-4)': 'Adds 1e-4·Σw² to the loss.',
  'l1(1e-4)': 'Adds 1e-4·Σ|w| to the loss.',
  'l1_l2(l1=1e-5, l2=1e-4)': 'Adds 1e-5·Σ|w| + 1e-4·Σw² to the loss.',
};
const kernelRegularizerArg: ArgDef = {
  name: 'kernel_regularizer', aliases: ['regularizer'], type: 'regularizer', values: REGULARIZER_VALUES, valueDocs: REGULARIZER_VALUE_DOCS,
  doc: 'Keras\'s penalty on the kernel: l2(λ) adds λ·Σw² to the loss, l1(λ) adds λ·Σ|w|, l1_l2(l1=…, l2=…) both; `\'l2\'` or `\'l1\'` alone means λ = 0.01. Adds no parameters and changes no shape.',
};
const biasRegularizerArg: ArgDef = {
  name: 'bias_regularizer', aliases: [], type: 'regularizer', values: REGULARIZER_VALUES, valueDocs: REGULARIZER_VALUE_DOCS,
  doc: 'Keras\'s penalty on the bias, written like kernel_regularizer: l2(λ) adds λ·Σb² to the loss. Adds no parameters.',
};

const WINDOW_RULE = 'O = floor((I + 2P − F_eff)/S) + 1 per axis, F_eff = F + (F−1)(D−1); `same`: O = ceil(I/S)';

/** Max and average pooling share their arguments and rules; only names and words differ. */
function poolLayer(id: 'maxpool2d' | 'avgpool2d', kerasClass: string, kerasName: string, aliases: string[], summary: string, doc: string): LayerDef {
  return {
    id, kind: id, kerasClass, kerasName, aliases, summary, doc,
    args: [
      { name: 'pool', aliases: ['pool_size'], keras: 'pool_size', positional: 0, type: 'size2', default: '2', doc: 'Window size F.' },
      strideArg(1, 'pool'),
      paddingArg(2),
    ],
    shapeRule: WINDOW_RULE + '; channels unchanged', paramRule: '0',
  };
}

export const LAYERS: readonly LayerDef[] = [
  {
    id: 'input', kind: 'input', kerasClass: 'InputLayer', kerasName: 'input_layer', aliases: ['inputlayer', 'input_layer'],
    summary: 'The model\'s input shape (one sample, channels last).',
    doc: 'The shape of one sample, without the batch axis: `32x32x3` for a colour image, `784` or `2` for a vector. Exactly one, first.',
    args: [{ name: 'shape', aliases: ['input_shape', 'size'], positional: 0, required: true, type: 'shape', doc: 'H×W×C for images, N for vectors.' }],
    shapeRule: 'Output = the given shape.', paramRule: '0',
  },
  {
    id: 'conv2d', kind: 'conv2d', kerasClass: 'Conv2D', kerasName: 'conv2d', aliases: ['conv', 'convolution2d', 'conv_2d'],
    summary: '2-D convolution: FILTERS filters of size KERNEL slide over the image.',
    doc: 'Each of the `filters` filters is a KERNEL×KERNEL×C_in window of weights plus a bias; it slides with stride S over the zero-padded input.',
    args: [
      { name: 'filters', aliases: ['out_channels'], positional: 0, required: true, type: 'int', doc: 'Number of filters = output channels.' },
      { name: 'kernel', aliases: ['kernel_size', 'size'], keras: 'kernel_size', positional: 1, required: true, type: 'size2', doc: 'Filter size F: a number or HxW.' },
      strideArg(2, '1'),
      paddingArg(3),
      { name: 'dilation', aliases: ['dilation_rate'], keras: 'dilation_rate', type: 'size2', default: '1', doc: 'Gap between filter taps (D); the window spans F + (F−1)(D−1).' },
      activationArg(),
      useBiasArg,
      initArg,
      l2Arg,
      l1Arg,
      kernelRegularizerArg,
      biasRegularizerArg,
    ],
    shapeRule: WINDOW_RULE + '; channels = filters',
    paramRule: '(F_h·F_w·C_in + 1)·filters (no +1 without bias)',
  },
  poolLayer('maxpool2d', 'MaxPooling2D', 'max_pooling2d', ['maxpool', 'maxpooling2d', 'max_pool2d', 'max_pooling2d'],
    'Max pooling: the largest value of each POOL×POOL window.',
    'Downsamples each channel by taking the maximum of each window. The stride defaults to the pool size.'),
  poolLayer('avgpool2d', 'AveragePooling2D', 'average_pooling2d', ['avgpool', 'averagepooling2d', 'average_pooling2d', 'avg_pool2d'],
    'Average pooling: the mean of each POOL×POOL window.',
    'Downsamples each channel by averaging each window. The stride defaults to the pool size.'),
  {
    id: 'globalavgpool2d', kind: 'globalavgpool2d', kerasClass: 'GlobalAveragePooling2D', kerasName: 'global_average_pooling2d', aliases: ['globalaveragepooling2d', 'global_avg_pool2d', 'gap'],
    summary: 'Averages each channel over the whole image: H×W×C → C.', doc: 'One number per channel: the mean over all positions.',
    args: [], shapeRule: 'H×W×C → C', paramRule: '0',
  },
  {
    id: 'globalmaxpool2d', kind: 'globalmaxpool2d', kerasClass: 'GlobalMaxPooling2D', kerasName: 'global_max_pooling2d', aliases: ['globalmaxpooling2d', 'global_max_pool2d'],
    summary: 'Maximum of each channel over the whole image: H×W×C → C.', doc: 'One number per channel: the maximum over all positions.',
    args: [], shapeRule: 'H×W×C → C', paramRule: '0',
  },
  {
    id: 'flatten', kind: 'flatten', kerasClass: 'Flatten', kerasName: 'flatten', aliases: [],
    summary: 'Flattens H×W×C into one vector of H·W·C values.', doc: 'Reshapes without weights, so a dense layer can follow.',
    args: [], shapeRule: 'd₁×d₂×… → d₁·d₂·…', paramRule: '0',
  },
  {
    id: 'zeropad2d', kind: 'zeropad2d', kerasClass: 'ZeroPadding2D', kerasName: 'zero_padding2d', aliases: ['zeropadding2d', 'zero_padding2d', 'zeropad', 'pad'],
    summary: 'Adds a ring of zeros around the image (the lecture\'s P).', doc: 'P zeros on every side (or P rows and Q columns, or ((top, bottom), (left, right))).',
    args: [{ name: 'padding', aliases: ['pad'], positional: 0, type: 'pad2', default: '1', doc: 'P, PxQ or ((top, bottom), (left, right)).' }],
    shapeRule: 'H×W×C → (H + top + bottom)×(W + left + right)×C', paramRule: '0',
  },
  {
    id: 'dense', kind: 'dense', kerasClass: 'Dense', kerasName: 'dense', aliases: ['fc', 'linear_layer', 'fully_connected'],
    summary: 'Fully connected: every input connects to each of UNITS outputs.',
    doc: 'y = activation(x·W + b). On an input of rank > 1 it acts on the last axis only, as Keras does.',
    args: [
      { name: 'units', aliases: ['out_features'], positional: 0, required: true, type: 'int', doc: 'Number of output units.' },
      activationArg(1),
      useBiasArg,
      initArg,
      l2Arg,
      l1Arg,
      kernelRegularizerArg,
      biasRegularizerArg,
    ],
    shapeRule: '(…, N_in) → (…, units)', paramRule: '(N_in + 1)·units (no +1 without bias)',
  },
  {
    id: 'maxout', kind: 'maxout', kerasClass: 'Maxout', kerasName: 'maxout', aliases: [],
    summary: 'Maxout: the max of PIECES linear functions per unit.',
    doc: 'max(w₁·x + b₁, w₂·x + b₂, …): generalizes ReLU and Leaky ReLU and never dies, but multiplies the parameters by `pieces` (the lecture\'s "doubles the number of parameters").',
    args: [
      { name: 'units', aliases: [], positional: 0, required: true, type: 'int', doc: 'Number of output units.' },
      { name: 'pieces', aliases: ['num_pieces', 'k'], positional: 1, type: 'int', default: '2', doc: 'Linear pieces per unit.' },
      initArg,
      l2Arg,
      l1Arg,
    ],
    shapeRule: '(…, N_in) → (…, units)', paramRule: 'pieces·(N_in·units + units)',
  },
  {
    id: 'dropout', kind: 'dropout', kerasClass: 'Dropout', kerasName: 'dropout', aliases: [],
    summary: 'Randomly zeroes a fraction RATE of the inputs while training.', doc: 'Regularization; no weights, shape unchanged.',
    args: [{ name: 'rate', aliases: ['p'], positional: 0, required: true, type: 'rate', doc: 'Fraction of inputs dropped, in [0, 1).' }],
    shapeRule: 'unchanged', paramRule: '0',
  },
  {
    id: 'batchnorm', kind: 'batchnorm', kerasClass: 'BatchNormalization', kerasName: 'batch_normalization', aliases: ['batchnormalization', 'batch_normalization', 'batch_norm', 'bn'],
    summary: 'Batch normalization over the last axis (channels).',
    doc: 'Normalizes each channel with the batch mean and variance, then scales by γ and shifts by β. Keeps moving averages of mean and variance for inference.',
    args: [
      { name: 'axis', aliases: [], type: 'axis', default: '-1', doc: 'The axis normalized (one γ, β, mean and variance per entry along it): -1 the channels, 1 the first axis after the batch.' },
      { name: 'momentum', aliases: [], type: 'float', default: '0.99', doc: 'Momentum of the moving averages.' },
      { name: 'epsilon', aliases: ['eps'], type: 'float', default: '0.001', doc: 'Added to the variance to avoid dividing by zero (more than 0).' },
      { name: 'center', aliases: [], type: 'bool', default: 'true', doc: 'Learn the shift β (center=false: no β).' },
      { name: 'scale', aliases: [], type: 'bool', default: 'true', doc: 'Learn the scale γ (scale=false: no γ).' },
    ],
    shapeRule: 'unchanged', paramRule: '4·C (C = size of `axis`): γ, β trainable (each dropped by scale=false, center=false); moving mean and variance non-trainable',
  },
  {
    // Keras's preprocessing layer (keras/src/layers/preprocessing/normalization.py): without
    // mean/variance, build() adds the non-trainable weights mean (C), variance (C) and count (shape
    // (), which model.summary() counts as 1: summary_utils.count_params takes math.prod(shape));
    // with mean= and variance= given it adds none, so the summary shows 0.
    id: 'normalize', kind: 'normalize', kerasClass: 'Normalization', kerasName: 'normalization', aliases: ['normalization', 'standardize'],
    summary: 'Input normalization: (x − mean)/√variance per channel, statistics from the training data.',
    doc: 'Computes (x − mean)/√variance for each entry along `axis` (the channels). The mean and variance are not learned by gradient descent: Keras fills them with `adapt()` on the **training** data before `fit()` (never on the validation data: that leaks it into the model), or takes them from `mean=` and `variance=`.',
    args: [
      { name: 'axis', aliases: [], type: 'axis', default: '-1', doc: 'The axis kept (one mean and variance per entry along it): -1 the channels, 1 the first axis after the batch.' },
      { name: 'mean', aliases: [], type: 'float', doc: 'A fixed mean (one number for every channel), given with `variance`; without both, `adapt()` computes them.' },
      { name: 'variance', aliases: [], type: 'float', doc: 'A fixed variance (one number for every channel), given with `mean`.' },
    ],
    shapeRule: 'unchanged', paramRule: '2·C + 1 non-trainable (C = size of `axis`): mean, variance and Keras\'s count; 0 with mean= and variance= given',
  },
  {
    id: 'activation', kind: 'activation', kerasClass: 'Activation', kerasName: 'activation', aliases: [],
    summary: 'Applies an activation function on its own line.', doc: 'Same as the `activation=` key of the layer before, written as a separate layer.',
    args: [{ ...activationArg(0), required: true, default: undefined }],
    shapeRule: 'unchanged', paramRule: '0 (PReLU: one α per input element)',
  },
];

/** Activations written alone on a line become layers (Keras's ReLU, LeakyReLU, PReLU, ELU, Softmax). */
const standaloneActivationLayers: LayerDef[] = ACTIVATIONS.filter((a) => a.name !== 'linear').map((a) => ({
  id: a.name,
  kind: 'activation' as const,
  kerasClass: a.kerasClass ?? 'Activation',
  kerasName: a.kerasName ?? 'activation',
  aliases: [...a.aliases, ...(a.kerasClass ? [a.kerasClass] : [])],
  summary: `${a.label} as a layer: ${a.formula}`,
  doc: a.doc,
  args: standaloneArgs(a),
  shapeRule: 'unchanged',
  paramRule: a.name === 'prelu' ? 'one α per input element; each axis in shared_axes shares one α along it (Keras PReLU: param_shape[i − 1] = 1)' : '0',
  activation: a.name,
}));

/** The arguments of an activation layer, as Keras's ReLU, LeakyReLU, PReLU, ELU and Softmax take them. */
function standaloneArgs(a: ActivationDef): ArgDef[] {
  const args: ArgDef[] = [];
  if (a.alpha) {
    const doc = a.name === 'leaky_relu' ? `${a.alpha.doc} A pasted Keras LeakyReLU() defaults to Keras's 0.3.` : a.alpha.doc;
    args.push({ name: 'alpha', aliases: ['negative_slope'], positional: 0, type: 'float', default: String(a.alpha.default), doc });
  }
  if (a.name === 'relu') {
    args.push(
      { name: 'max_value', aliases: [], positional: 0, type: 'float', doc: 'Cap on the output (Keras ReLU(max_value=...)); 6 makes it ReLU6.' },
      { name: 'negative_slope', aliases: [], positional: 1, type: 'float', default: '0', doc: 'Slope for x < 0 (above 0 makes it a leaky ReLU).' },
      { name: 'threshold', aliases: [], positional: 2, type: 'float', default: '0', doc: 'Keras\'s thresholded ReLU; NetLens takes only 0.' },
    );
  }
  if (a.name === 'prelu') {
    args.push({ name: 'shared_axes', aliases: [], type: 'axes', doc: 'Axes along which one α is shared, as Keras numbers them (1 = height, 2 = width, 3 = channels for an image): shared_axes=[1, 2] learns one α per channel.' });
  }
  if (a.name === 'softmax') {
    args.push({ name: 'axis', aliases: [], positional: 0, type: 'axis', default: '-1', doc: 'The axis the probabilities sum over; NetLens takes the last (-1).' });
  }
  return args;
}

/** Every layer word the parser accepts, in completion order. */
export const ALL_LAYERS: readonly LayerDef[] = [...LAYERS, ...standaloneActivationLayers];

/**
 * Keras's arguments that a pasted call may carry but that change no shape, parameter count or
 * output value NetLens shows, with the layers whose Keras constructor takes them ('all': the base
 * Layer's keyword arguments). Read from keras/src/layers/: the convolution and Dense constructors
 * (bias_initializer, *_constraint; their kernel_regularizer and bias_regularizer are catalogue
 * arguments), BatchNormalization (beta/gamma/moving
 * initializers, regularizers, constraints, synchronized), Dropout (noise_shape, seed), PReLU
 * (alpha_initializer, alpha_regularizer, alpha_constraint), InputLayer (batch_size, sparse,
 * ragged) and the base Layer (dtype, activity_regularizer, autocast). Arguments that do change a
 * number (BatchNormalization center/scale/axis, PReLU shared_axes) are catalogue arguments instead.
 * Anywhere else Keras raises TypeError, and so does NetLens (an unknown-key error).
 */
export const KERAS_PASSTHROUGH_ARGS: Readonly<Record<string, readonly LayerKind[] | 'all'>> = {
  bias_initializer: ['conv2d', 'dense'],
  kernel_constraint: ['conv2d', 'dense'],
  bias_constraint: ['conv2d', 'dense'],
  activity_regularizer: 'all',
  // channels_first is refused with its own message (NetLens works channels-last).
  data_format: ['conv2d', 'maxpool2d', 'avgpool2d', 'globalavgpool2d', 'globalmaxpool2d', 'flatten', 'zeropad2d'],
  dtype: 'all',
  autocast: 'all',
  seed: ['dropout'],
  noise_shape: ['dropout'],
  beta_initializer: ['batchnorm'],
  gamma_initializer: ['batchnorm'],
  moving_mean_initializer: ['batchnorm'],
  moving_variance_initializer: ['batchnorm'],
  beta_regularizer: ['batchnorm'],
  gamma_regularizer: ['batchnorm'],
  beta_constraint: ['batchnorm'],
  gamma_constraint: ['batchnorm'],
  synchronized: ['batchnorm'],
  alpha_initializer: ['activation'],
  alpha_regularizer: ['activation'],
  alpha_constraint: ['activation'],
  batch_size: 'all',
  sparse: ['input'],
  ragged: ['input'],
};

/** The names of KERAS_PASSTHROUGH_ARGS (kept for callers of the older flat list). */
export const IGNORED_KERAS_ARGS: readonly string[] = Object.keys(KERAS_PASSTHROUGH_ARGS);

const passthroughIndex = new Map(Object.entries(KERAS_PASSTHROUGH_ARGS).map(([k, v]) => [k.replace(/_/g, ''), { name: k, where: v }]));

/** The passthrough entry a key names for `layer` (PReLU's alpha_initializer only on prelu), if any. */
export function passthroughArg(layer: LayerDef, key: string): string | undefined {
  const e = passthroughIndex.get(normalizeName(key));
  if (!e) return undefined;
  if (e.where === 'all' || (e.where.includes(layer.kind) && (layer.kind !== 'activation' || layer.activation === 'prelu'))) return e.name;
  return undefined;
}

/** Names compare case-insensitively and without underscores: MaxPooling2D = max_pooling2d = maxpooling2d. */
export function normalizeName(word: string): string {
  let key = normalized.get(word);
  if (key === undefined) {
    const lower = word.toLowerCase();
    key = lower.includes('_') ? lower.replace(/_/g, '') : lower;
    // A spec uses a small vocabulary: remembering it saves a string per lookup (10⁴-layer specs).
    if (normalized.size > 4096) normalized.clear();
    normalized.set(word, key);
  }
  return key;
}
const normalized = new Map<string, string>();

const layerIndex = new Map<string, LayerDef>();
for (const def of ALL_LAYERS) {
  for (const n of [def.id, def.kerasClass, ...def.aliases]) {
    const key = normalizeName(n);
    if (!layerIndex.has(key)) layerIndex.set(key, def);
  }
}

/** The layer a word names (`Conv2D`, `conv2d`, `maxpool`, ...), if any. */
export function findLayer(word: string): LayerDef | undefined {
  return layerIndex.get(normalizeName(word));
}

const argIndex = new Map<LayerDef, Map<string, ArgDef>>();
for (const def of ALL_LAYERS) {
  const m = new Map<string, ArgDef>();
  for (const a of def.args) for (const n of [a.name, ...a.aliases]) if (!m.has(normalizeName(n))) m.set(normalizeName(n), a);
  argIndex.set(def, m);
}

/** The argument of `layer` a key names (`kernel_size` -> kernel), if any. */
export function findArg(layer: LayerDef, key: string): ArgDef | undefined {
  return argIndex.get(layer)?.get(normalizeName(key));
}

const positionalIndex = new Map<LayerDef, ArgDef[]>(
  ALL_LAYERS.map((d) => [d, d.args.filter((a) => a.positional !== undefined).sort((a, b) => a.positional! - b.positional!)]),
);

/** The layer's positional arguments in Keras's order. */
export function positionalArgs(layer: LayerDef): readonly ArgDef[] {
  return positionalIndex.get(layer) ?? [];
}

function indexByName<T extends { name: string; aliases: string[] }>(defs: readonly T[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const d of defs) for (const n of [d.name, ...d.aliases]) if (!index.has(normalizeName(n))) index.set(normalizeName(n), d);
  return index;
}
const activationIndex = indexByName(ACTIVATIONS);
const initializerIndex = indexByName(INITIALIZERS);

export function findActivation(word: string): ActivationDef | undefined {
  return activationIndex.get(normalizeName(word));
}

/** Whether `name` is a ReLU-like activation (He initialization suits it): the catalogue's `reluLike`. */
export function isReluLike(name: string): boolean {
  return findActivation(name)?.reluLike === true;
}

export function findInitializer(word: string): InitializerDef | undefined {
  return initializerIndex.get(normalizeName(word));
}

/** Every word that names a layer, for "did you mean" and the grammar. */
export function layerWords(): string[] {
  return [...LAYER_WORDS];
}
const LAYER_WORDS: readonly string[] = Object.freeze([...new Set(ALL_LAYERS.flatMap((d) => [d.id, d.kerasClass, ...d.aliases]))]);
/** The same list, shared (not copied) by the resolver's suggestions. */
export const LAYER_WORD_LIST = LAYER_WORDS;

/** Longest word a suggestion is looked for: names are short, and the cost grows with length. */
const MAX_SUGGEST_LENGTH = 32;

/** Normalized candidates per candidate list, so a list is normalized once, not once per lookup. */
const normalizedLists = new WeakMap<readonly string[], { names: string[]; masks: Int32Array }>();

/** Which of 31 character classes (a-z, digit groups, other) a word uses: a cheap distance bound. */
function charMask(word: string): number {
  let m = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    m |= 1 << (c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? 26 + ((c - 48) % 4) : 30);
  }
  return m;
}
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Reused rows of the edit-distance table (suggestions run on every unknown word of every line). */
let rowA = new Int32Array(MAX_SUGGEST_LENGTH + 2);
let rowB = new Int32Array(MAX_SUGGEST_LENGTH + 2);

/**
 * Edit distance between `a` and `b`, or more than `limit` as soon as every entry of a row is
 * (the distance can only grow from there).
 */
function distance(a: string, b: string, limit: number): number {
  const m = a.length;
  const n = b.length;
  if (n + 2 > rowA.length) {
    rowA = new Int32Array(n + 2);
    rowB = new Int32Array(n + 2);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/**
 * The candidate closest to `word` ("did you mean ..."), if one is close enough to be a typo.
 * Bounded cost on any text: words past 32 characters get no suggestion, candidates whose length
 * alone rules them out are skipped, and the distance stops once it passes the limit.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_SUGGEST_LENGTH * 2) return undefined;
  const w = normalizeName(word);
  if (!w || w.length > MAX_SUGGEST_LENGTH) return undefined;
  let list = normalizedLists.get(candidates);
  if (!list) {
    const names = candidates.map(normalizeName);
    list = { names, masks: Int32Array.from(names, charMask) };
    normalizedLists.set(candidates, list);
  }
  const limit = Math.max(1, Math.floor(w.length / 3));
  const wm = charMask(w);
  let best: string | undefined;
  let bestScore = Infinity;
  for (let i = 0; i < candidates.length; i++) {
    const cn = list.names[i];
    let d: number;
    if (w.length >= 3 && cn.startsWith(w)) d = 0.5;
    else if (Math.abs(cn.length - w.length) > limit) continue;
    else {
      // Each edit brings in or removes at most one character class: classes one word uses and the
      // other lacks bound the distance from below.
      const cm = list.masks[i];
      if (Math.max(popcount(wm & ~cm), popcount(cm & ~wm)) > Math.min(limit, bestScore)) continue;
      d = distance(w, cn, Math.min(limit, bestScore));
    }
    if (d < bestScore) {
      bestScore = d;
      best = candidates[i];
    }
  }
  return bestScore <= limit ? best : undefined;
}
