/**
 * No user-facing sentence outside the catalogues in the files that render diagnostics, fix titles,
 * explanations and hover text: every string literal (template literals too, `${…}` removed) that
 * reads like English prose is a failure unless it is on the short allowlist below.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringLiterals } from '../stringLiterals';

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
  'src/features/pure/python.ts',
  // The Python reader: why a shape is unknown, the words around PyTorch's formulas, the Train on GPU header.
  'src/core/python/reader.ts',
  'src/core/python/keras.ts',
  'src/core/python/torch.ts',
  'src/core/python/torchLayers.ts',
  'src/core/python/torchTrain.ts',
];

/** Literals that look like prose but are not shown as sentences (regular expressions, code). */
const ALLOWED: readonly string[] = [];

/** Three words in a row, the second and third lower-case: a sentence, not an identifier or a formula. */
const PROSE = /\b[A-Za-z][a-z]+ [a-z]{2,} [a-z]{2,}\b/;

describe('no user-facing English outside the catalogues', () => {
  it('finds prose in a literal (the scan itself works)', () => {
    assert.deepEqual(stringLiterals("const a = 'Unknown layer here'; // not this one\nconst b = `The ${x} window is larger`;").filter((s) => PROSE.test(s)), ['Unknown layer here', 'The   window is larger']);
    // A literal inside a template's `${…}` is scanned too.
    assert.deepEqual(stringLiterals("const c = `params = ${n} (one slope ${n === 1 ? 'shared by all channels' : `per ${'each channel'}`})`;").filter((s) => PROSE.test(s)), ['shared by all channels']);
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
