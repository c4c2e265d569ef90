/**
 * A small Python expression parser over one logical line's tokens: names with attributes,
 * calls with keyword arguments, subscripts, tuples and lists, numbers, strings and arithmetic.
 * Anything else becomes an `other` node, so every line parses and the recognisers can treat
 * what they do not know as unknown. Never throws; every step consumes a token, so it ends.
 */
import type { Token } from './tokens';

export interface Pos {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export interface CallArg {
  key?: string;
  keyTok?: Token;
  value: Expr;
  star?: boolean;
}

export type Expr = Pos &
  (
    | { k: 'name'; id: string }
    | { k: 'num'; value: number; text: string }
    | { k: 'str'; value: string }
    | { k: 'tuple'; items: Expr[]; bracket: '(' | '[' }
    | { k: 'call'; fn: Expr; args: CallArg[]; open: Token; close?: Token }
    | { k: 'attr'; obj: Expr; attr: string }
    | { k: 'index'; obj: Expr; index: Expr }
    | { k: 'bin'; op: string; l: Expr; r: Expr }
    | { k: 'unary'; op: string; e: Expr }
    | { k: 'other' }
  );

/** Sets a node's span on the node itself (one allocation per node, no spread). */
function at<T extends object>(a: Pos, b: Pos, node: T): T & Pos {
  const n = node as T & Pos;
  n.line = a.line;
  n.col = a.col;
  n.endLine = b.endLine;
  n.endCol = b.endCol;
  return n;
}

const PRECEDENCE: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '//': 2, '%': 2, '@': 2, '**': 4 };
const CLOSERS = new Set([')', ']', '}']);
const MAX_DEPTH = 200;

export class ExprParser {
  pos: number;
  private depth = 0;
  constructor(
    readonly toks: Token[],
    start = 0,
    readonly end = toks.length,
  ) {
    this.pos = start;
  }

  get tok(): Token | undefined {
    return this.pos < this.end ? this.toks[this.pos] : undefined;
  }
  isOp(text: string): boolean {
    const t = this.tok;
    return t !== undefined && t.kind === 'op' && t.text === text;
  }

  private span(first: Token, last: Token): Pos {
    return { line: first.line, col: first.col, endLine: last.endLine, endCol: last.endCol };
  }
  private last(): Token {
    return this.toks[Math.max(0, this.pos - 1)];
  }

  /** One expression, possibly a bare tuple (`a, b`) when `allowTuple`. */
  parse(allowTuple = false): Expr {
    const first = this.binary(0);
    if (!allowTuple || !this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.pos++;
      const t = this.tok;
      if (!t || (t.kind === 'op' && (CLOSERS.has(t.text) || t.text === '=' || t.text === ':'))) break;
      items.push(this.binary(0));
    }
    return at(first, items[items.length - 1], { k: 'tuple', items, bracket: '(' });
  }

  private binary(minPrec: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.tok;
      if (!t || t.kind !== 'op') return left;
      const prec = PRECEDENCE[t.text];
      if (prec === undefined || prec < minPrec) return left;
      this.pos++;
      const right = this.binary(t.text === '**' ? prec : prec + 1);
      left = at(left, right, { k: 'bin', op: t.text, l: left, r: right });
    }
  }

  private unary(): Expr {
    const t = this.tok;
    if (t && t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '~')) {
      this.pos++;
      if (this.depth > MAX_DEPTH) return at(t, t, { k: 'other' });
      this.depth++;
      const e = this.unary();
      this.depth--;
      return at(t, e, { k: 'unary', op: t.text, e });
    }
    return this.postfix(this.atom());
  }

  private atom(): Expr {
    const t = this.tok;
    if (!t) {
      const l = this.last();
      return { k: 'other', line: l?.endLine ?? 0, col: l?.endCol ?? 0, endLine: l?.endLine ?? 0, endCol: l?.endCol ?? 0 };
    }
    this.pos++;
    if (t.kind === 'name') return at(t, t, { k: 'name', id: t.text });
    if (t.kind === 'number') {
      const value = Number(t.text.replace(/_/g, ''));
      return Number.isFinite(value) ? at(t, t, { k: 'num', value, text: t.text }) : at(t, t, { k: 'other' });
    }
    if (t.kind === 'string') {
      let last = t;
      let value = stringValue(t.text);
      // Adjacent literals concatenate.
      while (this.tok?.kind === 'string') {
        last = this.tok;
        value += stringValue(last.text);
        this.pos++;
      }
      return at(t, last, { k: 'str', value });
    }
    if (t.text === '(' || t.text === '[') {
      const close = t.text === '(' ? ')' : ']';
      const items: Expr[] = [];
      let trailingComma = false;
      if (this.depth++ > MAX_DEPTH) return this.skipGroup(t);
      while (this.tok && !this.isOp(close)) {
        const before = this.pos;
        items.push(this.parse(false));
        trailingComma = false;
        if (this.isOp(',')) {
          this.pos++;
          trailingComma = true;
        } else if (!this.isOp(close)) {
          this.depth--;
          return this.skipGroup(t, before === this.pos);
        }
      }
      this.depth--;
      if (this.isOp(close)) this.pos++;
      const span = this.span(t, this.last());
      if (t.text === '(' && items.length === 1 && !trailingComma) return { ...items[0], ...span };
      return { k: 'tuple', items, bracket: t.text, ...span };
    }
    if (t.text === '{') return this.skipGroup(t);
    return at(t, t, { k: 'other' });
  }

  /** Skips to the bracket that closes `open` (a comprehension, a dict...): an `other` node. */
  private skipGroup(open: Token, stuck = false): Expr {
    let depth = 1;
    if (stuck && this.tok) this.pos++;
    while (this.tok && depth > 0) {
      const x = this.tok;
      if (x.kind === 'op') {
        if (x.text === '(' || x.text === '[' || x.text === '{') depth++;
        else if (CLOSERS.has(x.text)) depth--;
      }
      this.pos++;
    }
    return at(open, this.last(), { k: 'other' });
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.tok;
      if (!t || t.kind !== 'op') return e;
      if (t.text === '.') {
        const name = this.toks[this.pos + 1];
        if (this.pos + 1 >= this.end || name.kind !== 'name') return e;
        this.pos += 2;
        e = e.k === 'name' ? at(e, name, { k: 'name', id: `${e.id}.${name.text}` }) : at(e, name, { k: 'attr', obj: e, attr: name.text });
      } else if (t.text === '(') {
        this.pos++;
        if (this.depth++ > MAX_DEPTH) return this.skipGroup(t);
        const args: CallArg[] = [];
        while (this.tok && !this.isOp(')')) {
          const before = this.pos;
          const a = this.tok;
          const b = this.toks[this.pos + 1];
          let arg: CallArg;
          if (a.kind === 'name' && this.pos + 1 < this.end && b.kind === 'op' && b.text === '=') {
            this.pos += 2;
            arg = { key: a.text, keyTok: a, value: this.parse(false) };
          } else if (a.kind === 'op' && (a.text === '*' || a.text === '**')) {
            this.pos++;
            arg = { value: this.parse(false), star: true };
          } else arg = { value: this.parse(false) };
          args.push(arg);
          if (this.isOp(',')) this.pos++;
          else if (!this.isOp(')')) {
            // A generator argument or something unreadable: the call is `other`.
            this.depth--;
            const skipped = this.skipGroup(t, before === this.pos);
            return at(e, skipped, { k: 'other' });
          }
        }
        this.depth--;
        const close = this.isOp(')') ? this.tok : undefined;
        if (close) this.pos++;
        e = at(e, close ?? this.last(), { k: 'call', fn: e, args, open: t, close });
      } else if (t.text === '[') {
        this.pos++;
        const index = this.parse(true);
        if (this.isOp(']')) this.pos++;
        else return this.skipGroup(t);
        e = at(e, this.last(), { k: 'index', obj: e, index });
      } else return e;
    }
  }
}

function stringValue(text: string): string {
  let s = text.replace(/^[rRbBuUfF]+/, '');
  const q = s.slice(0, 3) === s[0].repeat(3) && s.length >= 6 ? 3 : 1;
  s = s.slice(q, s.length - q);
  return s;
}

/** The value of a constant integer/float expression (`16 * 5 * 5`), through `env` for names. */
export function evalNumber(e: Expr, env?: (name: string) => number | undefined): number | undefined {
  switch (e.k) {
    case 'num':
      return e.value;
    case 'name':
      return env?.(e.id);
    case 'unary': {
      const v = evalNumber(e.e, env);
      return v === undefined ? undefined : e.op === '-' ? -v : e.op === '+' ? v : undefined;
    }
    case 'bin': {
      const l = evalNumber(e.l, env);
      const r = evalNumber(e.r, env);
      if (l === undefined || r === undefined) return undefined;
      switch (e.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return r === 0 ? undefined : l / r;
        case '//':
          return r === 0 ? undefined : Math.floor(l / r);
        case '%':
          return r === 0 ? undefined : l - Math.floor(l / r) * r;
        case '**': {
          const p = l ** r;
          return Number.isFinite(p) ? p : undefined;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `nn.Conv2d` → `Conv2d`; the last part of a dotted name (or the name itself). */
export function lastPart(id: string): string {
  const dot = id.lastIndexOf('.');
  return dot < 0 ? id : id.slice(dot + 1);
}

/** The callee's dotted name (`nn.Conv2d`, `self.conv1`, `F.relu`), or undefined for `f()()`. */
export function calleeName(e: Expr): string | undefined {
  return e.k === 'call' && e.fn.k === 'name' ? e.fn.id : undefined;
}

/** A statement of one logical line, as the recognisers need it. */
export type Stmt =
  | { k: 'class'; name: string; nameTok: Token; bases: Expr[] }
  | { k: 'def'; name: string; nameTok: Token; params: { name: string; default?: Expr }[] }
  | { k: 'assign'; targets: Expr[]; value: Expr }
  | { k: 'return'; value?: Expr }
  | { k: 'expr'; value: Expr }
  | { k: 'import'; tokens: Token[] }
  | { k: 'control'; keyword: string }
  | { k: 'other' };

const CONTROL = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'async', 'match', 'case', 'lambda', 'global', 'nonlocal', 'del', 'raise', 'assert', 'yield', 'await', 'pass', 'break', 'continue']);

export function parseStatement(toks: Token[]): Stmt {
  const first = toks[0];
  if (!first) return { k: 'other' };
  if (first.kind === 'op' && first.text === '@') return { k: 'other' };
  if (first.kind === 'name') {
    if (first.text === 'class' && toks[1]?.kind === 'name') {
      const bases: Expr[] = [];
      if (toks[2]?.text === '(') {
        const p = new ExprParser(toks, 3);
        while (p.tok && !p.isOp(')')) {
          const before = p.pos;
          bases.push(p.parse(false));
          if (p.isOp(',')) p.pos++;
          else if (p.pos === before) p.pos++;
          else if (!p.isOp(')')) break;
        }
      }
      return { k: 'class', name: toks[1].text, nameTok: toks[1], bases };
    }
    if (first.text === 'def' && toks[1]?.kind === 'name') return { k: 'def', name: toks[1].text, nameTok: toks[1], params: parseParams(toks, 2) };
    if (first.text === 'import' || first.text === 'from') return { k: 'import', tokens: toks };
    if (first.text === 'return') {
      if (toks.length === 1) return { k: 'return' };
      const p = new ExprParser(toks, 1);
      const value = p.parse(true);
      return p.pos === toks.length ? { k: 'return', value } : { k: 'other' };
    }
    if (CONTROL.has(first.text)) return { k: 'control', keyword: first.text };
  }
  // target = target = value
  const targets: Expr[] = [];
  let p = new ExprParser(toks, 0);
  let e = p.parse(true);
  // An annotation `x: T = v` is skipped.
  if (p.isOp(':')) {
    p.pos++;
    p.parse(false);
    if (!p.isOp('=')) return { k: 'other' };
  }
  while (p.isOp('=')) {
    targets.push(e);
    p.pos++;
    const start = p.pos;
    p = new ExprParser(toks, start);
    e = p.parse(true);
  }
  if (p.pos !== toks.length) return { k: 'other' };
  if (targets.length) return { k: 'assign', targets, value: e };
  return { k: 'expr', value: e };
}

function parseParams(toks: Token[], from: number): { name: string; default?: Expr }[] {
  const params: { name: string; default?: Expr }[] = [];
  if (toks[from]?.text !== '(') return params;
  const p = new ExprParser(toks, from + 1);
  while (p.tok && !p.isOp(')')) {
    const t = p.tok;
    if (t.kind === 'name') {
      p.pos++;
      let def: Expr | undefined;
      if (p.isOp(':')) {
        p.pos++;
        p.parse(false);
      }
      if (p.isOp('=')) {
        p.pos++;
        def = p.parse(false);
      }
      params.push({ name: t.text, default: def });
    } else p.pos++;
    if (p.isOp(',')) p.pos++;
    else if (!p.isOp(')') && p.tok?.kind !== 'op') p.pos++;
  }
  return params;
}
