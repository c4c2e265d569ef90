// Training speed of the "Train on GPU" panel, like the lecture's CPU vs GPU slide (47 s vs 10 s
// for one CIFAR epoch: 1 ms vs 240 µs per sample). For the lecture CNN (batch 32, Adam) and the
// dense-only toy MLP: samples/s on each TF.js backend, measured by the panel's own "CPU vs GPU"
// race in headless Chromium (the real bundle, under the real CSP), then the same models in
// PyTorch on the CPU via /usr/bin/python3 when `import torch` works (Debian python3-torch).
//   node bench/train.bench.mjs
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'webview', 'train.js'))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const { openWebview } = await import('../test/browser/harness.mjs');
const { tsImport } = await import('tsx/esm/api');
const { analyze } = await tsImport('../src/core/index.ts', import.meta.url);
const { trainSpecFromAnalysis } = await tsImport('../src/protocol/train.ts', import.meta.url);

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
