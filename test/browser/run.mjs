// Runs the browser tier: mocha over test/browser/*.test.mjs in real headless Chromium.
// `node test/browser/run.mjs train` runs only files whose name contains "train".
// Builds dist/ first when the bundles are missing, so a fresh checkout just works.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));

if (!existsSync(join(root, 'dist', 'webview'))) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
  .map((f) => join('test', 'browser', f));
if (files.length === 0) {
  console.log('test:browser: no browser test files matched');
  process.exit(0);
}

const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const result = spawnSync(
  process.execPath,
  [mocha, '--no-config', '--no-package', '--timeout', '240000', '--reporter', 'spec', ...passThrough, ...files],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
