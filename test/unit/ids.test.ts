// src/ids.ts against package.json: a command, view type or language renamed in one place only fails here.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COMMANDS, LANGUAGE_ID, LANGUAGE_SETTING, PYTHON_LANGUAGE_ID, SETTINGS, SPEC_EXTENSION, VIEW_TYPES } from '../../src/ids';
import { codeLensData } from '../../src/features/pure/status';
import { analyze } from '../../src/core';
import { WEBVIEW_APPS } from '../../src/webview-host/html';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const sorted = (xs: Iterable<string>) => [...xs].sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|svelte)$/.test(name) ? [full] : [];
  });
}

describe('ids', () => {
  it('the commands package.json contributes are exactly COMMANDS', () => {
    const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.deepEqual(sorted(contributed), sorted(Object.values(COMMANDS)));
  });

  it('every menu entry names a command of COMMANDS, shown for the netspec or the Python language (or hidden)', () => {
    const known = new Set<string>(Object.values(COMMANDS));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus as Record<string, { command: string; when?: string }[]>)) {
      for (const e of entries) {
        assert.ok(known.has(e.command), `${menu}: ${e.command}`);
        if (e.when) assert.match(e.when, new RegExp(`^(editorLangId == (${LANGUAGE_ID}|${PYTHON_LANGUAGE_ID})\\b|false$)`), `${menu}: ${e.when}`);
      }
    }
  });

  it('the extension activates for every view type and for the language', () => {
    const events: string[] = pkg.activationEvents;
    const panels = events.filter((e) => e.startsWith('onWebviewPanel:')).map((e) => e.slice('onWebviewPanel:'.length));
    assert.deepEqual(sorted(panels), sorted(Object.values(VIEW_TYPES)));
    assert.ok(events.includes(`onLanguage:${LANGUAGE_ID}`));
  });

  it('one view type per webview app, each with its bundle entry in scripts/build.mjs', () => {
    assert.deepEqual(Object.keys(VIEW_TYPES).sort(), Object.keys(WEBVIEW_APPS).sort());
    const build = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
    const apps = /const webviewApps = \[([^\]]*)\]/.exec(build)?.[1].match(/'([^']+)'/g)?.map((q) => q.slice(1, -1));
    assert.deepEqual(apps?.sort(), Object.keys(VIEW_TYPES).sort());
  });

  it('the language, its extension, grammar and snippets use LANGUAGE_ID', () => {
    const languages = pkg.contributes.languages as { id: string; extensions: string[] }[];
    assert.deepEqual(languages.map((l) => l.id), [LANGUAGE_ID]);
    assert.ok(languages[0].extensions.includes(SPEC_EXTENSION));
    for (const g of pkg.contributes.grammars) assert.equal(g.language, LANGUAGE_ID);
    for (const s of pkg.contributes.snippets) assert.equal(s.language, LANGUAGE_ID);
  });

  it('every setting section SETTINGS names has settings in package.json', () => {
    const keys = Object.keys(pkg.contributes.configuration.properties);
    for (const section of Object.values(SETTINGS)) assert.ok(keys.some((k) => k.startsWith(`${section}.`)), section);
  });

  it('LANGUAGE_SETTING is contributed with auto, en and ko, auto by default', () => {
    const setting = pkg.contributes.configuration.properties[LANGUAGE_SETTING] as { enum: string[]; default: string };
    assert.deepEqual(setting.enum, ['auto', 'en', 'ko']);
    assert.equal(setting.default, 'auto');
  });

  it('the CodeLens commands are commands of COMMANDS', () => {
    const known = new Set<string>([...Object.values(COMMANDS), 'workbench.actions.view.problems']);
    for (const lens of codeLensData(analyze('input 4\ndense 2'))) assert.ok(known.has(lens.command), lens.command);
  });

  it('no file under src/ or webview/ but src/ids.ts spells a command id or view type', () => {
    const ids = new Set<string>([...Object.values(COMMANDS), ...Object.values(VIEW_TYPES)]);
    // features/pure/status.ts names its lens commands in a type; the test above holds them.
    const exempt = new Set(['src/ids.ts', 'src/features/pure/status.ts']);
    const offenders: string[] = [];
    for (const file of [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'webview'))]) {
      const rel = relative(root, file).split('\\').join('/');
      if (exempt.has(rel)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/['"`](netlens\.[A-Za-z]+)['"`]/g)) if (ids.has(m[1])) offenders.push(`${rel}: ${m[1]}`);
    }
    assert.deepEqual(offenders, []);
  });
});
