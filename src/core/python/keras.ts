/**
 * Keras models in Python: `Sequential([...])`, `model.add(...)` chains and functional chains
 * (`x = layers.Conv2D(...)(x)` ... `keras.Model(inputs, outputs)`). Each layer call's own text is
 * handed to the .netspec engine (which reads pasted Keras calls), so Keras code gets exactly the
 * engine's shapes, parameters and explanations; positions are mapped back to the Python text.
 */
// Paths go through ../../core/ so the core purity scan (test/unit/core/purity.test.ts) sees them as core modules.
import { analyze } from '../../core/analyze';
import { findLayer } from '../../core/catalogue';
import { commentStart } from '../../core/parse';
import { msg, render, said, titled, type MessageRef } from '../../core/i18n';
import type { Analysis, Diagnostic, Shape } from '../../core/types';
import type { Line, PythonOptions, Source } from './reader';
import { calleeName, lastPart, type Expr, type Stmt } from './syntax';
import type { PyLayer, PyLayerUse, PyModel } from './types';

type Call = Extract<Expr, { k: 'call' }>;

/** A layer call's text on one line, and where each piece came from. */
interface SpecLine {
  text: string;
  pieces: Array<{ gen: number; line: number; col: number }>;
  call: Call;
  /** Line where the Python statement holding the call ends (the inlay hint's line). */
  endLine: number;
}

const KERAS_PREFIX = /^(?:(?:tf\.)?keras\.|tensorflow\.keras\.|models\.|tf\.keras\.models\.|keras\.models\.)?$/;

function isKerasCallee(callee: string | undefined, cls: string): boolean {
  if (!callee || lastPart(callee) !== cls) return false;
  return KERAS_PREFIX.test(callee.slice(0, callee.length - cls.length));
}

export function readKerasModels(src: Source, skip: ReadonlySet<number>, options: PythonOptions = {}): PyModel[] {
  const models: PyModel[] = [];
  const physical = src.physical;
  for (let i = 0; i < src.lines.length; i++) {
    if (skip.has(i)) continue;
    const line = src.lines[i];
    if (line.assignedName === undefined || !(line.mentions('Sequential') || line.mentions('Model'))) continue;
    const s = line.stmt;
    if (s.k !== 'assign' || s.targets.length !== 1 || s.targets[0].k !== 'name' || s.value.k !== 'call') continue;
    const target = s.targets[0];
    const call = s.value;
    const callee = calleeName(call);
    const items: Array<{ call?: Call; endLine: number; expr: Expr }> = [];
    let cls: 'sequential' | 'model' | undefined;
    let unknown: { line: number; reason: MessageRef } | undefined;
    if (isKerasCallee(callee, 'Sequential') && (call.args.length === 0 || (call.args[0].value.k === 'tuple' && call.args[0].value.bracket === '['))) {
      cls = 'sequential';
      const list = call.args[0]?.value;
      if (list?.k === 'tuple') for (const item of list.items) items.push({ call: item.k === 'call' ? item : undefined, endLine: item.endLine, expr: item });
      // model.add(...) chains, until the name is assigned again.
      const next = (src.assigns.get(target.id) ?? []).find((j) => j > i) ?? src.lines.length;
      for (const j of src.calls.get('add') ?? []) {
        if (j <= i) continue;
        if (j >= next) break;
        const t = src.lines[j].stmt;
        if (t.k === 'expr' && t.value.k === 'call' && calleeName(t.value) === `${target.id}.add` && t.value.args.length === 1) {
          if (src.lines[j].ll.indent > line.ll.indent && insideControl(src, i, j)) {
            unknown = { line: src.lines[j].ll.line, reason: msg('py.kerasLoop') };
            break;
          }
          const v = t.value.args[0].value;
          items.push({ call: v.k === 'call' ? v : undefined, endLine: lastTokenLine(src.lines[j]), expr: v });
        }
      }
    } else if (isKerasCallee(callee, 'Model') || (callee !== undefined && /^(?:keras|tf\.keras|models)\.Model$/.test(callee))) {
      cls = 'model';
      const chain = functionalChain(src, i, call);
      if (!chain) continue;
      items.push(...chain.items);
      unknown = chain.unknown;
    }
    if (!cls) continue;
    // Items must be layer calls the engine knows; the first that is not ends what can be known.
    const specLines: SpecLine[] = [];
    for (const it of items) {
      const word = it.call && it.call.fn.k === 'name' ? lastPart(it.call.fn.id) : undefined;
      if (!it.call || !word || !findLayer(word)) {
        unknown ??= { line: it.expr.line, reason: msg('py.notKerasLayer', { what: word ?? msg('py.thisItem') }) };
        break;
      }
      specLines.push(specLine(physical, it.call, it.endLine));
    }
    models.push(buildModel(src, target, specLines, unknown, cls, options));
  }
  return models;
}

/** True when line j sits in a loop or branch opened after line i (walking up its enclosing blocks). */
function insideControl(src: Source, i: number, j: number): boolean {
  let indent = src.lines[j].ll.indent;
  for (let k = j - 1; k > i; k--) {
    const l = src.lines[k];
    if (l.ll.indent < indent) {
      if (l.stmt.k === 'control') return true;
      indent = l.ll.indent;
    }
  }
  return false;
}

function lastTokenLine(l: Line): number {
  return l.ll.endLine;
}

/** From `Model(inputs, outputs)` back through `x = Layer(...)(x)` to `inputs = Input(...)`. */
function functionalChain(src: Source, index: number, call: Call): { items: Array<{ call?: Call; endLine: number; expr: Expr }>; unknown?: { line: number; reason: MessageRef } } | undefined {
  const inputsArg = call.args.find((a) => a.key === 'inputs') ?? call.args.find((a) => a.key === undefined);
  const outputsArg = call.args.find((a) => a.key === 'outputs') ?? call.args.filter((a) => a.key === undefined)[1];
  if (inputsArg?.value.k !== 'name' || outputsArg?.value.k !== 'name') return undefined;
  const inputName = inputsArg.value.id;
  // The latest assignment of `name` above line `before` (x = f(x) reassigns as it goes).
  const assignment = (name: string, before: number): number | undefined => {
    const list = src.assigns.get(name) ?? [];
    for (let k = list.length - 1; k >= 0; k--) if (list[k] < before) return src.lines[list[k]].stmt.k === 'assign' ? list[k] : undefined;
    return undefined;
  };
  const steps: Array<{ call?: Call; endLine: number; expr: Expr }> = [];
  let name = outputsArg.value.id;
  let before = index;
  let unknown: { line: number; reason: MessageRef } | undefined;
  // Each step moves strictly up the file, so the walk ends.
  for (;;) {
    const j = assignment(name, before);
    if (j === undefined) return undefined;
    const v = (src.lines[j].stmt as Extract<Stmt, { k: 'assign' }>).value;
    before = j;
    if (name === inputName && v.k === 'call' && isKerasCallee(calleeName(v), 'Input')) {
      steps.push({ call: v, endLine: lastTokenLine(src.lines[j]), expr: v });
      break;
    }
    // x = Layer(args)(prev)
    if (v.k === 'call' && v.fn.k === 'call' && v.args.length === 1 && v.args[0].value.k === 'name') {
      steps.push({ call: v.fn, endLine: lastTokenLine(src.lines[j]), expr: v.fn });
      name = v.args[0].value.id;
      continue;
    }
    // Anything else (add, concatenate, a branch): NetLens does not follow it.
    unknown = { line: v.line, reason: msg('py.kerasChain') };
    return { items: [], unknown };
  }
  steps.reverse();
  return { items: steps, unknown };
}

function specLine(physical: string[], call: Call, endLine: number): SpecLine {
  const pieces: SpecLine['pieces'] = [];
  let text = '';
  for (let ln = call.line; ln <= call.endLine && ln - call.line < 200; ln++) {
    const raw = physical[ln] ?? '';
    const from = ln === call.line ? call.col : 0;
    let to = ln === call.endLine ? call.endCol : raw.length;
    if (ln !== call.endLine) to = Math.min(to, commentStart(raw));
    if (text) text += ' ';
    pieces.push({ gen: text.length, line: ln, col: from });
    text += raw.slice(from, to).trim() === '' ? '' : raw.slice(from, to);
  }
  return { text, pieces, call, endLine };
}

function mapPos(sl: SpecLine, col: number): { line: number; col: number } {
  let p = sl.pieces[0];
  for (const q of sl.pieces) if (q.gen <= col) p = q;
  return { line: p.line, col: p.col + (col - p.gen) };
}

const KEPT: Partial<Record<Diagnostic['code'], 'window-too-large' | 'keras-rank-mismatch'>> = { 'window-too-large': 'window-too-large', 'rank-mismatch': 'keras-rank-mismatch' };

function buildModel(src: Source, target: Extract<Expr, { k: 'name' }>, lines: SpecLine[], unknown: { line: number; reason: MessageRef } | undefined, cls: 'sequential' | 'model', options: PythonOptions): PyModel {
  const model: PyModel = { name: target.id, framework: 'keras', line: target.line, start: target.col, end: target.endCol, layers: [], uses: [] };
  const comment = inputComment(src, target.line);
  const inputDim = lines[0]?.call.args.find((a) => a.key === 'input_dim')?.value;
  const prefix = options.input
    ? [`input ${options.input.join('x')}`]
    : comment
      ? [`input ${comment.shape.join('x')}`]
      : inputDim?.k === 'num' && Number.isInteger(inputDim.value) && inputDim.value > 0
        ? [`input ${inputDim.value}`]
        : [];
  let analysis = analyzeLines(prefix, lines);
  // A layer whose arguments the engine cannot read ends what is known (it is never guessed past).
  const bad = firstBadLine(analysis, prefix.length, lines);
  if (bad !== undefined) {
    const sl = lines[bad];
    // A regularizer Keras itself refuses (l2(-1), 'l3') is said where it is written; the layer still ends what is known.
    const refused = refusedRegularizers(analysis, prefix.length + bad, sl);
    for (const d of refused) {
      const a = mapPos(sl, d.start);
      const b = mapPos(sl, d.end);
      src.diagnostics.push({ code: 'keras-bad-regularizer', severity: 'warning', message: d.message, messageRef: d.messageRef, line: a.line, start: a.col, end: b.line === a.line ? b.col : a.col + 1 });
    }
    const layerName = sl.call.fn.k === 'name' ? lastPart(sl.call.fn.id) : '';
    unknown = refused.length > 0
      ? { line: sl.call.line, reason: msg('py.kerasWouldFail', { layer: layerName }) }
      : { line: sl.call.line, reason: msg('py.kerasCannotRead', { code: `${sl.text.slice(0, 40)}${sl.text.length > 40 ? '…' : ''}` }) };
    lines = lines.slice(0, bad);
    analysis = analyzeLines(prefix, lines);
  }
  model.keras = analysis;
  if (analysis.input) {
    let ref: MessageRef;
    if (analysis.input.line < prefix.length) ref = options.input ? msg('py.inputFromOption') : comment ? msg('py.inputFromComment', { line: comment.line + 1 }) : msg('py.inputFromInputDim');
    else {
      const sl = lines[analysis.input.line - prefix.length];
      ref = msg('py.inputFromCode', { what: /^[\w.]*Input(?:Layer)?\s*\(/.test(sl.text) ? sl.text.replace(/\(.*$/, '(...)') : 'input_shape', line: mapPos(sl, 0).line + 1 });
    }
    model.input = { shape: analysis.input.shape, source: render('en', ref), sourceRef: ref };
  } else {
    const first = lines.find((l) => !/^\s*(?:\w+\.)*Input\b/.test(l.text));
    model.missingInput = {
      ...said(msg('py.noInputKeras', { model: target.id })),
      fix: { ...titled(msg('py.addInputComment', { shape: '32x32x3', model: target.id })), line: target.line, start: 0, end: 0, newText: `${' '.repeat(indentOf(src, target.line))}# netlens: input 32x32x3\n`, preferred: true },
    };
    void first;
  }
  let dead = false;
  for (const info of analysis.layers) {
    const sl = lines[info.line - prefix.length];
    if (!sl) continue;
    const name = mapPos(sl, info.nameSpan.start);
    const nameEnd = mapPos(sl, info.nameSpan.end);
    const layer: PyLayer = {
      name: info.name,
      type: info.kerasClass,
      line: name.line,
      start: name.col,
      end: nameEnd.line === name.line ? nameEnd.col : name.col + 1,
      endLine: sl.endLine,
      endCol: 0,
      params: info.params,
      trainable: info.trainableParams,
      nonTrainable: info.nonTrainableParams,
      get paramsText() {
        return info.explanation.params;
      },
      keras: info,
      uses: [],
    };
    const layerDiagnostics = analysis.diagnostics.filter((d) => d.line === info.line && KEPT[d.code]);
    for (const d of layerDiagnostics) {
      const a = mapPos(sl, d.start);
      const b = mapPos(sl, d.end);
      src.diagnostics.push({ code: KEPT[d.code]!, severity: 'warning', message: d.message, messageRef: d.messageRef, line: a.line, start: a.col, end: b.line === a.line ? b.col : a.col + 1 });
    }
    const use: PyLayerUse = { layer, input: dead ? undefined : info.inputShape, output: dead ? undefined : info.outputShape, formulas: dead ? [] : info.explanation.axes.map((x) => `${x.axis}: ${x.formula}`), line: layer.line, ...(dead ? { unknown: render('en', msg('py.kerasEarlierFails')), unknownRef: msg('py.kerasEarlierFails') } : {}) };
    if (!dead && layerDiagnostics.length > 0) {
      dead = true;
      use.output = undefined;
      unknown ??= { line: layer.line, reason: msg('py.kerasWouldFail', { layer: info.name }) };
    }
    layer.uses.push(use);
    model.layers.push(layer);
    model.uses.push(use);
  }
  if (unknown) model.unknownFrom = { line: unknown.line, reason: render('en', unknown.reason), reasonRef: unknown.reason };
  else {
    if (!dead && analysis.input) model.kerasSpec = [...prefix, ...lines.map((l) => l.text.trim())].join('\n');
    model.totalParams = analysis.totalParams;
    model.trainableParams = analysis.trainableParams;
    model.nonTrainableParams = analysis.nonTrainableParams;
    if (!dead) model.output = analysis.layers[analysis.layers.length - 1]?.outputShape;
  }
  if (cls === 'model' && model.layers.length === 0 && !unknown) model.output = model.input?.shape;
  return model;
}

function indentOf(src: Source, line: number): number {
  return src.byLine.get(line)?.ll.indent ?? 0;
}

function analyzeLines(prefix: string[], lines: SpecLine[]): Analysis {
  return analyze([...prefix, ...lines.map((l) => l.text)].join('\n'));
}

/** The first layer line whose own arguments the engine rejects (an error other than a missing input or a window). */
function firstBadLine(a: Analysis, offset: number, lines: SpecLine[]): number | undefined {
  let bad: number | undefined;
  for (const d of a.diagnostics) {
    if (d.severity !== 'error' || d.code === 'missing-input' || KEPT[d.code]) continue;
    const i = d.line - offset;
    if (i < 0 || i >= lines.length) continue;
    // Keras's input_dim= (a Dense's input size) is read below; it is not an error here.
    if (d.code === 'unknown-key' && /input_dim/.test(d.message)) continue;
    if (bad === undefined || i < bad) bad = i;
  }
  return bad;
}

/** A number Python writes literally (-1, 1e-4, float('nan')): NetLens knows its value as Keras would. */
const LITERAL_STRENGTH = /^[-+]?\s*(?:(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:e[-+]?\d+)?|float\(\s*(['"])[-+]?(?:nan|inf|infinity)\1\s*\))$/i;

/**
 * The errors on layer line `line` of a regularizer Keras refuses when it runs (a strength written
 * as a number below 0 or not finite, a regularizer name that Keras does not know, written as a string);
 * a name or expression NetLens cannot evaluate (l2(weight_decay), my_penalty) is not among them.
 */
function refusedRegularizers(a: Analysis, line: number, sl: SpecLine): Diagnostic[] {
  return a.diagnostics.filter((d) => {
    if (d.line !== line || d.severity !== 'error') return false;
    const text = sl.text.slice(d.start, d.end).trim();
    const id = d.messageRef?.id;
    if (id === 'reg.strength' || id === 'reg.strengthValue') return LITERAL_STRENGTH.test(text);
    if (id === 'reg.unknown') return /^(['"])[\w.]*\1$/.test(text);
    return false;
  });
}

const INPUT_COMMENT = /^#\s*netlens\s*:\s*input\s+(\d+(?:\s*[x×,]\s*\d+)*)\s*$/i;

/** A `# netlens: input 32x32x3` comment above `line` (blank lines and other comments between). */
export function inputComment(src: Source, line: number): { shape: Shape; line: number } | undefined {
  for (let ln = line - 1, seen = 0; ln >= 0 && seen < 30; ln--, seen++) {
    const c = src.comments.get(ln);
    if (c) {
      const m = INPUT_COMMENT.exec(c.text.trim());
      if (m) return { shape: m[1].split(/\s*[x×,]\s*/).map(Number), line: ln };
    }
    if (src.codeLines[ln] === 1) {
      // Code between the comment and the model: only decorators (a comment line has no code).
      const l = src.byLine.get(ln);
      if (!l || l.ll.first !== '@') return undefined;
    }
  }
  return undefined;
}
