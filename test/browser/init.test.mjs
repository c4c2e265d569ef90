// The weight-initialization lab in real headless Chromium with WebGL (SwiftShader), under the real
// CSP. Every statistic asserted is computed by TF.js in the page from the network it built.
import assert from 'node:assert/strict';
import { openWebview } from './harness.mjs';

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
    await page.click('[data-testid="init-a-big"]');
    const layers = await layerStats(page, 'normal(1)', 'tanh');
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
