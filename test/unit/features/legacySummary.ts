/**
 * The summary layout as it was before display widths (src/core/summary.ts and
 * src/features/pure/status.ts at commit 5737809), counting UTF-16 units: the oracle that holds
 * the English summary byte-identical now that widths are display columns. Test-only code.
 */
import { formatCount, summaryRows, type Analysis } from '../../../src/core';
import { render, t, type Lang, type MessageId } from '../../../src/core/i18n';

/**
 * The summary text. Columns are at least Keras's (29, 26, 10 characters) and widen for long
 * names so nothing wraps.
 */
export function legacyFormatSummary(a: Analysis, opts: { modelName?: string } = {}): string {
  const rows = summaryRows(a);
  const header = { layer: 'Layer (type)', outputShape: 'Output Shape', params: 'Param #' };
  // A loop, not Math.max(...rows): spreading 10^5 arguments overflows the stack.
  let w1 = 29;
  let w2 = 26;
  let w3 = 10;
  for (const r of rows) {
    w1 = Math.max(w1, r.layer.length + 1);
    w2 = Math.max(w2, r.outputShape.length + 1);
    w3 = Math.max(w3, r.params.length + 1);
  }
  const width = w1 + w2 + w3;
  const line = (r: { layer: string; outputShape: string; params: string }) =>
    (r.layer.padEnd(w1) + r.outputShape.padEnd(w2) + r.params.padEnd(w3)).trimEnd();
  const out: string[] = [];
  out.push(`Model: "${opts.modelName ?? 'sequential'}"`);
  out.push('_'.repeat(width));
  out.push(line(header));
  out.push('='.repeat(width));
  rows.forEach((r, i) => {
    out.push(line(r));
    if (i < rows.length - 1) out.push('_'.repeat(width));
  });
  out.push('='.repeat(width));
  // The exact strings: a total past 2^53 would lose digits as a number. After an error the totals
  // are unknown: a partial sum would read as the model's.
  const known = a.totalsKnown;
  out.push(`Total params: ${known ? formatCount(a.exactTotals.totalParams) : '? (fix the errors to count them)'}`);
  out.push(`Trainable params: ${known ? formatCount(a.exactTotals.trainableParams) : '?'}`);
  out.push(`Non-trainable params: ${known ? formatCount(a.exactTotals.nonTrainableParams) : '?'}`);
  out.push('_'.repeat(width));
  return out.join('\n') + '\n';
}

/**
 * The same rows for a narrow column (an editor opened beside the spec): two lines per layer,
 * "name (Class)" with its Param # right-aligned, then "  → output shape", so no column falls
 * off the right edge. Rules are `width` wide (40 by default); a row whose name and count do
 * not fit in `maxWidth` puts the count on its shape line, and a name longer than `maxWidth`
 * breaks before its "(Class)".
 */
export function legacyFormatSummaryNarrow(a: Analysis, opts: { modelName?: string; width?: number; maxWidth?: number } = {}): string {
  const rows = summaryRows(a);
  const header = { layer: 'Layer (type)', outputShape: 'Output Shape', params: 'Param #' };
  const maxWidth = opts.maxWidth ?? Number.POSITIVE_INFINITY;
  const fitsOneLine = (r: { layer: string; params: string }) => r.layer.length + 1 + r.params.length <= maxWidth;
  let width = opts.width ?? 40;
  for (const r of [header, ...rows]) {
    const first = fitsOneLine(r) ? r.layer.length + 1 + r.params.length : 0;
    const second = 4 + r.outputShape.length + (fitsOneLine(r) ? 0 : 1 + r.params.length);
    width = Math.max(width, Math.min(maxWidth, Math.max(first, second)));
  }
  const pair = (r: { layer: string; outputShape: string; params: string }): string[] => {
    const shape = `  → ${r.outputShape}`;
    if (fitsOneLine(r)) return [r.layer + r.params.padStart(width - r.layer.length), shape];
    const cut = r.layer.lastIndexOf(' (');
    const name = r.layer.length > maxWidth && cut > 0 ? [r.layer.slice(0, cut), `  ${r.layer.slice(cut + 1)}`] : [r.layer];
    return [...name, shape + r.params.padStart(Math.max(1 + r.params.length, width - shape.length))];
  };
  const out: string[] = [];
  out.push(`Model: "${opts.modelName ?? 'sequential'}"`);
  out.push('_'.repeat(width));
  out.push(...pair(header));
  out.push('='.repeat(width));
  rows.forEach((r, i) => {
    out.push(...pair(r));
    if (i < rows.length - 1) out.push('_'.repeat(width));
  });
  out.push('='.repeat(width));
  const known = a.totalsKnown;
  out.push(`Total params: ${known ? formatCount(a.exactTotals.totalParams) : '? (fix the errors first)'}`);
  out.push(`Trainable params: ${known ? formatCount(a.exactTotals.trainableParams) : '?'}`);
  out.push(`Non-trainable params: ${known ? formatCount(a.exactTotals.nonTrainableParams) : '?'}`);
  out.push('_'.repeat(width));
  return out.join('\n') + '\n';
}

const SEVERITY_IDS: Record<Analysis['diagnostics'][number]['severity'], MessageId> = { error: 'ui.error', warning: 'ui.warning', info: 'ui.info' };

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
export function legacySummaryDocumentText(a: Analysis, fileName: string, lang: Lang = 'en', columns = 44): string {
  // Keras's own table (formatSummary) stays as Keras prints it; the lines around it follow `lang`.
  const keras = legacyFormatSummary(a).trimEnd();
  const fits = keras.split('\n').every((l) => l.length <= columns);
  const out = [...wrap(t(lang, 'ui.summaryTitle', { file: fileName }), columns, '  '), ''];
  out.push(fits ? keras : legacyFormatSummaryNarrow(a, { width: Math.min(40, columns), maxWidth: columns }).trimEnd());
  if (a.totalMacs > 0 && a.totalsKnown) out.push(t(lang, 'ui.summaryMacs', { macs: formatCount(a.exactTotals.totalMacs) }));
  if (!fits) out.push(...wrap(t(lang, 'ui.summaryNarrowNote'), columns, ''));
  if (a.diagnostics.length > 0) {
    out.push('', t(lang, 'ui.problems'));
    for (const d of a.diagnostics) {
      const where = t(lang, 'ui.problemAt', { line: d.line + 1, column: d.start + 1, severity: render(lang, { id: SEVERITY_IDS[d.severity] }) });
      out.push(...wrap(`  ${where}: ${d.message}`, columns, '    '));
    }
  }
  return out.join('\n') + '\n';
}
