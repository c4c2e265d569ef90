/**
 * What every exporter shares: when a spec may be exported, the loss its last layer implies, the
 * framework-neutral weight layout (Keras's names and shapes), the dataset to train on, and how
 * numbers and names are written in Python.
 */
import type { ActivationSpec, Analysis, Diagnostic, LayerConfig, LayerInfo, Shape } from '../../core/types';
import type { ExportDataset, ExportSettings } from './settings';

export type ExportResult =
  | { ok: true; text: string; fileName: string }
  | { ok: false; message: string; diagnostics: Diagnostic[] };

/** An analysis the exporters can write out: no errors, an input, every layer's shape known. */
export type ExportableAnalysis = Analysis & { input: NonNullable<Analysis['input']> };

/** Why a spec cannot be exported (its errors, each with line and column), or undefined when it can. */
export function refusal(a: Analysis, specName: string): { message: string; diagnostics: Diagnostic[] } | undefined {
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((d) => `${specName}:${d.line + 1}:${d.start + 1}: error: ${d.message}`);
    return { message: `${specName} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}; fix ${errors.length === 1 ? 'it' : 'them'} before exporting:\n${lines.join('\n')}`, diagnostics: errors };
  }
  if (!a.input) return { message: `${specName} has no input line (e.g. \`input 32x32x3\`): there is no model to export.`, diagnostics: [] };
  if (a.layers.length === 0) return { message: `${specName} has an input but no layers: there is no model to export.`, diagnostics: [] };
  const unknown = a.layers.find((l) => !l.outputShape);
  if (unknown) return { message: `${specName}:${unknown.line + 1}: the shape of ${unknown.name} is unknown, so it cannot be exported.`, diagnostics: [] };
  return undefined;
}

/** How outputs become a loss; the same rule as the Train panel (webview/shared/training/trainConfig.ts lossModeFor). */
export type LossMode = 'softmax' | 'logits' | 'sigmoid';

export function lossMode(layers: readonly LayerInfo[]): LossMode {
  const last = [...layers].reverse().find((l) => l.config.kind !== 'dropout');
  const c = last?.config;
  const act = c && (c.kind === 'dense' || c.kind === 'conv2d' || c.kind === 'activation') ? c.activation.name : undefined;
  const units = last?.outputShape?.[last.outputShape.length - 1];
  if (act === 'softmax') return 'softmax';
  if (act === 'sigmoid' && units === 1) return 'sigmoid';
  return 'logits';
}

/**
 * Whether the exports freeze a layer (Keras trainable=False: no gradient, and inference mode, so a
 * BatchNormalization keeps its moving statistics). Only a layer with weights: Keras's Dropout
 * ignores `trainable`. Without the core's flag, all weights non-trainable means frozen.
 */
export function isFrozen(l: LayerInfo): boolean {
  return l.params > 0 && (l.frozen ?? l.trainableParams === 0);
}

/** Classes the model predicts: its last axis (one sigmoid unit: 2 classes). */
export function classCount(a: ExportableAnalysis): number {
  const out = a.layers[a.layers.length - 1].outputShape!;
  const n = out[out.length - 1];
  return lossMode(a.layers) === 'sigmoid' ? 2 : n;
}

/**
 * The dataset to train on: the given one, else the real set whose images match the input
 * (MNIST for 28×28×1 or 784, CIFAR-10 for 32×32×3: the point of exporting is to outgrow the
 * browser's subsets), the spiral for 2 inputs, the synthetic shapes otherwise.
 */
export function datasetFor(a: ExportableAnalysis, s: ExportSettings): ExportDataset {
  if (s.dataset) return s.dataset;
  const key = a.input.shape.join('x');
  if (key === '2') return classCount(a) === 2 ? 'circles' : 'spiral';
  if (key === '784' || key === '28x28x1') return 'mnist';
  if (key === '32x32x3' && classCount(a) === 10) return 'cifar';
  return 'shapes';
}

/** A Keras weight, by the layer's name and Keras's weight name, in Keras's layout. */
export interface WeightEntry {
  /** `LAYER/WEIGHT`, the key in the .npz (e.g. `conv2d/kernel`, `batch_normalization/moving_mean`). */
  key: string;
  layer: string;
  weight: 'kernel' | 'bias' | 'alpha' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';
  /**
   * Keras's shape: conv kernels [kh, kw, in, out], dense kernels [in, out], PReLU alphas the
   * channels-last shape they act on with 1 on each shared axis, BatchNorm weights the size of
   * the normalized axis. Per layer the entries follow Keras's (and TF.js's) weight
   * order, so `layer.getWeights()` fills them one for one.
   */
  shape: number[];
}

/**
 * The spec's Normalization layers without mean= and variance=: the exported scripts fit their
 * statistics with adapt() on the training split (Keras's own; the same numbers in PyTorch) before
 * training. Their statistics are recomputed on every run, so they are not among the .npz weights.
 */
export function adaptedNormalizations(layers: readonly LayerInfo[]): LayerInfo[] {
  return layers.filter((l) => l.config.kind === 'normalize' && l.config.mean === undefined);
}

/**
 * The axis of one sample (0-based, batch axis left out) that a BatchNormalization normalizes per
 * entry: Keras counts the batch as axis 0, so axis=1 is index 0 and -1 the last (as analyze.ts).
 */
export function batchnormAxis(c: Extract<LayerConfig, { kind: 'batchnorm' | 'normalize' }>, input: readonly number[]): number {
  return c.axis < 0 ? input.length + c.axis : c.axis - 1;
}

/**
 * Keras's PReLU alpha shape for a tensor of Keras shape `shape`: its sizes, with 1 on each
 * shared axis (keras/src/layers/activations/prelu.py: param_shape[i - 1] = 1 for i in shared_axes).
 */
export function preluShape(act: ActivationSpec, shape: readonly number[]): number[] {
  const shared = act.sharedAxes ?? [];
  return shape.map((d, i) => (shared.includes(i + 1) ? 1 : d));
}

/**
 * What the weight layout reads of a model: each layer's name, config and (known) shapes. An
 * ExportableAnalysis is one; the Train panel builds one from its spec (webview/train/exportRequest.ts).
 */
export interface WeightLayoutSource {
  layers: readonly Pick<LayerInfo, 'name' | 'config' | 'inputShape' | 'outputShape'>[];
}

/** Every weight of the model, layer by layer, in Keras's order and layout. */
export function weightLayout(a: WeightLayoutSource): WeightEntry[] {
  const out: WeightEntry[] = [];
  const add = (l: WeightLayoutSource['layers'][number], weight: WeightEntry['weight'], shape: Shape) => out.push({ key: `${l.name}/${weight}`, layer: l.name, weight, shape: [...shape] });
  for (const l of a.layers) {
    const c = l.config;
    const input = l.inputShape!;
    const output = l.outputShape!;
    switch (c.kind) {
      case 'conv2d':
        add(l, 'kernel', [c.kernel[0], c.kernel[1], input[2], c.filters]);
        if (c.useBias) add(l, 'bias', [c.filters]);
        if (c.activation.name === 'prelu') add(l, 'alpha', preluShape(c.activation, output));
        break;
      case 'dense':
        add(l, 'kernel', [input[input.length - 1], c.units]);
        if (c.useBias) add(l, 'bias', [c.units]);
        if (c.activation.name === 'prelu') add(l, 'alpha', preluShape(c.activation, output));
        break;
      case 'maxout':
        add(l, 'kernel', [input[input.length - 1], c.units * c.pieces]);
        add(l, 'bias', [c.units * c.pieces]);
        break;
      case 'batchnorm': {
        // keras/src/layers/normalization/batch_normalization.py build(): gamma only with scale,
        // beta only with center, then the moving statistics; each as long as the normalized axis.
        const size = input[batchnormAxis(c, input)];
        if (c.scale) add(l, 'gamma', [size]);
        if (c.center) add(l, 'beta', [size]);
        add(l, 'moving_mean', [size]);
        add(l, 'moving_variance', [size]);
        break;
      }
      case 'activation':
        if (c.activation.name === 'prelu') add(l, 'alpha', preluShape(c.activation, input));
        break;
      default:
        break;
    }
  }
  return out;
}

/** A Python float literal: 1 -> 1.0, 0.001 -> 0.001, 1e-7 -> 1e-07. */
export function pyFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  return String(x);
}

/** A Python string literal (single quotes). */
export function pyString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A Python tuple of ints: (32, 32, 3), (784,). */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

/** Keras's way of printing a shape with its batch axis: (None, 32, 32, 3). */
export function kerasShape(s: readonly number[]): string {
  return `(None, ${s.join(', ')})`;
}

/** The spec's name without folder or extension, for titles and file names. */
export function specStem(specName: string): string {
  const base = specName.slice(Math.max(specName.lastIndexOf('/'), specName.lastIndexOf('\\')) + 1);
  return base.replace(/\.netspec$/i, '') || 'model';
}

/**
 * The model's weights as .npz entries: `perLayer(i)` gives layer i's arrays in Keras's weight
 * order (what TF.js's `layer.getWeights()` returns for the layers that implement spec layer i,
 * one after another). Returns a message naming the first layer whose arrays do not fit.
 */
export function layoutWeights(
  a: WeightLayoutSource,
  perLayer: (layerIndex: number) => readonly Float32Array[],
): { ok: true; arrays: { name: string; shape: number[]; data: Float32Array }[] } | { ok: false; message: string } {
  const layout = weightLayout(a);
  const arrays: { name: string; shape: number[]; data: Float32Array }[] = [];
  for (let i = 0; i < a.layers.length; i++) {
    const l = a.layers[i];
    const entries = layout.filter((w) => w.layer === l.name);
    const values = perLayer(i);
    if (values.length !== entries.length) {
      return { ok: false, message: `${l.name} has ${values.length} weight arrays; the export expects ${entries.length} (${entries.map((e) => e.weight).join(', ') || 'none'}).` };
    }
    for (let k = 0; k < entries.length; k++) {
      const size = entries[k].shape.reduce((p, d) => p * d, 1);
      if (values[k].length !== size) return { ok: false, message: `${entries[k].key} holds ${values[k].length} values; its shape ${entries[k].shape.join('×')} needs ${size}.` };
      arrays.push({ name: entries[k].key, shape: entries[k].shape, data: values[k] as Float32Array });
    }
  }
  return { ok: true, arrays };
}
