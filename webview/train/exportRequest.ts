/**
 * What the panel's Export button sends (src/protocol/train.ts ExportMessage): the form's settings
 * in the exporter's terms (src/core/export/settings.ts), and the trained TF.js model's weights in
 * the exporter's layout (Keras's names and shapes, src/core/export/layout.ts), which both exported
 * scripts load with `--weights` (read from TF.js in the engine: ./engine/weights.ts). Pure.
 */
import type { WeightLayoutSource } from '../../src/core/export/layout';
import type { ExportTarget } from '../../src/core/export';
import type { ExportSettings } from '../../src/core/export/settings';
import type { TrainSpec } from '../../src/protocol/train';
import type { FormSettings } from './form';
import type { TrainSettings } from '../shared/training/trainConfig';

/**
 * The settings an export carries. The sample count goes only with the synthetic sets: for MNIST
 * and CIFAR-10 the browser's subset is a limit of the webview, and the scripts use every image.
 */
export function exportSettings(form: Pick<FormSettings, 'dataset' | 'samples' | 'normalize'>, s: TrainSettings, normalizeChannels?: number): ExportSettings {
  const settings: ExportSettings = {
    dataset: form.dataset,
    optimizer: s.optimizer,
    learningRate: s.learningRate,
    batchSize: s.batchSize,
    epochs: s.epochs,
    validationSplit: s.validationSplit,
    seed: s.seed,
    ...(s.hypers ? { hypers: { ...s.hypers } } : {}),
    ...(s.schedule ? { schedule: { ...s.schedule } } : {}),
  };
  if (form.dataset !== 'mnist' && form.dataset !== 'cifar') settings.samples = form.samples;
  // "Normalize inputs": the scripts compute the training split's statistics themselves, per channel.
  if (form.normalize && form.normalize !== 'off') {
    settings.normalize = form.normalize;
    if (normalizeChannels !== undefined) settings.normalizeChannels = normalizeChannels;
  }
  if (s.weightDecay) settings.weightDecay = s.weightDecay;
  if (s.augment) settings.augment = { ...s.augment };
  if (s.earlyStopping) settings.earlyStopping = { ...s.earlyStopping };
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
