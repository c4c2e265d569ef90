/**
 * Keras's model.summary(), as the lecture printed it (TF 2.x Sequential layout). The hover and the
 * summary are two renderings of the same rows.
 */
import { displayWidth, padEndColumns, padStartColumns } from './displayWidth';
import { formatCount, formatShape } from './format';
import { t, type Lang } from './i18n';
import type { Analysis, LayerInfo } from './types';

export interface SummaryRow {
  /** "conv2d (Conv2D)" */
  layer: string;
  /** "(None, 32, 32, 64)" */
  outputShape: string;
  /** "832" (Keras prints per-layer counts without separators) */
  params: string;
  info: LayerInfo;
}

export function summaryRows(a: Analysis): SummaryRow[] {
  return a.layers.map((info) => ({
    layer: `${info.name} (${info.kerasClass})`,
    outputShape: formatShape(info.outputShape),
    // Unknown shape, unknown count (an error on or above the line): "?" rather than a made-up 0.
    params: info.outputShape ? String(info.params) : '?',
    info,
  }));
}

/**
 * The summary text. Columns are at least Keras's (29, 26, 10 characters) and widen for long
 * names so nothing wraps; widths are display columns (src/core/displayWidth.ts), so a name in
 * Hangul lines up too. Every word is Keras's (in every language, as `netlens summary` prints it).
 */
export function formatSummary(a: Analysis, opts: { modelName?: string } = {}): string {
  const rows = summaryRows(a);
  const header = { layer: 'Layer (type)', outputShape: 'Output Shape', params: 'Param #' };
  // A loop, not Math.max(...rows): spreading 10^5 arguments overflows the stack.
  let w1 = 29;
  let w2 = 26;
  let w3 = 10;
  for (const r of rows) {
    w1 = Math.max(w1, displayWidth(r.layer) + 1);
    w2 = Math.max(w2, displayWidth(r.outputShape) + 1);
    w3 = Math.max(w3, displayWidth(r.params) + 1);
  }
  const width = w1 + w2 + w3;
  const line = (r: { layer: string; outputShape: string; params: string }) =>
    (padEndColumns(r.layer, w1) + padEndColumns(r.outputShape, w2) + padEndColumns(r.params, w3)).trimEnd();
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
 * breaks before its "(Class)". Widths are display columns (a Hangul syllable takes two). Not
 * Keras's own table: `lang` words the note on unknown totals.
 */
export function formatSummaryNarrow(a: Analysis, opts: { modelName?: string; width?: number; maxWidth?: number; lang?: Lang } = {}): string {
  const rows = summaryRows(a);
  const header = { layer: 'Layer (type)', outputShape: 'Output Shape', params: 'Param #' };
  const maxWidth = opts.maxWidth ?? Number.POSITIVE_INFINITY;
  const w = displayWidth;
  const fitsOneLine = (r: { layer: string; params: string }) => w(r.layer) + 1 + w(r.params) <= maxWidth;
  let width = opts.width ?? 40;
  for (const r of [header, ...rows]) {
    const first = fitsOneLine(r) ? w(r.layer) + 1 + w(r.params) : 0;
    const second = 4 + w(r.outputShape) + (fitsOneLine(r) ? 0 : 1 + w(r.params));
    width = Math.max(width, Math.min(maxWidth, Math.max(first, second)));
  }
  const pair = (r: { layer: string; outputShape: string; params: string }): string[] => {
    const shape = `  → ${r.outputShape}`;
    if (fitsOneLine(r)) return [r.layer + padStartColumns(r.params, width - w(r.layer)), shape];
    const cut = r.layer.lastIndexOf(' (');
    const name = w(r.layer) > maxWidth && cut > 0 ? [r.layer.slice(0, cut), `  ${r.layer.slice(cut + 1)}`] : [r.layer];
    return [...name, shape + padStartColumns(r.params, Math.max(1 + w(r.params), width - w(shape)))];
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
  out.push(`Total params: ${known ? formatCount(a.exactTotals.totalParams) : t(opts.lang ?? 'en', 'summary.unknownTotalShort')}`);
  out.push(`Trainable params: ${known ? formatCount(a.exactTotals.trainableParams) : '?'}`);
  out.push(`Non-trainable params: ${known ? formatCount(a.exactTotals.nonTrainableParams) : '?'}`);
  out.push('_'.repeat(width));
  return out.join('\n') + '\n';
}
