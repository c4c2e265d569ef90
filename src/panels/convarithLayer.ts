/**
 * What the convolution-arithmetic panel sends for a line of a spec: the analysis's own numbers
 * for that layer (pure, so the unit and browser tests build the very message the panel posts).
 */
import type { Analysis, AxisExplanation, LayerInfo } from '../core';
import { numberLocale, t, type Lang } from '../core/i18n';
import { hasConvPicture, isPicturedKind } from '../core/convGeometry';
import { torchWindow, type PyLayer, type PyLayerUse, type PythonAnalysis } from '../core/python';
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

/**
 * The message for a 0-based line of a Python file: the Keras layer or PyTorch Conv2d / MaxPool2d
 * / AvgPool2d constructed or applied on that line (the first application of one constructed
 * there), with the numbers NetLens shows for it; or why there is none (in `lang`).
 */
export function pythonConvArithLayerAt(analysis: PythonAnalysis, line: number, document: string, lang: Lang = 'en'): ConvArithLayer | { reason: string } {
  let hit: { layer: PyLayer; use: PyLayerUse | undefined } | undefined;
  for (const model of analysis.models) {
    const layer = model.layers.find((l) => l.line === line);
    if (layer) hit = { layer, use: layer.uses[0] };
    const use = hit ? undefined : model.uses.find((u) => u.at?.line === line && (u.layer.torch?.kind === 'conv2d' || u.layer.torch?.kind === 'maxpool2d' || u.layer.torch?.kind === 'avgpool2d'));
    if (use) hit = { layer: use.layer, use };
    if (hit) break;
  }
  if (!hit) return { reason: t(lang, 'convarith.reasonNoPythonLayer', { line: line + 1 }) };
  const { layer, use } = hit;
  const at = layer.line + 1;
  const tooLarge = (h: ConvArithAxis, w: ConvArithAxis) =>
    [h, w].some((a) => a.input + a.padBefore + a.padAfter > MAX_PICTURE_AXIS) ? { reason: t(lang, 'convarith.reasonTooLarge', { line: at, h: h.input, w: w.input, max: MAX_PICTURE_AXIS.toLocaleString(numberLocale(lang)) }) } : undefined;
  const keras = layer.keras;
  if (keras) {
    // The engine numbers the lines of the spec it was handed: the reasons name the Python line.
    if (!isPicturedKind(keras.config.kind)) return { reason: t(lang, 'convarith.reasonNotWindowed', { line: at, kerasClass: keras.kerasClass }) };
    if (!use?.output || use.unknown || !hasConvPicture(keras) || !keras.inputShape) return { reason: t(lang, 'convarith.reasonShapeUnknownPython', { line: at }) };
    const [h, w] = keras.explanation.axes.map(axisMessage);
    return tooLarge(h, w) ?? { kind: keras.config.kind, name: keras.name, kerasClass: keras.kerasClass, line: layer.line, document, channels: keras.inputShape[2] ?? 1, h, w };
  }
  const window = torchWindow(layer, use);
  if ('reason' in window) {
    if (window.reason === 'not-windowed') return { reason: t(lang, 'convarith.reasonNotWindowedTorch', { line: at, type: layer.type }) };
    return { reason: t(lang, window.reason === 'ceil-mode' ? 'convarith.reasonCeilMode' : 'convarith.reasonShapeUnknownPython', { line: at }) };
  }
  return tooLarge(window.h, window.w) ?? { kind: window.kind, name: layer.name, kerasClass: layer.type, line: layer.line, document, channels: window.channels, h: window.h, w: window.w };
}
