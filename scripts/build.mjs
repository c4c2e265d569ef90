// Builds every bundle NetLens ships into dist/ with esbuild:
//   dist/extension.js  the extension host (node, cjs, `vscode` external)
//   dist/cli.js        the `netlens` command-line tool
//   dist/webview/*.js  the Svelte webview apps (browser, iife); TF.js lives only here
// Flags: --production (minify, no sourcemaps), --watch.
import * as esbuild from 'esbuild';
import sveltePlugin from 'esbuild-svelte';
import { existsSync, mkdirSync, copyFileSync, readdirSync, chmodSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
/** Other browser bundles: the init lab's TF.js engine, which runs in a Web Worker. */
const browserBundles = [{ entry: 'webview/init/engineMain.ts', out: 'dist/webview/init-engine.js' }];

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

/**
 * long.js (pulled in by TF.js) probes WebAssembly when it loads. The study panels' CSP has no
 * 'wasm-unsafe-eval', so the probe is refused and logged as a CSP violation in the webview's
 * console; long.js falls back to plain JavaScript anyway. Skip the probe instead.
 */
const skipLongWasmProbe = {
  name: 'skip-long-wasm-probe',
  setup(build) {
    build.onLoad({ filter: /[\\/]long[\\/]src[\\/]long\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const probe = 'wasm = new WebAssembly.Instance(';
      if (!source.includes(probe)) throw new Error(`${args.path} changed: review the skip-long-wasm-probe plugin in scripts/build.mjs`);
      return { contents: source.replace(probe, 'wasm = null && new WebAssembly.Instance('), loader: 'js' };
    });
  },
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
const browserEntries = [
  ...webviewApps.map((app) => ({ entry: `webview/${app}/main.ts`, out: `dist/webview/${app}.js` })),
  ...browserBundles,
];
for (const { entry, out } of browserEntries) {
  if (!existsSync(r(entry))) continue;
  builds.push({
    ...common,
    entryPoints: [entry],
    outfile: out,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    mainFields: ['svelte', 'browser', 'module', 'main'],
    conditions: ['svelte', 'browser'],
    plugins: [skipLongWasmProbe, sveltePlugin({ compilerOptions: { css: 'injected', dev: !production } })],
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
