// The webview folder map (README): one folder per app, shared/ for what two or more use, no app
// importing another, and the pages of the apps with an engine free of TF.js. Read from the import statements of
// every .ts, .svelte.ts and .svelte file, so components (which ESLint does not parse) count too.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { VIEW_TYPES } from '../../../src/ids';

const root = resolve(__dirname, '..', '..', '..');
const webview = join(root, 'webview');
// One app folder per view type (src/ids.ts), so a new panel is covered as soon as it exists.
const APPS = Object.keys(VIEW_TYPES);
const rel = (file: string) => relative(root, file).split('\\').join('/');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|svelte)$/.test(name) ? [full] : [];
  });
}

/** Module specifiers of a file's static imports and re-exports (type-only ones included). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2]);
}

/** The file a relative specifier names, or undefined for a package. */
function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  throw new Error(`${rel(from)}: cannot resolve ${spec}`);
}

const appOf = (file: string) => APPS.find((app) => rel(file).startsWith(`webview/${app}/`));

describe('webview folder layout', () => {
  it('has one folder per app plus shared/, and no study/', () => {
    assert.equal(existsSync(join(webview, 'study')), false);
    for (const app of APPS) for (const f of ['main.ts', 'App.svelte']) assert.ok(existsSync(join(webview, app, f)), `webview/${app}/${f}`);
  });

  it('no app imports another app, and shared/ imports no app', () => {
    const offenders: string[] = [];
    for (const file of files(webview)) {
      const from = appOf(file);
      for (const spec of specifiers(file)) {
        const target = resolveImport(file, spec);
        if (!target || !rel(target).startsWith('webview/')) continue;
        const to = appOf(target);
        if (to && to !== from) offenders.push(`${rel(file)} -> ${rel(target)}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  // Type-only imports count too: a page file that names a TF.js module's types is one edit away
  // from bundling it.
  for (const app of ['init', 'train', 'activations', 'data', 'search']) {
    it(`the ${app} page bundle reaches no TF.js: tensors live in its worker (webview/${app}/engine)`, () => {
      const seen = new Set<string>();
      const tf: string[] = [];
      const protocol = `webview/${app}/engine/protocol.ts`;
      const walk = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const r = rel(file);
        if (r.startsWith('webview/shared/tf/') || (r.startsWith(`webview/${app}/engine/`) && r !== protocol)) tf.push(r);
        for (const spec of specifiers(file)) {
          if (spec.startsWith('@tensorflow/')) tf.push(`${r} imports ${spec}`);
          const target = resolveImport(file, spec);
          if (target) walk(target);
        }
      };
      walk(join(webview, app, 'main.ts'));
      walk(join(webview, app, 'App.svelte'));
      assert.ok(seen.size > 10, `walked ${seen.size} files`);
      assert.ok([...seen].some((f) => rel(f) === protocol), 'the page speaks the engine protocol');
      assert.deepEqual(tf, []);
    });
  }
});
