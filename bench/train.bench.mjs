// Training speed of the "Train on GPU" panel, like the lecture's CPU vs GPU slide (47 s vs 10 s
// for one CIFAR epoch: 1 ms vs 240 µs per sample). For the lecture CNN (batch 32, Adam) and the
// dense-only toy MLP: samples/s on each TF.js backend, measured by the panel's own "CPU vs GPU"
// race in headless Chromium (the real bundle, under the real CSP), then the same models in
// PyTorch on the CPU via /usr/bin/python3 when `import torch` works (Debian python3-torch).
// Then, in Node, the lecture CNN on TF.js's WASM backend with webview/shared/tf/wasmTraining's
// kernels, on its CPU backend, and on single-thread PyTorch, measured in alternating rounds so
// that a busy machine slows all three alike, in Node and in headless Chromium; `--json` prints
// only that comparison, as JSON.
//   node bench/train.bench.mjs [--json [--chromium]] [--rounds N]
// (--json: Node only unless --chromium is given; without --json both run.)
import { existsSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jsonOnly = process.argv.includes('--json');
const withChromium = process.argv.includes('--chromium');
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
if (!jsonOnly && !existsSync(join(root, 'dist', 'webview', 'train.js'))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const { openWebview } = jsonOnly ? {} : await import('../test/browser/harness.mjs');
const stack = await loadTrainingStack();
const { analyze, trainSpecFromAnalysis } = stack;

const MODELS = [
  { file: 'lecture6-cifar.netspec', label: 'lecture CNN (32x32x3, conv 64 + pool + dense 10)', torch: 'cnn' },
  { file: 'mlp-toy.netspec', label: 'toy MLP (2 -> 100 relu -> 3 softmax)', torch: 'mlp' },
];

async function raceInBrowser(file) {
  const text = readFileSync(join(root, 'examples', file), 'utf8');
  const spec = trainSpecFromAnalysis(`file:///examples/${file}`, file, analyze(text));
  const wv = await openWebview('train', { hostMessages: [{ type: 'settings', backend: 'auto' }, { type: 'spec', spec, reason: 'open' }] });
  try {
    await wv.waitForMessage((m) => m.type === 'model', 120_000);
    const renderer = (await wv.page.textContent('[data-testid="backend"]')).replace(/^\s*\w+\s*(GPU:\s*)?/, '').trim();
    // Batch 32 and Adam are the panel's defaults; the lecture used Adam(0.01).
    await wv.page.fill('[data-testid="batch-size"]', '32');
    await wv.page.selectOption('[data-testid="optimizer"]', 'adam');
    await wv.page.click('[data-testid="race"]');
    await wv.page.waitForFunction(
      () => document.querySelectorAll('[data-testid="race-results"] tbody tr').length === 3 && !document.querySelector('[aria-busy="true"]'),
      null, { timeout: 300_000 },
    );
    return { results: (await wv.state()).race, renderer };
  } finally {
    await wv.close();
  }
}

const TORCH = String.raw`
import json, os, sys, time
import torch, torch.nn as nn
torch.set_num_threads(os.cpu_count() or 1)
torch.manual_seed(0)
kind, batches = sys.argv[1], int(sys.argv[2])
if kind == 'cnn':
    model = nn.Sequential(nn.Conv2d(3, 64, 2, padding='same'), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16384, 10))
    x = torch.rand(32, 3, 32, 32)
    y = torch.arange(32) % 10
else:
    model = nn.Sequential(nn.Linear(2, 100), nn.ReLU(), nn.Linear(100, 3))
    x = torch.rand(32, 2)
    y = torch.arange(32) % 3
params = sum(p.numel() for p in model.parameters())
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
def step():
    opt.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); opt.step(); return loss.item()
for _ in range(3): step()
t0 = time.perf_counter()
for _ in range(batches): step()
dt = time.perf_counter() - t0
print(json.dumps({'params': params, 'samplesPerSecond': batches * 32 / dt, 'threads': torch.get_num_threads(), 'version': torch.__version__}))
`;

function torchRun(kind) {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    return { skipped: `PyTorch skipped: /usr/bin/python3 cannot import torch (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}); apt-get install -y python3-torch` };
  }
  const r = spawnSync('/usr/bin/python3', ['-c', TORCH, kind, kind === 'cnn' ? '30' : '300'], { encoding: 'utf8' });
  if (r.status !== 0) return { skipped: `PyTorch failed: ${r.stderr.trim().split('\n').pop()}` };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const pad = (s, n) => String(s).padEnd(n);
const num = (v, d = 1) => (v === undefined ? '–' : v.toFixed(d));

// ---- The lecture CNN in Node: WASM with the training kernels vs the CPU backend vs PyTorch (1 thread).

const TORCH_SERVER = String.raw`
import json, sys, time
import torch, torch.nn as nn
torch.set_num_threads(1)
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 64, 2, padding='same'), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16384, 10))
x = torch.rand(32, 3, 32, 32)
y = torch.arange(32) % 10
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
def step():
    opt.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); opt.step()
for _ in range(3): step()
print(json.dumps({'ready': True, 'threads': torch.get_num_threads(), 'version': torch.__version__}), flush=True)
for line in sys.stdin:
    steps = int(line)
    t0 = time.perf_counter()
    for _ in range(steps): step()
    print(json.dumps({'seconds': time.perf_counter() - t0}), flush=True)
`;

/** A PyTorch process that runs `steps` training steps on request, so its rounds interleave with TF.js's. */
async function startTorch() {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'PyTorch skipped: /usr/bin/python3 cannot import torch; apt-get install -y python3-torch' };
  const child = spawn('/usr/bin/python3', ['-W', 'ignore', '-c', TORCH_SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value);
  const info = await next();
  return {
    info,
    async run(steps) {
      child.stdin.write(`${steps}\n`);
      return (await next()).seconds;
    },
    stop() { child.stdin.end(); },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * The panel's model builder and training loop with TF.js and the WASM training kernels, bundled
 * by esbuild into one CommonJS file (one TF.js instance, Node's require for the WASM loader).
 */
async function loadTrainingStack() {
  const esbuild = await import('esbuild');
  const outfile = join(root, 'out', 'bench', 'train-node.cjs');
  await esbuild.build({
    stdin: {
      contents: [
        "export * as tf from '@tensorflow/tfjs';",
        "export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';",
        "export * as kernels from './webview/shared/tf/wasmTraining/index.ts';",
        "export { buildModel } from './webview/shared/training/model.ts';",
        "export { train } from './webview/shared/training/trainer.ts';",
        "export { analyze } from './src/core/index.ts';",
        "export { trainSpecFromAnalysis } from './src/protocol/train.ts';",
        "export { renderWebviewHtml, makeNonce } from './src/webview-host/html.ts';",
      ].join('\n'),
      resolveDir: root, loader: 'ts',
    },
    bundle: true, format: 'cjs', platform: 'node', target: 'node20', outfile, logLevel: 'error', preserveSymlinks: true,
  });
  const stack = createRequire(import.meta.url)(outfile);
  // The bundle is not next to the .wasm files: point the loader at the package's own.
  stack.setWasmPaths(join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
  return stack;
}

/** The lecture CNN's spec and a fixed data set of `batches` batches of 32, the same for every engine. */
function lectureData(batches) {
  const file = 'lecture6-cifar.netspec';
  const spec = trainSpecFromAnalysis(`file:///examples/${file}`, file, analyze(readFileSync(join(root, 'examples', file), 'utf8')));
  const n = 32 * batches;
  return {
    file, spec,
    ds: {
      id: 'shapes', kind: 'images', count: n, sampleShape: spec.inputShape, numClasses: 10, classNames: [], notes: [],
      xs: Array.from({ length: n * 32 * 32 * 3 }, (_, i) => ((i * 2654435761) >>> 0) / 2 ** 32),
      labels: Array.from({ length: n }, (_, i) => i % 10),
    },
  };
}

/**
 * Runs in the engine under test (Node, or the page in Chromium): builds the lecture CNN on both
 * TF.js backends and trains `n` batches with the panel's own loop. Returns seconds.
 */
function tfRunnerSource() {
  return `
    async function setupRunner(stack, spec, data) {
      const { tf, kernels, buildModel, train } = stack;
      kernels.registerWasmTrainingKernels();
      const ds = { ...data, xs: Float32Array.from(data.xs), labels: Uint8Array.from(data.labels) };
      const models = {};
      for (const backend of ['wasm', 'cpu']) {
        if (!(await tf.setBackend(backend))) throw new Error(backend + ' did not start');
        models[backend] = buildModel(spec.inputShape, spec.layers, 1).model;
      }
      await tf.setBackend('wasm');
      const simd = await kernels.wasmTrainingKernelsReady(tf.backend());
      return {
        simd,
        async run(backend, batches) {
          await tf.setBackend(backend);
          const t0 = performance.now();
          const outcome = await train(models[backend], { ...ds, count: 32 * batches }, 'softmax',
            { optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 1, validationSplit: 0, seed: 1 }, { stopRequested: false, paused: false });
          if (outcome.status !== 'done') throw new Error(backend + ': ' + JSON.stringify(outcome));
          return (performance.now() - t0) / 1000;
        },
        dispose() { for (const m of Object.values(models)) m.dispose(); },
      };
    }`;
}

/** The TF.js side in this Node process. */
async function nodeEngine(spec, data) {
  const setupRunner = new Function(`${tfRunnerSource()}; return setupRunner;`)();
  const runner = await setupRunner(stack, spec, data);
  return { where: `Node ${process.version}, TF.js ${stack.tf.version.tfjs}`, simd: runner.simd, run: (b, n) => runner.run(b, n), close: async () => runner.dispose() };
}

/**
 * The TF.js side in headless Chromium: the same modules bundled for the browser, on a page with
 * the webview's CSP (scripts by nonce, 'wasm-unsafe-eval'), not cross-origin isolated, so the
 * WASM backend uses its SIMD build without threads, as in VS Code's webview.
 */
async function chromiumEngine(spec, data) {
  const esbuild = await import('esbuild');
  const { chromium } = await import('playwright-core');
  const { chromiumPath, launchArgs, ORIGIN } = await import('../test/browser/harness.mjs');
  const built = await esbuild.build({
    stdin: {
      contents: [
        "import * as tf from '@tensorflow/tfjs';",
        "import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';",
        "import * as kernels from './webview/shared/tf/wasmTraining/index.ts';",
        "import { buildModel } from './webview/shared/training/model.ts';",
        "import { train } from './webview/shared/training/trainer.ts';",
        `setWasmPaths('${ORIGIN}/wasm/');`,
        tfRunnerSource(),
        'window.__benchSetup = (spec, data) => setupRunner({ tf, kernels, buildModel, train }, spec, data).then((r) => { window.__bench = r; return r.simd; });',
      ].join('\n'),
      resolveDir: root, loader: 'ts',
    },
    bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'error', preserveSymlinks: true,
  });
  const html = stack.renderWebviewHtml({ title: 'train bench', cspSource: ORIGIN, nonce: stack.makeNonce(), scriptUri: `${ORIGIN}/bench.js`, wasm: true, worker: false });
  const wasmDir = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: launchArgs({ disableWebGL: true }) });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    if (url.pathname === '/bench.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: built.outputFiles[0].text });
    const wasm = /^\/wasm\/([\w-]+\.wasm)$/.exec(url.pathname);
    if (wasm && existsSync(join(wasmDir, wasm[1]))) return route.fulfill({ status: 200, contentType: 'application/wasm', body: readFileSync(join(wasmDir, wasm[1])) });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => typeof window.__benchSetup === 'function', null, { timeout: 60_000 }).catch(() => {
    throw new Error(`the bench page did not load: ${errors.join('; ')}`);
  });
  const simd = await page.evaluate(([s, d]) => window.__benchSetup(s, d), [spec, data]);
  const version = await browser.version();
  return {
    where: `headless Chromium ${version}, TF.js 4.22.0`,
    simd,
    run: (backend, n) => page.evaluate(([b, k]) => window.__bench.run(b, k), [backend, n]),
    close: () => browser.close(),
  };
}

async function compareLectureCnn(rounds, where) {
  // Batches per round: about a second of work each on a 2-core machine.
  const steps = { wasm: 12, cpu: 1, torch: 12 };
  const { file, spec, ds } = lectureData(Math.max(...Object.values(steps)));
  const engine = where === 'chromium' ? await chromiumEngine(spec, ds) : await nodeEngine(spec, ds);
  const torch = await startTorch();
  const perRound = { wasm: [], cpu: [], torch: [] };
  try {
    // Warm-up: kernels compiled, XNNPACK operators created, JIT warm.
    await engine.run('wasm', 3);
    await engine.run('cpu', 1);
    for (let r = 0; r < rounds; r++) {
      perRound.wasm.push((steps.wasm * 32) / await engine.run('wasm', steps.wasm));
      perRound.cpu.push((steps.cpu * 32) / await engine.run('cpu', steps.cpu));
      if (!torch.skipped) perRound.torch.push((steps.torch * 32) / await torch.run(steps.torch));
    }
  } finally {
    torch.stop?.();
    await engine.close();
  }
  const ratio = (a, b) => (perRound[a].length && perRound[b].length ? median(perRound[a].map((v, i) => v / perRound[b][i])) : undefined);
  return {
    model: `${file} (conv 64 2x2 same + relu, maxpool 2, dense 10 softmax)`,
    batch: 32,
    optimizer: 'adam(0.01)',
    runtime: engine.where,
    cores: cpus().length,
    loadAverage: loadavg().map((v) => Number(v.toFixed(2))),
    rounds,
    samplesPerSecond: {
      wasm: median(perRound.wasm),
      cpu: median(perRound.cpu),
      torch: perRound.torch.length ? median(perRound.torch) : undefined,
    },
    perRound,
    ratios: { wasmOverTorch: ratio('wasm', 'torch'), wasmOverCpu: ratio('wasm', 'cpu'), torchOverCpu: ratio('torch', 'cpu') },
    wasm: { simd: engine.simd, trainingKernels: true },
    torch: torch.skipped ? { skipped: torch.skipped } : { version: torch.info.version, threads: torch.info.threads },
    note: 'Medians of alternating rounds; the ratios are medians of per-round ratios, so other work on the machine slows every engine alike, but the absolute figures stay noisy.',
  };
}

if (jsonOnly) {
  const results = { node: await compareLectureCnn(ROUNDS, 'node') };
  if (withChromium) results.chromium = await compareLectureCnn(ROUNDS, 'chromium');
  console.log(JSON.stringify(results, null, 2));
  process.exit(0);
}

console.log(`train bench: ${cpus().length} CPU cores, headless Chromium (${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'})`);
for (const m of MODELS) {
  const { results, renderer } = await raceInBrowser(m.file);
  const torch = torchRun(m.torch);
  const cpu = results.find((r) => r.backend === 'cpu' && r.ok)?.samplesPerSecond;
  console.log(`\n${m.label}, batch 32, Adam; WebGL renderer: ${renderer || 'none'}`);
  console.log(`  ${pad('engine', 22)}${pad('samples/s', 12)}${pad('ms/sample', 12)}${pad('vs TF.js cpu', 14)}`);
  for (const r of results) {
    if (!r.ok) {
      console.log(`  ${pad(`tfjs ${r.backend}`, 22)}cannot train it: ${r.error}`);
      continue;
    }
    console.log(`  ${pad(`tfjs ${r.backend}`, 22)}${pad(num(r.samplesPerSecond), 12)}${pad(num(r.msPerSample, 2), 12)}${pad(cpu ? `${(r.samplesPerSecond / cpu).toFixed(2)}x` : '–', 14)}`);
  }
  if (torch.skipped) console.log(`  ${torch.skipped}`);
  else {
    console.log(`  ${pad(`pytorch ${torch.version} cpu`, 22)}${pad(num(torch.samplesPerSecond), 12)}${pad(num(1000 / torch.samplesPerSecond, 2), 12)}${pad(cpu ? `${(torch.samplesPerSecond / cpu).toFixed(2)}x` : '–', 14)}(${torch.threads} threads, ${torch.params.toLocaleString('en-US')} params)`);
    const webgl = results.find((r) => r.backend === 'webgl' && r.ok)?.samplesPerSecond;
    if (webgl) console.log(`  tfjs webgl / pytorch cpu = ${(webgl / torch.samplesPerSecond).toFixed(2)}x`);
  }
}
console.log('\nLecture 6 reference (Keras, 40,000 CIFAR images): CPU 1 ms/sample (1,000 samples/s), GPU 240 µs/sample (4,170 samples/s): 4.2x per sample, 4.7x per epoch (47 s vs 10 s).');

/** The comparison as a table, like the race's above. */
function printComparison(c) {
  console.log(`\nIn ${c.runtime}: ${c.model}, batch 32, Adam; ${c.rounds} alternating rounds, load average ${c.loadAverage.join(' ')}`);
  console.log(`  ${pad('engine', 38)}${pad('samples/s', 12)}${pad('vs TF.js cpu', 14)}`);
  const rows = [
    [`tfjs wasm + training kernels${c.wasm.simd ? ' (SIMD)' : ''}`, c.samplesPerSecond.wasm, c.ratios.wasmOverCpu],
    ['tfjs cpu', c.samplesPerSecond.cpu, 1],
    [`pytorch ${c.torch.version ?? ''} cpu, 1 thread`, c.samplesPerSecond.torch, c.ratios.torchOverCpu],
  ];
  for (const [name, sps, vsCpu] of rows) console.log(`  ${pad(name, 38)}${pad(num(sps), 12)}${pad(vsCpu ? `${vsCpu.toFixed(1)}x` : '–', 14)}`);
  if (c.torch.skipped) console.log(`  ${c.torch.skipped}`);
  if (c.ratios.wasmOverTorch) {
    console.log(`  tfjs wasm / pytorch (1 thread) = ${c.ratios.wasmOverTorch.toFixed(2)}x (target >= 0.8x); tfjs wasm / tfjs cpu = ${c.ratios.wasmOverCpu.toFixed(1)}x (target >= 10x)`);
  }
}

for (const where of ['node', 'chromium']) printComparison(await compareLectureCnn(ROUNDS, where));
