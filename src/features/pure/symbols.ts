/** Outline entries: the input and one per layer, with the output shape as detail. */
import { formatCount, formatShapeCompact } from '../../core';
import type { Analysis } from '../../core';
import { t, type Lang } from '../../core/i18n';

export interface SymbolData {
  name: string;
  detail: string;
  kind: 'input' | 'layer';
  line: number;
  /** The whole statement. */
  start: number;
  end: number;
  /** The layer word (what the outline reveals when clicked). */
  selectionStart: number;
  selectionEnd: number;
}

export function documentSymbolData(analysis: Analysis, lang: Lang = 'en'): SymbolData[] {
  const symbols: SymbolData[] = [];
  if (analysis.input) {
    const { shape, line, span } = analysis.input;
    symbols.push({
      name: 'input',
      detail: formatShapeCompact(shape),
      kind: 'input',
      line,
      start: span.start,
      end: span.end,
      selectionStart: span.start,
      selectionEnd: span.end,
    });
  }
  for (const layer of analysis.layers) {
    symbols.push({
      name: `${layer.name} (${layer.kerasClass})`,
      detail: layer.outputShape ? `${formatShapeCompact(layer.outputShape)} · ${t(lang, layer.params === 1 ? 'ui.paramsOne' : 'ui.params', { n: formatCount(layer.params) })}` : `? · ${t(lang, 'ui.params', { n: '?' })}`,
      kind: 'layer',
      line: layer.line,
      start: layer.span.start,
      end: layer.span.end,
      // VS Code requires the selection range to lie inside the full range.
      selectionStart: Math.max(layer.span.start, Math.min(layer.nameSpan.start, layer.span.end)),
      selectionEnd: Math.max(layer.span.start, Math.min(layer.nameSpan.end, layer.span.end)),
    });
  }
  return symbols;
}
