/**
 * The statistics of the CPU-vs-GPU race (./race.ts), pure so the unit tier checks them: each
 * backend runs the same batches in several rounds, taken in turn (round 1 on every backend, then
 * round 2 …) so a machine that slows down during the race slows every backend alike; the panel
 * shows the median round with the spread (slowest and fastest round) beside it.
 */
import type { Say } from '../../src/core/i18n';
import { pageSay } from '../shared/training/pageSay';
import type { BackendName } from '../shared/training/trainConfig';

/** How many rounds the race runs: the default, and the range the panel's field accepts. */
export const RACE_ROUNDS = { default: 3, min: 1, max: 9 } as const;

/** A rounds value from the form, clamped to RACE_ROUNDS (anything unreadable gives the default). */
export function raceRounds(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return RACE_ROUNDS.default;
  return Math.min(RACE_ROUNDS.max, Math.max(RACE_ROUNDS.min, Math.round(n)));
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many values (rounds) it was computed from. */
  n: number;
}

/** Median (mean of the middle two for an even count), smallest and largest; undefined when empty. */
export function spreadOf(values: readonly number[]): Spread | undefined {
  const v = values.filter(Number.isFinite).slice().sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

/** One backend's race: seconds per training sample in each round it finished (warm-up excluded). */
export interface RaceResult {
  backend: BackendName;
  ok: boolean;
  /** Seconds per sample, one value per finished round, in round order. */
  rounds: number[];
  /** Timed batches per round (the same on every backend). */
  batchesPerRound?: number;
  /** Why it could not race, in words for a student (./backendErrors.ts). */
  error?: string;
}

export interface RaceSummary {
  backend: BackendName;
  ok: boolean;
  error?: string;
  /** It can race but has no finished round yet (the race is still on, or was stopped first). */
  pending?: boolean;
  /** Seconds for one epoch of `epochSamples` training samples: median and spread over the rounds. */
  epochSeconds?: Spread;
  /** Samples per second: median and spread over the rounds. */
  samplesPerSecond?: Spread;
  /** Times faster than the CPU backend: median and spread of the per-round ratios. */
  vsCpu?: Spread;
}

/**
 * The table the panel shows. Every figure comes from the per-round values: an epoch is
 * `epochSamples` × seconds per sample; the speed-up over the CPU backend is taken round by round
 * (rounds ran in turn, so round i of each backend saw the same machine), then its median and spread.
 */
export function summarizeRace(results: readonly RaceResult[], epochSamples: number, say: Say = pageSay): RaceSummary[] {
  const cpu = results.find((r) => r.backend === 'cpu' && r.ok && r.rounds.length > 0);
  return results.map((r) => {
    if (!r.ok) return { backend: r.backend, ok: false, error: r.error ?? say('train.raceFailed') };
    if (r.rounds.length === 0) return { backend: r.backend, ok: false, pending: true, error: say('train.raceNoRound') };
    const ratios = cpu ? r.rounds.slice(0, cpu.rounds.length).map((s, i) => cpu.rounds[i] / s) : [];
    return {
      backend: r.backend,
      ok: true,
      epochSeconds: spreadOf(r.rounds.map((s) => s * epochSamples)),
      samplesPerSecond: spreadOf(r.rounds.map((s) => 1 / s)),
      vsCpu: spreadOf(ratios),
    };
  });
}

/** The race results kept in the panel's saved state, rebuilt field by field (older shapes dropped). */
export function parseRaceResults(v: unknown): RaceResult[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: RaceResult[] = [];
  for (const r of v) {
    if (typeof r !== 'object' || r === null) return undefined;
    const x = r as Record<string, unknown>;
    if (!['webgl', 'wasm', 'cpu'].includes(x.backend as string) || typeof x.ok !== 'boolean') return undefined;
    if (!Array.isArray(x.rounds) || !x.rounds.every((s) => typeof s === 'number' && s > 0 && Number.isFinite(s))) return undefined;
    out.push({
      backend: x.backend as BackendName, ok: x.ok, rounds: [...(x.rounds as number[])],
      ...(typeof x.batchesPerRound === 'number' ? { batchesPerRound: x.batchesPerRound } : {}),
      ...(typeof x.error === 'string' ? { error: x.error } : {}),
    });
  }
  return out;
}
