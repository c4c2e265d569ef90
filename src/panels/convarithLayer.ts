/**
 * What the convolution-arithmetic panel sends for a line of a spec: the analysis's own numbers
 * for that layer (pure, so the unit and browser tests build the very message the panel posts).
 */
import type { Analysis, AxisExplanation, LayerInfo } from '../core';
import { numberLocale, t, type Lang } from '../core/i18n';
import { hasConvPicture, isPicturedKind } from '../core/convGeometry';
import { MAX_PICTURE_AXIS, type ConvArithAxis, type ConvArithLayer } from '../protocol/convarith';

function axisMessage(a: AxisExplanation): ConvArithAxis {
  return {
    input: a.input,
    filter: a.filter,
    dilatedFilter: a.dilatedFilter,
    stride: a.stride,
    padBefore: a.padBefore,
    padAfter: a.padAfter,
    output: a.output,
    same: a.same === true,
    uneven: a.uneven,
  };
}

/** The message for one analysed layer, or why it has no picture (in `lang`). */
export function convArithLayer(layer: LayerInfo, document: string, lang: Lang = 'en'): ConvArithLayer | { reason: string } {
  if (!isPicturedKind(layer.config.kind)) {
    return { reason: t(lang, 'convarith.reasonNotWindowed', { line: layer.line + 1, kerasClass: layer.kerasClass }) };
  }
  if (!hasConvPicture(layer) || !layer.inputShape) {
    return { reason: t(lang, 'convarith.reasonUnknownShape', { line: layer.line + 1 }) };
  }
  const [h, w] = layer.explanation.axes;
  if ([h, w].some((a) => a.input + a.padBefore + a.padAfter > MAX_PICTURE_AXIS)) {
    return { reason: t(lang, 'convarith.reasonTooLarge', { line: layer.line + 1, h: h.input, w: w.input, max: MAX_PICTURE_AXIS.toLocaleString(numberLocale(lang)) }) };
  }
  return {
    kind: layer.config.kind,
    name: layer.name,
    kerasClass: layer.kerasClass,
    line: layer.line,
    document,
    channels: layer.inputShape[2] ?? 1,
    h: axisMessage(h),
    w: axisMessage(w),
  };
}

/** The message for a 0-based line of a spec, or why it has none. */
export function convArithLayerAt(analysis: Analysis, line: number, document: string, lang: Lang = 'en'): ConvArithLayer | { reason: string } {
  const layer = analysis.layers.find((l) => l.line === line);
  if (!layer) return { reason: t(lang, 'convarith.reasonNoLayer', { line: line + 1 }) };
  return convArithLayer(layer, document, lang);
}
