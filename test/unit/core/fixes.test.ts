/**
 * Quick fixes carried by diagnostics: each edit stays on its line, and applying the preferred
 * one makes that problem go away without creating a new error.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core';
import type { Diagnostic, TextFix } from '../../../src/core/types';

function applyFix(text: string, fix: TextFix): string {
  const lines = text.split('\n');
  const line = lines[fix.line];
  lines[fix.line] = line.slice(0, fix.start) + fix.newText + line.slice(fix.end);
  return lines.join('\n');
}

const broken: Array<[string, string]> = [
  ['unknown-layer', 'input 32x32x3\nconvv2d 64 3\nflatten\ndense 10'],
  ['unknown-layer', 'input 784\ndens 10'],
  ['unknown-key', 'input 32x32x3\nmaxpool2d 2 strid=2'],
  ['unknown-key', 'input 32x32x3\nconv2d 8 3 paddin=same'],
  ['unknown-activation', 'input 784\ndense 10 activation=relux'],
  ['unknown-activation', 'input 784\ndense 10 activation=sigmod'],
  ['unknown-initializer', 'input 784\ndense 10 init=xaviar'],
  ['uneven-stride', 'input 32x32x3\nconv2d 32 3 stride=2'],
  ['uneven-stride', 'input 15x15x3\nmaxpool2d 2'],
  ['missing-input', 'conv2d 8 3\nflatten\ndense 10'],
  ['dense-on-tensor', 'input 8x8x3\ndense 10'],
];

describe('core: quick fixes', () => {
  for (const [code, text] of broken) {
    it(`${code}: ${JSON.stringify(text.split('\n').find((_line, i) => i > 0 || code === 'missing-input'))}`, () => {
      const a = analyze(text);
      const d = a.diagnostics.find((x) => x.code === code) as Diagnostic | undefined;
      assert.ok(d, `no ${code}: ${JSON.stringify(a.diagnostics)}`);
      const lines = text.split('\n');
      for (const f of d.fixes ?? []) {
        assert.ok(f.line >= 0 && f.line < lines.length, JSON.stringify(f));
        assert.ok(f.start >= 0 && f.start <= f.end && f.end <= lines[f.line].length, `fix range outside its line: ${JSON.stringify(f)}`);
        assert.ok(f.title.length > 3);
      }
      if (code === 'dense-on-tensor' && !(d.fixes ?? []).length) return; // a question, not necessarily a fix
      const fix = (d.fixes ?? []).find((f) => f.preferred) ?? d.fixes?.[0];
      assert.ok(fix, `${code} carries no fix`);
      const fixed = applyFix(text, fix);
      const after = analyze(fixed);
      assert.ok(!after.diagnostics.some((x) => x.code === code), `${code} still there after '${fix.title}':\n${fixed}\n${JSON.stringify(after.diagnostics)}`);
      const newErrors = after.diagnostics.filter((x) => x.severity === 'error');
      assert.deepEqual(newErrors, [], `new errors after '${fix.title}':\n${fixed}`);
    });
  }
});
