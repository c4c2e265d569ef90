// Compiles the in-extension-host suites (test/vscode/**/*.ts) to out/vscode/ with esbuild, so
// both runners (code-server e2e and @vscode/test-electron) load the same plain CommonJS files.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const outDir = join(repoRoot, 'out', 'vscode');
export const testsIndex = join(outDir, 'index.js');

export async function buildInHostSuites() {
  rmSync(outDir, { recursive: true, force: true });
  const suites = readdirSync(join(here, 'suite')).filter((f) => f.endsWith('.test.ts')).map((f) => join(here, 'suite', f));
  await esbuild.build({
    entryPoints: [join(here, 'index.ts'), ...suites],
    outdir: outDir,
    outbase: here,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // vscode is provided by the extension host; mocha must be the one instance the index runs.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return testsIndex;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildInHostSuites();
  console.log(`built in-host suites into ${outDir}`);
}
