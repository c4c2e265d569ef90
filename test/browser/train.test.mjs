// Browser tier for the "Train on GPU" webview: the real bundle (dist/webview/train.js), real
// TF.js in headless Chromium, under the panel's exact CSP. WebGL here is SwiftShader (a CPU
// emulation), so `auto` trains on WASM with NetLens's training kernels; WebGL is forced by name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';
import { openWebview } from './harness.mjs';
import { HANGUL, englishRuns } from './koreanScan.mjs';

const { analyze, formatBytes } = await tsImport('../../src/core/index.ts', import.meta.url);
const { decodeFloat32, parseTrainToHost, trainSpecFromAnalysis } = await tsImport('../../src/protocol/train.ts', import.meta.url);
const { weightLayout } = await tsImport('../../src/core/export/layout.ts', import.meta.url);
const { l10nFor } = await tsImport('../../src/webview-host/html.ts', import.meta.url);

const specOf = (name, text = readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')) =>
  trainSpecFromAnalysis(`file:///examples/${name}`, name, analyze(text));

async function openTrain(spec, opts = {}) {
  const wv = await openWebview('train', {
    hostMessages: [{ type: 'settings', backend: opts.backend ?? 'auto' }, { type: 'spec', spec, reason: 'open' }],
    ...opts,
  });
  await wv.waitForMessage((m) => m.type === 'model' || (m.type === 'status' && m.state === 'error'), 90_000);
  return wv;
}

async function setField(page, testid, value) {
  await page.fill(`[data-testid="${testid}"]`, String(value));
  await page.dispatchEvent(`[data-testid="${testid}"]`, 'change');
}

/** Waits until the run ends and returns the final status message text. */
async function waitForRunEnd(wv, timeout = 120_000) {
  await wv.page.waitForFunction(
    () => /^\s*(done|stopped|diverged|error)\b/.test(document.querySelector('[data-testid="progress"] .text')?.textContent ?? ''),
    null, { timeout },
  );
  return (await wv.page.textContent('[data-testid="message"]').catch(() => '')) ?? '';
}

/** The dead-ReLU read-outs, parsed: "12.5 % (40 / 320)" -> { percent, dead, total }. */
async function deadRelu(page, testid = 'dead-relu-value') {
  const text = await page.textContent(`[data-testid="${testid}"]`);
  const m = /([\d.]+) % \(([\d,]+) \/ ([\d,]+)\)/.exec(text ?? '');
  assert.ok(m, `${testid} reads like "12.5 % (40 / 320)": ${text}`);
  return { percent: Number(m[1]), dead: Number(m[2].replace(/,/g, '')), total: Number(m[3].replace(/,/g, '')) };
}

/**
 * Resolves once the page has handled every message posted before: message events are dispatched
 * in order, so a sentinel posted now arrives after them (the panel drops it as malformed).
 */
const handled = (page) =>
  page.evaluate(() => new Promise((resolve) => {
    const sentinel = { type: 'netlens-test-sync', at: Math.random() };
    window.addEventListener('message', function onMessage(e) {
      if (e.data?.at !== sentinel.at) return;
      window.removeEventListener('message', onMessage);
      requestAnimationFrame(() => resolve());
    });
    window.postMessage(sentinel, '*');
  }));

/** The curves the panel saved in its webview state (what a reload restores). */
const batchLosses = async (wv) => (await wv.state()).curves;

describe('train webview (real Chromium + TF.js)', function () {
  this.timeout(240_000);
  let wv;
  afterEach(async () => {
    await wv?.close();
    wv = undefined;
  });

  it('trains the lecture CNN on WASM where WebGL is a CPU emulation, says so plainly, loss falls', async () => {
    wv = await openTrain(specOf('lecture6-cifar.netspec'));
    const built = wv.messagesFromWebview.find((m) => m.type === 'model');
    assert.equal(built.backend, 'wasm', 'SwiftShader is no GPU: auto picks WASM');
    // TF.js runs in the engine's Web Worker, as the engine itself reports.
    assert.equal(await wv.page.getAttribute('[data-testid="backend"]', 'data-where'), 'worker');
    const badge = await wv.page.textContent('[data-testid="backend"]');
    assert.match(badge, /wasm/);
    // The one GPU detection (webview/shared/gpu.ts): a software renderer is never called a GPU.
    assert.equal(await wv.page.getAttribute('[data-testid="gpu"]', 'data-gpu'), 'emulated');
    assert.doesNotMatch(badge, /GPU: .*SwiftShader/);
    assert.match(badge, /no GPU \(WebGL is a CPU emulation\)/);
    const reason = await wv.page.textContent('[data-testid="backend-reason"]');
    assert.match(reason, /^wasm: There is no real GPU here: WebGL is a CPU emulation \(.*SwiftShader/);
    assert.doesNotMatch(reason, /runs the arithmetic in parallel|cannot train/);
    await setField(wv.page, 'samples', 400);
    await wv.page.click('[data-testid="start"]');
    const message = await waitForRunEnd(wv);
    assert.match(message, /Finished after 1 epoch/);
    const curves = await batchLosses(wv);
    assert.ok(curves.batchLoss.length >= 8, `expected at least 8 batches, got ${curves.batchLoss.length}`);
    const first = curves.batchLoss[0];
    const lastThree = curves.batchLoss.slice(-3).reduce((a, b) => a + b, 0) / 3;
    assert.ok(lastThree < first * 0.75, `loss should fall clearly: first batch ${first}, mean of last three ${lastThree}`);
    // The tiles show what Keras's fit prints: the epoch's running mean (the chart's epoch point).
    const shownLoss = Number(await wv.page.textContent('[data-testid="loss"]'));
    assert.equal(shownLoss.toFixed(4), curves.epochLoss.at(-1).toFixed(4), `the loss tile is the epoch mean ${curves.epochLoss.at(-1)}`);
    assert.notEqual(shownLoss.toFixed(4), curves.batchLoss.at(-1).toFixed(4), 'not the last batch');
    const shownAcc = await wv.page.textContent('[data-testid="accuracy"]');
    assert.equal(shownAcc, `${(curves.epochAcc.at(-1) * 100).toFixed(1)}%`);
    assert.match(await wv.page.textContent('[data-testid="progress"]'), /320 \/ 320 samples/);
    assert.ok(await wv.page.isVisible('[data-testid="confusion"]'), 'confusion matrix after training');
    assert.equal(await wv.page.locator('[data-testid="sample-grid"] figure').count(), 24);
    // The lecture model uses ReLU: dead units of its 64 conv filters, before and after the run.
    const dead = await deadRelu(wv.page);
    assert.equal(dead.total, 64, 'one unit per conv filter');
    assert.ok(dead.percent >= 0 && dead.percent <= 100 && dead.dead <= dead.total, JSON.stringify(dead));
    assert.ok(Math.abs(dead.percent - (100 * dead.dead) / dead.total) < 0.051, 'percent matches the counts');
    assert.equal((await deadRelu(wv.page, 'dead-relu-start')).total, 64);
    assert.match(await wv.page.getAttribute('[data-testid="dead-relu"]', 'title'), /never fire .*first 256 training samples.*lower the learning rate/s);
    assert.deepEqual(await wv.cspViolationsNow(), []);
    assert.deepEqual(wv.pageErrors, []);
    await wv.screenshot('train-panel-lecture-cnn');
  });

  it('trains the 2-input MLP on the spiral above 90% accuracy and draws the decision boundary', async () => {
    wv = await openTrain(specOf('mlp-toy.netspec'));
    assert.equal(await wv.page.inputValue('[data-testid="dataset"]'), 'spiral');
    await setField(wv.page, 'epochs', 40);
    await wv.page.click('[data-testid="start"]');
    const message = await waitForRunEnd(wv);
    const acc = Number(/validation accuracy ([\d.]+)%/.exec(message)?.[1]);
    assert.ok(acc > 90, `spiral validation accuracy ${acc}% should beat 90% (${message})`);
    const curves = await batchLosses(wv);
    assert.ok(curves.batchLoss.at(-1) < curves.batchLoss[0] / 2, 'loss clearly falls');
    assert.ok(await wv.page.isVisible('[data-testid="boundary"]'));
    // The picture really shows more than one class region.
    const colours = await wv.page.evaluate(() => {
      const c = document.querySelector('[data-testid="boundary"]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4 * 97) seen.add(`${d[i] >> 5},${d[i + 1] >> 5},${d[i + 2] >> 5}`);
      return seen.size;
    });
    assert.ok(colours >= 3, `boundary picture has ${colours} colours`);
    await wv.screenshot('train-panel-spiral');
  });

  it('trains a spec with a normalize line: Keras\'s 2C + 1 non-trainable weights counted as the core counts them, and it learns the spiral', async () => {
    const spec = specOf('normalize.netspec', 'input 2\nnormalize\ndense 16 activation=relu\ndense 3 activation=softmax');
    assert.deepEqual(spec.errors, []);
    wv = await openTrain(spec);
    const model = wv.messagesFromWebview.find((m) => m.type === 'model');
    assert.ok(model, 'the panel built the model');
    assert.equal(model.layers[0].params, 2 * 2 + 1);
    assert.equal(model.totalParams, spec.totalParams);
    spec.layers.forEach((l, i) => assert.equal(model.layers[i].params, l.params, `${l.name} params`));
    assert.equal(await wv.page.inputValue('[data-testid="dataset"]'), 'spiral');
    await setField(wv.page, 'epochs', 30);
    await wv.page.click('[data-testid="start"]');
    const message = await waitForRunEnd(wv);
    const acc = Number(/validation accuracy ([\d.]+)%/.exec(message)?.[1]);
    assert.ok(acc > 80, `spiral validation accuracy with a normalize layer ${acc}% (${message})`);
    const curves = await batchLosses(wv);
    assert.ok(curves.batchLoss.at(-1) < curves.batchLoss[0] / 2, 'loss clearly falls');
  });

  it('refuses a NaN learning rate with a message, and stops a diverging run within one batch naming the step', async () => {
    wv = await openTrain(specOf('mlp-toy.netspec'));
    await setField(wv.page, 'learning-rate', 'NaN');
    assert.match(await wv.page.textContent('[data-testid="settings-problem"]'), /learning rate must be a positive number; got NaN/);
    assert.equal(await wv.page.isDisabled('[data-testid="start"]'), true);

    // Adam moves every weight by about the learning rate per step, so 1e30 overflows float32.
    await setField(wv.page, 'learning-rate', '1e30');
    await wv.page.click('[data-testid="start"]');
    const message = await waitForRunEnd(wv);
    const m = /loss became (NaN|Infinity|−Infinity) at step (\d+) \(epoch 1, batch (\d+)\)/.exec(message);
    assert.ok(m, `divergence message names the step: ${message}`);
    assert.match(message, /learning rate 1e\+30 is probably too high: try 1e\+29 or lower/);
    const curves = await batchLosses(wv);
    // Stopped at the diverging batch: no batch after it was recorded (every recorded loss is finite).
    assert.equal(curves.batchLoss.length, Number(m[2]) - 1);
    assert.ok(curves.batchLoss.every(Number.isFinite));
    assert.match(await wv.page.textContent('[data-testid="progress"]'), /^\s*diverged/);
  });

  it('shows dead ReLU units climbing with a far too large learning rate, and no read-out without ReLU', async () => {
    // mlp-toy: one hidden layer of 100 ReLU units. Plain SGD at 5 (a sane rate is about 0.1)
    // throws most biases far negative: the units stop firing for good, yet the loss stays finite.
    wv = await openTrain(specOf('mlp-toy.netspec'));
    assert.equal(await wv.page.locator('[data-testid="dead-relu"]').count(), 1, 'shown for a ReLU model before training');
    await wv.page.selectOption('[data-testid="optimizer"]', 'sgd');
    await setField(wv.page, 'learning-rate', 5);
    await setField(wv.page, 'epochs', 5);
    await wv.page.click('[data-testid="start"]');
    assert.match(await waitForRunEnd(wv), /Finished after 5 epoch/);
    const before = await deadRelu(wv.page, 'dead-relu-start');
    const after = await deadRelu(wv.page);
    assert.equal(before.total, 100);
    assert.equal(after.total, 100);
    assert.ok(before.percent < 10, `few dead units at the start: ${before.percent} %`);
    assert.ok(after.percent >= 50 && after.percent > before.percent + 30, `dead units climb: ${before.percent} % -> ${after.percent} %`);
    assert.match(await wv.page.textContent('[data-testid="dead-relu"]'), /climbing: lower the learning rate/);
    await wv.screenshot('train-panel-dead-relu');

    // The same network with tanh has no ReLU: no read-out, before or after training.
    const tanh = specOf('mlp-toy.netspec', 'input 2\ndense 100 activation=tanh\ndense 3 activation=softmax');
    await wv.postToWebview({ type: 'spec', spec: tanh, reason: 'open' });
    await wv.waitForMessage((m) => m.type === 'model' && m.totalParams === tanh.totalParams);
    assert.equal(await wv.page.locator('[data-testid="dead-relu"]').count(), 0);
    await setField(wv.page, 'learning-rate', 0.1);
    await setField(wv.page, 'epochs', 1);
    await wv.page.click('[data-testid="start"]');
    assert.match(await waitForRunEnd(wv), /Finished after 1 epoch/);
    assert.equal(await wv.page.locator('[data-testid="dead-relu"]').count(), 0);
  });

  it('without WebGL trains the lecture CNN on WASM in a worker: no page task over 100 ms, Stop within one batch; its race stops too, explains failures and frees its memory', async () => {
    wv = await openTrain(specOf('lecture6-cifar.netspec'), { disableWebGL: true });
    const built = wv.messagesFromWebview.find((m) => m.type === 'model');
    // NetLens's WASM kernels train convolutions: no fall back to the slow CPU backend.
    assert.equal(built.backend, 'wasm');
    assert.equal(await wv.page.getAttribute('[data-testid="backend"]', 'data-where'), 'worker');
    assert.match(await wv.page.textContent('[data-testid="backend"]'), /wasm.*no GPU \(no WebGL\)/s);
    const reason = await wv.page.textContent('[data-testid="backend-reason"]');
    assert.match(reason, /^wasm: This window gets no WebGL/);
    assert.doesNotMatch(reason, /cannot train|not in a Web Worker/);

    // A long run (50 batches of 32 per epoch); the page's main thread is watched with the Long
    // Tasks API from the first batch on, while 25 batches train.
    await setField(wv.page, 'samples', 2000);
    await wv.page.click('[data-testid="start"]');
    const step = () => wv.page.getAttribute('[data-testid="progress"]', 'data-step').then(Number);
    await wv.page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]')?.dataset.step) >= 1, null, { timeout: 120_000 });
    await wv.page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask' });
    });
    const watchedFrom = await step();
    // Stop is clicked in the same task that shows batch 25, so the batch in flight is the next one.
    const stepAtStop = await wv.page.evaluate(() => new Promise((resolve) => {
      const progress = document.querySelector('[data-testid="progress"]');
      const observer = new MutationObserver(() => {
        const shown = Number(progress.dataset.step);
        if (shown < 25) return;
        observer.disconnect();
        document.querySelector('[data-testid="stop"]').click();
        resolve(shown);
      });
      observer.observe(progress, { attributes: true, attributeFilter: ['data-step'] });
    }));
    assert.match(await waitForRunEnd(wv), /Stopped after 0 epoch/);
    const longTasks = await wv.page.evaluate(() => window.__longTasks);
    assert.ok(stepAtStop - watchedFrom >= 20, `watched ${stepAtStop - watchedFrom} batches`);
    assert.ok(longTasks.every((ms) => ms <= 100), `main-thread tasks over 100 ms while training: ${longTasks.join(', ')}`);
    const finalStep = await step();
    assert.ok(finalStep - stepAtStop <= 1, `Stop posted after batch ${stepAtStop}; the run ended after batch ${finalStep}`);
    assert.ok(await wv.page.isVisible('[data-testid="confusion"]'), 'a stopped run is still evaluated');

    // The race: WebGL cannot start; Stop while the CPU backend runs its first round.
    const tensorsBefore = Number(await wv.page.textContent('[data-testid="num-tensors"]'));
    await setField(wv.page, 'race-rounds', 2);
    await wv.page.click('[data-testid="race"]');
    await wv.page.waitForFunction(() => /round 1 of 2: cpu/.test(document.querySelector('[data-testid="race-status"]')?.textContent ?? ''), null, { timeout: 120_000 });
    // Click Stop in the page (one task: Playwright's own click waits for frames, which a
    // multi-second CPU batch delays) and note the rounds each backend had finished by then.
    const atStop = await wv.page.evaluate(() => {
      const rounds = Object.fromEntries([...document.querySelectorAll('[data-testid="race-results"] tr[data-backend]')]
        .map((tr) => [tr.dataset.backend, Number(tr.querySelector('[data-testid="race-epoch"]')?.dataset.rounds ?? 0)]));
      document.querySelector('[data-testid="race-stop"]').click();
      return rounds;
    });
    // Generous watchdog (a CPU batch of this model takes seconds); the check is on the rounds.
    await wv.page.waitForSelector('[data-testid="race-end"]', { timeout: 60_000 });
    assert.match(await wv.page.textContent('[data-testid="race-end"]'), new RegExp(`^Stopped\\. Tensors before the race ${tensorsBefore}, after it ${tensorsBefore}: all its memory was freed`));
    const saved = (await wv.state()).race;
    assert.deepEqual(Object.fromEntries(saved.map((r) => [r.backend, r.rounds.length])), { webgl: 0, ...atStop },
      'no round finished after Stop: the running one was abandoned at its next batch');
    assert.ok(saved.reduce((n, r) => n + r.rounds.length, 0) < 4, 'stopped before the end');
    assert.deepEqual(saved.map((r) => [r.backend, r.ok]), [['webgl', false], ['wasm', true], ['cpu', true]]);
    const errors = await wv.page.locator('[data-testid="race-error"]').allTextContents();
    assert.match(errors[0], /^WebGL could not start \(no WebGL context/);
    for (const e of errors) assert.doesNotMatch(e, /Kernel|not registered/);
    assert.equal(Number(await wv.page.textContent('[data-testid="num-tensors"]')), tensorsBefore, 'the memory tile is back where it was');
    assert.equal(wv.messagesFromWebview.filter((m) => m.type === 'raceFinished').length, 0, 'a stopped race does not finish the walkthrough step');
  });

  it('keeps tf.memory().numTensors flat across epochs (no tensor leak)', async () => {
    wv = await openTrain(specOf('mlp-toy.netspec'), { backend: 'webgl' });
    assert.equal(wv.messagesFromWebview.find((m) => m.type === 'model').backend, 'webgl');
    await setField(wv.page, 'samples', 200);
    await setField(wv.page, 'epochs', 3);
    await wv.page.click('[data-testid="start"]');
    await waitForRunEnd(wv);
    const text = await wv.page.textContent('[data-testid="tensors-per-epoch"]');
    const counts = /Tensors after each epoch: ([\d, ]+)/.exec(text)[1].split(',').map((s) => Number(s.trim()));
    assert.equal(counts.length, 3);
    assert.ok(counts.every((n) => n === counts[0]), `numTensors per epoch: ${counts.join(', ')}`);
    // Sizes print as the core prints them (1024-based, KiB/MiB), e.g. in the summary and hover.
    const memory = wv.page.locator('[data-testid="memory"]');
    const bytes = Number(await memory.getAttribute('data-bytes'));
    assert.ok(bytes > 0);
    assert.equal((await memory.textContent()).split(' (GPU')[0], formatBytes(bytes));
  });

  it('builds every example spec with the same layer shapes and parameter counts as the core engine', async () => {
    const files = (await import('node:fs')).readdirSync(new URL('../../examples/', import.meta.url)).filter((f) => f.endsWith('.netspec')).sort();
    assert.ok(files.length >= 5, 'examples/ has specs');
    wv = await openTrain(specOf(files[0]));
    let checked = 0;
    for (const file of files) {
      const spec = specOf(file);
      const before = wv.messagesFromWebview.length;
      await wv.postToWebview({ type: 'spec', spec, reason: 'open' });
      const reply = await wv.waitForMessage(
        (m, i) => wv.messagesFromWebview.indexOf(m) >= before && (m.type === 'model' || (m.type === 'status' && m.state === 'error')), 90_000);
      if (file === 'padding-stride.netspec') {
        // Its dilated convolution trains with NetLens's dilated-convolution gradient.
        assert.equal(await wv.page.locator('[data-testid="message"]').count(), 0, 'no "cannot train" banner');
        assert.equal(await wv.page.isDisabled('[data-testid="start"]'), false);
      }
      if (spec.errors.length || spec.totalParams > 20_000_000) {
        assert.equal(reply.type, 'status', `${file}: not built`);
        assert.match(reply.text, spec.errors.length ? /spec has errors/ : /too big to train in a webview/);
        continue;
      }
      assert.equal(reply.type, 'model', `${file}: ${reply.text ?? ''}`);
      assert.equal(reply.totalParams, spec.totalParams, `${file}: model.countParams()`);
      assert.equal(reply.layers.length, spec.layers.length, `${file}: layer count`);
      spec.layers.forEach((l, i) => {
        assert.deepEqual(reply.layers[i].outputShape, l.outputShape, `${file}: ${l.name} output shape`);
        assert.equal(reply.layers[i].params, l.params, `${file}: ${l.name} params`);
      });
      checked++;
    }
    assert.ok(checked >= files.length - 2, `checked ${checked} of ${files.length}`);
  });

  it('trains on real MNIST digits and on CIFAR-10 bytes sent by the host, adapting the input shape', async () => {
    wv = await openTrain(specOf('mnist-convnet.netspec'));
    assert.equal(await wv.page.inputValue('[data-testid="dataset"]'), 'mnist');
    await setField(wv.page, 'samples', 300);
    await wv.page.click('[data-testid="start"]');
    assert.match(await waitForRunEnd(wv), /Finished/);
    const mnistLoss = (await batchLosses(wv)).batchLoss;
    assert.ok(mnistLoss.at(-1) < mnistLoss[0], 'MNIST loss falls');

    // CIFAR-10: the host answers loadCifar with bytes (base64 here, as JSON carries them).
    const count = 64;
    const labels = Buffer.from(Array.from({ length: count }, (_, i) => i % 10));
    const images = Buffer.alloc(count * 3072);
    for (let i = 0; i < count; i++) images.fill(20 + (i % 10) * 23, i * 3072, (i + 1) * 3072);
    wv.onMessage(async (m, post) => {
      if (m.type === 'loadCifar') await post({ type: 'cifar', ok: true, data: { source: '/tmp/cifar-test', count, labels: labels.toString('base64'), images: images.toString('base64') } });
    });
    await wv.postToWebview({ type: 'spec', spec: specOf('lenet5.netspec'), reason: 'open' });
    await wv.page.waitForFunction(() => /on (webgl|wasm|cpu)/.test(document.body.textContent ?? '') && document.body.textContent.includes('61,706'));
    await wv.page.selectOption('[data-testid="dataset"]', 'cifar');
    await setField(wv.page, 'samples', 64);
    await wv.page.click('[data-testid="start"]');
    assert.match(await waitForRunEnd(wv), /Finished/);
    const notes = (await wv.page.locator('[data-testid="note"]').allTextContents()).join(' ');
    assert.match(notes, /CIFAR-10 colour images are turned grey/);
    assert.ok(wv.messagesFromWebview.some((m) => m.type === 'loadCifar' && m.maxSamples === 64));
  });

  it('explains an input mismatch instead of training', async () => {
    wv = await openTrain(specOf('lecture6-cifar.netspec'));
    await wv.page.selectOption('[data-testid="dataset"]', 'spiral');
    await wv.page.click('[data-testid="start"]');
    const message = await waitForRunEnd(wv);
    assert.match(message, /points have 2 values \(x, y\), but the spec's input is 32×32×3/);
  });

  it('restores its last results from the webview state and runs the CPU vs GPU race', async () => {
    const state = {
      v: 1, specUri: 'file:///examples/mlp-toy.netspec',
      form: { dataset: 'circles', samples: 300, optimizer: 'rmsprop', learningRate: '0.005', batchSize: 16, epochs: 2, validationSplit: 0.25 },
      curves: { batchStep: [1, 2, 3], batchLoss: [1.1, 0.9, 0.7], batchAcc: [0.3, 0.5, 0.7], epochStep: [3], epochLoss: [0.9], epochAcc: [0.5], valLoss: [0.8], valAcc: [0.6] },
      results: { classNames: ['class 0', 'class 1'], confusion: [[40, 10], [5, 45]], accuracy: 0.85, on: 'validation' },
      summary: 'Finished after 2 epoch(s): validation accuracy 85.0%',
    };
    wv = await openTrain(specOf('mlp-toy.netspec'), { state });
    assert.match(await wv.page.textContent('[data-testid="message"]'), /Restored from the last session: Finished after 2 epoch/);
    assert.equal(await wv.page.inputValue('[data-testid="optimizer"]'), 'rmsprop');
    assert.equal(await wv.page.inputValue('[data-testid="dataset"]'), 'circles');
    assert.match(await wv.page.textContent('[data-testid="confusion"]'), /40\s*10/);

    const tensorsBefore = Number(await wv.page.textContent('[data-testid="num-tensors"]'));
    await setField(wv.page, 'race-rounds', 2);
    await wv.page.click('[data-testid="race"]');
    await wv.page.waitForSelector('[data-testid="race-end"]', { timeout: 120_000 });
    const saved = await wv.state();
    assert.equal(saved.specUri, 'file:///examples/mlp-toy.netspec');
    assert.deepEqual(saved.race.map((r) => [r.backend, r.ok, r.rounds.length]), [['webgl', true, 2], ['wasm', true, 2], ['cpu', true, 2]]);
    // Each row: the median of its rounds' seconds per epoch (training samples of these settings), with the spread.
    const epochSamples = saved.raceEpochSamples;
    assert.equal(epochSamples, 225, '300 samples, a quarter for validation');
    for (const r of saved.race) {
      const cell = wv.page.locator(`[data-testid="race-results"] tr[data-backend="${r.backend}"] [data-testid="race-epoch"]`);
      assert.equal(await cell.getAttribute('data-rounds'), '2');
      const perEpoch = r.rounds.map((s) => s * epochSamples);
      assert.equal(Number(await cell.getAttribute('data-median')), (perEpoch[0] + perEpoch[1]) / 2, `${r.backend}: median of two rounds`);
      assert.match(await cell.textContent(), /^[\d.]+ s[\d.]+ s–[\d.]+ s$/, `${r.backend}: median, then min–max`);
    }
    assert.match(await wv.page.textContent('[data-testid="race-end"]'), new RegExp(`^Tensors before the race ${tensorsBefore}, after it ${tensorsBefore}: all its memory was freed`));
    assert.equal(Number(await wv.page.textContent('[data-testid="num-tensors"]')), tensorsBefore);
    // Shown beside its button, not at the bottom of the page.
    const button = await wv.page.locator('[data-testid="race"]').boundingBox();
    const table = await wv.page.locator('[data-testid="race-results"]').boundingBox();
    assert.ok(table.y > button.y && table.y - (button.y + button.height) < 150, `results right under the button: ${JSON.stringify({ button, table })}`);
    // The host hears of it (it sets the walkthrough's netlens.walkthrough.raced).
    assert.deepEqual(await wv.waitForMessage((m) => m.type === 'raceFinished'), { type: 'raceFinished', rounds: 2, backends: ['webgl', 'wasm', 'cpu'] });
    await wv.screenshot('train-panel-race');
  });
});

describe('train webview controls', function () {
  this.timeout(240_000);
  let wv;
  afterEach(async () => {
    await wv?.close();
    wv = undefined;
  });

  it('pauses, resumes and stops a run from the keyboard, then offers to rebuild when the spec is saved', async () => {
    wv = await openTrain(specOf('mlp-toy.netspec'));
    await setField(wv.page, 'epochs', 2000);
    // Keyboard only: focus Start and press Enter, then Tab to Pause.
    await wv.page.focus('[data-testid="start"]');
    await wv.page.keyboard.press('Enter');
    await wv.page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]').getAttribute('aria-valuenow')) > 0);
    await wv.page.keyboard.press('Tab');
    assert.equal(await wv.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'pause');
    await wv.page.keyboard.press('Enter');
    await wv.page.waitForFunction(() => /^\s*paused/.test(document.querySelector('[data-testid="progress"] .text').textContent));
    const done = () => wv.page.getAttribute('[data-testid="progress"]', 'aria-valuenow').then(Number);
    const atPause = await done();
    await wv.page.waitForTimeout(400); // a real pause must hold over time; nothing else to wait on
    assert.equal(await done(), atPause, 'no batches while paused');
    await wv.page.keyboard.press('Enter'); // Resume (same button)
    await wv.page.waitForFunction((n) => Number(document.querySelector('[data-testid="progress"]').getAttribute('aria-valuenow')) > n, atPause);
    await wv.page.click('[data-testid="stop"]');
    assert.match(await waitForRunEnd(wv), /Stopped after \d+ epoch/);
    assert.ok(await wv.page.isVisible('[data-testid="confusion"]'));

    // Saving the spec in the editor after a run: the panel offers, and only rebuilds on request.
    const edited = specOf('mlp-toy.netspec', 'input 2\ndense 16 activation=tanh\ndense 3 activation=softmax');
    const modelsBefore = wv.messagesFromWebview.filter((m) => m.type === 'model').length;
    await wv.postToWebview({ type: 'spec', spec: edited, reason: 'save' });
    await wv.page.waitForSelector('[data-testid="rebuild"]');
    assert.equal(wv.messagesFromWebview.filter((m) => m.type === 'model').length, modelsBefore);
    await wv.page.click('[data-testid="rebuild"]');
    const rebuilt = await wv.waitForMessage((m) => m.type === 'model' && m.totalParams === edited.totalParams);
    assert.equal(rebuilt.totalParams, (2 + 1) * 16 + (16 + 1) * 3);
    await wv.page.waitForFunction(() => !document.querySelector('[data-testid="rebuild"]'));

    // Saved again with only a comment and spaces changed: the model is the one built, nothing to ask.
    const unchanged = specOf('mlp-toy.netspec', '# the same model\ninput 2\ndense 16   activation=tanh\ndense 3 activation=softmax  # out');
    await wv.postToWebview({ type: 'spec', spec: unchanged, reason: 'save' });
    await handled(wv.page);
    assert.equal(await wv.page.locator('[data-testid="rebuild"]').count(), 0, 'no "Rebuild?" for an unchanged model');
  });

  it('calls a saturated run (flat finite loss, chance accuracy) diverged, labels MNIST rows once, and forgets it all for another spec', async () => {
    // The run: plain SGD at learning rate 50 on MNIST. No NaN ever appears; the softmax saturates.
    const mnist = specOf('mnist-dense.netspec', 'input 28x28x1\nflatten\ndense 64 activation=relu\ndense 10 activation=softmax');
    wv = await openTrain(mnist);
    assert.equal(await wv.page.inputValue('[data-testid="dataset"]'), 'mnist');
    await setField(wv.page, 'samples', 300);
    await wv.page.selectOption('[data-testid="optimizer"]', 'sgd');
    await setField(wv.page, 'learning-rate', 50);
    await setField(wv.page, 'epochs', 2);
    await wv.page.click('[data-testid="start"]');
    const message = await waitForRunEnd(wv);
    assert.match(message, /diverged into saturation: the loss (stayed|ended) at \d+\.\d\d, far above 2\.30 \(ln 10/, message);
    assert.match(message, /learning rate 50 is far too high/);
    assert.match(await wv.page.textContent('[data-testid="progress"]'), /^\s*diverged/);
    const rows = await wv.page.locator('[data-testid="confusion-row"]').allTextContents();
    assert.deepEqual(rows.map((r) => r.trim()), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], 'each digit once');

    // Another spec in the same panel: none of that run's banner, notes or results stay.
    await wv.postToWebview({ type: 'spec', spec: specOf('mlp-toy.netspec'), reason: 'open' });
    await wv.waitForMessage((m) => m.type === 'model' && m.totalParams === specOf('mlp-toy.netspec').totalParams);
    await handled(wv.page);
    assert.equal(await wv.page.locator('[data-testid="message"]').count(), 0, 'no banner from the MNIST run');
    assert.equal(await wv.page.locator('[data-testid="note"]').count(), 0, 'no notes from the MNIST run');
    assert.equal(await wv.page.locator('[data-testid="confusion"]').count(), 0, 'no results from the MNIST run');
    assert.equal((await wv.state()).curves, undefined, 'no curves from the MNIST run');
  });

  it('stops at once when the host says stop (the panel is closing)', async () => {
    wv = await openTrain(specOf('mlp-toy.netspec'));
    await setField(wv.page, 'epochs', 2000);
    await wv.page.click('[data-testid="start"]');
    await wv.page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]').getAttribute('aria-valuenow')) > 0);
    await wv.postToWebview({ type: 'stop' });
    assert.match(await waitForRunEnd(wv, 20_000), /Stopped after/);
    const status = await wv.waitForMessage((m) => m.type === 'status' && /Stopped/.test(m.text));
    assert.equal(status.state, 'stopped');
  });

  it('Export posts the panel\'s current settings, and after a run its trained weights in the export layout', async () => {
    const text = readFileSync(new URL('../../examples/mlp-toy.netspec', import.meta.url), 'utf8');
    wv = await openTrain(specOf('mlp-toy.netspec', text));
    assert.equal(await wv.page.isDisabled('[data-testid="export-weights"]'), true, 'no trained weights before a run');
    await wv.page.selectOption('[data-testid="dataset"]', 'blobs');
    await setField(wv.page, 'samples', 300);
    await wv.page.selectOption('[data-testid="optimizer"]', 'rmsprop');
    await setField(wv.page, 'learning-rate', '0.005');
    await setField(wv.page, 'batch-size', 16);
    await setField(wv.page, 'epochs', 2);
    await setField(wv.page, 'validation-split', 0.25);
    await wv.page.selectOption('[data-testid="export-target"]', 'ipynb-keras');
    await wv.page.click('[data-testid="export"]');
    const first = await wv.waitForMessage((m) => m.type === 'export');
    const settings = { dataset: 'blobs', samples: 300, optimizer: 'rmsprop', learningRate: 0.005, batchSize: 16, epochs: 2, validationSplit: 0.25, seed: 7 };
    assert.deepEqual(first, { type: 'export', target: 'ipynb', framework: 'keras', settings });
    assert.deepEqual(parseTrainToHost(first), first, 'the host\'s parser takes it as sent');

    await wv.page.click('[data-testid="start"]');
    assert.match(await waitForRunEnd(wv), /Finished after 2 epoch/);
    await wv.page.check('[data-testid="export-weights"]');
    await wv.page.selectOption('[data-testid="export-target"]', 'pytorch');
    await wv.page.click('[data-testid="export"]');
    const second = await wv.waitForMessage((m) => m.type === 'export' && m.weights);
    assert.deepEqual({ ...second, weights: undefined }, { type: 'export', target: 'pytorch', settings, weights: undefined });
    const parsed = parseTrainToHost(second);
    assert.ok(parsed?.weights, 'the host\'s parser accepts the weights');
    const layout = weightLayout(analyze(text));
    assert.deepEqual(parsed.weights.map((w) => [w.name, w.shape]), layout.map((w) => [w.key, w.shape]));
    const values = parsed.weights.map((w) => decodeFloat32(w.data));
    values.forEach((v, i) => assert.equal(v.length, layout[i].shape.reduce((p, d) => p * d, 1)));
    assert.ok(values.every((v) => v.every(Number.isFinite)));
    // Trained: the biases, zero when built, have moved.
    assert.ok(values[layout.findIndex((w) => w.weight === 'bias')].some((b) => b !== 0));
    assert.deepEqual(wv.pageErrors, []);
    await wv.screenshot('train-panel-export');
  });

  it('where the CSP refuses a worker, trains in the page and says so', async () => {
    wv = await openTrain(specOf('mlp-toy.netspec'), { policy: { worker: false } });
    assert.equal(await wv.page.getAttribute('[data-testid="backend"]', 'data-where'), 'page');
    assert.match(await wv.page.textContent('[data-testid="backend-reason"]'), /Training runs in this page, not in a Web Worker \(.+\), so the panel may pause/);
    assert.ok((await wv.cspViolationsNow()).some((v) => /worker-src|script-src/.test(v)), 'the refusal is the CSP');
    await setField(wv.page, 'epochs', 5);
    await wv.page.click('[data-testid="start"]');
    assert.match(await waitForRunEnd(wv), /Finished after 5 epoch/);
    const curves = await batchLosses(wv);
    assert.ok(curves.batchLoss.at(-1) < curves.batchLoss[0], 'the loss falls');
    assert.ok(await wv.page.isVisible('[data-testid="boundary"]'));
    assert.deepEqual(wv.pageErrors, []);
  });

  it('drops malformed host messages without breaking the panel', async () => {
    wv = await openTrain(specOf('lecture6-cifar.netspec'));
    for (const bad of [null, 'spec', { type: 'spec', spec: { uri: 1 }, reason: 'open' }, { type: 'settings', backend: 'tpu' }, { type: 'cifar', ok: true }]) {
      await wv.postToWebview(bad);
    }
    await wv.postToWebview({ type: 'spec', spec: specOf('mlp-toy.netspec'), reason: 'open' });
    const m = await wv.waitForMessage((x) => x.type === 'model' && x.totalParams === 603);
    assert.ok(m);
    assert.deepEqual(wv.pageErrors, []);
    assert.ok(wv.consoleLines.some((l) => l.includes('ignored a malformed host message')));
  });
});

/** Waits until the compare has ended (every run reported, or Stop) and returns its table's rows. */
async function compareRows(page, count, timeout = 180_000) {
  await page.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('[data-testid="compare-row"]')];
    const phase = document.querySelector('[data-testid="progress"]')?.getAttribute('data-phase');
    return rows.length === n && (phase === 'done' || phase === 'stopped') && rows.every((r) => r.dataset.status !== 'pending');
  }, count, { timeout });
  return page.$$eval('[data-testid="compare-row"]', (rows) => rows.map((r) => ({ ...r.dataset })));
}

/** The series labels of the compare's first chart (uPlot's legend). */
const chartSeries = (page) => page.$eval('[data-testid="compare-section"] .u-legend', (legend) => [...legend.querySelectorAll('.u-series th')].map((th) => th.textContent.trim()));

describe('train webview: compare runs (same initial weights, same batches)', function () {
  this.timeout(300_000);
  let wv;
  afterEach(async () => {
    await wv?.close();
    wv = undefined;
  });

  async function openToy(opts = {}) {
    wv = await openTrain(specOf('mlp-toy.netspec'), { viewport: { width: 1300, height: 1400 }, ...opts });
    await setField(wv.page, 'samples', 300);
    await setField(wv.page, 'epochs', 4);
    await wv.page.waitForSelector('[data-testid="compare-run"]:not([disabled])');
    return wv;
  }

  it('compares the lecture\'s Adam(0.01) with SGD: identical initial weights and batches (engine fingerprints), curves overlaid, a results table, tensors freed', async () => {
    await openToy();
    // The default pair, drawn from the optimizer list.
    const checked = await wv.page.$$eval('[data-testid="compare-optimizer"]', (els) => els.filter((e) => e.checked).map((e) => e.dataset.optimizer));
    assert.deepEqual(checked.sort(), ['adam', 'sgd']);
    assert.ok((await wv.page.$$('[data-testid="compare-optimizer"]')).length >= 4, 'every optimizer of the list is offered');
    assert.equal(await wv.page.inputValue('[data-testid="compare-lr"]'), '0.01');
    // Every change of the progress tile at the top of the panel, as it happens.
    await wv.page.evaluate(() => {
      const tile = document.querySelector('[data-testid="progress"]');
      window.compareTile = [];
      new MutationObserver(() => window.compareTile.push({
        run: tile.dataset.compareRun ?? null, now: Number(tile.getAttribute('aria-valuenow')), max: Number(tile.getAttribute('aria-valuemax')), text: tile.textContent,
      })).observe(tile, { attributes: true, subtree: true, characterData: true, childList: true });
    });
    await wv.page.click('[data-testid="compare-run"]');
    const rows = await compareRows(wv.page, 2);
    assert.deepEqual(rows.map((r) => r.status), ['done', 'done']);
    const tile = await wv.page.evaluate(() => window.compareTile);
    assert.deepEqual([...new Set(tile.map((r) => r.run).filter(Boolean))], ['1', '2'], 'the progress tile named run 1, then run 2');
    assert.ok(tile.some((r) => r.run === '2' && /compare run 2 of 2 · epoch \d+\/4/.test(r.text)), 'and said so in its text, with the epoch');
    const last = tile[tile.length - 1];
    assert.ok(last.max > 0 && last.now === last.max, `the tile ends with the samples of both runs: ${last.now} of ${last.max}`);
    assert.ok(tile.every((r, i) => i === 0 || r.now >= tile[i - 1].now), 'and its count never goes back');
    assert.match(rows[0].weights, /^[0-9a-f]{16}$/);
    assert.equal(rows[1].weights, rows[0].weights, 'the engine read the same initial weights in both models');
    assert.match(rows[0].batches, /^[0-9a-f]{8}$/);
    assert.equal(rows[1].batches, rows[0].batches, 'the same batches in the same order');
    for (const r of rows) assert.equal(r.tensorsAfter, r.tensorsBefore, `${r.label} freed its tensors`);
    // The runs follow the optimizer list's order.
    const [sgd, adam] = rows;
    assert.deepEqual([sgd.label, adam.label], ['SGD, LR 0.01', 'Adam, LR 0.01']);
    assert.ok(Number(adam.finalLoss) < Number(sgd.finalLoss), `Adam(0.01) ends lower than SGD(0.01) on the spiral: ${adam.finalLoss} vs ${sgd.finalLoss}`);
    assert.equal(await wv.page.getAttribute('[data-testid="compare-same"]', 'data-same'), 'true');
    assert.equal((await wv.page.$$('[data-testid="compare-legend-item"]')).length, 2);
    assert.deepEqual(await chartSeries(wv.page), rows.map((r) => r.label));
    await wv.page.locator('[data-testid="compare-section"]').screenshot({ path: (await wv.screenshot('train-compare-page')).replace(/-page\.png$/, '.png') });
    assert.deepEqual(wv.pageErrors, []);
  });

  it('with vs without batch normalization at two learning rates: 4 curves from the same weights; the normalize compare: 3', async () => {
    await openToy();
    await wv.page.selectOption('[data-testid="compare-kind"]', 'batchnorm');
    await wv.page.fill('[data-testid="compare-lr"]', '0.05');
    await wv.page.click('[data-testid="compare-run"]');
    const bn = await compareRows(wv.page, 4);
    assert.equal((await wv.page.$$('[data-testid="compare-legend-item"]')).length, 4);
    assert.equal((await chartSeries(wv.page)).length, 4);
    assert.deepEqual(bn.map((r) => r.label), ['without BN, LR 0.05', 'with BN, LR 0.05', 'without BN, LR 0.5', 'with BN, LR 0.5']);
    assert.equal(new Set(bn.map((r) => r.weights)).size, 1, 'every run starts from the same weights, BN inserted or not');
    assert.ok(bn.every((r) => r.tensorsAfter === r.tensorsBefore));
    const done = bn.filter((r) => r.status === 'done');
    assert.equal(new Set(done.map((r) => r.batches)).size, 1);

    await wv.page.selectOption('[data-testid="compare-kind"]', 'normalize');
    await wv.page.fill('[data-testid="compare-lr"]', '0.01');
    await wv.page.click('[data-testid="compare-run"]');
    const norm = await compareRows(wv.page, 3);
    assert.equal((await wv.page.$$('[data-testid="compare-legend-item"]')).length, 3);
    assert.equal((await chartSeries(wv.page)).length, 3);
    assert.deepEqual(norm.map((r) => r.label), ['off', 'zero-centre', 'standardize']);
    assert.equal(new Set(norm.map((r) => r.weights)).size, 1);
    assert.equal(new Set(norm.map((r) => r.batches)).size, 1);
    assert.equal(new Set(norm.map((r) => r.finalLoss)).size, 3, 'other inputs, other runs');
    assert.deepEqual(wv.pageErrors, []);
  });

  it('the normalize setting: training-split statistics shown, kept with the settings, and sent with the export', async () => {
    await openToy();
    await wv.page.selectOption('[data-testid="normalize"]', 'standardize');
    await wv.page.click('[data-testid="start"]');
    await waitForRunEnd(wv);
    const mean = JSON.parse(await wv.page.getAttribute('[data-testid="normalize-stats"]', 'data-mean'));
    const std = JSON.parse(await wv.page.getAttribute('[data-testid="normalize-stats"]', 'data-std'));
    assert.equal(mean.length, 2);
    assert.ok(std.every((v) => v > 0.1 && v < 1), `the spiral's per-axis std: ${std}`);
    assert.equal((await wv.state()).form.normalize, 'standardize');
    await wv.page.click('[data-testid="export"]');
    const exported = await wv.waitForMessage((m) => m.type === 'export');
    assert.equal(exported.settings.normalize, 'standardize');
    assert.equal(exported.settings.normalizeChannels, 2);
    assert.deepEqual(wv.pageErrors, []);
  });
});

describe('train webview: compare in Korean (browser)', function () {
  this.timeout(300_000);
  let wv;
  after(async () => {
    await wv?.close();
  });

  it('runs the batch-normalization compare in Korean: the section, its legend and table, no English sentence left', async () => {
    wv = await openTrain(specOf('mlp-toy.netspec'), { lang: 'ko', viewport: { width: 1300, height: 1400 } });
    await setField(wv.page, 'samples', 300);
    await setField(wv.page, 'epochs', 2);
    await wv.page.selectOption('[data-testid="normalize"]', 'center');
    await wv.page.waitForSelector('[data-testid="compare-run"]:not([disabled])');
    await wv.page.selectOption('[data-testid="compare-kind"]', 'batchnorm');
    await wv.page.click('[data-testid="compare-run"]');
    const rows = await compareRows(wv.page, 4);
    assert.match(rows[1].label, /배치 정규화 있음/);
    await wv.page.locator('[data-testid="compare-section"]').screenshot({ path: (await wv.screenshot('train-compare-ko-page')).replace(/-page\.png$/, '.png') });
    const text = await wv.page.evaluate(() => document.body.innerText);
    assert.match(text, /학습 비교/);
    assert.match(text, HANGUL);
    assert.deepEqual(englishRuns(text), [], text);
    assert.doesNotMatch(text, /⟦/);
    await wv.page.selectOption('[data-testid="compare-kind"]', 'optimizers');
    const optimizers = await wv.page.evaluate(() => document.querySelector('[data-testid="compare-section"]').innerText);
    assert.deepEqual(englishRuns(optimizers), [], optimizers);
    assert.deepEqual(wv.pageErrors, []);
  });
});

describe('train webview: optimizers, schedules and the learning-rate finder', function () {
  this.timeout(300_000);
  let wv;
  afterEach(async () => {
    await wv?.close();
    wv = undefined;
  });

  it('trains a few batches with Nesterov on a cosine schedule and with Adamax, drawing the schedule first and showing the live rate', async () => {
    wv = await openTrain(specOf('mlp-toy.netspec'));
    await wv.page.waitForSelector('[data-testid="start"]:not([disabled])');
    await wv.page.selectOption('[data-testid="dataset"]', 'spiral');
    await setField(wv.page, 'samples', 200);
    await setField(wv.page, 'epochs', 2);
    await wv.page.selectOption('[data-testid="optimizer"]', 'nesterov');
    await setField(wv.page, 'hyper-momentum', 1.5);
    assert.match(await wv.page.textContent('[data-testid="settings-problem"]'), /β must be a number from 0 to 0\.999; got 1\.5/);
    await setField(wv.page, 'hyper-momentum', 0.8);
    await wv.page.selectOption('[data-testid="schedule-kind"]', 'cosine');
    // The curve over the whole run, drawn before training: from the rate down to 0.
    const points = (await wv.page.getAttribute('[data-testid="schedule-curve"] polyline', 'points')).trim().split(' ').map((p) => p.split(',').map(Number));
    assert.ok(points.length >= 10, `${points.length} points`);
    assert.ok(points[0][1] < points.at(-1)[1], 'the rate falls over the run (SVG y grows downward)');
    assert.match(await wv.page.getAttribute('[data-testid="schedule-curve"]', 'aria-label'), /^The learning rate over the run: 0\.0100 at the first batch/);
    await wv.page.click('[data-testid="start"]');
    await waitForRunEnd(wv);
    assert.equal(await wv.page.getAttribute('[data-testid="progress"]', 'data-phase'), 'done');
    const live = Number(/learning rate ([\d.e-]+)/.exec(await wv.page.textContent('[data-testid="current-lr"]'))[1]);
    assert.ok(live >= 0 && live < 0.001, `the last batch's cosine rate is near 0: ${live}`);
    assert.ok((await batchLosses(wv)).batchLoss.every(Number.isFinite));

    await wv.page.selectOption('[data-testid="optimizer"]', 'adamax');
    await setField(wv.page, 'hyper-beta1', 0.85);
    await wv.page.selectOption('[data-testid="schedule-kind"]', 'constant');
    await wv.page.click('[data-testid="start"]');
    await waitForRunEnd(wv);
    assert.equal(await wv.page.getAttribute('[data-testid="progress"]', 'data-phase'), 'done');
    const saved = await wv.state();
    assert.equal(saved.form.optimizer, 'adamax');
    assert.equal(saved.form.hypers.adamax.beta1, 0.85);
    assert.equal(saved.form.hypers.nesterov.momentum, 0.8);
    assert.deepEqual(wv.pageErrors, []);
  });

  it('finds a learning rate for the lecture CNN on synthetic images between where the loss starts falling and where it diverges, and puts the weights back', async () => {
    wv = await openTrain(specOf('lecture6-cifar.netspec'), { viewport: { width: 1300, height: 1100 } });
    await wv.page.waitForSelector('[data-testid="find-lr"]:not([disabled])');
    await setField(wv.page, 'samples', 800);
    await setField(wv.page, 'batch-size', 16);
    await wv.page.click('[data-testid="find-lr"]');
    await wv.page.waitForSelector('[data-testid="lr-progress"]', { timeout: 60_000 });
    await wv.page.waitForSelector('[data-testid="lr-restored"]', { timeout: 280_000 });
    assert.equal(await wv.page.getAttribute('[data-testid="lr-restored"]', 'data-restored'), 'yes', 'every weight byte for byte as before');
    const curve = JSON.parse(await wv.page.getAttribute('[data-testid="lr-chart"]', 'data-curve'));
    const lr = Number(await wv.page.getAttribute('[data-testid="lr-suggestion"]', 'data-lr'));
    // Where the smoothed loss starts falling (2% under its start) and where the test saw it diverge (or its end).
    const fallStart = curve.smoothed.findIndex((v) => v < curve.smoothed[0] * 0.98);
    const divergeAt = curve.stoppedAt ?? curve.rates.length - 1;
    assert.ok(fallStart > 0, 'the loss fell');
    assert.ok(lr >= curve.rates[fallStart] && lr < curve.rates[divergeAt], `suggestion ${lr} within [${curve.rates[fallStart]}, ${curve.rates[divergeAt]})`);
    assert.ok(await wv.page.isVisible('[data-testid="lr-mark"]'), 'the suggestion is marked on the chart');
    await wv.screenshot('train-lr-finder');
    await wv.page.click('[data-testid="use-lr"]');
    assert.equal(Number(await wv.page.inputValue('[data-testid="learning-rate"]')), Number(lr.toPrecision(2)));
    assert.deepEqual(await wv.cspViolationsNow(), []);
    assert.deepEqual(wv.pageErrors, []);
  });

  it('stops the range test with Stop, weights restored', async () => {
    // Big batches of the lecture CNN: each takes long enough that Stop lands mid-test.
    wv = await openTrain(specOf('lecture6-cifar.netspec'));
    await wv.page.waitForSelector('[data-testid="find-lr"]:not([disabled])');
    await setField(wv.page, 'samples', 1000);
    await setField(wv.page, 'batch-size', 400);
    await wv.page.click('[data-testid="find-lr"]');
    await wv.page.waitForSelector('[data-testid="lr-progress"]', { timeout: 60_000 });
    await wv.page.click('[data-testid="stop-lr"]');
    await wv.page.waitForSelector('[data-testid="lr-restored"]', { timeout: 120_000 });
    assert.ok(await wv.page.isVisible('[data-testid="lr-stopped"]'), 'the panel says the test was stopped');
    assert.equal(await wv.page.getAttribute('[data-testid="lr-restored"]', 'data-restored'), 'yes');
    assert.ok(await wv.page.isEnabled('[data-testid="find-lr"]'));
    assert.deepEqual(wv.pageErrors, []);
  });
});

describe('train webview in Korean (browser)', function () {
  this.timeout(240_000);
  let wv;
  after(async () => {
    await wv?.close();
  });

  /** The page's whole visible text: every part of it, the backend's reason and the run's status line included, is in Korean. */
  const koreanPage = (page) => page.evaluate(() => document.body.innerText);
  const phase = (page) => page.getAttribute('[data-testid="progress"]', 'data-phase');

  it('shows the panel with a spec, during a run, paused and after it in Korean, with no English sentence left', async () => {
    wv = await openTrain(specOf('mlp-toy.netspec'), { lang: 'ko', viewport: { width: 1300, height: 1000 } });
    assert.equal(await wv.page.evaluate(() => document.documentElement.lang), 'ko');
    await wv.page.waitForSelector('[data-testid="start"]:not([disabled])');
    const pages = { idle: await koreanPage(wv.page) };
    assert.match(pages.idle, /파라미터 603개/, 'the model line in Korean, its number in the page\'s locale');
    assert.match(await wv.page.textContent('[data-testid="backend-reason"]'), HANGUL, 'the backend\'s reason, built in the engine\'s worker, in Korean');

    await setField(wv.page, 'samples', 300);
    await setField(wv.page, 'epochs', 400);
    await wv.page.click('[data-testid="start"]');
    await wv.page.waitForFunction(() => {
      const bar = document.querySelector('[data-testid="progress"]');
      return bar?.getAttribute('data-phase') === 'training' && Number(bar.getAttribute('aria-valuenow')) > 0;
    }, null, { timeout: 60_000 });
    pages.training = await koreanPage(wv.page);
    await wv.page.click('[data-testid="pause"]');
    await wv.page.waitForFunction(() => document.querySelector('[data-testid="progress"]')?.getAttribute('data-phase') === 'paused');
    pages.paused = await koreanPage(wv.page);
    assert.match(pages.paused, /일시정지됨/);
    await wv.page.click('[data-testid="stop"]');
    await wv.page.waitForFunction(() => /^(done|stopped|diverged|error)$/.test(document.querySelector('[data-testid="progress"]')?.getAttribute('data-phase') ?? ''), null, { timeout: 60_000 });
    assert.equal(await phase(wv.page), 'stopped');
    await wv.page.waitForSelector('[data-testid="confusion"]');
    pages.stopped = await koreanPage(wv.page);
    assert.match(pages.stopped, /중지됨/);
    assert.match(pages.stopped, /혼동 행렬/);
    assert.match(await wv.page.textContent('[data-testid="message"]'), /epoch \d+번 후 중지했습니다: (검증|학습) 정확도/);
    // The learning-rate finder's result, and a schedule's settings and curve, in Korean too.
    await wv.page.selectOption('[data-testid="schedule-kind"]', 'step');
    await setField(wv.page, 'warmup-steps', 5);
    await wv.page.click('[data-testid="find-lr"]');
    await wv.page.waitForSelector('[data-testid="lr-restored"]', { timeout: 60_000 });
    pages.lrFinder = await koreanPage(wv.page);
    assert.match(pages.lrFinder, /추천 학습률|손실이 줄지 않아/);
    // After the (stopped) run the test ran from the initial weights, the trained ones set aside and put back.
    assert.equal(await wv.page.getAttribute('[data-testid="lr-start"]', 'data-set-aside'), 'yes');
    assert.match(await wv.page.textContent('[data-testid="lr-start"]'), /초기 가중치\(seed 1234, 지문 [0-9a-f]{16}\)/);
    await wv.screenshot('train-ko');

    for (const [state, text] of Object.entries(pages)) {
      assert.match(text, HANGUL, state);
      assert.deepEqual(englishRuns(text), [], `${state}: ${text}`);
      assert.doesNotMatch(text, /⟦/, `${state}: a text id has no template`);
    }
    assert.deepEqual(wv.pageErrors, []);
  });

  it('switches to English when the host sends English texts, keeping the run\'s results', async () => {
    await wv.postToWebview(l10nFor('train', 'en'));
    await wv.page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 20_000 });
    const text = await koreanPage(wv.page);
    assert.match(text, /Confusion matrix/);
    assert.match(await wv.page.textContent('[data-testid="progress"]'), /^\s*stopped · epoch \d+\/400/);
    // The scan that passed the Korean page finds the English one's sentences: it can fail.
    assert.ok(englishRuns(text).length >= 5, `the scan found only ${englishRuns(text).join(' | ')}`);
  });
});

describe('train webview: settings from the search panel', function () {
  it('puts the best trial\'s learning rate and batch size into the form, and refuses a malformed one', async () => {
    const wv = await openTrain(specOf('mlp-toy.netspec'));
    try {
      await wv.postToWebview({ type: 'useSettings', learningRate: 0.0031234, batchSize: 64 });
      await wv.page.waitForFunction(() => document.querySelector('[data-testid="batch-size"]')?.value === '64', null, { timeout: 20_000 });
      assert.equal(Number(await wv.page.inputValue('[data-testid="learning-rate"]')), 0.00312);
      await wv.postToWebview({ type: 'useSettings', learningRate: -1 });
      await wv.postToWebview({ type: 'useSettings', learningRate: 0.5 });
      await wv.page.waitForFunction(() => document.querySelector('[data-testid="learning-rate"]')?.value === '0.5', null, { timeout: 20_000 });
      assert.equal(await wv.page.inputValue('[data-testid="batch-size"]'), '64', 'no batch size sent: the form keeps its own');
      assert.deepEqual(wv.pageErrors, []);
    } finally {
      await wv.close();
    }
  });
});
