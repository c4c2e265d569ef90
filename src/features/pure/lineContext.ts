/**
 * Where the cursor sits on a spec line, read from the text before it: which layer the line names,
 * in which form (netspec words or a pasted Keras call), and what the current token is. Completion
 * and signature help both start here. Tolerant by design: the line is usually half-typed.
 */
import { commentStart, findLayer, layerPrefix, type LayerDef } from '../../core';

/** The class and its "(" after any module prefix: `Conv2D(` in `tf.keras.layers.Conv2D(`. */
const CALL = /([A-Za-z_]\w*)\(/y;
const WORD = /^(\s*)([A-Za-z_][\w.]*)/;

export type LineContext =
  /** Typing the layer word itself: `con|`. */
  | { type: 'layer-word'; prefix: string; start: number }
  /** After the layer word. */
  | {
      type: 'args';
      form: 'words' | 'call';
      def: LayerDef;
      /** Layer word as written and where it starts. */
      word: string;
      /** The current argument up to the cursor (a `key=value` or a positional value), and where it starts. */
      token: string;
      tokenStart: number;
      /** Earlier complete arguments on the line. */
      previous: string[];
    }
  | { type: 'none' };

/**
 * Splits argument text into top-level pieces. Parentheses group (`(3, 5)` is one size); `separator`
 * is whitespace for the netspec form and `,` for a Keras call. Returns the pieces and the offset
 * where the last (current) piece starts.
 */
function splitArgs(text: string, separator: 'space' | 'comma'): { pieces: string[]; lastStart: number } {
  const pieces: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth === 0 && (separator === 'space' ? /\s/.test(c) : c === ',')) {
      const piece = text.slice(start, i).trim();
      if (piece) pieces.push(piece);
      start = i + 1;
    }
  }
  // The current piece begins after any blanks that follow the separator.
  while (start < text.length && /\s/.test(text[start])) start++;
  return { pieces, lastStart: start };
}

/**
 * `Dense(` behind any Keras module prefix the parser reads (`tensorflow.keras.layers.Dense(`): the
 * class and where its arguments start. PyTorch's prefixes are not Keras calls.
 */
function kerasCall(before: string): { word: string; argsStart: number } | undefined {
  let start = 0;
  while (start < before.length && /\s/.test(before[start])) start++;
  const prefix = layerPrefix(before, start);
  if (prefix && prefix.kind !== 'keras') return undefined;
  CALL.lastIndex = start + (prefix?.length ?? 0);
  const call = CALL.exec(before);
  return call ? { word: call[1], argsStart: CALL.lastIndex } : undefined;
}

export function lineContext(lineText: string, column: number): LineContext {
  const before = lineText.slice(0, Math.max(0, Math.min(column, lineText.length)));
  if (commentStart(before) < before.length) return { type: 'none' };

  const call = kerasCall(before);
  if (call) {
    const def = findLayer(call.word);
    if (!def) return { type: 'none' };
    const { pieces, lastStart } = splitArgs(before.slice(call.argsStart), 'comma');
    const tokenStart = call.argsStart + lastStart;
    return { type: 'args', form: 'call', def, word: call.word, token: before.slice(tokenStart), tokenStart, previous: pieces };
  }

  const word = WORD.exec(before);
  if (!word) {
    return /^\s*$/.test(before) ? { type: 'layer-word', prefix: '', start: before.length } : { type: 'none' };
  }
  const wordStart = word[1].length;
  const wordEnd = word[0].length;
  if (wordEnd === before.length) return { type: 'layer-word', prefix: word[2], start: wordStart };
  // Keras prefixes (`layers.Dense`) name the class after the last dot.
  const layerWord = word[2].slice(word[2].lastIndexOf('.') + 1);
  const def = findLayer(layerWord);
  if (!def) return { type: 'none' };
  const rest = before.slice(wordEnd);
  if (!/^\s/.test(rest)) return { type: 'none' };
  const { pieces, lastStart } = splitArgs(rest, 'space');
  const tokenStart = wordEnd + lastStart;
  return { type: 'args', form: 'words', def, word: layerWord, token: before.slice(tokenStart), tokenStart, previous: pieces };
}

/** `key=value` → [key, value] (quotes around the value removed); a positional value → undefined. */
export function splitKeyValue(token: string): { key: string; value: string; valueOffset: number; quote: string } | undefined {
  const m = /^([A-Za-z_]\w*)\s*=\s*(['"]?)/.exec(token);
  if (!m) return undefined;
  const rawValue = token.slice(m[0].length);
  return { key: m[1], value: rawValue.replace(/['"]$/, ''), valueOffset: m[0].length, quote: m[2] };
}

/** The positional arguments among earlier pieces (those that are not `key=value`). */
export function positionalCount(previous: readonly string[]): number {
  return previous.filter((p) => !splitKeyValue(p)).length;
}
