// Browser tier for the Train panel's regularization (real bundle, real TF.js in headless Chromium):
// the spec's L2 penalty shown apart from the data loss, early stopping's restore of the best
// epoch, augmented samples, and the overfitting demo on a seeded run. Every expected number is one
// the run itself measured (the panel's curves and the engine's evaluation), never a constant.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { artifactsDir, openWebview } from './harness.mjs';
import { HANGUL, englishRuns } from './koreanScan.mjs';

const { analyze } = await tsImport('../../src/core/index.ts', import.meta.url);
const { trainSpecFromAnalysis } = await tsImport('../../src/protocol/train.ts', import.meta.url);

const specFrom = (name, text) => trainSpecFromAnalysis(`file:///examples/${name}`, name, analyze(text));

async function openTrain(spec, opts = {}) {
  const wv = await openWebview('train', { hostMessages: [{ type: 'settings', backend: 'auto' }, { type: 'spec', spec, reason: 'open' }], ...opts });
  await wv.waitForMessage((m) => m.type === 'model' || (m.type === 'status' && m.state === 'error'), 90_000);
  await wv.page.waitForSelector('[data-testid="start"]:not([disabled])', { timeout: 90_000 });
  return wv;
}

async function setField(page, testid, value) {
  await page.fill(`[data-testid="${testid}"]`, String(value));
  await page.dispatchEvent(`[data-testid="${testid}"]`, 'change');
}

const phaseEnded = (page, timeout = 180_000) => page.waitForFunction(
  () => /^(done|stopped|diverged|error)$/.test(document.querySelector('[data-testid="progress"]')?.getAttribute('data-phase') ?? ''), null, { timeout });

describe('train webview: regularization (real Chromium + TF.js)', function () {
  this.timeout(300_000);
  let wv;
  afterEach(async () => {
    await wv?.close();
    wv = undefined;
  });

  it('shows data and regularization loss apart (total = data + regularization), and early stopping restores the best epoch though the run ends before patience runs out', async () => {
    wv = await openTrain(specFrom('reg-spiral.netspec', 'input 2\ndense 64 activation=relu l2=0.001\ndense 3 activation=softmax'));
    assert.match(await wv.page.textContent('[data-testid="reg-spec-penalty"]'), /l1=\/l2= penalties are added/);
    await setField(wv.page, 'samples', 300);
    await setField(wv.page, 'learning-rate', '0.5');
    await setField(wv.page, 'epochs', 8);
    await setField(wv.page, 'validation-split', 0.3);
    await wv.page.check('[data-testid="early-stopping"]');
    await wv.page.dispatchEvent('[data-testid="early-stopping"]', 'change');
    await setField(wv.page, 'patience', 100);
    await wv.page.click('[data-testid="start"]');
    await phaseEnded(wv.page);
    assert.equal(await wv.page.getAttribute('[data-testid="progress"]', 'data-phase'), 'done');

    const [data, reg, total] = await Promise.all(['data-loss', 'reg-loss', 'total-loss'].map((id) => wv.page.textContent(`[data-testid="${id}"]`).then(Number)));
    assert.ok(reg > 0, `a penalty: ${reg}`);
    assert.ok(Math.abs(total - (data + reg)) <= 2e-4, `${total} = ${data} + ${reg}`);

    const restored = await wv.page.$('[data-testid="restored-epoch"]');
    assert.ok(restored, 'the panel says which epoch it restored');
    const curves = (await wv.state()).curves;
    const valLosses = curves.valLoss;
    assert.equal(valLosses.length, 8, 'all 8 epochs ran: patience never ran out');
    const bestEpoch = valLosses.indexOf(Math.min(...valLosses)) + 1;
    assert.equal(Number(await restored.getAttribute('data-epoch')), bestEpoch, `best of ${valLosses.join(', ')}`);
    assert.ok(bestEpoch < 8, `the best epoch is not the last (else restoring changes nothing): ${valLosses.join(', ')}`);
    assert.equal(await restored.getAttribute('data-stopped-early'), 'false');
    const evaluated = Number(await restored.getAttribute('data-evaluated-loss'));
    assert.ok(Math.abs(evaluated - valLosses[bestEpoch - 1]) < 1e-5, `validation loss after the restore ${evaluated} equals the best epoch's ${valLosses[bestEpoch - 1]}`);
    assert.match(await restored.textContent(), new RegExp(`epoch ${bestEpoch}\\b`));
    assert.deepEqual(wv.pageErrors, []);
  });

  it('shows the first training batch augmented (shifted digits) before training', async () => {
    wv = await openTrain(specFrom('reg-mnist.netspec', 'input 28x28x1\nflatten\ndense 32 activation=relu\ndense 10 activation=softmax'));
    assert.equal(await wv.page.inputValue('[data-testid="dataset"]'), 'mnist');
    await setField(wv.page, 'augment-shift', 3);
    await wv.page.click('[data-testid="augment-preview-button"]');
    await wv.page.waitForSelector('[data-testid="augment-preview"] canvas', { timeout: 60_000 });
    assert.equal(await wv.page.locator('[data-testid="augment-preview"] canvas').count(), 8);
    assert.deepEqual(wv.pageErrors, []);
  });

  it('runs the overfitting demo: curves diverge, and L2 or dropout narrows the train/validation gap the run measured', async () => {
    wv = await openTrain(specFrom('reg-spiral.netspec', 'input 2\ndense 8 activation=relu\ndense 3 activation=softmax'), { viewport: { width: 1300, height: 1000 } });
    await wv.page.click('[data-testid="overfit-demo-run"]');
    await wv.page.waitForSelector('[data-testid="overfit-demo-table"][data-done="true"]', { timeout: 280_000 });
    const rows = await wv.page.$$eval('[data-testid="overfit-demo-table"] tbody tr', (trs) => trs.map((tr) => ({
      run: tr.getAttribute('data-run'), train: Number(tr.getAttribute('data-train-accuracy')), val: Number(tr.getAttribute('data-val-accuracy')),
      gap: Number(tr.getAttribute('data-gap')), valLosses: JSON.parse(tr.getAttribute('data-val-losses')),
    })));
    const by = Object.fromEntries(rows.map((r) => [r.run, r]));
    assert.deepEqual(rows.map((r) => r.run), ['baseline', 'l2', 'dropout', 'augment', 'earlyStopping']);
    for (const r of rows) assert.ok(Math.abs(r.gap - (r.train - r.val)) < 1e-12, `${r.run}: gap = train − validation`);
    // Overfitting: the baseline fits its 200 digits far better than the held-out ones.
    assert.ok(by.baseline.train > by.baseline.val + 0.1, `baseline train ${by.baseline.train} vs validation ${by.baseline.val}`);
    assert.ok(Math.min(by.l2.gap, by.dropout.gap) < by.baseline.gap, `gaps: baseline ${by.baseline.gap}, L2 ${by.l2.gap}, dropout ${by.dropout.gap}`);
    // Same initial weights and batches: early stopping's run is the baseline until it stops.
    const k = by.earlyStopping.valLosses.length;
    assert.ok(k >= 1);
    by.earlyStopping.valLosses.forEach((v, i) => assert.ok(Math.abs(v - by.baseline.valLosses[i]) < 1e-6, `epoch ${i + 1}: ${v} vs ${by.baseline.valLosses[i]}`));
    assert.notDeepEqual(by.l2.valLosses.slice(0, 3), by.baseline.valLosses.slice(0, 3), 'L2 changes the run');
    await wv.page.locator('[data-testid="overfit-demo"]').screenshot({ path: join(artifactsDir, 'train-overfit-demo.png') });
    assert.deepEqual(wv.pageErrors, []);
  });
});

describe('train webview: regularization in Korean (browser)', function () {
  this.timeout(240_000);
  let wv;
  after(async () => {
    await wv?.close();
  });

  it('shows the regularization settings and the overfitting demo in Korean, with no English sentence left', async () => {
    wv = await openTrain(specFrom('reg-mnist.netspec', 'input 28x28x1\nflatten\ndense 32 activation=relu l2=1e-4\ndense 10 activation=softmax'), { lang: 'ko', viewport: { width: 1300, height: 1000 } });
    await wv.page.check('[data-testid="early-stopping"]');
    await wv.page.dispatchEvent('[data-testid="early-stopping"]', 'change');
    await setField(wv.page, 'augment-shift', 2);
    for (const id of ['regularization', 'overfit-demo']) {
      const text = await wv.page.textContent(`[data-testid="${id}"]`);
      assert.match(text, HANGUL, id);
      assert.deepEqual(englishRuns(text), [], `${id}: ${text}`);
      assert.doesNotMatch(text, /⟦/);
    }
    await setField(wv.page, 'weight-decay', 'x');
    assert.match(await wv.page.textContent('[data-testid="settings-problem"]'), /가중치 감쇠/);
    await wv.screenshot('train-regularization-ko');
    assert.deepEqual(wv.pageErrors, []);
  });
});
