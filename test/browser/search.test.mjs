// Browser tier for the "Search Hyperparameters" webview: the real bundle (dist/webview/search.js)
// and its engine (search-engine.js, a Web Worker), real TF.js in headless Chromium, under the
// panel's exact CSP. Every number asserted is trained by TF.js in the worker from the seeds.
import assert from 'node:assert/strict';
import { tsImport } from 'tsx/esm/api';
import { assertNoFreeze, openWebview } from './harness.mjs';
import { HANGUL, englishRuns, visibleText } from './koreanScan.mjs';

const { analyze } = await tsImport('../../src/core/index.ts', import.meta.url);
const { trainSpecFromAnalysis } = await tsImport('../../src/protocol/train.ts', import.meta.url);

const SPIRAL = 'input 2\ndense 16 activation=relu\ndropout 0.2\ndense 3 activation=softmax\n';
const NO_DROPOUT = 'input 2\ndense 8 activation=relu\ndense 3 activation=softmax\n';
const specOf = (text, name = 'spiral.netspec') => trainSpecFromAnalysis(`file:///work/${name}`, name, analyze(text));

async function openSearch(text, opts = {}) {
  const wv = await openWebview('search', { hostMessages: [{ type: 'spec', spec: specOf(text), reason: 'open' }], ...opts });
  await wv.page.waitForSelector('[data-testid="search-panel"]');
  await wv.page.waitForFunction(() => !/Waiting|⟦/.test(document.querySelector('[data-testid="spec"]')?.textContent ?? 'Waiting'), null, { timeout: 30_000 });
  return wv;
}

async function setField(page, testid, value) {
  await page.fill(`[data-testid="${testid}"]`, String(value));
  await page.dispatchEvent(`[data-testid="${testid}"]`, 'change');
}

/** Small, fast trials: 200 spiral points, 2 epochs each. */
async function smallSearch(page, { trials = 6, seed = 5, strategy = 'random', epochs = 2 } = {}) {
  await setField(page, 'samples', 200);
  await setField(page, 'epochs', epochs);
  await setField(page, 'trials', trials);
  await setField(page, 'seed', seed);
  await page.selectOption('[data-testid="strategy"]', strategy);
}

const phase = (page) => page.getAttribute('[data-testid="search-panel"]', 'data-phase');

async function waitDone(page, timeout = 180_000) {
  await page.waitForFunction(() => ['done', 'error', 'stopped'].includes(document.querySelector('[data-testid="search-panel"]')?.dataset.phase ?? ''), null, { timeout });
  const err = await page.locator('[data-testid="error"]').textContent().catch(() => null);
  assert.equal(await phase(page), 'done', `the search finished: ${err}`);
}

/** The table's rows in plan order, read from their data attributes. */
const rows = (page) =>
  page.$$eval('[data-testid="results"] tbody tr', (trs) =>
    trs.map((r) => ({
      index: Number(r.dataset.index), seed: Number(r.dataset.seed), lr: Number(r.dataset.lr), l2: Number(r.dataset.l2),
      dropout: r.dataset.dropout, valAccuracy: Number(r.dataset.valAccuracy), valLoss: Number(r.dataset.valLoss), status: r.dataset.status,
      tensorsBefore: Number(r.dataset.tensorsBefore), tensorsAfter: Number(r.dataset.tensorsAfter),
    })).sort((a, b) => a.index - b.index));

const distinct = (list, key) => new Set(list.map((r) => r[key])).size;

describe('hyperparameter search (browser, worker)', function () {
  let wv;
  let first;
  before(async () => {
    wv = await openSearch(SPIRAL);
  });
  after(async () => {
    if (wv) {
      assert.deepEqual(wv.pageErrors, []);
      assert.deepEqual(await wv.cspViolationsNow(), []);
      await wv.close();
    }
  });

  it('draws the Bergstra & Bengio picture from its points: the grid tries 3 values of the important parameter, random trials 9', async () => {
    const grid = await wv.page.getAttribute('[data-testid="demo-grid"]', 'data-important');
    const random = await wv.page.getAttribute('[data-testid="demo-random"]', 'data-important');
    assert.equal(Number(grid), 3);
    assert.equal(Number(random), 9);
    assert.ok(Number(await wv.page.getAttribute('[data-testid="demo-random"]', 'data-best')) > Number(await wv.page.getAttribute('[data-testid="demo-grid"]', 'data-best')) - 1, 'a best score is computed for both');
  });

  it('runs 6 seeded trials in the worker with the panel responsive, each trial giving back every tensor it made', async () => {
    const { page } = wv;
    await smallSearch(page);
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const t0 = await page.evaluate(() => performance.now());
    await page.click('[data-testid="start"]');
    await waitDone(page);
    const span = (await page.evaluate(() => performance.now())) - t0;
    await page.waitForTimeout(200);
    const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
    assertNoFreeze(longest, span, 'a 6-trial search');
    assert.match(await page.textContent('[data-testid="backend"]'), /in a worker/);
    // Which backend and why, in the Train panel's words: the reason opens with the badge's backend.
    const backend = (await page.textContent('[data-testid="backend"]')).match(/\b(webgl|wasm|cpu)\b/)?.[1];
    assert.ok(backend, 'the badge names a backend');
    assert.match(await page.textContent('[data-testid="backend-reason"]'), new RegExp(`^${backend}: `));
    first = await rows(page);
    assert.equal(first.length, 6);
    for (const r of first) {
      assert.equal(r.tensorsAfter, r.tensorsBefore, `trial ${r.index}: tf.memory().numTensors back to its start`);
      assert.ok(r.lr >= 1e-4 && r.lr <= 1e-1, `learning rate within the range: ${r.lr}`);
      assert.ok(r.l2 >= 1e-6 && r.l2 <= 1e-2, `λ within the range: ${r.l2}`);
      assert.ok(r.status !== 'done' || (r.valAccuracy >= 0 && r.valAccuracy <= 1));
    }
    assert.ok(first.some((r) => r.valAccuracy > 1 / 3), `some trial beats chance: ${first.map((r) => r.valAccuracy)}`);
    const done = await wv.waitForMessage((m) => m.type === 'status' && m.state === 'done');
    assert.equal(done.finished, 6);
    await wv.screenshot('search');
  });

  it('gives the same table for the same seeds, and sorts by each column', async () => {
    const { page } = wv;
    await page.click('[data-testid="start"]');
    await waitDone(page);
    assert.deepEqual(await rows(page), first, 'the same seeds: the same draws, weights, batches and accuracies');
    const order = await page.$$eval('[data-testid="results"] tbody tr', (trs) => trs.map((r) => Number(r.dataset.valAccuracy)));
    assert.deepEqual(order, [...order].sort((a, b) => b - a), 'sorted by validation accuracy, best first');
    await page.click('[data-testid="sort-learningRate"]');
    const lrs = await page.$$eval('[data-testid="results"] tbody tr', (trs) => trs.map((r) => Number(r.dataset.lr)));
    assert.deepEqual(lrs, [...lrs].sort((a, b) => a - b));
    assert.equal(await page.getAttribute('[data-testid="scatter-learningRate"]', 'data-log'), 'true');
    assert.equal(Number(await page.getAttribute('[data-testid="scatter-learningRate"]', 'data-points')), 6);
    const best = JSON.parse(await page.getAttribute('[data-testid="best-so-far"]', 'data-values'));
    assert.equal(best.length, 6);
    assert.equal(best[5], Math.max(...first.map((r) => r.valAccuracy)));
  });

  it('"Use these settings" sends the best trial; "Zoom in" narrows the ranges around the best quarter', async () => {
    const { page } = wv;
    await page.click('[data-testid="use-best"]');
    const msg = await wv.waitForMessage((m) => m.type === 'useSettings');
    const top = [...first].sort((a, b) => b.valAccuracy - a.valAccuracy || a.valLoss - b.valLoss || a.index - b.index)[0];
    assert.equal(msg.learningRate, top.lr);
    assert.equal(msg.l2, top.l2);
    assert.equal(msg.batchSize, 32);
    await page.click('[data-testid="zoom"]');
    const min = Number(await page.inputValue('[data-testid="lr-min"]'));
    const max = Number(await page.inputValue('[data-testid="lr-max"]'));
    const ranked = [...first].sort((a, b) => b.valAccuracy - a.valAccuracy || a.valLoss - b.valLoss || a.index - b.index).slice(0, 2);
    assert.equal(min, Math.min(...ranked.map((r) => r.lr)));
    assert.equal(max, Math.max(...ranked.map((r) => r.lr)));
  });

  it('a grid of the same budget tries fewer distinct values of each parameter than random search', async () => {
    const { page } = wv;
    await page.fill('[data-testid="lr-min"]', '1e-4');
    await page.dispatchEvent('[data-testid="lr-min"]', 'change');
    await page.fill('[data-testid="lr-max"]', '0.1');
    await page.dispatchEvent('[data-testid="lr-max"]', 'change');
    await smallSearch(page, { strategy: 'grid', epochs: 1 });
    await page.click('[data-testid="start"]');
    await waitDone(page);
    const grid = await rows(page);
    assert.equal(grid.length, 6);
    for (const key of ['lr', 'l2']) assert.ok(distinct(first, key) > distinct(grid, key), `${key}: random ${distinct(first, key)} > grid ${distinct(grid, key)}`);
  });
});

describe('hyperparameter search: resume and dropout', function () {
  it('resumes after a reload: the finished trials are kept and the search continues with the next', async () => {
    const wv = await openSearch(SPIRAL);
    let saved;
    try {
      await smallSearch(wv.page, { trials: 4, seed: 9 });
      await wv.page.click('[data-testid="start"]');
      await wv.page.waitForFunction(() => Number(document.querySelector('[data-testid="search-panel"]')?.dataset.finished) >= 2, null, { timeout: 120_000 });
      saved = await wv.state();
    } finally {
      await wv.close();
    }
    assert.equal(saved.running, true);
    const kept = saved.results.map((r) => r.index);
    const again = await openSearch(SPIRAL, { state: saved });
    try {
      await waitDone(again.page);
      const list = await rows(again.page);
      assert.deepEqual(list.map((r) => r.index), [0, 1, 2, 3]);
      for (const r of saved.results) assert.equal(list.find((x) => x.index === r.index).valAccuracy, r.valAccuracy, 'kept, not trained again');
      assert.ok(kept.length >= 2);
    } finally {
      await again.close();
    }
  });

  it('a spec without dropout layers disables the dropout range and says why', async () => {
    const wv = await openSearch(NO_DROPOUT, { hostMessages: [{ type: 'spec', spec: specOf(NO_DROPOUT, 'plain.netspec'), reason: 'open' }] });
    try {
      assert.equal(await wv.page.isDisabled('[data-testid="search-dropout"]'), true);
      assert.match(await wv.page.textContent('[data-testid="dropout-note"]'), /no dropout layer/);
    } finally {
      await wv.close();
    }
  });
});

describe('hyperparameter search in Korean', function () {
  it('shows the panel, a finished search included, in Korean: Hangul, no English sentence, no missing id', async () => {
    const wv = await openSearch(SPIRAL, { lang: 'ko' });
    try {
      await smallSearch(wv.page, { trials: 2, epochs: 1 });
      await wv.page.click('[data-testid="start"]');
      await waitDone(wv.page);
      // CIFAR-10's folder button and where it comes from, as in the Train panel.
      await wv.page.selectOption('[data-testid="dataset"]', 'cifar');
      await wv.page.waitForSelector('[data-testid="pick-cifar"]');
      assert.match(await wv.page.textContent('[data-testid="cifar-source"]'), /netlens\.train\.cifarPath/);
      const text = await visibleText(wv.page);
      assert.match(text, HANGUL);
      assert.doesNotMatch(text, /⟦/);
      assert.deepEqual(englishRuns(text), []);
      await wv.screenshot('search-ko');
    } finally {
      await wv.close();
    }
  });
});
