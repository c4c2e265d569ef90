/** Status bar text, CodeLens titles and the summary document's text (pure, for plain-Node tests). */
import { displayWidth, formatCount, formatSummary, formatSummaryNarrow, type Analysis } from '../../core';
import { render, t, type Lang, type MessageId } from '../../core/i18n';

const SEVERITY_IDS: Record<Analysis['diagnostics'][number]['severity'], MessageId> = { error: 'ui.error', warning: 'ui.warning', info: 'ui.info' };

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
function paramsText(a: Analysis, lang: Lang): string {
  return t(lang, a.totalsKnown && a.totalParams === 1 ? 'ui.paramsOne' : 'ui.params', { n: a.totalsKnown ? formatCount(a.exactTotals.totalParams) : '?' });
}

export function statusBarText(a: Analysis, lang: Lang = 'en'): { text: string; tooltip: string } {
  const { errors } = problemCounts(a);
  const icon = errors > 0 ? '$(warning)' : '$(symbol-numeric)';
  const params = paramsText(a, lang);
  const tooltip = [
    a.totalsKnown
      ? t(lang, 'ui.statusParams', { params, trainable: formatCount(a.exactTotals.trainableParams), nonTrainable: formatCount(a.exactTotals.nonTrainableParams) })
      : t(lang, 'ui.statusUnknown'),
    t(lang, a.layers.length === 1 ? 'ui.layersOne' : 'ui.layers', { n: a.layers.length }) + (a.totalsKnown ? t(lang, 'ui.macsPerSample', { macs: formatCount(a.exactTotals.totalMacs) }) : ''),
    errors > 0 ? t(lang, errors === 1 ? 'ui.errorsInSpecOne' : 'ui.errorsInSpec', { n: errors }) : '',
    t(lang, 'ui.statusClick'),
  ].filter(Boolean);
  return { text: `${icon} ${params}`, tooltip: tooltip.join('\n') };
}

export type LensCommand = 'netlens.showSummary' | 'netlens.train' | 'workbench.actions.view.problems';

/** The lenses above the `input` line, left to right; none when the spec has no input line. */
export function codeLensData(a: Analysis, lang: Lang = 'en'): { line: number; title: string; command: LensCommand; tooltip: string }[] {
  if (!a.input) return [];
  const line = a.input.line;
  const { errors } = problemCounts(a);
  const lenses: { line: number; title: string; command: LensCommand; tooltip: string }[] = [];
  if (errors > 0) {
    lenses.push({ line, title: `$(error) ${t(lang, errors === 1 ? 'ui.errorsOne' : 'ui.errors', { n: errors })}`, command: 'workbench.actions.view.problems', tooltip: t(lang, 'ui.lensProblems') });
  }
  lenses.push(
    { line, title: paramsText(a, lang), command: 'netlens.showSummary', tooltip: t(lang, a.totalsKnown ? 'ui.lensParams' : 'ui.lensParamsUnknown') },
    { line, title: t(lang, 'ui.lensSummary'), command: 'netlens.showSummary', tooltip: t(lang, 'ui.lensSummaryTooltip') },
    { line, title: `$(rocket) ${t(lang, 'ui.lensTrain')}`, command: 'netlens.train', tooltip: t(lang, 'ui.lensTrainTooltip') },
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

/**
 * `text` broken at spaces into lines of at most `width` display columns (a Hangul syllable takes
 * two), later lines indented. A word wider than a line stays whole on its own line.
 */
function wrap(text: string, width: number, indent: string): string[] {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const next = line.trim() ? `${line} ${word}` : line + word;
    if (displayWidth(next) > width && line.trim()) {
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
export function summaryDocumentText(a: Analysis, fileName: string, lang: Lang = 'en', columns = SUMMARY_DOCUMENT_COLUMNS): string {
  // Keras's own table (formatSummary) stays as Keras prints it; the lines around it follow `lang`.
  const keras = formatSummary(a).trimEnd();
  const fits = keras.split('\n').every((l) => displayWidth(l) <= columns);
  const out = [...wrap(t(lang, 'ui.summaryTitle', { file: fileName }), columns, '  '), ''];
  out.push(fits ? keras : formatSummaryNarrow(a, { width: Math.min(40, columns), maxWidth: columns, lang }).trimEnd());
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
