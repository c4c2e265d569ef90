/**
 * Hover text for a layer line and for the input line, as Markdown. Pure (no vscode import) so the
 * exact text a student sees is unit-tested in plain Node; the provider only wraps it.
 *
 * Readable in light and dark themes: no colours or HTML, only emphasis, code spans and lists.
 */
import { KERAS_LEAKY_RELU_ACTIVATION_ALPHA, KERAS_LEAKY_RELU_LAYER_ALPHA, findActivation, findArg, findInitializer, formatBytes, formatCompact, formatCount, formatShape } from '../../core';
import type { Analysis, LayerInfo } from '../../core';
import { hasConvPicture } from '../../core/convGeometry';
import { t, type Lang } from '../../core/i18n';
import { activationDoc, alphaDoc, argDoc, initializerDoc } from '../../core/i18n/docs';
import { layerSummary } from '../../core/i18n/layers';
import { layerDefFor } from './layerDefs';
import { lineContext } from './lineContext';
import { code, escapeMarkdown } from './markdown';

/** Float32: the engine's activation memory and our weight memory both count 4 bytes per value. */
const BYTES_PER_FLOAT = 4;

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The number of values in a shape, exactly (a bigint past 2^53: 10⁹×10⁹×3 would round as a number). */
function exactProduct(shape: readonly number[]): number | bigint {
  const p = product(shape);
  return Number.isSafeInteger(p) ? p : shape.reduce((a, b) => a * BigInt(b), 1n);
}

/** "786,432 (786.43 K)": exact figure first, the word form when it helps reading. */
function countWithWords(n: number): string {
  const exact = formatCount(n);
  return Math.abs(n) >= 1e4 ? `${exact} (${formatCompact(n)})` : exact;
}

/** What the editor adapter adds to a layer's hover: links to its commands. */
export interface HoverLinks {
  /**
   * The `command:` URI that opens the convolution-arithmetic picture of a line (built by the
   * adapter, which knows the command id and the document); shown on the lines that have one.
   */
  convArithmetic?: (line: number) => string;
}

/** The Markdown hover for one layer: shapes, per-axis formula, parameter arithmetic, cost. */
export function layerHoverMarkdown(layer: LayerInfo, lang: Lang = 'en', links: HoverLinks = {}): string {
  const def = layerDefFor(layer);
  const out: string[] = [];
  // One headline: Keras's name and class, then where the shape comes from and what it becomes.
  out.push(
    t(lang, 'hover.headline', { name: escapeMarkdown(layer.name), kerasClass: escapeMarkdown(layer.kerasClass), input: code(formatShape(layer.inputShape)), output: code(formatShape(layer.outputShape)) }),
  );

  const axes = layer.explanation.axes;
  if (axes.length > 0) {
    const lines = [t(lang, 'hover.perAxis', { formula: code('O = (I + 2P − F)/S + 1') })];
    for (const axis of axes) {
      const uneven = axis.uneven ? t(lang, 'hover.uneven') : '';
      // Explicit padding shows in the formula's P; for `same`, say where Keras puts its zeros.
      const same = axis.same ? t(lang, axis.axis === 'H' ? 'hover.sameH' : 'hover.sameW', { before: axis.padBefore, after: axis.padAfter }) : '';
      lines.push(`- ${axis.axis}: ${code(axis.formula)}${same}${uneven}`);
    }
    if (links.convArithmetic && hasConvPicture(layer)) lines.push(`\n[${t(lang, 'hover.convArithmeticLink')}](${links.convArithmetic(layer.line)})`);
    out.push(lines.join('\n'));
  }

  let params = t(lang, 'hover.params', { params: code(layer.explanation.params) });
  if (layer.nonTrainableParams > 0) {
    params += t(lang, 'hover.paramsSplit', { trainable: formatCount(layer.trainableParams), nonTrainable: formatCount(layer.nonTrainableParams) });
  }
  out.push(params);

  const cost = [t(lang, 'hover.macs', { macs: countWithWords(layer.macs) })];
  if (layer.outputShape) {
    const values = product(layer.outputShape);
    cost.push(
      t(lang, values === 1 ? 'hover.memoryOne' : 'hover.memory', { bytes: formatBytes(layer.activationBytes), values: formatCount(values) }),
    );
  } else {
    cost.push(t(lang, 'hover.memoryUnknown'));
  }
  out.push(cost.join('  \n'));

  for (const note of layer.explanation.notes) out.push(escapeMarkdown(note));
  if (def) out.push(`---\n${escapeMarkdown(def.kerasClass)}: ${escapeMarkdown(layerSummary(def, lang))}`);
  return out.join('\n\n');
}

/** The Markdown hover for the `input` line: the input and the whole model's totals. */
export function inputHoverMarkdown(analysis: Analysis, lang: Lang = 'en'): string {
  const input = analysis.input;
  const out: string[] = [];
  if (input) {
    const values = exactProduct(input.shape);
    out.push(t(lang, values === 1 ? 'hover.inputOne' : 'hover.input', { shape: code(formatShape(input.shape)), values: formatCount(values) }));
  }
  const layers = analysis.layers;
  const last = layers[layers.length - 1];
  const activationBytes = layers.reduce((sum, l) => sum + l.activationBytes, 0);
  const head = t(lang, layers.length === 1 ? 'hover.modelOne' : 'hover.model', { n: layers.length });
  out.push(last ? t(lang, 'hover.modelOutput', { head, output: code(formatShape(last.outputShape)) }) : head);
  if (analysis.totalsKnown) {
    out.push(
      [
        t(lang, 'hover.totalParams', { n: `**${formatCount(analysis.exactTotals.totalParams)}**` }),
        t(lang, 'hover.trainableParams', { n: formatCount(analysis.exactTotals.trainableParams) }),
        t(lang, 'hover.nonTrainableParams', { n: formatCount(analysis.exactTotals.nonTrainableParams) }),
        t(lang, 'hover.weights', { bytes: formatBytes(analysis.totalParams * BYTES_PER_FLOAT) }),
        t(lang, 'hover.totalMacs', { macs: countWithWords(analysis.totalMacs) }),
        t(lang, 'hover.totalMemory', { bytes: formatBytes(activationBytes) }),
      ].join('  \n'),
    );
  } else {
    out.push([t(lang, 'hover.totalParams', { n: '**?**' }), t(lang, 'hover.trainableParams', { n: '?' }), t(lang, 'hover.nonTrainableParams', { n: '?' }), t(lang, 'hover.totalMacsUnknown')].join('  \n'));
  }
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) {
    out.push(t(lang, errors === 1 ? 'hover.errorsOne' : 'hover.errors', { n: errors }));
  }
  return out.join('\n\n');
}

/** What the hover shows for a 0-based line, or undefined when the line holds no layer or input. */
export function hoverMarkdownAt(
  analysis: Analysis,
  line: number,
  lang: Lang = 'en',
  links: HoverLinks = {},
): { markdown: string; line: number; start: number; end: number } | undefined {
  if (analysis.input && analysis.input.line === line) {
    return { markdown: inputHoverMarkdown(analysis, lang), line, start: analysis.input.span.start, end: analysis.input.span.end };
  }
  const layer = analysis.layers.find((l) => l.line === line);
  if (!layer) return undefined;
  return { markdown: layerHoverMarkdown(layer, lang, links), line, start: layer.span.start, end: layer.span.end };
}

/**
 * Extra hover text for the word under the cursor when it is a key or a value: `padding`, `relu`,
 * `he_normal`, `same`... (the catalogue's documentation), with its column range. The layer word
 * itself gets nothing here: the layer hover already covers it. Catalogue docs are Markdown already.
 */
export function wordHoverMarkdownAt(lineText: string, column: number, lang: Lang = 'en'): { markdown: string; start: number; end: number } | undefined {
  const isWord = (c: string | undefined) => c !== undefined && /\w/.test(c);
  let start = Math.min(column, lineText.length);
  let end = start;
  while (start > 0 && isWord(lineText[start - 1])) start--;
  while (isWord(lineText[end])) end++;
  if (start === end || !/^[A-Za-z_]/.test(lineText[start])) return undefined;
  const hash = lineText.indexOf('#');
  if (hash >= 0 && hash < start) return undefined;
  const ctx = lineContext(lineText, start);
  if (ctx.type !== 'args') return undefined;
  const word = lineText.slice(start, end);
  const after = lineText.slice(end);

  let markdown: string | undefined;
  if (/^\s*=/.test(after)) {
    const arg = findArg(ctx.def, word);
    if (arg) {
      const dflt = arg.default !== undefined ? t(lang, 'hover.default', { value: code(arg.default) }) : arg.required ? t(lang, 'hover.required') : '';
      markdown = `**${escapeMarkdown(arg.name)}** (${escapeMarkdown(ctx.def.id)}): ${argDoc(ctx.def, arg, lang)}${dflt}`;
    }
  } else {
    const activation = findActivation(word);
    const init = activation ? undefined : findInitializer(word);
    if (activation) {
      markdown = `**${escapeMarkdown(activation.label)}** ${code(activation.formula)}\n\n${activationDoc(activation, lang)}`;
      if (activation.alpha) markdown += `\n\n${t(lang, 'hover.alphaDefault', { alpha: code('alpha'), value: activation.alpha.default })}: ${alphaDoc(activation, lang)}`;
      // Pasted Keras follows Keras's own defaults, which differ from the lecture's.
      if (activation.name === 'leaky_relu') {
        markdown += `\n\n${t(lang, 'hover.leakyKeras', { layer: code('LeakyReLU()'), layerAlpha: KERAS_LEAKY_RELU_LAYER_ALPHA, activation: code("activation='leaky_relu'"), activationAlpha: KERAS_LEAKY_RELU_ACTIVATION_ALPHA })}`;
      }
    } else if (init) {
      markdown = `**${escapeMarkdown(init.label)}** ${code(init.formula)}\n\n${initializerDoc(init, lang)}`;
    } else if (/^(same|valid)$/i.test(word)) {
      const padding = findArg(ctx.def, 'padding');
      if (padding) markdown = `**padding=${word.toLowerCase()}**: ${argDoc(ctx.def, padding, lang)}`;
    }
  }
  return markdown ? { markdown, start, end } : undefined;
}
