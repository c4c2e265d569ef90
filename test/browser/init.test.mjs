// The weight-initialization lab in real headless Chromium with WebGL (SwiftShader), under the real
// CSP. Every statistic asserted is computed by TF.js in the page from the network it built.
import assert from 'node:assert/strict';
import { tsImport } from 'tsx/esm/api';
import { assertNoFreeze, openWebview } from './harness.mjs';
import { HANGUL, englishRuns, visibleText } from './koreanScan.mjs';
const { l10nFor } = await tsImport('../../src/webview-host/html.ts', import.meta.url);

/** Waits until the lab shows a fresh result for `init` (spec text) and activation, then reads its layer rows. */
async function layerStats(page, init, activation, which = 'a') {
  await page.waitForFunction(
    ([init, activation, which]) => {
      const root = document.querySelector('[data-testid="init-lab"]');
      const table = document.querySelector(`[data-testid="layer-stats-${which}"]`);
      return root?.dataset.status === 'ready' && table?.dataset.init === init && table?.dataset.activation === activation;
    },
    [init, activation, which],
    { timeout: 120_000 },
  );
  return page.$$eval(`[data-testid="layer-stats-${which}"] tbody tr`, (rows) =>
    rows.map((r) => ({ mean: Number(r.dataset.mean), std: Number(r.dataset.std), meanAbs: Number(r.dataset.meanabs), grad: Number(r.dataset.grad) })),
  );
}

async function setField(page, testid, value) {
  await page.fill(`[data-testid="${testid}"]`, String(value));
  await page.press(`[data-testid="${testid}"]`, 'Enter');
  await page.locator(`[data-testid="${testid}"]`).blur();
}

describe('weight-initialization lab (browser, WebGL)', function () {
  let wv;
  const hostSaw = [];
  before(async () => {
    wv = await openWebview('init', {
      // Plays the extension host: answers useInit as the real panel would after its WorkspaceEdit.
      hostMessages: async (msg, post) => {
        hostSaw.push(msg);
        // netlens.initLab.backend = webgl: auto would pick WASM over this machine's emulated WebGL.
        if (msg.type === 'ready') await post({ type: 'settings', backend: 'webgl' });
        if (msg.type === 'useInit') await post({ type: 'useInitResult', ok: true, changed: 2, message: `Set init=${msg.init.name} on 2 layers of t.netspec` });
      },
    });
    await wv.waitForMessage((m) => m.type === 'ready');
  });
  after(async () => {
    await wv?.close();
  });

  it('the default experiment (10 × 500, batch 1000, tanh, N(0, 0.01)): std shrinks monotonically towards 0', async () => {
    const { page } = wv;
    await page.waitForFunction(() => /webgl/.test(document.querySelector('[data-testid="backend"]')?.textContent ?? ''), null, { timeout: 60_000 });
    const layers = await layerStats(page, 'normal(0.01)', 'tanh');
    assert.equal(await page.getAttribute('[data-testid="backend"]', 'data-where'), 'worker', 'TF.js runs in a Web Worker');
    assert.equal(layers.length, 10);
    for (let l = 1; l < layers.length; l++) {
      assert.ok(layers[l].std < layers[l - 1].std, `layer ${l + 1} std ${layers[l].std} < layer ${l} std ${layers[l - 1].std}`);
    }
    assert.ok(layers[9].std < 1e-4, `layer 10 std is nearly 0: ${layers[9].std}`);
    // With each std ~0.1× the previous, the first layer's std is about 0.01·√500·std(x) ≈ 0.22.
    assert.ok(layers[0].std > 0.1 && layers[0].std < 0.4, `layer 1 std ${layers[0].std}`);
    assert.deepEqual(await wv.cspViolationsNow(), []);
  });

  it('N(0, 1): tanh saturates, deep layers have mean |activation| > 0.9', async () => {
    const { page } = wv;
    // The remaining cases use 200 samples (100,000 activations per layer) to keep this tier short.
    await setField(page, 'net-batch', 200);
    await layerStats(page, 'normal(0.01)', 'tanh');
    // From the click on, the old histograms say they are outdated (a MutationObserver sees it
    // however fast the recompute is), and stop saying so once the new ones are in.
    await page.evaluate(() => {
      window.__outdated = [];
      const root = document.querySelector('[data-testid="init-lab"]');
      new MutationObserver(() => {
        const results = document.querySelector('[data-testid="results"]');
        if (results?.dataset.outdated === 'true') window.__outdated.push(document.querySelector('[data-testid="outdated-note"]')?.textContent ?? '');
      }).observe(root, { subtree: true, attributes: true, childList: true, characterData: true });
    });
    await page.click('[data-testid="init-a-big"]');
    const layers = await layerStats(page, 'normal(1)', 'tanh');
    const notes = await page.evaluate(() => window.__outdated);
    assert.ok(notes.length > 0, 'the results were marked outdated while recomputing');
    assert.match(notes[0], /Outdated: what follows is for A: N\(0, 0\.01\); recomputing for N\(0, 1\)/);
    assert.equal(await page.getAttribute('[data-testid="results"]', 'data-outdated'), 'false');
    for (const l of layers.slice(4)) assert.ok(l.meanAbs > 0.9, `mean |h| ${l.meanAbs} > 0.9`);
  });

  it('Xavier keeps layer 10 std within a factor 3 of layer 1', async () => {
    const { page } = wv;
    await page.click('[data-testid="init-a-xavier"]');
    const layers = await layerStats(page, 'glorot_normal', 'tanh');
    const ratio = layers[0].std / layers[9].std;
    assert.ok(ratio < 3 && ratio > 1 / 3, `layer1/layer10 std ratio ${ratio}`);
    assert.ok(layers[9].std > 0.1, `layer 10 still spread: ${layers[9].std}`);
  });

  it('ReLU: He keeps the spread roughly constant, Xavier halves it layer by layer', async () => {
    const { page } = wv;
    await page.selectOption('[data-testid="net-activation"]', 'relu');
    const xavier = await layerStats(page, 'glorot_normal', 'relu');
    assert.ok(xavier[9].std / xavier[0].std < 0.1, `Xavier+ReLU collapses: ${xavier[0].std} -> ${xavier[9].std}`);
    // One x-axis for all layers by default, so the collapse shows; the toggle gives each its own.
    const axis = (await page.getAttribute('[data-testid="hist-a"]', 'data-axis')).split(',').map(Number);
    assert.equal(axis[0], 0, 'ReLU: the shared axis starts at 0');
    assert.ok(axis[1] > 20 * xavier[9].std, `the shared axis spans layer 1, far past layer 10's spread: ${axis}`);
    await page.uncheck('[data-testid="shared-axis"]');
    assert.equal(await page.getAttribute('[data-testid="hist-a"]', 'data-axis'), 'own');
    await page.check('[data-testid="shared-axis"]');
    const tensorsBefore = Number(await page.getAttribute('[data-testid="tf-memory"]', 'data-tensors'));
    await page.click('[data-testid="init-a-he"]');
    const he = await layerStats(page, 'he_normal', 'relu');
    const tensorsAfter = Number(await page.getAttribute('[data-testid="tf-memory"]', 'data-tensors'));
    assert.equal(tensorsAfter, tensorsBefore, 'a recompute leaves no tensor behind (tf.tidy)');
    const stds = he.map((l) => l.std);
    const spread = Math.max(...stds) / Math.min(...stds);
    assert.ok(spread < 2, `He+ReLU std per layer stays within a factor 2: ${stds.map((s) => s.toFixed(3)).join(' ')}`);
  });

  it('zero init: one distinct unit value per layer after training; He side by side keeps its units distinct', async () => {
    const { page } = wv;
    await page.click('[data-testid="init-a-zeros"]');
    await page.check('[data-testid="compare"]');
    await page.click('[data-testid="init-b-he"]');
    const zeros = await layerStats(page, 'zeros', 'relu', 'a');
    await layerStats(page, 'he_normal', 'relu', 'b');
    assert.ok(zeros.every((l) => l.std === 0 && l.grad === 0), 'zeros: every activation and gradient is 0');
    await page.click('[data-testid="symmetry-run"]');
    await page.waitForSelector('[data-testid="symmetry"]', { timeout: 120_000 });
    const distinct = JSON.parse(await page.getAttribute('[data-testid="symmetry"]', 'data-distinct'));
    assert.deepEqual(distinct, Array(10).fill(1));
    const heAfter = await page.$$eval('[data-testid="symmetry"] tbody tr', (rows) => rows.map((r) => Number(r.cells[5].textContent)));
    assert.ok(heAfter.every((n) => n > 100), `He init keeps units distinct: ${heAfter.join(',')}`);
    // The README's picture: the lecture's tanh net, N(0, 0.01) next to Xavier.
    await page.selectOption('[data-testid="net-activation"]', 'tanh');
    assert.equal(await page.locator('[data-testid="symmetry"]').count(), 0, "the ReLU run's symmetry rows go with the change");
    await page.click('[data-testid="init-a-small"]');
    await page.click('[data-testid="init-b-xavier"]');
    await layerStats(page, 'normal(0.01)', 'tanh', 'a');
    await layerStats(page, 'glorot_normal', 'tanh', 'b');
    const shot = await wv.screenshot('init-panel');
    assert.ok(shot.endsWith('init-panel.png'));
  });

  it('takes a network from the host, posts useInit, and survives bad messages', async () => {
    const { page } = wv;
    await wv.postToWebview({ type: 'specNet', source: 'bogus', net: { inputSize: -3, widths: 'x', activation: 'tanh' } });
    await wv.postToWebview({ type: 'specNet', source: 'mlp.netspec', net: { inputSize: 64, widths: [32, 32, 16], activation: 'tanh' } });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-stats-a"] tbody tr').length === 3, null, { timeout: 120_000 });
    assert.match(await page.textContent('[data-testid="spec-note"]'), /mlp\.netspec/);
    await page.uncheck('[data-testid="compare"]');
    await page.fill('[data-testid="init-a-std-number"]', '0.5');
    await page.press('[data-testid="init-a-std-number"]', 'Enter');
    await layerStats(page, 'normal(0.5)', 'tanh');
    await page.click('[data-testid="use-init"]');
    await page.waitForSelector('[data-testid="use-init-result"]', { timeout: 30_000 });
    const sent = hostSaw.filter((m) => m.type === 'useInit');
    assert.deepEqual(sent.at(-1), { type: 'useInit', init: { name: 'normal', std: 0.5 } });
    assert.deepEqual(wv.pageErrors, []);
  });
});

// The lab's TF.js engine runs in a Web Worker, so a recompute never freezes the panel, even where
// WebGL is missing and a recompute takes seconds. Freezes are observed with the Long Tasks API: the
// browser reports every main-thread task over 50 ms.
describe('init lab engine: Web Worker, WASM without WebGL, the page as fallback (browser)', function () {
  const lecture = { net: { inputSize: 500, widths: Array(10).fill(500), activation: 'tanh', batch: 1000, seed: 1 }, a: { name: 'normal', std: 0.01 }, compare: false };
  const small = { ...lecture, net: { inputSize: 100, widths: Array(4).fill(100), activation: 'tanh', batch: 200, seed: 1 } };

  /** Changes the seed and returns the recompute's time and the page's longest main-thread task meanwhile. */
  async function recomputeWatchingMainThread(page, seed) {
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    await setField(page, 'net-seed', seed);
    await page.waitForFunction(
      (seed) =>
        document.querySelector('[data-testid="init-lab"]')?.dataset.status === 'ready' &&
        (document.querySelector('[data-testid="layer-stats-a"]')?.getAttribute('data-key') ?? '').includes(`"s":${seed},`),
      seed,
      { timeout: 180_000 },
    );
    // Long-task entries are delivered after the task; give the observer a moment.
    await page.waitForTimeout(200);
    return {
      ms: Number(await page.getAttribute('[data-testid="timing"]', 'data-ms')),
      longest: await page.evaluate(() => Math.max(0, ...window.__longTasks)),
    };
  }

  async function waitReady(page) {
    await page.waitForFunction(() => document.querySelector('[data-testid="init-lab"]')?.dataset.status === 'ready', null, { timeout: 180_000 });
  }

  const stds = (page) => page.$$eval('[data-testid="layer-stats-a"] tbody tr', (r) => r.map((x) => Number(x.dataset.std)));

  /** Opens the lab, waits for its first result, runs `check`, and insists the page threw nothing. */
  async function withLab(opts, check) {
    const wv = await openWebview('init', opts);
    try {
      await waitReady(wv.page);
      await check(wv, wv.page);
      assert.deepEqual(wv.pageErrors, []);
    } finally {
      await wv.close();
    }
  }

  it('without WebGL computes on WASM in the worker: a seconds-long recompute leaves the page responsive', async () => {
    await withLab({ state: lecture, disableWebGL: true }, async (wv, page) => {
      assert.equal(await page.getAttribute('[data-testid="backend"]', 'data-where'), 'worker');
      assert.match(await page.textContent('[data-testid="backend"]'), /wasm \(in a worker\)/);
      const { ms, longest } = await recomputeWatchingMainThread(page, 2);
      assert.ok(Number.isFinite(ms) && ms >= 0, `the recompute reported its time: ${ms} ms`);
      assertNoFreeze(longest, ms, 'a recompute on WASM in the worker');
      const rows = await stds(page);
      assert.equal(rows.length, 10);
      rows.slice(1).forEach((std, l) => assert.ok(std < rows[l], `std shrinks layer by layer: ${rows.join(' ')}`));
      const counted = await page.$$eval('[data-testid="hist-a"] canvas', (c) => c.length);
      assert.equal(counted, 10, 'a histogram per layer');
      assert.deepEqual(await wv.cspViolationsNow(), []);
    });
  });

  it('auto skips a software WebGL for WASM and says why; the setting switches the running engine', async () => {
    await withLab({ state: small }, async (wv, page) => {
      assert.match(await page.textContent('[data-testid="backend"]'), /wasm \(in a worker\)/);
      assert.match(await page.getAttribute('[data-testid="backend"]', 'title'), /auto: There is no real GPU here: WebGL is a CPU emulation \(.*SwiftShader/);
      const before = await stds(page);
      await wv.postToWebview({ type: 'settings', backend: 'webgl' });
      await page.waitForFunction(() => /webgl \(in a worker\)/.test(document.querySelector('[data-testid="backend"]')?.textContent ?? ''), null, { timeout: 60_000 });
      await waitReady(page);
      assert.match(await page.getAttribute('[data-testid="backend"]', 'title'), /netlens\.initLab\.backend is webgl/);
      const after = await stds(page);
      after.forEach((std, l) => assert.ok(Math.abs(std - before[l]) <= 1e-3 * Math.max(std, 1e-6), `same numbers on WebGL: ${std} vs ${before[l]}`));
      assert.equal(await page.locator('[data-testid="error"]').count(), 0, 'no error left from the switch');
      await wv.postToWebview({ type: 'settings', backend: 'nonsense' });
    });
  });

  it('where the CSP refuses WebAssembly, falls back to the CPU backend', async () => {
    await withLab({ state: small, disableWebGL: true, policy: { wasm: false } }, async (wv, page) => {
      assert.match(await page.textContent('[data-testid="backend"]'), /cpu \(in a worker\)/);
      assert.equal((await stds(page)).length, 4);
    });
  });

  it('where the CSP refuses a worker, runs in the page and says so (and that page then pauses)', async () => {
    // connect-src to our origin and WASM, but no worker-src: the worker itself is refused.
    await withLab({ state: lecture, disableWebGL: true, policy: { worker: false } }, async (wv, page) => {
      assert.equal(await page.getAttribute('[data-testid="backend"]', 'data-where'), 'page');
      assert.match(await page.textContent('[data-testid="engine-note"]'), /no worker .*run in the page/);
      const { ms, longest } = await recomputeWatchingMainThread(page, 2);
      // What the worker prevents: here the recompute is one long main-thread task.
      assert.ok(longest > ms / 2, `longest main-thread task ${longest} ms during a ${ms} ms recompute`);
      assert.equal((await stds(page)).length, 10);
      assert.ok((await wv.cspViolationsNow()).some((v) => /worker-src|script-src/.test(v)), 'the refusal is the CSP');
    });
  });
});

// The lab rendered with the host's Korean texts: every state a student reaches (one result, two
// side by side, the symmetry table, a network it cannot run) shows Hangul and leaves no run of
// English words outside the terms the lecture keeps; a language change re-renders at once.
describe('weight-initialization lab in Korean (browser)', function () {
  const state = { net: { inputSize: 200, widths: Array(6).fill(200), activation: 'tanh', batch: 400, seed: 1 }, a: { name: 'normal', std: 0.01 }, b: { name: 'glorot_normal' }, compare: false };
  let wv;
  before(async () => {
    wv = await openWebview('init', { lang: 'ko', state, viewport: { width: 1300, height: 1000 } });
    await wv.waitForMessage((m) => m.type === 'ready');
  });
  after(async () => {
    await wv?.close();
  });

  const ready = (page, table = 'a') =>
    page.waitForFunction(
      (table) => document.querySelector('[data-testid="init-lab"]')?.dataset.status === 'ready' && !!document.querySelector(`[data-testid="layer-stats-${table}"]`),
      table,
      { timeout: 180_000 },
    );

  function assertKorean(text) {
    assert.match(text, HANGUL);
    assert.deepEqual(englishRuns(text), [], text);
    assert.doesNotMatch(text, /⟦/, 'a text id has no template');
  }

  it('shows one result, two side by side and the symmetry table in Korean, with no English sentence left', async () => {
    const { page } = wv;
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    await ready(page);
    const pages = [await visibleText(page)];
    assert.match(pages[0], /가중치 초기화/);
    await page.click('[data-testid="compare"]');
    await ready(page, 'b');
    pages.push(await visibleText(page));
    await page.click('[data-testid="symmetry-run"]');
    await page.waitForSelector('[data-testid="symmetry"]', { timeout: 180_000 });
    const text = await visibleText(page);
    pages.push(text);
    assert.match(text, /서로 다른 값/);
    await wv.screenshot('init-ko');
    for (const p of pages) assertKorean(p);
    assert.deepEqual(wv.pageErrors, []);
  });

  it('says what is wrong with a network in Korean, with its numbers', async () => {
    const { page } = wv;
    await setField(page, 'net-layers', 60);
    await page.waitForSelector('[data-testid="error"]');
    assert.match(await page.textContent('[data-testid="error"]'), /층이 1개부터 50개까지.*60/);
    assertKorean(await visibleText(page));
    await setField(page, 'net-layers', 6);
    await ready(page, 'b');
  });

  it('switches to English at once when the host sends English texts, keeping the results', async () => {
    const { page } = wv;
    const before = await page.getAttribute('[data-testid="layer-stats-a"]', 'data-key');
    await wv.postToWebview(l10nFor('init', 'en'));
    await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 20_000 });
    const text = await visibleText(page);
    assert.match(text, /Weight initialization/);
    assert.doesNotMatch(text, HANGUL);
    // The scan that passed the Korean page finds the English one's sentences: it can fail.
    assert.ok(englishRuns(text).length >= 3, `the scan found only ${englishRuns(text).join(' | ')}`);
    assert.equal(await page.getAttribute('[data-testid="layer-stats-a"]', 'data-key'), before);
  });
});

describe('weight-initialization lab: batch normalization after every layer (browser)', function () {
  // The lecture's tanh + N(0, 0.01) net, narrower so SwiftShader or WASM computes it quickly.
  const state = { net: { inputSize: 200, widths: Array(10).fill(200), activation: 'tanh', batch: 400, seed: 1 }, a: { name: 'normal', std: 0.01 }, b: { name: 'glorot_normal' }, compare: false };
  let wv;
  before(async () => {
    wv = await openWebview('init', { state });
    await wv.waitForMessage((m) => m.type === 'ready');
  });
  after(async () => {
    await wv?.close();
  });

  /** Layer rows of result A once it is fresh and computed with (or without) batch normalization. */
  async function rows(page, batchNorm) {
    await page.waitForFunction(
      (bn) => {
        const table = document.querySelector('[data-testid="layer-stats-a"]');
        return document.querySelector('[data-testid="init-lab"]')?.dataset.status === 'ready' && table?.dataset.batchnorm === bn && table?.dataset.init === 'normal(0.01)';
      },
      batchNorm ? 'true' : 'false',
      { timeout: 180_000 },
    );
    return page.$$eval('[data-testid="layer-stats-a"] tbody tr', (trs) => trs.map((r) => Number(r.dataset.std)));
  }

  it('keeps deep-layer std within a factor 3 of layer 1, where without it the std collapses by over 100×', async () => {
    const { page } = wv;
    const without = await rows(page, false);
    assert.equal(without.length, 10);
    assert.ok(without[9] < without[0] / 100, `without BN: layer 10 std ${without[9]} vs layer 1 ${without[0]}`);
    await page.check('[data-testid="net-batchnorm"]');
    const withBn = await rows(page, true);
    assert.equal(withBn.length, 10);
    for (let l = 1; l < withBn.length; l++) {
      assert.ok(withBn[l] > withBn[0] / 3 && withBn[l] < withBn[0] * 3, `with BN: layer ${l + 1} std ${withBn[l]} vs layer 1 ${withBn[0]}`);
    }
    // tanh of a unit-variance input: about 0.6 (the measured 0.62 on the 10 × 500 net).
    assert.ok(withBn[9] > 0.5 && withBn[9] < 0.7, `with BN: layer 10 std ${withBn[9]}`);
    // Both numbers are shown, as measured.
    const text = await page.textContent('[data-testid="bn-compare"]');
    assert.ok(text.includes(without[9].toExponential(1)) && text.includes(withBn[9].toFixed(2)), text);
  });
});
