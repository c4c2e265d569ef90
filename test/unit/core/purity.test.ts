/** src/core must stay pure: no VS Code, TF.js, Svelte or DOM, so the CLI and tests can use it. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const coreDir = join(__dirname, '..', '..', '..', 'src', 'core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|mts|cts|js|mjs|svelte)$/.test(f) ? [p] : [];
  });
}

/** Module specifiers of every import, export-from, dynamic import and require in a file. */
function specifiers(code: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'";]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]);
  return out;
}

describe('core purity', () => {
  const files = sourceFiles(coreDir);

  it('has source files to check', () => {
    assert.ok(files.some((f) => f.endsWith('index.ts')), files.join(', '));
  });

  it('imports only relative core modules (no vscode, @tensorflow, svelte, node built-ins or packages)', () => {
    for (const f of files) {
      const code = readFileSync(f, 'utf8');
      for (const s of specifiers(code)) {
        assert.ok(s.startsWith('./') || s.startsWith('../'), `${f} imports '${s}'`);
        assert.ok(!s.startsWith('../') || !/\.\.\/(?!core\/)/.test(s.replace(/^(\.\.\/)+core\//, './')), `${f} reaches outside src/core: '${s}'`);
      }
      assert.doesNotMatch(code, /['"](vscode|@tensorflow\/[^'"]*|svelte[^'"]*)['"]/, f);
    }
  });

  it('uses no DOM globals', () => {
    for (const f of files) {
      // Strip comments and string literals: docs may say "each window." without touching the DOM.
      const code = readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
      assert.doesNotMatch(code, /\b(document|window|navigator|localStorage|HTMLElement|acquireVsCodeApi)\s*[.(]/, f);
    }
  });

  it('the purity scanner itself catches a forbidden import', () => {
    assert.deepEqual(specifiers("import * as vscode from 'vscode';\nimport type { X } from \"./types\";"), ['vscode', './types']);
    assert.deepEqual(specifiers("const tf = require('@tensorflow/tfjs');"), ['@tensorflow/tfjs']);
  });
});
