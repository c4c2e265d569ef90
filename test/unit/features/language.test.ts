/** The grammar, snippets, language configuration and icons that package.json points at. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, layerWords, ACTIVATIONS, INITIALIZERS } from '../../../src/core';
import { grammarJson } from '../../../src/features/pure/grammar';

const root = join(__dirname, '..', '..', '..');
const readJson = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));

type Rule = { match?: string; begin?: string; end?: string; patterns?: { include: string }[] };
const grammar = readJson('media/netspec.tmLanguage.json') as { scopeName: string; patterns: { include: string }[]; repository: Record<string, Rule & { patterns?: Rule[] }> };

/** Oniguruma's leading `(?i)` is the `i` flag in JavaScript; the rest is shared syntax. */
function re(pattern: string): RegExp {
  return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
}
const rule = (name: string) => grammar.repository[name];

describe('features/grammar', () => {
  it('the committed grammar is exactly what the catalogue generates (run scripts/build-grammar.mjs)', () => {
    assert.equal(readFileSync(join(root, 'media/netspec.tmLanguage.json'), 'utf8'), grammarJson());
  });

  it('every include names a rule, and every pattern compiles', () => {
    const includes = JSON.stringify(grammar).match(/"include":\s*"#([\w-]+)"/g) ?? [];
    for (const inc of includes) {
      const name = /#([\w-]+)/.exec(inc)![1];
      assert.ok(grammar.repository[name], `missing rule ${name}`);
    }
    const walk = (r: Rule & { patterns?: Rule[] }) => {
      for (const key of ['match', 'begin', 'end'] as const) if (r[key]) re(r[key]!);
      for (const p of r.patterns ?? []) walk(p as Rule);
    };
    for (const r of Object.values(grammar.repository)) walk(r);
    assert.equal(grammar.scopeName, 'source.netspec');
  });

  it('highlights exactly the catalogue layer words at the start of a line', () => {
    const line = re(rule('layer-line').begin!);
    for (const word of layerWords()) {
      assert.ok(line.test(`${word} 3`), word);
      assert.ok(line.test(`  ${word.toUpperCase()}`), word);
    }
    for (const notLayer of ['convv2d 64 3', 'conv2dx 3', 'kernel=3', '# conv2d']) assert.ok(!line.test(notLayer), notLayer);
  });

  it('recognises a pasted Keras call only with its parenthesis right after the name', () => {
    const call = re(rule('keras-call').begin!);
    for (const s of ['Conv2D(64, 3)', 'tf.keras.layers.Dense(10)', '  layers.MaxPooling2D(pool_size=2)', 'Input(shape=(32, 32, 3))']) {
      assert.ok(call.test(s), s);
    }
    assert.ok(!call.test('maxpool2d (2, 2)'), 'netspec with a size in parentheses');
    assert.deepEqual(call.exec('tf.keras.layers.Dense(10)')?.slice(1), ['tf.keras.layers.', 'Dense', '(']);
  });

  it('numbers, sizes, keys and names', () => {
    const size = re(rule('size').match!);
    const number = re(rule('number').match!);
    assert.equal(size.exec('conv2d 64 3x5')?.[0], '3x5');
    assert.equal(size.exec('input 32x32x3')?.[0], '32x32x3');
    assert.equal(number.exec('normal(0.01)')?.[0], '0.01');
    assert.equal(number.exec('conv2d'), null, 'the 2 of conv2d is not a number');
    assert.equal(number.exec('1e-3 x')?.[0], '1e-3');
    const key = re(rule('keyword-argument').match!);
    assert.deepEqual(key.exec('padding=same')?.slice(1), ['padding', '=']);
    assert.deepEqual(key.exec("kernel_size = (2, 2)")?.slice(1), ['kernel_size', '=']);
    const activation = re(rule('activation').match!);
    for (const a of ACTIVATIONS) assert.ok(activation.test(`activation=${a.name}`), a.name);
    assert.ok(!activation.test('activation=relux'));
    const init = re(rule('initializer').match!);
    for (const i of INITIALIZERS) assert.ok(init.test(`init=${i.name}`), i.name);
    assert.ok(re(rule('constant').match!).test("padding='same'"));
    assert.ok(re(rule('comment').match!).test('dense 10 # output'));
  });
});

/** Expands a snippet body with each placeholder's default (first choice for `${1|a,b|}`). */
function expandSnippet(body: string[]): string {
  const values = new Map<string, string>();
  const text = body.join('\n');
  return text
    .replace(/\$\{(\d+)\|([^|]*)\|\}|\$\{(\d+):([^}]*)\}|\$\{(\d+)\}|\$(\d+)/g, (_m, n1, choices, n2, dflt, n3, n4) => {
      if (n1) return values.set(n1, choices.split(',')[0]).get(n1)!;
      if (n2) return values.set(n2, dflt).get(n2)!;
      return values.get(n3 ?? n4) ?? '';
    });
}

describe('features/snippets and language configuration', () => {
  const snippets = readJson('media/snippets.json') as Record<string, { prefix: string[]; body: string[]; description: string }>;

  it('each snippet expands to a clean spec with the totals its description states', () => {
    const expected: Record<string, number> = { 'Lecture model: CIFAR-10 CNN (Lecture 6)': 164682, 'Multilayer perceptron': 109386, 'LeNet-5': 61706 };
    assert.deepEqual(Object.keys(snippets).sort(), Object.keys(expected).sort());
    for (const [name, s] of Object.entries(snippets)) {
      const a = analyze(expandSnippet(s.body));
      assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'info'), [], name);
      assert.equal(a.totalParams, expected[name], name);
      const stated = /([\d,]{5,}) parameters/.exec(s.description);
      if (stated) assert.equal(Number(stated[1].replace(/,/g, '')), a.totalParams, `${name}: description`);
    }
  });

  it('"cnn", "lecture" and "model" each find the lecture snippet, every prefix being one word', () => {
    // VS Code filters snippets by the word before the cursor (the language's wordPattern) against
    // each prefix: a prefix that is not one word (`lecture-cnn`) is never matched whole.
    const word = new RegExp(`^(?:${readJson('media/language-configuration.json').wordPattern})$`);
    for (const [name, s] of Object.entries(snippets)) for (const p of s.prefix) assert.ok(word.test(p), `${name}: prefix ${p} is one word`);
    const lecture = Object.entries(snippets).find(([, s]) => s.body.some((l) => /Lecture 6/.test(l)));
    assert.ok(lecture, 'a snippet writes the lecture model');
    const [name, s] = lecture;
    for (const typed of ['cnn', 'lecture', 'model']) assert.ok(s.prefix.some((p) => p.startsWith(typed)), `typing ${typed} finds it`);
    assert.match(name, /lecture/i);
    assert.match(name, /model/i);
  });

  it('language configuration: # comments, brackets, auto-closing', () => {
    const config = readJson('media/language-configuration.json');
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [['(', ')'], ['[', ']']]);
    assert.ok(config.autoClosingPairs.some((p: { open: string }) => p.open === '('));
    const word = new RegExp(config.wordPattern);
    assert.equal(word.exec('  32x32x3 ')?.[0], '32x32x3', 'a size is one word (double-click selects it)');
  });

  it('every media file package.json names exists; the icon is a 128×128 PNG', () => {
    const pkg = readJson('package.json');
    const paths = [
      pkg.icon,
      ...pkg.contributes.languages.flatMap((l: { configuration: string; icon: { light: string; dark: string } }) => [l.configuration, l.icon.light, l.icon.dark]),
      ...pkg.contributes.grammars.map((g: { path: string }) => g.path),
      ...pkg.contributes.snippets.map((s: { path: string }) => s.path),
    ];
    for (const p of paths) assert.ok(existsSync(join(root, p)), p);
    const png = readFileSync(join(root, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });
});
