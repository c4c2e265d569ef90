/**
 * A computed layer's explanation: the lecture's formulas with the layer's numbers filled in, and
 * plain sentences in the analysis's language. Built on demand from what src/core/analyze.ts
 * computed (most layers are never hovered), never by re-running its rules. Never throws.
 */
import { formatCount } from './format';
import { msg, render, t, type Lang } from './i18n';
import type { ActivationSpec, AxisExplanation, Explanation, LayerInfo, Shape } from './types';

/** What an explanation is built from: the computed layer, and why its shape is unknown if it is. */
export interface ExplainableLayer extends Pick<LayerInfo, 'config' | 'inputShape' | 'outputShape' | 'params' | 'frozen'> {
  /** A conv2d or pooling layer's two window axes, as computed. */
  windowAxes?: readonly [AxisExplanation, AxisExplanation];
  /** Set when the shape is unknown because of an error on this line or above it. */
  unknownBecause?: 'own-error' | 'error-above';
}

export function explainLayer(layer: ExplainableLayer, lang: Lang): Explanation {
  if (layer.unknownBecause) {
    return { axes: [], params: 'params = 0', notes: [t(lang, layer.unknownBecause === 'own-error' ? 'note.fixThisLine' : 'note.fixAbove')] };
  }
  const { inputShape: input, outputShape: output } = layer;
  // Refused by a rule (its diagnostic says why): nothing to explain.
  if (!input || !output) return { axes: [], params: 'params = 0', notes: [] };
  const explanation = explainComputed(layer, input, output, lang);
  if (layer.frozen && layer.params > 0) explanation.notes.push(t(lang, 'note.frozen'));
  return explanation;
}

function explainComputed(layer: ExplainableLayer, input: Shape, output: Shape, lang: Lang): Explanation {
  const c = layer.config;
  const params = layer.params;
  const notes: string[] = [];
  switch (c.kind) {
    case 'input':
      return { axes: [], params: 'params = 0', notes };
    case 'conv2d': {
      const cin = input[2];
      const [kh, kw] = c.kernel;
      const alphas = params - (kh * kw * cin * c.filters + (c.useBias ? c.filters : 0));
      const formula = c.useBias ? `(${kh}·${kw}·${cin} + 1)·${c.filters}` : `${kh}·${kw}·${cin}·${c.filters}`;
      notes.push(t(lang, c.useBias ? 'note.convFiltersBias' : 'note.convFilters', { filters: c.filters, window: `${kh}×${kw}×${cin}` }));
      const actNote = activationNote(c.activation, lang);
      if (actNote) notes.push(actNote);
      if (alphas) notes.push(t(lang, 'note.preluElements', { n: formatCount(alphas) }));
      return { axes: [...(layer.windowAxes ?? [])], params: `params = ${formula}${alphas ? ` + ${formatCount(alphas)} (PReLU α)` : ''} = ${formatCount(params)}`, notes };
    }
    case 'maxpool2d':
    case 'avgpool2d':
      notes.push(t(lang, c.kind === 'maxpool2d' ? 'note.maxPool' : 'note.avgPool', { window: `${c.pool[0]}×${c.pool[1]}` }));
      return { axes: [...(layer.windowAxes ?? [])], params: 'params = 0', notes };
    case 'globalavgpool2d':
    case 'globalmaxpool2d':
      notes.push(t(lang, 'note.globalPool', { positions: `${input[0]}×${input[1]}`, from: dims(input), to: input[2] }));
      return { axes: [], params: 'params = 0', notes };
    case 'flatten':
      notes.push(input.length === 1 ? t(lang, 'note.alreadyFlat') : t(lang, 'note.flatten', { product: input.join('·'), n: formatCount(output[0]) }));
      return { axes: [], params: 'params = 0', notes };
    case 'zeropad2d': {
      const [[top, bottom], [left, right]] = c.padding;
      const axes: AxisExplanation[] = [
        { axis: 'H', input: input[0], filter: 0, dilatedFilter: 0, stride: 1, padBefore: top, padAfter: bottom, output: output[0], formula: `O = ${input[0]} + ${top} + ${bottom} = ${output[0]}`, uneven: false },
        { axis: 'W', input: input[1], filter: 0, dilatedFilter: 0, stride: 1, padBefore: left, padAfter: right, output: output[1], formula: `O = ${input[1]} + ${left} + ${right} = ${output[1]}`, uneven: false },
      ];
      notes.push(t(lang, 'note.zeroPad'));
      return { axes, params: 'params = 0', notes };
    }
    case 'dense':
    case 'maxout': {
      const nin = input[input.length - 1];
      const rest = input.slice(0, -1);
      if (rest.length > 0) notes.push(t(lang, 'note.denseShared', { n: formatCount(prod(rest)), positions: dims(rest) }));
      if (c.kind === 'maxout') {
        notes.push(t(lang, 'note.maxout', { pieces: c.pieces }));
        return { axes: [], params: `params = ${c.pieces}·(${nin}·${c.units} + ${c.units}) = ${formatCount(params)}`, notes };
      }
      const actNote = activationNote(c.activation, lang);
      if (actNote) notes.push(actNote);
      const alphas = params - (nin + (c.useBias ? 1 : 0)) * c.units;
      if (alphas) notes.push(t(lang, 'note.preluOutputs', { n: formatCount(alphas) }));
      const formula = c.useBias ? `(${nin} + 1)·${c.units}` : `${nin}·${c.units}`;
      return { axes: [], params: `params = ${formula}${alphas ? ` + ${formatCount(alphas)} (PReLU α)` : ''} = ${formatCount(params)}`, notes };
    }
    case 'dropout':
      notes.push(t(lang, 'note.dropout', { rate: c.rate }));
      return { axes: [], params: 'params = 0', notes };
    case 'batchnorm': {
      const learned = (c.center ? 1 : 0) + (c.scale ? 1 : 0);
      // params = (learned + 2)·channels: the learned γ, β and the moving mean and variance.
      const ch = params / (learned + 2);
      const which = [c.scale ? 'γ' : '', c.center ? 'β' : ''].filter(Boolean).join(' & ');
      const axisText = c.axis === -1 ? '' : msg('note.bnAxis', { axis: c.axis, n: ch });
      const moving = formatCount(2 * ch);
      notes.push(render(lang, learned ? msg(learned === 2 ? 'note.bnLearnedBoth' : 'note.bnLearnedOne', { which, n: formatCount(learned * ch), moving, axis: axisText }) : msg('note.bnNothing', { moving, axis: axisText })));
      const split = learned
        ? msg('note.bnParamsLearned', { n: formatCount(learned * ch), which: [c.scale ? 'γ' : '', c.center ? 'β' : ''].filter(Boolean).join(', '), moving })
        : msg('note.bnParamsNone', { moving });
      return { axes: [], params: `params = ${learned + 2}·${ch} = ${formatCount(params)} ${render(lang, split)}`, notes };
    }
    case 'normalize': {
      if (c.mean !== undefined && c.variance !== undefined) {
        notes.push(t(lang, 'note.normalizeFixed', { mean: c.mean, variance: c.variance }));
        return { axes: [], params: 'params = 0', notes };
      }
      // params = 2·C + 1: mean and variance per channel plus Keras's scalar count.
      const ch = (params - 1) / 2;
      notes.push(t(lang, 'note.normalizeAdapt', { n: formatCount(ch) }));
      return { axes: [], params: `params = 2·${ch} + 1 = ${formatCount(params)} ${t(lang, 'note.normalizeParams')}`, notes };
    }
    case 'activation': {
      const actNote = activationNote(c.activation, lang);
      if (actNote) notes.push(actNote);
      if (c.activation.name === 'prelu' && params) {
        const shared = c.activation.sharedAxes ?? [];
        notes.push(shared.length ? t(lang, 'note.preluShared', { axes: shared.join(', ') }) : t(lang, 'note.preluPerElement'));
        const factors = input.map((d, i) => (shared.includes(i + 1) ? 1 : d));
        return { axes: [], params: `params = ${factors.join('·')} = ${formatCount(params)}`, notes };
      }
      return { axes: [], params: 'params = 0', notes };
    }
  }
}

/** Which α (or cap) a Leaky ReLU or capped ReLU uses, and why: pasted Keras and netspec differ. */
function activationNote(a: ActivationSpec, lang: Lang): string | undefined {
  if (a.name === 'leaky_relu') {
    switch (a.alphaDefault) {
      case 'keras-layer':
        return t(lang, 'note.leakyKerasLayer', { alpha: a.alpha ?? '' });
      case 'keras-activation':
        return t(lang, 'note.leakyKerasActivation', { alpha: a.alpha ?? '' });
      case 'lecture':
        return t(lang, 'note.leakyLecture', { alpha: a.alpha ?? '' });
      default:
        return t(lang, 'note.leakyWritten', { alpha: a.alpha ?? '' });
    }
  }
  if (a.name === 'relu' && a.maxValue !== undefined) return t(lang, 'note.reluCapped', { max: a.maxValue });
  return undefined;
}

function prod(xs: readonly number[]): number {
  let p = 1;
  for (let i = 0; i < xs.length; i++) p *= xs[i];
  return p;
}
const dims = (s: Shape) => s.join('×');

/** Renders a number as the lecture writes it: 15.5, 30, 0.333. */
function num(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(3)));
}

/**
 * The lecture's O = (I + 2P − F)/S + 1 with one axis's numbers filled in, and its value (`15.5 → 15`
 * when Keras floors): the one rendering that the hover, the summary and every diagnostic share.
 * P is written 2·P when both sides are padded alike, `before + after` when not (Keras's `same`
 * puts the odd zero after).
 */
export function lectureFormula(a: Pick<AxisExplanation, 'input' | 'padBefore' | 'padAfter' | 'dilatedFilter' | 'stride' | 'output'>): string {
  const numer = a.input + a.padBefore + a.padAfter - a.dilatedFilter;
  const exact = numer / a.stride + 1;
  const padText = a.padBefore === a.padAfter ? `2·${a.padBefore}` : `${a.padBefore} + ${a.padAfter}`;
  const uneven = numer >= 0 && numer % a.stride !== 0;
  return `(${a.input} + ${padText} − ${a.dilatedFilter})/${a.stride} + 1 = ${uneven ? `${num(exact)} → ${a.output}` : num(exact)}`;
}
