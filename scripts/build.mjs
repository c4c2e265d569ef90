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

/** Webview apps: webview/<app>/main.ts -> dist/webview/<app>.js (src/webview-host/html.ts WEBVIEW_APPS). */
const webviewApps = ['train', 'activations', 'init', 'convarith', 'optimizers', 'data', 'search'];
/** Other browser bundles: the TF.js engines that run in a Web Worker (the init lab's, the Train panel's, the activation explorer's). */
const browserBundles = [
  { entry: 'webview/init/engine/main.ts', out: 'dist/webview/init-engine.js' },
  { entry: 'webview/train/engine/main.ts', out: 'dist/webview/train-engine.js' },
  { entry: 'webview/activations/engine/main.ts', out: 'dist/webview/activations-engine.js' },
  { entry: 'webview/data/engine/main.ts', out: 'dist/webview/data-engine.js' },
  { entry: 'webview/search/engine/main.ts', out: 'dist/webview/search-engine.js' },
];

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

/** A bundle whose entry is missing would ship a panel with no script: fail the build instead. */
function requireEntry(entry) {
  if (!existsSync(r(entry))) throw new Error(`scripts/build.mjs: entry ${entry} does not exist (moved or renamed? update the lists at the top)`);
}

const builds = [];
for (const b of nodeBuilds) {
  requireEntry(b.entry);
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
  requireEntry(entry);
  builds.push({
    ...common,
    entryPoints: [entry],
    outfile: out,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    mainFields: ['svelte', 'browser', 'module', 'main'],
    conditions: ['svelte', 'browser'],
    plugins: [
      skipLongWasmProbe,
      sveltePlugin({
        compilerOptions: { css: 'injected', dev: !production },
        // A `.svelte.ts` module (runes outside components) is stripped of its types by esbuild's
        // transform first; that transform would inherit the bundle's options, and it rejects
        // sourcemap 'linked'. Give it only what it needs.
        esbuildTsTransformOptions: { target: 'chrome120', sourcemap: false },
      }),
    ],
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
