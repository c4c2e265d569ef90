/** Status bar text, CodeLens titles and the summary document's text (pure, for plain-Node tests). */
import { formatCount, formatSummary, formatSummaryNarrow, type Analysis } from '../../core';
import { plural } from './markdown';

function problemCounts(a: Analysis): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of a.diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

/** `$(symbol-numeric) 164,682 params`, with a warning icon when the spec has errors. */
/** "164,682 params", or "? params" when an error leaves the totals unknown (never a partial sum). */
function paramsText(a: Analysis): string {
  return a.totalsKnown ? plural(a.totalParams, formatCount(a.exactTotals.totalParams), 'param') : '? params';
}

export function statusBarText(a: Analysis): { text: string; tooltip: string } {
  const { errors } = problemCounts(a);
  const icon = errors > 0 ? '$(warning)' : '$(symbol-numeric)';
  const params = paramsText(a);
  const tooltip = [
    a.totalsKnown
      ? `NetLens: ${params} (${formatCount(a.exactTotals.trainableParams)} trainable, ${formatCount(a.exactTotals.nonTrainableParams)} non-trainable)`
      : 'NetLens: the parameter count is unknown until the errors are fixed (NetLens does not guess past an error)',
    `${plural(a.layers.length, String(a.layers.length), 'layer')}${a.totalsKnown ? `, ${formatCount(a.exactTotals.totalMacs)} MACs per sample` : ''}`,
    errors > 0 ? `${plural(errors, String(errors), 'error')} in the spec` : '',
    'Click to show the model summary',
  ].filter(Boolean);
  return { text: `${icon} ${params}`, tooltip: tooltip.join('\n') };
}

export type LensCommand = 'netlens.showSummary' | 'netlens.train' | 'workbench.actions.view.problems';

/** The lenses above the `input` line, left to right; none when the spec has no input line. */
export function codeLensData(a: Analysis): { line: number; title: string; command: LensCommand; tooltip: string }[] {
  if (!a.input) return [];
  const line = a.input.line;
  const { errors } = problemCounts(a);
  const lenses: { line: number; title: string; command: LensCommand; tooltip: string }[] = [];
  if (errors > 0) {
    lenses.push({ line, title: `$(error) ${plural(errors, String(errors), 'error')}`, command: 'workbench.actions.view.problems', tooltip: 'Open the Problems panel' });
  }
  lenses.push(
    { line, title: paramsText(a), command: 'netlens.showSummary', tooltip: a.totalsKnown ? 'Total parameters: open the model summary' : 'Unknown until the errors are fixed: open the model summary' },
    { line, title: 'Show summary', command: 'netlens.showSummary', tooltip: 'Keras-style model.summary() beside the editor' },
    { line, title: '$(rocket) Train on GPU', command: 'netlens.train', tooltip: 'Train this model in TensorFlow.js' },
  );
  return lenses;
}

/**
 * Columns the summary document may use: an editor opened beside the spec in a 1400-pixel window
 * with the side bar open shows 46 characters of a 14-pixel monospace font between its gutter and
 * minimap (measured in code-server by test/e2e), a 1366-pixel one about 44. Keras's table is 65
 * wide, so there its Param # column would fall off.
 */
export const SUMMARY_DOCUMENT_COLUMNS = 44;

/** `text` broken at spaces into lines of at most `width` characters, later lines indented. */
function wrap(text: string, width: number, indent: string): string[] {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const next = line.trim() ? `${line} ${word}` : line + word;
    if (next.length > width && line.trim()) {
      lines.push(line);
      line = indent + word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The read-only summary document: the model's layers, then the spec's problems (the table alone
 * would hide why a layer is missing or a total looks wrong). Keras's own table where it fits in
 * `columns`, else the same rows two lines per layer (`netlens summary` prints Keras's table).
 */
export function summaryDocumentText(a: Analysis, fileName: string, columns = SUMMARY_DOCUMENT_COLUMNS): string {
  const keras = formatSummary(a).trimEnd();
  const fits = keras.split('\n').every((l) => l.length <= columns);
  const out = [...wrap(`NetLens summary of ${fileName} (updates as you edit)`, columns, '  '), ''];
  out.push(fits ? keras : formatSummaryNarrow(a, { width: Math.min(40, columns), maxWidth: columns }).trimEnd());
  if (a.totalMacs > 0 && a.totalsKnown) out.push(`MACs per sample: ${formatCount(a.exactTotals.totalMacs)}`);
  if (!fits) out.push(...wrap("Keras's model.summary() prints these rows as one three-column table: `netlens summary` on the command line.", columns, ''));
  if (a.diagnostics.length > 0) {
    out.push('', 'Problems:');
    for (const d of a.diagnostics) out.push(...wrap(`  line ${d.line + 1}, column ${d.start + 1}: ${d.severity}: ${d.message}`, columns, '    '));
  }
  return out.join('\n') + '\n';
}
