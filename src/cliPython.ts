/**
 * `netlens summary model.py`: the Python side of the command (cli.ts dispatches here for .py and
 * .ipynb files). Prints each model's table (Keras's for Keras code, torchinfo's for PyTorch),
 * or JSON; warnings go to stderr as FILE:LINE:COL: warning: MESSAGE. Exit status: 0 read, 1 a
 * model has warnings, 2 usage error (no model, unknown --model, bad --input).
 */
import type { Lang } from './core/i18n';
import { analyzePython, type PyModel, type PythonAnalysis } from './core/python';
import { pythonModelHeading, pythonModelSummary } from './features/pure/python';

export interface PythonCliOptions {
  /** The language of the warnings (default English). */
  lang?: Lang;
  json: boolean;
  /** `3x32x32` (PyTorch, channels first) or `32x32x3` (Keras, channels last), per sample. */
  input?: string;
  model?: string;
}

export interface PythonCliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Cells of an .ipynb joined as one text (code cells only), so line numbers count within it. */
export function notebookSource(text: string): string | undefined {
  try {
    const nb = JSON.parse(text) as { cells?: Array<{ cell_type?: string; source?: string | string[] }> };
    if (!Array.isArray(nb.cells)) return undefined;
    return nb.cells
      .filter((c) => c.cell_type === 'code')
      .map((c) => (Array.isArray(c.source) ? c.source.join('') : (c.source ?? '')))
      .join('\n\n');
  } catch {
    return undefined;
  }
}

function modelJson(m: PyModel) {
  return {
    name: m.name,
    framework: m.framework,
    line: m.line + 1,
    input: m.input ? { shape: m.input.shape, source: m.input.source } : null,
    layers: m.uses.map((u) => ({
      name: u.layer.name,
      type: u.layer.type,
      line: u.layer.line + 1,
      // The batch axis as null (N in PyTorch, None in Keras); unknown shape: null.
      outputShape: u.output ? [null, ...u.output] : null,
      params: u.layer.functional ? 0 : u.layer.params,
    })),
    totalParams: m.totalParams ?? null,
    trainableParams: m.trainableParams ?? null,
    nonTrainableParams: m.nonTrainableParams ?? null,
    unknownFrom: m.unknownFrom ? { line: m.unknownFrom.line + 1, reason: m.unknownFrom.reason } : null,
  };
}

export function runPythonSummary(fileName: string, text: string, opts: PythonCliOptions, io: PythonCliIo): number {
  let source = text;
  if (/\.ipynb$/i.test(fileName)) {
    const joined = notebookSource(text);
    if (joined === undefined) {
      io.err(`netlens: ${fileName} is not a Jupyter notebook (JSON with cells)\n`);
      return 2;
    }
    source = joined;
  }
  let input: number[] | undefined;
  if (opts.input !== undefined) {
    if (!/^\d+(?:[x×]\d+)*$/.test(opts.input) || opts.input.split(/[x×]/).some((d) => Number(d) < 1)) {
      io.err(`netlens: --input takes a shape like 3x32x32 (PyTorch: C×H×W) or 32x32x3 (Keras), got '${opts.input}'\n`);
      return 2;
    }
    input = opts.input.split(/[x×]/).map(Number);
  }
  const analysis: PythonAnalysis = analyzePython(source, { requireImport: false, input, lang: opts.lang });
  let models = analysis.models;
  if (opts.model !== undefined) {
    models = models.filter((m) => m.name === opts.model);
    if (models.length === 0) {
      io.err(`netlens: no model named '${opts.model}' in ${fileName} (models: ${analysis.models.map((m) => m.name).join(', ') || 'none'})\n`);
      return 2;
    }
  }
  if (models.length === 0) {
    io.err(`netlens: no Keras or PyTorch model found in ${fileName} (NetLens reads nn.Module classes, nn.Sequential, keras Sequential, model.add chains and functional chains)\n`);
    return 2;
  }
  const lines = new Set<number>();
  for (const m of models) for (const l of m.layers) lines.add(l.line);
  const warnings = analysis.diagnostics.filter((d) => lines.has(d.line) || opts.model === undefined);
  for (const d of warnings) io.err(`${fileName}:${d.line + 1}:${d.start + 1}: warning: ${d.message}\n`);
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          models: models.map(modelJson),
          diagnostics: warnings.map((d) => ({ line: d.line + 1, column: d.start + 1, endColumn: d.end + 1, severity: d.severity, message: d.message, code: d.code })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.out(models.map((m) => `${pythonModelHeading(m, opts.lang)}\n${pythonModelSummary(m, opts.lang)}`).join('\n'));
  }
  return warnings.length > 0 ? 1 : 0;
}
