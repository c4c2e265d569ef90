/**
 * The `netlens` CLI for real: builds dist/cli.js when it is missing or older than its sources,
 * then spawns `node dist/cli.js` and checks stdout, stderr and the exit status.
 */
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

function newestSource(): number {
  const files = [join(root, 'src', 'cli.ts'), join(root, 'package.json')];
  const core = join(root, 'src', 'core');
  for (const f of readdirSync(core)) files.push(join(core, f));
  return Math.max(...files.filter(existsSync).map((f) => statSync(f).mtimeMs));
}

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function netlens(args: string[], input?: string | Buffer): Result {
  // English messages whatever the machine's locale (a Korean one would switch the CLI to Korean).
  const env = { ...process.env, LC_ALL: 'C', LC_MESSAGES: '', LANG: 'C' };
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input, env, encoding: 'utf8', timeout: 20000, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('netlens CLI (spawned for real)', function () {
  this.timeout(180000);

  before(() => {
    if (!existsSync(cli) || statSync(cli).mtimeMs < newestSource()) {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe', timeout: 170000 });
    }
    assert.ok(existsSync(cli), 'npm run build did not produce dist/cli.js');
  });

  it('summary prints the lecture table exactly and exits 0', () => {
    const r = netlens(['summary', 'examples/lecture6-cifar.netspec']);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    const lines = r.stdout.split('\n');
    assert.match(r.stdout, /^Model: "sequential"/);
    const rows = lines.filter((l) => /\(None,/.test(l)).map((l) => l.trim().split(/\s{2,}|\s(?=\(None)/).map((x) => x.trim()));
    assert.deepEqual(rows, [
      ['conv2d (Conv2D)', '(None, 32, 32, 64)', '832'],
      ['max_pooling2d (MaxPooling2D)', '(None, 16, 16, 64)', '0'],
      ['flatten (Flatten)', '(None, 16384)', '0'],
      ['dense (Dense)', '(None, 10)', rows[3]?.[2] === '163,850' ? '163,850' : '163850'],
    ]);
    assert.ok(lines.includes('Total params: 164,682'), r.stdout);
    assert.ok(lines.includes('Trainable params: 164,682'), r.stdout);
    assert.ok(lines.includes('Non-trainable params: 0'), r.stdout);
  });

  it('summary --json prints the documented structure with 1-based lines', () => {
    const r = netlens(['summary', '--json', 'examples/lecture6-cifar.netspec']);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j).sort(), ['diagnostics', 'exactTotals', 'layers', 'nonTrainableParams', 'totalParams', 'totalsKnown', 'trainableParams']);
    assert.deepEqual(j.layers.map((l: { name: string }) => l.name), ['conv2d', 'max_pooling2d', 'flatten', 'dense']);
    assert.deepEqual(j.layers.map((l: { type: string }) => l.type), ['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense']);
    // The file's first line is a comment, so the layers sit on lines 3 to 6.
    assert.deepEqual(j.layers.map((l: { line: number }) => l.line), [3, 4, 5, 6]);
    assert.deepEqual(j.layers[0].outputShape, [null, 32, 32, 64]);
    assert.deepEqual(j.layers[2].outputShape, [null, 16384]);
    assert.deepEqual(j.layers.map((l: { params: number }) => l.params), [832, 0, 0, 163850]);
    assert.deepEqual(j.layers.map((l: { trainableParams: number }) => l.trainableParams), [832, 0, 0, 163850]);
    // MACs: 32·32 positions × 64 filters × 2·2·3 taps; dense 16,384 × 10.
    assert.equal(j.layers[0].macs, 32 * 32 * 64 * 2 * 2 * 3);
    assert.equal(j.layers[3].macs, 16384 * 10);
    assert.equal(j.layers[0].activationBytes, 32 * 32 * 64 * 4);
    assert.equal(j.totalParams, 164682);
    assert.equal(j.trainableParams, 164682);
    assert.equal(j.nonTrainableParams, 0);
    assert.deepEqual(j.diagnostics, []);
  });

  it('errors go to stderr as FILE:LINE:COL: error: MESSAGE and the exit status is 1', () => {
    const r = netlens(['summary', 'examples/broken.netspec']);
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n');
    assert.ok(lines.every((l) => /^examples\/broken\.netspec:\d+:\d+: (error|warning|info): \S/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /^examples\/broken\.netspec:9:1: error: .*convv2d.*conv2d/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /^examples\/broken\.netspec:10:\d+: error: .*relux/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /^examples\/broken\.netspec:11:13: error: .*strid/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /^examples\/broken\.netspec:8:\d+: warning: .*15\.5/.test(l)), r.stderr);
    // Line 12 has no warning: the errors above leave its input unknown, and NetLens does not guess.
    assert.ok(!lines.some((l) => /^examples\/broken\.netspec:12:/.test(l)), r.stderr);
    // The summary of what could be computed still goes to stdout.
    assert.match(r.stdout, /Total params:/);
  });

  it('--json carries the diagnostics with 1-based line, column and endColumn', () => {
    const r = netlens(['summary', '--json', 'examples/broken.netspec']);
    assert.equal(r.status, 1);
    const j = JSON.parse(r.stdout);
    const unknown = j.diagnostics.find((d: { message: string }) => /convv2d/.test(d.message));
    assert.deepEqual({ ...unknown, message: undefined }, { line: 9, column: 1, endColumn: 8, severity: 'error', message: undefined, code: 'unknown-layer' });
    const key = j.diagnostics.find((d: { code: string }) => d.code === 'unknown-key');
    assert.equal(key.line, 11);
    const text = readFileSync(join(root, 'examples/broken.netspec'), 'utf8').split('\n')[10];
    assert.equal(text.slice(key.column - 1, key.endColumn - 1).startsWith('strid'), true, text.slice(key.column - 1, key.endColumn - 1));
    assert.match(r.stderr, /broken\.netspec:9:1: error:/);
  });

  it('warnings alone exit 0', () => {
    const r = netlens(['summary', 'test/fixtures/warnings-only.netspec']);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /^test\/fixtures\/warnings-only\.netspec:3:\d+: warning: .*15\.5/m);
    assert.doesNotMatch(r.stderr, /error:/);
  });

  it('a spec without an input line exits 1 with missing-input on line 1', () => {
    const r = netlens(['summary', 'test/fixtures/no-input.netspec']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^test\/fixtures\/no-input\.netspec:1:\d+: error: /m);
  });

  it('CRLF files give the same summary', () => {
    const a = netlens(['summary', 'test/fixtures/lecture-crlf.netspec']);
    const b = netlens(['summary', 'examples/lecture6-cifar.netspec']);
    assert.equal(a.status, 0);
    assert.equal(a.stdout, b.stdout);
  });

  it('reads standard input with -', () => {
    const r = netlens(['summary', '--json', '-'], 'input 784\ndense 10\n');
    assert.equal(r.status, 0);
    assert.equal(JSON.parse(r.stdout).totalParams, 7850);
    const bad = netlens(['summary', '-'], 'input 784\ndens 10\n');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^<stdin>:2:1: error: /m);
  });

  it('--name sets the model name', () => {
    assert.match(netlens(['summary', '--name', 'cifar_cnn', 'examples/lecture6-cifar.netspec']).stdout, /^Model: "cifar_cnn"/);
    assert.match(netlens(['summary', '--name=lenet', 'examples/lenet5.netspec']).stdout, /Total params: 61,706/);
  });

  it('every example: exit 0 (broken: 1), and --json totals match the published figures', () => {
    const published: Record<string, number> = {
      'lecture6-cifar.netspec': 164682,
      'keras-pasted.netspec': 164682,
      'lenet5.netspec': 61706,
      'vgg16.netspec': 138357544,
      'mnist-convnet.netspec': 34826,
      'mlp-toy.netspec': 603,
      'deep-tanh-mlp.netspec': 2505000,
    };
    for (const f of readdirSync(join(root, 'examples')).filter((x) => x.endsWith('.netspec'))) {
      const r = netlens(['summary', '--json', `examples/${f}`]);
      assert.equal(r.status, f === 'broken.netspec' ? 1 : 0, `${f}: ${r.stderr}`);
      const j = JSON.parse(r.stdout);
      if (published[f] !== undefined) assert.equal(j.totalParams, published[f], f);
      assert.equal(j.trainableParams + j.nonTrainableParams, j.totalParams, f);
    }
  });

  it('garbage bytes do not crash it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlens-cli-'));
    const file = join(dir, 'garbage.netspec');
    writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
    const r = netlens(['summary', file]);
    assert.ok(r.status === 0 || r.status === 1, `status ${r.status}: ${r.stderr.slice(0, 400)}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('usage errors and unreadable files exit 2 with a clear message', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /no command/],
      [['frobnicate', 'x.netspec'], /unknown command 'frobnicate'/],
      [['summary'], /exactly one FILE/],
      [['summary', 'a.netspec', 'b.netspec'], /exactly one FILE/],
      [['summary', '--bogus', 'examples/lenet5.netspec'], /unknown option '--bogus'/],
      [['summary', '--name'], /--name needs a value/],
      [['summary', 'does/not/exist.netspec'], /cannot read does\/not\/exist\.netspec: no such file/],
      [['summary', 'examples'], /cannot read examples: it is a directory/],
    ];
    for (const [args, message] of cases) {
      const r = netlens(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('--help and --version', () => {
    const h = netlens(['--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /Usage: netlens summary \[--json\]/);
    assert.match(h.stdout, /Exit status: 0/);
    const v = netlens(['--version']);
    assert.equal(v.status, 0);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(v.stdout.trim(), `netlens ${pkg.version}`);
  });

  it('escapes control characters from the spec instead of sending them to the terminal', () => {
    // OSC 0 sets the terminal title; CSI moves the cursor; BEL rings.
    const spec = 'input 8\ndense 4 activation=\u001b]0;pwned\u0007\nDense(4, name=\u009b31m)\n';
    const r = netlens(['summary', '-'], spec);
    assert.equal(r.status, 1);
    for (const out of [r.stderr, r.stdout]) {
      assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, JSON.stringify(out));
    }
    assert.match(r.stderr, /"\\x1b"/);
  });

  it('refuses an over-large file before reading it, with exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlens-cli-'));
    const file = join(dir, 'huge.netspec');
    // A sparse 100 MB file: reading it all would cost 100 MB (and, as text, far more).
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 100 * 1024 * 1024);
    closeSync(fd);
    const r = netlens(['summary', file]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /is 100 MiB; netlens reads specs of up to 16 MiB/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('refuses over-large standard input with exit 2', () => {
    const r = netlens(['summary', '-'], Buffer.alloc(17 * 1024 * 1024, 'dense 4\n'));
    assert.equal(r.status, 2, r.stderr.slice(0, 300));
    assert.match(r.stderr, /standard input is more than 16 MiB/);
  });

  it('an empty spec gets a clear message, not an empty table', () => {
    for (const text of ['', '\n\n', '# only a comment\n']) {
      const r = netlens(['summary', '-'], text);
      assert.equal(r.status, 1, JSON.stringify(text));
      assert.match(r.stderr, /<stdin> holds no model: start it with an input line such as `input 32x32x3`/);
      assert.equal(r.stdout, '');
    }
  });

  it('a byte-order mark does not shift columns (the editor does not count it)', () => {
    const plain = netlens(['summary', '-'], 'input 8\ndense 4 activation=bogus\n');
    const bom = netlens(['summary', '-'], '\ufeffinput 8\ndense 4 activation=bogus\n');
    assert.match(plain.stderr, /<stdin>:2:20: error/);
    assert.equal(bom.stderr, plain.stderr);
    const first = netlens(['summary', '-'], '\ufeffinput 8x\n');
    const firstPlain = netlens(['summary', '-'], 'input 8x\n');
    assert.equal(first.stderr, firstPlain.stderr);
  });

  it('a total past 2^53 prints every digit', () => {
    const spec = ['input 90000000', ...Array(6).fill('dense 90000000')].join('\n');
    const r = netlens(['summary', '-'], spec);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`Total params: 48,600,000,540,000,000\n`), r.stdout);
    const j = JSON.parse(netlens(['summary', '--json', '-'], spec).stdout) as { totalParams: number; exactTotals: { totalParams: string } };
    assert.equal(j.exactTotals.totalParams, '48600000540000000');
  });
});

describe('netlens summary --lang (spawned for real)', function () {
  this.timeout(180000);
  const HANGUL = /[\uac00-\ud7a3]/;
  const broken = join('examples', 'broken.netspec');

  before(() => {
    if (!existsSync(cli) || statSync(cli).mtimeMs < newestSource()) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe', timeout: 170000 });
  });

  /** Runs the CLI with only the locale variables given (the test machine's own are left out). */
  function run(args: string[], env: Record<string, string>): Result {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 20000, env: { PATH: process.env.PATH ?? '', ...env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('--lang ko writes the diagnostics in Korean, in the compiler form, with the same positions; the Keras table stays Keras', () => {
    const en = run(['summary', '--lang', 'en', broken], {});
    const ko = run(['summary', '--lang', 'ko', broken], {});
    assert.equal(ko.status, 1);
    assert.equal(ko.stdout, en.stdout, 'model.summary() is reproduced as Keras prints it');
    const enLines = en.stderr.trim().split('\n');
    const koLines = ko.stderr.trim().split('\n');
    assert.equal(koLines.length, 4);
    for (let i = 0; i < koLines.length; i++) {
      const where = (l: string) => /^(examples\/broken\.netspec:\d+:\d+: (?:error|warning):)/.exec(l)?.[1];
      assert.equal(where(koLines[i]), where(enLines[i]));
      assert.match(koLines[i], HANGUL);
      assert.doesNotMatch(enLines[i], HANGUL);
    }
    assert.match(koLines[1], /examples\/broken\.netspec:9:1: error: 모르는 레이어입니다: "convv2d"\. 혹시 `conv2d`인가요\?/);
  });

  it('follows LC_ALL, LC_MESSAGES or LANG when no --lang is given; --lang wins', () => {
    assert.match(run(['summary', broken], { LANG: 'ko_KR.UTF-8' }).stderr, HANGUL);
    assert.match(run(['summary', broken], { LC_ALL: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' }).stderr, HANGUL);
    assert.doesNotMatch(run(['summary', broken], { LC_ALL: 'en_US.UTF-8', LANG: 'ko_KR.UTF-8' }).stderr, HANGUL);
    assert.doesNotMatch(run(['summary', broken], { LANG: 'C.UTF-8' }).stderr, HANGUL);
    assert.doesNotMatch(run(['summary', '--lang=en', broken], { LANG: 'ko_KR.UTF-8' }).stderr, HANGUL);
  });

  it('refuses an unknown language as a usage error', () => {
    const r = run(['summary', '--lang', 'fr', broken], {});
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--lang is en or ko, not 'fr'/);
  });
});
