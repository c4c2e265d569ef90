/**
 * A Colab/Jupyter notebook (nbformat 4.5) around the PyTorch or Keras script: the script's
 * sections (`# %%`) become code cells, then one cell prints the summary and one trains.
 */
import type { Analysis } from '../../core/types';
import { exportKeras } from './keras';
import { type ExportResult, refusal, specStem } from './layout';
import { type ExportOptions, exportPyTorch } from './pytorch';

export type NotebookFramework = 'pytorch' | 'keras';

interface Cell {
  cell_type: 'markdown' | 'code';
  id: string;
  metadata: Record<string, never>;
  source: string[];
  execution_count?: null;
  outputs?: [];
}

/** Notebook sources are lists of lines, each but the last ending in a newline. */
function sourceLines(text: string): string[] {
  const lines = text.replace(/\s+$/, '').split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
}

export function exportNotebook(a: Analysis, framework: NotebookFramework, options: ExportOptions): ExportResult {
  const refused = refusal(a, options.specName);
  if (refused) return { ok: false, ...refused };
  const scriptResult = (framework === 'keras' ? exportKeras : exportPyTorch)(a, { ...options, forNotebook: true });
  if (!scriptResult.ok) return scriptResult;
  const stem = specStem(options.specName);
  const cells: Cell[] = [];
  const add = (cell_type: Cell['cell_type'], text: string) => {
    const cell: Cell = { cell_type, id: `cell-${cells.length + 1}`, metadata: {}, source: sourceLines(text) };
    if (cell_type === 'code') Object.assign(cell, { execution_count: null, outputs: [] });
    cells.push(cell);
  };
  const name = framework === 'keras' ? 'Keras' : 'PyTorch';
  add('markdown', [
    `# ${stem} in ${name}`,
    '',
    `Exported by NetLens from \`${options.specName}\`. Every layer's output shape and parameter count equal NetLens's summary.`,
    '',
    'Run the cells in order: the last two print the summary and train with the exported settings',
    '(`main([...])` takes the same options as the script on the command line, e.g. `main([\'--epochs\', \'20\'])`).',
    framework === 'pytorch'
      ? 'On Colab choose a GPU runtime (Runtime → Change runtime type). For several GPUs, download the script version and run it with `torchrun --nproc_per_node=N`.'
      : 'On Colab choose a GPU runtime (Runtime → Change runtime type); `main([\'--strategy\', \'mirrored\'])` uses every GPU the machine has.',
  ].join('\n'));
  const sections = scriptResult.text.split(/^# %%\n/m).map((s) => s.replace(/^#!.*\n/, '').trim()).filter((s) => s.length > 0);
  // The module docstring describes command lines: the markdown cell says it for the notebook.
  for (const section of sections) if (!/^"""[\s\S]*"""$/.test(section)) add('code', section);
  add('code', "main(['--summary'])");
  add('code', 'main([])');
  const notebook = {
    cells,
    metadata: {
      accelerator: 'GPU',
      colab: { provenance: [] },
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return { ok: true, text: JSON.stringify(notebook, null, 1) + '\n', fileName: `${stem}_${framework}.ipynb` };
}
