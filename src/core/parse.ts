/**
 * Reads a .netspec text into statements, one per layer line. Parsing never fails: every line
 * yields either a statement or diagnostics, and the other lines are read all the same.
 *
 * Two spellings mean the same thing:
 *   conv2d 64 kernel=2 padding=same activation=relu                (netspec)
 *   Conv2D(64, kernel_size=(2, 2), padding='same', activation='relu'),   (a Keras call pasted from Python)
 */
import { msg, said, type MessageRef } from './i18n';
import type { Diagnostic, Span } from './types';

/** A value as written, before the catalogue gives it a meaning. */
export type Value =
  | { kind: 'number'; value: number; text: string; span: Span }
  | { kind: 'size'; dims: number[]; text: string; span: Span } // 3x5, 32x32x3
  | { kind: 'tuple'; items: Value[]; text: string; span: Span } // (3, 5), [3, 5]
  | { kind: 'word'; word: string; quoted: boolean; text: string; span: Span }
  | { kind: 'call'; name: string; args: Arg[]; text: string; span: Span } // normal(0.01), RandomNormal(stddev=0.01)
  | { kind: 'bool'; value: boolean; text: string; span: Span }
  | { kind: 'none'; text: string; span: Span };

export interface Arg {
  key?: string;
  keySpan?: Span;
  value: Value;
  /** The whole argument, key included. */
  span: Span;
}

export interface Statement {
  line: number;
  /** The layer word as written, and where. */
  word: string;
  wordSpan: Span;
  args: Arg[];
  /** From the first character of the layer word (after any Keras prefix) to the end of the statement. */
  span: Span;
  /** `call` when written as a Keras call: fixes insert `, key=value` before `argsEnd`. */
  form: 'netspec' | 'call';
  /** Column where a new argument would be inserted. */
  argsEnd: number;
  /** The arguments could not be read (a syntax diagnostic says why): the layer word still counts. */
  broken?: boolean;
}

export interface ParseResult {
  statements: Statement[];
  diagnostics: Diagnostic[];
}

/** Longest line the parser looks at; the rest is reported, not scanned (keeps every input fast). */
const MAX_LINE = 4000;
/**
 * Deepest bracket nesting read: values are read recursively, and a pasted line of thousands of
 * `(` would otherwise overflow the stack. Real specs nest two or three deep.
 */
export const MAX_NESTING = 32;

const PYTHON_SCAFFOLDING =
  /(?:(?:import|from)\s|(?:class|def)\s+\w+\s*\(.*\)\s*(?:->.*)?:$|super\(.*\)\.__init__\(|return\b|[\])(\[,\s]+$|[A-Za-z_]\w*\s*=\s*(?:tf\.|tensorflow\.)?(?:keras\.)?(?:models\.)?(?:Sequential|Model)\s*\(|[A-Za-z_]\w*\.(?:compile|fit|summary|evaluate|predict|save|build)\s*\()/y;

/** A cheap test that rules out the scaffolding regex for ordinary layer lines. */
function mayBeScaffolding(body: string, start: number): boolean {
  if (!isIdentStart(body[start])) return true;
  const c = body[start];
  if ((c === 'i' || c === 'f') && (body.startsWith('import', start) || body.startsWith('from', start))) return true;
  // PyTorch's class/def/super().__init__()/return lines (checked without allocating: conv2d starts with c).
  if (body.startsWith('class', start) || body.startsWith('def', start) || body.startsWith('super', start) || body.startsWith('return', start)) return true;
  return body.includes('(') && (body.includes('Sequential') || body.includes('Model') || body.includes('.'));
}

/**
 * `nn.` / `torch.nn.` before a module class (capitalised), or a functional call (`F.relu(`,
 * `torch.flatten(`): group 1 is set for a module class, unset for a functional call.
 */
const TORCH_PREFIX = /(?:(?:torch\.)?nn\.(?=([A-Z]))|(?:F|torch|torch\.nn\.functional)\.(?=[a-z_]\w*\s*\())/y;

/** PyTorch module names Keras never spells this way (Keras writes Conv2D, MaxPooling2D, Dense). */
const TORCH_ONLY_NAMES = new Set([
  'Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose2d', 'MaxPool1d', 'MaxPool2d', 'AvgPool1d', 'AvgPool2d', 'AdaptiveAvgPool2d',
  'AdaptiveMaxPool2d', 'BatchNorm1d', 'BatchNorm2d', 'Linear', 'ZeroPad2d', 'Dropout2d',
]);

/** What a PyTorch module is written as in netspec, from its arguments as PyTorch orders them; undefined when unsure. */
function torchToNetspec(word: string, args: readonly Arg[]): string | undefined {
  const pos = args.filter((a) => !a.key).map((a) => a.value.text);
  const kw = new Map(args.filter((a) => a.key).map((a) => [a.key!, a.value.text]));
  const get = (i: number, key: string) => kw.get(key) ?? pos[i];
  const opt = (name: string, v: string | undefined, dflt: string) => (v !== undefined && v !== dflt ? ` ${name}=${v.replace(/^\((\d+), ?\1\)$/, '$1').replace(/^\((\d+), ?(\d+)\)$/, '$1x$2')}` : '');
  const size = (v: string) => v.replace(/^\((\d+), ?\1\)$/, '$1').replace(/^\((\d+), ?(\d+)\)$/, '$1x$2');
  switch (word) {
    case 'Conv2d': {
      const out = get(1, 'out_channels');
      const k = get(2, 'kernel_size');
      if (!out || !k) return undefined;
      return `conv2d ${out} ${size(k)}${opt('stride', get(3, 'stride'), '1')}${opt('padding', get(4, 'padding'), '0')}${opt('dilation', get(5, 'dilation'), '1')}`;
    }
    case 'Linear': {
      const out = get(1, 'out_features');
      return out ? `dense ${out}` : undefined;
    }
    case 'MaxPool2d':
    case 'AvgPool2d': {
      const k = get(0, 'kernel_size');
      if (!k) return undefined;
      // PyTorch's stride defaults to the kernel size, as Keras's does.
      return `${word === 'MaxPool2d' ? 'maxpool2d' : 'avgpool2d'} ${size(k)}${opt('stride', get(1, 'stride'), k)}${opt('padding', get(2, 'padding'), '0')}`;
    }
    case 'BatchNorm1d':
    case 'BatchNorm2d':
      return 'batchnorm';
    case 'Dropout':
      return `dropout ${get(0, 'p') ?? '0.5'}`;
    case 'Flatten':
      return 'flatten';
    case 'ReLU':
      return 'relu';
    case 'Tanh':
      return 'activation tanh';
    case 'Sigmoid':
      return 'activation sigmoid';
    case 'LeakyReLU':
      // PyTorch's negative_slope defaults to 0.01, the lecture's value.
      return `leaky_relu ${get(0, 'negative_slope') ?? '0.01'}`;
    case 'ELU':
      return `elu ${get(0, 'alpha') ?? '1'}`;
    case 'ZeroPad2d':
      return pos[0] ? `zeropad2d ${pos[0]}` : undefined;
    default:
      return undefined;
  }
}

function pytorchDiagnostic(shown: string, word: string | undefined, args: readonly Arg[], line: number, start: number, end: number): Diagnostic {
  const netspec = word ? torchToNetspec(word, args) : undefined;
  const keras = netspec ? KERAS_FOR_NETSPEC(netspec) : undefined;
  const advice = netspec ? msg('parse.pytorchAdvice', { netspec, keras: keras ? msg('parse.pytorchAdviceKeras', { keras }) : '' }) : '';
  return { code: 'pytorch-call', severity: 'error', line, start: Math.max(0, start), end: Math.max(start + 1, end), ...said(msg('parse.pytorch', { shown, advice })) };
}

/** The Keras call for the simple netspec lines torchToNetspec writes (conv2d, dense), else undefined. */
function KERAS_FOR_NETSPEC(netspec: string): string | undefined {
  const conv = /^conv2d (\d+) (\d+(?:x\d+)?)$/.exec(netspec);
  if (conv) return `Conv2D(${conv[1]}, kernel_size=${conv[2].includes('x') ? `(${conv[2].replace('x', ', ')})` : conv[2]})`;
  const dense = /^dense (\d+)$/.exec(netspec);
  if (dense) return `Dense(${dense[1]})`;
  return undefined;
}

const KERAS_PREFIXES = /(?:tf\.keras\.layers\.|tensorflow\.keras\.layers\.|keras\.layers\.|layers\.|tf\.keras\.|keras\.|nn\.)/y;

/** The module prefix written before a layer word: Keras's is skipped, PyTorch's is explained. */
export interface LayerPrefix {
  /** `torch-module`: `nn.Conv2d`; `torch-function`: `F.relu(`, `torch.flatten(`. */
  kind: 'keras' | 'torch-module' | 'torch-function';
  length: number;
}

/**
 * The module prefix at `start` of `text` (`tf.keras.layers.`, `layers.`, `nn.`, ...), if any. The
 * parser and completion's line reading (src/features/pure/lineContext.ts) both read prefixes here.
 */
export function layerPrefix(text: string, start: number): LayerPrefix | undefined {
  if (text.indexOf('.', start) < 0) return undefined;
  TORCH_PREFIX.lastIndex = start;
  const torch = TORCH_PREFIX.exec(text);
  if (torch) return { kind: torch[1] === undefined ? 'torch-function' : 'torch-module', length: torch[0].length };
  KERAS_PREFIXES.lastIndex = start;
  const keras = KERAS_PREFIXES.exec(text);
  return keras ? { kind: 'keras', length: keras[0].length } : undefined;
}

export function parse(text: string): ParseResult {
  const statements: Statement[] = [];
  const diagnostics: Diagnostic[] = [];
  forEachStatement(text, diagnostics, (st) => statements.push(st));
  return { statements, diagnostics };
}

/**
 * Reads the text line by line and hands each statement to `visit` as soon as it is read, so a
 * caller that keeps only its results lets the parser's tokens die young (cheap for the GC).
 */
export function forEachStatement(text: string, diagnostics: Diagnostic[], visit: (st: Statement) => void): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const st = parseLine(lines[i], i, diagnostics);
    if (st) visit(st);
  }
}

const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdent = (c: string) => isIdentStart(c) || (c >= '0' && c <= '9');
const isBreak = (c: string) => isSpace(c) || c === '(' || c === ')' || c === '[' || c === ']' || c === "'" || c === '"';
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\u00a0' || c === '\ufeff';

class LineScanner {
  pos: number;
  /** Brackets open around the value being read. */
  depth = 0;
  constructor(
    readonly text: string,
    readonly line: number,
    readonly diagnostics: Diagnostic[],
    start: number,
  ) {
    this.pos = start;
  }
  get ch(): string {
    return this.text[this.pos] ?? '';
  }
  skipSpaces(): void {
    while (this.pos < this.text.length && isSpace(this.text[this.pos])) this.pos++;
  }
  error(ref: MessageRef, start: number, end: number): void {
    // Keep the range inside the line (an error at the very end marks the last character).
    const len = this.text.length;
    const s = Math.max(0, Math.min(start, len - 1));
    const e = Math.min(len, Math.max(end, s + 1));
    this.diagnostics.push({ code: 'syntax', severity: 'error', ...said(ref), line: this.line, start: s, end: e });
  }
  ident(): string {
    const s = this.pos;
    while (this.pos < this.text.length && isIdent(this.text[this.pos])) this.pos++;
    return this.text.slice(s, this.pos);
  }
}

/** The column of the comment's `#`, outside quotes; or the line's length. */
export function commentStart(text: string): number {
  const hash = text.indexOf('#');
  if (hash < 0) return text.length;
  // Most lines have no quote before their `#`: then it starts the comment.
  if (text.lastIndexOf("'", hash) < 0 && text.lastIndexOf('"', hash) < 0) return hash;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return i;
  }
  return text.length;
}

function parseLine(raw: string, line: number, diagnostics: Diagnostic[]): Statement | undefined {
  let end = commentStart(raw);
  if (end > MAX_LINE) {
    diagnostics.push({ code: 'syntax', severity: 'error', ...said(msg('parse.lineTooLong', { length: end, max: MAX_LINE })), line, start: 0, end: MAX_LINE });
    return undefined;
  }
  while (end > 0 && isSpace(raw[end - 1])) end--;
  let start = 0;
  while (start < end && isSpace(raw[start])) start++;
  if (start >= end) return undefined;

  let body = end === raw.length ? raw : raw.slice(0, end);
  // The Python around pasted layers (imports, `model = keras.Sequential([`, `])`, model.compile(...))
  // carries no layer: skip it quietly so a whole Keras snippet can be pasted.
  if (mayBeScaffolding(body, start)) {
    PYTHON_SCAFFOLDING.lastIndex = start;
    if (PYTHON_SCAFFOLDING.test(body)) return undefined;
  }
  // Python around a pasted layer: `model.add(Dense(10))`, `x = Dense(10)(x)`, a trailing comma.
  if (body.endsWith(',')) body = body.slice(0, -1).trimEnd();
  const pasted = body.endsWith(')');
  const modelAdd = pasted ? /^(\s*)[A-Za-z_]\w*\.add\(/.exec(body) : null;
  if (modelAdd && body.endsWith(')')) {
    start = modelAdd[0].length;
    body = body.slice(0, -1);
  }
  // `x = Dense(10)(x)`, and PyTorch's `self.conv1 = nn.Conv2d(...)`.
  const assign = pasted && body.includes('=') ? /^(\s*[A-Za-z_][\w.]*\s*=\s*)(?=[A-Za-z_][\w.]*\s*\()/.exec(body.slice(start)) : null;
  if (assign) start += assign[1].length;
  const functional = pasted ? /\)\s*\(\s*[A-Za-z_]\w*\s*\)$/.exec(body) : null;
  if (functional) {
    body = body.slice(0, functional.index + 1);
  }
  end = body.length;
  while (start < end && isSpace(body[start])) start++;

  // PyTorch (torch.nn modules, torch.nn.functional calls) reads like Keras but means something else.
  const prefix = layerPrefix(body, start);
  if (prefix?.kind === 'torch-function') {
    diagnostics.push(pytorchDiagnostic(`${body.slice(start, start + prefix.length)}…`, undefined, [], line, start, end));
    return undefined;
  }
  const torchPrefixLength = prefix?.kind === 'torch-module' ? prefix.length : 0;
  if (prefix) start += prefix.length;

  const sc = new LineScanner(body, line, diagnostics, start);
  if (!isIdentStart(sc.ch)) {
    sc.error(msg('parse.expectedLayer', { found: body.slice(start, start + 12) }), start, end);
    return undefined;
  }
  const word = sc.ident();
  const wordSpan = { start, end: sc.pos };
  const args: Arg[] = [];
  // `self.x = ...` alone says nothing: Keras's subclassed models write `self.conv = layers.Conv2D(...)`.
  const torch = torchPrefixLength > 0 || (sc.ch === '(' && TORCH_ONLY_NAMES.has(word));
  if (torch) {
    // Read its arguments (quietly) to say what the Keras layer would be.
    const quiet: Diagnostic[] = [];
    const qs = new LineScanner(body, line, quiet, sc.pos);
    const torchArgs: Arg[] = [];
    if (qs.ch === '(') {
      qs.pos++;
      readArgs(qs, torchArgs, ')', qs.pos - 1);
    }
    diagnostics.push(pytorchDiagnostic(word, word, torchArgs, line, start - torchPrefixLength, end));
    return undefined;
  }
  // A Keras call has its "(" right after the name; `maxpool2d (2, 4)` is netspec with a size.
  if (sc.ch === '(') {
    const open = sc.pos;
    sc.pos++;
    const ok = readArgs(sc, args, ')', open);
    if (!ok) return { line, word, wordSpan, args, span: { start, end }, form: 'call', argsEnd: end, broken: true };
    // readArgs leaves pos just after ')'
    const argsEnd = sc.pos - 1;
    sc.skipSpaces();
    if (sc.pos < end) {
      sc.error(msg('parse.afterClose', { found: body.slice(sc.pos, Math.min(end, sc.pos + 12)) }), sc.pos, end);
      return { line, word, wordSpan, args, span: { start, end }, form: 'call', argsEnd, broken: true };
    }
    return { line, word, wordSpan, args, span: { start, end }, form: 'call', argsEnd };
  }
  if (!readArgs(sc, args, '', -1)) return { line, word, wordSpan, args, span: { start, end }, form: 'netspec', argsEnd: end, broken: true };
  return { line, word, wordSpan, args, span: { start, end }, form: 'netspec', argsEnd: end };
}

/**
 * Reads arguments until `close` (')' for a call; '' = end of line, whitespace-separated).
 * In a call, arguments are separated by commas; in netspec form by spaces (commas tolerated).
 */
function readArgs(sc: LineScanner, args: Arg[], close: string, openPos: number): boolean {
  const text = sc.text;
  for (;;) {
    sc.skipSpaces();
    if (close && sc.pos >= text.length) {
      sc.error(msg('parse.unclosedParen'), openPos, openPos + 1);
      return false;
    }
    if (!close && sc.pos >= text.length) return true;
    if (close && sc.ch === close) {
      sc.pos++;
      return true;
    }
    const argStart = sc.pos;
    let key: string | undefined;
    let keySpan: Span | undefined;
    // key=value (spaces around '=' allowed), but not a bare word followed by something else.
    if (isIdentStart(sc.ch)) {
      let e = sc.pos;
      while (e < text.length && isIdent(text[e])) e++;
      let q = e;
      while (q < text.length && isSpace(text[q])) q++;
      if (text[q] === '=' && text[q + 1] !== '=') {
        key = text.slice(sc.pos, e);
        keySpan = { start: sc.pos, end: e };
        q++;
        while (q < text.length && isSpace(text[q])) q++;
        sc.pos = q;
      }
    }
    const value = readValue(sc, close ? ',)' : ' \t,');
    if (!value) return false;
    // A positional argument is its value: share the span rather than allocate another.
    args.push({ key, keySpan, value, span: key ? { start: argStart, end: value.span.end } : value.span });
    sc.skipSpaces();
    if (sc.ch === ',') {
      sc.pos++;
      continue;
    }
    if (close && sc.ch !== close && sc.pos < text.length) {
      sc.error(msg('parse.expectedSeparator', { close }), sc.pos, sc.pos + 1);
      return false;
    }
  }
}

/** Goes one bracket deeper, or reports (at the bracket) that the nesting is too deep to read. */
function enter(sc: LineScanner, at: number): boolean {
  if (sc.depth >= MAX_NESTING) {
    sc.error(msg('parse.tooDeep', { max: MAX_NESTING }), at, at + 1);
    return false;
  }
  sc.depth++;
  return true;
}

const WORD = /^[A-Za-z_][\w.]*$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SIZE = /^\d+(?:[xX×]\d+)+$/;

/** Reads one value; stops (at depth 0) at any character of `stops` or the line's end. */
function readValue(sc: LineScanner, stops: string): Value | undefined {
  const text = sc.text;
  const start = sc.pos;
  const c = sc.ch;
  if (c === '"' || c === "'") {
    const close = text.indexOf(c, start + 1);
    if (close < 0) {
      sc.error(msg('parse.unclosedQuote', { quote: c }), start, start + 1);
      return undefined;
    }
    sc.pos = close + 1;
    const word = text.slice(start + 1, close);
    return { kind: 'word', word, quoted: true, text: text.slice(start, sc.pos), span: { start, end: sc.pos } };
  }
  if (c === '(' || c === '[') {
    const closeCh = c === '(' ? ')' : ']';
    if (!enter(sc, start)) return undefined;
    sc.pos++;
    const items: Value[] = [];
    for (;;) {
      sc.skipSpaces();
      if (sc.pos >= text.length) {
        sc.error(msg('parse.unclosedBracket', { bracket: c }), start, start + 1);
        return undefined;
      }
      if (sc.ch === closeCh) {
        sc.pos++;
        break;
      }
      const item = readValue(sc, ',' + closeCh);
      if (!item) return undefined;
      items.push(item);
      sc.skipSpaces();
      if (sc.ch === ',') sc.pos++;
      else if (sc.ch !== closeCh) {
        sc.error(msg('parse.expectedSeparator', { close: closeCh }), sc.pos, sc.pos + 1);
        return undefined;
      }
    }
    sc.depth--;
    return { kind: 'tuple', items, text: text.slice(start, sc.pos), span: { start, end: sc.pos } };
  }
  // A bare token: up to a stop character, whitespace or bracket.
  while (sc.pos < text.length && !stops.includes(text[sc.pos]) && !isBreak(text[sc.pos])) sc.pos++;
  const token = text.slice(start, sc.pos);
  if (!token) {
    if (start >= text.length || stops.includes(text[start])) sc.error(msg('parse.missingValue'), start - 1, start);
    else sc.error(msg('parse.unexpectedChar', { char: text[start] }), start, start + 1);
    return undefined;
  }
  const span = { start, end: sc.pos };
  const wordLike = isIdentStart(token[0]) && WORD.test(token);
  if (wordLike && sc.ch === '(') {
    // A call value: normal(0.01), RandomNormal(stddev=0.01), leaky_relu(0.2), regularizers.l2(1e-4).
    const open = sc.pos;
    if (!enter(sc, open)) return undefined;
    sc.pos++;
    const args: Arg[] = [];
    if (!readArgs(sc, args, ')', open)) return undefined;
    sc.depth--;
    const name = token.replace(/^(?:tf\.keras\.|keras\.)?(?:initializers\.|activations\.|regularizers\.)?/, '');
    return { kind: 'call', name, args, text: text.slice(start, sc.pos), span: { start, end: sc.pos } };
  }
  if (wordLike) {
    if (/^(true|false)$/i.test(token)) return { kind: 'bool', value: token.toLowerCase() === 'true', text: token, span };
    if (/^(none|null)$/i.test(token)) return { kind: 'none', text: token, span };
    return { kind: 'word', word: token, quoted: false, text: token, span };
  }
  if (NUMBER.test(token)) return { kind: 'number', value: Number(token), text: token, span };
  if (SIZE.test(token)) return { kind: 'size', dims: token.split(/[xX×]/).map(Number), text: token, span };
  sc.error(msg('parse.badToken', { token: token.slice(0, 24) }), start, sc.pos);
  return undefined;
}
