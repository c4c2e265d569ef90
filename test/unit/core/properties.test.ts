/**
 * Property tests (fast-check): analyze() never throws and returns well-formed data on any text,
 * on mutations of the real examples, and on random valid layer stacks, where every shape and
 * parameter count must equal the independent Keras oracle (keras-rules.ts).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze, formatSummary } from '../../../src/core';
import type { Analysis } from '../../../src/core/types';
import { product } from './keras-rules';
import { buildStack, inputArb, opsArb } from './random-stacks';

/** NETLENS_FC_RUNS=10 runs every property ten times as long (a deeper search, off CI). */
const scale = Math.max(1, Number(process.env.NETLENS_FC_RUNS) || 1);
const runs = (n: number) => ({ numRuns: n * scale });

/** Lines as VS Code counts them (\r\n, \r and \n all end a line). */
const editorLines = (text: string) => text.split(/\r\n|\r|\n/);

/** Structural invariants every analysis must keep, whatever the text. */
function checkWellFormed(text: string, a: Analysis): void {
  const lines = editorLines(text);
  assert.ok(Array.isArray(a.layers) && Array.isArray(a.diagnostics));
  for (const d of a.diagnostics) {
    assert.ok(Number.isInteger(d.line) && d.line >= 0 && d.line < lines.length, `line out of text: ${JSON.stringify(d)}`);
    assert.ok(Number.isInteger(d.start) && Number.isInteger(d.end), JSON.stringify(d));
    assert.ok(d.start >= 0 && d.start <= d.end && d.end <= lines[d.line].length, `range outside its line: ${JSON.stringify(d)} in ${JSON.stringify(lines[d.line])}`);
    assert.ok(typeof d.message === 'string' && d.message.length > 0);
    assert.ok(['error', 'warning', 'info'].includes(d.severity));
  }
  let sum = 0;
  for (const l of a.layers) {
    for (const n of [l.params, l.trainableParams, l.nonTrainableParams, l.macs, l.activationBytes]) {
      assert.ok(Number.isFinite(n) && Number.isInteger(n) && n >= 0, `bad count ${n} in ${l.name}`);
    }
    assert.ok(l.line >= 0 && l.line < lines.length);
    assert.ok(l.span.start >= 0 && l.span.end <= lines[l.line].length, `span outside line: ${JSON.stringify(l.span)}`);
    if (l.outputShape) assert.ok(l.outputShape.every((x) => Number.isSafeInteger(x) && x > 0), `shape ${l.outputShape}`);
    sum += l.params;
  }
  assert.equal(a.totalParams, sum);
  assert.equal(a.hasErrors, a.diagnostics.some((d) => d.severity === 'error'));
  assert.equal(typeof formatSummary(a), 'string');
}

const examples = readdirSync(join(__dirname, '..', '..', '..', 'examples'))
  .filter((f) => f.endsWith('.netspec'))
  .map((f) => readFileSync(join(__dirname, '..', '..', '..', 'examples', f), 'utf8'));

/** Words and symbols of the language, so random token soup reaches deep into the parser. */
const tokens = [
  'input', 'conv2d', 'Conv2D(', 'maxpool2d', 'avgpool2d', 'dense', 'Dense(', 'flatten', 'dropout', 'batchnorm',
  'prelu', 'leaky_relu', 'elu', 'maxout', 'activation', 'zeropad2d', 'globalavgpool2d', 'layers.', 'tf.keras.layers.',
  'kernel=', 'kernel_size=', 'stride=', 'strides=', 'padding=', 'same', 'valid', "'same'", 'dilation=', 'units=',
  'activation=', 'relu', 'tanh', 'init=', 'normal(', 'xavier', 'use_bias=', 'False', 'pieces=', 'rate=', 'shape=',
  '32x32x3', '3x5', '(3, 5)', '(', ')', ',', '=', "'", '"', '#', '0', '1', '2', '3', '-1', '0.5', '1e309', 'NaN',
  '99999999999', '1e-9', 'x', '\n', '\r\n', '\r', '\t', ' ', '  ', '\u00a0', 'é', '😀',
];
const tokenSoup = fc.array(fc.constantFrom(...tokens), { maxLength: 60 }).map((t) => t.join(' '));

describe('core properties (fast-check)', () => {
  it('never throws on arbitrary strings (any code units, any length up to 400)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => checkWellFormed(text, analyze(text))),
      runs(400),
    );
  });

  it('never throws on token soup built from the language', () => {
    fc.assert(
      fc.property(tokenSoup, (text) => checkWellFormed(text, analyze(text))),
      runs(600),
    );
  });

  it('never throws on random mutations of the examples', () => {
    const edit = fc.record({
      at: fc.nat(),
      del: fc.nat({ max: 8 }),
      insert: fc.oneof(fc.constantFrom(...tokens), fc.string({ unit: 'grapheme-ascii', maxLength: 4 })),
    });
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(edit, { minLength: 1, maxLength: 6 }), (base, edits) => {
        let text = base;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.del);
        }
        checkWellFormed(text, analyze(text));
      }),
      runs(400),
    );
  });

  it('handles huge and degenerate values without hanging or overflowing', () => {
    for (const text of [
      'input 99999999999x99999999999x99999999999\nconv2d 99999999 3\nflatten\ndense 99999999',
      'input 1e309\ndense 1e309',
      'input 32x32x3\nconv2d 8 99999999999',
      'input 32x32x3\n' + 'zeropad2d 100000\n'.repeat(50) + 'flatten\ndense 100000',
      'input 8\n' + 'dense 8\n'.repeat(5000),
      '('.repeat(10000),
      'input ' + 'x'.repeat(100000),
      'conv2d ' + '3x'.repeat(20000) + '3',
      'Dense(' + 'units='.repeat(5000) + ')',
      '\u0000\uffff\ud800',
    ]) {
      checkWellFormed(text, analyze(text));
    }
  });

  it('never shows silently imprecise counts: beyond 2^53 it reports an error instead', () => {
    const text = 'input 32x32x3\n' + 'zeropad2d 100000\n'.repeat(50) + 'flatten\ndense 100000';
    const a = analyze(text);
    const exact = a.layers.every((l) => Number.isSafeInteger(l.params) && Number.isSafeInteger(l.macs) && Number.isSafeInteger(l.activationBytes));
    assert.ok(exact || a.hasErrors, `params ${a.layers.map((l) => l.params).join(', ')} without an error`);
  });

  describe('random valid stacks equal the Keras oracle', () => {
    it('shapes chain, params and totals match; no errors', () => {
      const seen = { cases: 0, layers: 0, convs: 0 };
      fc.assert(
        fc.property(inputArb, opsArb, ([h, w, c], ops) => {
          const { lines, text, expected } = buildStack([h, w, c], ops);
          seen.cases++;
          seen.layers += expected.length;
          seen.convs += lines.filter((l) => l.startsWith('conv2d')).length;
          const a = analyze(text);
          checkWellFormed(text, a);
          const errs = a.diagnostics.filter((d) => d.severity === 'error');
          assert.deepEqual(errs, [], text);
          // Only warnings Keras would not raise: an uneven stride is legal (it floors).
          for (const d of a.diagnostics.filter((x) => x.severity === 'warning')) assert.equal(d.code, 'uneven-stride', `${text}\n${JSON.stringify(d)}`);
          assert.equal(a.layers.length, expected.length, text);
          let prev: number[] = [h, w, c];
          a.layers.forEach((l, i) => {
            assert.deepEqual(l.inputShape, prev, `${text}\nlayer ${i} input`);
            assert.deepEqual(l.outputShape, expected[i].out, `${text}\nlayer ${i} (${lines[i + 1]}) shape`);
            assert.equal(l.params, expected[i].params, `${text}\nlayer ${i} (${lines[i + 1]}) params`);
            assert.equal(l.nonTrainableParams, expected[i].frozen, `${text}\nlayer ${i} frozen`);
            assert.equal(l.activationBytes, product(expected[i].out) * 4);
            prev = expected[i].out;
          });
          assert.equal(a.totalParams, expected.reduce((s, e) => s + e.params, 0));
        }),
        runs(300),
      );
      // The generator must really build deep stacks, or this property proves little.
      assert.ok(seen.layers / seen.cases >= 4, `only ${(seen.layers / seen.cases).toFixed(1)} layers per stack`);
      assert.ok(seen.convs >= seen.cases, `only ${seen.convs} conv layers in ${seen.cases} stacks`);
      console.log(`      (${seen.cases} stacks, ${(seen.layers / seen.cases).toFixed(1)} layers and ${(seen.convs / seen.cases).toFixed(1)} conv2d each on average)`);
    });
  });
});
