// "Use these settings", the spec's part: l2=λ written on every conv2d/dense/maxout line and the
// rate on every dropout line; the edited spec reads back with those values.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core';
import { specNumber, specSettingEdits, type LineEdit } from '../../../src/panels/searchEdit';

function apply(text: string, edits: LineEdit[]): string {
  const lines = text.split('\n');
  for (const e of [...edits].sort((a, b) => b.line - a.line || b.start - a.start)) {
    lines[e.line] = lines[e.line].slice(0, e.start) + e.text + lines[e.line].slice(e.end);
  }
  return lines.join('\n');
}

describe('search panel: the spec edit of "Use these settings"', () => {
  const spec = 'input 28x28x1\nconv2d 8 3 l2=1e-2  # old penalty\nmaxpool2d 2\nflatten\ndropout 0.5\ndense 32 activation=relu\ndropout rate=0.25\ndense 10 activation=softmax\n';

  it('writes λ and the dropout rate; the edited spec analyzes to exactly those values', () => {
    const { edits, manual } = specSettingEdits(spec, analyze(spec), { l2: 0.00023, dropout: 0.3 });
    assert.deepEqual(manual, []);
    const edited = apply(spec, edits);
    const a = analyze(edited);
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
    for (const l of a.layers) {
      if (l.config.kind === 'conv2d' || l.config.kind === 'dense') assert.deepEqual(l.config.regularizer, { l1: 0, l2: 2.3e-4 }, l.name);
      if (l.config.kind === 'dropout') assert.equal(l.config.rate, 0.3);
    }
    assert.match(edited, /# old penalty/, 'the comment stays');
  });

  it('leaves pasted Keras lines to the student, naming their lines', () => {
    const keras = 'input 784\nDense(64, activation="relu")\ndense 10 activation=softmax\n';
    const { edits, manual } = specSettingEdits(keras, analyze(keras), { l2: 1e-4 });
    assert.deepEqual(manual, [2]);
    assert.equal(edits.length, 1);
  });

  it('writes numbers as a student would: 2 significant digits, exponent form below 0.001', () => {
    assert.equal(specNumber(0.00023456), '2.3e-4');
    assert.equal(specNumber(0.35), '0.35');
    assert.equal(specNumber(0.0123), '0.012');
  });
});
