/**
 * Every diagnostic code of src/core/types.ts: the line, the columns, the severity and a message
 * a student understands. Also error recovery: one bad line never hides the others.
 */
import assert from 'node:assert/strict';
import type { DiagnosticCode } from '../../../src/core/types';
import { analyze } from '../../../src/core';
import { assertRangeWithin, columnsOf, diag, errors, layerOn, run } from './helpers';

/** Runs `lines`, finds `code` on 0-based `line`, checks its range lies inside `token`. */
function expectDiag(lines: string[], code: DiagnosticCode, line: number, token: string | undefined, severity: 'error' | 'warning' | 'info' | 'warning|info') {
  const a = run(...lines);
  const found = a.diagnostics.filter((d) => d.code === code && d.line === line);
  assert.ok(found.length >= 1, `expected '${code}' on line ${line}, got ${JSON.stringify(a.diagnostics)}`);
  const d = found[0];
  if (severity === 'warning|info') assert.ok(d.severity === 'warning' || d.severity === 'info', `severity ${d.severity}`);
  else assert.equal(d.severity, severity);
  const text = lines[line];
  assertRangeWithin(d, line, token === undefined ? [0, Math.max(text.length, 1)] : columnsOf(text, token));
  assert.ok(d.message.length > 10, `message too short: ${d.message}`);
  return { a, d };
}

describe('core: diagnostics, one per code', () => {
  it('syntax: an unbalanced bracket', () => {
    const { a } = expectDiag(['input 32x32x3', 'conv2d 64 (3, 5'], 'syntax', 1, undefined, 'error');
    assert.equal(a.hasErrors, true);
  });

  it('syntax: a stray character', () => {
    expectDiag(['input 8', 'dense 10 @'], 'syntax', 1, '@', 'error');
  });

  it('unknown-layer covers exactly the word and suggests the closest name', () => {
    const { d } = expectDiag(['input 32x32x3', 'convv2d 64 3'], 'unknown-layer', 1, 'convv2d', 'error');
    assert.deepEqual([d.start, d.end], [0, 7]);
    assert.match(d.message, /convv2d/);
    assert.match(d.message, /did you mean/i);
    assert.match(d.message, /conv2d/i);
  });

  it('unknown-layer after indentation: columns follow the text', () => {
    const { d } = expectDiag(['input 8', '    dens 10'], 'unknown-layer', 1, 'dens', 'error');
    assert.deepEqual([d.start, d.end], [4, 8]);
    assert.match(d.message, /dense/);
  });

  it('unknown-layer far from every name gives no silly suggestion', () => {
    const { d } = expectDiag(['input 8', 'qqqqqqqqqq 3'], 'unknown-layer', 1, 'qqqqqqqqqq', 'error');
    assert.doesNotMatch(d.message, /did you mean/i);
  });

  it('unknown-key with a suggestion', () => {
    const { d } = expectDiag(['input 32x32x3', 'maxpool2d 2 strid=2'], 'unknown-key', 1, 'strid=2', 'error');
    assert.match(d.message, /strid/);
    assert.match(d.message, /stride/);
  });

  it('unknown-activation with a suggestion', () => {
    const { d } = expectDiag(['input 8', 'dense 10 activation=relux'], 'unknown-activation', 1, 'relux', 'error');
    assert.match(d.message, /relux/);
    assert.match(d.message, /did you mean/i);
    assert.match(d.message, /\brelu\b/);
  });

  it('unknown-initializer with a suggestion', () => {
    const { d } = expectDiag(['input 8', 'dense 10 init=xaviar'], 'unknown-initializer', 1, 'xaviar', 'error');
    assert.match(d.message, /xavier/);
  });

  it('bad-value: negative units, words for numbers, rate out of range, bad padding, zero kernel', () => {
    expectDiag(['input 8', 'dense -5'], 'bad-value', 1, '-5', 'error');
    expectDiag(['input 8', 'dense ten'], 'bad-value', 1, 'ten', 'error');
    expectDiag(['input 8', 'dropout 1.5'], 'bad-value', 1, '1.5', 'error');
    expectDiag(['input 8x8x1', 'conv2d 4 3 padding=sideways'], 'bad-value', 1, 'sideways', 'error');
    expectDiag(['input 8x8x1', 'conv2d 4 0'], 'bad-value', 1, '0', 'error');
    expectDiag(['input 8x8x1', 'conv2d 4 3 stride=0'], 'bad-value', 1, '0', 'error');
    expectDiag(['input 0x8x1'], 'bad-value', 0, '0x8x1', 'error');
    expectDiag(['input 8', 'dense 2.5'], 'bad-value', 1, '2.5', 'error');
  });

  it('missing-arg: dense without units, conv2d without kernel, dropout without rate', () => {
    expectDiag(['input 8', 'dense'], 'missing-arg', 1, 'dense', 'error');
    const { d } = expectDiag(['input 8x8x1', 'conv2d 4'], 'missing-arg', 1, undefined, 'error');
    assert.match(d.message, /kernel/);
    expectDiag(['input 8', 'dropout'], 'missing-arg', 1, undefined, 'error');
    expectDiag(['input'], 'missing-arg', 0, undefined, 'error');
  });

  it('too-many-args', () => {
    expectDiag(['input 8', 'dense 10 relu 20'], 'too-many-args', 1, '20', 'error');
  });

  it('duplicate-arg: the same argument positionally and by key', () => {
    expectDiag(['input 8', 'dense 10 units=20'], 'duplicate-arg', 1, 'units=20', 'error');
    expectDiag(['input 8x8x1', 'conv2d 4 3 kernel=3'], 'duplicate-arg', 1, 'kernel=3', 'error');
    expectDiag(['input 8x8x1', 'conv2d 4 3 stride=1 strides=2'], 'duplicate-arg', 1, 'strides=2', 'error');
  });

  it('missing-input on the first layer', () => {
    const { a } = expectDiag(['# no input here', 'dense 10'], 'missing-input', 1, undefined, 'error');
    assert.equal(a.input, undefined);
  });

  it('duplicate-input on the second input line', () => {
    expectDiag(['input 8', 'dense 4', 'input 16'], 'duplicate-input', 2, undefined, 'error');
  });

  it('input-not-first', () => {
    expectDiag(['dense 4', 'input 8'], 'input-not-first', 1, undefined, 'error');
  });

  it('rank-mismatch: conv2d and pools on a vector', () => {
    const { d } = expectDiag(['input 784', 'conv2d 8 3'], 'rank-mismatch', 1, undefined, 'error');
    assert.match(d.message, /784/);
    expectDiag(['input 784', 'maxpool2d 2'], 'rank-mismatch', 1, undefined, 'error');
    expectDiag(['input 784', 'globalavgpool2d'], 'rank-mismatch', 1, undefined, 'error');
    expectDiag(['input 784', 'zeropad2d 1'], 'rank-mismatch', 1, undefined, 'error');
  });

  it('window-too-large: a 5x5 filter on a 3x3 image, a 3x3 pool on 2x2', () => {
    const { a, d } = expectDiag(['input 3x3x1', 'conv2d 1 5'], 'window-too-large', 1, undefined, 'error');
    assert.match(d.message, /5/);
    assert.match(d.message, /3/);
    assert.equal(layerOn(a, 1).outputShape, undefined);
    expectDiag(['input 2x2x1', 'maxpool2d 3'], 'window-too-large', 1, undefined, 'error');
    // The dilated span counts: 3 + 2·2 = 7 > 6.
    expectDiag(['input 6x6x1', 'conv2d 1 3 dilation=3'], 'window-too-large', 1, undefined, 'error');
    // Padding counts too: 2 + 2·1 = 4 < 5.
    expectDiag(['input 2x2x1', 'conv2d 1 5 padding=1'], 'window-too-large', 1, undefined, 'error');
  });

  it('no window-too-large when padding=same (Keras pads up to the window)', () => {
    const a = run('input 2x2x1', 'conv2d 1 5 padding=same');
    assert.deepEqual(errors(a), []);
    assert.deepEqual(layerOn(a, 1).outputShape, [2, 2, 1]);
  });

  it('window-too-large: the shape shrinks away over a chain (4 -> 2 -> nothing)', () => {
    const a = run('input 4x4x1', 'conv2d 1 3', 'conv2d 1 3', 'conv2d 1 3');
    const d = a.diagnostics.find((x) => x.code === 'window-too-large');
    assert.ok(d, JSON.stringify(a.diagnostics));
    assert.equal(d.line, 2);
    // The line after the failure has no input shape: no second, cascading error.
    assert.ok(!errors(a).some((x) => x.line === 3), JSON.stringify(a.diagnostics));
    assert.equal(d.severity, 'error');
  });

  it('uneven-stride: (32 + 2·0 − 3)/2 + 1 = 15.5 floors to 15 (a warning, the shape still computed)', () => {
    const { a, d } = expectDiag(['input 32x32x3', 'conv2d 32 3 stride=2'], 'uneven-stride', 1, undefined, 'warning');
    assert.match(d.message, /15\.5/);
    assert.match(d.message, /\b15\b/);
    assert.deepEqual(layerOn(a, 1).outputShape, [15, 15, 32]);
    assert.ok(layerOn(a, 1).explanation.axes.every((x) => x.uneven));
    assert.equal(a.hasErrors, false);
  });

  it('uneven-stride writes the formula exactly as the hover does (one rendering)', () => {
    for (const spec of [['input 32x32x3', 'conv2d 32 3 stride=3'], ['input 32x30x3', 'conv2d 8 3 stride=2 padding=((1, 0), (2, 2))'], ['input 33x32x3', 'maxpool2d 2']]) {
      const a = run(...spec);
      const d = diag(a, 'uneven-stride');
      const l = layerOn(a, 1);
      const uneven = l.explanation.axes.filter((x) => x.uneven);
      assert.ok(uneven.length > 0);
      for (const axis of uneven) {
        const shown = axis.formula.replace(/^O = /, '');
        assert.ok(d.message.includes(shown), `${spec[1]}: warning "${d.message}" lacks the hover's "${shown}"`);
      }
    }
  });

  it('uneven-stride on a pool: maxpool2d 2 on 15 -> 7', () => {
    const { a } = expectDiag(['input 15x15x3', 'maxpool2d 2'], 'uneven-stride', 1, undefined, 'warning');
    assert.deepEqual(layerOn(a, 1).outputShape, [7, 7, 3]);
  });

  it('no uneven-stride when the stride divides evenly', () => {
    for (const spec of [['input 32x32x3', 'conv2d 8 4 stride=2'], ['input 32x32x3', 'maxpool2d 2'], ['input 32x32x3', 'conv2d 8 3 stride=2 padding=same']]) {
      assert.equal(run(...spec).diagnostics.filter((d) => d.code === 'uneven-stride').length, 0, spec.join(' / '));
    }
  });

  it('flatten-on-vector: Keras accepts it as a no-op, so not an error', () => {
    const { a } = expectDiag(['input 784', 'flatten'], 'flatten-on-vector', 1, undefined, 'warning|info');
    assert.deepEqual(layerOn(a, 1).outputShape, [784]);
    assert.equal(a.hasErrors, false);
  });

  it('dense-on-tensor: a warning asking about a missing flatten; Keras semantics kept', () => {
    const { a, d } = expectDiag(['input 32x32x3', 'dense 10'], 'dense-on-tensor', 1, undefined, 'warning');
    assert.match(d.message, /flatten/i);
    assert.deepEqual(layerOn(a, 1).outputShape, [32, 32, 10]);
    assert.equal(layerOn(a, 1).params, 40);
  });

  it('ignored-arg: a Keras argument that changes no shape is accepted, not an error', () => {
    const a = run('Input(shape=(8,))', "Dense(4, kernel_regularizer='l2', bias_initializer='zeros')");
    const d = diag(a, 'ignored-arg');
    assert.notEqual(d.severity, 'error');
    assert.equal(d.line, 1);
    assert.equal(a.hasErrors, false);
    assert.equal(a.totalParams, 36);
  });

  it('empty-model: an input and nothing else', () => {
    const a = run('input 32x32x3');
    const d = diag(a, 'empty-model');
    assert.notEqual(d.severity, 'error');
    assert.equal(d.line, 0);
  });

  it('every diagnostic sits inside its line', () => {
    const text = ['input 32x32x3', 'conv2d 32 3 stride=2', 'convv2d 64 3', 'conv2d 64 2 activation=relux', 'maxpool2d 2 strid=2', 'dense 10'];
    const a = run(...text);
    for (const d of a.diagnostics) {
      assert.ok(d.line >= 0 && d.line < text.length, JSON.stringify(d));
      assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text[d.line].length, JSON.stringify(d));
    }
  });
});

describe('core: error recovery', () => {
  it('after an error the other lines are still read, but shapes below it are not guessed', () => {
    const lines = [
      'input 32x32x3', // 0
      'conv2d 32 3 stride=2', // 1 warning
      'convv2d 64 3', // 2 error
      'conv2d 64 2 activation=relux', // 3 error
      'maxpool2d 2 strid=2', // 4 error
      'dense 10', // 5 no warning: its input is unknown, and a guessed one would invent dense-on-tensor
    ];
    const a = run(...lines);
    const codes = a.diagnostics.map((d) => `${d.line}:${d.code}`);
    assert.deepEqual(codes, ['1:uneven-stride', '2:unknown-layer', '3:unknown-activation', '4:unknown-key']);
    assert.equal(a.hasErrors, true);
    // The layer above the first error keeps its Keras shape; the ones below are unknown.
    assert.deepEqual(layerOn(a, 1).outputShape, [15, 15, 32]);
    assert.equal(layerOn(a, 5).outputShape, undefined);
    assert.equal(a.totalsKnown, false);
  });

  it('a syntax error on one line, a bad value on a later one: both reported, nothing below guessed', () => {
    const a = run('input 8', 'dense (4', 'dense 4', 'dense 6 activation=relux', 'dense 2');
    const lines = errors(a).map((d) => d.line);
    assert.ok(lines.includes(1) && lines.includes(3), JSON.stringify(a.diagnostics));
    assert.equal(layerOn(a, 3).outputShape, undefined);
    assert.equal(layerOn(a, 4).outputShape, undefined);
    assert.equal(layerOn(a, 4).params, 0);
  });

  it('a bad value leaves the next shape unknown without a cascade of errors', () => {
    const a = run('input 8', 'dense ten', 'dense 2', 'dense 3');
    assert.deepEqual(errors(a).map((d) => d.line), [1]);
  });

  it('an input with a bad shape does not crash the layers below', () => {
    const a = analyze('input 32xx3\nconv2d 8 3\nflatten\ndense 10');
    assert.equal(a.hasErrors, true);
    assert.ok(errors(a).some((d) => d.line === 0), JSON.stringify(a.diagnostics));
    assert.ok(!errors(a).some((d) => d.line > 0), `no cascade: ${JSON.stringify(a.diagnostics)}`);
    // The input line is there, only malformed: "no input line" would send the student looking for the wrong thing.
    assert.ok(!a.diagnostics.some((d) => d.code === 'missing-input'), JSON.stringify(a.diagnostics));
  });
});
