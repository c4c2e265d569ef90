// The one page writer (src/webview-host/html.ts): its Content-Security-Policy and escaping.
import assert from 'node:assert/strict';
import { WEBVIEW_APPS, WEBVIEW_RESOURCE_ROOTS, renderWebviewHtml, webviewCsp, makeNonce } from '../../../src/webview-host/html';

describe('webview page (renderWebviewHtml)', () => {
  it('writes a strict CSP: nothing by default, scripts by nonce, no eval', () => {
    const nonce = makeNonce();
    const raw = renderWebviewHtml({ title: 'T <x>', cspSource: 'https://cdn.example', nonce, scriptUri: 'https://cdn.example/a.js', styleUris: ['https://cdn.example/c.css'] });
    // Quotes are entity-escaped inside the content attribute; the browser reads them back as '.
    const html = raw.replace(/&#39;/g, "'");
    assert.match(html, new RegExp(`script-src 'nonce-${nonce}';`));
    assert.match(html, /default-src 'none'/);
    assert.doesNotMatch(html, /unsafe-eval|wasm-unsafe-eval|connect-src/);
    assert.match(html, new RegExp(`<script nonce="${nonce}" src="https://cdn.example/a.js">`));
    assert.match(html, /<title>T &lt;x&gt;<\/title>/);
  });

  it("adds only 'wasm-unsafe-eval' and connect-src to our origin for WASM", () => {
    const csp = webviewCsp({ cspSource: 'https://cdn.example', nonce: 'n'.repeat(20), wasm: true });
    assert.match(csp, /script-src 'nonce-n+' 'wasm-unsafe-eval';/);
    assert.match(csp, /connect-src https:\/\/cdn.example; base-uri 'none'; form-action 'none'$/);
  });

  it('adds only connect-src to our origin and worker-src blob: for a compute worker, never eval', () => {
    const csp = webviewCsp({ cspSource: 'https://cdn.example', nonce: 'n'.repeat(20), worker: true });
    assert.match(csp, /script-src 'nonce-n+';/);
    assert.match(csp, /connect-src https:\/\/cdn.example; worker-src blob:; base-uri 'none'; form-action 'none'$/);
    assert.doesNotMatch(csp, /eval/);
  });

  it('gives each webview app only what it uses: WASM and a worker for Train, the init lab, the activation explorer and the search, a worker for the data explorer, nothing for the convolution picture', () => {
    assert.deepEqual(
      Object.entries(WEBVIEW_APPS).map(([app, p]) => [app, p.wasm, p.worker]),
      [
        ['train', true, true],
        ['activations', true, true],
        ['init', true, true],
        ['convarith', false, false],
        ['optimizers', false, false],
        ['data', false, true],
        ['search', true, true],
      ],
    );
  });

  it('refuses a weak nonce and escapes body attributes', () => {
    assert.throws(() => renderWebviewHtml({ title: '', cspSource: 'x', nonce: 'abc', scriptUri: '' }), /nonce must be 16\+/);
    const html = renderWebviewHtml({ title: '', cspSource: 'x', nonce: makeNonce(), scriptUri: '', bodyAttrs: { 'data-x': '"><script>', 'bad name': 'v' } });
    assert.match(html, /data-x="&quot;&gt;&lt;script&gt;"/);
    assert.doesNotMatch(html, /bad name/);
    assert.notEqual(makeNonce(), makeNonce());
  });

  it("forbids <base> and form submissions on every app's page", () => {
    for (const p of Object.values(WEBVIEW_APPS)) {
      const csp = webviewCsp({ cspSource: 'https://cdn.example', nonce: 'n'.repeat(20), wasm: p.wasm, worker: p.worker });
      assert.match(csp, /(^|; )base-uri 'none'(;|$)/);
      assert.match(csp, /(^|; )form-action 'none'(;|$)/);
    }
  });

  it('lets webviews load the webview bundles and media only, not the host code in dist/', () => {
    assert.deepEqual([...WEBVIEW_RESOURCE_ROOTS], ['dist/webview', 'media']);
  });
});
