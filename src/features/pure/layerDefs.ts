/** Which catalogue entry describes an engine-resolved layer (for docs in hover and completion). */
import { ALL_LAYERS, LAYERS, type LayerDef } from '../../core';
import type { LayerInfo } from '../../core';

export function layerDefFor(layer: LayerInfo): LayerDef | undefined {
  const config = layer.config;
  if (config.kind === 'activation' && config.standalone) {
    // `prelu` alone on a line is Keras's PReLU layer, documented under its own entry.
    const own = ALL_LAYERS.find((d) => d.activation === config.activation.name);
    if (own) return own;
  }
  return LAYERS.find((d) => d.kind === config.kind);
}
