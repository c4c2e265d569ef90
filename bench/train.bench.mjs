// Training speed of the "Train on GPU" panel, like the lecture's CPU vs GPU slide (47 s vs 10 s
// for one CIFAR epoch: 1 ms vs 240 µs per sample). For the lecture CNN (batch 32, Adam) and the
// dense-only toy MLP: samples/s on each TF.js backend, measured by the panel's own "CPU vs GPU"
// race in headless Chromium (the real bundle, under the real CSP), then the same models in
// PyTorch on the CPU via /usr/bin/python3 when `import torch` works (Debian python3-torch).
// Then, in Node, the lecture CNN on TF.js's WASM backend with webview/shared/tf/wasmTraining's
// kernels, on its CPU backend, and on single-thread PyTorch, measured in alternating rounds so
// that a busy machine slows all three alike; `--json` prints only that comparison, as JSON.
//   node bench/train.bench.mjs [--json] [--rounds N]
import { existsSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jsonOnly = process.argv.includes('--json');
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
        "export { buildModel } from './webview/train/model.ts';",
        "export { train } from './webview/train/trainer.ts';",
        "export { analyze } from './src/core/index.ts';",
        "export { trainSpecFromAnalysis } from './src/protocol/train.ts';",
      ].join('\n'),
      resolveDir: root, loader: 'ts',
    },
    bundle: true, format: 'cjs', platform: 'node', target: 'node20', outfile, logLevel: 'error',
  });
  const stack = createRequire(import.meta.url)(outfile);
  // The bundle is not next to the .wasm files: point the loader at the package's own.
  stack.setWasmPaths(join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
  return stack;
}

async function compareInNode(rounds) {
  const { tf, kernels, buildModel, train } = stack;
  kernels.registerWasmTrainingKernels();
  const file = 'lecture6-cifar.netspec';
  const spec = trainSpecFromAnalysis(`file:///examples/${file}`, file, analyze(readFileSync(join(root, 'examples', file), 'utf8')));
  const BATCH = 32;
  // Steps per round: about a second of work each on a 2-core machine.
  const steps = { wasm: 12, cpu: 1, torch: 12 };
  const maxSteps = Math.max(...Object.values(steps));
  const ds = {
    id: 'shapes', kind: 'images', count: BATCH * maxSteps, sampleShape: spec.inputShape, numClasses: 10, classNames: [], notes: [],
    xs: Float32Array.from({ length: BATCH * maxSteps * 32 * 32 * 3 }, (_, i) => ((i * 2654435761) >>> 0) / 2 ** 32),
    labels: Uint8Array.from({ length: BATCH * maxSteps }, (_, i) => i % 10),
  };
  const models = {};
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    models[backend] = buildModel(spec.inputShape, spec.layers, 1).model;
  }
  const simd = kernels.simdAvailable(await (async () => { await tf.setBackend('wasm'); return tf.backend(); })())
    && await kernels.wasmTrainingKernelsReady(tf.backend());
  const runTf = async (backend, n) => {
    await tf.setBackend(backend);
    const part = { ...ds, count: BATCH * n };
    const t0 = performance.now();
    const outcome = await train(models[backend], part, 'softmax', { optimizer: 'adam', learningRate: 0.01, batchSize: BATCH, epochs: 1, validationSplit: 0, seed: 1 },
      { stopRequested: false, paused: false });
    if (outcome.status !== 'done') throw new Error(`${backend}: ${JSON.stringify(outcome)}`);
    return (performance.now() - t0) / 1000;
  };
  const torch = await startTorch();
  // Warm-up: kernels compiled, XNNPACK operators created, JIT warm.
  await runTf('wasm', 3);
  await runTf('cpu', 1);
  const perRound = { wasm: [], cpu: [], torch: [] };
  for (let r = 0; r < rounds; r++) {
    perRound.wasm.push((steps.wasm * BATCH) / await runTf('wasm', steps.wasm));
    perRound.cpu.push((steps.cpu * BATCH) / await runTf('cpu', steps.cpu));
    if (!torch.skipped) perRound.torch.push((steps.torch * BATCH) / await torch.run(steps.torch));
  }
  torch.stop?.();
  for (const m of Object.values(models)) m.dispose();
  const ratio = (a, b) => (perRound[b].length ? median(perRound[a].map((v, i) => v / perRound[b][i])) : undefined);
  return {
    model: `${file} (conv 64 2x2 same + relu, maxpool 2, dense 10 softmax)`,
    batch: BATCH,
    optimizer: 'adam(0.01)',
    runtime: `Node ${process.version}, TF.js ${tf.version.tfjs}`,
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
    wasm: { simd, trainingKernels: true },
    torch: torch.skipped ? { skipped: torch.skipped } : { version: torch.info.version, threads: torch.info.threads },
    note: 'Medians of alternating rounds; the ratios are medians of per-round ratios, so a machine busy with other work slows all engines alike but the absolute figures stay noisy.',
  };
}

if (jsonOnly) {
  console.log(JSON.stringify(await compareInNode(ROUNDS), null, 2));
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

const node = await compareInNode(ROUNDS);
console.log(`\nIn Node (${node.runtime}), ${node.model}, batch 32, Adam; ${node.rounds} alternating rounds, load average ${node.loadAverage.join(' ')}`);
console.log(`  ${pad('engine', 34)}${pad('samples/s', 12)}${pad('vs TF.js cpu', 14)}`);
const rows = [
  [`tfjs wasm + training kernels${node.wasm.simd ? ' (SIMD)' : ''}`, node.samplesPerSecond.wasm, node.ratios.wasmOverCpu],
  ['tfjs cpu', node.samplesPerSecond.cpu, 1],
  [`pytorch ${node.torch.version ?? ''} cpu, 1 thread`, node.samplesPerSecond.torch, node.ratios.torchOverCpu],
];
for (const [name, sps, vsCpu] of rows) console.log(`  ${pad(name, 34)}${pad(num(sps), 12)}${pad(vsCpu ? `${vsCpu.toFixed(1)}x` : '–', 14)}`);
if (node.ratios.wasmOverTorch) console.log(`  tfjs wasm / pytorch (1 thread) = ${node.ratios.wasmOverTorch.toFixed(2)}x (target >= 0.8x); wasm / tfjs cpu = ${node.ratios.wasmOverCpu.toFixed(1)}x (target >= 10x)`);
