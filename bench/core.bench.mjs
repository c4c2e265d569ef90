// Core speed: median time of analyze() (parse + shape/parameter inference) on 1,000- and
// 10,000-layer specs, and their ratio. Target (issue 2): 10,000 layers under 20 ms, growth
// linear (ratio near 10). The core is bundled from src/core/index.ts with esbuild first, so this measures the same code the CLI and the extension run.
import { cpus, loadavg } from 'node:os';
import { loadTs, makeSpec } from './lib.mjs';

const TARGET_MS = 20;

const loadCore = () => loadTs("export * from './src/core';");

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const core = await loadCore();
// Timings on a shared machine mean little without the load they ran under.
console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const sizes = [1000, 10000];
const texts = new Map(sizes.map((n) => [n, makeSpec(n)]));
for (const [n, text] of texts) {
  const check = core.analyze(text);
  if (check.layers.length !== n || check.hasErrors) {
    console.error(`bench spec of ${n} layers did not analyse cleanly: ${check.layers.length} layers, ${check.diagnostics.length} diagnostics`);
    process.exit(1);
  }
}
// Interleaved rounds: both sizes see the same background load, so their ratio stays meaningful on a
// shared machine. Each round times one analysis of each size.
const ROUNDS = 31;
const samples = new Map(sizes.map((n) => [n, []]));
const time = (fn) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
for (let round = -5; round < ROUNDS; round++) {
  for (const n of sizes) {
    const text = texts.get(n);
    const ms = time(() => core.analyze(text));
    if (round >= 0) samples.get(n).push(ms); // rounds below 0 warm up the JIT
  }
}
const results = {};
for (const n of sizes) {
  const xs = samples.get(n);
  results[n] = { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
  const text = texts.get(n);
  const withSummary = median(Array.from({ length: 9 }, () => time(() => core.formatSummary(core.analyze(text)))));
  console.log(
    `${n.toLocaleString('en-US').padStart(6)} layers (${(text.length / 1024).toFixed(0)} KiB): ` +
      `parse+analyze median ${results[n].median.toFixed(2)} ms (min ${results[n].min.toFixed(2)}, max ${results[n].max.toFixed(2)}, ${xs.length} runs); ` +
      `with formatSummary ${withSummary.toFixed(2)} ms`,
  );
}
const ratio = results[10000].median / results[1000].median;
const bestRatio = results[10000].min / results[1000].min;
console.log(`ratio 10,000 / 1,000 layers: ${ratio.toFixed(2)} of medians, ${bestRatio.toFixed(2)} of best runs (linear growth = 10)`);
const met = results[10000].median < TARGET_MS;
console.log(`target: 10,000 layers under ${TARGET_MS} ms: ${met ? 'met' : 'MISSED'} (median ${results[10000].median.toFixed(2)} ms, best ${results[10000].min.toFixed(2)} ms)`);
console.log(`growth: ${ratio < 15 ? 'linear' : 'SUPERLINEAR'} (ratio ${ratio.toFixed(2)}; above 15 would mean worse than linear)`);
if (loadavg()[0] > cpus().length) console.log('note: the machine was busier than its CPU count; rerun on an idle machine before trusting these figures');
