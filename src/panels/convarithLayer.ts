/**
 * What the convolution-arithmetic panel sends for a line of a spec: the analysis's own numbers
 * for that layer (pure, so the unit and browser tests build the very message the panel posts).
 */
import type { Analysis, AxisExplanation, LayerInfo } from '../core';
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
