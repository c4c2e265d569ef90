/** What the Python reader produces: models found in a .py file or notebook cell, with positions in that text. */
import type { MessageRef } from '../../core/i18n';
import type { Analysis, LayerInfo, Shape, TextFix } from '../../core/types';
import type { TorchConfig } from './torch';

export type Framework = 'pytorch' | 'keras';

/** Diagnostic codes of Python code (warnings only: NetLens reads Python without running it). */
export type PyDiagnosticCode = 'in-features' | 'in-channels' | 'batchnorm-features' | 'window-too-large' | 'prelu-count' | 'keras-rank-mismatch' | 'keras-bad-regularizer';

export interface PyDiagnostic {
  code: PyDiagnosticCode;
  severity: 'warning';
  message: string;
  /** The message as an id and arguments (src/core/i18n), to render it in another language. */
  messageRef?: MessageRef;
  line: number;
  start: number;
  end: number;
  fixes?: TextFix[];
}

/** One application of a layer to a tensor (a layer used twice in forward has two). */
export interface PyLayerUse {
  layer: PyLayer;
  input?: Shape;
  output?: Shape;
  formulas: string[];
  /** The same formulas where some have words around them, as refs (src/core/i18n) beside plain formula text. */
  formulaRefs?: Array<string | MessageRef>;
  /** Why the output is unknown, when it is. */
  unknown?: string;
  /** The same as a message ref, when it has one (src/core/i18n). */
  unknownRef?: MessageRef;
  /** Where the application is written (the forward line for modules, the call itself for Sequential). */
  line: number;
  /** `self.conv1` in forward, where a module layer is applied (hover there shows this use). */
  at?: { line: number; start: number; end: number };
}

/** A layer as written in the source: a constructor call, or a functional call in forward. */
export interface PyLayer {
  /** `conv1`, `features.0`, `0`, or Keras's auto name `conv2d_1`. */
  name: string;
  /** `Conv2d`, `max_pool2d` (functional), or Keras's class `Conv2D`. */
  type: string;
  functional?: boolean;
  /** The callee on its line: hover range. */
  line: number;
  start: number;
  end: number;
  /** Where the statement that holds the call ends: inlay hints go there. */
  endLine: number;
  endCol: number;
  params: number;
  trainable: number;
  /** PyTorch: buffers (BatchNorm running statistics); Keras: non-trainable parameters. */
  nonTrainable: number;
  paramsText: string;
  /** The same as a message ref, where it has words beside the arithmetic (BatchNorm, PReLU). */
  paramsRef?: MessageRef;
  torch?: TorchConfig;
  /** Keras: the .netspec engine's own layer, for its hover. */
  keras?: LayerInfo;
  /** Why the layer itself cannot be read (its arguments). */
  unknown?: string;
  /** The same as a message ref (src/core/i18n), to render it in another language. */
  unknownRef?: MessageRef;
  uses: PyLayerUse[];
}

/**
 * One step of a PyTorch model's data path from its input to its output, in order: a layer
 * applied, an elementwise function of forward (`F.relu(x)`, `x.softmax(1)`), or a reshape
 * (`torch.flatten(x, 1)`, `x.view(x.size(0), -1)`). What the Train panel's conversion reads.
 */
export type PyStep =
  | { kind: 'layer'; use: PyLayerUse }
  | { kind: 'function'; name: string; line: number; values: Record<string, number | boolean | string | null | undefined>; shape: Shape }
  | { kind: 'reshape'; line: number; input: Shape; output: Shape };

export interface PyInput {
  /** Per-sample shape: (C, H, W) for PyTorch, channels-last for Keras. */
  shape: Shape;
  /** Where it came from, in words: "the `# netlens: input` comment on line 3". */
  source: string;
  /** The same as a message id and arguments (src/core/i18n), to render it in another language. */
  sourceRef?: MessageRef;
}

export interface PyModel {
  name: string;
  framework: Framework;
  /** The model's name token (class name, or the variable assigned). */
  line: number;
  start: number;
  end: number;
  layers: PyLayer[];
  /** Applications in order: the summary's rows. */
  uses: PyLayerUse[];
  input?: PyInput;
  /** Why there is no input shape, and the comment that would give one. */
  missingInput?: { message: string; messageRef?: MessageRef; fix: TextFix };
  /** Undefined when some part of the model is unknown. */
  totalParams?: number;
  trainableParams?: number;
  nonTrainableParams?: number;
  /** The first thing NetLens could not follow: everything after it is unknown. */
  unknownFrom?: { line: number; reason: string; reasonRef?: MessageRef };
  output?: Shape;
  /** PyTorch modules: the tensor each statement of forward assigns (or returns), per sample. */
  flow?: Array<{ line: number; name: string; shape: Shape }>;
  /** PyTorch models read to the end: the data path from the input to the output (none for Keras). */
  steps?: PyStep[];
  /** Keras models: the .netspec engine's analysis of the model's layers. */
  keras?: Analysis;
  /** Keras models read to the end: the .netspec text the engine analysed (what "Train on GPU" trains). */
  kerasSpec?: string;
}

export interface PythonAnalysis {
  /** False when the text imports neither Keras/TensorFlow nor PyTorch (then nothing else was read). */
  imports: boolean;
  models: PyModel[];
  diagnostics: PyDiagnostic[];
}
