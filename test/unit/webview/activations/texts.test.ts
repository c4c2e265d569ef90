// The activation explorer's words in both languages: the functions' descriptions (the registry's
// own, and their Korean twins in src/core/i18n/docs.ts), where a function kills the gradient, a failed run's reason, and the split that
// lets a translated sentence keep one word in <code>/<em>/<strong>.
import assert from 'node:assert/strict';
import { ACTIVATIONS } from '../../../../src/core';
import { catalogue, sayIn } from '../../../../src/core/i18n';
import { activationDoc } from '../../../../src/core/i18n/docs';
import { curvelessActivations, explorerCurves } from '../../../../webview/activations/curves';
import { BackendUnavailableError, failureText, rangesText } from '../../../../webview/activations/explorer';
import { MARK, splitAtMark } from '../../../../webview/activations/markup';

const HANGUL = /[\uac00-\ud7a3]/;

describe('webview/activations: texts in English and Korean', () => {
  it("describes every curve in both languages: the registry's own doc and its Korean twin", () => {
    const en = catalogue('en');
    const ko = catalogue('ko');
    for (const curve of explorerCurves()) {
      const def = ACTIVATIONS.find((a) => a.name === curve.id);
      if (def) {
        assert.equal(en[curve.doc], def.doc, curve.id);
        assert.equal(ko[curve.doc], activationDoc(def, 'ko'), curve.id);
      } else assert.equal(curve.id, 'maxout');
      assert.ok(en[curve.doc].length > 10, `${curve.id} has an English description`);
      assert.match(ko[curve.doc], HANGUL, `${curve.id} has a Korean description`);
    }
    for (const c of curvelessActivations()) {
      assert.ok(c.note, `${c.name} says why it has no curve`);
      assert.match(sayIn('ko')(c.note), HANGUL);
      assert.match(sayIn('en')(c.note), /no curve/);
    }
  });

  it("says where a function kills the gradient in measure.ts's notation, none and everywhere in words", () => {
    const en = sayIn('en');
    const ko = sayIn('ko');
    const sigmoid = [{ from: -Infinity, to: -4.6 }, { from: 4.6, to: Infinity }];
    assert.equal(rangesText(sigmoid, en), 'x < −4.60, x > 4.60');
    assert.equal(rangesText(sigmoid, ko), 'x < −4.60, x > 4.60');
    assert.equal(rangesText([], en), 'none');
    assert.equal(rangesText([], ko), '없음');
    // Maxout with both slopes 0 is flat: f′ = 0 for every x.
    assert.equal(rangesText([{ from: -Infinity, to: Infinity }], en), 'everywhere');
    assert.equal(rangesText([{ from: -Infinity, to: Infinity }], ko), '모든 곳');
  });

  it("words a missing backend in the page's language and passes any other error through", () => {
    const missing = new BackendUnavailableError('cpu');
    assert.equal(failureText(missing, sayIn('en')), 'TF.js has no cpu backend here');
    assert.match(failureText(missing, sayIn('ko')), /^여기서는 TF\.js의 cpu 백엔드/);
    assert.equal(failureText(new Error('WebGL context lost'), sayIn('ko')), 'Error: WebGL context lost');
  });

  it('splits a sentence where its marked word goes, in either word order', () => {
    const [lead, rest] = splitAtMark(sayIn('en')('activations.lede', { grad: MARK }));
    assert.ok(lead.endsWith('(dashed, from ') && rest.startsWith(') for the functions you tick'), `${lead}|${rest}`);
    const [before, after] = splitAtMark(sayIn('ko')('activations.deadIntro', { dead: MARK }));
    assert.ok(before.endsWith('unit은 ') && after.startsWith(' unit입니다'), `${before}|${after}`);
    assert.deepEqual(splitAtMark('no mark here'), ['no mark here', '']);
  });
});
