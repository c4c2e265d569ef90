// Entry point VS Code calls with --extensionTestsPath (desktop or code-server): runs every
// suite/*.test.js next to this file with mocha inside the extension host.
// Results are printed and, when NETLENS_VSCODE_TEST_REPORT names a file, written there too: under
// code-server the extension host's console is not the runner's terminal.
import * as fs from 'node:fs';
import * as path from 'node:path';

// mocha 11 is CJS; mocha 12 is ESM-only and exposes its class as `default` through require().
const mochaModule = require('mocha');
const Mocha: typeof import('mocha') = mochaModule.default ?? mochaModule;

/**
 * Writes the NetLens commands that have a handler to NETLENS_VSCODE_COMMANDS_FILE (when set), so
 * the e2e UI phase can report a panel whose command is not registered yet as skipped.
 */
async function recordRegisteredCommands(): Promise<void> {
  const file = process.env.NETLENS_VSCODE_COMMANDS_FILE;
  if (!file) return;
  const vscode: typeof import('vscode') = require('vscode');
  await vscode.extensions.getExtension('netlens.netlens')?.activate().then(undefined, () => undefined);
  const commands = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('netlens.'));
  fs.writeFileSync(file, JSON.stringify(commands));
}

export async function run(): Promise<void> {
  await recordRegisteredCommands();
  return runMocha();
}

function runMocha(): Promise<void> {
  const reportFile = process.env.NETLENS_VSCODE_TEST_REPORT;
  const lines: string[] = [];
  const emit = (line: string): void => {
    lines.push(line);
    console.log(line);
    if (reportFile) fs.appendFileSync(reportFile, `${line}\n`);
  };
  if (reportFile) fs.writeFileSync(reportFile, '');

  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'base' });
  const grep = process.env.NETLENS_VSCODE_TEST_GREP;
  if (grep) mocha.grep(grep);
  const suiteDir = path.join(__dirname, 'suite');
  for (const f of fs.readdirSync(suiteDir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(suiteDir, f));
  }

  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const runner = mocha.run((failures) => {
      emit(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      passed++;
      emit(`  PASS  ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t, err: Error) => {
      failed++;
      emit(`  FAIL  ${t.fullTitle()}\n        ${String(err?.message ?? err).split('\n').join('\n        ')}`);
    });
    runner.on('pending', (t) => {
      skipped++;
      emit(`  SKIP  ${t.fullTitle()}`);
    });
  });
}
