// Starts and stops a throw-away code-server (VS Code in the browser) for the end-to-end tier:
// fresh user-data, extensions and config folders under one temp root, bound to a free localhost
// port, so a run never touches the home folder or another run's state.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync, existsSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';

export const codeServerCache = process.env.NETLENS_CODE_SERVER_CACHE ?? join(repoRoot, '.cache', 'code-server');
export const codeServerEntry = join(codeServerCache, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Runs scripts/setup-code-server.sh (a no-op once its stamp file exists). */
export function ensureCodeServer() {
  if (existsSync(codeServerEntry) && process.env.NETLENS_SKIP_SETUP === '1') return;
  const r = spawnSync('bash', [join(repoRoot, 'scripts', 'setup-code-server.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/setup-code-server.sh failed with exit code ${r.status}`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** User settings that keep first-run noise (welcome page, tips, trust prompts) off the screen. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'editor.inlayHints.enabled': 'on',
  'editor.hover.delay': 300,
  // Only NetLens's own completions count: words copied from open files would pass the test falsely.
  'editor.wordBasedSuggestions': 'off',
  'files.autoSave': 'off',
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Creates the folders a code-server instance needs under `root`.
 * @returns {{ userDataDir: string, extensionsDir: string, configFile: string, logFile: string }}
 */
export function prepareDirs(root) {
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  const configFile = join(root, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  return { userDataDir, extensionsDir, configFile, logFile: join(root, 'code-server.log') };
}

function baseArgs(dirs) {
  return [
    '--config', dirs.configFile,
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

/** Installs a .vsix the way a user would (`code-server --install-extension`). */
export function installExtension(dirs, vsixPath) {
  const r = spawnSync(process.execPath, [codeServerEntry, ...baseArgs(dirs), '--install-extension', vsixPath], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`--install-extension ${vsixPath} failed (exit ${r.status}):\n${out}`);
  }
  return out.trim();
}

/**
 * Starts code-server on a free port and resolves once it answers /healthz.
 * @param {{ env?: Record<string,string> }} [opts]
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void>, log: () => string }>}
 */
export async function startCodeServer(dirs, opts = {}) {
  const port = await freePort();
  const args = [
    codeServerEntry,
    ...baseArgs(dirs),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const logStream = createWriteStream(dirs.logFile);
  let logText = '';
  // detached: own process group, so stop() can end code-server together with its extension hosts.
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const onData = (d) => {
    logStream.write(d);
    if (logText.length < 200_000) logText += d.toString();
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  let exited = false;
  const exitPromise = new Promise((resolve) => proc.on('exit', (code, signal) => {
    exited = true;
    resolve({ code, signal });
  }));

  const stop = async () => {
    if (!exited) {
      try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exitPromise;
      clearTimeout(timer);
    }
    // Extension hosts may outlive the server briefly; they share its process group.
    try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* nothing left */ }
    logStream.end();
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`code-server exited during start-up:\n${logText}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { url, port, stop, log: () => logText };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`code-server did not answer ${url}/healthz within 60 s:\n${logText}`);
}
