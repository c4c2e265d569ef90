/**
 * No user-facing sentence outside the catalogues in the files that render diagnostics, fix titles,
 * explanations and hover text: every string literal (template literals too, `${…}` removed) that
 * reads like English prose is a failure unless it is on the short allowlist below.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

const RENDERING_FILES = [
  'src/core/parse.ts',
  'src/core/resolve.ts',
  'src/core/analyze.ts',
  'src/features/pure/hover.ts',
  'src/features/pure/inlay.ts',
  'src/features/pure/status.ts',
  'src/features/pure/completion.ts',
  'src/features/pure/signature.ts',
  'src/features/pure/symbols.ts',
];

/** Literals that look like prose but are not shown as sentences (regular expressions, code). */
const ALLOWED: readonly string[] = [];

/** The string literals of a TypeScript source, comments skipped; `${…}` in templates dropped. */
export function stringLiterals(source: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < n && source[j] !== c && source[j] !== '\n') {
        if (source[j] === '\\') j++;
        text += source[j++];
      }
      out.push(text);
      i = j + 1;
    } else if (c === '`') {
      let j = i + 1;
      let text = '';
      while (j < n && source[j] !== '`') {
        if (source[j] === '\\') {
          text += source[j + 1];
          j += 2;
        } else if (source[j] === '$' && source[j + 1] === '{') {
          // Skip the expression, counting braces (nested templates inside are rare and short).
          let depth = 1;
          j += 2;
          while (j < n && depth > 0) {
            if (source[j] === '{') depth++;
            else if (source[j] === '}') depth--;
            j++;
          }
          text += ' ';
        } else text += source[j++];
      }
      out.push(text);
      i = j + 1;
    } else if (c === '/' && /[=(,:!&|?;{}[\n]\s*$/.test(source.slice(Math.max(0, i - 20), i))) {
      // A regular expression literal: skip it (its letters are not prose).
      let j = i + 1;
      let inClass = false;
      while (j < n && source[j] !== '\n') {
        if (source[j] === '\\') j++;
        else if (source[j] === '[') inClass = true;
        else if (source[j] === ']') inClass = false;
        else if (source[j] === '/' && !inClass) break;
        j++;
      }
      i = j + 1;
    } else i++;
  }
  return out;
}

/** Three words in a row, the second and third lower-case: a sentence, not an identifier or a formula. */
const PROSE = /\b[A-Za-z][a-z]+ [a-z]{2,} [a-z]{2,}\b/;

describe('no user-facing English outside the catalogues', () => {
  it('finds prose in a literal (the scan itself works)', () => {
    assert.deepEqual(stringLiterals("const a = 'Unknown layer here'; // not this one\nconst b = `The ${x} window is larger`;").filter((s) => PROSE.test(s)), ['Unknown layer here', 'The   window is larger']);
  });

  for (const file of RENDERING_FILES) {
    it(`${file}: every sentence goes through src/core/i18n`, () => {
      const prose = stringLiterals(readFileSync(join(root, file), 'utf8')).filter((s) => PROSE.test(s) && !ALLOWED.includes(s));
      assert.deepEqual(prose, []);
    });
  }

  // The catalogue's docs are English (src/core/catalogue.ts); src/core/i18n/docs.ts gives them in
  // the student's language. Reading `.doc`, `.shapeRule`, `.paramRule` or `.valueDocs` directly
  // in a file that renders text would show English to a Korean student.
  const CATALOGUE_TEXT = /\.(?:doc|shapeRule|paramRule|valueDocs)\b(?!\w)/;
  it('finds a catalogue doc read directly (the scan itself works)', () => {
    assert.ok(CATALOGUE_TEXT.test('markdown = `${init.label}: ${init.doc}`'));
    assert.ok(!CATALOGUE_TEXT.test('initializerDoc(init, lang) + def.docs'));
  });
  for (const file of [...RENDERING_FILES, 'src/core/explain.ts']) {
    it(`${file}: catalogue docs come through src/core/i18n/docs.ts`, () => {
      const code = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const lines = code.split('\n').filter((l) => CATALOGUE_TEXT.test(l)).map((l) => l.trim());
      assert.deepEqual(lines, []);
    });
  }
});
