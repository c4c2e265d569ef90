// Are the panels' timing verdicts stable? Runs, three times in a row in headless Chromium (the
// real bundles under the real CSP), the activation explorer's cost table ("measure cost again")
// and the Train panel's CPU-vs-GPU race ("Race the backends", the lecture CNN), and prints each
// run's figures with the verdict a student reads from them:
//   cost table: per column, each exp()-based function vs ReLU, as the panel words it
//     (webview/activations/explorer.ts costVerdict: costlier / cheaper only when the median
//     ratio's notch, median ± 1.58·IQR/√n over the n rounds, lies beyond 1.25× or below 0.8×);
//   race: the backends from fastest to slowest, "<" when the slower one's fastest round is
//     slower than the faster one's slowest round, "≈" (within noise) when their rounds overlap.
// A verdict is stable when the three runs print the same one. The machine's load (os.loadavg)
// is printed with the figures: timings on a shared machine mean little without it.
//   node bench/verdicts.bench.mjs [--runs N] [--only cost|race]
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg('--runs') ?? 3);
const only = arg('--only');
if (!existsSync(join(root, 'dist', 'webview', 'train.js')) || !existsSync(join(root, 'dist', 'webview', 'activations.js'))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const { openWebview } = await import('../test/browser/harness.mjs');
const { summarizeRace } = await tsImport('../webview/train/raceStats.ts', import.meta.url);
const { analyze } = await tsImport('../src/core/index.ts', import.meta.url);
const { trainSpecFromAnalysis } = await tsImport('../src/protocol/train.ts', import.meta.url);

const load = () => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`;
/** The functions whose cost the lecture's "exp() is expensive" is about. */
const EXP_FUNCTIONS = ['sigmoid', 'tanh', 'elu', 'selu', 'softplus', 'exponential'];

/** "1.23 ± 0.04" → { v, spread }; undefined for "…". */
const parse = (text) => {
  const m = /([−-]?\d+(?:\.\d+)?) ± ([−-]?\d+(?:\.\d+)?)/.exec(text ?? '');
  return m ? { v: Number(m[1].replace('−', '-')), spread: Number(m[2].replace('−', '-')) } : undefined;
};

async function costRuns() {
  const wv = await openWebview('activations');
  const runs = [];
  try {
    const { page } = wv;
    const done = () =>
      page.waitForFunction(() => {
        const b = document.querySelector('[data-testid="cost-again"]');
        const cpu = document.querySelector('[data-testid="cpu-ratio-sigmoid"]')?.getAttribute('data-ratio');
        return b && !b.disabled && cpu;
      }, null, { timeout: 600_000, polling: 200 });
    for (let run = 1; run <= RUNS; run++) {
      if (run > 1) {
        await page.click('[data-testid="cost-again"]');
        await page.waitForFunction(() => document.querySelector('[data-testid="cost-again"]')?.disabled, null, { timeout: 5_000 }).catch(() => {});
      }
      const t0 = Date.now();
      await done();
      const header = await page.$$eval('[data-testid="measures"] thead th', (ths) => ths.map((t) => t.textContent.trim()));
      const rows = await page.$$eval('[data-testid^="measure-"]', (trs) =>
        trs.map((tr) => ({
          id: tr.dataset.testid.replace('measure-', ''),
          cells: [...tr.children].map((c) => c.textContent.trim()),
          gpuVerdict: tr.dataset.verdict,
          cpuVerdict: tr.querySelector('[data-testid^="cpu-ratio-"]')?.dataset.verdict,
        })));
      const table = Object.fromEntries(rows.map((r) => [r.id, { gpuMs: parse(r.cells[4]), gpu: parse(r.cells[5]), cpuMs: parse(r.cells[6]), cpu: parse(r.cells[7]), gpuVerdict: r.gpuVerdict, cpuVerdict: r.cpuVerdict }]));
      const verdict = {
        [header[4].replace(/ ms.*/, '')]: Object.fromEntries(EXP_FUNCTIONS.map((id) => [id, table[id]?.gpuVerdict || 'not measured'])),
        CPU: Object.fromEntries(EXP_FUNCTIONS.map((id) => [id, table[id]?.cpuVerdict || 'not measured'])),
      };
      runs.push({ run, seconds: (Date.now() - t0) / 1000, load: load(), table, verdict });
      console.log(`cost run ${run} (${load()}, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      for (const id of ['relu', ...EXP_FUNCTIONS]) {
        const r = table[id];
        const f = (x) => (x ? `${x.v.toFixed(2)} ± ${x.spread.toFixed(2)}` : '…');
        console.log(`  ${id.padEnd(12)} ${header[4].replace(/ ms.*/, '')}: ${f(r?.gpuMs)} ms/10⁶ = ${f(r?.gpu)}× ReLU   CPU: ${f(r?.cpuMs)} ms/10⁶ = ${f(r?.cpu)}× ReLU`);
      }
      for (const [column, v] of Object.entries(verdict)) console.log(`  verdict ${column}: ${Object.entries(v).map(([id, w]) => `${id} ${w}`).join(', ')}`);
    }
  } finally {
    await wv.close();
  }
  return runs;
}

/** "wasm < webgl ≈ cpu": fastest first; "<" when the rounds do not overlap, "≈" when they do. */
function raceVerdict(rows) {
  const ok = rows.filter((r) => r.ok && r.epochSeconds).sort((a, b) => a.epochSeconds.median - b.epochSeconds.median);
  let text = ok[0]?.backend ?? 'nothing raced';
  for (let i = 1; i < ok.length; i++) {
    const [a, b] = [ok[i - 1].epochSeconds, ok[i].epochSeconds];
    text += `${a.max < b.min ? ' < ' : ' ≈ '}${ok[i].backend}`;
  }
  const failed = rows.filter((r) => !r.ok).map((r) => r.backend);
  return failed.length ? `${text} (cannot race: ${failed.join(', ')})` : text;
}

async function raceRuns() {
  const file = 'lecture6-cifar.netspec';
  const spec = trainSpecFromAnalysis(`file:///examples/${file}`, file, analyze(readFileSync(join(root, 'examples', file), 'utf8')));
  const wv = await openWebview('train', { hostMessages: [{ type: 'settings', backend: 'auto' }, { type: 'spec', spec, reason: 'open' }] });
  const runs = [];
  try {
    const { page } = wv;
    await wv.waitForMessage((m) => m.type === 'model', 180_000);
    const rounds = Number(await page.inputValue('[data-testid="race-rounds"]'));
    for (let run = 1; run <= RUNS; run++) {
      const t0 = Date.now();
      await page.click('[data-testid="race"]');
      await page.waitForSelector('[data-testid="race-stop"]', { timeout: 10_000 }).catch(() => {});
      await page.waitForFunction(
        () => !document.querySelector('[data-testid="race-stop"]') && document.querySelector('[data-testid="race-end"]'),
        null, { timeout: 600_000, polling: 500 },
      );
      const { race, raceEpochSamples } = await wv.state();
      const rows = summarizeRace(race, raceEpochSamples);
      const verdict = raceVerdict(rows);
      runs.push({ run, rounds, load: load(), rows, verdict });
      console.log(`race run ${run}: ${rounds} rounds, epoch of ${raceEpochSamples} samples (${load()}, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      for (const r of rows) {
        const e = r.epochSeconds;
        const v = r.vsCpu;
        console.log(r.ok && e
          ? `  ${r.backend.padEnd(6)} ${e.median.toFixed(2)} s/epoch (${e.min.toFixed(2)}–${e.max.toFixed(2)}, ${e.n} rounds)${v ? `  ${v.median.toFixed(2)}× CPU (${v.min.toFixed(2)}–${v.max.toFixed(2)})` : ''}`
          : `  ${r.backend.padEnd(6)} ${r.error}`);
      }
      console.log(`  verdict: ${verdict}`);
    }
  } finally {
    await wv.close();
  }
  return runs;
}

console.log(`verdicts bench: ${RUNS} runs in a row (${load()})`);
const stable = (runs, key) => runs.every((r) => JSON.stringify(key(r)) === JSON.stringify(key(runs[0])));
if (only !== 'race') {
  const cost = await costRuns();
  console.log(`cost table: the verdict is ${stable(cost, (r) => r.verdict) ? 'the same' : 'NOT the same'} on ${cost.length} runs`);
}
if (only !== 'cost') {
  const race = await raceRuns();
  console.log(`race: the verdict is ${stable(race, (r) => r.verdict) ? 'the same' : 'NOT the same'} on ${race.length} runs: ${[...new Set(race.map((r) => r.verdict))].join(' | ')}`);
}
