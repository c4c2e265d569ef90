// scripts/debian-packages.sh on a machine that lacks packages: as root it installs them, otherwise it
// prints the exact command to run and fails. Fake dpkg-query, id and apt-get on the PATH stand in for
// the system so the test runs anywhere without installing anything.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', '..', 'scripts', 'debian-packages.sh');

function fakeSystem(opts: { uid: number; installed: string[] }) {
  const bin = mkdtempSync(join(tmpdir(), 'netlens-fake-bin-'));
  const log = join(bin, 'apt.log');
  const write = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const installed = opts.installed.join(' ');
  // dpkg-query -W -f=... PKG: prints the status line only for installed packages.
  write('dpkg-query', `pkg="\${@: -1}"; for p in ${installed}; do [[ "$p" == "$pkg" ]] && { printf 'install ok installed'; exit 0; }; done; exit 1`);
  write('id', `echo ${opts.uid}`);
  write('apt-get', `echo "apt-get $*" >> ${log}`);
  return { env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` }, log };
}

function packageList(): string[] {
  const text = readFileSync(script, 'utf8');
  const m = /^PACKAGES=\(([^)]*)\)/m.exec(text);
  assert.ok(m, 'debian-packages.sh declares PACKAGES=(...)');
  return m[1].trim().split(/\s+/);
}

describe('scripts/debian-packages.sh', () => {
  it('lists what the tiers need: Chromium, the PyTorch oracle and the code-server build tools', () => {
    const list = packageList();
    for (const pkg of ['chromium', 'python3-torch', 'python3-nbformat', 'libkrb5-dev', 'ripgrep', 'g++']) assert.ok(list.includes(pkg), pkg);
  });

  it('as a normal user with packages missing: prints the exact apt-get command and fails', () => {
    const { env, log } = fakeSystem({ uid: 1000, installed: ['python3', 'make'] });
    const r = spawnSync('bash', [script], { env, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /sudo apt-get install -y --no-install-recommends .*chromium/);
    assert.ok(!r.stderr.includes(' python3 '), 'installed packages are not asked for again');
    assert.throws(() => readFileSync(log), 'nothing was installed');
  });

  it('as root with packages missing: installs exactly the missing ones', () => {
    const list = packageList();
    const { env, log } = fakeSystem({ uid: 0, installed: list.filter((p) => p !== 'chromium' && p !== 'python3-torch') });
    const r = spawnSync('bash', [script], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(calls.length, 2);
    assert.match(calls[0], /update/);
    assert.match(calls[1], /install .*chromium python3-torch$/);
  });

  it('with everything installed: does nothing', () => {
    const { env, log } = fakeSystem({ uid: 1000, installed: packageList() });
    const r = spawnSync('bash', [script], { env, encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.throws(() => readFileSync(log));
  });
});

describe('npm test prepares its own prerequisites', () => {
  it('pretest runs scripts/prerequisites.sh, which runs the package and code-server setup', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    assert.equal(pkg.scripts.pretest, 'bash scripts/prerequisites.sh');
    const pre = readFileSync(join(__dirname, '..', '..', '..', 'scripts', 'prerequisites.sh'), 'utf8');
    assert.match(pre, /debian-packages\.sh/);
    assert.match(pre, /setup-code-server\.sh/);
  });
});
