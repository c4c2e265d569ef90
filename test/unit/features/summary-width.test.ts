/**
 * The summary document measured in display columns: in Korean every line of every example's
 * narrow summary fits the 44 columns of an editor opened beside the spec (Hangul takes two
 * columns), Keras's table lines up around a Hangul name, and the English output is byte for byte
 * what the character-counting layout printed (./legacySummary.ts, the oracle).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, displayWidth, formatSummary, formatSummaryNarrow, type Analysis } from '../../../src/core';
import { SUMMARY_DOCUMENT_COLUMNS, summaryDocumentText } from '../../../src/features/pure/status';
import { legacyFormatSummary, legacyFormatSummaryNarrow, legacySummaryDocumentText } from './legacySummary';
import { HANGUL } from '../korean';

const examples = join(__dirname, '..', '..', '..', 'examples');
const specs = readdirSync(examples)
  .filter((f) => f.endsWith('.netspec'))
  .map((file) => ({ file, text: readFileSync(join(examples, file), 'utf8') }));

/** Extra specs: no input, no layers, errors above unknown totals, a very long line of layers. */
const EXTRA = [
  '',
  'input 32x32x3\n',
  'conv2d 32 3\n',
  'input 28x28x1\nconv2d 8 3\nbatchnorm\nconv2d 8 3 padding=same\nflatten\ndense 10 activation=softmax\n',
  `input 32x32x3\n${'conv2d 4 1 padding=same\n'.repeat(60)}flatten\ndense 1\n`,
  'input 8x8x1\nconvv2d 8 3\ndense 10\n',
];

function overflowing(text: string, columns: number): string[] {
  return text.split('\n').filter((l) => displayWidth(l) > columns);
}

describe('summary document: display columns', () => {
  for (const { file, text } of specs) {
    it(`${file}: every line of the Korean summary fits ${SUMMARY_DOCUMENT_COLUMNS} display columns`, () => {
      const doc = summaryDocumentText(analyze(text, { lang: 'ko' }), file, 'ko');
      assert.match(doc, HANGUL);
      assert.deepEqual(overflowing(doc, SUMMARY_DOCUMENT_COLUMNS), []);
    });
  }

  it('a Korean file name and narrower columns fit too', () => {
    for (const { text } of specs) {
      for (const columns of [40, 44, 60]) {
        const doc = summaryDocumentText(analyze(text, { lang: 'ko' }), '강의 6 모델.netspec', 'ko', columns);
        assert.deepEqual(overflowing(doc, columns), [], `${columns} columns`);
      }
    }
  });

  it('the character-counting layout did overflow in Korean (what this fixes)', () => {
    const broken = specs.find((s) => s.file === 'broken.netspec')!;
    const old = legacySummaryDocumentText(analyze(broken.text, { lang: 'ko' }), broken.file, 'ko');
    assert.ok(overflowing(old, SUMMARY_DOCUMENT_COLUMNS).length > 0, old);
  });

  it('English output is byte-identical to the character-counting layout (examples and extra specs, several widths)', () => {
    const all = [...specs, ...EXTRA.map((text, i) => ({ file: `extra-${i}.netspec`, text }))];
    for (const { file, text } of all) {
      const a = analyze(text);
      for (const columns of [30, 44, 65, 80]) {
        assert.equal(summaryDocumentText(a, file, 'en', columns), legacySummaryDocumentText(a, file, 'en', columns), `${file} at ${columns}`);
      }
      assert.equal(formatSummary(a), legacyFormatSummary(a), file);
      assert.equal(formatSummary(a, { modelName: 'lecture6' }), legacyFormatSummary(a, { modelName: 'lecture6' }), file);
      for (const [width, maxWidth] of [[40, 44], [20, 30], [40, Infinity]]) {
        assert.equal(formatSummaryNarrow(a, { width, maxWidth }), legacyFormatSummaryNarrow(a, { width, maxWidth }), `${file} narrow ${width}/${maxWidth}`);
      }
    }
  });

  it('Keras\'s table and its narrow form line up around a name in Hangul', () => {
    const english = analyze(specs.find((s) => s.file === 'lecture6-cifar.netspec')!.text);
    const named: Analysis = { ...english, layers: english.layers.map((l, i) => (i === 0 ? { ...l, name: '합성곱_레이어_하나' } : l)) };
    const table = formatSummary(named).split('\n');
    // "Output Shape" and each row's shape start at the same display column.
    const column = (line: string, what: string) => displayWidth(line.slice(0, line.indexOf(what)));
    const header = table.find((l) => l.startsWith('Layer (type)'))!;
    const row = table.find((l) => l.startsWith('합성곱_레이어_하나'))!;
    assert.equal(column(row, '(None, 32, 32, 64)'), column(header, 'Output Shape'));
    assert.equal(column(row, '832'), column(header, 'Param #'));
    // Every rule is as wide as the widest row.
    const rules = table.filter((l) => /^[_=]+$/.test(l));
    assert.ok(rules.every((r) => r.length === rules[0].length && displayWidth(row) <= r.length));
    const narrow = formatSummaryNarrow(named, { width: 40, maxWidth: 44 }).split('\n');
    const first = narrow.find((l) => l.startsWith('합성곱'))!;
    assert.equal(displayWidth(first), 40);
    assert.ok(first.endsWith(' 832'), first);
  });

  it('the narrow form\'s note on unknown totals follows the language; Keras\'s table stays Keras\'s', () => {
    const a = analyze('input 8x8x1\nconvv2d 8 3\ndense 10\n', { lang: 'ko' });
    assert.match(formatSummaryNarrow(a, { lang: 'ko' }), /^Total params: \? \(오류를 먼저 고치세요\)$/m);
    assert.match(formatSummaryNarrow(a), /^Total params: \? \(fix the errors first\)$/m);
    assert.match(formatSummary(a), /^Total params: \? \(fix the errors to count them\)$/m);
  });
});
