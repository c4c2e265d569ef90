import assert from 'node:assert/strict';
import { checkSettings, lossModeFor } from '../../../webview/train/trainConfig';
import { accuracyOf, confusionMatrix, decimate, divergenceMessage, etaSeconds, formatDuration, RateMeter } from '../../../webview/train/stats';
import { WEBVIEW_APPS, renderWebviewHtml, webviewCsp, makeNonce } from '../../../src/webview-host/html';
import { trainSpecFromAnalysis } from '../../../src/protocol/train';
import { analyze } from '../../../src/core';

const settings = { optimizer: 'adam' as const, learningRate: 0.01, batchSize: 32, epochs: 1, validationSplit: 0.2, seed: 1 };

describe('train statistics and settings', () => {
  it('counts a confusion matrix and its accuracy', () => {
    const m = confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3);
    assert.deepEqual(m, [[1, 1, 0], [0, 1, 0], [1, 0, 2]]);
    assert.equal(accuracyOf(m), 4 / 6);
  });

  it('estimates time left and formats durations', () => {
    assert.equal(etaSeconds(100, 1100, 50), 20);
    assert.equal(etaSeconds(0, 100, 0), undefined);
    assert.deepEqual([formatDuration(0.42), formatDuration(42), formatDuration(185), formatDuration(3720), formatDuration(undefined)],
      ['0.4 s', '42 s', '3 min 05 s', '1 h 02 min', '–']);
  });

  it('smooths samples per second', () => {
    const r = new RateMeter(0.5);
    assert.equal(r.add(100, 1), 100);
    assert.equal(r.add(300, 1), 200);
  });

  it('keeps curves small by averaging', () => {
    const d = decimate([1, 2, 3, 4], [1, 3, 5, 7], 2);
    assert.deepEqual(d, { xs: [2, 4], ys: [2, 6] });
  });

  it('names the step and suggests a lower learning rate when the loss diverges', () => {
    const text = divergenceMessage({ loss: Number.NaN, epoch: 2, batch: 3, step: 18, learningRate: 0.5 });
    assert.match(text, /became NaN at step 18 \(epoch 2, batch 3\)/);
    assert.match(text, /learning rate 0.5 is probably too high: try 0.05 or lower/);
    assert.match(divergenceMessage({ loss: Infinity, epoch: 1, batch: 1, step: 1, learningRate: 1 }), /became Infinity/);
  });

  it('checks typed settings', () => {
    assert.equal(checkSettings(settings, 100), undefined);
    assert.match(checkSettings({ ...settings, learningRate: Number.NaN }, 100) ?? '', /learning rate must be a positive number; got NaN/);
    assert.match(checkSettings({ ...settings, learningRate: -1 }, 100) ?? '', /learning rate/);
    assert.match(checkSettings({ ...settings, batchSize: 2.5 }, 100) ?? '', /batch size/);
    assert.match(checkSettings({ ...settings, epochs: 0 }, 100) ?? '', /Epochs/);
    assert.match(checkSettings({ ...settings, validationSplit: 0.95 }, 100) ?? '', /validation split/);
  });

  it('picks the loss from the last layer', () => {
    const spec = (t: string) => trainSpecFromAnalysis('u', 'f', analyze(t)).layers;
    assert.equal(lossModeFor(spec('input 2\ndense 3 activation=softmax')).mode, 'softmax');
    assert.equal(lossModeFor(spec('input 2\ndense 1 activation=sigmoid')).mode, 'sigmoid');
    const logits = lossModeFor(spec('input 2\ndense 3'));
    assert.equal(logits.mode, 'logits');
    assert.match(logits.note ?? '', /treated as scores \(logits\)/);
  });
});

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
    assert.match(csp, /connect-src https:\/\/cdn.example$/);
  });

  it('adds only connect-src to our origin and worker-src blob: for a compute worker, never eval', () => {
    const csp = webviewCsp({ cspSource: 'https://cdn.example', nonce: 'n'.repeat(20), worker: true });
    assert.match(csp, /script-src 'nonce-n+';/);
    assert.match(csp, /connect-src https:\/\/cdn.example; worker-src blob:$/);
    assert.doesNotMatch(csp, /eval/);
  });

  it('gives each webview app only what it uses: WASM for Train and the init lab, a worker for the init lab', () => {
    assert.deepEqual(
      Object.entries(WEBVIEW_APPS).map(([app, p]) => [app, p.wasm, p.worker]),
      [
        ['train', true, false],
        ['activations', false, false],
        ['init', true, true],
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
});
