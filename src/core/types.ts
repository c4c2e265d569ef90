/**
 * The data NetLens's core produces. Pure data: no VS Code, DOM or TF.js types, so the CLI,
 * the extension host, the webviews and the tests all read the same structures.
 *
 * Positions are 0-based (line, UTF-16 column) with `end` exclusive, as in VS Code; the CLI
 * adds 1 when it prints them.
 */

import type { MessageRef } from './i18n';

export type Severity = 'error' | 'warning' | 'info';

/** Stable diagnostic codes: tests, quick fixes and docs key on these, never on message text. */
export type DiagnosticCode =
  | 'syntax' // the line cannot be read (unbalanced bracket, stray character, ...)
  | 'unknown-layer' // the first word names no layer in the catalogue
  | 'unknown-key' // key=value with a key the layer does not take
  | 'unknown-activation'
  | 'unknown-initializer'
  | 'bad-value' // a value of the wrong kind or out of range
  | 'missing-arg' // a required argument is absent
  | 'too-many-args' // more positional arguments than the layer takes
  | 'duplicate-arg' // the same argument given twice
  | 'missing-input' // no input line before the first layer
  | 'duplicate-input' // a second input line
  | 'input-not-first'
  | 'rank-mismatch' // e.g. conv2d on a vector
  | 'window-too-large' // the (dilated) window is larger than its padded input: no output
  | 'uneven-stride' // (I + 2P - F)/S + 1 is not an integer: Keras floors
  | 'flatten-on-vector' // flatten of something already flat
  | 'dense-on-tensor' // dense on rank > 1 acts on the last axis only
  | 'ignored-arg' // a Keras argument accepted for pasting but with no effect on shapes
  | 'empty-model' // an input but no layers
  | 'pytorch-call'; // PyTorch code (nn.Conv2d, F.relu, self.x = ...) in a spec: a different meaning

/** A text edit that fixes a diagnostic; the quick-fix provider turns it into a WorkspaceEdit. */
export interface TextFix {
  /** In the language analyze() was asked for (English by default). */
  title: string;
  /** The title as a message id and arguments, to render it in another language. */
  titleRef?: MessageRef;
  line: number;
  start: number;
  end: number;
  newText: string;
  /** The fix a student most likely wants (shown first, used by "fix all"). */
  preferred?: boolean;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** In the language analyze() was asked for (English by default). */
  message: string;
  /** The message as an id and arguments (src/core/i18n), to render it in another language. */
  messageRef?: MessageRef;
  line: number;
  start: number;
  end: number;
  fixes?: TextFix[];
}

export interface Span {
  start: number;
  end: number;
}

/** Per-sample tensor shape, channels-last, without the batch axis (Keras prints it as None). */
export type Shape = number[];

export type PaddingMode = 'valid' | 'same';
/** Explicit zero padding: [[top, bottom], [left, right]] (the lecture's P). */
export type ExplicitPadding = [[number, number], [number, number]];
export type Padding = PaddingMode | ExplicitPadding;

/** A weight initializer, as the `init=` key and Keras's `kernel_initializer` name them. */
export type InitializerSpec =
  | { name: 'zeros' }
  | { name: 'ones' }
  | { name: 'normal'; std: number } // N(0, std²): the lecture's 0.01 * randn and 1.0 * randn
  | { name: 'uniform'; limit: number } // U(-limit, limit)
  | { name: 'glorot_normal' } // Xavier
  | { name: 'glorot_uniform' } // Keras's default
  | { name: 'he_normal' }
  | { name: 'he_uniform' }
  | { name: 'lecun_normal' }
  | { name: 'lecun_uniform' };

/**
 * A weight penalty added to the loss, as Keras's L1L2 computes it
 * (keras/src/regularizers/regularizers.py): l1·Σ|w| + l2·Σw², both ≥ 0. It adds no parameters.
 */
export interface RegularizerSpec {
  l1: number;
  l2: number;
}

/** An activation with its parameters (`alpha` where the function has one). */
export interface ActivationSpec {
  name: ActivationName;
  alpha?: number;
  /**
   * Set when `alpha` was not written and a default is in force, saying whose: `lecture` (the
   * native spelling, the lecture's 0.01), `keras-layer` (a pasted LeakyReLU(): Keras's 0.3),
   * `keras-activation` (a pasted activation='leaky_relu': Keras 3's activations.leaky_relu, 0.2).
   */
  alphaDefault?: 'lecture' | 'keras-layer' | 'keras-activation';
  /** ReLU's cap (Keras ReLU(max_value=...)) when it is not 6 (a cap of 6 is `relu6`). */
  maxValue?: number;
  /**
   * PReLU only: Keras's shared_axes (1-based, axis 0 is the batch), each sharing one α along it;
   * always filled for prelu ([] = one α per element).
   */
  sharedAxes?: number[];
}

export type ActivationName =
  | 'linear'
  | 'relu'
  | 'sigmoid'
  | 'tanh'
  | 'softmax'
  | 'leaky_relu'
  | 'prelu'
  | 'elu'
  | 'selu'
  | 'gelu'
  | 'silu'
  | 'softplus'
  | 'softsign'
  | 'hard_sigmoid'
  | 'relu6'
  | 'exponential';

/**
 * A layer's resolved configuration: everything needed to build it (in TF.js, in PyTorch for
 * cross-checks) and to compute its shape. Defaults are filled in. Sizes are [height, width].
 */
export type LayerConfig =
  | { kind: 'input'; shape: Shape }
  | {
      kind: 'conv2d';
      filters: number;
      kernel: [number, number];
      strides: [number, number];
      padding: Padding;
      dilation: [number, number];
      activation: ActivationSpec;
      useBias: boolean;
      init: InitializerSpec;
      /** Penalty on the kernel (l2=, kernel_regularizer=); absent: none. */
      regularizer?: RegularizerSpec;
      /** Penalty on the bias (Keras's bias_regularizer); absent: none. */
      biasRegularizer?: RegularizerSpec;
    }
  | { kind: 'maxpool2d' | 'avgpool2d'; pool: [number, number]; strides: [number, number]; padding: Padding }
  | { kind: 'globalavgpool2d' | 'globalmaxpool2d' }
  | { kind: 'flatten' }
  | { kind: 'zeropad2d'; padding: ExplicitPadding }
  | { kind: 'dense'; units: number; activation: ActivationSpec; useBias: boolean; init: InitializerSpec; regularizer?: RegularizerSpec; biasRegularizer?: RegularizerSpec }
  | { kind: 'maxout'; units: number; pieces: number; init: InitializerSpec; regularizer?: RegularizerSpec }
  | { kind: 'dropout'; rate: number }
  /**
   * `axis` as Keras writes it (-1 = the last, channels; 1 = the first axis after the batch);
   * without `center` there is no β, without `scale` no γ.
   */
  | { kind: 'batchnorm'; momentum: number; epsilon: number; axis: number; center: boolean; scale: boolean }
  /**
   * Keras Normalization: `axis` as Keras writes it; `mean` and `variance` when given (then no
   * weights), else adapt() fills them from the training data.
   */
  | { kind: 'normalize'; axis: number; mean?: number; variance?: number }
  /** `activation NAME` (Keras Activation) or an activation standing alone (ReLU, LeakyReLU, PReLU, ELU, Softmax layers). */
  | { kind: 'activation'; activation: ActivationSpec; standalone: boolean };

export type LayerKind = LayerConfig['kind'];

/** One spatial axis of a windowed layer, with the lecture's formula filled in. */
export interface AxisExplanation {
  axis: 'H' | 'W';
  input: number;
  filter: number; // F (or F_eff when dilated)
  dilatedFilter: number;
  stride: number;
  padBefore: number;
  padAfter: number;
  output: number;
  /**
   * e.g. `O = (32 + 2·0 − 3)/1 + 1 = 30`; for `same`, with the zeros Keras adds filled in and
   * ceil(I/S): `O = (32 + 0 + 1 − 2)/1 + 1 = 32 = ceil(32/1)`.
   */
  formula: string;
  /** True for padding=same: padBefore and padAfter are the zeros Keras adds. */
  same?: boolean;
  /** True when (I + P_total − F_eff) is not a multiple of S: Keras floors. */
  uneven: boolean;
}

/**
 * One spatial axis of a window as the convolution-arithmetic picture draws it: AxisExplanation's
 * numbers without its text, `same` always stated. Keras's layers (src/panels/convarithLayer.ts)
 * and PyTorch's (src/core/python/convAxes.ts) both give it.
 */
export type WindowAxis = Omit<AxisExplanation, 'axis' | 'formula' | 'same'> & { same: boolean };

export interface Explanation {
  /** One per spatial axis for windowed layers (conv2d, pools, zeropad2d); empty otherwise. */
  axes: AxisExplanation[];
  /** e.g. `params = (3·3·3 + 1)·64 = 1,792`; `params = 0` for layers without weights. */
  params: string;
  /** Plain sentences that explain anything else (a flatten's product, dense on last axis...). */
  notes: string[];
}

/** A layer as the engine resolved it: what hover, hints, outline, summary and trainer show. */
export interface LayerInfo {
  /** 0-based position among the model's layers (input excluded). */
  index: number;
  /** Keras's auto name: conv2d, max_pooling2d, dense_1, ... (or the name= given). */
  name: string;
  /** Keras class name: Conv2D, MaxPooling2D, ... */
  kerasClass: string;
  config: LayerConfig;
  line: number;
  /** The whole statement on its line, and the layer word. */
  span: Span;
  nameSpan: Span;
  /** Undefined when an earlier error left the shape unknown. */
  inputShape?: Shape;
  outputShape?: Shape;
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  /**
   * True when the spec says trainable=False. The counts alone cannot tell: a BatchNormalization
   * with center=False and scale=False has no trainable parameter either way, yet a frozen one
   * runs in inference mode in Keras (and so in the exports).
   */
  frozen?: boolean;
  /** Multiply-accumulates for one sample. */
  macs: number;
  /** Bytes of this layer's output for one sample, float32. */
  activationBytes: number;
  explanation: Explanation;
}

export interface Analysis {
  /** The `input` line's shape; undefined when the spec has none. */
  input?: { shape: Shape; line: number; span: Span };
  layers: LayerInfo[];
  diagnostics: Diagnostic[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  totalMacs: number;
  /**
   * The four totals above as exact decimal strings. Each layer's counts are safe integers (the
   * engine refuses larger), but their sums may pass 2^53, where a JavaScript number rounds:
   * summaries and the CLI print these.
   */
  exactTotals: { totalParams: string; trainableParams: string; nonTrainableParams: string; totalMacs: string };
  /** True when a number total passed 2^53 and only its exact string is right. */
  totalsUnsafe: boolean;
  /**
   * False when the spec has errors or a layer's shape is unknown: the totals above then cover only
   * the layers before the first error, and views show them as unknown ("?").
   */
  totalsKnown: boolean;
  /** True when any diagnostic is an error. */
  hasErrors: boolean;
}
