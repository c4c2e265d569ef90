import assert from 'node:assert/strict';
import { analyze } from '../../../src/core';
import { applyEdit, quickFixesIn, type QuickFixData } from '../../../src/features/pure/quickfix';
import { exampleText } from './helpers';

/** The fixes offered with the cursor at (line, column), as VS Code asks for them. */
function fixesAt(text: string, line: number, column: number): QuickFixData[] {
  return quickFixesIn(analyze(text).diagnostics, line, column, line, column);
}

/** The document after applying the fix titled `title`. */
function applied(text: string, fixes: QuickFixData[], title: string): string {
  const fix = fixes.find((f) => f.title === title);
  assert.ok(fix, `no fix "${title}" among ${JSON.stringify(fixes.map((f) => f.title))}`);
  return applyEdit(text, fix.edit);
}

describe('features/quick fixes (examples/broken.netspec)', () => {
  const text = exampleText('broken.netspec');
  const lines = text.split('\n');

  it('unknown layer → the suggested name', () => {
    const fixes = fixesAt(text, 8, 2);
    assert.equal(fixes[0].preferred, true);
    assert.equal(applied(text, fixes, 'Change to `conv2d`').split('\n')[8], 'conv2d 64 3');
  });

  it('unknown activation → relu', () => {
    const fixes = fixesAt(text, 9, lines[9].indexOf('relux') + 1);
    assert.equal(applied(text, fixes, 'Change to `relu`').split('\n')[9], 'conv2d 64 2 activation=relu');
  });

  it('unknown key → stride', () => {
    const fixes = fixesAt(text, 10, lines[10].indexOf('strid'));
    assert.equal(applied(text, fixes, 'Change to `stride`').split('\n')[10], 'maxpool2d 2 stride=2');
  });

  it('uneven stride → padding=same (preferred) or a stride that divides, and the fix really divides', () => {
    const fixes = fixesAt(text, 7, lines[7].lastIndexOf('2'));
    assert.equal(fixes[0].title, 'Use padding=same (output = ceil(I/S))');
    const same = applied(text, fixes, 'Use padding=same (output = ceil(I/S))');
    assert.equal(same.split('\n')[7], 'conv2d 32 3 stride=2 padding=same');
    const stride = applied(text, fixes, 'Use stride=1 (divides evenly)');
    assert.equal(stride.split('\n')[7], 'conv2d 32 3 stride=1');
    for (const fixed of [same, stride]) {
      assert.ok(!analyze(fixed).diagnostics.some((d) => d.code === 'uneven-stride' && d.line === 7), fixed);
    }
  });

  it('dense on a tensor → a flatten line inserted above', () => {
    // Not in broken.netspec: there the errors above leave dense's input unknown (no guessed warning).
    const spec = 'input 32x32x3\nconv2d 8 3\ndense 10';
    const fixed = applied(spec, fixesAt(spec, 2, 0), 'Insert `flatten` before this layer');
    assert.deepEqual(fixed.split('\n').slice(2, 4), ['flatten', 'dense 10']);
    assert.ok(!analyze(fixed).diagnostics.some((d) => d.code === 'dense-on-tensor'));
  });

  it('offers nothing on a clean line, and only the fixes of the diagnostics the range touches', () => {
    assert.deepEqual(fixesAt(text, 6, 3), []);
    const all = quickFixesIn(analyze(text).diagnostics, 0, 0, lines.length, 0);
    assert.deepEqual([...new Set(all.map((f) => f.diagnostic.line))].sort((a, b) => a - b), [7, 8, 9, 10]);
  });
});

describe('features/quick fixes (other cases)', () => {
  it('flatten on a vector → the flatten removed', () => {
    const text = 'input 784\nflatten\ndense 10';
    const fixed = applied(text, fixesAt(text, 1, 2), 'Remove this flatten');
    assert.equal(analyze(fixed).diagnostics.filter((d) => d.severity !== 'info').length, 0, fixed);
  });

  it('a Keras call gets Keras call syntax in its fix', () => {
    const text = 'input 32x32x3\nConv2D(8, 3, strides=2)';
    const fixes = fixesAt(text, 1, text.split('\n')[1].lastIndexOf('2'));
    const fixed = applied(text, fixes, 'Use padding=same (output = ceil(I/S))');
    assert.match(fixed.split('\n')[1], /^Conv2D\(8, 3, strides=2, padding=['"]?same['"]?\)$/);
  });
});
