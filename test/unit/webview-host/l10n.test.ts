// The page's texts as the host writes and sends them: each app gets exactly its catalogue's ids
// (and webview/shared's), in the language asked, inside a JSON block no template can escape.
import assert from 'node:assert/strict';
import { catalogue, type MessageId } from '../../../src/core/i18n';
import { WEBVIEW_MESSAGE_IDS } from '../../../src/core/i18n/apps/messageIds';
import { parseL10nMessage } from '../../../src/protocol/common';
import { L10N_ELEMENT_ID, WEBVIEW_APPS, l10nFor, makeNonce, renderWebviewHtml, scriptSafeJson } from '../../../src/webview-host/html';

describe('webview texts (l10nFor, the page JSON block, parseL10nMessage)', () => {
  it('has a catalogue for every webview app and none for an app that does not exist', () => {
    assert.deepEqual(Object.keys(WEBVIEW_MESSAGE_IDS).sort(), Object.keys(WEBVIEW_APPS).sort());
  });

  it("sends each app its own ids and the shared ones, in the language asked, with that language's number locale", () => {
    // The search page trains with webview/shared/training/, whose texts are the train catalogue's (pageSay.ts).
    const borrowed: Partial<Record<keyof typeof WEBVIEW_APPS, string>> = { search: 'train.' };
    for (const app of Object.keys(WEBVIEW_APPS) as (keyof typeof WEBVIEW_APPS)[]) {
      for (const lang of ['en', 'ko'] as const) {
        const sent = l10nFor(app, lang);
        const ids = Object.keys(sent.messages);
        const own = (id: string) => id.startsWith(`${app}.`) || id.startsWith('webview.') || (borrowed[app] !== undefined && id.startsWith(borrowed[app]));
        assert.ok(ids.every(own), `${app}: ${ids.filter((id) => !own(id))}`);
        assert.ok(ids.some((id) => id.startsWith(`${app}.`)), `${app} has no texts`);
        for (const id of ids) assert.equal(sent.messages[id], catalogue(lang)[id as MessageId]);
        assert.equal(sent.locale, lang === 'ko' ? 'ko-KR' : 'en-US');
        // What the host sends is what the page's parser accepts, unchanged.
        assert.deepEqual({ ...parseL10nMessage(JSON.parse(JSON.stringify(sent)))!, messages: { ...parseL10nMessage(sent)!.messages } }, { ...sent, messages: { ...sent.messages } });
      }
    }
  });

  it('writes the texts into the page so that no template can close the script element', () => {
    const hostile = { ...l10nFor('convarith', 'ko'), messages: { 'convarith.title': '</script><script>alert(1)</script>\u2028' } };
    const html = renderWebviewHtml({ title: 't', cspSource: 'https://x', nonce: makeNonce(), scriptUri: 'https://x/a.js', l10n: hostile });
    assert.equal(html.match(/<\/script>/g)?.length, 2, 'only the JSON block and the app script close');
    const block = html.slice(html.indexOf(`id="${L10N_ELEMENT_ID}">`) + `id="${L10N_ELEMENT_ID}">`.length, html.indexOf('</script>'));
    assert.deepEqual(JSON.parse(block), hostile);
    assert.match(html, /<html lang="ko">/);
    assert.equal(scriptSafeJson('<'), '"\\u003c"');
  });

  it('rejects malformed texts: a bad language or locale, an empty table, odd ids, non-string or huge templates', () => {
    const ok = { type: 'l10n', lang: 'ko', locale: 'ko-KR', messages: { 'a.b': 'x' } };
    assert.ok(parseL10nMessage(ok));
    for (const bad of [
      { ...ok, lang: 'fr' },
      { ...ok, locale: 'ko KR"' },
      { ...ok, messages: {} },
      { ...ok, messages: JSON.parse('{"__proto__": "x"}') },
      { ...ok, messages: { 'a b': 'x' } },
      { ...ok, messages: { 'a.b': 3 } },
      { ...ok, messages: { 'a.b': 'x'.repeat(5000) } },
      { ...ok, messages: ['x'] },
      { ...ok, type: 'other' },
    ]) {
      assert.equal(parseL10nMessage(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
    // The table is rebuilt without a prototype: extra fields are dropped.
    const parsed = parseL10nMessage({ ...ok, extra: 1 })!;
    assert.equal(Object.getPrototypeOf(parsed.messages), null);
    assert.equal('extra' in parsed, false);
  });
});
