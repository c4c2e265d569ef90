/**
 * Finds the models in Python code (a .py file or a notebook cell) and computes their shapes and
 * parameter counts without running Python: PyTorch `nn.Module` subclasses and `nn.Sequential`
 * with PyTorch's rules (torch.ts), Keras `Sequential`, `model.add` chains and functional chains
 * through the .netspec engine (keras.ts). What NetLens cannot follow (custom layers, loops,
 * branches, torch.cat...) makes the rest of that model unknown, never guessed, and produces no
 * diagnostic. Never throws.
 */
import { msg, render, said, titled, type Lang, type MessageRef } from '../../core/i18n';
import type { Shape, TextFix } from '../../core/types';
import { inputComment, readKerasModels } from './keras';
import { calleeName, evalNumber, lastPart, parseStatement, type CallArg, type Expr, type Stmt } from './syntax';
import { importsFramework, tokenize, type Comment, type LogicalLine } from './tokens';
import { flatten, reshape, torchApply, torchParams } from './torch';
import { bindArgs, ELEMENTWISE_FUNCTIONS, FUNCTION_SIGNATURES, literalValues, resolveTorchLayer, torchLayerType, type Env } from './torchLayers';
import type { PyDiagnostic, PyInput, PyLayer, PyLayerUse, PyModel, PyStep, PythonAnalysis } from './types';

export interface PythonOptions {
  /** Skip text that imports neither Keras/TensorFlow nor PyTorch (default true). */
  requireImport?: boolean;
  /** Per-sample input shape for every model, overriding what the file says (the CLI's --input). */
  input?: Shape;
  /** The language of the warnings, fix titles and reasons (default English); each keeps its message ref too. */
  lang?: Lang;
}

type Call = Extract<Expr, { k: 'call' }>;

/** A logical line; its statement is parsed when first read (most lines never are). */
export class Line {
  private parsed?: Stmt;
  /** Index of the first line after this line's indented block. */
  blockEnd = 0;
  constructor(readonly ll: LogicalLine) {}
  get stmt(): Stmt {
    return (this.parsed ??= parseStatement(this.ll.tokens));
  }
  /** True when a name token of the line is `word` (a cheap filter before parsing). */
  mentions(word: string): boolean {
    if (!this.ll.contains(word)) return false;
    const toks = this.ll.tokens;
    for (let i = 0; i < toks.length; i++) if (toks[i].kind === 'name' && toks[i].text === word) return true;
    return false;
  }
  /** `NAME = ...`: the name, read from the tokens without parsing. */
  get assignedName(): string | undefined {
    return this.ll.assigns ? this.ll.first : undefined;
  }
}

/** The file as the recognisers read it. */
export interface Source {
  lines: Line[];
  comments: Map<number, Comment>;
  /** Physical lines that hold code (for the comment-above scan): 1 = code. */
  codeLines: Uint8Array;
  /** The logical line that starts on each physical line. */
  byLine: Map<number, Line>;
  /** Indices of `NAME = ...` lines, by NAME, in order. */
  assigns: Map<string, number[]>;
  /** Indices of lines that call NAME (a name token followed by `(`), by NAME, in order. */
  calls: Map<string, number[]>;
  constants: Map<string, number>;
  /** Layer class names imported bare from torch.nn (`from torch.nn import Conv2d`). */
  torchNames: Set<string>;
  /** `summary` comes from torchsummary (input_size without the batch axis) rather than torchinfo. */
  torchsummary: boolean;
  diagnostics: PyDiagnostic[];
  /** The text's physical lines (Keras calls are handed to the engine as written). */
  physical: string[];
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '//', '%', '**', '(', ')']);

const EMPTY: PythonAnalysis = { imports: false, models: [], diagnostics: [] };

export function analyzePython(text: string, options: PythonOptions = {}): PythonAnalysis {
  const imports = importsFramework(text);
  if (!imports && options.requireImport !== false) return EMPTY;
  try {
    return analyzePythonUnguarded(text, options, imports);
  } catch {
    // A bug in a recogniser must not take the editor down: show nothing for this text.
    return { imports, models: [], diagnostics: [] };
  }
}

/** Renders the reader's warnings, fix titles, missing-input messages and reasons again in `lang` (in place). */
function relocalizePython(result: Omit<PythonAnalysis, 'imports'>, lang: Lang): void {
  const again = (d: { message: string; messageRef?: MessageRef }, fixes: readonly TextFix[]) => {
    if (d.messageRef) d.message = render(lang, d.messageRef);
    for (const f of fixes) if (f.titleRef) f.title = render(lang, f.titleRef);
  };
  for (const d of result.diagnostics) again(d, d.fixes ?? []);
  for (const m of result.models) {
    if (m.missingInput) again(m.missingInput, [m.missingInput.fix]);
    // The reader's other words too, so every text field is in `lang` (the CLI's JSON and summary).
    if (m.unknownFrom?.reasonRef) m.unknownFrom.reason = render(lang, m.unknownFrom.reasonRef);
    if (m.input?.sourceRef) m.input.source = render(lang, m.input.sourceRef);
    for (const l of m.layers) {
      if (l.unknownRef) l.unknown = render(lang, l.unknownRef);
      if (l.paramsRef) l.paramsText = render(lang, l.paramsRef);
    }
    for (const u of m.uses) {
      if (u.unknownRef) u.unknown = render(lang, u.unknownRef);
      if (u.formulaRefs) u.formulas = u.formulaRefs.map((f) => (typeof f === 'string' ? f : render(lang, f)));
    }
  }
}

/** The reader without its safety net: the robustness tests call this one, so a throw shows. */
export function analyzePythonUnguarded(text: string, options: PythonOptions = {}, imports = importsFramework(text)): PythonAnalysis {
  const result = read(text, options);
  if (options.lang && options.lang !== 'en') relocalizePython(result, options.lang);
  return { imports, ...result };
}

function read(text: string, options: PythonOptions): Omit<PythonAnalysis, 'imports'> {
  const src = prepare(text);
  const models: PyModel[] = [];
  const inClass = new Set<number>();
  for (let i = 0; i < src.lines.length; i++) {
    const line = src.lines[i];
    const first = line.ll.first;
    if (first !== 'class' && !(line.assignedName !== undefined && line.mentions('Sequential'))) continue;
    const stmt = line.stmt;
    if (stmt.k === 'class' && stmt.bases.some((b) => b.k === 'name' && lastPart(b.id) === 'Module')) {
      models.push(readModule(src, i));
      for (let j = i; j < src.lines[i].blockEnd; j++) inClass.add(j);
      i = src.lines[i].blockEnd - 1;
      continue;
    }
    if (stmt.k === 'assign' && stmt.targets.length === 1 && stmt.targets[0].k === 'name' && stmt.value.k === 'call') {
      const callee = calleeName(stmt.value);
      if (callee && torchLayerType(callee, src.torchNames) === 'Sequential' && !(stmt.value.args[0]?.value.k === 'tuple' && stmt.value.args[0].value.bracket === '[')) {
        models.push(readTopSequential(src, i, stmt.targets[0], stmt.value));
      }
    }
  }
  models.push(...readKerasModels(src, inClass, options));
  models.sort((a, b) => a.line - b.line);
  for (const m of models) if (m.framework === 'pytorch') findTorchInput(src, m, options.input);
  // Shapes are computed once the input is known: readModule/readTopSequential left a runner.
  for (const m of models) runners.get(m)?.(m.input?.shape);
  if (options.input) for (const m of models) if (m.framework === 'keras' && m.input === undefined) m.input = inputFrom(options.input, msg('py.inputFromOption'));
  src.diagnostics.sort((a, b) => a.line - b.line || a.start - b.start);
  return { models, diagnostics: src.diagnostics };
}

export function prepare(text: string): Source {
  const { lines: logical, comments } = tokenize(text);
  const physical = text.split(/\r\n|\r|\n/);
  const lines: Line[] = logical.map((ll) => new Line(ll));
  // Blocks: a line's block runs until the next line indented no deeper (one pass with a stack).
  const stack: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    while (stack.length && lines[stack[stack.length - 1]].ll.indent >= lines[i].ll.indent) lines[stack.pop()!].blockEnd = i;
    stack.push(i);
  }
  for (const i of stack) lines[i].blockEnd = lines.length;

  const codeLines = new Uint8Array(physical.length + 1);
  const byLine = new Map<number, Line>();
  const assigns = new Map<string, number[]>();
  const calls = new Map<string, number[]>();
  const constants = new Map<string, number>();
  const torchNames = new Set<string>();
  let torchsummary = false;
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    // Only the pass's summary of each line is read here: tokens are made for the few lines that need them.
    byLine.set(l.ll.line, l);
    codeLines.fill(1, l.ll.line, Math.min(physical.length, l.ll.endLine) + 1);
    for (const name of l.ll.called) add(calls, name, i);
    const target = l.assignedName;
    if (target !== undefined) {
      add(assigns, target, i);
      // Only a top-level `NAME = <numbers and names in arithmetic>` can be a constant: parse just those.
      const toks = l.ll.indent === 0 ? l.ll.tokens : undefined;
      const s = toks && toks.length < 40 && toks.every((t, k) => k < 2 || t.kind === 'number' || t.kind === 'name' || ARITHMETIC.has(t.text)) ? l.stmt : undefined;
      if (s?.k === 'assign' && s.targets.length === 1) {
        const v = evalNumber(s.value, (n) => constants.get(n));
        if (v !== undefined) constants.set(target, v);
      }
    } else if (l.ll.first === 'import' || l.ll.first === 'from') {
      const words = l.ll.tokens.map((t) => t.text);
      const module = words[0] === 'from' ? words.slice(1, words.indexOf('import')).join('') : '';
      if (module === 'torch.nn' || module.startsWith('torch.nn.modules')) {
        for (let k = words.indexOf('import') + 1; k < words.length; k++) if (/^[A-Z]\w*$/.test(words[k]) && words[k - 1] !== 'as') torchNames.add(words[k]);
        if (words.includes('*')) for (const n of ['Conv2d', 'Linear', 'Sequential', 'Module', 'ReLU', 'MaxPool2d', 'Flatten']) torchNames.add(n);
      }
      if (module === 'torchsummary' || words.join(' ').startsWith('import torchsummary')) torchsummary = true;
    }
  }
  const commentMap = new Map<number, Comment>();
  for (const c of comments) commentMap.set(c.line, c);
  return { lines, comments: commentMap, codeLines, byLine, assigns, calls, constants, torchNames, torchsummary, diagnostics: [], physical };
}

/** Runs each PyTorch model's forward once its input is known. */
const runners = new WeakMap<PyModel, (input: Shape | undefined) => void>();

type SeqItem = { kind: 'layer'; layer: PyLayer } | { kind: 'seq'; items: SeqItem[] } | { kind: 'unknown'; reason: MessageRef; line: number };

/** A tensor as forward sees it: its per-sample shape, unknown without an input, or dead past something unreadable. */
interface TVal {
  shape?: Shape;
  dead?: boolean;
  /** The step that made this tensor, linked back to the input: the model's path (PyModel.steps). */
  trace?: Trace;
}

interface Trace {
  step: PyStep;
  prev?: Trace;
}

/** The steps from the input to `out`, in order. */
function stepsOf(out: TVal): PyStep[] {
  const steps: PyStep[] = [];
  for (let t = out.trace; t; t = t.prev) steps.push(t.step);
  return steps.reverse();
}

function newModel(name: string, nameTok: { line: number; col: number; endCol: number }): PyModel {
  return { name, framework: 'pytorch', line: nameTok.line, start: nameTok.col, end: nameTok.endCol, layers: [], uses: [] };
}

/** The last token's line of a logical line: where its inlay hint goes. */
function lastLine(l: Line): { line: number; col: number } {
  return { line: l.ll.endLine, col: l.ll.endCol };
}

class TorchBuilder {
  totalsKnown = true;
  constructor(
    readonly src: Source,
    readonly model: PyModel,
    readonly env: Env,
  ) {}

  /** A layer constructor call (or nested Sequential) → a definition; `name` is its path. */
  define(call: Call, name: string, stmtEnd: { line: number; col: number }, label: string): SeqItem {
    const callee = calleeName(call);
    const type = callee ? torchLayerType(callee, this.src.torchNames) : undefined;
    if (!type) {
      this.totalsKnown = false;
      return { kind: 'unknown', reason: msg('py.notALayer', { what: callee ?? msg('py.thisExpression') }), line: call.line };
    }
    if (type === 'Sequential') {
      if (call.args.some((a) => a.key !== undefined || a.star)) {
        this.totalsKnown = false;
        return { kind: 'unknown', reason: msg('py.sequentialDynamic'), line: call.line };
      }
      return { kind: 'seq', items: call.args.map((a, i) => this.defineValue(a.value, `${name}.${i}`, stmtEnd, `${label}[${i}]`)) };
    }
    const r = resolveTorchLayer(type, call, this.env);
    const fnTok = call.fn;
    const end = call.close && call.close.endLine !== call.line ? lineEndOf(call) : stmtEnd;
    const layer: PyLayer = {
      name,
      type,
      line: fnTok.line,
      start: fnTok.col,
      end: fnTok.endLine === fnTok.line ? fnTok.endCol : fnTok.col + 1,
      endLine: end.line,
      endCol: end.col,
      params: 0,
      trainable: 0,
      nonTrainable: 0,
      paramsText: 'params = ?',
      torch: r.config,
      ...unknownOf(r.unknown),
      uses: [],
    };
    if (r.config) {
      const p = torchParams(r.config);
      layer.params = p.params;
      layer.trainable = p.trainable;
      layer.nonTrainable = p.buffers;
      layer.paramsText = p.text;
      if (p.ref) layer.paramsRef = p.ref;
    } else this.totalsKnown = false;
    layerArgs.set(layer, r.args);
    layerLabels.set(layer, label);
    this.model.layers.push(layer);
    return { kind: 'layer', layer };
  }

  defineValue(value: Expr, name: string, stmtEnd: { line: number; col: number }, label: string): SeqItem {
    if (value.k !== 'call') {
      this.totalsKnown = false;
      return { kind: 'unknown', reason: msg('py.argNotLayerCall'), line: value.line };
    }
    // Each child of a multi-line Sequential gets its hint at the end of its own line.
    const childEnd = value.close ? { line: value.close.endLine, col: value.close.endCol } : stmtEnd;
    return this.define(value, name, value.endLine === stmtEnd.line ? stmtEnd : childEnd, label);
  }

  /** Applies a definition to a tensor, recording a use per layer. */
  apply(def: SeqItem, x: TVal, line: number, at?: PyLayerUse['at']): TVal {
    if (def.kind === 'unknown') return this.kill(x, def.line, def.reason);
    if (def.kind === 'seq') {
      for (const item of def.items) x = this.apply(item, x, item.kind === 'layer' ? item.layer.line : line);
      return x;
    }
    const layer = def.layer;
    const use: PyLayerUse = { layer, input: x.shape, formulas: [], line: layer.functional ? layer.line : line, at };
    layer.uses.push(use);
    this.model.uses.push(use);
    if (x.dead) {
      const from = this.model.unknownFrom;
      use.unknownRef = msg('py.unknownAfter', { reason: from?.reasonRef ?? from?.reason ?? msg('py.earlierStep'), line: (from?.line ?? 0) + 1 });
      use.unknown = render('en', use.unknownRef);
      return x;
    }
    if (!layer.torch) {
      use.unknown = layer.unknown;
      use.unknownRef = layer.unknownRef;
      return this.kill(x, layer.line, msg('py.layerUnreadable', { layer: `${layer.name} (${layer.type})`, reason: layer.unknownRef ?? msg('py.unreadable') }));
    }
    if (!x.shape) return x;
    const r = torchApply(layer.torch, x.shape, layerLabels.get(layer));
    use.formulas = r.formulas.map((f) => (typeof f === 'string' ? f : render('en', f)));
    if (r.formulas.some((f) => typeof f !== 'string')) use.formulaRefs = r.formulas;
    use.output = r.output;
    if (r.problem) {
      this.report(layer, r.problem.kind, r.problem.message, r.problem.arg, r.problem.expected);
      return this.kill(x, layer.line, msg('py.wouldFail', { layer: `${layer.name} (${layer.type})` }));
    }
    if (r.unknown) {
      Object.assign(use, { unknown: render('en', r.unknown), unknownRef: r.unknown });
      return this.kill(x, layer.line, r.unknown);
    }
    return { shape: r.output, trace: { step: { kind: 'layer', use }, prev: x.trace } };
  }

  /** Everything after `line` is unknown; `reason` is rendered in the hover's language. */
  kill(x: TVal, line: number, reason: MessageRef): TVal {
    if (!x.dead && !this.model.unknownFrom) this.model.unknownFrom = { line, reason: render('en', reason), reasonRef: reason };
    return { dead: true };
  }

  report(layer: PyLayer, code: PyDiagnostic['code'], message: MessageRef, arg?: string, expected?: number): void {
    const src = this.src;
    // One warning per layer, even when it is applied twice.
    if (reported.has(layer)) return;
    reported.add(layer);
    const argExpr = arg ? layerArgs.get(layer)?.get(arg) : undefined;
    const fixes: TextFix[] = [];
    let line = layer.line;
    let start = layer.start;
    let end = layer.end;
    if (argExpr && argExpr.endLine === argExpr.line) {
      line = argExpr.line;
      start = argExpr.col;
      end = argExpr.endCol;
      if (expected !== undefined) {
        const titleRef = msg('py.changeArg', { arg: arg ?? '', value: expected });
        fixes.push({ ...titled(titleRef), line, start, end, newText: String(expected), preferred: true });
      }
    }
    src.diagnostics.push({ code, severity: 'warning', ...said(message), line, start, end, fixes });
  }
}

/** A layer's unknown reason in English with its ref (the hover renders the ref in its language). */
function unknownOf(ref: MessageRef | undefined): Pick<PyLayer, 'unknown' | 'unknownRef'> {
  return ref ? { unknown: render('en', ref), unknownRef: ref } : {};
}

const layerArgs = new WeakMap<PyLayer, Map<string, Expr>>();
const layerLabels = new WeakMap<PyLayer, string>();
const reported = new WeakSet<PyLayer>();

function lineEndOf(call: Call): { line: number; col: number } {
  const c = call.close;
  return c ? { line: c.endLine, col: c.endCol } : { line: call.endLine, col: call.endCol };
}

function readTopSequential(src: Source, index: number, target: Extract<Expr, { k: 'name' }>, call: Call): PyModel {
  const model = newModel(target.id, { line: target.line, col: target.col, endCol: target.endCol });
  const b = new TorchBuilder(src, model, (n) => src.constants.get(n));
  const def = b.define(call, target.id, lastLine(src.lines[index]), target.id);
  // The children are the model's layers: `0`, `1`, ... as PyTorch names them.
  for (const l of model.layers) l.name = l.name.slice(target.id.length + 1);
  finishTotals(model, b);
  runners.set(model, (input) => {
    const out = b.apply(def, { shape: input }, call.line);
    if (!out.dead) model.output = out.shape;
    if (!out.dead && out.shape) model.steps = stepsOf(out);
  });
  return model;
}

function finishTotals(model: PyModel, b: TorchBuilder): void {
  if (!b.totalsKnown) return;
  let total = 0;
  let buffers = 0;
  for (const l of model.layers) {
    if (l.functional) continue;
    total += l.params;
    buffers += l.nonTrainable;
  }
  model.totalParams = total;
  model.trainableParams = total;
  model.nonTrainableParams = buffers;
}

function readModule(src: Source, index: number): PyModel {
  const cls = src.lines[index];
  const stmt = cls.stmt as Extract<Stmt, { k: 'class' }>;
  const model = newModel(stmt.name, { line: stmt.nameTok.line, col: stmt.nameTok.col, endCol: stmt.nameTok.endCol });
  let init: number | undefined;
  let forward: number | undefined;
  const bodyIndent = src.lines[index + 1]?.ll.indent;
  for (let i = index + 1; i < cls.blockEnd; i = src.lines[i].blockEnd) {
    const s = src.lines[i].stmt;
    if (src.lines[i].ll.indent !== bodyIndent) continue;
    if (s.k === 'def' && s.name === '__init__') init = i;
    if (s.k === 'def' && s.name === 'forward') forward = i;
  }
  // __init__'s defaults (`num_classes=10`) are constants for its layers.
  const defaults = new Map<string, number>();
  if (init !== undefined) {
    const s = src.lines[init].stmt as Extract<Stmt, { k: 'def' }>;
    for (const p of s.params) {
      const v = p.default ? evalNumber(p.default, (n) => src.constants.get(n)) : undefined;
      if (v !== undefined) defaults.set(p.name, v);
    }
  }
  const env: Env = (n) => defaults.get(n) ?? src.constants.get(n);
  const b = new TorchBuilder(src, model, env);
  const attrs = new Map<string, SeqItem>();
  if (init !== undefined) {
    const end = src.lines[init].blockEnd;
    for (let i = init + 1; i < end; i++) {
      const l = src.lines[i];
      const s = l.stmt;
      if (s.k === 'control' || s.k === 'def' || s.k === 'class') {
        // A loop or a branch builds layers NetLens cannot count: the totals become unknown.
        b.totalsKnown = false;
        for (let j = i + 1; j < l.blockEnd; j++) markDynamic(src.lines[j], attrs);
        i = l.blockEnd - 1;
        continue;
      }
      if (s.k === 'assign') {
        for (const t of s.targets) {
          if (t.k !== 'name' || !t.id.startsWith('self.') || t.id.indexOf('.', 5) >= 0) continue;
          const attr = t.id.slice(5);
          if (s.value.k === 'call') attrs.set(attr, b.define(s.value, attr, lastLine(l), attr));
          else attrs.delete(attr);
        }
      } else if (s.k === 'expr' && s.value.k === 'call') {
        const callee = calleeName(s.value);
        if (callee === 'self.add_module' || callee === 'setattr' || callee === 'self.register_module') b.totalsKnown = false;
      }
    }
  }
  finishTotals(model, b);
  runners.set(model, (input) => {
    if (forward === undefined) {
      model.unknownFrom = { line: model.line, reason: render('en', msg('py.noForward')), reasonRef: msg('py.noForward') };
      return;
    }
    runForward(src, b, attrs, forward, input);
  });
  return model;
}

/** Layers assigned inside a loop or branch of __init__: NetLens cannot tell which exist. */
function markDynamic(l: Line, attrs: Map<string, SeqItem>): void {
  const s = l.stmt;
  if (s.k !== 'assign') return;
  for (const t of s.targets) if (t.k === 'name' && t.id.startsWith('self.')) attrs.set(t.id.slice(5), { kind: 'unknown', reason: msg('py.assignedInLoop', { name: t.id }), line: l.ll.line });
}

const FUNCTIONAL_PREFIXES = new Set(['F', 'torch', 'functional', 'nn.functional', 'torch.nn.functional']);
const TENSOR_METHODS_SAME = ELEMENTWISE_FUNCTIONS;

function runForward(src: Source, b: TorchBuilder, attrs: Map<string, SeqItem>, forward: number, input: Shape | undefined): void {
  const def = src.lines[forward];
  const s = def.stmt as Extract<Stmt, { k: 'def' }>;
  const model = b.model;
  const vars = new Map<string, TVal>();
  const param = s.params[1]?.name;
  if (!param) {
    model.unknownFrom = { line: def.ll.line, reason: render('en', msg('py.forwardNoInput')), reasonRef: msg('py.forwardNoInput') };
    return;
  }
  vars.set(param, { shape: input });
  let current = 0;
  let line = def.ll.line;

  const dead = (reason: MessageRef): TVal => b.kill({}, line, reason);
  const reshaped = (x: TVal, output: Shape, e: Call): TVal => ({ shape: output, trace: { step: { kind: 'reshape', line: e.line, input: x.shape ?? [], output }, prev: x.trace } });
  const firstArg = (args: CallArg[]): Expr | undefined => args.find((a) => a.key === undefined || a.key === 'input')?.value;

  const evalT = (e: Expr): TVal => {
    if (e.k === 'name') return vars.get(e.id) ?? dead(msg('py.notATensor', { name: e.id }));
    if (e.k !== 'call') return dead(msg('py.expressionNotFollowed'));
    const callee = calleeName(e);
    if (callee?.startsWith('self.') && callee.indexOf('.', 5) < 0) {
      const attr = callee.slice(5);
      const d = attrs.get(attr);
      if (!d) return dead(msg('py.notInInit', { name: `self.${attr}` }));
      if (e.args.length !== 1 || e.args[0].key !== undefined) return dead(msg('py.moreThanOneInput', { name: `self.${attr}` }));
      const x = evalT(e.args[0].value);
      const fn = e.fn;
      return b.apply(d, x, e.line, fn.endLine === fn.line ? { line: fn.line, start: fn.col, end: fn.endCol } : undefined);
    }
    // Tensor methods: x.view(...), x.flatten(1), self.conv(x).relu()
    let method: string | undefined;
    let obj: Expr | undefined;
    if (e.fn.k === 'attr') {
      method = e.fn.attr;
      obj = e.fn.obj;
    } else if (callee && callee.includes('.')) {
      const base = callee.slice(0, callee.lastIndexOf('.'));
      if (vars.has(base)) {
        method = lastPart(callee);
        obj = { k: 'name', id: base, line: e.fn.line, col: e.fn.col, endLine: e.fn.line, endCol: e.fn.col + base.length };
      }
    }
    if (method && obj) return tensorMethod(method, obj, e);
    if (callee && callee.includes('.')) {
      const fn = lastPart(callee);
      const prefix = callee.slice(0, callee.length - fn.length - 1);
      if (FUNCTIONAL_PREFIXES.has(prefix)) return functional(fn, e);
    }
    return dead(msg('py.notFollowed', { what: callee ?? msg('py.thisCall') }));
  };

  /** An elementwise function of the tensor: its arguments after the input, bound as PyTorch binds them. */
  const elementwise = (fn: string, x: TVal, args: CallArg[], e: Call): TVal => {
    if (x.dead || !x.shape) return x;
    const names = FUNCTION_SIGNATURES[fn];
    // Conversions such as .float() and .contiguous() change no value the model computes.
    if (!names) return x;
    const { bound, error } = bindArgs(names, args);
    const values = error ? { '*': undefined } : literalValues(bound, b.env);
    return { shape: x.shape, trace: { step: { kind: 'function', name: fn, line: e.line, values, shape: x.shape }, prev: x.trace } };
  };

  const tensorMethod = (method: string, obj: Expr, e: Call): TVal => {
    if (TENSOR_METHODS_SAME.has(method)) return elementwise(method, evalT(obj), e.args, e);
    if (method === 'view' || method === 'reshape') {
      const x = evalT(obj);
      if (x.dead || !x.shape) return x;
      let dimArgs = e.args.map((a) => a.value);
      if (dimArgs.length === 1 && dimArgs[0].k === 'tuple') dimArgs = dimArgs[0].items;
      const dims: Array<number | 'batch'> = [];
      for (const d of dimArgs) {
        if (isBatchSize(d, obj)) dims.push('batch');
        else {
          const v = evalNumber(d, b.env);
          if (v === undefined || !Number.isInteger(v)) return dead(msg('py.viewSizeUnknown', { method }));
          dims.push(v);
        }
      }
      const r = reshape(x.shape, dims);
      if (!r.output) return dead(r.unknown ?? msg('py.thisView'));
      return reshaped(x, r.output, e);
    }
    if (method === 'flatten') {
      const x = evalT(obj);
      const start = e.args[0] ? evalNumber(e.args[0].value, b.env) : 0;
      const end = e.args[1] ? evalNumber(e.args[1].value, b.env) : -1;
      if (x.dead || !x.shape) return x;
      if (start === undefined || end === undefined) return dead(msg('py.flattenDimsUnknown'));
      const r = flatten(x.shape, start, end);
      return r.output ? reshaped(x, r.output, e) : dead(r.unknown ?? msg('py.thisFlatten'));
    }
    return dead(msg('py.notFollowed', { what: `.${method}()` }));
  };

  const functional = (fn: string, e: Call): TVal => {
    const arg = firstArg(e.args);
    if (!arg) return dead(msg('py.noInputArg', { fn }));
    if (ELEMENTWISE_FUNCTIONS.has(fn)) return elementwise(fn, evalT(arg), e.args.filter((a) => a.value !== arg), e);
    if (fn === 'flatten') {
      const x = evalT(arg);
      const rest = e.args.filter((a) => a.value !== arg);
      const startExpr = rest.find((a) => a.key === 'start_dim') ?? rest.find((a) => a.key === undefined);
      const endExpr = rest.find((a) => a.key === 'end_dim') ?? rest.filter((a) => a.key === undefined)[1];
      const start = startExpr ? evalNumber(startExpr.value, b.env) : 0;
      const end = endExpr ? evalNumber(endExpr.value, b.env) : -1;
      if (x.dead || !x.shape) return x;
      if (start === undefined || end === undefined) return dead(msg('py.flattenDimsUnknown'));
      const r = flatten(x.shape, start, end);
      return r.output ? reshaped(x, r.output, e) : dead(r.unknown ?? msg('py.thisFlatten'));
    }
    const moduleType = { max_pool2d: 'MaxPool2d', avg_pool2d: 'AvgPool2d', adaptive_avg_pool2d: 'AdaptiveAvgPool2d', adaptive_max_pool2d: 'AdaptiveMaxPool2d' }[fn];
    if (moduleType) {
      const x = evalT(arg);
      const rest = { ...e, args: e.args.filter((a) => a.value !== arg) };
      if (fn === 'max_pool2d' && rest.args.filter((a) => a.key === undefined).length > 4) return dead(msg('py.maxPoolPositional'));
      const r = resolveTorchLayer(moduleType, rest, b.env);
      const end = lastLine(src.lines[current]);
      const layer: PyLayer = {
        name: fn,
        type: `F.${fn}`,
        functional: true,
        line: e.fn.line,
        start: e.fn.col,
        end: e.fn.endLine === e.fn.line ? e.fn.endCol : e.fn.col + 1,
        endLine: end.line,
        endCol: end.col,
        params: 0,
        trainable: 0,
        nonTrainable: 0,
        paramsText: 'params = 0',
        torch: r.config,
        ...unknownOf(r.unknown),
        uses: [],
      };
      layerArgs.set(layer, r.args);
      layerLabels.set(layer, `F.${fn}`);
      model.layers.push(layer);
      return b.apply({ kind: 'layer', layer }, x, e.line);
    }
    return dead(msg('py.notFollowed', { what: fn }));
  };

  const end = def.blockEnd;
  for (current = forward + 1; current < end; current++) {
    const l = src.lines[current];
    line = l.ll.line;
    const st = l.stmt;
    if (st.k === 'assign') {
      if (st.targets.length === 1 && st.targets[0].k === 'name' && !st.targets[0].id.includes('.')) {
        const value = evalT(st.value);
        vars.set(st.targets[0].id, value);
        if (value.shape && !value.dead) (model.flow ??= []).push({ line: lastLine(l).line, name: st.targets[0].id, shape: value.shape });
      } else {
        b.kill({}, line, msg('py.assignmentNotFollowed'));
        break;
      }
    } else if (st.k === 'return') {
      if (st.value) {
        const out = evalT(st.value);
        if (!out.dead) model.output = out.shape;
        if (!out.dead && out.shape && !model.unknownFrom) model.steps = stepsOf(out);
        if (out.shape && !out.dead) (model.flow ??= []).push({ line: lastLine(l).line, name: 'return', shape: out.shape });
      }
      return;
    } else if (st.k === 'expr') {
      // print(x.shape) and the like change nothing.
    } else {
      b.kill({}, line, st.k === 'control' ? msg('py.controlNotFollowed', { keyword: st.keyword }) : msg('py.statementNotFollowed'));
      break;
    }
  }
}

/** `x.size(0)`, `x.shape[0]`, `len(x)` of the tensor being reshaped (or any tensor in forward). */
function isBatchSize(d: Expr, _obj: Expr): boolean {
  if (d.k === 'call') {
    const callee = calleeName(d);
    if (callee === 'len') return true;
    if (callee?.endsWith('.size') && d.args.length === 1 && evalNumber(d.args[0].value) === 0) return true;
  }
  if (d.k === 'index' && d.obj.k === 'name' && d.obj.id.endsWith('.shape') && evalNumber(d.index) === 0) return true;
  if (d.k === 'name' && /^(?:batch_size|batch|bs|n|N|b|B)$/.test(d.id)) return true;
  return false;
}

// ---- input shapes -------------------------------------------------------------------------

/** An input shape with where it came from, in English and as a message ref. */
export function inputFrom(shape: Shape, ref: MessageRef): PyInput {
  return { shape, source: render('en', ref), sourceRef: ref };
}

const TENSOR_FACTORIES = new Set(['torch.randn', 'torch.rand', 'torch.zeros', 'torch.ones', 'torch.empty', 'torch.randint']);

/** The shape of `torch.randn(1, 3, 32, 32)` / `torch.zeros((1, 3, 32, 32))`, batch included. */
export function tensorLiteralShape(e: Expr, env: Env): number[] | undefined {
  if (e.k !== 'call') return undefined;
  const callee = calleeName(e);
  if (!callee || !TENSOR_FACTORIES.has(callee)) return undefined;
  let items = e.args.filter((a) => a.key === undefined).map((a) => a.value);
  if (callee === 'torch.randint') items = items.slice(-1);
  const size = e.args.find((a) => a.key === 'size');
  if (size) items = [size.value];
  if (items.length === 1 && items[0].k === 'tuple') items = items[0].items;
  const dims = items.map((x) => evalNumber(x, env));
  if (dims.length < 2 || dims.some((d) => d === undefined || !Number.isInteger(d) || d < 1)) return undefined;
  return dims as number[];
}

function findTorchInput(src: Source, model: PyModel, override: Shape | undefined): void {
  if (override) {
    model.input = inputFrom(override, msg('py.inputFromOption'));
    return;
  }
  // 1. A `# netlens: input 3x32x32` comment above the model (blank lines, comments, decorators between).
  const comment = inputComment(src, model.line);
  if (comment) {
    model.input = inputFrom(comment.shape, msg('py.inputFromComment', { line: comment.line + 1 }));
    return;
  }
  // 2. The model applied to a tensor, or passed to summary(): instances first.
  const env: Env = (n) => src.constants.get(n);
  const idx = inputIndex(src);
  const names = new Set<string>(model.framework === 'pytorch' ? [model.name] : []);
  for (const i of src.calls.get(model.name) ?? []) {
    const l = src.lines[i];
    const t = l.assignedName;
    if (t === undefined) continue;
    const s = l.stmt;
    if (s.k !== 'assign') continue;
    let inner = s.value;
    // `model = Net().to(device)`
    while (inner.k === 'call' && inner.fn.k === 'attr' && ['to', 'cuda', 'cpu', 'eval', 'train', 'float'].includes(inner.fn.attr)) inner = inner.fn.obj;
    if (inner.k === 'call' && calleeName(inner) === model.name) names.add(t);
  }
  let found: PyInput | undefined;
  const visitCall = (e: Expr, line: number) => {
    if (found || e.k !== 'call') return;
    const callee = calleeName(e);
    const applied = callee && (names.has(callee) || (callee.endsWith('.forward') && names.has(callee.slice(0, -8))));
    const arg = e.args[0]?.value;
    if (applied && arg) {
      const dims = arg.k === 'name' ? idx.tensors.get(arg.id) : tensorLiteralShape(arg, env);
      if (dims) found = inputFrom(dims.slice(1), msg('py.inputFromCall', { line: line + 1, dims: dims.join('×'), batch: dims[0] }));
    }
    if (callee && lastPart(callee) === 'summary' && arg?.k === 'name' && names.has(arg.id)) {
      const size = e.args.find((a) => a.key === 'input_size') ?? e.args[1];
      if (size && size.value.k === 'tuple') {
        let items = size.value.items;
        if (items.length === 1 && items[0].k === 'tuple') items = items[0].items;
        const dims = items.map((x) => evalNumber(x, env));
        if (dims.every((d) => d !== undefined && Number.isInteger(d) && d > 0) && dims.length >= 1) {
          const batchless = src.torchsummary && !callee.startsWith('torchinfo');
          const shape = batchless ? (dims as number[]) : (dims as number[]).slice(1);
          if (shape.length > 0) found = inputFrom(shape, msg('py.inputFromSummary', { line: line + 1 }));
        }
      }
    }
    for (const a of e.args) visit(a.value, line);
    if (e.fn.k === 'attr') visit(e.fn.obj, line);
  };
  const visit = (e: Expr, line: number): void => {
    // `print(model(x).shape)`: the call may sit under attributes and subscripts.
    while (e.k === 'attr' || e.k === 'index') e = e.obj;
    if (e.k === 'call') visitCall(e, line);
  };
  const candidates = new Set<number>(src.calls.get('summary') ?? []);
  for (const n of names) for (const i of src.calls.get(n) ?? []) candidates.add(i);
  for (const n of names) for (const i of src.calls.get('forward') ?? []) if (src.lines[i].mentions(n)) candidates.add(i);
  for (const i of [...candidates].sort((x, y) => x - y)) {
    const l = src.lines[i];
    const s = l.stmt;
    if (s.k === 'assign' || s.k === 'expr' || s.k === 'return') if (s.value) visit(s.value, l.ll.line);
    if (found) {
      model.input = found;
      return;
    }
  }
  // 3. The file's only tensor literal.
  if (idx.literals.length === 1) {
    const { dims, line } = idx.literals[0];
    model.input = inputFrom(dims.slice(1), msg('py.inputFromTensor', { line: line + 1, dims: dims.join('×'), batch: dims[0] }));
    return;
  }
  model.missingInput = missingInputFor(src, model);
}

const FACTORY_NAMES = ['randn', 'rand', 'zeros', 'ones', 'empty', 'randint'];
const inputIndexes = new WeakMap<Source, { tensors: Map<string, number[]>; literals: Array<{ dims: number[]; line: number }> }>();

/** The file's tensor literals (`x = torch.randn(1, 3, 32, 32)`), read once for all models. */
function inputIndex(src: Source): { tensors: Map<string, number[]>; literals: Array<{ dims: number[]; line: number }> } {
  const hit = inputIndexes.get(src);
  if (hit) return hit;
  const env: Env = (n) => src.constants.get(n);
  const tensors = new Map<string, number[]>();
  const literals: Array<{ dims: number[]; line: number }> = [];
  const seen = new Set<number>();
  for (const f of FACTORY_NAMES) for (const i of src.calls.get(f) ?? []) seen.add(i);
  for (const i of [...seen].sort((a, b) => a - b)) {
    const l = src.lines[i];
    const s = l.stmt;
    if (s.k !== 'assign' && s.k !== 'expr') continue;
    const dims = tensorLiteralShape(s.value, env);
    if (!dims) continue;
    literals.push({ dims, line: l.ll.line });
    if (s.k === 'assign') for (const t of s.targets) if (t.k === 'name') tensors.set(t.id, dims);
  }
  const index = { tensors, literals };
  inputIndexes.set(src, index);
  return index;
}

function missingInputFor(src: Source, model: PyModel): PyModel['missingInput'] {
  const first = model.layers.find((l) => l.torch && !l.functional)?.torch;
  let shape = '3x32x32';
  let why = msg('py.whyImage');
  if (first?.kind === 'conv2d') {
    shape = `${first.inChannels}x32x32`;
    why = msg(first.inChannels === 1 ? 'py.whyConvOne' : 'py.whyConv', { n: first.inChannels });
  } else if (first?.kind === 'linear') {
    shape = `${first.inFeatures}`;
    why = msg('py.whyLinear', { n: first.inFeatures });
  }
  const l = src.byLine.get(model.line);
  const indent = l ? ' '.repeat(l.ll.indent) : '';
  let at = model.line;
  // Above decorators too.
  while (at > 0 && src.byLine.get(at - 1)?.ll.first === '@') at--;
  return {
    ...said(msg('py.noInputTorch', { model: model.name, shape, why, call: `${model.name === 'model' ? 'model' : model.name}(torch.randn(1, ${shape.split('x').join(', ')}))` })),
    fix: { ...titled(msg('py.addInputComment', { shape, model: model.name })), line: at, start: 0, end: 0, newText: `${indent}# netlens: input ${shape}\n`, preferred: true },
  };
}
