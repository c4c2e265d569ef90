/**
 * What the convolution-arithmetic panel sends for a line of a spec: the analysis's own numbers
 * for that layer (pure, so the unit and browser tests build the very message the panel posts).
 */
import type { Analysis, AxisExplanation, LayerInfo } from '../core';
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

/** The message for one analysed layer, or why it has no picture. */
export function convArithLayer(layer: LayerInfo, document: string): ConvArithLayer | { reason: string } {
  if (!isPicturedKind(layer.config.kind)) {
    return { reason: `Line ${layer.line + 1} is a ${layer.kerasClass} layer: only conv2d, maxpool2d, avgpool2d and zeropad2d slide a window (or pad) over the input.` };
  }
  if (!hasConvPicture(layer) || !layer.inputShape) {
    return { reason: `Line ${layer.line + 1}: its shape is unknown until the errors are fixed, so there is nothing to draw.` };
  }
  const [h, w] = layer.explanation.axes;
  if ([h, w].some((a) => a.input + a.padBefore + a.padAfter > MAX_PICTURE_AXIS)) {
    return { reason: `Line ${layer.line + 1}: an input of ${h.input}×${w.input} is beyond what the picture draws (${MAX_PICTURE_AXIS.toLocaleString('en-US')} per axis).` };
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
export function convArithLayerAt(analysis: Analysis, line: number, document: string): ConvArithLayer | { reason: string } {
  const layer = analysis.layers.find((l) => l.line === line);
  if (!layer) return { reason: `Line ${line + 1} holds no layer: put the cursor on a conv2d, maxpool2d, avgpool2d or zeropad2d line.` };
  return convArithLayer(layer, document);
}

/**
 * The message for a 0-based line of a Python file: the Keras layer or PyTorch Conv2d / MaxPool2d
 * / AvgPool2d constructed or applied on that line (the first application of one constructed
 * there), with the numbers NetLens shows for it; or why there is none.
 */
export function pythonConvArithLayerAt(analysis: PythonAnalysis, line: number, document: string): ConvArithLayer | { reason: string } {
  let hit: { layer: PyLayer; use: PyLayerUse | undefined } | undefined;
  for (const model of analysis.models) {
    const layer = model.layers.find((l) => l.line === line);
    if (layer) hit = { layer, use: layer.uses[0] };
    const use = hit ? undefined : model.uses.find((u) => u.at?.line === line && (u.layer.torch?.kind === 'conv2d' || u.layer.torch?.kind === 'maxpool2d' || u.layer.torch?.kind === 'avgpool2d'));
    if (use) hit = { layer: use.layer, use };
    if (hit) break;
  }
  if (!hit) return { reason: `Line ${line + 1} holds no layer NetLens reads: put the cursor on a Conv2d, MaxPool2d or AvgPool2d line (Keras: Conv2D, MaxPooling2D, AveragePooling2D, ZeroPadding2D).` };
  const { layer, use } = hit;
  if (layer.keras) {
    if (!use?.output || use.unknown) return { reason: `Line ${line + 1}: its shape is unknown, so there is nothing to draw.` };
    const found = convArithLayer(layer.keras, document);
    // The engine numbers the lines of the spec it was handed; the picture names the Python line.
    return 'reason' in found ? { reason: found.reason.replace(/^Line \d+/, `Line ${layer.line + 1}`) } : { ...found, line: layer.line };
  }
  const window = torchWindow(layer, use);
  if ('reason' in window) return window;
  if ([window.h, window.w].some((a) => a.input + a.padBefore + a.padAfter > MAX_PICTURE_AXIS)) {
    return { reason: `Line ${layer.line + 1}: an input of ${window.h.input}×${window.w.input} is beyond what the picture draws (${MAX_PICTURE_AXIS.toLocaleString('en-US')} per axis).` };
  }
  return { kind: window.kind, name: layer.name, kerasClass: layer.type, line: layer.line, document, channels: window.channels, h: window.h, w: window.w };
}
