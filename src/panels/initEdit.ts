/**
 * The init lab's host-side logic without VS Code: which text edits "use this init in my spec"
 * makes, and which lab network a spec describes. Pure, so unit tests run it under plain Node.
 */
import { analyze, isReluLike, setInitializerEdits, type Analysis, type InitializerSpec, type TextFix } from '../core';
import { numberLocale, t, type Lang } from '../core/i18n';
import { initSpecText, type SpecNet } from '../protocol/init';

export interface InitEditPlan {
  /** `init=` text written, e.g. `he_normal`, `normal(0.01)`. */
  initText: string;
  /** Edits that change something (edits that would rewrite a value with itself are dropped). */
  fixes: TextFix[];
  /** Layers with weights (conv2d, dense, maxout) in the spec. */
  weightLayers: number;
  /** What happened, for the panel to show (with a word on He when ReLU-like layers get another init). */
  message: string;
  /** Weight layers followed by a ReLU-like activation, when the init written is not He's. */
  reluLayersWithoutHe: number;
}

/** Line texts, split as the parser splits them. */
function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * The activation each weight layer (conv2d, dense, maxout) feeds: its own `activation=`, or, when
 * that is linear, a standalone activation layer right after it (`dense 64` then `relu`). Maxout
 * counts as ReLU-like (ReLU is the maxout of x and 0).
 */
function weightLayerActivations(analysis: Analysis): string[] {
  const out: string[] = [];
  const layers = analysis.layers;
  layers.forEach((l, i) => {
    const c = l.config;
    if (c.kind === 'maxout') out.push('maxout');
    else if (c.kind === 'dense' || c.kind === 'conv2d') {
      const next = layers[i + 1]?.config;
      out.push(c.activation.name === 'linear' && next?.kind === 'activation' ? next.activation.name : c.activation.name);
    }
  });
  return out;
}

const isHe = (spec: InitializerSpec) => spec.name === 'he_normal' || spec.name === 'he_uniform';

/** The edits and the panel's message, in `lang` (the panel's: `netlens.language`). */
export function planInitEdits(text: string, spec: InitializerSpec, fileName?: string, lang: Lang = 'en'): InitEditPlan {
  const file = fileName ?? t(lang, 'init.host.theSpec');
  const initText = initSpecText(spec);
  const all = setInitializerEdits(text, initText);
  const lines = linesOf(text);
  const fixes = all.filter((f) => (lines[f.line] ?? '').slice(f.start, f.end) !== f.newText);
  const n = fixes.length;
  let message: string;
  if (all.length === 0) message = t(lang, 'init.host.noWeightLayer', { file });
  else if (n === 0) message = t(lang, 'init.host.alreadySet', { file, init: initText });
  else message = n === 1 ? t(lang, 'init.host.setOne', { file, init: initText }) : t(lang, 'init.host.setMany', { file, init: initText, n });
  const reluNames = weightLayerActivations(analyze(text)).filter((a) => a === 'maxout' || isReluLike(a));
  const reluLayersWithoutHe = all.length > 0 && !isHe(spec) ? reluNames.length : 0;
  if (reluLayersWithoutHe > 0) {
    const names = [...new Set(reluNames)].join(', ');
    message += ` ${reluLayersWithoutHe === 1 ? t(lang, 'init.host.reluNoHeOne', { names }) : t(lang, 'init.host.reluNoHeMany', { names, n: reluLayersWithoutHe })}`;
  }
  return { initText, fixes, weightLayers: all.length, message, reluLayersWithoutHe };
}

/**
 * The spec's dense and maxout layers as the lab's MLP: input width = the first such layer's
 * input features, widths = their units. The lab runs dense layers with one activation, tanh or
 * ReLU: ReLU when most hidden weight layers (conv2d included, the output layer not) use a
 * ReLU-like one (the catalogue's `reluLike`), else tanh. `note` says what the lab left out or
 * changed, so the student never has to guess.
 */
export function specNetFromText(text: string, lang: Lang = 'en'): { net?: SpecNet; note?: string } {
  const analysis = analyze(text);
  const dense = analysis.layers.filter((l) => l.config.kind === 'dense' || l.config.kind === 'maxout');
  if (dense.length === 0) return { note: t(lang, 'init.host.noDense') };
  const first = dense[0];
  const inputShape = first.inputShape;
  if (!inputShape || inputShape.length === 0) return { note: t(lang, 'init.host.unknownInput') };
  if (inputShape.length > 1) {
    return { note: t(lang, 'init.host.needsFlatten', { shape: inputShape.join('×') }) };
  }
  const widths = dense.map((l) => (l.config.kind === 'dense' || l.config.kind === 'maxout' ? l.config.units : 0));
  const all = weightLayerActivations(analysis);
  // The output layer (softmax, usually) says nothing about the hidden layers' activation.
  const hidden = all.length > 1 ? all.slice(0, -1) : all;
  const reluLike = hidden.filter((n) => n === 'maxout' || isReluLike(n)).length;
  const activation: SpecNet['activation'] = reluLike * 2 > hidden.length ? 'relu' : 'tanh';
  const notes: string[] = [];
  const convs = analysis.layers.filter((l) => l.config.kind === 'conv2d');
  if (convs.length) {
    const list = convs.map((l) => (l.config.kind === 'conv2d' ? `conv2d ${l.config.filters} (${l.config.activation.name})` : '')).join(', ');
    notes.push(t(lang, 'init.host.convLeftOut', { list, inputs: inputShape[0].toLocaleString(numberLocale(lang)) }));
  }
  const others = [...new Set(all.filter((n) => n !== activation))];
  if (others.length) notes.push(t(lang, 'init.host.oneActivation', { activation, others: others.join(', ') }));
  return { net: { inputSize: inputShape[0], widths, activation }, note: notes.length ? notes.join('; ') : undefined };
}
