/**
 * netlens.language = ko reaches the catalogue's documentation: completion's details pane, the
 * word hover on keys and values, the layer hover and signature help render Korean (Hangul, no
 * English sentence outside the terms the lecture keeps in English), formulas as in English; in
 * English they stay the catalogue's own text.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVATIONS, ALL_LAYERS, INITIALIZERS, analyze, findLayer } from '../../../src/core';
import { completionsAt } from '../../../src/features/pure/completion';
import { hoverMarkdownAt, wordHoverMarkdownAt } from '../../../src/features/pure/hover';
import { signatureAt } from '../../../src/features/pure/signature';
import { HANGUL, englishProse, hasProse } from '../korean';

const examples = join(__dirname, '..', '..', '..', 'examples');

function assertKorean(where: string, text: string | undefined): void {
  assert.ok(text, `${where}: nothing rendered`);
  assert.match(text, HANGUL, `${where}: no Hangul in\n${text}`);
  assert.deepEqual(englishProse(text), [], `${where}: English prose in\n${text}`);
}

describe('features in Korean: catalogue docs', () => {
  it('the prose check finds an English sentence and lets technical terms through', () => {
    assert.deepEqual(englishProse('창의 크기 F. The window moves per step.'), ['The window moves']);
    assert.deepEqual(englishProse('dead ReLU에 주의하세요: `O = (I + 2P − F)/S + 1`, ```netspec\nconv2d FILTERS the kernel size\n```'), []);
  });

  it('completion: every layer\'s details pane (doc, rules, arguments) is Korean', () => {
    const items = completionsAt('', 0, 'ko');
    assert.equal(items.length, ALL_LAYERS.length);
    for (const item of items) {
      assertKorean(`layer ${item.label}`, item.documentation);
      assertKorean(`layer ${item.label} detail`, item.detail);
    }
    const conv = items.find((i) => i.label === 'conv2d')!;
    // Formulas stay the lecture's; the netspec usage line is code.
    assert.ok(conv.documentation.includes('(F_h·F_w·C_in + 1)·filters (bias가 없으면 +1 없음)'), conv.documentation);
    assert.ok(conv.documentation.includes('conv2d FILTERS KERNEL [STRIDE] [PADDING]'), conv.documentation);
    assert.ok(conv.documentation.includes('O = floor((I + 2P − F_eff)/S) + 1'), conv.documentation);
  });

  it('completion: every key of every layer, and every value offered, explains itself in Korean', () => {
    let keys = 0;
    let values = 0;
    for (const def of ALL_LAYERS) {
      for (const item of completionsAt(`${def.id} `, def.id.length + 1, 'ko')) {
        if (item.kind !== 'key') continue;
        keys++;
        assertKorean(`${def.id} ${item.label}`, item.documentation);
        const line = `${def.id} ${item.label}`;
        for (const value of completionsAt(line, line.length, 'ko')) {
          values++;
          assertKorean(`${line}${value.label}`, value.documentation);
        }
      }
    }
    assert.ok(keys >= 30 && values >= ACTIVATIONS.length + INITIALIZERS.length + 2, `${keys} keys, ${values} values`);
    const same = completionsAt('conv2d 64 3 padding=', 20, 'ko').find((i) => i.label === 'same')!;
    assert.match(same.documentation, /^\*\*same\*\*: O = ⌈I\/S⌉가 되도록 0을 채웁니다/);
  });

  it('completion in English keeps the catalogue\'s own words', () => {
    const padding = findLayer('conv2d')!.args.find((a) => a.name === 'padding')!;
    const same = completionsAt('conv2d 64 3 padding=', 20, 'en').find((i) => i.label === 'same')!;
    assert.equal(same.documentation, `**same**: ${padding.valueDocs!.same}\n\n${padding.doc}`);
    const relu = completionsAt('dense 10 activation=', 20, 'en').find((i) => i.label === 'relu')!;
    assert.ok(relu.documentation.includes(ACTIVATIONS.find((a) => a.name === 'relu')!.doc));
    assert.doesNotMatch(relu.documentation, HANGUL);
  });

  it('hover on a key or a value: every argument, activation and initializer in Korean', () => {
    for (const def of ALL_LAYERS) {
      for (const arg of def.args) {
        const line = `${def.id} ${arg.name}=1`;
        assertKorean(line, wordHoverMarkdownAt(line, def.id.length + 2, 'ko')?.markdown);
      }
    }
    for (const word of [...ACTIVATIONS.map((a) => a.name), ...INITIALIZERS.map((i) => i.name), 'same', 'valid']) {
      const line = `conv2d 64 3 activation=${word}`;
      assertKorean(line, wordHoverMarkdownAt(line, line.length - 1, 'ko')?.markdown);
    }
    const padding = wordHoverMarkdownAt('conv2d 64 2 padding=same', 13, 'ko')!.markdown;
    assert.ok(padding.startsWith('**padding** (conv2d): `valid`(padding 없음, P = 0), `same`(출력 = ceil(I/S)'), padding);
    const he = wordHoverMarkdownAt('conv2d 64 2 init=he_normal', 20, 'ko')!.markdown;
    assert.ok(he.startsWith('**He normal** `W = randn · √(2 / fan_in)`\n\nReLU용입니다.'), he);
  });

  it('the layer hover of every example spec is Korean, with the same formulas as in English', () => {
    for (const file of readdirSync(examples).filter((f) => f.endsWith('.netspec'))) {
      const text = readFileSync(join(examples, file), 'utf8');
      const korean = analyze(text, { lang: 'ko' });
      const english = analyze(text);
      text.split('\n').forEach((_, line) => {
        const ko = hoverMarkdownAt(korean, line, 'ko');
        const en = hoverMarkdownAt(english, line, 'en');
        if (!ko || !en) return;
        assertKorean(`${file}:${line + 1}`, ko.markdown);
        // Formula spans read the same; a span with words (BatchNormalization's parameter split) is translated.
        for (const span of (en.markdown.match(/`[^`]*`/g) ?? []).filter((s) => !hasProse(s.slice(1, -1)))) assert.ok(ko.markdown.includes(span), `${file}:${line + 1}: Korean lacks ${span}`);
      });
    }
  });

  it('signature help: every parameter of every layer documented in Korean', () => {
    for (const def of ALL_LAYERS) {
      const line = `${def.id} `;
      const sig = signatureAt(line, line.length, 'ko');
      assert.ok(sig, def.id);
      assertKorean(`${def.id} signature`, sig.documentation);
      for (const p of sig.parameters) assertKorean(`${def.id} ${sig.label.slice(...p.label)}`, p.documentation);
    }
  });
});

describe('a missing argument\'s diagnostic quotes its doc in the diagnostic\'s language', () => {
  it('conv2d without filters: Korean doc in Korean, English doc in English', () => {
    const spec = 'input 32x32x3\nconv2d\n';
    const [ko] = analyze(spec, { lang: 'ko' }).diagnostics.filter((d) => d.code === 'missing-arg');
    const [en] = analyze(spec).diagnostics.filter((d) => d.code === 'missing-arg');
    assert.equal(ko.message, 'conv2d에는 `filters` 인자가 꼭 필요합니다: filter 개수 = 출력 채널 수. 예: conv2d 32 3');
    assert.equal(en.message, 'conv2d needs `filters`: Number of filters = output channels. For example: conv2d 32 3');
  });
});
