// `npm start`: the main job. Builds NetLens, prints the Keras-style summary of the lecture's model,
// then opens VS Code with the extension on examples/: the desktop `code` in extension development
// mode when it is installed, otherwise a local code-server (VS Code in the browser) with the
// packaged extension installed, whose URL it prints. Ctrl+C stops it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npm', ['run', '--silent', 'build']);
console.log('\n$ netlens summary examples/lecture6-cifar.netspec\n');
spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'summary', join(examples, 'lecture6-cifar.netspec')], { stdio: 'inherit' });

if (process.argv.includes('--summary-only')) process.exit(0);

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log('\nOpening VS Code with NetLens in development mode on examples/ ...');
  spawn('code', [`--extensionDevelopmentPath=${root}`, examples], { stdio: 'inherit', detached: true }).unref();
  process.exit(0);
}

console.log('\nNo `code` executable found: starting code-server (VS Code in the browser) instead.');
const { ensureCodeServer, prepareDirs, installExtension, startCodeServer } = await import('../test/e2e/code-server.mjs');
ensureCodeServer();
run('npm', ['run', '--silent', 'package']);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const stateDir = join(root, '.cache', 'start');
mkdirSync(stateDir, { recursive: true });
const dirs = prepareDirs(stateDir);
installExtension(dirs, join(root, `netlens-${version}.vsix`));
const server = await startCodeServer(dirs);
const url = `${server.url}/?folder=${encodeURIComponent(examples)}`;
console.log(`\nNetLens is running in VS Code at:\n\n    ${url}\n\nOpen lecture6-cifar.netspec and hover a layer. Press Ctrl+C to stop.`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
