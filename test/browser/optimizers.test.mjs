// The optimizer explorer in real headless Chromium under the real CSP: TF.js's optimizers step in
// the page, the paths advance, the saddle read-outs come from those steps, a click moves the
// start, and the page stays responsive while it plays.
import assert from 'node:assert/strict';
import { openWebview } from './harness.mjs';
import { HANGUL, englishRuns, visibleText } from './koreanScan.mjs';

const row = (page, id) =>
  page.$eval(`[data-testid="run-${id}"]`, (r) => ({
    steps: Number(r.dataset.steps),
    x: Number(r.dataset.x),
    y: Number(r.dataset.y),
    loss: Number(r.dataset.loss),
    escaped: r.dataset.escaped === '' ? undefined : Number(r.dataset.escaped),
    reached: r.dataset.reached === '' ? undefined : Number(r.dataset.reached),
  }));

/** Waits until a row's data attribute is set (`value` undefined) or equals `value`. */
const waitRow = (page, id, attr, value, timeout = 120_000) =>
  page.waitForFunction(
    ([id, attr, value]) => {
      const v = document.querySelector(`[data-testid="run-${id}"]`)?.getAttribute(`data-${attr}`);
      return value === null ? !!v : v === value;
    },
    [id, attr, value ?? null],
    { timeout },
  );

describe('optimizer explorer (browser)', function () {
  let wv;
  before(async () => {
    wv = await openWebview('optimizers');
    await wv.waitForMessage((m) => m.type === 'ready');
    await wv.page.waitForSelector('[data-testid="optimizer-explorer"][data-ready="true"]', { timeout: 60_000 });
  });
  after(async () => {
    await wv?.close();
  });

  it('renders the saddle with TF.js on the CPU backend, under the strict CSP', async () => {
    const { page } = wv;
    assert.match(await page.textContent('[data-testid="backend"]'), /cpu/);
    assert.equal(await page.locator('[data-testid="error"]').count(), 0);
    for (const id of ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam']) assert.equal((await row(page, id)).steps, 0, id);
    assert.deepEqual(JSON.parse(await page.getAttribute('[data-testid="contour"]', 'data-start')), [1, 0.001]);
    assert.deepEqual(await wv.cspViolationsNow(), []);
    assert.deepEqual(wv.pageErrors, []);
  });

  it('Step advances every path by one TF.js update', async () => {
    const { page } = wv;
    await page.click('[data-testid="step"]');
    await waitRow(page, 'sgd', 'steps', '1');
    const sgd = await row(page, 'sgd');
    // x ← x − 0.01·2x on x² − y² from (1, 0.001).
    assert.ok(Math.abs(sgd.x - 0.98) < 1e-6 && Math.abs(sgd.y - 0.00102) < 1e-8, `${sgd.x}, ${sgd.y}`);
    await page.click('[data-testid="reset"]');
    await waitRow(page, 'sgd', 'steps', '0');
  });

  it('plays without freezing the page: SGD escapes the saddle several times later than momentum and Adam', async () => {
    const { page } = wv;
    await page.selectOption('[data-testid="speed"]', '25');
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
      window.__playStarted = performance.now();
    });
    await page.click('[data-testid="play"]');
    await waitRow(page, 'sgd', 'escaped', undefined, 180_000);
    const ms = await page.evaluate(() => performance.now() - window.__playStarted);
    await page.click('[data-testid="play"]');
    await page.waitForSelector('[data-testid="optimizer-explorer"][data-playing="false"]');
    await page.waitForTimeout(200);
    const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
    const [sgd, momentum, adam] = await Promise.all(['sgd', 'momentum', 'adam'].map((id) => row(page, id)));
    assert.ok(sgd.steps >= sgd.escaped && sgd.steps > 300, `SGD played ${sgd.steps} steps`);
    assert.ok(momentum.escaped !== undefined && adam.escaped !== undefined, 'momentum and Adam escaped');
    assert.ok(sgd.escaped >= 3 * momentum.escaped, `SGD ${sgd.escaped} vs momentum ${momentum.escaped}`);
    assert.ok(sgd.escaped >= 3 * adam.escaped, `SGD ${sgd.escaped} vs Adam ${adam.escaped}`);
    // Several hundred steps of five optimizers plus drawing took many frames; none of them held the page.
    assert.ok(longest < ms / 4, `longest main-thread task ${longest} ms while playing for ${ms} ms`);
    await wv.screenshot('optimizers-saddle');
  });

  it('a click on the plot starts every run from that point', async () => {
    const { page } = wv;
    const box = await page.locator('[data-testid="contour"]').boundingBox();
    // The saddle's window is symmetric: the canvas centre is the origin; go a quarter right.
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
    await waitRow(page, 'adam', 'steps', '0');
    const [x, y] = JSON.parse(await page.getAttribute('[data-testid="contour"]', 'data-start'));
    assert.ok(x > 0.5 && x < 0.9 && Math.abs(y) < 0.05, `start (${x}, ${y})`);
    assert.ok(Math.abs((await row(page, 'adam')).x - x) < 1e-6);
  });

  it('the host can show a surface; the quadratic reports distance and steps to the minimum', async () => {
    const { page } = wv;
    await wv.postToWebview({ type: 'focusSurface', surface: 'quadratic' });
    await wv.postToWebview({ type: 'focusSurface', surface: 'nowhere' });
    await page.waitForSelector('[data-testid="surface-quadratic"][aria-checked="true"]');
    assert.deepEqual(JSON.parse(await page.getAttribute('[data-testid="contour"]', 'data-start')), [-1.8, 1]);
    await page.click('[data-testid="play"]');
    await waitRow(page, 'nesterov', 'reached', undefined, 120_000);
    await page.click('[data-testid="play"]');
    const nesterov = await row(page, 'nesterov');
    assert.ok(nesterov.reached > 0 && nesterov.steps >= nesterov.reached, JSON.stringify(nesterov));
    await wv.screenshot('optimizers');
    const state = await wv.state();
    assert.equal(state.surface, 'quadratic');
    assert.deepEqual(wv.pageErrors, []);
  });

  it("at κ = 50, Distill's optimal α, β brings momentum to the minimum in under a third of gradient descent's steps", async () => {
    const { page } = wv;
    await page.locator('[data-testid="kappa"]').fill('50');
    await page.waitForFunction(() => document.querySelector('[data-testid="kappa"]')?.nextElementSibling?.textContent?.trim() === '50');
    await page.click('[data-testid="distill"]');
    // The settings are written into the fields: momentum α = (2/(1 + √50))², β = ((√50 − 1)/(√50 + 1))², SGD α = 2/51.
    const field = (id) => page.inputValue(`[data-testid="hyper-${id}"]`).then(Number);
    assert.ok(Math.abs((await field('momentum-learningRate')) - (2 / (1 + Math.sqrt(50))) ** 2) < 1e-12);
    assert.ok(Math.abs((await field('momentum-momentum')) - ((Math.sqrt(50) - 1) / (Math.sqrt(50) + 1)) ** 2) < 1e-12);
    assert.ok(Math.abs((await field('sgd-learningRate')) - 2 / 51) < 1e-12);
    await page.click('[data-testid="play"]');
    await waitRow(page, 'sgd', 'reached', undefined, 120_000);
    await page.click('[data-testid="play"]');
    const [sgd, momentum] = await Promise.all([row(page, 'sgd'), row(page, 'momentum')]);
    assert.ok(momentum.reached !== undefined && momentum.reached * 3 < sgd.reached, `momentum ${momentum.reached} vs gradient descent ${sgd.reached} steps`);
  });
});

// The explorer rendered with the host's Korean texts: each surface's controls, table and lesson
// show Hangul and leave no run of English words outside the terms the lecture keeps.
describe('optimizer explorer in Korean (browser)', function () {
  let wv;
  before(async () => {
    wv = await openWebview('optimizers', { lang: 'ko', viewport: { width: 1200, height: 1100 } });
    await wv.waitForMessage((m) => m.type === 'ready');
    await wv.page.waitForSelector('[data-testid="optimizer-explorer"][data-ready="true"]', { timeout: 60_000 });
  });
  after(async () => {
    await wv?.close();
  });

  it('shows the saddle, Beale, the noisy bowl and the quadratic in Korean, with no English sentence left', async () => {
    const { page } = wv;
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    const pages = [];
    for (const surface of ['saddle', 'beale', 'noisy', 'quadratic']) {
      await page.click(`[data-testid="surface-${surface}"]`);
      await page.click('[data-testid="step10"]');
      await waitRow(page, 'sgd', 'steps', '10');
      pages.push(await visibleText(page));
    }
    assert.match(pages[0], /안장점/);
    assert.match(pages[3], /조건수가 나쁜 이차 함수/);
    assert.match(await page.getAttribute('[data-testid="contour"]', 'aria-label'), /등고선/);
    await wv.screenshot('optimizers-ko');
    for (const text of pages) {
      assert.match(text, HANGUL);
      assert.deepEqual(englishRuns(text), [], text);
      assert.doesNotMatch(text, /⟦/, 'a text id has no template');
    }
    assert.deepEqual(wv.pageErrors, []);
  });
});
