// The data explorer in real headless Chromium under the real CSP: every number asserted is computed
// by the page's worker (statistics, cs231n's sequence) or by TF.js's own BatchNormalization layer in
// it, and checked here against an independent computation or against the rule it must obey.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { assertNoFreeze, openWebview, repoRoot } from './harness.mjs';
import { HANGUL, englishRuns, visibleText } from './koreanScan.mjs';
const { DATASETS, makeToy, parseMnistBinary, imagesDataset } = await tsImport('../../webview/shared/training/datasets.ts', import.meta.url);

const ready = (page, dataset) =>
  page.waitForFunction(
    (dataset) => {
      const root = document.querySelector('[data-testid="data-explorer"]');
      return root?.dataset.status === 'ready' && root.dataset.dataset === dataset;
    },
    dataset,
    { timeout: 180_000 },
  );
const bnReady = (page, momentum) =>
  page.waitForFunction(
    (momentum) => {
      const bn = document.querySelector('[data-testid="bn-demo"]');
      return bn?.dataset.status === 'ready' && Number(bn.dataset.momentum) === momentum;
    },
    momentum,
    { timeout: 180_000 },
  );
const channelRows = (page) =>
  page.$$eval('[data-testid="channel-row"]', (rows) => rows.map((r) => ({ mean: Number(r.dataset.mean), std: Number(r.dataset.std), valMean: Number(r.dataset.valMean), valStd: Number(r.dataset.valStd) })));

/** Mean and population std per channel over samples [from, to) of channels-last values: the oracle, written out plainly. */
function direct(xs, sampleSize, channels, from, to) {
  const out = [];
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    let n = 0;
    for (let s = from; s < to; s++) for (let i = c; i < sampleSize; i += channels) { sum += xs[s * sampleSize + i]; n++; }
    const mean = sum / n;
    let sq = 0;
    for (let s = from; s < to; s++) for (let i = c; i < sampleSize; i += channels) sq += (xs[s * sampleSize + i] - mean) ** 2;
    out.push({ mean, std: Math.sqrt(sq / n) });
  }
  return out;
}

/** The demo's moving statistics obey Keras's update with the demo's momentum at every step (from 0 and 1). */
async function assertMomentumRule(page, momentum) {
  const steps = JSON.parse(await page.getAttribute('[data-testid="bn-demo"]', 'data-steps'));
  assert.ok(steps.length >= 10, `${steps.length} steps`);
  let mean = [0, 0];
  let variance = [1, 1];
  for (const [k, st] of steps.entries()) {
    mean = mean.map((m, i) => momentum * m + (1 - momentum) * st.b[i]);
    variance = variance.map((v, i) => momentum * v + (1 - momentum) * st.bv[i]);
    for (const i of [0, 1]) {
      assert.ok(Math.abs(st.m[i] - mean[i]) < 1e-4 * Math.max(1, Math.abs(mean[i])), `step ${k} moving mean ${i}: ${st.m[i]} vs ${mean[i]}`);
      assert.ok(Math.abs(st.mv[i] - variance[i]) < 1e-4 * Math.max(1, variance[i]), `step ${k} moving variance ${i}: ${st.mv[i]} vs ${variance[i]}`);
    }
  }
  return steps;
}

describe('data explorer (browser)', function () {
  let wv;
  const cifarRequests = [];
  before(async () => {
    wv = await openWebview('data', {
      viewport: { width: 1250, height: 1000 },
      hostMessages: async (msg, post) => {
        // Plays the host without a CIFAR-10 folder: the page must show the host's reason.
        if (msg.type === 'loadCifar') {
          cifarRequests.push(msg);
          await post({ type: 'cifar', ok: false, message: 'No CIFAR-10 folder chosen (test host).' });
        }
      },
    });
    await wv.waitForMessage((m) => m.type === 'ready');
  });
  after(async () => {
    await wv?.close();
  });

  it('a 2-D toy: statistics from the training split only, and cs231n’s sequence ending in an identity covariance', async () => {
    const { page } = wv;
    await ready(page, 'spiral');
    assert.equal(await page.getAttribute('[data-testid="backend"]', 'data-where'), 'worker');
    assert.equal(await page.getAttribute('[data-testid="split"]', 'data-train'), '480');
    assert.equal(await page.getAttribute('[data-testid="split"]', 'data-validation'), '120');
    assert.match(await page.textContent('[data-testid="leakage"]'), /training split only\. The validation split is never used to compute them/);

    // The Train panel's spiral (seed 7, 3 classes, shuffled); statistics over its first 480 samples only.
    const ds = makeToy('spiral', 600, 3, 7);
    const oracle = direct(ds.xs, 2, 2, 0, 480);
    const rows = await channelRows(page);
    assert.equal(rows.length, 2);
    rows.forEach((r, c) => {
      assert.ok(Math.abs(r.mean - oracle[c].mean) < 1e-9, `channel ${c} mean ${r.mean} vs ${oracle[c].mean}`);
      assert.ok(Math.abs(r.std - oracle[c].std) < 1e-9, `channel ${c} std ${r.std} vs ${oracle[c].std}`);
      // The validation split, normalized with the training numbers: close to 0 and 1, not exactly.
      assert.ok(Math.abs(r.valMean) < 0.5 && r.valMean !== 0, `validation mean after ${r.valMean}`);
    });
    const everything = direct(ds.xs, 2, 2, 0, 600);
    assert.notEqual(everything[0].mean, rows[0].mean, 'fitting on all 600 samples would give other numbers');

    const cov = async (id) => (await page.getAttribute(`[data-testid="stage-${id}"]`, 'data-cov')).split(',').map(Number);
    assert.equal(await page.getAttribute('[data-testid="point-clouds"]', 'data-skewed'), 'true');
    const [oxx, oxy] = await cov('original');
    assert.ok(Math.abs(oxy) > 0.05 * oxx, `the skewed original is correlated: ${oxy}`);
    const [, nxy] = await cov('normalized');
    assert.ok(Math.abs(nxy) > 0.1, `normalizing keeps the correlation: ${nxy}`);
    const [dxx, dxy, dyy] = await cov('decorrelated');
    assert.ok(Math.abs(dxy) < 1e-6 * Math.max(dxx, dyy), `PCA decorrelates: ${dxy}`);
    const [wxx, wxy, wyy] = await cov('whitened');
    assert.ok(Math.abs(wxx - 1) < 1e-3 && Math.abs(wxy) < 1e-3 && Math.abs(wyy - 1) < 1e-3, `whitened covariance ${[wxx, wxy, wyy]}`);
    assert.equal(await page.locator('[data-testid="channel-hists"]').count(), 2);
    assert.equal(await page.locator('[data-testid="hist-standardized"]').count(), 2);
    await wv.screenshot('data-panel');
  });

  it('batch normalization: one sample’s prediction changes with its batch in training mode, not in inference mode', async () => {
    const { page } = wv;
    await bnReady(page, 0.9);
    const gap = async (which) => Number(await page.getAttribute('[data-testid="bn-demo"]', `data-${which}-gap`));
    const trainingGap = await gap('training');
    const inferenceGap = await gap('inference');
    assert.ok(trainingGap > 0.01, `training mode: the prediction moves with the batch by ${trainingGap}`);
    assert.ok(inferenceGap < 1e-6, `inference mode: the same prediction in both batches (${inferenceGap})`);
    await assertMomentumRule(page, 0.9);

    // Another momentum: the averages follow it (0.5 forgets fast, so its last moving mean sits near the last batch's).
    await page.selectOption('[data-testid="bn-momentum"]', '0.5');
    await bnReady(page, 0.5);
    const steps = await assertMomentumRule(page, 0.5);
    assert.ok(steps.at(-1).m.every(Number.isFinite));
    assert.ok((await gap('inference')) < 1e-6 && (await gap('training')) > 0.01);
  });

  it('MNIST: the shipped digits’ training split, mean ≈ 0.13 and std ≈ 0.31 as computed here', async () => {
    const { page } = wv;
    await page.selectOption('[data-testid="dataset"]', 'mnist');
    await ready(page, 'mnist');
    const bytes = readFileSync(join(repoRoot, 'dist', 'webview', 'mnist-digits.bin'));
    const src = parseMnistBinary(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const r = imagesDataset('mnist', src, [28, 28, 1], [], 10000, 7);
    const [oracle] = direct(r.value.xs, 784, 1, 0, 8000);
    const [row] = await channelRows(page);
    assert.equal(await page.getAttribute('[data-testid="split"]', 'data-train'), '8000');
    assert.ok(Math.abs(row.mean - oracle.mean) < 1e-9 && Math.abs(row.std - oracle.std) < 1e-9, `${JSON.stringify(row)} vs ${JSON.stringify(oracle)}`);
    assert.equal(row.mean.toFixed(2), '0.13');
    assert.equal(row.std.toFixed(2), '0.31');
    assert.equal(await page.locator('[data-testid="point-clouds"]').count(), 0, 'no point clouds for images');
    await wv.screenshot('data-mnist');
  });

  it('20,000 synthetic colour images: the statistics run in the worker and the page stays responsive', async () => {
    const { page } = wv;
    await page.selectOption('[data-testid="dataset"]', 'shapes');
    await ready(page, 'shapes');
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    await page.fill('[data-testid="samples"]', '20000');
    await page.press('[data-testid="samples"]', 'Enter');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="split"]')?.getAttribute('data-train') === '16000' &&
        document.querySelector('[data-testid="data-explorer"]')?.dataset.status === 'ready',
      null,
      { timeout: 180_000 },
    );
    await page.waitForTimeout(200);
    const ms = Number(await page.getAttribute('[data-testid="data-explorer"]', 'data-ms'));
    const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
    assert.ok(Number.isFinite(ms) && ms > 0, `the statistics reported their time: ${ms}`);
    assertNoFreeze(longest, ms, 'statistics of 20,000 images in the worker');
    assert.equal((await channelRows(page)).length, 3, 'red, green and blue');
  });

  it('CIFAR-10 without a folder shows the host’s reason; a malformed host message is ignored', async () => {
    const { page } = wv;
    await page.selectOption('[data-testid="dataset"]', 'cifar');
    await page.waitForSelector('[data-testid="error"]', { timeout: 60_000 });
    assert.match(await page.textContent('[data-testid="error"]'), /No CIFAR-10 folder chosen \(test host\)/);
    // The Train panel's default CIFAR-10 sample count, asked of the host as the Train panel asks it.
    assert.equal(cifarRequests.at(-1).maxSamples, DATASETS.find((d) => d.id === 'cifar').defaultCount);
    assert.equal(cifarRequests.at(-1).pick, false);
    await wv.postToWebview({ type: 'cifar', ok: 'yes', data: 3 });
    await page.waitForTimeout(100);
    assert.ok(wv.consoleLines.some((l) => /ignored a malformed host message/.test(l)), wv.consoleLines.join('\n'));
    assert.deepEqual(wv.pageErrors, []);
    assert.deepEqual(await wv.cspViolationsNow(), []);
  });
});

describe('data explorer without a worker (browser)', function () {
  it('where the CSP refuses a worker, runs the same engine in the page and says so', async () => {
    const wv = await openWebview('data', { policy: { worker: false } });
    try {
      await ready(wv.page, 'spiral');
      await bnReady(wv.page, 0.9);
      assert.equal(await wv.page.getAttribute('[data-testid="backend"]', 'data-where'), 'page');
      assert.match(await wv.page.textContent('[data-testid="engine-note"]'), /could not start a worker/);
      assert.ok(Number(await wv.page.getAttribute('[data-testid="bn-demo"]', 'data-inference-gap')) < 1e-6);
      // Without worker: true the page may not even fetch the engine's script for a worker (connect-src).
      assert.ok((await wv.cspViolationsNow()).some((v) => /connect-src|worker-src/.test(v)), 'the refusal is the CSP');
      assert.deepEqual(wv.pageErrors, []);
    } finally {
      await wv.close();
    }
  });
});

// The explorer rendered with the host's Korean texts: the toy with its five pictures and the demo,
// then MNIST, show Hangul and leave no run of English words outside the terms the lecture keeps.
describe('data explorer in Korean (browser)', function () {
  let wv;
  before(async () => {
    wv = await openWebview('data', { lang: 'ko', viewport: { width: 1250, height: 1000 } });
    await wv.waitForMessage((m) => m.type === 'ready');
  });
  after(async () => {
    await wv?.close();
  });

  function assertKorean(text) {
    assert.match(text, HANGUL);
    assert.deepEqual(englishRuns(text), [], text);
    assert.doesNotMatch(text, /⟦/, 'a text id has no template');
  }

  it('shows the statistics, the point clouds and the batch-normalization demo in Korean', async () => {
    const { page } = wv;
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    await ready(page, 'spiral');
    await bnReady(page, 0.9);
    const first = await visibleText(page);
    assert.match(first, /검증 데이터는 이 계산에 절대 쓰지 않습니다/);
    assert.match(first, /백색화/);
    await wv.screenshot('data-ko');
    await page.selectOption('[data-testid="dataset"]', 'mnist');
    await ready(page, 'mnist');
    for (const text of [first, await visibleText(page)]) assertKorean(text);
    assert.deepEqual(wv.pageErrors, []);
  });
});
