/**
 * Export to PyTorch, Keras and notebooks: pure text generation from the core's Analysis, used by
 * the CLI (`netlens export`), the editor command and (with its settings) the Train panel.
 */
export { exportKeras, KERAS_MODEL_BEGIN, KERAS_MODEL_END } from './keras';
export { exportNotebook, type NotebookFramework } from './notebook';
export { exportPyTorch, type ExportOptions } from './pytorch';
export { crc32, writeNpz, type NpyArray } from './npz';
export { layoutWeights, lossMode, refusal, weightLayout, type ExportableAnalysis, type ExportResult, type LossMode, type WeightEntry, type WeightLayoutSource } from './layout';
export { DEFAULT_EXPORT_SETTINGS, EXPORT_DATASETS, EXPORT_NORMALIZE, withDefaults, type ExportDataset, type ExportNormalize, type ExportOptimizer, type ExportSettings } from './settings';

import type { Analysis } from '../../core/types';
import { exportKeras } from './keras';
import type { ExportResult } from './layout';
import { exportNotebook } from './notebook';
import { type ExportOptions, exportPyTorch } from './pytorch';

/** What the user picks: a script in one framework, or a notebook with one inside. */
export type ExportTarget = 'pytorch' | 'keras' | 'ipynb';

/** One entry point for the CLI and the command: `framework` says what the notebook holds. */
export function exportModel(a: Analysis, target: ExportTarget, options: ExportOptions & { framework?: 'pytorch' | 'keras' }): ExportResult {
  switch (target) {
    case 'pytorch': return exportPyTorch(a, options);
    case 'keras': return exportKeras(a, options);
    case 'ipynb': return exportNotebook(a, options.framework ?? 'pytorch', options);
  }
}
