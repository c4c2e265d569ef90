/**
 * "With vs without batch normalization" (the Train panel's compare): the spec's layers with a
 * BatchNormalization inserted after each conv2d and dense layer but the output layer, between
 * the layer and its activation (Ioffe & Szegedy place it before the nonlinearity): the fused
 * `activation=` moves to an Activation layer of its own. Pure: a function over TrainLayer[] that
 * also says where each new layer came from, so the engine gives the layers both models share the
 * same initial weights (../../train/engine/compare.ts).
 */
import type { ActivationSpec, LayerConfig } from '../../../src/core/types';
import type { TrainLayer } from '../../../src/protocol/train';

/** Keras's BatchNormalization defaults (keras/src/layers/normalization/batch_normalization.py). */
export const KERAS_BN_MOMENTUM = 0.99;
export const KERAS_BN_EPSILON = 0.001;

export interface BatchNormInserted {
  layers: TrainLayer[];
  /** For each new layer: the index of the spec layer it comes from (its weights), or -1 for an inserted one. */
  origin: number[];
  /** Batch-normalization layers inserted. */
  inserted: number;
}


/** Weights of a conv2d or dense layer alone (its activation's, PReLU's α, excluded). */
function weightedParams(c: Extract<LayerConfig, { kind: 'conv2d' | 'dense' }>, input: readonly number[]): number {
  const fanIn = c.kind === 'dense' ? input[input.length - 1] : c.kernel[0] * c.kernel[1] * input[input.length - 1];
  const units = c.kind === 'dense' ? c.units : c.filters;
  return fanIn * units + (c.useBias ? units : 0);
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 1; taken.has(name); k++) name = `${base}_${k}`;
  taken.add(name);
  return name;
}

/**
 * The layers with batch normalization inserted. `inputShape` is the spec's input (the first
 * layer's input). Layers whose shapes are unknown are copied unchanged.
 */
export function insertBatchNorm(inputShape: readonly number[], layers: readonly TrainLayer[]): BatchNormInserted {
  let output = -1;
  layers.forEach((l, i) => {
    if (l.config.kind === 'conv2d' || l.config.kind === 'dense' || l.config.kind === 'maxout') output = i;
  });
  const taken = new Set(layers.map((l) => l.name));
  const out: TrainLayer[] = [];
  const origin: number[] = [];
  let inserted = 0;
  layers.forEach((l, i) => {
    const c = l.config;
    const input = i === 0 ? inputShape : layers[i - 1].outputShape;
    if ((c.kind !== 'conv2d' && c.kind !== 'dense') || i === output || !l.outputShape || !input) {
      out.push({ ...l, config: { ...c } as LayerConfig, outputShape: l.outputShape ? [...l.outputShape] : null });
      origin.push(i);
      return;
    }
    const shape = [...l.outputShape];
    const own = weightedParams(c, input);
    const linear: ActivationSpec = { name: 'linear' };
    out.push({ ...l, config: { ...c, activation: linear }, outputShape: shape, params: own });
    origin.push(i);
    const channels = shape[shape.length - 1];
    out.push({
      name: uniqueName('batch_normalization', taken), kerasClass: 'BatchNormalization',
      config: { kind: 'batchnorm', momentum: KERAS_BN_MOMENTUM, epsilon: KERAS_BN_EPSILON, axis: -1, center: true, scale: true },
      outputShape: [...shape], params: 4 * channels,
    });
    origin.push(-1);
    inserted += 1;
    if (c.activation.name !== 'linear') {
      out.push({
        name: uniqueName('activation', taken), kerasClass: 'Activation',
        config: { kind: 'activation', activation: { ...c.activation }, standalone: false },
        // Whatever the fused activation weighed (PReLU's α: one per element) moves with it.
        outputShape: [...shape], params: l.params - own,
      });
      origin.push(i);
    }
  });
  return { layers: out, origin, inserted };
}

/** Parameters of the model the layers make. */
export const totalParams = (layers: readonly TrainLayer[]) => layers.reduce((s, l) => s + l.params, 0);
