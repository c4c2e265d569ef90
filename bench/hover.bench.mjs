// Hover latency (issue 3): the hover provider's own time on a 1,000-layer spec, p50 and p99.
// The provider body is `documents.get(document)` (analyze() once per document version) and
// `hoverMarkdownAt(analysis, line)`; both are bundled from the real sources with esbuild and timed
// here in two cases:
//   warm: the analysis is cached (hovering over an unchanged file: the usual case);
//   cold: the first hover after an edit (analyze() of the whole spec, then the hover text).
// No VS Code here: the extension host adds its IPC round trip on top, the same for every provider.
import { loadTs, makeSpec } from './lib.mjs';

const LAYERS = 1000;
const WARM_RUNS = 5000;
const COLD_RUNS = 300;

const load = () => loadTs("export { analyze } from './src/core'; export { hoverMarkdownAt } from './src/features/pure/hover';");

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function time(fn, runs) {
  for (let i = 0; i < Math.min(200, runs); i++) fn(i); // warm the JIT
  const times = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return [...times].sort((a, b) => a - b);
}

const { analyze, hoverMarkdownAt } = await load();
const text = makeSpec(LAYERS);
const analysis = analyze(text);
if (analysis.layers.length !== LAYERS) throw new Error(`expected ${LAYERS} layers, got ${analysis.layers.length}`);
const lineCount = text.split('\n').length;
// Spread the hovered lines over the whole file (the last lines are the slowest to find).
const lineFor = (i) => 1 + ((i * 7919) % (lineCount - 1));
let sink = 0;

const warm = time((i) => {
  sink += hoverMarkdownAt(analysis, lineFor(i))?.markdown.length ?? 0;
}, WARM_RUNS);
const cold = time((i) => {
  sink += hoverMarkdownAt(analyze(text), lineFor(i))?.markdown.length ?? 0;
}, COLD_RUNS);
if (sink === 0) throw new Error('no hover text was produced');

const fmt = (ms) => `${ms < 1 ? (ms * 1000).toFixed(1) + ' µs' : ms.toFixed(2) + ' ms'}`;
console.log(`hover provider on a ${LAYERS}-layer spec (${lineCount} lines)`);
console.log(`  warm (cached analysis): p50 ${fmt(percentile(warm, 50))}  p99 ${fmt(percentile(warm, 99))}  (${WARM_RUNS} hovers)`);
console.log(`  cold (after an edit):   p50 ${fmt(percentile(cold, 50))}  p99 ${fmt(percentile(cold, 99))}  (${COLD_RUNS} hovers)`);
console.log(`  cold / warm p50 ratio:  ${(percentile(cold, 50) / percentile(warm, 50)).toFixed(0)}×`);
