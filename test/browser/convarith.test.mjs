// The convolution-arithmetic picture in real headless Chromium under the real CSP. The host's
// part is played with the very messages the panel builds (src/panels/convarithLayer.ts) from the
// core's analysis of every example, so the picture's numbers are held against the core's.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { openWebview, repoRoot } from './harness.mjs';
import { HANGUL, englishRuns, visibleText } from './koreanScan.mjs';

const { analyze } = await tsImport('../../src/core/index.ts', import.meta.url);
const { convArithLayer, convArithLayerAt } = await tsImport('../../src/panels/convarithLayer.ts', import.meta.url);
const { l10nFor } = await tsImport('../../src/webview-host/html.ts', import.meta.url);

/** Every windowed layer of the examples, as the panel would send it. */
function exampleLayers() {
  const dir = join(repoRoot, 'examples');
  const out = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.netspec')).sort()) {
    for (const layer of analyze(readFileSync(join(dir, file), 'utf8')).layers) {
      const msg = convArithLayer(layer, file);
      if (!('reason' in msg)) out.push({ file, msg, shape: layer.outputShape });
    }
  }
  return out;
}

function layerFrom(text, line) {
  const found = convArithLayerAt(analyze(text), line, 'test.netspec');
  if ('reason' in found) throw new Error(found.reason);
  return found;
}

const data = (page, name) => page.$eval('[data-testid="convarith"]', (el, n) => el.getAttribute(`data-${n}`), name);

describe('convolution arithmetic (browser)', function () {
  let wv;
  let received = 0;
  /** Posts a layer and waits until the page has drawn it. */
  async function show(layer) {
    await wv.postToWebview({ type: 'layer', layer });
    received++;
    await wv.page.waitForFunction((n) => document.querySelector('[data-testid="convarith"]')?.getAttribute('data-received') === String(n), received, { timeout: 20_000 });
  }

  before(async () => {
    wv = await openWebview('convarith', { viewport: { width: 1300, height: 900 } });
    await wv.waitForMessage((m) => m.type === 'ready');
  });
  after(async () => {
    await wv?.close();
  });

  it('draws the output size the core computes, for every windowed layer of the examples', async () => {
    const layers = exampleLayers();
    assert.ok(layers.length >= 10, `only ${layers.length} windowed layers in the examples`);
    for (const { file, msg, shape } of layers) {
      await show(msg);
      const where = `${file}:${msg.line + 1}`;
      assert.deepEqual([Number(await data(wv.page, 'out-h')), Number(await data(wv.page, 'out-w'))], shape.slice(0, 2), where);
      assert.equal(Number(await data(wv.page, 'steps')), shape[0] * shape[1], where);
      // The zoomed grids never draw more than 20 cells per axis, however large the layer.
      for (const grid of ['input-grid', 'output-grid']) {
        const rows = Number(await wv.page.getAttribute(`[data-testid="${grid}"]`, 'data-rows'));
        assert.ok(rows >= 1 && rows <= 20, `${where}: ${grid} draws ${rows} rows`);
      }
    }
    assert.deepEqual(await wv.cspViolationsNow(), []);
    assert.deepEqual(wv.pageErrors, []);
  });

  it("playing the lecture's conv2d visits exactly O_h × O_w = 1024 windows, each once", async () => {
    const lecture = readFileSync(join(repoRoot, 'examples', 'lecture6-cifar.netspec'), 'utf8');
    const line = lecture.split('\n').findIndex((l) => l.startsWith('conv2d'));
    await show(layerFrom(lecture, line));
    await wv.page.selectOption('[data-testid="speed"]', '500');
    await wv.page.click('[data-testid="play"]');
    await wv.page.waitForSelector('[data-testid="convarith"][data-pass-done="true"]', { timeout: 120_000 });
    assert.equal(await data(wv.page, 'visits'), '1024');
    assert.equal(await data(wv.page, 'distinct'), '1024');
    assert.equal(await data(wv.page, 'playing'), 'false');
    // Keras's same with kernel 2 pads 0 top and 1 bottom: the formula shows it.
    assert.match(await wv.page.textContent('[data-testid="formula-h"]'), /^O = \(32 \+ 0 \+ 1 − 2\)\/1 \+ 1 = 32 = ceil\(32\/1\)$/);
    // 33 padded rows do not fit in 20 cells: a zoomed corner with an overview.
    assert.ok(await wv.page.$('[data-testid="input-overview"]'), 'an overview of the whole input');
  });

  it('the Step button visits every window of an uneven layer once, and the never-read row and column are named', async () => {
    await show(layerFrom('input 12x12x1\nconv2d 4 kernel=3 stride=2', 1));
    assert.match(await wv.page.textContent('[data-testid="formula-h"]'), /= 5\.5 → 5$/);
    let clicks = 0;
    while ((await data(wv.page, 'pass-done')) !== 'true') {
      await wv.page.click('[data-testid="step"]');
      clicks++;
      assert.ok(clicks <= 100, 'the pass never ends');
    }
    assert.equal(clicks + 1, 25, 'window 0 plus 24 steps: 5 × 5 windows');
    assert.equal(await data(wv.page, 'distinct'), '25');
    const unread = await wv.page.textContent('[data-testid="unread"]');
    assert.match(unread, /These inputs are never seen:\s*row 11; column 11/);
    assert.match(unread, /uneven stride/);
    assert.equal(await wv.page.locator('[data-testid="input-grid"] rect.unread').count(), 12 + 12 - 1, 'row 11 and column 11 drawn as never read');
    await wv.screenshot('convarith-uneven');
  });

  it('clicking an output cell shows the input window it came from', async () => {
    await show(layerFrom('input 9x9x3\nconv2d 4 kernel=3 stride=2 padding=1', 1));
    await wv.page.click('[data-testid="output-grid"] rect[data-row="1"][data-col="3"]');
    assert.equal(await data(wv.page, 'step'), String(1 * 5 + 3));
    // Window (1, 3): rows 1·2 − 1 = 1 … 3, columns 3·2 − 1 = 5 … 7.
    const taps = await wv.page.$$eval('[data-testid="input-grid"] rect.tap', (els) => els.map((e) => `${e.dataset.row},${e.dataset.col}`));
    assert.deepEqual(taps.sort(), ['1,5', '1,6', '1,7', '2,5', '2,6', '2,7', '3,5', '3,6', '3,7']);
    assert.match(await wv.page.textContent('[data-testid="step-text"]'), /start = o·S − P = 1·2 − 1 = 1/);
    assert.equal(await wv.page.locator('[data-testid="input-grid"] rect.pad').count(), 11 * 11 - 81, 'a one-cell ring of zeros');
  });

  it('a 224×224 input is drawn as a zoomed corner with an overview', async () => {
    await show(layerFrom('input 224x224x3\nconv2d 64 kernel=7 stride=2 padding=same', 1));
    assert.deepEqual([await data(wv.page, 'out-h'), await data(wv.page, 'out-w')], ['112', '112']);
    assert.equal(await wv.page.getAttribute('[data-testid="input-grid"]', 'data-rows'), '20');
    assert.ok(await wv.page.$('[data-testid="input-overview"]'));
    await wv.page.click('[data-testid="step"]');
    await wv.screenshot('convarith-224');
  });

  it('a line without a picture keeps the last one and says why', async () => {
    await wv.postToWebview({ type: 'noLayer', reason: 'Line 3 is a Flatten layer.' });
    await wv.page.waitForSelector('[data-testid="note"]');
    assert.match(await wv.page.textContent('[data-testid="note"]'), /Flatten/);
    assert.equal(await data(wv.page, 'out-h'), '112');
  });
});

describe('convolution arithmetic: keyboard (browser)', function () {
  it('→ and ← step the window, Space plays', async () => {
    const wv = await openWebview('convarith');
    try {
      await wv.waitForMessage((m) => m.type === 'ready');
      await wv.postToWebview({ type: 'layer', layer: layerFrom('input 6x6x1\nmaxpool2d 2', 1) });
      await wv.page.waitForSelector('[data-testid="output-grid"]');
      await wv.page.locator('body').click({ position: { x: 5, y: 5 } });
      await wv.page.keyboard.press('ArrowRight');
      await wv.page.keyboard.press('ArrowRight');
      await wv.page.keyboard.press('ArrowLeft');
      assert.equal(await data(wv.page, 'step'), '1');
      await wv.page.keyboard.press(' ');
      await wv.page.waitForSelector('[data-testid="convarith"][data-pass-done="true"]', { timeout: 30_000 });
      assert.equal(await data(wv.page, 'step'), '8', 'the last of 3 × 3 pooling windows');
    } finally {
      await wv.close();
    }
  });
});

describe('page bundles carry no catalogue (the host sends each page its texts)', function () {
  // Only the Train page analyses specs itself (src/core), which renders diagnostics from the catalogues.
  for (const app of ['convarith', 'activations', 'init', 'init-engine', 'optimizers']) {
    it(`dist/webview/${app}.js holds none of the catalogues' templates`, () => {
      const bundle = readFileSync(join(repoRoot, 'dist', 'webview', `${app}.js`), 'utf8');
      for (const id of ['convarith.pickLine', 'parse.pytorch', 'webview.missing']) {
        assert.ok(!new RegExp(`["']${id.replace('.', '\\.')}["']\\s*:`).test(bundle), `${app}.js bundles the template of ${id}`);
      }
    });
  }
});

describe('convolution arithmetic in Korean (browser)', function () {
  let wv;
  before(async () => {
    wv = await openWebview('convarith', { lang: 'ko', viewport: { width: 1300, height: 900 } });
    await wv.waitForMessage((m) => m.type === 'ready');
  });
  after(async () => {
    await wv?.close();
  });

  it('shows the waiting page, an uneven layer and a dilated one in Korean, with no English sentence left', async () => {
    assert.equal(await wv.page.evaluate(() => document.documentElement.lang), 'ko');
    const pages = [await visibleText(wv.page)];
    let received = 0;
    for (const [text, line] of [
      ['input 12x12x1\nconv2d 4 3 stride=3', 1],
      ['input 16x16x3\nconv2d 8 3 dilation=2 padding=same', 1],
      ['input 9x9x2\nmaxpool2d 2 stride=3', 1],
    ]) {
      await wv.postToWebview({ type: 'layer', layer: layerFrom(text, line) });
      received++;
      await wv.page.waitForFunction((n) => document.querySelector('[data-testid="convarith"]')?.getAttribute('data-received') === String(n), received, { timeout: 20_000 });
      pages.push(await visibleText(wv.page));
    }
    await wv.screenshot('convarith-ko');
    for (const page of pages) {
      assert.match(page, HANGUL);
      assert.deepEqual(englishRuns(page), [], page);
      assert.doesNotMatch(page, /⟦/, 'a text id has no template');
    }
  });

  it('switches to English at once when the host sends English texts, keeping the layer on screen', async () => {
    const before = await wv.page.$eval('[data-testid="convarith"]', (el) => el.getAttribute('data-out-h'));
    await wv.postToWebview(l10nFor('convarith', 'en'));
    await wv.page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 20_000 });
    const text = await visibleText(wv.page);
    assert.match(text, /Output \(/);
    assert.doesNotMatch(text, HANGUL);
    // The scan that passed the Korean page finds the English one's sentences: it can fail.
    assert.ok(englishRuns(text).length >= 3, `the scan found only ${englishRuns(text).join(' | ')}`);
    assert.equal(await wv.page.$eval('[data-testid="convarith"]', (el) => el.getAttribute('data-out-h')), before);
  });

  it('ignores a malformed l10n message (the texts stay)', async () => {
    await wv.postToWebview({ type: 'l10n', lang: 'ko', locale: 'ko-KR', messages: JSON.parse('{"__proto__": "x"}') });
    await wv.postToWebview({ type: 'l10n', lang: 'xx', locale: 'ko-KR', messages: {} });
    const text = await visibleText(wv.page);
    assert.match(text, /Output \(/);
  });
});
