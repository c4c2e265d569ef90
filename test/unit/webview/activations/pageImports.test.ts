// The activation explorer's page holds no TF.js: every computation runs in its engine
// (webview/activations/engine/, a Web Worker). Checked on the sources: every module the page's
// entry (webview/activations/main.ts) reaches through imports that survive bundling (type-only
// imports are erased) is listed, and none is TF.js or one of the engine's TF.js modules. The
// browser tier checks the built bundle too (test/browser/activations.test.mjs).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const repo = join(__dirname, '..', '..', '..', '..');

/** Specifiers of the imports and re-exports of `code` that bundling keeps (not `import type`, not all-`type` braces). */
export function valueImports(code: string): string[] {
  const out: string[] = [];
  const source = code.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  for (const m of source.matchAll(/\b(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/g)) {
    const [, , typeOnly, clause, spec] = m;
    if (typeOnly) continue;
    const braces = /^\{([^}]*)\}$/.exec(clause.trim());
    const names = braces ? braces[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
    if (braces && names.length > 0 && names.every((n) => n.startsWith('type '))) continue;
    out.push(spec);
  }
  for (const m of source.matchAll(/\bimport\s+['"]([^'"]+)['"]/g)) out.push(m[1]);
  for (const m of source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

function resolveModule(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, `${base}.svelte.ts`, `${base}/index.ts`].find((p) => existsSync(p) && statSync(p).isFile());
}

/** Every local module reachable from `entry` by value imports, and every package specifier met on the way. */
function reach(entry: string): { modules: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let code = readFileSync(file, 'utf8');
    // A component's code is its <script> blocks.
    if (file.endsWith('.svelte')) code = [...code.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
    for (const spec of valueImports(code)) {
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const target = resolveModule(file, spec);
      assert.ok(target, `${relative(repo, file)} imports ${spec}, which does not resolve`);
      todo.push(target);
    }
  }
  return { modules: [...seen].map((f) => relative(repo, f)).sort(), packages: [...packages].sort() };
}

describe('webview/activations: the page imports no TF.js', () => {
  it('the scanner keeps value imports and drops type-only ones', () => {
    const code = [
      "import * as tf from '@tensorflow/tfjs';",
      "import type { X } from './types';",
      "import { type A, type B } from './onlyTypes';",
      "import { type A, c } from './mixed';",
      "export { d } from './reexport';",
      "import './sideEffect';",
      "// import { e } from './commented';",
    ].join('\n');
    assert.deepEqual(valueImports(code), ['@tensorflow/tfjs', './mixed', './reexport', './sideEffect']);
  });

  it("no module the page's entry reaches is TF.js or an engine module that runs it", () => {
    const { modules, packages } = reach(join(repo, 'webview', 'activations', 'main.ts'));
    assert.ok(modules.includes('webview/activations/session.svelte.ts') && modules.includes('webview/activations/engineClient.ts'), modules.join('\n'));
    assert.deepEqual(packages.filter((p) => /tensorflow|tfjs/.test(p)), [], `packages: ${packages.join(', ')}`);
    for (const m of modules) {
      assert.doesNotMatch(readFileSync(join(repo, m), 'utf8'), /from ['"]@tensorflow\//, m);
      assert.ok(!m.startsWith('webview/shared/tf/'), `the page reaches ${m}`);
    }
    // Of the engine's folder the page needs only the message guards (and types, erased).
    assert.deepEqual(modules.filter((m) => m.startsWith('webview/activations/engine/')), ['webview/activations/engine/protocol.ts']);
  });
});
