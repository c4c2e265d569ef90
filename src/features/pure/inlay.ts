/** Inlay hint text and placement for each layer line (pure: tested in plain Node). */
import { formatCount, formatShape, formatShapeCompact } from '../../core';
import type { Analysis, LayerInfo } from '../../core';
import { t, type Lang } from '../../core/i18n';

/** `→ 32×32×64 · 832 params`: the output shape per sample and the layer's parameter count. */
export function inlayHintLabel(layer: LayerInfo, lang: Lang = 'en'): string {
  // An unknown shape (an error on or above this line) has an unknown count too: never a made-up 0.
  if (!layer.outputShape) return `→ ? · ${t(lang, 'ui.params', { n: '?' })}`;
  return `→ ${formatShapeCompact(layer.outputShape)} · ${t(lang, layer.params === 1 ? 'ui.paramsOne' : 'ui.params', { n: formatCount(layer.params) })}`;
}

export interface InlayHintData {
  line: number;
  /** Column after the line's last non-blank character, so a trailing comment stays before the hint. */
  column: number;
  /**
   * The label as shown: a space, then inlayHintLabel. VS Code's paddingLeft alone is a margin of a
   * quarter of the font size, which reads as touching the code (`relu→ 32×32×64`).
   */
  label: string;
  /** Always true: the adapter sets VS Code's paddingLeft from it as well. */
  paddingLeft: boolean;
  /** Where the numbers come from: `conv2d (Conv2D): params = (2·2·3 + 1)·64 = 832`. */
  tooltip: string;
}

/**
 * One hint per layer whose line lies in [fromLine, toLine]. `lineText` reads a line of the
 * document; the hint goes at the end of the line's visible text.
 */
export function inlayHintData(
  analysis: Analysis,
  lineText: (line: number) => string,
  fromLine = 0,
  toLine = Number.MAX_SAFE_INTEGER,
  lang: Lang = 'en',
): InlayHintData[] {
  const hints: InlayHintData[] = [];
  for (const layer of analysis.layers) {
    if (layer.line < fromLine || layer.line > toLine) continue;
    hints.push({
      line: layer.line,
      column: lineText(layer.line).trimEnd().length,
      label: ` ${inlayHintLabel(layer, lang)}`,
      paddingLeft: true,
      tooltip: `${layer.name} (${layer.kerasClass}): ${formatShape(layer.outputShape)}, ${layer.explanation.params}`,
    });
  }
  return hints;
}
