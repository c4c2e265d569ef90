// The UI tests: what a student does and sees in the workbench. They run in this order on one
// page; each test opens the file it needs, so a failure does not cascade.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  SkipError, activeEditorText, allFrameTexts, editorTexts, findFrameWith, goToLine, notificationTexts, openFile, runCommand,
  screenshot, waitUntil,
} from './workbench.mjs';

const LECTURE = 'lecture6-cifar.netspec';
const BROKEN = 'broken.netspec';
/** A spec for typing into, written before the workbench opens so that quick open lists it. */
const TYPING = 'typing.netspec';
/** The PyTorch tutorial's CIFAR-10 net with the classic mistake: fc1 expects 16·4·4 (the MNIST size). */
const PYTORCH_MISTAKE = 'pytorch-mistake.py';
const PYTORCH_MISTAKE_TEXT = `# The PyTorch CIFAR-10 tutorial's Net, with fc1 sized for 28×28 MNIST images.
# NetLens reads it without running Python: hover a layer for its shape and
# parameters, read the inlay hints at the end of each line, and see the
# in_features mistake before PyTorch raises "mat1 and mat2 shapes cannot be
# multiplied".
import torch
import torch.nn as nn
import torch.nn.functional as F


# netlens: input 3x32x32
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)
`;

/** Adds the files the UI tests need to the workspace copy of examples/. */
export function prepareWorkspace(workspace) {
  writeFileSync(join(workspace, TYPING), 'input 32x32x3\n');
  writeFileSync(join(workspace, PYTORCH_MISTAKE), PYTORCH_MISTAKE_TEXT);
}

/** Line numbers (1-based) from the example's own text, so the tests do not hard-code them. */
function lineNumberOf(text, prefix) {
  const i = text.split('\n').findIndex((l) => l.trimStart().startsWith(prefix));
  if (i < 0) throw new Error(`no line starting with "${prefix}"`);
  return i + 1;
}

/**
 * Waits for a webview whose content has `selector`. If instead VS Code reports the command as not
 * found (contributed in package.json but not registered yet), the test is skipped, not passed.
 */
async function waitForPanel(page, selector, commandId, timeout = 60_000) {
  let missing = false;
  const frame = await waitUntil(async () => {
    const f = await findFrameWith(page, selector);
    if (f) return f;
    const notes = await notificationTexts(page);
    if (notes.some((n) => n.includes(commandId) && /not found/i.test(n))) {
      missing = true;
      return true;
    }
    return undefined;
  }, { timeout, interval: 300, message: `a webview with ${selector}` });
  if (missing) throw new SkipError(`command ${commandId} is contributed but not registered (panel not built yet)`);
  return frame;
}

/**
 * A command VS Code lists (contributed in package.json) but whose handler is not registered runs
 * into "command not found". The in-host phase recorded the registered ones: skip such a test at once.
 */
function requireRegistered({ registeredCommands }, commandId) {
  if (registeredCommands && !registeredCommands.includes(commandId)) {
    throw new SkipError(`command ${commandId} is contributed but not registered (panel not built yet)`);
  }
}

const HANGUL = /[\uac00-\ud7a3]/;

/**
 * Sets `netlens.language` in the workspace's settings file, as a student would in settings.json
 * (VS Code watches the file); undefined removes the file again.
 */
function setWorkspaceLanguage(workspace, value) {
  const dir = join(workspace, '.vscode');
  if (value === undefined) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify({ 'netlens.language': value }, null, 2)}\n`);
}

async function readLoss(frame) {
  const text = await frame.locator('[data-testid="loss"]').first().innerText().catch(() => '');
  const m = /-?\d+(\.\d+)?(e-?\d+)?/i.exec(text);
  return m ? Number(m[0]) : undefined;
}

export const uiTests = [
  {
    name: 'a .netspec file opens in the netspec language with NetLens active',
    shot: '01-editor',
    async run(page) {
      await openFile(page, LECTURE);
      await waitUntil(async () => /netlens model spec|netspec/i.test(await page.locator('#status\\.editor\\.mode').innerText()),
        { message: 'language mode "NetLens model spec" in the status bar' });
    },
  },
  {
    name: 'hover on the conv2d line shows (None, 32, 32, 64) and 832',
    shot: '02-hover',
    async run(page, { workspace }) {
      await openFile(page, LECTURE);
      const text = readFileSync(join(workspace, LECTURE), 'utf8');
      await goToLine(page, lineNumberOf(text, 'conv2d'), 2);
      const hover = page.locator('.monaco-hover-content').filter({ hasText: /\S/ });
      // "Show or Focus Hover" (Ctrl+K Ctrl+I) as a keyboard user would; retried because the first
      // request can arrive before the extension has activated.
      await waitUntil(async () => {
        await runCommand(page, 'Show or Focus Hover');
        await hover.first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
        const t = await hover.allInnerTexts();
        return t.some((x) => x.includes('(None, 32, 32, 64)')) ? t : undefined;
      }, { timeout: 30_000, interval: 500, message: 'a hover with (None, 32, 32, 64)' });
      const all = (await hover.allInnerTexts()).join('\n');
      assert.match(all, /\b832\b/, `hover lacks 832:\n${all}`);
    },
  },
  {
    name: 'inlay hints show each layer\'s shape and parameters on screen',
    shot: '03-inlay-hints',
    async run(page) {
      await page.keyboard.press('Escape');
      await openFile(page, LECTURE);
      await waitUntil(async () => {
        const text = await activeEditorText(page);
        return /32\s*×\s*32\s*×\s*64/.test(text) && /\b832\b/.test(text) && /163,?850/.test(text);
      }, { timeout: 20_000, message: 'inlay hints with 32×32×64 · 832 and 163,850 in the editor' });
    },
  },
  {
    name: 'the Outline view lists the layers',
    shot: '04-outline',
    async run(page) {
      await openFile(page, LECTURE);
      await runCommand(page, 'Explorer: Focus on Outline View');
      // Collapse the file tree above it so the screenshot shows every layer of the outline.
      const files = page.locator('.explorer-viewlet .pane-header[aria-expanded="true"]', { hasText: /workspace/i });
      if (await files.count()) await files.first().click();
      const rows = page.locator('.outline-pane .monaco-list-row, [id="outline"] .monaco-list-row');
      await waitUntil(async () => {
        const text = (await rows.allInnerTexts()).join('\n');
        return /conv2d/i.test(text) && /max_?pool/i.test(text) && /flatten/i.test(text) && /dense/i.test(text) ? text : undefined;
      }, { timeout: 20_000, message: 'outline rows for conv2d, max pooling, flatten and dense' });
    },
  },
  {
    name: '"NetLens: Show Model Summary" shows Total params: 164,682',
    shot: '05-summary',
    async run(page) {
      await openFile(page, LECTURE);
      await runCommand(page, 'NetLens: Show Model Summary');
      await waitUntil(async () => {
        const texts = [...(await editorTexts(page)), ...(await allFrameTexts(page))];
        if (texts.some((t) => t.includes('Total params: 164,682'))) return true;
        const notes = await notificationTexts(page);
        if (notes.some((n) => n.includes("'netlens.showSummary' not found"))) throw new Error('netlens.showSummary is not registered');
        return false;
      }, { timeout: 20_000, message: '"Total params: 164,682" in an editor or webview' });
      // Readable in the column it opens in: the Param # header and the dense layer's count end
      // left of the minimap (or the editor's edge), with no horizontal scrolling.
      const fits = await waitUntil(() => page.evaluate(() => {
        // Monaco renders spaces as no-break spaces.
        const text = (l) => l.textContent.replace(/\u00a0/g, ' ');
        for (const ed of document.querySelectorAll('.monaco-editor')) {
          const lines = [...ed.querySelectorAll('.view-line')];
          const header = lines.find((l) => text(l).includes('Param #'));
          const dense = lines.find((l) => /\b163850\b/.test(text(l)));
          if (!header || !dense) continue;
          const guard = ed.querySelector('.overflow-guard').getBoundingClientRect();
          const minimap = ed.querySelector('.minimap')?.getBoundingClientRect();
          const edge = minimap && minimap.width > 0 ? minimap.left : guard.right;
          const textRight = (line) => Math.max(...[...line.querySelectorAll('span span')].map((x) => x.getBoundingClientRect().right));
          const widest = Math.max(...lines.map(textRight));
          return { edge, header: textRight(header), dense: textRight(dense), widest, width: guard.width };
        }
        return undefined;
      }), { timeout: 10_000, message: 'the summary editor with its Param # column' });
      assert.ok(fits.header <= fits.edge && fits.dense <= fits.edge, `Param # ends at ${fits.header}/${fits.dense} px, the visible text area at ${fits.edge} px (editor ${fits.width} px wide)`);
      assert.ok(fits.widest <= fits.edge, `every line ends left of ${fits.edge} px; the widest at ${fits.widest} px`);
    },
  },
  {
    name: '"NetLens: Get Started" opens the walkthrough with the summary step, done before it was first opened, checked; the init step not yet',
    shot: '05b-walkthrough',
    async run(page) {
      // The student shows the summary before ever opening the walkthrough: VS Code's walkthrough
      // service was not running then, so only NetLens's own context key (kept in globalState and
      // set again on activation) can tell it that the step was done.
      const step = (id) => page.locator(`button.getting-started-step[data-step-id$="netlens.lecture6.${id}"]`).first();
      const checked = async (id) => (await step(id).getAttribute('aria-checked')) === 'true';
      await openFile(page, LECTURE);
      await runCommand(page, 'NetLens: Show Model Summary');
      await runCommand(page, 'NetLens: Get Started');
      await waitUntil(async () => (await step('summary').count()) > 0 && (await checked('summary')), { timeout: 20_000, message: 'the summary step, done before the walkthrough opened, checked' });
      assert.equal(await checked('init'), false, 'the init step is not checked before the lab was opened');
    },
  },
  {
    name: 'a broken spec shows its error on the right line in the Problems panel',
    shot: '06-problems',
    async run(page, { workspace }) {
      await openFile(page, BROKEN);
      const line = lineNumberOf(readFileSync(join(workspace, BROKEN), 'utf8'), 'convv2d');
      await runCommand(page, 'View: Focus Problems');
      const rows = page.locator('.markers-panel .monaco-list-row');
      const row = await waitUntil(async () => {
        const all = await rows.evaluateAll((els) => els.map((e) => ({ text: e.innerText, aria: e.getAttribute('aria-label') ?? '' })));
        return all.find((r) => r.text.includes('convv2d') && r.text.includes(`Ln ${line},`));
      }, { timeout: 20_000, message: `a Problems row for convv2d at Ln ${line}` });
      // The row's accessible label names its severity ("Error generated by netlens: ...").
      assert.match(row.aria, /\berror\b/i, `the convv2d problem is not an error: ${row.aria}`);
      // The editor squiggles the same line.
      await page.locator('.editor-group-container.active .squiggly-error').first().waitFor({ timeout: 10_000 });
    },
  },
  {
    name: 'typing "con" offers conv2d in the suggest widget',
    shot: '07-completion',
    async run(page, { shoot }) {
      await openFile(page, TYPING);
      await goToLine(page, 2, 1);
      await page.keyboard.type('con', { delay: 80 });
      const rows = page.locator('.suggest-widget .monaco-list-row');
      const offered = async () => (await rows.allInnerTexts()).some((t) => /^conv2d\b/m.test(t.trim()));
      try {
        await waitUntil(offered, { timeout: 5_000, message: 'suggestions while typing' });
      } catch {
        // Quick suggestions may be off in a user's settings; Ctrl+Space asks explicitly.
        await page.keyboard.press('Control+Space');
        await waitUntil(offered, { timeout: 10_000, message: 'conv2d in the suggest widget' });
      }
      await shoot();
      // Accepting it must replace what was typed: the line reads "conv2d", not "conconv2d".
      await page.keyboard.press('Enter');
      await waitUntil(async () => {
        const line = (await activeEditorText(page)).split('\n').map((l) => l.trim()).find((l) => l.startsWith('con'));
        return line !== undefined && /^conv2d\b/.test(line) ? line : undefined;
      }, { timeout: 5_000, message: 'line 2 to read "conv2d" after accepting the suggestion' });
    },
  },
  {
    name: "completion details: padding and activation values explain themselves",
    shot: '07-completion-details',
    async run(page, { shoot }) {
      await openFile(page, TYPING);
      await goToLine(page, 2, 1);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      const details = page.locator('.suggest-widget .suggest-details, .suggest-details-container .suggest-details').first();
      const focusedRow = page.locator('.suggest-widget .monaco-list-row.focused').first();
      const signature = page.locator('.parameter-hints-widget.visible');
      /** Types `text` (ending in "="), waits for the values, shows the details pane and returns the focused value and the pane's text. */
      const paneAfter = async (text, values) => {
        await page.keyboard.type(text, { delay: 40 });
        const value = await waitUntil(async () => {
          if ((await focusedRow.count()) === 0) return undefined;
          const label = (await focusedRow.innerText()).trim().split(/\s/)[0];
          return values.includes(label) ? label : undefined;
        }, { timeout: 10_000, message: `one of ${values.join(', ')} offered after ${text}` });
        if (!(await details.isVisible())) await page.keyboard.press('Control+Space');
        const pane = await waitUntil(async () => {
          const t = (await details.isVisible()) ? (await details.innerText()).trim() : '';
          return t.length > 0 ? t : undefined;
        }, { timeout: 10_000, message: `the details pane for ${value}` });
        return { value, pane };
      };
      const padding = await paneAfter('conv2d 64 kernel=2 padding=', ['valid', 'same']);
      assert.match(padding.pane, new RegExp(`^padding=${padding.value}\\s+${padding.value}: `), padding.pane);
      assert.doesNotMatch(padding.pane, /init=|glorot/, padding.pane);
      assert.equal(await signature.count(), 0, 'no signature box over the values and their pane');
      await shoot();
      await page.keyboard.press('Escape');
      const activation = await paneAfter(' activation=', ['relu']);
      assert.match(activation.pane, /ReLU[\s\S]*max\(0, x\)/, `the activation pane is not empty: ${activation.pane}`);
      await page.keyboard.press('Escape');
    },
  },
  {
    name: '"NetLens: Train on GPU" trains the lecture model (WASM where WebGL is a CPU emulation), calls no emulation a GPU, and the loss falls',
    shot: '08-train',
    async run(page, ctx) {
      requireRegistered(ctx, 'netlens.train');
      await openFile(page, LECTURE);
      await runCommand(page, 'NetLens: Train on GPU');
      const frame = await waitForPanel(page, '[data-testid="train-panel"]', 'netlens.train');
      const backend = frame.locator('[data-testid="backend"]').first();
      await waitUntil(async () => /^\s*(webgl|wasm)\b/.test(await backend.innerText()), { timeout: 60_000, message: 'a backend chosen in the Train panel' });
      // TF.js trains in the panel's Web Worker, started from the extension's dist/ in VS Code's webview.
      assert.equal(await backend.getAttribute('data-where'), 'worker', 'the Train engine runs in a worker');
      // One GPU detection for every panel: a software renderer (SwiftShader here) is never called a GPU.
      const gpu = frame.locator('[data-testid="gpu"]').first();
      if ((await gpu.getAttribute('data-gpu')) !== 'gpu') {
        assert.doesNotMatch(await backend.innerText(), /GPU: /);
        assert.match(await backend.innerText(), /^\s*wasm\b/, 'auto trains on WASM without a real GPU');
        assert.match(await frame.locator('[data-testid="backend-reason"]').first().innerText(), /There is no real GPU here|gets no WebGL/);
      }
      await frame.locator('[data-testid="start"]').first().click();
      await waitUntil(async () => (await frame.locator('[data-testid="progress"]').first().innerText()).trim().length > 0,
        { timeout: 60_000, message: 'training progress' });
      const first = await waitUntil(() => readLoss(frame), { timeout: 60_000, message: 'a first loss value' });
      // Falls: some later reading at least 5% below the first one (the tile is the epoch's running mean).
      let lowest = first;
      await waitUntil(async () => {
        const loss = await readLoss(frame);
        if (loss !== undefined && Number.isFinite(loss)) lowest = Math.min(lowest, loss);
        return lowest < first * 0.95;
      }, { timeout: 150_000, interval: 500, message: `the loss to fall below 95% of ${first} (lowest ${lowest})` });
      const stop = frame.locator('[data-testid="stop"]').first();
      if (await stop.isEnabled().catch(() => false)) await stop.click().catch(() => undefined);
    },
  },
  {
    name: 'Train panel: normalize inputs and "Compare" with vs without batch normalization run in code-server, every run from the same initial weights',
    shot: '08b-train-compare',
    async run(page, ctx) {
      requireRegistered(ctx, 'netlens.train');
      await openFile(page, 'mlp-toy.netspec');
      await runCommand(page, 'NetLens: Train on GPU');
      const frame = await waitForPanel(page, '[data-testid="train-panel"]', 'netlens.train');
      await waitUntil(async () => /mlp-toy/.test(await frame.locator('h1').first().innerText()), { timeout: 60_000, message: 'the Train panel shows mlp-toy.netspec' });
      for (const [testid, value] of [['samples', '300'], ['epochs', '2']]) {
        const field = frame.locator(`[data-testid="${testid}"]`).first();
        await field.fill(value);
        await field.dispatchEvent('change');
      }
      await frame.locator('[data-testid="normalize"]').first().selectOption('standardize');
      await frame.locator('[data-testid="compare-kind"]').first().selectOption('batchnorm');
      const run = frame.locator('[data-testid="compare-run"]').first();
      await waitUntil(() => run.isEnabled(), { timeout: 90_000, message: 'the Compare button to be enabled (model built)' });
      await run.click();
      const rows = await waitUntil(async () => {
        const found = await frame.locator('[data-testid="compare-row"]').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
        return found.length === 4 && found.every((r) => r.status !== 'pending') ? found : undefined;
      }, { timeout: 180_000, interval: 1000, message: 'the four runs of the batch-normalization compare' });
      assert.equal(new Set(rows.map((r) => r.weights)).size, 1, `one initial-weights fingerprint: ${rows.map((r) => r.weights)}`);
      assert.match(rows[0].weights, /^[0-9a-f]{16}$/);
      assert.ok(rows.every((r) => r.tensorsAfter === r.tensorsBefore), 'each run freed its tensors');
      assert.equal(await frame.locator('[data-testid="compare-legend-item"]').count(), 4);
    },
  },
  {
    name: '"NetLens: Explore Activation Functions" opens the explorer',
    shot: '09-activations',
    async run(page, ctx) {
      requireRegistered(ctx, 'netlens.exploreActivations');
      await runCommand(page, 'NetLens: Explore Activation Functions');
      const frame = await waitForPanel(page, '[data-testid="activation-explorer"]', 'netlens.exploreActivations');
      await frame.waitForSelector('[data-testid="activation-explorer"][data-ready="true"]', { timeout: 180_000 });
      // The read-out is computed by tf.grad in the panel's engine (a Web Worker): sigmoid′(0) = 0.25, tanh′(0) = 1.
      await waitUntil(async () => {
        const text = await frame.textContent('[data-testid="activation-explorer"]');
        return /sigmoid\s*0\.5000\s*0\.2500/.test(text ?? '') && /tanh\s*0\.0000\s*1\.0000/.test(text ?? '');
      }, { timeout: 30_000, message: 'the read-out to show sigmoid′(0) = 0.25 and tanh′(0) = 1' });
      // The curves are drawn (the chart's canvas has painted pixels), so the screenshot shows them.
      await waitUntil(async () => frame.evaluate(() => {
        const canvas = document.querySelector('[data-testid="activation-explorer"] canvas');
        if (!(canvas instanceof HTMLCanvasElement) || !canvas.width) return false;
        const px = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; px && i < px.length; i += 4) if (px[i] > 0) painted++;
        return painted > 2000;
      }), { timeout: 30_000, message: 'the activation curves to be drawn' });
    },
  },
  {
    name: '"NetLens: Explore Optimizers" opens the explorer from the palette and steps TF.js\'s optimizers',
    shot: '09b-optimizers',
    async run(page, ctx) {
      requireRegistered(ctx, 'netlens.exploreOptimizers');
      await runCommand(page, 'NetLens: Explore Optimizers');
      const frame = await waitForPanel(page, '[data-testid="optimizer-explorer"]', 'netlens.exploreOptimizers');
      await frame.waitForSelector('[data-testid="optimizer-explorer"][data-ready="true"]', { timeout: 60_000 });
      // One Step: SGD on x² − y² from (1, 0.001) with lr 0.01 moves x to 0.98 (computed by tf.train.sgd in the panel).
      await frame.locator('[data-testid="step"]').first().click();
      await waitUntil(async () => {
        const row = frame.locator('[data-testid="run-sgd"]').first();
        return (await row.getAttribute('data-steps')) === '1' && Math.abs(Number(await row.getAttribute('data-x')) - 0.98) < 1e-6;
      }, { timeout: 30_000, message: 'SGD to take one step to x = 0.98' });
    },
  },
  {
    name: '"NetLens: Explore Data" opens the data explorer from the palette: training-split statistics and the batch-normalization demo in its worker',
    shot: '09c-data',
    async run(page, ctx) {
      requireRegistered(ctx, 'netlens.exploreData');
      await runCommand(page, 'NetLens: Explore Data');
      const frame = await waitForPanel(page, '[data-testid="data-explorer"]', 'netlens.exploreData');
      // The engine runs in a Web Worker inside VS Code's real webview (script fetched, started from blob:).
      await frame.locator('[data-testid="backend"][data-where="worker"]').waitFor({ timeout: 60_000 });
      await frame.locator('[data-testid="data-explorer"][data-status="ready"][data-dataset="spiral"]').waitFor({ timeout: 120_000 });
      assert.equal(await frame.locator('[data-testid="split"]').getAttribute('data-train'), '480');
      // Whitening, computed in the worker: the training points' covariance is the identity.
      const cov = (await frame.locator('[data-testid="stage-whitened"]').getAttribute('data-cov')).split(',').map(Number);
      assert.ok(Math.abs(cov[0] - 1) < 1e-3 && Math.abs(cov[1]) < 1e-3 && Math.abs(cov[2] - 1) < 1e-3, `whitened covariance ${cov}`);
      // TF.js's BatchNormalization: the prediction moves with the batch in training mode only.
      await frame.locator('[data-testid="bn-demo"][data-status="ready"]').waitFor({ timeout: 120_000 });
      const bn = frame.locator('[data-testid="bn-demo"]');
      assert.ok(Number(await bn.getAttribute('data-training-gap')) > 0.01);
      assert.ok(Number(await bn.getAttribute('data-inference-gap')) < 1e-6);
    },
  },
  {
    name: '"NetLens: Search Hyperparameters" opens the search panel on the spec and a 2-trial search completes',
    shot: '09c-search',
    async run(page, ctx) {
      requireRegistered(ctx, 'netlens.searchHyperparameters');
      await openFile(page, 'mlp-toy.netspec');
      await runCommand(page, 'NetLens: Search Hyperparameters');
      const frame = await waitForPanel(page, '[data-testid="search-panel"]', 'netlens.searchHyperparameters');
      await waitUntil(async () => /mlp-toy\.netspec/.test(await frame.locator('[data-testid="spec"]').first().innerText()), { timeout: 30_000, message: 'the spec in the search panel' });
      for (const [id, value] of [['samples', 100], ['epochs', 1], ['trials', 2]]) {
        await frame.locator(`[data-testid="${id}"]`).first().fill(String(value));
        await frame.locator(`[data-testid="${id}"]`).first().dispatchEvent('change');
      }
      await frame.locator('[data-testid="start"]').first().click();
      const panel = frame.locator('[data-testid="search-panel"]').first();
      await waitUntil(async () => ['done', 'error'].includes(await panel.getAttribute('data-phase')), { timeout: 180_000, interval: 500, message: 'the search to finish' });
      assert.equal(await panel.getAttribute('data-phase'), 'done', await frame.locator('[data-testid="error"]').first().innerText().catch(() => ''));
      assert.equal(await panel.getAttribute('data-finished'), '2');
      // Trained in the panel's Web Worker, started from the extension's dist/ in VS Code's webview.
      assert.match(await frame.locator('[data-testid="backend"]').first().innerText(), /in a worker/);
      assert.equal(await frame.locator('[data-testid="results"] tbody tr').count(), 2);
    },
  },
  {
    name: '"NetLens: Explore Weight Initialization": "use this init in my spec" edits the spec',
    shot: '10-init-lab',
    async run(page, ctx) {
      requireRegistered(ctx, 'netlens.exploreInit');
      await openFile(page, LECTURE);
      const before = await activeEditorText(page);
      await runCommand(page, 'NetLens: Explore Weight Initialization');
      const frame = await waitForPanel(page, '[data-testid="init-lab"]', 'netlens.exploreInit');
      // TF.js runs in a Web Worker inside VS Code's real webview (script fetched, started from blob:).
      await frame.locator('[data-testid="backend"][data-where="worker"]').waitFor({ timeout: 60_000 });
      await frame.locator('[data-testid="init-lab"][data-status="ready"]').waitFor({ timeout: 180_000 });
      assert.equal(await frame.locator('[data-testid="layer-stats-a"] tbody tr').count(), 10, 'the lecture experiment: ten layers of statistics');
      // auto: WebGL on a GPU; WASM (fetched by the worker through VS Code's resource loading) on emulated WebGL.
      assert.match(await frame.locator('[data-testid="backend"]').textContent(), /TF\.js backend: (webgl|wasm) \(in a worker\)/);
      await frame.locator('[data-testid="use-init"]').first().click();
      // The spec's editor (still open in the first group) now shows an init= it did not have.
      await waitUntil(async () => {
        const texts = await editorTexts(page);
        return texts.some((t) => t.includes('conv2d') && t.includes('init=') && t !== before);
      }, { timeout: 20_000, message: 'the lecture spec to gain an init= after "use this init in my spec"' });
    },
  },
  {
    name: "the hover's link on the lecture's conv2d line opens the convolution-arithmetic picture",
    shot: '11-convarith',
    async run(page, ctx) {
      requireRegistered(ctx, 'netlens.showConvArithmetic');
      await openFile(page, LECTURE);
      const text = readFileSync(join(ctx.workspace, LECTURE), 'utf8');
      await goToLine(page, lineNumberOf(text, 'conv2d'), 2);
      const link = page.locator('.monaco-hover-content a', { hasText: 'See the window slide over the input' });
      await waitUntil(async () => {
        await runCommand(page, 'Show or Focus Hover');
        await link.first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
        return (await link.count()) > 0;
      }, { timeout: 30_000, interval: 500, message: 'the hover link to the convolution arithmetic' });
      await link.first().click();
      const frame = await waitForPanel(page, '[data-testid="convarith"][data-received]:not([data-received="0"])', 'netlens.showConvArithmetic');
      // The lecture's conv2d: 32×32, kernel 2, same: Keras pads 0 top and 1 bottom, 32×32 windows.
      const root = frame.locator('[data-testid="convarith"]');
      assert.equal(await root.getAttribute('data-out-h'), '32');
      assert.equal(await root.getAttribute('data-steps'), '1024');
      assert.match(await frame.locator('[data-testid="formula-h"]').innerText(), /\(32 \+ 0 \+ 1 − 2\)\/1 \+ 1 = 32/);
      await frame.locator('[data-testid="step"]').click();
      await frame.locator('[data-testid="step"]').click();
      await waitUntil(async () => (await root.getAttribute('data-step')) === '2', { timeout: 5_000, message: 'two steps of the window' });
    },
  },
  {
    name: 'a PyTorch file: hover on nn.Conv2d, inlay hints on every layer line and the in_features warning',
    shot: '12-python',
    async run(page, { shoot }) {
      await openFile(page, PYTORCH_MISTAKE);
      // Inlay hints on screen, and the warning in the editor (its squiggle is on the fc1 line).
      await waitUntil(async () => {
        const text = await activeEditorText(page);
        return /\(N, 6, 28, 28\)\s*·\s*456 params/.test(text) && /48,?120|30,?840/.test(text) ? text : undefined;
      }, { timeout: 30_000, message: 'inlay hints with (N, 6, 28, 28) · 456 params' });
      await waitUntil(async () => (await page.locator('.monaco-editor .squiggly-warning').count()) > 0, { timeout: 20_000, message: 'the in_features warning squiggle' });
      await goToLine(page, lineNumberOf(PYTORCH_MISTAKE_TEXT, 'self.conv2 = nn.Conv2d'), 26);
      const hover = page.locator('.monaco-hover-content').filter({ hasText: /\S/ });
      const all = await waitUntil(async () => {
        await runCommand(page, 'Show or Focus Hover');
        await hover.first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
        const t = (await hover.allInnerTexts()).join('\n');
        return t.includes('(N, 16, 10, 10)') ? t : undefined;
      }, { timeout: 30_000, interval: 500, message: 'a hover with (N, 16, 10, 10)' });
      assert.match(all, /\(6·5·5 \+ 1\)·16 = 2,416/, all);
      assert.match(all, /See the window slide over the input/, all);
      await shoot();
    },
  },
  // Last: it switches the language, which the tests above read in English.
  {
    name: 'netlens.language = ko: the hover, a panel and the Problems panel speak Korean, formulas unchanged',
    shot: '12b-korean-problems',
    async run(page, { workspace }) {
      setWorkspaceLanguage(workspace, 'ko');
      try {
        await openFile(page, LECTURE);
        const text = readFileSync(join(workspace, LECTURE), 'utf8');
        // On the word `padding` of the conv2d line: its documentation, then the layer's hover.
        const conv = text.split('\n')[lineNumberOf(text, 'conv2d') - 1];
        await goToLine(page, lineNumberOf(text, 'conv2d'), conv.indexOf('padding') + 2);
        const hover = page.locator('.monaco-hover-content').filter({ hasText: /\S/ });
        const all = await waitUntil(async () => {
          await runCommand(page, 'Show or Focus Hover');
          await hover.first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
          const t = (await hover.allInnerTexts()).join('\n');
          return t.includes('(None, 32, 32, 64)') && /파라미터/.test(t) && /padding 없음/.test(t) ? t : undefined;
        }, { timeout: 40_000, interval: 500, message: 'a Korean hover with (None, 32, 32, 64) and the padding documentation' });
        assert.match(all, /입력 .*\(None, 32, 32, 3\).*→ 출력 .*\(None, 32, 32, 64\)/, all);
        assert.match(all, /\(2\s*·\s*2\s*·\s*3\s*\+\s*1\)\s*·\s*64\s*=\s*832/, `the formula is the lecture's:\n${all}`);
        // The padding documentation is Korean too, with its formula as the English has it.
        assert.match(all, /`?same`?\s*\(출력 = ceil\(I\/S\)/, all);
        // The README's picture (docs/screenshots/hover-ko.png): the editor and its hover, no side bar.
        const full = await screenshot(page, '12-korean-hover');
        const editor = await page.locator('.part.editor').boundingBox();
        const box = await page.locator('.monaco-hover').filter({ hasText: /\S/ }).first().boundingBox();
        if (editor && box) {
          const viewport = page.viewportSize();
          const clip = { x: editor.x, y: 0, width: viewport.width - editor.x, height: Math.min(viewport.height, box.y + box.height + 16) };
          await page.screenshot({ path: join(dirname(full), '12-korean-hover-readme.png'), clip });
        }

        await page.keyboard.press('Escape');
        // A panel in Korean: the convolution-arithmetic picture of this conv2d line, written by the
        // host with its Korean texts (or switched to them, if an earlier test left it open).
        await runCommand(page, 'NetLens: Show Convolution Arithmetic');
        const frame = await waitForPanel(page, '[data-testid="convarith"][data-received]:not([data-received="0"])', 'netlens.showConvArithmetic');
        const panelText = await waitUntil(async () => {
          const t = await frame.locator('[data-testid="convarith"]').innerText();
          return /출력 \(32×32\)/.test(t) ? t : undefined;
        }, { timeout: 30_000, interval: 300, message: 'the convolution-arithmetic panel in Korean' });
        assert.match(panelText, /입력 \(32×32/, panelText);
        assert.equal(await frame.locator('html').getAttribute('lang'), 'ko');

        await openFile(page, BROKEN);
        const line = lineNumberOf(readFileSync(join(workspace, BROKEN), 'utf8'), 'convv2d');
        await runCommand(page, 'View: Focus Problems');
        const rows = page.locator('.markers-panel .monaco-list-row');
        const row = await waitUntil(async () => {
          const texts = await rows.allInnerTexts();
          return texts.find((r) => r.includes('convv2d') && r.includes(`Ln ${line},`) && HANGUL.test(r));
        }, { timeout: 20_000, message: `a Korean Problems row for convv2d at Ln ${line}` });
        assert.match(row, /모르는 레이어입니다: "convv2d"\. 혹시 `?conv2d`?인가요\?/, row);
        // Every NetLens row is Korean, the uneven-stride warning's formula unchanged.
        const texts = await rows.allInnerTexts();
        const netlens = texts.filter((r) => /netlens/i.test(r));
        assert.ok(netlens.length >= 4 && netlens.every((r) => HANGUL.test(r)), `rows:\n${texts.join('\n')}`);
        assert.ok(texts.some((r) => r.includes('(32 + 2·0 − 3)/2 + 1 = 15.5 → 15')), `rows:\n${texts.join('\n')}`);
      } finally {
        setWorkspaceLanguage(workspace, undefined);
      }
    },
  },
];
