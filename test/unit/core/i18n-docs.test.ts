/**
 * The catalogue's documentation in Korean (src/core/i18n/docs.ts): every doc a student can see
 * (layer, argument, value, activation, α, initializer, shape and parameter rules) has a Korean
 * twin keyed by the same name, written in Hangul, keeping the English's `code spans`, numbers
 * and formula pieces; English stays the catalogue's own text.
 */
import assert from 'node:assert/strict';
import { ACTIVATIONS, ALL_LAYERS, INITIALIZERS, type LayerDef } from '../../../src/core';
import {
  ACTIVATION_DOC_KO, ALPHA_DOC_KO, ARG_DOC_KO, INITIALIZER_DOC_KO, LAYER_DOC_KO, PARAM_RULE_KO, SHAPE_RULE_KO, VALUE_DOC_KO,
  activationDoc, alphaDoc, argDoc, argDocKey, initializerDoc, layerDoc, paramRule, shapeRule, valueDoc,
} from '../../../src/core/i18n/docs';
import { HANGUL, englishProse, formulaPieces, hasProse } from '../korean';

function assertTwin(where: string, english: string, korean: string | undefined): void {
  assert.ok(korean !== undefined, `${where}: no Korean twin of "${english}"`);
  assert.match(korean, HANGUL, `${where}: the Korean twin is not Korean: ${korean}`);
  assert.deepEqual(englishProse(korean), [], `${where}: English prose left in ${korean}`);
  for (const piece of formulaPieces(english)) assert.ok(korean.includes(piece), `${where}: Korean lacks ${piece}\n  en: ${english}\n  ko: ${korean}`);
}

describe('catalogue docs in Korean', () => {
  it('finds the formula pieces that a twin must keep (the check itself works)', () => {
    assert.deepEqual(formulaPieces('No padding (P = 0): the window stays inside, O = ⌊(I − F)/S⌋ + 1.'), ['0', '⌊(I', 'F)/S⌋', '1']);
    assert.deepEqual(formulaPieces('Zero padding so that O = ⌈I/S⌉ (`same`).'), ['`same`', '⌈I/S⌉']);
    assert.throws(() => assertTwin('x', 'Slope for x < 0 (the lecture uses 0.01).', 'x < 0 쪽의 기울기 (강의에서는 0.1).'), /Korean lacks 0\.01/);
    assert.throws(() => assertTwin('x', 'Window size F.', 'Window size F.'), /not Korean/);
    assert.equal(hasProse('(N_in + 1)·units (no +1 without bias)'), true);
    assert.equal(hasProse('H×W×C → (H + top + bottom)×(W + left + right)×C'), false);
  });

  it('every layer doc has a Korean twin; English is the catalogue\'s own', () => {
    for (const def of ALL_LAYERS) {
      assert.equal(layerDoc(def, 'en'), def.doc);
      assertTwin(`layer ${def.id}`, def.doc, layerDoc(def, 'ko'));
    }
  });

  it('every argument doc of every layer has a Korean twin, and a twin shared by name stands for one English text', () => {
    const englishByKey = new Map<string, { text: string; where: string }>();
    for (const def of ALL_LAYERS) {
      for (const arg of def.args) {
        const key = argDocKey(def, arg);
        assert.ok(key in ARG_DOC_KO, `${def.id}.${arg.name}: no Korean twin (key ${key})`);
        const seen = englishByKey.get(key);
        if (seen) assert.equal(arg.doc, seen.text, `${def.id}.${arg.name} shares the twin "${key}" with ${seen.where}, but its English differs: give it its own "${def.id}.${arg.name}" key`);
        else englishByKey.set(key, { text: arg.doc, where: `${def.id}.${arg.name}` });
        assert.equal(argDoc(def, arg, 'en'), arg.doc);
        assertTwin(`${def.id}.${arg.name}`, arg.doc, argDoc(def, arg, 'ko'));
      }
    }
    // No twin is left over from an argument the catalogue no longer has.
    assert.deepEqual(Object.keys(ARG_DOC_KO).filter((k) => !englishByKey.has(k)), []);
  });

  it('every value doc (padding=valid, same) has a Korean twin', () => {
    const keys: string[] = [];
    for (const def of ALL_LAYERS) {
      for (const arg of def.args) {
        for (const [value, english] of Object.entries(arg.valueDocs ?? {})) {
          keys.push(`${arg.name}.${value}`);
          assert.equal(valueDoc(arg, value, 'en'), english);
          assertTwin(`${def.id}.${arg.name}=${value}`, english, valueDoc(arg, value, 'ko'));
        }
      }
    }
    assert.deepEqual(Object.keys(VALUE_DOC_KO).filter((k) => !keys.includes(k)), []);
  });

  it('every activation and initializer doc, and every α doc, has a Korean twin', () => {
    for (const a of ACTIVATIONS) {
      assert.equal(activationDoc(a, 'en'), a.doc);
      assertTwin(`activation ${a.name}`, a.doc, activationDoc(a, 'ko'));
      if (a.alpha) assertTwin(`activation ${a.name} alpha`, a.alpha.doc, alphaDoc(a, 'ko'));
      else assert.equal(alphaDoc(a, 'ko'), undefined);
    }
    for (const init of INITIALIZERS) {
      assert.equal(initializerDoc(init, 'en'), init.doc);
      assertTwin(`initializer ${init.name}`, init.doc, initializerDoc(init, 'ko'));
    }
    assert.deepEqual(Object.keys(ACTIVATION_DOC_KO).sort(), ACTIVATIONS.map((a) => a.name).sort());
    assert.deepEqual(Object.keys(ALPHA_DOC_KO).sort(), ACTIVATIONS.filter((a) => a.alpha).map((a) => a.name).sort());
    assert.deepEqual(Object.keys(INITIALIZER_DOC_KO).sort(), INITIALIZERS.map((i) => i.name).sort());
  });

  it('every shape and parameter rule with words has a Korean twin; formula-only rules read the same', () => {
    const rules: Array<[string, (d: LayerDef, l: 'en' | 'ko') => string, (d: LayerDef) => string]> = [
      ['shape', shapeRule, (d) => d.shapeRule],
      ['params', paramRule, (d) => d.paramRule],
    ];
    for (const def of ALL_LAYERS) {
      for (const [what, rule, own] of rules) {
        assert.equal(rule(def, 'en'), own(def));
        if (hasProse(own(def))) assertTwin(`${def.id} ${what} rule`, own(def), rule(def, 'ko'));
        else assert.equal(rule(def, 'ko'), own(def), `${def.id} ${what} rule is a formula: the same in Korean`);
      }
    }
    const ids = new Set(ALL_LAYERS.map((d) => d.id));
    assert.deepEqual([...Object.keys(SHAPE_RULE_KO), ...Object.keys(PARAM_RULE_KO), ...Object.keys(LAYER_DOC_KO)].filter((k) => !ids.has(k)), []);
  });
});
