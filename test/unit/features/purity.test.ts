/** The pure feature modules must load in plain Node: no vscode, DOM, TF.js or Svelte import. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const pureDir = join(__dirname, '..', '..', '..', 'src', 'features', 'pure');

describe('features/pure: no VS Code or browser imports', () => {
  const files = readdirSync(pureDir).filter((f) => f.endsWith('.ts'));

  it('finds the pure modules', () => {
    assert.ok(files.length >= 8, files.join(', '));
  });

  for (const file of files) {
    it(`${file} imports only the core, the id table and its siblings`, () => {
      const text = readFileSync(join(pureDir, file), 'utf8');
      const specifiers = [...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
        (m) => m[1] ?? m[2] ?? m[3],
      );
      // src/ids.ts is pure data (no imports at all), shared with package.json's ids.
      const bad = specifiers.filter((s) => !(s === '../../core' || s.startsWith('../../core/') || s === '../../ids' || s.startsWith('./')));
      assert.deepEqual(bad, [], `${file} imports ${bad.join(', ')}`);
    });
  }
});
