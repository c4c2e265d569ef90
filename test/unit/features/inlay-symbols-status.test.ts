import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, formatCount, formatSummary, summaryRows } from '../../../src/core';
import { inlayHintData, inlayHintLabel } from '../../../src/features/pure/inlay';
import { SUMMARY_DOCUMENT_COLUMNS, codeLensData, statusBarText, summaryDocumentText } from '../../../src/features/pure/status';
import { documentSymbolData } from '../../../src/features/pure/symbols';
import { example, exampleText, lineOf } from './helpers';

const lecture = example('lecture6-cifar.netspec');
const lectureText = exampleText('lecture6-cifar.netspec');

describe('features/inlay hints', () => {
  it('labels every lecture layer with its shape and parameters', () => {
    assert.deepEqual(lecture.layers.map((l) => inlayHintLabel(l)), [
      '→ 32×32×64 · 832 params',
      '→ 16×16×64 · 0 params',
      '→ 16384 · 0 params',
      '→ 10 · 163,850 params',
    ]);
  });

  it('puts each hint after the line text, on the layer lines only', () => {
    const hints = inlayHintData(lecture, (l) => lineOf(lectureText, l));
    assert.deepEqual(
      hints.map((h) => [h.line, h.column]),
      lecture.layers.map((l) => [l.line, lineOf(lectureText, l.line).trimEnd().length]),
    );
    assert.deepEqual(hints.map((h) => h.line), [2, 3, 4, 5]);
  });

  it('places the hint after a trailing comment and limits hints to the requested lines', () => {
    const text = 'input 4\ndense 3   # hidden  \ndense 1';
    const a = analyze(text);
    const hints = inlayHintData(a, (l) => lineOf(text, l), 1, 1);
    assert.deepEqual(hints, [
      { line: 1, column: 'dense 3   # hidden'.length, label: ' → 3 · 15 params', paddingLeft: true, tooltip: 'dense (Dense): (None, 3), params = (4 + 1)·3 = 15' },
    ]);
  });

  it('keeps a space between the code and the hint (paddingLeft alone reads as touching)', () => {
    const text = 'input 8\nrelu';
    const [hint] = inlayHintData(analyze(text), (l) => lineOf(text, l));
    assert.equal(hint.paddingLeft, true);
    assert.match(hint.label, /^ → 8 · 0 params$/);
    assert.equal(hint.column, 'relu'.length);
  });

  it('says 1 param, not 1 params, and ? for an unknown shape', () => {
    const one = analyze('input 1\ndense 1 use_bias=false');
    assert.equal(inlayHintLabel(one.layers[0]), '→ 1 · 1 param');
    const broken = analyze('input 8x8x1\nconv2d 4 9\nflatten');
    assert.equal(inlayHintLabel(broken.layers[broken.layers.length - 1]), '→ ? · ? params');
  });
});

describe('features/outline', () => {
  it('lists the input and each layer with Keras names and shapes as detail', () => {
    const symbols = documentSymbolData(lecture);
    assert.deepEqual(
      symbols.map((s) => [s.kind, s.name, s.detail, s.line]),
      [
        ['input', 'input', '32×32×3', 1],
        ['layer', 'conv2d (Conv2D)', '32×32×64 · 832 params', 2],
        ['layer', 'max_pooling2d (MaxPooling2D)', '16×16×64 · 0 params', 3],
        ['layer', 'flatten (Flatten)', '16384 · 0 params', 4],
        ['layer', 'dense (Dense)', '10 · 163,850 params', 5],
      ],
    );
  });

  it('keeps every selection range inside its full range (VS Code rejects it otherwise)', () => {
    for (const name of ['vgg16.netspec', 'keras-pasted.netspec', 'broken.netspec', 'activations.netspec']) {
      for (const s of documentSymbolData(example(name))) {
        assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end && s.selectionStart <= s.selectionEnd, `${name}: ${JSON.stringify(s)}`);
      }
    }
  });
});

describe('features/status bar, CodeLens, summary document', () => {
  it('status bar shows the total parameters', () => {
    const s = statusBarText(lecture);
    assert.equal(s.text, '$(symbol-numeric) 164,682 params');
    assert.match(s.tooltip, /164,682 params \(164,682 trainable, 0 non-trainable\)/);
  });

  it('status bar warns when the spec has errors', () => {
    const s = statusBarText(example('broken.netspec'));
    assert.ok(s.text.startsWith('$(warning) '), s.text);
    assert.match(s.tooltip, /3 errors/);
  });

  it('CodeLens on the input line: params, Show summary, Train on GPU', () => {
    assert.deepEqual(
      codeLensData(lecture).map((l) => [l.line, l.title, l.command]),
      [
        [1, '164,682 params', 'netlens.showSummary'],
        [1, 'Show summary', 'netlens.showSummary'],
        [1, '$(rocket) Train on GPU', 'netlens.train'],
      ],
    );
    assert.deepEqual(codeLensData(analyze('dense 3')), [], 'no input line, no lenses');
  });

  it('after an error the totals are unknown: "? params", not a partial sum', () => {
    const a = analyze('input 32x32x3\nconv2d 16 3\nconvv2d 64 3\nmaxpool2d 2\ndense 10');
    assert.deepEqual(codeLensData(a).map((l) => l.title).slice(0, 2), ['$(error) 1 error', '? params']);
    const s = statusBarText(a);
    assert.equal(s.text, '$(warning) ? params');
    assert.match(s.tooltip, /unknown until the errors are fixed/);
  });

  it('CodeLens leads with the error count when there are errors', () => {
    const first = codeLensData(example('broken.netspec'))[0];
    assert.deepEqual([first.title, first.command], ['$(error) 3 errors', 'workbench.actions.view.problems']);
  });

  it('summary document holds the Keras table and the problems with 1-based lines', () => {
    // Wide enough for Keras's table (65 characters): the table itself.
    const text = summaryDocumentText(lecture, 'lecture6-cifar.netspec', 'en', 100);
    assert.ok(text.includes('max_pooling2d (MaxPooling2D) (None, 16, 16, 64)        0'), text);
    assert.ok(text.includes('Total params: 164,682'), text);
    assert.ok(!text.includes('Problems:'), text);
    const broken = summaryDocumentText(example('broken.netspec'), 'broken.netspec', 'en', 200);
    assert.match(broken, /Problems:\n {2}line 8, column 20: warning: \(32 \+ 2·0 − 3\)\/2 \+ 1 = 15\.5 → 15/);
    assert.match(broken, /line 9, column 1: error: Unknown layer "convv2d"/);
  });

  it('summary document fits the column it opens in: every line within 44 characters, Param # on each row', () => {
    assert.equal(SUMMARY_DOCUMENT_COLUMNS, 44);
    for (const name of readdirSync(join(__dirname, '..', '..', '..', 'examples')).filter((n) => n.endsWith('.netspec'))) {
      const a = example(name);
      const text = summaryDocumentText(a, name);
      for (const line of text.split('\n')) assert.ok(line.length <= SUMMARY_DOCUMENT_COLUMNS, `${name}: ${line.length} > 44: ${line}`);
      assert.ok(text.includes('Param #'), name);
      // Every layer's name and its parameter count on one visible line, the count right-aligned.
      for (const row of summaryRows(a)) {
        const lines = text.split('\n');
        const oneLine = lines.find((l) => l.startsWith(`${row.layer} `) && l.endsWith(` ${row.params}`));
        const onShape = lines.find((l) => l.startsWith(`  → ${row.outputShape} `) && l.endsWith(` ${row.params}`));
        assert.ok(oneLine || onShape, `${name}: ${row.layer} … ${row.params}`);
        assert.ok(lines.includes(`  → ${row.outputShape}`) || onShape, `${name}: ${row.outputShape}`);
      }
      if (a.totalsKnown) assert.ok(text.includes(`Total params: ${formatCount(a.exactTotals.totalParams)}`), name);
    }
    const broken = summaryDocumentText(example('broken.netspec'), 'broken.netspec');
    assert.match(broken.replace(/\n {4}/g, ' '), /line 9, column 1: error: Unknown layer "convv2d"/, 'problems wrap, indented');
    // The CLI keeps Keras's exact table (formatSummary), 65 characters wide.
    assert.equal(formatSummary(lecture).split('\n')[1].length, 65);
  });
});
