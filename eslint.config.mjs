// Lint: only rules that catch real bugs or guard the architecture (formatting is left to editors).
// Covered: .ts (with .svelte.ts modules), .mjs and .svelte components. Components are views: their
// state and actions live in each app's session.svelte.ts, linted with type information (floating
// promises); the components get Svelte's own correctness rules and the same import boundaries.
import { readdirSync } from 'node:fs';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

/** The webview apps: one folder each under webview/, none importing another (README folder map). */
const APPS = readdirSync(new URL('./webview/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name);

/** Import patterns that reach app `app`'s folder from anywhere under webview/. */
const appPatterns = (app) => [`../${app}/*`, `../../${app}/*`, `../../../${app}/*`, `**/webview/${app}/*`];

const pureImports = [
  { group: ['vscode'], message: 'pure code must not import vscode: put VS Code code in src/features, src/panels or src/webview-host.' },
  { group: ['@tensorflow/*'], message: 'TF.js lives in webview/ only.' },
  { group: ['svelte', 'svelte/*'], message: 'pure code must not import Svelte.' },
  { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'this code runs in webviews too: no Node built-ins.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-artifacts/**'] },
  ...svelte.configs['flat/recommended'].map((c) => ({ ...c, files: ['**/*.svelte'] })),
  {
    files: ['**/*.svelte'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A promise nobody awaits hides its errors (vscode-eslint makes this an error too).
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // The core is pure: the CLI, the extension host, the webviews and plain-Node tests all load it.
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: pureImports }] },
  },
  {
    // Protocols and ids are read by the host and by the webview bundles alike.
    files: ['src/protocol/**/*.ts', 'src/ids.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: pureImports }] },
  },
  {
    // webview/shared/ serves the apps and imports none of them.
    files: ['webview/shared/**/*.ts', 'webview/shared/**/*.svelte'],
    rules: {
      'no-restricted-imports': ['error', { patterns: APPS.map((app) => ({ group: appPatterns(app), message: `webview/shared must not import the ${app} app.` })) }],
    },
  },
  ...APPS.map((app) => ({
    // One folder per app: an app reaches another app's code only through webview/shared.
    files: [`webview/${app}/**/*.ts`, `webview/${app}/**/*.svelte`],
    ignores: app === 'init' ? ['webview/init/engine/**'] : [],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...APPS.filter((other) => other !== app).map((other) => ({ group: appPatterns(other), message: `webview/${app} must not import webview/${other}: move what both need to webview/shared.` })),
          // The init lab's page stays free of TF.js: tensors live in its worker (webview/init/engine).
          ...(app === 'init'
            ? [
                { group: ['@tensorflow/*', '**/shared/tf/*', '**/shared/tf'], message: 'the init page bundle has no TF.js: TF.js code goes under webview/init/engine.' },
                { group: ['./engine/*', '../engine/*', '!./engine/protocol', '!../engine/protocol'], message: 'the init page talks to its engine through ./engine/protocol only.' },
              ]
            : []),
        ],
      }],
    },
  })),
  {
    // The init lab's worker: TF.js allowed, the page's views not.
    files: ['webview/init/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: APPS.filter((other) => other !== 'init').map((other) => ({ group: appPatterns(other), message: `webview/init must not import webview/${other}.` })),
      }],
    },
  },
);
