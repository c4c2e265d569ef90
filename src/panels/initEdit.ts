/**
 * The init lab's host-side logic without VS Code: which text edits "use this init in my spec"
 * makes, and which lab network a spec describes. Pure, so unit tests run it under plain Node.
 */
import { analyze, setInitializerEdits, type InitializerSpec, type TextFix } from '../core';
import { initSpecText, type SpecNet } from '../protocol/init';

export interface InitEditPlan {
  /** `init=` text written, e.g. `he_normal`, `normal(0.01)`. */
  initText: string;
  /** Edits that change something (edits that would rewrite a value with itself are dropped). */
  fixes: TextFix[];
  /** Layers with weights (conv2d, dense, maxout) in the spec. */
  weightLayers: number;
  /** What happened, for the panel to show. */
  message: string;
}

/** Line texts, split as the parser splits them. */
function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function planInitEdits(text: string, spec: InitializerSpec, fileName = 'the spec'): InitEditPlan {
  const initText = initSpecText(spec);
  const all = setInitializerEdits(text, initText);
  const lines = linesOf(text);
  const fixes = all.filter((f) => (lines[f.line] ?? '').slice(f.start, f.end) !== f.newText);
  const n = fixes.length;
  let message: string;
  if (all.length === 0) message = `${fileName} has no conv2d, dense or maxout layer to initialize.`;
  else if (n === 0) message = `Every layer of ${fileName} already uses init=${initText}.`;
  else message = `Set init=${initText} on ${n} layer${n === 1 ? '' : 's'} of ${fileName} (undo restores the old values).`;
  return { initText, fixes, weightLayers: all.length, message };
}

const RELU_FAMILY = new Set(['relu', 'leaky_relu', 'prelu', 'elu', 'selu', 'gelu', 'silu', 'softplus', 'relu6']);

/**
 * The spec's dense and maxout layers as the lab's MLP: input width = the first such layer's
 * input features, widths = their units. The lab runs one activation for every layer: ReLU when
 * most of these layers use a ReLU-like one, else tanh; `note` says what was approximated.
 */
export function specNetFromText(text: string): { net?: SpecNet; note?: string } {
  const analysis = analyze(text);
  const dense = analysis.layers.filter((l) => l.config.kind === 'dense' || l.config.kind === 'maxout');
  if (dense.length === 0) return { note: 'the spec has no dense or maxout layer; the lab runs a deep MLP' };
  const first = dense[0];
  const inputShape = first.inputShape;
  if (!inputShape || inputShape.length === 0) return { note: 'the first dense layer\'s input shape is unknown (fix the errors above it first)' };
  if (inputShape.length > 1) {
    return { note: `the first dense layer gets a ${inputShape.join('×')} tensor; add a flatten before it so the lab can run it as an MLP` };
  }
  const widths = dense.map((l) => (l.config.kind === 'dense' || l.config.kind === 'maxout' ? l.config.units : 0));
  const names = dense.map((l) => (l.config.kind === 'dense' ? l.config.activation.name : 'maxout'));
  const reluLike = names.filter((n) => n === 'maxout' || RELU_FAMILY.has(n)).length;
  const activation: SpecNet['activation'] = reluLike * 2 > names.length ? 'relu' : 'tanh';
  const others = [...new Set(names.filter((n) => n !== activation))];
  const notes: string[] = [];
  const skipped = analysis.layers.filter((l) => l.config.kind === 'conv2d').length;
  if (skipped) notes.push(`${skipped} conv2d layer${skipped === 1 ? '' : 's'} left out (the lab feeds N(0, 1) data straight to the dense part)`);
  if (others.length) notes.push(`every layer runs ${activation} in the lab (the spec also uses ${others.join(', ')})`);
  return { net: { inputSize: inputShape[0], widths, activation }, note: notes.length ? notes.join('; ') : undefined };
}
