// Writes media/netspec.tmLanguage.json from the layer catalogue (src/core/catalogue.ts) through
// src/features/pure/grammar.ts, so the highlighted names are always the ones the parser accepts.
//   node scripts/build-grammar.mjs           write the file
//   node scripts/build-grammar.mjs --check   exit 1 when the committed file is out of date
// The TypeScript generator is bundled in memory with esbuild, so plain Node runs this script.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'media/netspec.tmLanguage.json');

const result = await esbuild.build({
  entryPoints: [join(root, 'src/features/pure/grammar.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const source = result.outputFiles[0].text;
const { grammarJson } = await import('data:text/javascript;base64,' + Buffer.from(source).toString('base64'));
const text = grammarJson();

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error('media/netspec.tmLanguage.json is out of date: run node scripts/build-grammar.mjs');
    process.exit(1);
  }
  console.log('media/netspec.tmLanguage.json is up to date');
} else {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== text) writeFileSync(target, text);
  console.log(`wrote media/netspec.tmLanguage.json (${text.length} bytes)`);
}
