/**
 * The core's message catalogues: every id in both languages with the same placeholders, Korean
 * that is really Korean, and analyze() speaking Korean on request while keeping English, the
 * stable codes and the positions by default.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core';
import { analyzePython } from '../../../src/core/python';
import { catalogue, format, messagesFor, msg, numberLocale, parseLang, placeholdersOf, render, resolveLang, t, type MessageId } from '../../../src/core/i18n';
import { layerSummary } from '../../../src/core/i18n/layers';
import { ALL_LAYERS } from '../../../src/core';

const root = join(__dirname, '..', '..', '..');
const HANGUL = /[\uac00-\ud7a3]/;
// Every id: the core's and the webview apps' (src/core/i18n/apps/), as the catalogues join them.
const en = catalogue('en');
const ko = catalogue('ko');

/**
 * Ids whose Korean text may equal the English one: punctuation-only joins and lines made of
 * technical terms and formulas the lecture keeps in English.
 */
const SAME_IN_BOTH = new Set<MessageId>(['an.unevenBoth', 'parse.pytorchAdviceKeras', 'hover.totalMacsUnknown', 'py.paramsBatchnorm']);

describe('i18n catalogues', () => {
  const ids = Object.keys(en) as MessageId[];

  it('have the same ids in English and Korean', () => {
    assert.deepEqual(Object.keys(ko).sort(), [...ids].sort());
  });

  it('use the same placeholders in both languages, for every id', () => {
    const mismatched = ids.filter((id) => placeholdersOf(en[id]).join() !== placeholdersOf(ko[id]).join()).map((id) => `${id}: en {${placeholdersOf(en[id])}} ko {${placeholdersOf(ko[id])}}`);
    assert.deepEqual(mismatched, []);
  });

  it('translate every message into Korean (Hangul in each, apart from a few formula-only lines)', () => {
    const untranslated = ids.filter((id) => !SAME_IN_BOTH.has(id) && !HANGUL.test(ko[id]));
    assert.deepEqual(untranslated, []);
    for (const id of SAME_IN_BOTH) assert.ok(id in en, `${id} is allowlisted but does not exist`);
  });

  it('keep formula text and Keras words as the English has them', () => {
    // Any `code span` of the English that is a formula or a Keras spelling appears unchanged in Korean.
    for (const id of ids) {
      for (const span of en[id].match(/`[^`]*`/g) ?? []) assert.ok(ko[id].includes(span), `${id}: Korean lacks ${span}`);
      for (const formula of en[id].match(/ceil\(I\/S\)|f\(x\) = [^.]*|U\(−a, a\)|1\/\(1 − \{rate\}\)/g) ?? []) assert.ok(ko[id].includes(formula), `${id}: Korean lacks ${formula}`);
    }
  });

  it('render placeholders, nested messages and numbers', () => {
    const ref = msg('res.unknownLayer', { word: 'convv2d', hint: msg('common.didYouMean', { suggestion: 'conv2d' }) });
    assert.equal(render('en', ref), 'Unknown layer "convv2d". Did you mean `conv2d`?');
    assert.equal(render('ko', ref), '모르는 레이어입니다: "convv2d". 혹시 `conv2d`인가요?');
    assert.equal(t('en', 'ui.params', { n: '1,792' }), '1,792 params');
    assert.equal(t('ko', 'ui.params', { n: 3 }), '파라미터 3개');
    assert.equal(catalogue('ko'), ko);
  });

  it('hand a webview the templates it asks for, which it fills with format()', () => {
    const sent = messagesFor('ko', ['ui.params', 'ui.lensTrain']);
    assert.deepEqual(Object.keys(sent).sort(), ['ui.lensTrain', 'ui.params']);
    // What crosses postMessage is plain JSON.
    const received = JSON.parse(JSON.stringify(sent)) as Record<string, string>;
    assert.equal(format(received['ui.params'], { n: (164682).toLocaleString(numberLocale('ko')) }), '파라미터 164,682개');
    assert.equal(format('{a} and {b}', { a: 1 }), '1 and {b}');
    assert.equal(numberLocale('en'), 'en-US');
  });

  it('read the setting, the display language and POSIX locales', () => {
    assert.equal(resolveLang('auto', 'ko'), 'ko');
    assert.equal(resolveLang('auto', 'ko-KR'), 'ko');
    assert.equal(resolveLang('auto', 'ko_KR.UTF-8'), 'ko');
    assert.equal(resolveLang('auto', 'en-US'), 'en');
    assert.equal(resolveLang('auto', 'kok'), 'en'); // Konkani is not Korean
    assert.equal(resolveLang('auto', undefined), 'en');
    assert.equal(resolveLang('en', 'ko'), 'en');
    assert.equal(resolveLang('ko', 'en'), 'ko');
    assert.equal(resolveLang('fr', 'ko'), 'ko');
    assert.equal(parseLang('ko'), 'ko');
    assert.equal(parseLang('KO'), undefined);
    assert.equal(parseLang(1), undefined);
  });
});

describe('layer summaries', () => {
  it('every catalogue layer has a Korean summary; English is the catalogue\'s own', () => {
    for (const def of ALL_LAYERS) {
      assert.equal(layerSummary(def, 'en'), def.summary);
      assert.match(layerSummary(def, 'ko'), HANGUL, def.id);
    }
    assert.equal(layerSummary(ALL_LAYERS.find((d) => d.id === 'relu')!, 'ko'), 'ReLU 레이어: f(x) = max(0, x)');
  });
});

describe('analyze(text, { lang })', () => {
  const broken = readFileSync(join(root, 'examples', 'broken.netspec'), 'utf8');

  it('keeps English by default and gives every diagnostic and fix a message ref that renders to it', () => {
    const a = analyze(broken);
    assert.ok(a.diagnostics.length >= 4);
    for (const d of a.diagnostics) {
      assert.ok(d.messageRef, `${d.code} has no messageRef`);
      assert.equal(d.message, render('en', d.messageRef!));
      assert.ok(!HANGUL.test(d.message));
      for (const f of d.fixes ?? []) assert.equal(f.title, render('en', f.titleRef!));
    }
  });

  it('writes examples/broken.netspec diagnostics in Korean, with the same codes, severities, ranges and fixes', () => {
    const english = analyze(broken);
    const korean = analyze(broken, { lang: 'ko' });
    const where = (a: typeof english) => a.diagnostics.map((d) => [d.code, d.severity, d.line, d.start, d.end, (d.fixes ?? []).map((f) => f.newText)]);
    assert.deepEqual(where(korean), where(english));
    assert.deepEqual(
      korean.diagnostics.map((d) => d.code),
      ['uneven-stride', 'unknown-layer', 'unknown-activation', 'unknown-key'],
    );
    for (const d of korean.diagnostics) {
      assert.match(d.message, HANGUL, d.message);
      assert.notEqual(d.message, english.diagnostics.find((e) => e.line === d.line)!.message);
      for (const f of d.fixes ?? []) assert.match(f.title, HANGUL, f.title);
    }
    const [uneven, layer, activation, key] = korean.diagnostics;
    // The formula stays the lecture's; the words around it are Korean.
    assert.ok(uneven.message.startsWith('(32 + 2·0 − 3)/2 + 1 = 15.5 → 15: Keras는 내림하므로'), uneven.message);
    assert.match(layer.message, /"convv2d".*`conv2d`/);
    assert.match(activation.message, /"relux".*`relu`/);
    assert.match(key.message, /maxpool2d.*"strid".*`stride`/);
  });

  it('writes layer explanations in the same language, formulas unchanged', () => {
    const spec = 'input 32x32x3\nconv2d 64 2 padding=same activation=relu\nmaxpool2d 2\nflatten\ndense 10 activation=softmax trainable=False\n';
    const english = analyze(spec);
    const korean = analyze(spec, { lang: 'ko' });
    for (let i = 0; i < english.layers.length; i++) {
      const e = english.layers[i].explanation;
      const k = korean.layers[i].explanation;
      assert.deepEqual(k.axes.map((a) => a.formula), e.axes.map((a) => a.formula));
      assert.equal(k.params, e.params);
      assert.equal(k.notes.length, e.notes.length);
      for (const note of k.notes) assert.match(note, HANGUL, note);
    }
    assert.ok(korean.layers[0].explanation.notes.some((n) => n.includes('2×2×3')));
  });
});

describe('analyzePython(text, { lang })', () => {
  const fixtures = join(root, 'test', 'fixtures', 'python', 'torch');

  for (const name of ['bad_cifar_fc1_256.py', 'bad_conv_in_channels.py']) {
    it(`${name}: the warning and its fix in Korean, same code, range and edit`, () => {
      const text = readFileSync(join(fixtures, name), 'utf8');
      const english = analyzePython(text);
      const korean = analyzePython(text, { lang: 'ko' });
      assert.ok(english.diagnostics.length > 0);
      const where = (a: typeof english) => a.diagnostics.map((d) => [d.code, d.line, d.start, d.end, (d.fixes ?? []).map((f) => f.newText)]);
      assert.deepEqual(where(korean), where(english));
      for (let i = 0; i < korean.diagnostics.length; i++) {
        const [e, k] = [english.diagnostics[i], korean.diagnostics[i]];
        assert.doesNotMatch(e.message, HANGUL);
        assert.match(k.message, HANGUL, k.message);
        assert.equal(e.message, render('en', k.messageRef!));
        // PyTorch's own error text is quoted as PyTorch prints it.
        for (const quoted of e.message.match(/"[^"]+"/g) ?? []) assert.ok(k.message.includes(quoted), `${k.message} lacks ${quoted}`);
        for (const f of k.fixes ?? []) assert.match(f.title, HANGUL, f.title);
      }
    });
  }
});
