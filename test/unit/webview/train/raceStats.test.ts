// The CPU-vs-GPU race's statistics (webview/train/raceStats.ts): median and spread come from the
// configured rounds, the per-epoch times and speed-ups from the per-round values.
import assert from 'node:assert/strict';
import { parseRaceResults, RACE_ROUNDS, raceRounds, spreadOf, summarizeRace, type RaceResult } from '../../../../webview/train/raceStats';

/** Seconds per sample for `rounds` rounds, drawn from a seeded generator around `base`. */
function rounds(n: number, base: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return base * (0.8 + 0.4 * (x / 2147483648));
  });
}

describe('train race: statistics over the configured rounds', () => {
  it('takes the median and the spread of exactly the values given', () => {
    for (const n of [1, 2, 3, 4, 5, 9]) {
      const values = rounds(n, 0.01, n);
      const sorted = [...values].sort((a, b) => a - b);
      const s = spreadOf(values);
      assert.ok(s);
      assert.equal(s.n, n);
      assert.equal(s.min, sorted[0]);
      assert.equal(s.max, sorted[n - 1]);
      // The median splits the values in two halves of equal count.
      assert.equal(values.filter((v) => v < s.median).length, values.filter((v) => v > s.median).length, `n = ${n}`);
      if (n % 2 === 1) assert.ok(values.includes(s.median), 'an odd count has a middle value');
      else assert.equal(s.median, (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }
    assert.equal(spreadOf([]), undefined);
    assert.equal(spreadOf([NaN])?.n, undefined);
  });

  it('gives seconds per epoch, samples per second and the speed-up over the CPU, round by round', () => {
    const configured = 5;
    const cpu = rounds(configured, 0.08, 1);
    const wasm = rounds(configured, 0.001, 2);
    const results: RaceResult[] = [
      { backend: 'webgl', ok: false, rounds: [], error: 'WebGL could not start' },
      { backend: 'wasm', ok: true, rounds: wasm },
      { backend: 'cpu', ok: true, rounds: cpu },
    ];
    const epochSamples = 320;
    const [webgl, w, c] = summarizeRace(results, epochSamples);
    assert.deepEqual(webgl, { backend: 'webgl', ok: false, error: 'WebGL could not start' });
    assert.deepEqual(w.epochSeconds, spreadOf(wasm.map((s) => s * epochSamples)));
    assert.equal(w.epochSeconds?.n, configured, 'one value per configured round');
    assert.deepEqual(w.samplesPerSecond, spreadOf(wasm.map((s) => 1 / s)));
    assert.deepEqual(w.vsCpu, spreadOf(wasm.map((s, i) => cpu[i] / s)));
    assert.equal(c.vsCpu?.median, 1);
    // Slower rounds mean more seconds per epoch: the spread brackets the median.
    assert.ok(w.epochSeconds!.min <= w.epochSeconds!.median && w.epochSeconds!.median <= w.epochSeconds!.max);
  });

  it('without a CPU row there is no speed-up; a stopped backend with no round reads as not finished', () => {
    const [w, g] = summarizeRace([{ backend: 'wasm', ok: true, rounds: [0.002] }, { backend: 'webgl', ok: true, rounds: [] }], 100);
    assert.equal(w.vsCpu, undefined);
    assert.equal(w.epochSeconds?.n, 1);
    assert.deepEqual(g, { backend: 'webgl', ok: false, pending: true, error: 'the race was stopped before it finished a round' });
  });

  it('clamps the rounds field and reads saved races field by field', () => {
    assert.equal(raceRounds(4), 4);
    assert.equal(raceRounds('7'), 7);
    assert.equal(raceRounds(0), RACE_ROUNDS.min);
    assert.equal(raceRounds(1000), RACE_ROUNDS.max);
    assert.equal(raceRounds(null), RACE_ROUNDS.min);
    assert.equal(raceRounds('x'), RACE_ROUNDS.default);
    const saved = [{ backend: 'cpu', ok: true, rounds: [0.1, 0.2], batchesPerRound: 3, extra: 1 }];
    assert.deepEqual(parseRaceResults(saved), [{ backend: 'cpu', ok: true, rounds: [0.1, 0.2], batchesPerRound: 3 }]);
    // An older panel saved one figure per backend and no rounds: dropped, not shown wrong.
    assert.equal(parseRaceResults([{ backend: 'cpu', ok: true, samplesPerSecond: 12 }]), undefined);
    assert.equal(parseRaceResults([{ backend: 'tpu', ok: true, rounds: [] }]), undefined);
    assert.equal(parseRaceResults('x'), undefined);
  });
});
