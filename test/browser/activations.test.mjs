// The activation explorer in real headless Chromium with WebGL (SwiftShader), under the real CSP.
// Every value asserted here was computed by TF.js in the explorer's engine (a Web Worker; the page
// holds no TF.js): f′ by tf.grad, means by sampling.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertNoFreeze, openWebview } from './harness.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const attr = (page, selector, name, timeout = 120_000) =>
  page.waitForFunction(
    ([s, n]) => {
      const v = document.querySelector(s)?.getAttribute(n);
      return v ? v : false;
    },
    [selector, name],
    { timeout },
  ).then((h) => h.jsonValue());

/** Types x into the read-out and returns {f, df} per selected curve, once the read-out shows that x. */
async function readout(page, x, ids) {
  await page.fill('[data-testid="readout-x"]', String(x));
  await page.press('[data-testid="readout-x"]', 'Enter');
  const rows = {};
  for (const id of ids) {
    await page.waitForFunction(
      ([id, x]) => {
        const row = document.querySelector(`[data-testid="readout-${id}"]`);
        return row && Number(row.getAttribute('data-x')) === x && row.getAttribute('data-df') !== null;
      },
      [id, x],
      { timeout: 60_000 },
    );
    rows[id] = await page.$eval(`[data-testid="readout-${id}"]`, (row) => ({ f: Number(row.dataset.f), df: Number(row.dataset.df) }));
  }
  return rows;
}

async function select(page, id) {
  const box = page.locator(`[data-testid="toggle-${id}"]`);
  if (!(await box.isChecked())) await box.check();
}

const close = (actual, expected, tol, what) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected} ± ${tol}, got ${actual}`);

describe('activation explorer (browser, WebGL)', function () {
  let wv;
  before(async () => {
    wv = await openWebview('activations');
    await wv.waitForMessage((m) => m.type === 'ready');
  });
  after(async () => {
    await wv?.close();
  });

  it('runs on the WebGL backend under the strict CSP', async () => {
    await wv.page.waitForFunction(() => /webgl/.test(document.querySelector('[data-testid="backend"]')?.textContent ?? ''), null, { timeout: 60_000 });
    assert.deepEqual(await wv.cspViolationsNow(), []);
    assert.deepEqual(wv.pageErrors, []);
  });

  it("computes f′ by tf.grad matching the closed forms", async () => {
    const { page } = wv;
    for (const id of ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'softplus', 'silu', 'gelu']) await select(page, id);
    const at0 = await readout(page, 0, ['sigmoid', 'tanh', 'softplus', 'silu', 'gelu']);
    close(at0.sigmoid.df, 0.25, 1e-5, "sigmoid'(0)");
    close(at0.sigmoid.f, 0.5, 1e-6, 'sigmoid(0)');
    close(at0.tanh.df, 1, 1e-5, "tanh'(0)");
    close(at0.softplus.df, 0.5, 1e-5, "softplus'(0)");
    close(at0.silu.df, 0.5, 1e-5, "silu'(0)");
    close(at0.gelu.df, 0.5, 1e-4, "gelu'(0)");
    const at1 = await readout(page, 1, ['relu', 'leaky_relu', 'sigmoid', 'elu']);
    close(at1.relu.df, 1, 0, "relu'(1)");
    close(at1.leaky_relu.df, 1, 1e-6, "leaky'(1)");
    const s1 = 1 / (1 + Math.exp(-1));
    close(at1.sigmoid.df, s1 * (1 - s1), 1e-5, "sigmoid'(1)");
    close(at1.elu.df, 1, 1e-6, "elu'(1)");
    const atm1 = await readout(page, -1, ['relu', 'leaky_relu', 'elu', 'tanh']);
    close(atm1.relu.df, 0, 0, "relu'(-1)");
    close(atm1.leaky_relu.df, 0.01, 1e-6, "leaky'(-1) with the default α");
    close(atm1.elu.df, Math.exp(-1) * 1, 1e-5, "ELU'(-1) = e^-1·α, α = 1");
    close(atm1.tanh.df, 1 - Math.tanh(1) ** 2, 1e-5, "tanh'(-1)");
  });

  it('follows the α sliders: leaky′(−1) = α and ELU′(−1) = e⁻¹·α', async () => {
    const { page } = wv;
    await page.locator('[data-testid="param-leaky_relu-alpha"]').fill('0.3');
    await page.locator('[data-testid="param-elu-alpha"]').fill('0.5');
    // A read-out requested after both slider moves uses both new values (x changes, so it reruns).
    const r15 = await readout(page, -1.5, ['leaky_relu', 'elu']);
    close(r15.leaky_relu.df, 0.3, 1e-5, "leaky'(-1.5) with α = 0.3");
    close(r15.elu.df, Math.exp(-1.5) * 0.5, 1e-5, "ELU'(-1.5) with α = 0.5");
    const r = await readout(page, -1, ['leaky_relu', 'elu']);
    close(r.leaky_relu.df, 0.3, 1e-5, "leaky'(-1) with α = 0.3");
    close(r.elu.df, Math.exp(-1) * 0.5, 1e-5, "ELU'(-1) = e^-1·α with α = 0.5");
    close(r.elu.f, 0.5 * (Math.exp(-1) - 1), 1e-5, 'ELU(-1) with α = 0.5');
  });

  it('measures where each function kills the gradient (|f′| < 0.01)', async () => {
    const { page } = wv;
    const ranges = async (id) => JSON.parse(await attr(page, `[data-testid="measure-${id}"]`, 'data-ranges'));
    // sigmoid′ = s(1 − s) < 0.01 for |x| > 4.595; tanh′ = 1 − tanh² < 0.01 for |x| > 2.993.
    const sig = await ranges('sigmoid');
    assert.equal(sig.length, 2, `sigmoid saturates on both sides: ${JSON.stringify(sig)}`);
    assert.equal(sig[0][0], null);
    close(sig[0][1], -4.6, 0.02, 'sigmoid left saturation edge');
    close(sig[1][0], 4.6, 0.02, 'sigmoid right saturation edge');
    assert.equal(sig[1][1], null);
    const tanh = await ranges('tanh');
    close(tanh[0][1], -3.0, 0.02, 'tanh left saturation edge');
    close(tanh[1][0], 3.0, 0.02, 'tanh right saturation edge');
    const relu = await ranges('relu');
    assert.deepEqual(relu.length, 1);
    assert.equal(relu[0][0], null, 'ReLU kills the gradient for every x < 0');
    assert.ok(relu[0][1] <= 0 && relu[0][1] > -0.02);
    assert.deepEqual(await ranges('leaky_relu'), [], 'Leaky ReLU (α = 0.01 or more) never kills the gradient');
    const elu = await ranges('elu');
    assert.equal(elu.length, 1, 'ELU saturates on the left only');
    assert.equal(elu[0][1] < 0, true);
  });

  it('has a legend for the shaded bands, naming the overlap; Maxout as ReLU reads x < 0.00 like ReLU', async () => {
    const { page } = wv;
    await page.waitForFunction(() => document.querySelector('[data-testid="band-relu"]'), null, { timeout: 60_000 });
    const legend = await page.textContent('[data-testid="band-legend"]');
    assert.match(legend, /\|f′\| < 0\.01/);
    assert.match(legend, /ReLU: x < 0\.00/);
    assert.match(legend, /sigmoid: x < −4\.\d\d, x > 4\.\d\d/);
    assert.match(await page.textContent('[data-testid="band-overlap"]'), /overlap/);
    const row = async (id) => page.locator(`[data-testid="measure-${id}"] td`).nth(1).textContent();
    await attr(page, '[data-testid="measure-maxout"]', 'data-ranges');
    assert.equal(await row('relu'), 'x < 0.00');
    assert.equal(await row('maxout'), await row('relu'));
  });

  it('measures zero-centredness: mean f(x) for x ~ N(0, 1)', async () => {
    const { page } = wv;
    const mean = async (id) => Number(await attr(page, `[data-testid="measure-${id}"]`, 'data-mean'));
    close(await mean('tanh'), 0, 0.01, 'tanh mean');
    close(await mean('sigmoid'), 0.5, 0.01, 'sigmoid mean');
    close(await mean('relu'), 1 / Math.sqrt(2 * Math.PI), 0.01, 'ReLU mean = 1/√(2π)');
    assert.ok((await mean('elu')) > 0.1, 'ELU is not zero-centred either, but closer than ReLU');
    assert.ok((await mean('elu')) < (await mean('relu')));
  });

  it('learns PReLU α by training, and times every function relative to ReLU', async () => {
    const { page } = wv;
    const alpha = Number(await attr(page, '[data-testid="prelu"]', 'data-alpha'));
    assert.ok(Number.isFinite(alpha) && alpha !== 0.25, `PReLU α moved from its start 0.25: ${alpha}`);
    const ratio = Number(await attr(page, '[data-testid="measure-relu"]', 'data-ratio', 180_000));
    assert.equal(ratio, 1);
    const sigmoidMs = Number(await attr(page, '[data-testid="measure-sigmoid"]', 'data-ms'));
    assert.ok(sigmoidMs > 0 && Number.isFinite(sigmoidMs));
  });

  it('shows dead ReLUs after a too-large learning rate, and the zig-zag sign pattern', async () => {
    const { page } = wv;
    const before = Number(await attr(page, '[data-testid="dead-relu"]', 'data-before'));
    const after = Number(await attr(page, '[data-testid="dead-relu"]', 'data-after'));
    assert.ok(before < 0.05, `few dead units at init: ${before}`);
    assert.ok(after > 0.2, `lr 0.5 kills many units: ${after}`);
    const positive = Number(await attr(page, '[data-testid="zigzag-positive"]', 'data-same-sign'));
    const centred = Number(await attr(page, '[data-testid="zigzag-centred"]', 'data-same-sign'));
    assert.equal(positive, 1, 'all-positive inputs: dL/dw1 and dL/dw2 always share a sign');
    assert.ok(centred < 0.9, `zero-centred inputs mix signs: ${centred}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="activation-explorer"]')?.dataset.ready === 'true', null, { timeout: 180_000 });
    // The CPU column is measured with the other one, and reports every function relative to ReLU
    // with its spread. Which one is slower is a wall-clock fact (sigmoid vs ReLU is within noise on
    // TF.js's CPU backend under load), so it is not asserted here: that belongs in `npm run bench`.
    const spread = Number(await attr(page, '[data-testid="measure-sigmoid"]', 'data-spread'));
    assert.ok(Number.isFinite(spread) && spread >= 0, `the ratio's spread over the rounds: ${spread}`);
    assert.match(await page.textContent('[data-testid="measure-sigmoid"]'), /\d\.\d\d ± \d\.\d\d/);
    // Each ratio says in words whether the rounds tell it apart from ReLU (which side is a
    // wall-clock fact, so only the wording is asserted); ReLU's own row says nothing.
    const verdicts = await page.$$eval('[data-testid^="measure-"]', (rows) => rows.map((r) => [r.dataset.testid, r.dataset.verdict]));
    for (const [row, verdict] of verdicts) {
      if (row === 'measure-relu') assert.equal(verdict, '', 'ReLU is not compared with itself');
      else assert.ok(['costlier', 'cheaper', 'same'].includes(verdict), `${row}: ${verdict}`);
    }
    assert.match(await page.textContent('[data-testid="measure-sigmoid"]'), /costlier than ReLU|cheaper than ReLU|no clear difference/);
    assert.match(await page.textContent('[data-testid="cpu-ratio-sigmoid"]'), /costlier than ReLU|cheaper than ReLU|no clear difference/);
    assert.match(await page.textContent('[data-testid="activation-explorer"]'), /only when the median ratio's interval \(median ± 1\.58·IQR\/√n [^)]*\) lies beyond 1\.25× \(or below 0\.8×\)/);
    assert.doesNotMatch(await page.textContent('[data-testid="activation-explorer"]'), /⟦/, 'every text id is in the catalogue');
    const header = await page.textContent('[data-testid="measures"] thead');
    assert.match(header, /WebGL \(a CPU emulation\) ms|GPU \(WebGL\) ms/, header);
    assert.match(header, /CPU ms \/ 10⁶/);
    assert.match(await page.textContent('[data-testid="cost-why"]'), /memory[\s\S]*CPU column/);
    const cpuSigmoid = Number(await attr(page, '[data-testid="cpu-ratio-sigmoid"]', 'data-ratio'));
    assert.equal(Number(await attr(page, '[data-testid="cpu-ratio-relu"]', 'data-ratio')), 1);
    assert.ok(Number.isFinite(cpuSigmoid) && cpuSigmoid > 0, `sigmoid on the CPU backend has a cost: ${cpuSigmoid}×`);
    const cpuRatios = await page.$$eval('[data-testid^="cpu-ratio-"]', (els) => els.map((e) => Number(e.dataset.ratio)));
    assert.ok(cpuRatios.length >= 10 && cpuRatios.every((r) => Number.isFinite(r) && r >= 0), `every function measured on the CPU: ${cpuRatios}`);
    await page.waitForFunction(() => /webgl/.test(document.querySelector('[data-testid="backend"]')?.textContent ?? ''));
    // No signed zero anywhere: a mean or a read-out that rounds to zero prints 0.000.
    assert.doesNotMatch(await page.textContent('body'), /[-−]0\.0+(?!\d*[1-9])\b/);
    const shot = await wv.screenshot('activations-panel');
    assert.ok(shot.endsWith('activations-panel.png'));
    assert.deepEqual(wv.pageErrors, []);
  });
});

// At half an editor's width the chart comes first and the 16 functions sit under it as chips.
describe('activation explorer at half width (browser)', function () {
  it('shows the whole chart on the first screen, the functions below it', async () => {
    const wv = await openWebview('activations', { disableWebGL: true, viewport: { width: 640, height: 720 } });
    try {
      const { page } = wv;
      await page.waitForSelector('[data-testid="activation-chart"] canvas', { timeout: 60_000 });
      const chart = await page.locator('[data-testid="activation-chart"]').boundingBox();
      assert.ok(chart && chart.y + chart.height <= 720, `the chart's bottom ${chart && chart.y + chart.height} is within the 720-pixel screen`);
      const lastBox = await page.locator('[data-testid="toggle-exponential"]').boundingBox();
      assert.ok(lastBox && lastBox.y > chart.y + chart.height, 'the checkboxes come after the chart');
      const first = await page.locator('[data-testid="toggle-linear"]').boundingBox();
      const functionsHeight = lastBox.y - first.y;
      assert.ok(functionsHeight < 400, `16 functions as compact chips, not a screenful: ${functionsHeight} px`);
      await wv.screenshot('activations-half-width');
    } finally {
      await wv.close();
    }
  });
});

// On the CPU backend every TF.js op runs synchronously on its thread; the explorer's opening
// measurements (curves, 10⁶-sample means, cost timing, PReLU training) run in its engine's workers
// and must leave the page breathing. Freezes are observed with the Long Tasks API (every task over
// 50 ms is reported).
describe('activation explorer on the CPU backend (browser)', function () {
  it('spreads its opening measurements over many short tasks instead of freezing the page', async () => {
    const wv = await openWebview('activations', { disableWebGL: true });
    try {
      const { page } = wv;
      await page.evaluate(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.waitForFunction(() => document.querySelector('[data-testid="activation-explorer"]')?.dataset.ready === 'true', null, { timeout: 180_000 });
      assert.match(await page.textContent('[data-testid="backend"]'), /cpu/);
      await attr(page, '[data-testid="measure-elu"]', 'data-ratio', 180_000);
      await attr(page, '[data-testid="cpu-ratio-elu"]', 'data-ratio', 180_000);
      // The opening measurements ran from the page's start until now: one run's own span, no floor.
      const span = await page.evaluate(() => performance.now());
      await page.waitForTimeout(300);
      const tasks = await page.evaluate(() => window.__longTasks);
      const longest = Math.max(0, ...tasks);
      // The work ran: every function has a measured cost and a ratio to ReLU.
      const ratios = await page.$$eval('[data-testid^="measure-"]', (rows) => rows.map((r) => Number(r.dataset.ratio)));
      assert.ok(ratios.length >= 10 && ratios.every((r) => Number.isFinite(r) && r > 0), `every function was measured: ${ratios}`);
      assertNoFreeze(longest, span, 'the opening measurements on the CPU backend');
      assert.deepEqual(wv.pageErrors, []);
    } finally {
      await wv.close();
    }
  });
});

// The activation race in the page (WebGL): same initial weights for every run, checked by the
// fingerprint of the weights each run held before its first step; ReLU first on the seeded toy set.
describe('activation race (browser)', function () {
  it('starts every run from identical weights, and ReLU reaches the target in fewer epochs than sigmoid', async () => {
    const wv = await openWebview('activations');
    try {
      const { page } = wv;
      await page.waitForFunction(() => document.querySelector('[data-testid="activation-explorer"]')?.dataset.ready === 'true', null, { timeout: 180_000 });
      // sigmoid and ReLU only: tanh's run adds nothing to what is asserted here.
      await page.locator('[data-testid="race-pick-tanh"]').uncheck();
      await page.click('[data-testid="race-run"]');
      await page.waitForSelector('[data-testid="race-table"][data-done="true"]', { timeout: 240_000 });
      const initial = await page.getAttribute('[data-testid="race-table"]', 'data-initial-fingerprint');
      assert.match(initial, /^[0-9a-f]{8}$/);
      const row = async (a) => page.$eval(`[data-testid="race-${a}"]`, (el) => ({ ...el.dataset }));
      const sigmoid = await row('sigmoid');
      const relu = await row('relu');
      assert.equal(sigmoid.fingerprint, initial);
      assert.equal(relu.fingerprint, initial);
      assert.ok(relu.epochs !== '', 'ReLU reaches the target');
      const reluEpochs = Number(relu.epochs);
      const sigmoidEpochs = sigmoid.epochs === '' ? Infinity : Number(sigmoid.epochs);
      assert.ok(sigmoidEpochs > reluEpochs, `sigmoid ${sigmoid.epochs || `not in ${sigmoid.ran}`} epochs vs ReLU ${reluEpochs}`);
      assert.ok(Number(sigmoid.ratio) > 1, `the ratio to ReLU is shown: ${sigmoid.ratio}`);
      assert.match(await page.textContent('[data-testid="race-verdict"]'), /25% training error/);
      await page.locator('[data-testid="race-verdict"]').scrollIntoViewIfNeeded();
      await wv.screenshot('activations-race');
      assert.deepEqual(wv.pageErrors, []);
    } finally {
      await wv.close();
    }
  });
});

// The race and the cost timing run in the explorer's Web Worker engine (webview/activations/engine/):
// the lecture's CNN (its reduced copy, so the test ends in seconds) raced from identical weights
// through identical batches, a ratio to ReLU per activation, and the page never blocked meanwhile.
describe('activation race of the CNN in the worker (browser)', function () {
  it('races the reduced lecture CNN in the worker from identical weights and batches, with a ratio per activation, and no page task over 100 ms', async () => {
    const wv = await openWebview('activations');
    try {
      const { page } = wv;
      await page.waitForFunction(() => document.querySelector('[data-testid="activation-explorer"]')?.dataset.ready === 'true', null, { timeout: 180_000 });
      // The cost columns were timed in the worker: its WebGL (SwiftShader here) and its CPU backend.
      assert.equal(await page.getAttribute('[data-testid="engine"]', 'data-where'), 'worker');
      assert.ok(page.workers().some((w) => w.url().startsWith('blob:')), 'a dedicated worker started from a blob: URL');
      assert.equal(Number(await attr(page, '[data-testid="cpu-ratio-relu"]', 'data-ratio')), 1);
      assert.match(await page.textContent('[data-testid="measures"] thead'), /WebGL \(a CPU emulation\) ms|GPU \(WebGL\) ms/);

      // The demos (dead ReLU, zig-zag) have finished: from here on only the race computes.
      await attr(page, '[data-testid="dead-relu"]', 'data-after');
      await attr(page, '[data-testid="zigzag-centred"]', 'data-same-sign');
      await page.selectOption('[data-testid="race-net"]', 'cnn-small');
      for (const a of ['sigmoid', 'tanh', 'relu']) await page.locator(`[data-testid="race-pick-${a}"]`).check();
      // Long tasks from here on only: the race's, not the opening measurements'.
      await page.evaluate(() => {
        window.__raceLongTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__raceLongTasks.push(e.duration);
        }).observe({ type: 'longtask' });
      });
      await page.click('[data-testid="race-run"]');
      await page.waitForSelector('[data-testid="race-table"][data-done="true"]', { timeout: 240_000 });
      const table = await page.$eval('[data-testid="race-table"]', (el) => ({ ...el.dataset }));
      assert.equal(table.preset, 'cnn-small');
      assert.equal(table.where, 'worker', 'the race ran in the worker');
      assert.match(table.backend, /^(wasm|webgl)$/);
      assert.match(table.initialFingerprint, /^[0-9a-f]{8}$/);
      const rows = {};
      for (const a of ['sigmoid', 'tanh', 'relu']) rows[a] = await page.$eval(`[data-testid="race-${a}"]`, (el) => ({ ...el.dataset }));
      for (const [a, r] of Object.entries(rows)) {
        assert.equal(r.fingerprint, table.initialFingerprint, `${a} starts from the shared weights`);
        // One fingerprint per epoch trained: a shorter run's list is the start of a longer run's.
        const [mine, longest] = [r.batches.split(' '), rows.sigmoid.batches.split(' ')].sort((x, y) => x.length - y.length);
        assert.deepEqual(longest.slice(0, mine.length), mine, `${a} saw the same batches as sigmoid, epoch by epoch`);
        assert.ok(Number.isFinite(Number(r.ratio)) && Number(r.ratio) > 0, `${a} has a ratio to ReLU: ${r.ratio}`);
      }
      assert.equal(Number(rows.relu.ratio), 1);
      assert.ok(rows.relu.epochs !== '', 'ReLU reaches the target');
      const sigmoidEpochs = rows.sigmoid.epochs === '' ? Infinity : Number(rows.sigmoid.epochs);
      assert.ok(sigmoidEpochs > Number(rows.relu.epochs), `sigmoid ${rows.sigmoid.epochs || `not in ${rows.sigmoid.ran}`} epochs vs ReLU ${rows.relu.epochs}`);
      const verdict = await page.textContent('[data-testid="race-verdict"]');
      assert.match(verdict, /reduced copy of the lecture’s CNN \(16×16×3 → Conv2D 8/);
      assert.match(verdict, /25% training error[\s\S]*not that experiment/);
      const longTasks = await page.evaluate(() => window.__raceLongTasks);
      assert.ok(longTasks.every((d) => d <= 100), `no page task over 100 ms during the race: ${longTasks.map((d) => d.toFixed(0)).join(', ')}`);
      // The README's picture: the race section alone, next to the full page.
      const full = await wv.screenshot('activations-cnn-race-page');
      await page.locator('[data-testid="race-section"]').screenshot({ path: full.replace(/-page\.png$/, '.png') });
      assert.deepEqual(await wv.cspViolationsNow(), []);
      assert.deepEqual(wv.pageErrors, []);
    } finally {
      await wv.close();
    }
  });
});

// The page holds no TF.js: its bundle carries none of TF.js's kernels, which the engine's bundle
// (the Web Worker's script) does carry, so the check can tell them apart.
describe('activation explorer page bundle (no TF.js in the page)', function () {
  const KERNEL_NAMES = ['Conv2DBackpropFilter', 'MaxPoolGrad', 'BatchMatMul', 'LeakyRelu'];
  const bundle = (name) => readFileSync(join(repoRoot, 'dist', 'webview', name), 'utf8');
  it('dist/webview/activations.js holds no TF.js kernel; dist/webview/activations-engine.js holds them all', () => {
    const page = bundle('activations.js');
    const engine = bundle('activations-engine.js');
    for (const kernel of KERNEL_NAMES) {
      assert.ok(engine.includes(`"${kernel}"`), `the engine bundle registers ${kernel}`);
      assert.ok(!page.includes(`"${kernel}"`), `the page bundle carries TF.js's ${kernel}`);
    }
    assert.ok(!/tfjs-core|tfjs-backend/.test(page), 'no TF.js module in the page bundle');
  });
});

// Every computation runs in the engine's workers: while the student drags sliders, changes the
// read-out and reruns the demos, the page's main thread never has a task over 100 ms, and the
// numbers shown are those of the last slider position (the requests between were coalesced).
describe('activation explorer: sliders and demos with the computations in the worker (browser)', function () {
  it('answers a dragged slider with its last value and reruns the demos, with no page task over 100 ms', async () => {
    const wv = await openWebview('activations');
    try {
      const { page } = wv;
      await page.waitForFunction(() => document.querySelector('[data-testid="activation-explorer"]')?.dataset.ready === 'true', null, { timeout: 180_000 });
      assert.equal(await page.getAttribute('[data-testid="engine"]', 'data-where'), 'worker');
      for (const id of ['elu', 'maxout']) await select(page, id);
      await page.waitForSelector('[data-testid="param-elu-alpha"]');
      await page.evaluate(() => {
        window.__sliderLongTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__sliderLongTasks.push(e.duration);
        }).observe({ type: 'longtask' });
      });
      const started = await page.evaluate(() => performance.now());
      // A drag: the slider steps through 61 values, one every 16 ms, as a pointer moves it.
      await page.evaluate(async () => {
        const drag = async (testid, from, to, steps) => {
          const slider = document.querySelector(`[data-testid="${testid}"]`);
          for (let i = 0; i <= steps; i++) {
            slider.value = (from + ((to - from) * i) / steps).toFixed(2);
            slider.dispatchEvent(new Event('input', { bubbles: true }));
            await new Promise((resolve) => setTimeout(resolve, 16));
          }
        };
        await drag('param-elu-alpha', 0.2, 0.8, 60);
        await drag('param-maxout-w2', 0, 0.3, 30);
      });
      // The read-out at x = −1 shows the last slider positions: ELU′(−1) = α·e⁻¹ with α = 0.8, Maxout′(−1) = w2 = 0.3.
      const at = await readout(page, -1, ['elu', 'maxout']);
      close(at.elu.df, 0.8 * Math.exp(-1), 1e-5, "ELU'(-1) after the drag, α = 0.8");
      close(at.maxout.df, 0.3, 1e-5, "Maxout'(-1) after the drag, w2 = 0.3");
      // ELU's measurement followed too: 0.8·eˣ < 0.01 for x < ln(0.0125) = −4.38.
      await page.waitForFunction(() => {
        const r = JSON.parse(document.querySelector('[data-testid="measure-elu"]')?.dataset.ranges || '[]');
        return r.length === 1 && r[0][0] === null && Math.abs(r[0][1] - Math.log(0.0125)) < 0.02;
      }, null, { timeout: 120_000 });
      // The demos again: the dead-ReLU network at learning rate 0.2, and PReLU's α learned once more.
      await page.locator('[data-testid="dead-lr"]').fill(String(Math.log10(0.2)));
      await page.click('[data-testid="dead-run"]');
      await page.click('[data-testid="prelu-again"]');
      await page.waitForSelector('[data-testid="dead-relu"][data-lr="0.2"]', { timeout: 120_000 });
      await page.waitForSelector('[data-testid="prelu"][data-runs="2"]', { timeout: 120_000 });
      const alpha = Number(await page.getAttribute('[data-testid="prelu"]', 'data-alpha'));
      assert.ok(Number.isFinite(alpha) && alpha !== 0.25, `PReLU α learned again: ${alpha}`);
      const span = (await page.evaluate(() => performance.now())) - started;
      // Long-task entries are delivered after the task; give the observer a moment.
      await page.waitForTimeout(200);
      const longTasks = await page.evaluate(() => window.__sliderLongTasks);
      assert.ok(longTasks.every((d) => d <= 100), `no page task over 100 ms: ${longTasks.map((d) => d.toFixed(0)).join(', ')}`);
      assertNoFreeze(Math.max(0, ...longTasks), span, 'dragging sliders and rerunning the demos');
      assert.deepEqual(await page.$$eval('[data-testid="error"]', (els) => els.map((e) => e.textContent)), []);
      assert.deepEqual(wv.pageErrors, []);
    } finally {
      await wv.close();
    }
  });
});

// Where the page may not start a worker, the same engine runs in the page (one engine for both
// roles there) and the panel says so; the numbers are the same functions'.
describe('activation explorer without a worker (browser)', function () {
  it('computes the curves, read-outs and demos in the page and says so', async () => {
    const wv = await openWebview('activations', { policy: { worker: false } });
    try {
      const { page } = wv;
      await page.waitForSelector('[data-testid="engine"][data-where="page"]', { timeout: 120_000 });
      assert.ok(!page.workers().some((w) => w.url().startsWith('blob:')), 'no worker started');
      assert.match(await page.textContent('[data-testid="engine-note"]'), /\S/);
      const at0 = await readout(page, 0, ['sigmoid', 'tanh', 'relu']);
      close(at0.sigmoid.df, 0.25, 1e-5, "sigmoid'(0)");
      close(at0.tanh.df, 1, 1e-5, "tanh'(0)");
      const positive = Number(await attr(page, '[data-testid="zigzag-positive"]', 'data-same-sign'));
      assert.equal(positive, 1, 'all-positive inputs: dL/dw1 and dL/dw2 always share a sign');
      assert.ok(Number(await attr(page, '[data-testid="dead-relu"]', 'data-after')) > 0.2, 'lr 0.5 kills many units');
      assert.deepEqual(wv.pageErrors, []);
    } finally {
      await wv.close();
    }
  });
});

// The explorer in Korean (the host's texts for `netlens.language` = ko): its main states show
// Hangul and no run of English words outside the terms the lecture keeps (koreanScan.mjs). Left
// out of the scan: the registry's formulas (f(x) = …, the same in both languages) and the chart's legend (series names such as "sigmoid f′",
// which innerText glues together as "xsigmoid fsigmoid f′").
describe('activation explorer in Korean (browser)', function () {
  let wv;
  let scan;
  /** The page's visible text without the formulas and the chart's legend. */
  const koreanPageText = (page) =>
    page.evaluate(() => {
      const skipped = [...document.querySelectorAll('.formula, [data-testid="activation-chart"] .u-legend')];
      for (const el of skipped) el.style.display = 'none';
      try {
        return document.body.innerText;
      } finally {
        for (const el of skipped) el.style.display = '';
      }
    });
  before(async () => {
    scan = await import('./koreanScan.mjs');
    wv = await openWebview('activations', { lang: 'ko' });
    await wv.waitForMessage((m) => m.type === 'ready');
  });
  after(async () => {
    await wv?.close();
  });

  it('shows the explorer, its measurements, the dead-ReLU and zig-zag demos in Korean, with no English sentence left', async () => {
    const { page } = wv;
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    await page.waitForSelector('[data-testid="backend"]');
    const pages = [await koreanPageText(page)];
    await page.waitForFunction(() => document.querySelector('[data-testid="activation-explorer"]')?.dataset.ready === 'true', null, { timeout: 180_000 });
    for (const selector of ['[data-testid="prelu-alpha"]', '[data-testid="band-overlap"]', '[data-testid="dead-relu"]', '[data-testid="zigzag-centred"]']) {
      await page.waitForSelector(selector, { timeout: 120_000 });
    }
    await attr(page, '[data-testid="cpu-ratio-sigmoid"]', 'data-ratio', 180_000);
    pages.push(await koreanPageText(page));
    for (const text of pages) {
      assert.match(text, scan.HANGUL);
      assert.deepEqual(scan.englishRuns(text), [], text);
      assert.doesNotMatch(text, /⟦/, 'a text id has no template');
    }
    const final = pages.at(-1);
    // The numbers keep their notation; the words around them are Korean.
    assert.match(final, /ReLU: x < 0\.00/);
    assert.match(final, /활성화 함수/);
    assert.match(final, /기울기를 죽이는/);
    // Every function's tooltip (its description) is Korean too.
    const titles = await page.$$eval('[data-testid="activation-explorer"] .fn label[title]', (els) => els.map((e) => e.getAttribute('title')));
    assert.ok(titles.length >= 16, `a tooltip per function: ${titles.length}`);
    for (const title of titles) {
      assert.match(title, scan.HANGUL, title);
      assert.deepEqual(scan.englishRuns(title), [], title);
    }
    await wv.screenshot('activations-ko');
    assert.deepEqual(wv.pageErrors, []);
  });
});
