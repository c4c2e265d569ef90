/**
 * A Python tokenizer that knows just enough of the language to find model code: strings (single,
 * triple, any prefix), comments, brackets (implicit line joining), backslash continuations and
 * indentation. It splits the text into logical lines of tokens. Never throws: an unterminated
 * string ends at its line (or, when triple-quoted, at the end of the text); a stray closing
 * bracket is a plain operator. One pass over the characters, so any text stays fast; a line's
 * tokens are made only when read (the pass allocated most of the reader's time in token objects
 * for lines that hold no model: bench/python.bench.mjs).
 */

export type TokenKind = 'name' | 'number' | 'string' | 'op';

export interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based line and UTF-16 column of the first character; `endLine`/`endCol` exclusive. */
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

/**
 * A logical line. Its tokens are made when first read: the one pass over the text records only
 * what the recognisers test on every line (the first token, an `=` after it, the names called),
 * so the many lines of a file that hold no model never become token objects.
 */
export interface LogicalLine {
  readonly tokens: Token[];
  /** Column of the first token on its physical line: Python's indentation. */
  indent: number;
  line: number;
  /** Where the last token ends (its physical line and column). */
  endLine: number;
  endCol: number;
  /** The first token's text. */
  first: string;
  /** `NAME = ...`: the first token is a name, the second is `=` and more follow. */
  assigns: boolean;
  /** Names directly followed by `(`, in order (`nn.Conv2d(` gives `Conv2d`). */
  called: string[];
  /** True when `word` appears in the line's text (a cheap test before reading its tokens). */
  contains(word: string): boolean;
}

export interface Comment {
  line: number;
  col: number;
  text: string;
}

export interface TokenizedText {
  lines: LogicalLine[];
  comments: Comment[];
}

const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdent = (c: number) => isIdentStart(c) || isDigit(c);

const ONE_CHAR: string[] = [];
for (let c = 33; c < 127; c++) ONE_CHAR[c] = String.fromCharCode(c);

/** Length of the operator at `i` (1 to 3 characters: `**=`, `//`, `->`, `...`), without slicing. */
function opLength(text: string, i: number, c: number): number {
  const d = text.charCodeAt(i + 1);
  const e = text.charCodeAt(i + 2);
  switch (c) {
    case 42: // *
    case 47: // /
    case 60: // <
    case 62: // >
      if (d === c || (c === 60 && d === 60) || (c === 62 && d === 62)) return e === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 46: // .
      return d === 46 && e === 46 ? 3 : 1;
    case 45: // -
      return d === 62 || d === 61 ? 2 : 1;
    case 61: // =
    case 33: // !
    case 43: // +
    case 37: // %
    case 38: // &
    case 124: // |
    case 94: // ^
    case 64: // @
    case 58: // :
      return d === 61 ? 2 : 1;
    default:
      return 1;
  }
}
/** String prefixes Python accepts (any case): r, b, u, f and their pairs. */
const STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

class Line implements LogicalLine {
  private made?: Token[];
  endLine = 0;
  endCol = 0;
  first = '';
  called: string[] = [];
  /** Tokens seen in the pass, counted up to 3 (enough for `assigns`). */
  count = 0;
  firstIsName = false;
  secondIsEquals = false;
  /** Offset just after the last token. */
  to = 0;
  constructor(
    private readonly text: string,
    readonly from: number,
    readonly line: number,
    private readonly lineStart: number,
    readonly indent: number,
  ) {}
  get assigns(): boolean {
    return this.firstIsName && this.secondIsEquals && this.count > 2;
  }
  get tokens(): Token[] {
    return (this.made ??= run(this.text, this.from, this.to, this.line, this.lineStart, undefined).tokens);
  }
  contains(word: string): boolean {
    // Bounded to the line: indexOf would run on to the word's next use anywhere in the text.
    const first = word.charCodeAt(0);
    const last = this.to - word.length;
    for (let k = this.from; k <= last; k++) if (this.text.charCodeAt(k) === first && this.text.startsWith(word, k)) return true;
    return false;
  }
}

export function tokenize(text: string): TokenizedText {
  const lines: Line[] = [];
  const comments: Comment[] = [];
  run(text, 0, text.length, 0, 0, { lines, comments });
  return { lines, comments };
}

/**
 * The tokenizer's one state machine. With `pass`, it splits the whole text into logical lines and
 * comments, making no token objects; without, it makes the tokens of one logical line (`from` is
 * its first token, where the state is always the same: outside strings, no open bracket).
 */
function run(text: string, from: number, n: number, firstLine: number, firstLineStart: number, pass: { lines: Line[]; comments: Comment[] } | undefined): { tokens: Token[] } {
  const tokens: Token[] = [];
  let current: Line | undefined;
  let depth = 0;
  let line = firstLine;
  let lineStart = firstLineStart;
  let i = from;
  // The previous token of the pass: a name (its span) when a `(` may follow.
  let nameStart = -1;
  let nameEnd = -1;

  const finishLine = () => {
    current = undefined;
    depth = 0;
    nameStart = -1;
  };
  const push = (kind: TokenKind, start: number, startLine: number, startCol: number) => {
    if (!pass) {
      // One-character operators share interned strings: most tokens of a file are these.
      const tokenText = kind === 'op' && i - start === 1 ? (ONE_CHAR[text.charCodeAt(start)] ?? text[start]) : text.slice(start, i);
      tokens.push({ kind, text: tokenText, line: startLine, col: startCol, endLine: line, endCol: i - lineStart });
      return;
    }
    let l = current;
    if (!l) {
      l = current = new Line(text, start, startLine, start - startCol, startCol);
      pass.lines.push(l);
      l.first = kind === 'op' && i - start === 1 ? (ONE_CHAR[text.charCodeAt(start)] ?? text[start]) : text.slice(start, i);
      l.firstIsName = kind === 'name';
    } else if (l.count === 1) l.secondIsEquals = kind === 'op' && i - start === 1 && text.charCodeAt(start) === 61;
    if (l.count < 3) l.count++;
    l.to = i;
    l.endLine = line;
    l.endCol = i - lineStart;
    // A name directly followed by `(` is a call (the previous token of this line was that name).
    if (nameStart >= 0 && kind === 'op' && i - start === 1 && text.charCodeAt(start) === 40) l.called.push(text.slice(nameStart, nameEnd));
    if (kind === 'name') {
      nameStart = start;
      nameEnd = i;
    } else nameStart = -1;
  };
  const newline = () => {
    line++;
    lineStart = i;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      newline();
      if (depth === 0) finishLine();
      continue;
    }
    if (c === 32 || c === 9 || c === 12) {
      i++;
      continue;
    }
    if (c === 35) {
      // '#': a comment to the end of the line.
      const start = i;
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      pass?.comments.push({ line, col: start - lineStart, text: text.slice(start, i) });
      continue;
    }
    if (c === 92) {
      // A backslash continuation joins the next line; elsewhere a stray operator.
      const next = text.charCodeAt(i + 1);
      if (next === 10 || next === 13) {
        i += next === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
        newline();
        continue;
      }
    }
    const startLine = line;
    const startCol = i - lineStart;
    const start = i;
    if (isIdentStart(c)) {
      while (i < n && isIdent(text.charCodeAt(i))) i++;
      const q = text.charCodeAt(i);
      if ((q === 39 || q === 34) && i - start <= 2 && STRING_PREFIX.test(text.slice(start, i))) {
        readString(q);
        push('string', start, startLine, startCol);
      } else push('name', start, startLine, startCol);
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isIdent(d) || d === 46) i++;
        else if ((d === 43 || d === 45) && (text.charCodeAt(i - 1) | 32) === 101 && !/^0[xX]/.test(text.slice(start, i))) i++;
        else break;
      }
      push('number', start, startLine, startCol);
      continue;
    }
    if (c === 39 || c === 34) {
      readString(c);
      push('string', start, startLine, startCol);
      continue;
    }
    i += opLength(text, i, c);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    push('op', start, startLine, startCol);
  }
  finishLine();
  return { tokens };

  /** From the opening quote at `i`: to the matching close, the line's end, or the text's end. */
  function readString(quote: number): void {
    const triple = text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote;
    i += triple ? 3 : 1;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 92) {
        // An escape (also a backslash-newline inside the string).
        const e = text.charCodeAt(i + 1);
        i += 2;
        if (e === 13 && text.charCodeAt(i) === 10) i++;
        if (e === 10 || e === 13) newline();
        continue;
      }
      if (d === 10 || d === 13) {
        if (!triple) return; // unterminated: the string ends with its line
        i += d === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        newline();
        continue;
      }
      i++;
      if (d === quote && (!triple || (text.charCodeAt(i) === quote && text.charCodeAt(i + 1) === quote))) {
        if (triple) i += 2;
        return;
      }
    }
  }
}

/** True when the text imports Keras, TensorFlow or PyTorch (the cheap check before any scan). */
export function importsFramework(text: string): boolean {
  return /^[ \t]*(?:import|from)[ \t]+(?:torch|tensorflow|keras|tf_keras)\b/m.test(text);
}
