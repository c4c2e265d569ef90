/**
 * The window geometry of a PyTorch Conv2d, MaxPool2d or AvgPool2d as one application computed it,
 * per spatial axis, in the numbers the convolution-arithmetic picture draws (the fields of
 * src/core/types.ts AxisExplanation): PyTorch pads symmetrically (P before and P after), and
 * `padding='same'` (stride 1 only) pads floor(d·(k−1)/2) before and the rest after, as
 * torch/nn/modules/conv.py computes `_reversed_padding_repeated_twice`. Pure; never throws.
 */
import type { WindowAxis } from '../../core/types';
import type { PyLayer, PyLayerUse } from './types';

/** One axis as PyTorch pads it (symmetric, or `same`'s odd zero after). */
export type TorchWindowAxis = WindowAxis;

export interface TorchWindow {
  kind: 'conv2d' | 'maxpool2d' | 'avgpool2d';
  channels: number;
  h: TorchWindowAxis;
  w: TorchWindowAxis;
}

/** Why a layer has no picture: not a windowed layer, an unknown shape, or a ceil_mode window. */
export type NoTorchWindow = { reason: 'not-windowed' | 'unknown-shape' | 'ceil-mode' };

/** The picture's numbers for one application of a windowed PyTorch layer, or why there is none. */
export function torchWindow(layer: PyLayer, use: PyLayerUse | undefined): TorchWindow | NoTorchWindow {
  const c = layer.torch;
  if (!c || (c.kind !== 'conv2d' && c.kind !== 'maxpool2d' && c.kind !== 'avgpool2d')) return { reason: 'not-windowed' };
  const input = use?.input;
  const output = use?.output;
  if (!input || !output || input.length < 2 || output.length < 2) return { reason: 'unknown-shape' };
  const axes: TorchWindowAxis[] = [];
  for (let a = 0; a < 2; a++) {
    const size = input[input.length - 2 + a];
    const out = output[output.length - 2 + a];
    const k = c.kernel[a];
    const d = c.dilation[a];
    const s = c.stride[a];
    const eff = d * (k - 1) + 1;
    let before: number;
    let after: number;
    if (c.padding === 'same') {
      before = Math.floor((d * (k - 1)) / 2);
      after = d * (k - 1) - before;
    } else before = after = c.padding[a];
    const room = size + before + after - eff;
    // ceil_mode's extra, partial window has no place in a picture of whole windows.
    if (room < 0 || Math.floor(room / s) + 1 !== out) return { reason: 'ceil-mode' };
    axes.push({ input: size, filter: k, dilatedFilter: eff, stride: s, padBefore: before, padAfter: after, output: out, same: c.padding === 'same', uneven: room % s !== 0 });
  }
  return { kind: c.kind, channels: input.length === 3 ? input[0] : 1, h: axes[0], w: axes[1] };
}
