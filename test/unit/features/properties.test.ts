/** Property tests: the pure feature code never throws on any line or spec, and its ranges are valid. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../../src/core';
import { completionsAt } from '../../../src/features/pure/completion';
import { hoverMarkdownAt, wordHoverMarkdownAt } from '../../../src/features/pure/hover';
import { inlayHintData } from '../../../src/features/pure/inlay';
import { quickFixesIn } from '../../../src/features/pure/quickfix';
import { signatureAt } from '../../../src/features/pure/signature';
import { codeLensData, statusBarText, summaryDocumentText } from '../../../src/features/pure/status';
import { documentSymbolData } from '../../../src/features/pure/symbols';

/** Lines built from spec-like pieces, so the generator reaches the interesting paths often. */
const piece = fc.constantFrom(
  'conv2d', 'Conv2D(', 'tf.keras.layers.Dense(', 'dense', 'maxpool2d', 'input', 'activation', 'relu', 'flatten', 'batchnorm',
  ' ', '  ', '64', '3x3', '(2, 2)', '32x32x3', 'padding=', 'same', "'same'", 'activation=', 'init=', 'normal(0.01)',
  'kernel_size=', 'use_bias=', ',', ')', '(', '=', '#', '"', "'", 'x', '\t', 'é', '→', '0.5', '-1',
);
const line = fc.oneof(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.string({ maxLength: 40 }));
const spec = fc.array(line, { maxLength: 12 }).map((lines) => ['input 32x32x3', ...lines].join('\n'));

describe('features: properties over arbitrary text', () => {
  it('completion, signature help and word hover never throw; ranges end at the cursor', () => {
    fc.assert(
      fc.property(line, fc.nat(), (text, n) => {
        const column = n % (text.length + 1);
        for (const item of completionsAt(text, column)) {
          assert.ok(item.replaceStart >= 0 && item.replaceStart <= item.replaceEnd && item.replaceEnd === column, JSON.stringify(item));
        }
        const sig = signatureAt(text, column);
        if (sig) {
          assert.ok(sig.activeParameter >= -1 && sig.activeParameter < Math.max(1, sig.parameters.length));
          for (const p of sig.parameters) assert.ok(0 <= p.label[0] && p.label[0] < p.label[1] && p.label[1] <= sig.label.length);
        }
        const word = wordHoverMarkdownAt(text, column);
        if (word) assert.ok(word.start <= column && column <= word.end && word.end <= text.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('hover, hints, outline, lenses, status, summary and fixes never throw on any spec', () => {
    fc.assert(
      fc.property(spec, (text) => {
        const a = analyze(text);
        const lines = text.split('\n');
        for (let l = 0; l < lines.length; l++) hoverMarkdownAt(a, l);
        for (const h of inlayHintData(a, (l) => lines[l] ?? '')) assert.ok(h.column <= (lines[h.line] ?? '').length);
        for (const s of documentSymbolData(a)) assert.ok(s.start <= s.selectionStart && s.selectionEnd <= s.end);
        codeLensData(a);
        statusBarText(a);
        summaryDocumentText(a, 'x.netspec');
        for (const f of quickFixesIn(a.diagnostics, 0, 0, lines.length, 0)) {
          assert.ok(f.edit.start <= f.edit.end && f.edit.end <= (lines[f.edit.line] ?? '').length, JSON.stringify(f));
        }
      }),
      { numRuns: 500 },
    );
  });
});
