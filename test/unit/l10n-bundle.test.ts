/**
 * Every `vscode.l10n.t` string of src/ has a Korean entry in l10n/bundle.l10n.ko.json with the same
 * `{0}` placeholders, and the bundle holds no entry that src/ no longer uses.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const HANGUL = /[\uac00-\ud7a3]/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : f.endsWith('.ts') ? [p] : [];
  });
}

/** The message (first argument) of each l10n.t call, read as the JavaScript string it is. */
export function l10nMessages(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\bl10n\.t\(\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\$]|\\.)*`)/g)) {
    const literal = m[1];
    out.push(literal[0] === '"' ? (JSON.parse(literal) as string) : (JSON.parse('"' + literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"') + '"') as string));
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort().join();

describe('l10n/bundle.l10n.ko.json', () => {
  const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
  const used = new Map<string, string>();
  for (const file of tsFiles(join(root, 'src'))) for (const message of l10nMessages(readFileSync(file, 'utf8'))) used.set(message, file);

  it('reads l10n.t calls (the scan itself works)', () => {
    assert.deepEqual(l10nMessages("vscode.l10n.t('It\\'s {0}', x); l10n.t(\"Two\"); t('not this')"), ["It's {0}", 'Two']);
    assert.ok(used.size >= 20, `only ${used.size} l10n.t strings found in src/`);
  });

  it('has a Korean entry, with the same placeholders, for every l10n.t string in src/', () => {
    const missing = [...used].filter(([m]) => !(m in bundle)).map(([m, f]) => `${f.slice(root.length + 1)}: ${m}`);
    assert.deepEqual(missing, []);
    for (const m of used.keys()) {
      assert.match(bundle[m], HANGUL, m);
      assert.equal(placeholders(bundle[m]), placeholders(m), m);
    }
  });

  it('holds no entry that src/ does not use', () => {
    assert.deepEqual(Object.keys(bundle).filter((k) => !used.has(k)), []);
  });
});
