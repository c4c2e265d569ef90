/**
 * A Python tokenizer that knows just enough of the language to find model code: strings (single,
 * triple, any prefix), comments, brackets (implicit line joining), backslash continuations and
 * indentation. It splits the text into logical lines of tokens. Never throws: an unterminated
 * string ends at its line (or, when triple-quoted, at the end of the text); a stray closing
 * bracket is a plain operator. One pass over the characters, so any text stays fast.
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

export interface LogicalLine {
  tokens: Token[];
  /** Column of the first token on its physical line: Python's indentation. */
  indent: number;
  line: number;
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

export function tokenize(text: string): TokenizedText {
  const lines: LogicalLine[] = [];
  const comments: Comment[] = [];
  let current: Token[] = [];
  let currentIndent = 0;
  let currentLine = 0;
  let depth = 0;
  let line = 0;
  let lineStart = 0;
  const n = text.length;
  let i = 0;

  const finishLine = () => {
    if (current.length > 0) lines.push({ tokens: current, indent: currentIndent, line: currentLine });
    current = [];
    depth = 0;
  };
  const push = (kind: TokenKind, start: number, startLine: number, startCol: number) => {
    if (current.length === 0) {
      currentIndent = startCol;
      currentLine = startLine;
    }
    // One-character operators share interned strings: most tokens of a file are these.
    const tokenText = kind === 'op' && i - start === 1 ? (ONE_CHAR[text.charCodeAt(start)] ?? text[start]) : text.slice(start, i);
    current.push({ kind, text: tokenText, line: startLine, col: startCol, endLine: line, endCol: i - lineStart });
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
      comments.push({ line, col: start - lineStart, text: text.slice(start, i) });
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
  return { lines, comments };

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
