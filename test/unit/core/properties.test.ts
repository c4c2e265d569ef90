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
import { batchnormParams, convParams, denseParams, maxoutParams, product, windowOutput } from './keras-rules';

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
      { numRuns: 400 },
    );
  });

  it('never throws on token soup built from the language', () => {
    fc.assert(
      fc.property(tokenSoup, (text) => checkWellFormed(text, analyze(text))),
      { numRuns: 600 },
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
      { numRuns: 400 },
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
    type Op =
      | { t: 'conv'; f: number; kh: number; kw: number; sh: number; sw: number; pad: 'valid' | 'same' | number; dil: number; bias: boolean }
      | { t: 'pool'; kind: 'maxpool2d' | 'avgpool2d'; ph: number; pw: number; stride?: number; pad: 'valid' | 'same' }
      | { t: 'zeropad'; p: number; q: number }
      | { t: 'bn' | 'dropout' | 'relu' | 'prelu' | 'act' }
      | { t: 'flatten' | 'gap' }
      | { t: 'dense'; units: number; bias: boolean }
      | { t: 'maxout'; units: number; pieces: number };

    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        t: fc.constant('conv' as const),
        f: fc.integer({ min: 1, max: 8 }),
        kh: fc.integer({ min: 1, max: 5 }),
        kw: fc.integer({ min: 1, max: 5 }),
        sh: fc.integer({ min: 1, max: 3 }),
        sw: fc.integer({ min: 1, max: 3 }),
        pad: fc.oneof(fc.constantFrom('valid' as const, 'same' as const), fc.integer({ min: 1, max: 2 })),
        dil: fc.integer({ min: 1, max: 2 }),
        bias: fc.boolean(),
      }),
      fc.record({
        t: fc.constant('pool' as const),
        kind: fc.constantFrom('maxpool2d' as const, 'avgpool2d' as const),
        ph: fc.integer({ min: 1, max: 3 }),
        pw: fc.integer({ min: 1, max: 3 }),
        stride: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        pad: fc.constantFrom('valid' as const, 'same' as const),
      }),
      fc.record({ t: fc.constant('zeropad' as const), p: fc.integer({ min: 1, max: 2 }), q: fc.integer({ min: 1, max: 2 }) }),
      fc.record({ t: fc.constantFrom('bn' as const, 'dropout' as const, 'relu' as const, 'prelu' as const, 'act' as const) }),
      fc.record({ t: fc.constantFrom('flatten' as const, 'gap' as const) }),
      fc.record({ t: fc.constant('dense' as const), units: fc.integer({ min: 1, max: 64 }), bias: fc.boolean() }),
      fc.record({ t: fc.constant('maxout' as const), units: fc.integer({ min: 1, max: 16 }), pieces: fc.integer({ min: 2, max: 3 }) }),
    );

    /** Writes the spec line for `op` on `shape` and the oracle's result, or undefined when Keras would reject it. */
    function step(op: Op, shape: number[]): { line: string; out: number[]; params: number; frozen: number } | undefined {
      const spatial = shape.length === 3;
      switch (op.t) {
        case 'conv': {
          if (!spatial) return undefined;
          // Keras rejects strides > 1 together with dilation > 1.
          const dil = op.sh > 1 || op.sw > 1 ? 1 : op.dil;
          const pad: 'valid' | 'same' | [number, number] = typeof op.pad === 'number' ? [op.pad, op.pad] : op.pad;
          const oh = windowOutput(shape[0], op.kh, op.sh, pad, dil);
          const ow = windowOutput(shape[1], op.kw, op.sw, pad, dil);
          if (oh < 1 || ow < 1) return undefined;
          return {
            line: `conv2d ${op.f} ${op.kh}x${op.kw} stride=${op.sh}x${op.sw} padding=${op.pad} dilation=${dil} use_bias=${op.bias}`,
            out: [oh, ow, op.f],
            params: convParams(op.kh, op.kw, shape[2], op.f, op.bias),
            frozen: 0,
          };
        }
        case 'pool': {
          if (!spatial) return undefined;
          const sh = op.stride ?? op.ph;
          const sw = op.stride ?? op.pw;
          const oh = windowOutput(shape[0], op.ph, sh, op.pad);
          const ow = windowOutput(shape[1], op.pw, sw, op.pad);
          if (oh < 1 || ow < 1) return undefined;
          const stride = op.stride === undefined ? '' : ` stride=${op.stride}`;
          return { line: `${op.kind} ${op.ph}x${op.pw}${stride} padding=${op.pad}`, out: [oh, ow, shape[2]], params: 0, frozen: 0 };
        }
        case 'zeropad':
          if (!spatial) return undefined;
          return { line: `zeropad2d ${op.p}x${op.q}`, out: [shape[0] + 2 * op.p, shape[1] + 2 * op.q, shape[2]], params: 0, frozen: 0 };
        case 'bn': {
          const [t, f] = batchnormParams(shape[shape.length - 1]);
          return { line: 'batchnorm', out: shape, params: t + f, frozen: f };
        }
        case 'dropout':
          return { line: 'dropout 0.3', out: shape, params: 0, frozen: 0 };
        case 'relu':
          return { line: 'relu', out: shape, params: 0, frozen: 0 };
        case 'act':
          return { line: 'activation tanh', out: shape, params: 0, frozen: 0 };
        case 'prelu':
          return { line: 'prelu', out: shape, params: product(shape), frozen: 0 };
        case 'flatten':
          if (!spatial) return undefined;
          return { line: 'flatten', out: [product(shape)], params: 0, frozen: 0 };
        case 'gap':
          if (!spatial) return undefined;
          return { line: 'globalavgpool2d', out: [shape[2]], params: 0, frozen: 0 };
        case 'dense':
          if (spatial) return undefined; // dense on a tensor warns; tested on its own
          return { line: `dense ${op.units} use_bias=${op.bias}`, out: [op.units], params: denseParams(shape[0], op.units, op.bias), frozen: 0 };
        case 'maxout':
          if (spatial) return undefined;
          return { line: `maxout ${op.units} pieces=${op.pieces}`, out: [op.units], params: maxoutParams(shape[0], op.units, op.pieces), frozen: 0 };
      }
    }

    it('shapes chain, params and totals match; no errors', () => {
      const inputArb = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 4 }));
      fc.assert(
        fc.property(inputArb, fc.array(opArb, { minLength: 1, maxLength: 14 }), ([h, w, c], ops) => {
          const lines = [`input ${h}x${w}x${c}`];
          const expected: Array<{ out: number[]; params: number; frozen: number }> = [];
          let shape = [h, w, c];
          for (const op of ops) {
            const s = step(op, shape);
            if (!s) continue;
            lines.push(s.line);
            expected.push(s);
            shape = s.out;
          }
          const text = lines.join('\n');
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
        { numRuns: 300 },
      );
    });
  });
});
