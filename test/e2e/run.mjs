// End-to-end tier (`npm run test:e2e`): NetLens in a real VS Code (code-server) driven by real
// Chromium, as a student uses it.
//   1. package the extension (.vsix) and install it into a fresh code-server;
//   2. run the in-extension-host mocha suites (test/vscode) through code-server's test payload;
//   3. drive the workbench with playwright: hover, Problems, inlay hints, outline, summary,
//      completion, and the Train / study panels.
// One code-server and one browser serve every test (the machine has 2 cores); both are always
// stopped at the end. Exit code 0 only when nothing failed. Screenshots: test-artifacts/e2e/.
// Env: NETLENS_E2E_GREP=regex runs only matching UI tests; NETLENS_E2E_SKIP_INHOST=1 and
// NETLENS_E2E_SKIP_UI=1 leave a phase out; NETLENS_E2E_KEEP=1 keeps the temp folder.
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactsDir, repoRoot } from './paths.mjs';
import { ensureCodeServer, installExtension, prepareDirs, startCodeServer } from './code-server.mjs';
import { SkipError, resetWorkbench, screenshot, waitForWorkbench } from './workbench.mjs';
import { prepareWorkspace, uiTests } from './ui.tests.mjs';
import { buildInHostSuites } from '../vscode/build.mjs';

const results = []; // { name, status: 'pass' | 'fail' | 'skip', detail? }
const record = (name, status, detail = '') => {
  results.push({ name, status, detail });
  const tag = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' }[status];
  console.log(`  ${tag}  ${name}${detail ? `\n        ${detail.split('\n').join('\n        ')}` : ''}`);
};
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[e2e ${elapsed()}] ${msg}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', ...opts });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, status: r.status };
}

/**
 * `npm run package` builds and packages netlens-<version>.vsix. If that fails, the built folder is
 * staged instead so the remaining tests still run, and the packaging test fails with the reason.
 */
function packageExtension(outDir) {
  const { version, name, publisher } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  // Into this run's temp folder (vsce --out), so that parallel runs never share one file.
  const vsix = join(outDir, `${name}-${version}.vsix`);
  const pkg = run('npm', ['run', 'package', '--', '--out', vsix]);
  if (pkg.ok && existsSync(vsix)) {
    // vsce's own warnings ("WARNING  LICENSE not found"), not the bundler's ("▲ [WARNING]"),
    // which belong to the build and are only shown.
    const lines = pkg.out.split('\n');
    const warnings = lines.filter((l) => /^\s*WARNING\s/.test(l));
    const buildWarnings = lines.filter((l) => /\[WARNING\]/.test(l));
    if (buildWarnings.length) log(`build warnings during npm run package:\n  ${buildWarnings.join('\n  ')}`);
    return { vsix, id: `${publisher}.${name}`, warnings };
  }
  const build = run('npm', ['run', 'build']);
  if (!build.ok) throw new Error(`npm run build failed:\n${build.out}`);
  return { vsix: undefined, id: `${publisher}.${name}`, version, failure: pkg.out.trim().split('\n').slice(-8).join('\n') };
}

/** Entries of the .vsix outside extension/{dist,media}/, the string catalogues, the screenshots, the manifest, README, CHANGELOG, LICENSE. */
function unexpectedVsixEntries(vsix) {
  const r = spawnSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', vsix], { encoding: 'utf8' });
  if (r.status !== 0) return [`cannot list ${vsix}: ${r.stderr}`];
  // package.nls*.json and l10n/ hold the manifest's and the host's strings in English and Korean;
  // docs/screenshots/ the README's and the walkthrough's pictures.
  const allowed = /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(dist\/.+|media\/.+|docs\/screenshots\/[\w-]+\.png|l10n\/bundle\.l10n(\.[a-z-]+)?\.json|package\.nls(\.[a-z-]+)?\.json|package\.json|README\.md|CHANGELOG\.md|LICENSE(\.md|\.txt)?))$/i;
  return r.stdout.split('\n').filter((e) => e && !allowed.test(e));
}

/** Copies what the .vsix would ship into the extensions folder (fallback when packaging fails). */
function stageExtensionFolder(extensionsDir, id, version) {
  const target = join(extensionsDir, `${id}-${version}`);
  mkdirSync(target, { recursive: true });
  for (const entry of ['package.json', 'package.nls.json', 'package.nls.ko.json', 'l10n', 'docs/screenshots', 'dist', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    const from = join(repoRoot, entry);
    if (existsSync(from)) cpSync(from, join(target, entry), { recursive: true });
  }
  return target;
}

function chromiumPath() {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean).find(existsSync);
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return found;
}

async function launchBrowser(profileDir) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    // Root in a container needs --no-sandbox; SwiftShader gives the webviews WebGL 2 without a GPU.
    args: [
      '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
    ],
    viewport: { width: 1400, height: 900 },
  });
}

/** Phase (a): the mocha suites of test/vscode, inside code-server's extension host. */
async function runInHostSuites(browser, cs, { workspace, extensionDir, testsIndex, reportFile }) {
  const page = await browser.newPage();
  try {
    let resolveExit;
    const exited = new Promise((r) => { resolveExit = r; });
    // The workbench calls window.codeAutomationExit(code) when extensionTestsPath has run.
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionDir)],
      ['extensionTestsPath', remote(testsIndex)],
    ];
    const url = `${cs.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const timeoutMs = 240_000;
    let timer;
    const code = await Promise.race([
      exited,
      new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); }),
    ]);
    clearTimeout(timer); // a pending timer would keep the process alive after the run
    await screenshot(page, '00-in-host-suites');
    const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
    let counted = 0;
    // Report lines: "  PASS  title (n ms)", "  FAIL  title" followed by indented detail lines.
    const lines = report.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^ {2}(PASS|FAIL|SKIP) {2}(.*)$/.exec(lines[i]);
      if (!m) continue;
      const detail = [];
      while (i + 1 < lines.length && /^ {8}/.test(lines[i + 1])) detail.push(lines[++i].trim());
      record(`in-host: ${m[2].replace(/ \(\d+ ms\)$/, '')}`, m[1].toLowerCase(), detail.join('\n'));
      counted++;
    }
    if (code === 'timeout') record('in-host suites finished', 'fail', `no exit code within ${timeoutMs / 1000} s`);
    else if (code !== 0 && counted === 0) record('in-host suites ran', 'fail', `exit code ${code}, no report (see test-artifacts/e2e/code-server.log)`);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Phase (b): the workbench as a student uses it. */
async function runUiTests(browser, cs, { workspace, registeredCommands }) {
  const page = await browser.newPage();
  const grep = process.env.NETLENS_E2E_GREP ? new RegExp(process.env.NETLENS_E2E_GREP, 'i') : undefined;
  try {
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(workspace)}`);
    await waitForWorkbench(page);
    log('workbench ready');
    for (const test of uiTests) {
      if (grep && !grep.test(test.name)) continue;
      const started = Date.now();
      try {
        await resetWorkbench(page).catch((err) => log(`could not reset the workbench: ${err.message}`));
        let shot = false;
        // A test may take its screenshot itself, at the moment that shows the feature best.
        const shoot = async () => { shot = true; await screenshot(page, test.shot); };
        await test.run(page, { workspace, shoot, registeredCommands });
        if (!shot) await screenshot(page, test.shot);
        record(`ui: ${test.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`, 'pass');
      } catch (err) {
        await screenshot(page, `${test.shot}-${err instanceof SkipError ? 'skip' : 'FAILED'}`);
        if (err instanceof SkipError) record(`ui: ${test.name}`, 'skip', err.message);
        else record(`ui: ${test.name}`, 'fail', err?.stack?.split('\n').slice(0, 4).join('\n') ?? String(err));
        // Leave no menu, palette or hover open for the next test.
        await page.keyboard.press('Escape').catch(() => undefined);
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** What must be stopped however the run ends (normal end, exception, signal, watchdog). */
const live = { cs: undefined, browser: undefined };
async function stopAll() {
  const { browser, cs } = live;
  live.browser = undefined;
  live.cs = undefined;
  if (browser) await browser.close().catch(() => undefined);
  if (cs) await cs.stop().catch(() => undefined);
}
// code-server runs in its own process group, so a signal to this process would not reach it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.log(`[e2e] ${signal}: stopping code-server and Chromium`);
    void stopAll().finally(() => process.exit(1));
  });
}
// Watchdog: a hung step must not leave the run (and code-server) alive forever.
const WATCHDOG_MS = Number(process.env.NETLENS_E2E_WATCHDOG_MS ?? 15 * 60_000);
setTimeout(() => {
  console.log(`[e2e] watchdog: still running after ${WATCHDOG_MS / 1000} s, giving up`);
  console.log('0 passed, 1 failed');
  void stopAll().finally(() => process.exit(1));
}, WATCHDOG_MS).unref();

async function main() {
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), 'netlens-e2e-'));
  let cs;
  let browser;
  try {
    log('code-server setup (cached after the first run)');
    ensureCodeServer();

    log('npm run package');
    const pkg = packageExtension(root);
    const testsIndex = await buildInHostSuites();

    const dirs = prepareDirs(root);
    const workspace = join(root, 'workspace');
    cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });

    if (pkg.vsix) {
      const extra = unexpectedVsixEntries(pkg.vsix);
      record('package: the .vsix holds only dist/, media/, the string catalogues, screenshots, the manifest, README, CHANGELOG and LICENSE',
        extra.length ? 'fail' : 'pass', extra.length ? `unexpected entries:\n${extra.slice(0, 20).join('\n')}` : '');
      installExtension(dirs, pkg.vsix);
      record('package: npm run package makes a .vsix that code-server installs', pkg.warnings.length ? 'fail' : 'pass',
        pkg.warnings.length ? `vsce warnings:\n${pkg.warnings.join('\n')}` : '');
    } else {
      stageExtensionFolder(dirs.extensionsDir, pkg.id, pkg.version);
      record('package: npm run package makes a .vsix that code-server installs', 'fail',
        `npm run package failed; the built folder was copied into the extensions dir instead:\n${pkg.failure}`);
    }
    const extensionDir = readdirSync(dirs.extensionsDir)
      .filter((d) => d.startsWith(`${pkg.id}-`))
      .map((d) => join(dirs.extensionsDir, d))[0];
    if (!extensionDir) throw new Error(`no ${pkg.id}-* folder in ${dirs.extensionsDir} after installing`);

    const reportFile = join(root, 'in-host-report.txt');
    const commandsFile = join(root, 'registered-commands.json');
    cs = live.cs = await startCodeServer(dirs, {
      env: { NETLENS_VSCODE_TEST_REPORT: reportFile, NETLENS_VSCODE_COMMANDS_FILE: commandsFile },
    });
    log(`code-server on ${cs.url}`);
    browser = live.browser = await launchBrowser(join(root, 'chromium-profile'));

    if (process.env.NETLENS_E2E_SKIP_INHOST !== '1') {
      log('in-host suites (test/vscode) in the extension host');
      await runInHostSuites(browser, cs, { workspace, extensionDir, testsIndex, reportFile });
      // The suites wrote scratch files and may have changed settings: start the UI from the examples again.
      rmSync(workspace, { recursive: true, force: true });
      cpSync(join(repoRoot, 'examples'), workspace, { recursive: true });
    }
    prepareWorkspace(workspace);
    if (process.env.NETLENS_E2E_SKIP_UI !== '1') {
      log('UI tests in the workbench');
      // The in-host phase recorded which NetLens commands have handlers (undefined if it did not run).
      const registeredCommands = existsSync(commandsFile) ? JSON.parse(readFileSync(commandsFile, 'utf8')) : undefined;
      await runUiTests(browser, cs, { workspace, registeredCommands });
    }
  } catch (err) {
    record('e2e run', 'fail', err?.stack ?? String(err));
  } finally {
    await stopAll();
    if (cs) {
      const logFile = join(root, 'code-server.log');
      if (existsSync(logFile)) copyFileSync(logFile, join(artifactsDir, 'code-server.log'));
    }
    if (process.env.NETLENS_E2E_KEEP === '1') log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }

  const count = (s) => results.filter((r) => r.status === s).length;
  const passed = count('pass');
  const failed = count('fail');
  const skipped = count('skip');
  writeFileSync(join(artifactsDir, 'results.json'), JSON.stringify(results, null, 2));
  log('done');
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

await main();
