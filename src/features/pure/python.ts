/**
 * What the editor shows for Python models (hover, inlay hints, lenses, quick fixes, the summary
 * table), as pure data and text: the VS Code adapters in src/features/python/ only wrap it.
 * Keras layers reuse the .netspec hover and table; PyTorch layers speak PyTorch's layout (N, C, H, W).
 */
import { commentStart, formatCount, formatShape, formatSummary } from '../../core';
import type { TextFix } from '../../core';
import { torchShape } from '../../core/python';
import type { PyDiagnostic, PyLayer, PyLayerUse, PyModel, PythonAnalysis } from '../../core/python';
import { layerHoverMarkdown } from './hover';
import { code, escapeMarkdown, plural } from './markdown';

/** The shape as the framework prints it: (N, 6, 28, 28) for PyTorch, (None, 28, 28, 6) for Keras. */
export function frameworkShape(model: PyModel, shape: readonly number[] | undefined): string {
  return model.framework === 'keras' ? formatShape(shape) : torchShape(shape as number[] | undefined);
}

const params = (n: number) => plural(n, formatCount(n), 'param');

function findLayerAt(analysis: PythonAnalysis, line: number, column: number): { model: PyModel; layer: PyLayer } | undefined {
  for (const model of analysis.models) {
    for (const layer of model.layers) if (layer.line === line && column >= layer.start && column <= layer.end) return { model, layer };
  }
  return undefined;
}

function modelHeadline(model: PyModel): string {
  const total = model.totalParams === undefined ? 'parameters unknown' : params(model.totalParams);
  return `**${escapeMarkdown(model.name)}** (${model.framework === 'keras' ? 'Keras' : 'PyTorch'}): ${total}`;
}

/** Why the shapes are unknown, in a sentence (or nothing when they are known). */
function unknownNote(model: PyModel): string | undefined {
  if (model.unknownFrom) return `From line ${model.unknownFrom.line + 1} on, shapes are unknown: ${escapeMarkdown(model.unknownFrom.reason)}.`;
  if (!model.input && model.missingInput) return escapeMarkdown(model.missingInput.message);
  return undefined;
}

/** Hover on a layer call or a model's name. */
export function pythonHoverAt(analysis: PythonAnalysis, line: number, column: number): { markdown: string; line: number; start: number; end: number } | undefined {
  const hit = findLayerAt(analysis, line, column);
  if (hit) return { markdown: layerMarkdown(hit.model, hit.layer), line, start: hit.layer.start, end: hit.layer.end };
  for (const model of analysis.models) {
    if (model.line === line && column >= model.start && column <= model.end) return { markdown: modelMarkdown(model), line, start: model.start, end: model.end };
    // `self.conv1(x)` in forward: that application's shapes.
    for (const use of model.uses) {
      const at = use.at;
      if (at && at.line === line && column >= at.start && column <= at.end) return { markdown: layerMarkdown(model, use.layer, use), line, start: at.start, end: at.end };
    }
  }
  return undefined;
}

export function layerMarkdown(model: PyModel, layer: PyLayer, use: PyLayerUse | undefined = layer.uses[0]): string {
  // Keras layers with a known shape: the .netspec hover itself (same engine, same words).
  if (layer.keras && use?.output && !use.unknown) return layerHoverMarkdown(layer.keras);
  const out: string[] = [];
  const input = use ? frameworkShape(model, use.input) : '?';
  const output = use ? frameworkShape(model, use.output) : '?';
  out.push(`**${escapeMarkdown(layer.name)}** (${escapeMarkdown(layer.type)}): input ${code(input)} → output ${code(output)}`);
  if (use && use.formulas.length > 0) out.push(['**Output size**:', ...use.formulas.map((f) => `- ${code(f)}`)].join('\n'));
  if (layer.uses.length > 1 && use === layer.uses[0]) {
    out.push(['**Applied ' + layer.uses.length + ' times** (one set of weights):', ...layer.uses.map((u, i) => `- ${i + 1}: ${code(frameworkShape(model, u.input))} → ${code(frameworkShape(model, u.output))}`)].join('\n'));
  }
  if (!layer.functional) out.push(`**Parameters**: ${code(layer.paramsText)}`);
  const why = use?.unknown ?? layer.unknown ?? (use && !use.input ? unknownNote(model) : undefined);
  if (why) out.push(`Shape unknown: ${escapeMarkdown(why)}`);
  return out.join('\n\n');
}

export function modelMarkdown(model: PyModel): string {
  const out = [modelHeadline(model)];
  if (model.input) out.push(`Input ${code(frameworkShape(model, model.input.shape))} from ${escapeMarkdown(model.input.source)}; output ${code(frameworkShape(model, model.output))}.`);
  if (model.totalParams !== undefined) {
    const extra = model.framework === 'pytorch' ? (model.nonTrainableParams ? `; BatchNorm running statistics: ${formatCount(model.nonTrainableParams)} buffer values (not parameters)` : '') : `; trainable ${formatCount(model.trainableParams ?? 0)}, non-trainable ${formatCount(model.nonTrainableParams ?? 0)}`;
    out.push(`${params(model.totalParams)}${extra}.`);
  }
  const note = unknownNote(model);
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
export function pythonInlayHints(analysis: PythonAnalysis, lineText: (line: number) => string, fromLine = 0, toLine = Number.MAX_SAFE_INTEGER): PythonHint[] {
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
      hints.push({ line: f.line, column: endOfCode(f.line), label: `→ ${frameworkShape(model, f.shape)}`, tooltip: `${f.name === 'return' ? 'the output' : f.name}: ${frameworkShape(model, f.shape)} (batch N)` });
    }
  }
  for (const [line, { model, layers }] of byLine) {
    const last = layers[layers.length - 1];
    const use = last.uses[0];
    const shape = use?.output ? frameworkShape(model, use.output) : '?';
    const count = layers.reduce((a, l) => a + l.params, 0);
    hints.push({ line, column: endOfCode(line), label: `→ ${shape} · ${params(count)}`, tooltip: layers.map((l) => `${l.name} (${l.type}): ${l.paramsText}`).join('\n') });
  }
  return hints.sort((a, b) => a.line - b.line);
}

export interface PythonLens {
  line: number;
  title: string;
  tooltip: string;
  model: string;
  /** `summary` opens the model summary; `train` trains a Keras model read to the end. */
  action: 'summary' | 'train';
}

/** Above each model: its parameter count and "Show summary" (both open the summary); "Train on GPU" for Keras models. */
export function pythonCodeLenses(analysis: PythonAnalysis): PythonLens[] {
  const lenses: PythonLens[] = [];
  for (const m of analysis.models) {
    const total = m.totalParams === undefined ? 'params unknown' : params(m.totalParams);
    lenses.push({ line: m.line, title: total, tooltip: `${m.name}: open the model summary`, model: m.name, action: 'summary' });
    lenses.push({ line: m.line, title: 'Show summary', tooltip: m.framework === 'keras' ? "Keras's model.summary() beside the editor" : 'A torchinfo-style summary beside the editor', model: m.name, action: 'summary' });
    if (m.kerasSpec) lenses.push({ line: m.line, title: '$(rocket) Train on GPU', tooltip: 'Train this Keras model in TensorFlow.js (opened as a .netspec)', model: m.name, action: 'train' });
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
 * layer applied twice shows `(recursive)` the second time, as torchinfo prints it.
 */
export function torchSummaryTable(model: PyModel): string {
  const width = 90;
  const rows: Array<[string, string, string]> = [['Layer (type:depth-idx)', 'Output Shape', 'Param #']];
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
  const line = (r: [string, string, string]) => (r[0].padEnd(41) + r[1].padEnd(26) + r[2]).trimEnd();
  const out = ['='.repeat(width), line(rows[0]), '='.repeat(width), ...rows.slice(1).map(line), '='.repeat(width)];
  if (model.totalParams === undefined) out.push('Total params: unknown (NetLens could not read every layer)');
  else {
    out.push(`Total params: ${formatCount(model.totalParams)}`, `Trainable params: ${formatCount(model.trainableParams ?? 0)}`, 'Non-trainable params: 0');
    if (model.nonTrainableParams) out.push(`Buffers (BatchNorm running mean and variance, not parameters): ${formatCount(model.nonTrainableParams)}`);
  }
  out.push('='.repeat(width));
  return out.join('\n') + '\n';
}

/** The untitled .netspec a Keras model is trained from: its layer calls as NetLens read them. */
export function trainSpecText(model: PyModel, fileName: string): string | undefined {
  return model.kerasSpec ? `# ${model.name} from ${fileName}: the Keras model as NetLens reads it (edits here do not change the .py)\n${model.kerasSpec}\n` : undefined;
}

/** The summary of one model: Keras's table for Keras code, torchinfo's for PyTorch. */
export function pythonModelSummary(model: PyModel): string {
  const head: string[] = [];
  if (model.input) head.push(`Input ${frameworkShape(model, model.input.shape)} from ${model.input.source}.`);
  else if (model.missingInput) head.push(model.missingInput.message);
  if (model.unknownFrom) head.push(`From line ${model.unknownFrom.line + 1} on, shapes are unknown: ${model.unknownFrom.reason}.`);
  const table = model.framework === 'keras' && model.keras ? formatSummary(model.keras, { modelName: model.name }) : torchSummaryTable(model);
  return [...head, table].join('\n');
}

/** The summary document of a whole file: each model's table, then the warnings. */
export function pythonSummaryDocument(analysis: PythonAnalysis, fileName: string, only?: string): string {
  const models = only ? analysis.models.filter((m) => m.name === only) : analysis.models;
  const out = [`NetLens summary of ${fileName} (updates as you edit)`, ''];
  if (models.length === 0) out.push('No Keras or PyTorch model found (NetLens reads nn.Module classes, nn.Sequential, keras Sequential, model.add chains and functional chains).');
  for (const m of models) out.push(`${m.framework === 'keras' ? 'Keras' : 'PyTorch'} model ${m.name} (line ${m.line + 1})`, pythonModelSummary(m));
  if (analysis.diagnostics.length > 0) {
    out.push('Warnings:');
    for (const d of analysis.diagnostics) out.push(`  line ${d.line + 1}, column ${d.start + 1}: ${d.message}`);
  }
  return out.join('\n') + '\n';
}
