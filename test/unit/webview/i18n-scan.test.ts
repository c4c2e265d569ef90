/**
 * No English sentence written straight into a converted webview app: every text a student reads
 * goes through `t()` and the app's catalogue (src/core/i18n/apps/). Scans the Svelte templates'
 * text and attribute values, and the string literals of the app's .ts and <script> code.
 * An app joins CONVERTED once its texts are in its catalogue.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringLiterals } from '../stringLiterals';

const root = join(__dirname, '..', '..', '..');

/** Apps whose texts are all in their catalogue (the others are being moved); `shared` is webview/shared/, which every app renders. */
const CONVERTED = ['convarith', 'train', 'init', 'optimizers', 'shared', 'activations', 'data', 'search'];

/** Three words in a row, the second and third lower-case: a sentence (as the core's scan). */
const PROSE_PATTERN = /\b[A-Za-z][a-z]+ [a-z]{2,} [a-z]{2,}\b/;
/** Developer-facing lines (console warnings, thrown setup errors) start with "NetLens: " and stay English. */
const PROSE = { test: (s: string) => PROSE_PATTERN.test(s) && !s.startsWith('NetLens: ') };

function filesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesOf(path) : [path];
  });
}

/** A Svelte file's template text and attribute values, with code (`{…}`), comments, scripts and styles removed. */
export function svelteTemplateText(source: string): string[] {
  const template = source
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  // Drop `{…}` expressions, braces counted (they hold code, and their strings are scanned as code).
  let text = '';
  let depth = 0;
  for (const c of template) {
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) text += c;
  }
  const out: string[] = [];
  for (const m of text.matchAll(/\s(?:title|aria-label|placeholder|alt|label)="([^"]*)"/g)) out.push(m[1]);
  for (const m of text.replace(/<[^>]*>/g, '\n').split('\n')) if (m.trim()) out.push(m.trim());
  return out;
}

/** The code of a Svelte file: its <script> blocks and its `{…}` expressions. */
function svelteCode(source: string): string {
  const scripts = [...source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  const template = source.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<style[\s\S]*?<\/style>/g, ' ');
  const expressions = [...template.matchAll(/\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g)].map((m) => m[1]);
  return [...scripts, ...expressions].join('\n;\n');
}

describe('webview apps: no English sentence outside the catalogues', () => {
  it('finds prose in a template, an attribute and an expression (the scan itself works)', () => {
    const sample = `<script lang="ts">const x = 'Drawn for one channel';</script>\n<p title="Next window please">Click an output cell {t('a.b')}</p>{ok ? 'Not yet measured' : ''}`;
    assert.deepEqual(svelteTemplateText(sample).filter((s) => PROSE.test(s)), ['Next window please', 'Click an output cell']);
    assert.deepEqual(stringLiterals(svelteCode(sample)).filter((s) => PROSE.test(s)), ['Drawn for one channel', 'Not yet measured']);
  });

  for (const app of CONVERTED) {
    for (const file of filesOf(join(root, 'webview', app))) {
      const rel = relative(root, file);
      if (file.endsWith('.svelte')) {
        it(`${rel}: every text goes through t()`, () => {
          const source = readFileSync(file, 'utf8');
          const prose = [...svelteTemplateText(source), ...stringLiterals(svelteCode(source))].filter((s) => PROSE.test(s));
          assert.deepEqual(prose, []);
        });
      } else if (file.endsWith('.ts')) {
        it(`${rel}: no sentence in a string literal`, () => {
          assert.deepEqual(stringLiterals(readFileSync(file, 'utf8')).filter((s) => PROSE.test(s)), []);
        });
      }
    }
  }
});
