/**
 * What the editor shows for Python models (hover, inlay hints, lenses, quick fixes, the summary
 * table), as pure data and text: the VS Code adapters in src/features/python/ only wrap it.
 * Keras layers reuse the .netspec hover and table; PyTorch layers speak PyTorch's layout (N, C, H, W).
 */
import { commentStart, formatCount, formatShape, formatSummary } from '../../core';
import { padEndColumns } from '../../core/displayWidth';
import type { TextFix } from '../../core';
import { msg, render, t, type Lang } from '../../core/i18n';
import { hasConvPicture } from '../../core/convGeometry';
import { torchShape, torchTrainSpec, torchWindow } from '../../core/python';
import type { PyDiagnostic, PyLayer, PyLayerUse, PyModel, PythonAnalysis } from '../../core/python';
import { layerHoverMarkdown, type HoverLinks } from './hover';
import { code, escapeMarkdown } from './markdown';

/** The shape as the framework prints it: (N, 6, 28, 28) for PyTorch, (None, 28, 28, 6) for Keras. */
export function frameworkShape(model: PyModel, shape: readonly number[] | undefined): string {
  return model.framework === 'keras' ? formatShape(shape) : torchShape(shape as number[] | undefined);
}

/** A layer's parameter arithmetic in `lang` (PyTorch's BatchNorm and PReLU have words beside it). */
const paramsTextOf = (layer: PyLayer, lang: Lang) => (layer.paramsRef ? render(lang, layer.paramsRef) : layer.paramsText);

const params = (n: number, lang: Lang) => t(lang, n === 1 ? 'pyh.paramsOne' : 'pyh.params', { n: formatCount(n) });

function findLayerAt(analysis: PythonAnalysis, line: number, column: number): { model: PyModel; layer: PyLayer } | undefined {
  for (const model of analysis.models) {
    for (const layer of model.layers) if (layer.line === line && column >= layer.start && column <= layer.end) return { model, layer };
  }
  return undefined;
}

function modelHeadline(model: PyModel, lang: Lang): string {
  const total = model.totalParams === undefined ? t(lang, 'pyh.paramsUnknown') : params(model.totalParams, lang);
  return t(lang, 'pyh.headline', { name: escapeMarkdown(model.name), framework: model.framework === 'keras' ? 'Keras' : 'PyTorch', total });
}

/** The reason a model's shapes stop, in `lang`, without its own final period (the sentence around it ends with one). */
function stopReason(from: NonNullable<PyModel['unknownFrom']>, lang: Lang): string {
  return (from.reasonRef ? render(lang, from.reasonRef) : from.reason).replace(/\.$/, '');
}

/** Why the shapes are unknown, in a sentence (or nothing when they are known). */
function unknownNote(model: PyModel, lang: Lang): string | undefined {
  const from = model.unknownFrom;
  if (from) return t(lang, 'pyh.unknownFrom', { line: from.line + 1, reason: escapeMarkdown(stopReason(from, lang)) });
  if (!model.input && model.missingInput) return escapeMarkdown(model.missingInput.messageRef ? render(lang, model.missingInput.messageRef) : model.missingInput.message);
  return undefined;
}

/**
 * Hover on a layer call or a model's name. `links.convArithmetic(line)` is the command link that
 * opens the convolution-arithmetic picture: offered where the layer has one (a conv or pooling
 * window, or Keras's ZeroPadding2D, with a known input).
 */
export function pythonHoverAt(analysis: PythonAnalysis, line: number, column: number, lang: Lang = 'en', links: HoverLinks = {}): { markdown: string; line: number; start: number; end: number } | undefined {
  const hit = findLayerAt(analysis, line, column);
  if (hit) return { markdown: layerMarkdown(hit.model, hit.layer, hit.layer.uses[0], lang, links, line), line, start: hit.layer.start, end: hit.layer.end };
  for (const model of analysis.models) {
    if (model.line === line && column >= model.start && column <= model.end) return { markdown: modelMarkdown(model, lang), line, start: model.start, end: model.end };
    // `self.conv1(x)` in forward: that application's shapes.
    for (const use of model.uses) {
      const at = use.at;
      if (at && at.line === line && column >= at.start && column <= at.end) return { markdown: layerMarkdown(model, use.layer, use, lang, links, line), line, start: at.start, end: at.end };
    }
  }
  return undefined;
}

/** True when the convolution-arithmetic picture can draw this application of the layer. */
function hasPicture(layer: PyLayer, use: PyLayerUse | undefined): boolean {
  if (layer.keras) return use?.output !== undefined && !use.unknown && hasConvPicture(layer.keras);
  return !('reason' in torchWindow(layer, use));
}

export function layerMarkdown(model: PyModel, layer: PyLayer, use: PyLayerUse | undefined = layer.uses[0], lang: Lang = 'en', links: HoverLinks = {}, line = layer.line): string {
  const link = links.convArithmetic && hasPicture(layer, use) ? `[${t(lang, 'hover.convArithmeticLink')}](${links.convArithmetic(line)})` : undefined;
  // Keras layers with a known shape: the .netspec hover itself (same engine, same words).
  if (layer.keras && use?.output && !use.unknown) return [layerHoverMarkdown(layer.keras, lang), ...(link ? [link] : [])].join('\n\n');
  const out: string[] = [];
  const input = use ? frameworkShape(model, use.input) : '?';
  const output = use ? frameworkShape(model, use.output) : '?';
  out.push(t(lang, 'pyh.layer', { name: escapeMarkdown(layer.name), type: escapeMarkdown(layer.type), input: code(input), output: code(output) }));
  if (use && use.formulas.length > 0) out.push([t(lang, 'pyh.outputSize'), ...(use.formulaRefs ?? use.formulas).map((f) => `- ${code(typeof f === 'string' ? f : render(lang, f))}`)].join('\n'));
  if (layer.uses.length > 1 && use === layer.uses[0]) {
    out.push([t(lang, 'pyh.applied', { n: layer.uses.length }), ...layer.uses.map((u, i) => `- ${i + 1}: ${code(frameworkShape(model, u.input))} → ${code(frameworkShape(model, u.output))}`)].join('\n'));
  }
  if (!layer.functional) out.push(t(lang, 'hover.params', { params: code(paramsTextOf(layer, lang)) }));
  const why = (use?.unknownRef ? render(lang, use.unknownRef) : use?.unknown) ?? (layer.unknownRef ? render(lang, layer.unknownRef) : layer.unknown) ?? (use && !use.input ? unknownNote(model, lang) : undefined);
  if (why) out.push(t(lang, 'pyh.shapeUnknown', { reason: escapeMarkdown(why) }));
  if (link) out.push(link);
  return out.join('\n\n');
}

export function modelMarkdown(model: PyModel, lang: Lang = 'en'): string {
  const out = [modelHeadline(model, lang)];
  if (model.input) {
    const source = model.input.sourceRef ? render(lang, model.input.sourceRef) : model.input.source;
    out.push(t(lang, 'pyh.modelInput', { input: code(frameworkShape(model, model.input.shape)), source: escapeMarkdown(source), output: code(frameworkShape(model, model.output)) }));
  }
  if (model.totalParams !== undefined) {
    const total = params(model.totalParams, lang);
    if (model.framework === 'keras') out.push(t(lang, 'pyh.totalsKeras', { params: total, trainable: formatCount(model.trainableParams ?? 0), nonTrainable: formatCount(model.nonTrainableParams ?? 0) }));
    else out.push(model.nonTrainableParams ? t(lang, 'pyh.totalsTorchBuffers', { params: total, buffers: formatCount(model.nonTrainableParams) }) : t(lang, 'pyh.totalsTorch', { params: total }));
  }
  const note = unknownNote(model, lang);
  if (note) out.push(note);
  return out.join('\n\n');
}

export interface PythonHint {
  line: number;
  column: number;
  label: string;
  tooltip: string;
}

/**
 * `→ (N, 64, 16, 16) · 1,792 params` at the end of the line where each layer's statement ends.
 * Layers sharing a line (a one-line nn.Sequential) share one hint: the last one's output and
 * the line's parameters. In forward, each statement's resulting shape: `→ (N, 6, 14, 14)`.
 */
export function pythonInlayHints(analysis: PythonAnalysis, lineText: (line: number) => string, fromLine = 0, toLine = Number.MAX_SAFE_INTEGER, lang: Lang = 'en'): PythonHint[] {
  const byLine = new Map<number, { model: PyModel; layers: PyLayer[] }>();
  const hints: PythonHint[] = [];
  const endOfCode = (line: number) => {
    const text = lineText(line);
    let column = commentStart(text);
    while (column > 0 && /\s/.test(text[column - 1])) column--;
    return column;
  };
  for (const model of analysis.models) {
    // Module layers and Sequential children, where they are constructed.
    for (const layer of model.layers) {
      if (layer.functional || layer.endLine < fromLine || layer.endLine > toLine) continue;
      const entry = byLine.get(layer.endLine) ?? { model, layers: [] };
      entry.layers.push(layer);
      byLine.set(layer.endLine, entry);
    }
    // forward: the shape of what each statement assigns (`x = self.pool(F.relu(self.conv1(x)))`).
    for (const f of model.flow ?? []) {
      if (f.line < fromLine || f.line > toLine || byLine.has(f.line)) continue;
      hints.push({ line: f.line, column: endOfCode(f.line), label: `→ ${frameworkShape(model, f.shape)}`, tooltip: t(lang, 'pyh.flowTooltip', { name: f.name === 'return' ? t(lang, 'pyh.flowOutput') : f.name, shape: frameworkShape(model, f.shape) }) });
    }
  }
  for (const [line, { model, layers }] of byLine) {
    const last = layers[layers.length - 1];
    const use = last.uses[0];
    const shape = use?.output ? frameworkShape(model, use.output) : '?';
    const count = layers.reduce((a, l) => a + l.params, 0);
    hints.push({ line, column: endOfCode(line), label: `→ ${shape} · ${params(count, lang)}`, tooltip: layers.map((l) => `${l.name} (${l.type}): ${paramsTextOf(l, lang)}`).join('\n') });
  }
  return hints.sort((a, b) => a.line - b.line);
}

export interface PythonLens {
  line: number;
  title: string;
  tooltip: string;
  model: string;
  /** `summary` opens the model summary; `train` trains the model (Keras or PyTorch) in the Train panel. */
  action: 'summary' | 'train';
}

/**
 * Above each model: its parameter count and "Show summary" (both open the summary); "Train on GPU"
 * for Keras models read to the end and PyTorch models read to the end (when the Train panel
 * cannot build one as PyTorch computes it, the tooltip says which line stops it).
 */
export function pythonCodeLenses(analysis: PythonAnalysis, lang: Lang = 'en'): PythonLens[] {
  const lenses: PythonLens[] = [];
  for (const m of analysis.models) {
    const total = m.totalParams === undefined ? t(lang, 'pyh.lensParamsUnknown') : params(m.totalParams, lang);
    lenses.push({ line: m.line, title: total, tooltip: t(lang, 'pyh.lensOpenSummary', { model: m.name }), model: m.name, action: 'summary' });
    lenses.push({ line: m.line, title: t(lang, 'pyh.lensSummary'), tooltip: t(lang, m.framework === 'keras' ? 'pyh.lensSummaryKeras' : 'pyh.lensSummaryTorch'), model: m.name, action: 'summary' });
    const title = `$(rocket) ${t(lang, 'pyh.lensTrain')}`;
    if (m.kerasSpec) lenses.push({ line: m.line, title, tooltip: t(lang, 'pyh.lensTrainKeras'), model: m.name, action: 'train' });
    else if (m.framework === 'pytorch' && m.steps && m.input && !m.unknownFrom && m.totalParams !== undefined) {
      const spec = torchTrainSpec(m, '');
      const tooltip = spec.ok ? t(lang, 'pyh.lensTrainTorch') : t(lang, 'pyh.lensTrainRefused', { line: spec.line + 1, reason: spec.reasonRef });
      lenses.push({ line: m.line, title, tooltip, model: m.name, action: 'train' });
    }
  }
  return lenses;
}

/** A quick fix with its diagnostic (when it fixes one) for the code-action provider. */
export interface PythonFix {
  fix: TextFix;
  diagnostic?: PyDiagnostic;
}

/** Fixes for warnings that touch the range, and the input comment for a model named in it. */
export function pythonQuickFixes(analysis: PythonAnalysis, startLine: number, endLine: number): PythonFix[] {
  const out: PythonFix[] = [];
  for (const d of analysis.diagnostics) {
    if (d.line < startLine || d.line > endLine) continue;
    for (const fix of d.fixes ?? []) out.push({ fix, diagnostic: d });
  }
  for (const m of analysis.models) {
    if (!m.missingInput) continue;
    const firstLine = Math.min(m.line, ...m.layers.map((l) => l.line));
    const lastLine = Math.max(m.line, ...m.layers.map((l) => l.endLine));
    if (endLine >= firstLine && startLine <= lastLine) out.push({ fix: m.missingInput.fix });
  }
  return out;
}

/**
 * torchinfo's table (Layer (type:depth-idx), Output Shape, Param #) for a PyTorch model; a
 * layer applied twice shows `(recursive)` the second time, as torchinfo prints it. Its headings
 * and totals follow `lang` (it is NetLens's table in torchinfo's layout, not torchinfo's output);
 * columns are padded in display columns, so a Hangul heading or model name keeps them aligned.
 */
export function torchSummaryTable(model: PyModel, lang: Lang = 'en'): string {
  const width = 90;
  const rows: Array<[string, string, string]> = [[t(lang, 'pys.colLayer'), t(lang, 'pys.colShape'), t(lang, 'pys.colParams')]];
  rows.push([model.name, model.output ? `[N, ${model.output.join(', ')}]` : '--', '--']);
  const seen = new Set<PyLayer>();
  let index = 0;
  model.uses.forEach((u) => {
    if (u.layer.functional) return;
    const i = index++;
    const depth = u.layer.name.split('.').length;
    const label = `${'│    '.repeat(depth - 1)}├─${u.layer.type}: ${depth}-${i + 1}`;
    const shape = u.output ? `[N, ${u.output.join(', ')}]` : '?';
    const count = u.layer.params === 0 ? '--' : seen.has(u.layer) ? '(recursive)' : formatCount(u.layer.params);
    seen.add(u.layer);
    rows.push([label, shape, count]);
  });
  const line = (r: [string, string, string]) => (padEndColumns(r[0], 41) + padEndColumns(r[1], 26) + r[2]).trimEnd();
  const out = ['='.repeat(width), line(rows[0]), '='.repeat(width), ...rows.slice(1).map(line), '='.repeat(width)];
  if (model.totalParams === undefined) out.push(t(lang, 'pys.totalUnknown'));
  else {
    out.push(t(lang, 'pys.total', { n: formatCount(model.totalParams) }), t(lang, 'pys.trainable', { n: formatCount(model.trainableParams ?? 0) }), t(lang, 'pys.nonTrainable', { n: 0 }));
    if (model.nonTrainableParams) out.push(t(lang, 'pys.buffers', { n: formatCount(model.nonTrainableParams) }));
  }
  out.push('='.repeat(width));
  return out.join('\n') + '\n';
}

/**
 * The untitled .netspec a model is trained from: a Keras model's layer calls as NetLens read
 * them, or a PyTorch model written channels-last (src/core/python/torchTrain.ts); or the line
 * and the reason the Train panel cannot build it. The header comments follow `lang`.
 */
export function trainSpecText(model: PyModel, fileName: string, lang: Lang = 'en'): { ok: true; text: string } | { ok: false; line: number; reason: string } {
  if (model.framework === 'pytorch') {
    const spec = torchTrainSpec(model, fileName, lang);
    return spec.ok ? { ok: true, text: spec.text } : { ok: false, line: spec.line, reason: render(lang, spec.reasonRef) };
  }
  if (model.kerasSpec) return { ok: true, text: `${t(lang, 'pys.kerasSpecHeader', { model: model.name, file: fileName })}\n${model.kerasSpec}\n` };
  const ref = model.unknownFrom ? msg('pyt.notFollowedWhy', { model: model.name, reason: model.unknownFrom.reasonRef ?? model.unknownFrom.reason }) : (model.missingInput?.messageRef ?? msg('pyt.notFollowed', { model: model.name }));
  return { ok: false, line: model.unknownFrom?.line ?? model.line, reason: render(lang, ref) };
}

/** A model's heading in the summary: "PyTorch model Net (line 4)". */
export function pythonModelHeading(model: PyModel, lang: Lang = 'en'): string {
  return t(lang, 'pys.modelHeading', { framework: model.framework === 'keras' ? 'Keras' : 'PyTorch', name: model.name, line: model.line + 1 });
}

/**
 * The summary of one model: Keras's table for Keras code (Keras's own words, as the .netspec
 * summary keeps them), torchinfo's layout for PyTorch; the lines around them follow `lang`.
 */
export function pythonModelSummary(model: PyModel, lang: Lang = 'en'): string {
  const head: string[] = [];
  if (model.input) head.push(t(lang, 'pys.input', { shape: frameworkShape(model, model.input.shape), source: model.input.sourceRef ? render(lang, model.input.sourceRef) : model.input.source }));
  else if (model.missingInput) head.push(model.missingInput.messageRef ? render(lang, model.missingInput.messageRef) : model.missingInput.message);
  const from = model.unknownFrom;
  if (from) head.push(t(lang, 'pyh.unknownFrom', { line: from.line + 1, reason: stopReason(from, lang) }));
  const table = model.framework === 'keras' && model.keras ? formatSummary(model.keras, { modelName: model.name }) : torchSummaryTable(model, lang);
  return [...head, table].join('\n');
}

/** The summary document of a whole file: each model's table, then the warnings. */
export function pythonSummaryDocument(analysis: PythonAnalysis, fileName: string, only?: string, lang: Lang = 'en'): string {
  const models = only ? analysis.models.filter((m) => m.name === only) : analysis.models;
  const out = [t(lang, 'ui.summaryTitle', { file: fileName }), ''];
  if (models.length === 0) out.push(t(lang, 'pys.noModel'));
  for (const m of models) out.push(pythonModelHeading(m, lang), pythonModelSummary(m, lang));
  if (analysis.diagnostics.length > 0) {
    out.push(t(lang, 'pys.warnings'));
    for (const d of analysis.diagnostics) out.push(`  ${t(lang, 'pys.warningAt', { line: d.line + 1, column: d.start + 1, message: d.messageRef ? render(lang, d.messageRef) : d.message })}`);
  }
  return out.join('\n') + '\n';
}
