/**
 * The fuzz tier's short slice: a fixed, seeded slice of the fuzz corpus (fuzz-specs.ts) runs
 * through the core in a worker under a generous watchdog. A throw or a hang fails the test and
 * names the spec's index (regenerate it with fuzzSpec(SEED, index, examples)). The long run of
 * 100,000 specs, with the slowest spec's time, is `npm run bench` (bench/fuzz.bench.mjs).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fuzzSpec } from './fuzz-specs';
import { analyzeUnderWatchdog } from './watchdog';

const SEED = 20261129;
const SLICE = 1500;
const examplesDir = join(__dirname, '..', '..', '..', 'examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.netspec')).map((f) => readFileSync(join(examplesDir, f), 'utf8'));

describe('fuzz: seeded specs never make the core throw or hang', function () {
  this.timeout(120_000);

  it('the corpus is deterministic and varied', () => {
    const a = Array.from({ length: 50 }, (_, i) => fuzzSpec(SEED, i, examples));
    const b = Array.from({ length: 50 }, (_, i) => fuzzSpec(SEED, i, examples));
    assert.deepEqual(a, b);
    assert.ok(new Set(a).size > 45);
    const all = a.join('\n');
    for (const needle of ['(', '=', 'input', '#']) assert.ok(all.includes(needle), needle);
  });

  it(`${SLICE} specs (seed ${SEED}) under a 10 s watchdog per spec`, async () => {
    const texts = Array.from({ length: SLICE }, (_, i) => fuzzSpec(SEED, i, examples));
    const r = await analyzeUnderWatchdog(texts, 10_000);
    assert.equal(r.hung, undefined, `spec ${r.hung} hung: ${JSON.stringify(texts[r.hung ?? 0]?.slice(0, 500))}`);
    assert.deepEqual(r.threw.map((t) => `spec ${t.index}: ${t.error.split('\n').slice(0, 3).join(' ')} in ${JSON.stringify(texts[t.index].slice(0, 300))}`), []);
  });
});
