/**
 * What the panel's Export button sends (src/protocol/train.ts ExportMessage): the form's settings
 * in the exporter's terms (src/core/export/settings.ts), and the trained TF.js model's weights in
 * the exporter's layout (Keras's names and shapes, src/core/export/layout.ts), which both exported
 * scripts load with `--weights`. Pure apart from reading the weights' values from TF.js.
 */
import type * as tf from '@tensorflow/tfjs';
import { layoutWeights, weightLayout, type WeightLayoutSource } from '../../src/core/export/layout';
import type { ExportTarget } from '../../src/core/export';
import type { ExportSettings } from '../../src/core/export/settings';
import { encodeFloat32, type TrainSpec, type WeightPayload } from '../../src/protocol/train';
import type { FormSettings } from './form';
import type { Say } from '../../src/core/i18n';
import { pageSay } from './pageSay';
import type { TrainSettings } from './trainConfig';

/**
 * The settings an export carries. The sample count goes only with the synthetic sets: for MNIST
 * and CIFAR-10 the browser's subset is a limit of the webview, and the scripts use every image.
 */
export function exportSettings(form: Pick<FormSettings, 'dataset' | 'samples'>, s: TrainSettings): ExportSettings {
  const settings: ExportSettings = {
    dataset: form.dataset,
    optimizer: s.optimizer,
    learningRate: s.learningRate,
    batchSize: s.batchSize,
    epochs: s.epochs,
    validationSplit: s.validationSplit,
    seed: s.seed,
  };
  if (form.dataset !== 'mnist' && form.dataset !== 'cifar') settings.samples = form.samples;
  return settings;
}

/** The spec as the weight layout reads it: a sequential model, so each layer's input is the previous output. */
export function layoutSource(spec: TrainSpec): WeightLayoutSource {
  return {
    layers: spec.layers.map((l, i) => ({
      name: l.name,
      config: l.config,
      inputShape: (i === 0 ? spec.inputShape : spec.layers[i - 1].outputShape) ?? undefined,
      outputShape: l.outputShape ?? undefined,
    })),
  };
}

/**
 * The model's weights as the export expects them: per spec layer, the weights of the TF.js layers
 * that implement it (webview/train/model.ts `groups`), in order, each checked against the
 * layout's name and shape. A message names the first weight that does not fit.
 */
export async function trainedWeights(
  spec: TrainSpec,
  groups: readonly (readonly tf.layers.Layer[])[],
  say: Say = pageSay,
): Promise<{ ok: true; weights: WeightPayload[] } | { ok: false; message: string }> {
  if (groups.length !== spec.layers.length) return { ok: false, message: say('train.weightsLayerCount', { groups: groups.length, layers: spec.layers.length }) };
  const source = layoutSource(spec);
  if (source.layers.some((l) => !l.inputShape || !l.outputShape)) return { ok: false, message: say('train.weightsShapesUnknown') };
  // getWeights() hands out the layers' own variables (not copies): read them, never dispose them.
  const tensors = groups.map((group) => group.flatMap((layer) => layer.getWeights()));
  const values = await Promise.all(tensors.map((ts) => Promise.all(ts.map(async (t) => Float32Array.from(await t.data())))));
  const laid = layoutWeights(source, (i) => values[i]);
  if (!laid.ok) return laid;
  const flat = tensors.flat();
  const layout = weightLayout(source);
  for (let k = 0; k < layout.length; k++) {
    if (flat[k].shape.join('x') !== layout[k].shape.join('x')) {
      return { ok: false, message: say('train.weightsShape', { key: layout[k].key, shape: flat[k].shape.join('×'), expected: layout[k].shape.join('×') }) };
    }
  }
  return { ok: true, weights: laid.arrays.map((a) => ({ name: a.name, shape: [...a.shape], data: encodeFloat32(a.data) })) };
}

/** The Export button's choices, as "NetLens: Export Model…" offers them (src/features/export.ts); `label` is a text id. */
export interface ExportChoice {
  id: string;
  label: 'train.exportPytorch' | 'train.exportKeras' | 'train.exportIpynbPytorch' | 'train.exportIpynbKeras';
  target: ExportTarget;
  framework?: 'pytorch' | 'keras';
}
export const EXPORT_CHOICES: readonly ExportChoice[] = [
  { id: 'pytorch', label: 'train.exportPytorch', target: 'pytorch' },
  { id: 'keras', label: 'train.exportKeras', target: 'keras' },
  { id: 'ipynb-pytorch', label: 'train.exportIpynbPytorch', target: 'ipynb', framework: 'pytorch' },
  { id: 'ipynb-keras', label: 'train.exportIpynbKeras', target: 'ipynb', framework: 'keras' },
];
