// Builds every bundle NetLens ships into dist/ with esbuild:
//   dist/extension.js  the extension host (node, cjs, `vscode` external)
//   dist/cli.js        the `netlens` command-line tool
//   dist/webview/*.js  the Svelte webview apps (browser, iife); TF.js lives only here
// Flags: --production (minify, no sourcemaps), --watch.
import * as esbuild from 'esbuild';
import sveltePlugin from 'esbuild-svelte';
import { existsSync, mkdirSync, copyFileSync, readdirSync, chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const r = (p) => join(root, p);

/** Host-side bundles (Node). */
const nodeBuilds = [
  { entry: 'src/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
  { entry: 'src/cli.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
];

/** Webview apps: one entry each; an entry that does not exist yet is skipped. */
const webviewApps = ['train', 'activations', 'init'];

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

const builds = [];
for (const b of nodeBuilds) {
  if (!existsSync(r(b.entry))) continue;
  builds.push({
    ...common,
    entryPoints: [b.entry],
    outfile: b.out,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: b.external ?? [],
    banner: b.banner ? { js: b.banner } : undefined,
  });
}
for (const app of webviewApps) {
  const entry = `webview/${app}/main.ts`;
  if (!existsSync(r(entry))) continue;
  builds.push({
    ...common,
    entryPoints: [entry],
    outfile: `dist/webview/${app}.js`,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    mainFields: ['svelte', 'browser', 'module', 'main'],
    conditions: ['svelte', 'browser'],
    plugins: [sveltePlugin({ compilerOptions: { css: 'injected', dev: !production } })],
    // TF.js's optional Node paths are never taken in a webview.
    external: ['fs', 'path', 'crypto', 'worker_threads', 'os', 'node-fetch', 'string_decoder'],
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  });
}

/** Static files the webviews load at run time: codicons, TF.js's WASM binaries. */
function copyAssets() {
  const out = r('dist/webview');
  mkdirSync(out, { recursive: true });
  const codicons = r('node_modules/@vscode/codicons/dist');
  for (const f of ['codicon.css', 'codicon.ttf']) {
    if (existsSync(join(codicons, f))) copyFileSync(join(codicons, f), join(out, f));
  }
  const wasmDir = r('node_modules/@tensorflow/tfjs-backend-wasm/dist');
  if (existsSync(wasmDir)) {
    for (const f of readdirSync(wasmDir)) if (f.endsWith('.wasm')) copyFileSync(join(wasmDir, f), join(out, f));
  }
}

async function main() {
  // A production build starts from an empty dist/, so no stale source map or bundle is packaged.
  if (production) rmSync(r('dist'), { recursive: true, force: true });
  mkdirSync(r('dist'), { recursive: true });
  copyAssets();
  // Generated from the layer catalogue (rewritten only when it changes): the grammar's layer names.
  if (existsSync(r('scripts/build-grammar.mjs'))) await import('./build-grammar.mjs');
  if (existsSync(r('scripts/build-data.mjs'))) await import('./build-data.mjs');
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log(`watching ${contexts.length} bundles...`);
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (existsSync(r('dist/cli.js'))) chmodSync(r('dist/cli.js'), 0o755);
  console.log(`built ${builds.length} bundles into dist/`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
