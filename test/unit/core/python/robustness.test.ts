/**
 * Any text is safe: the Python standard library that Debian's python3 installs (no model in it)
 * goes through the reader with the import check off and yields no throw and no diagnostic;
 * random text and pathological nesting neither throw nor hang.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzePython, tokenize } from '../../../../src/core/python';
import { analyzePythonUnguarded } from '../../../../src/core/python/reader';

const STDLIB = '/usr/lib/python3.11';

function pyFiles(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (f !== 'site-packages' && f !== 'dist-packages') pyFiles(p, out);
    } else if (f.endsWith('.py')) out.push(p);
  }
  return out;
}

describe('Python reader: robustness', function () {
  this.timeout(120000);

  it('reads every .py file of the Python 3 standard library without a throw or a diagnostic', function () {
    if (!existsSync(STDLIB)) {
      console.log(`      (skipped: ${STDLIB} is absent; apt-get install -y python3)`);
      this.skip();
    }
    const files = pyFiles(STDLIB);
    assert.ok(files.length > 300, `${files.length} files`);
    let models = 0;
    for (const f of files) {
      const text = readFileSync(f, 'latin1');
      const a = analyzePythonUnguarded(text, { requireImport: false });
      assert.deepEqual(a.diagnostics, [], f);
      models += a.models.length;
    }
    // None of them defines a Keras or PyTorch model (a class named Module in the stdlib has no layers).
    assert.equal(models, 0, 'models found in the standard library');
  });

  it("keeps each line's one-pass summary equal to its tokens, made later, over the standard library", function () {
    if (!existsSync(STDLIB)) this.skip();
    let lines = 0;
    const odd = ['a = """x\n# c\n"""  # a\nb = (1,\n  2) \\\r\n + 3\nc = f(x)(y) rb"\\"" \'open\n', 'x =', '= x (', 'x = ((((\n', "s = '''open\nfoo("];
    for (const text of [...pyFiles(STDLIB).map((f) => readFileSync(f, 'latin1')), ...odd]) {
      for (const l of tokenize(text).lines) {
        const t = l.tokens;
        const last = t[t.length - 1];
        const called = t.flatMap((x, k) => (x.kind === 'name' && t[k + 1]?.text === '(' ? [x.text] : []));
        const assigns = t.length > 2 && t[0].kind === 'name' && t[1].kind === 'op' && t[1].text === '=';
        assert.deepEqual([l.line, l.indent, l.first, l.assigns, l.called, l.endLine, l.endCol], [t[0].line, t[0].col, t[0].text, assigns, called, last.endLine, last.endCol]);
        lines++;
      }
    }
    assert.ok(lines > 100000, `${lines} lines`);
  });

  it('skips text without a Keras or PyTorch import unless told otherwise', () => {
    const text = 'class Net(nn.Module):\n    def __init__(self):\n        self.fc = nn.Linear(3, 4)\n';
    assert.equal(analyzePython(text).models.length, 0);
    assert.equal(analyzePython(text, { requireImport: false }).models.length, 1);
    assert.equal(analyzePython('import torch\n' + text).models.length, 1);
  });

  it('never throws on random text, brackets, quotes and Python-ish fragments', () => {
    const pieces = fc.constantFrom('import torch\n', 'nn.Conv2d(', 'nn.Linear(3, 4)', ')', '(', '[', ']', '"""', "'", '#', '\\\n', '\n', '    ', 'self.x = ', 'def forward(self, x):\n', 'class A(nn.Module):\n', 'x = self.x(x)\n', 'return x\n', '=', ',', 'keras.Sequential([', 'layers.Dense(2)', '.add(', 'x.view(-1, 4)', 'torch.randn(1, 3)', '1e', '0x', '**', '@');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 60 }), (parts) => {
        const a = analyzePythonUnguarded(parts.join(''), { requireImport: false });
        assert.ok(Array.isArray(a.models));
      }),
      { numRuns: 400, seed: 1129 },
    );
  });

  it('handles deep nesting and a megabyte of garbage', () => {
    const deep = 'import torch\nx = ' + '('.repeat(20000) + ')'.repeat(20000) + '\n' + 'nn.Sequential('.repeat(3000) + '\ny = ' + '-'.repeat(100000) + '1\n' + 'x.a'.repeat(30000) + '\n';
    assert.doesNotThrow(() => analyzePythonUnguarded(deep));
    let garbage = 'import torch\n';
    for (let i = 0; garbage.length < 1_000_000; i++) garbage += String.fromCharCode(32 + ((i * 7919) % 95)) + (i % 97 === 0 ? '\n' : '');
    assert.doesNotThrow(() => analyzePythonUnguarded(garbage));
  });

  it('tokenizes strings, comments, brackets and continuations as Python does', () => {
    const t = tokenize('a = """x\n# not a comment\n"""  # a comment\nb = (1,\n  2) \\\n + 3\nc = f\'{x}\' rb"\\"" \'open\n');
    assert.deepEqual(t.lines.map((l) => l.tokens.map((x) => x.text).join(' ')), ['a = """x\n# not a comment\n"""', 'b = ( 1 , 2 ) + 3', 'c = f\'{x}\' rb"\\"" \'open']);
    assert.deepEqual(t.comments.map((c) => [c.line, c.text]), [[2, '# a comment']]);
    assert.deepEqual(t.lines.map((l) => l.line), [0, 3, 6]);
  });
});
