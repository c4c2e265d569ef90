/**
 * "CPU vs GPU": the same model, the same seeded data, the same batches on each backend, in
 * rounds taken in turn, timed per sample (the statistics are ./raceStats.ts). Also the one-step
 * probe that tells whether a backend has every kernel a model needs.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainLayer } from '../../src/protocol/train';
import { yieldForPaint, yieldToPage } from '../shared/yieldToPage';
import { activateBackend, BACKENDS, type BackendName } from '../shared/training/backend';
import { explainTrainError } from '../shared/training/backendErrors';
import { pageSay } from '../shared/training/pageSay';
import { buildModel } from '../shared/training/model';
import type { RaceResult } from './raceStats';
import { makeOptimizer, type TrainSettings } from '../shared/training/trainer';
import { disposeOptimizer } from '../shared/tf/optimizers';

export type { RaceResult } from './raceStats';

/** Runs one real training step (batch of 2) on the current backend; returns the error text, if any. */
export async function probeTrainStep(inputShape: number[], layers: readonly TrainLayer[]): Promise<string | undefined> {
  let built: ReturnType<typeof buildModel> | undefined;
  const optimizer = tf.train.sgd(0);
  try {
    built = buildModel(inputShape, layers, 1);
    const model = built.model;
    const loss = tf.tidy(() => {
      const x = tf.randomUniform([2, ...inputShape]);
      return optimizer.minimize(() => tf.mean(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, true) as tf.Scalar;
    });
    await loss.data();
    loss.dispose();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    built?.model.dispose();
    optimizer.dispose();
  }
}

export interface RaceOptions {
  inputShape: number[];
  layers: readonly TrainLayer[];
  settings: Pick<TrainSettings, 'optimizer' | 'learningRate' | 'batchSize'>;
  numClasses: number;
  /** Timed batches per round and backend (after one untimed warm-up batch). */
  batchesPerRound: number;
  rounds: number;
  /** A round ends early once it has run this long (at least one timed batch): the CPU backend is slow. */
  maxRoundSeconds?: number;
  backends?: readonly BackendName[];
  /** The backend TF.js is left on afterwards. */
  restore: BackendName;
  /** Called whenever a round ends or a backend fails, with every result so far. */
  onUpdate?: (results: RaceResult[]) => void;
  /** What runs now, e.g. "round 2 of 3: wasm". */
  onProgress?: (text: string) => void;
  /** Checked between batches: true ends the race within one batch. */
  shouldStop?: () => boolean;
  /** The clock in milliseconds (performance.now by default; the unit tier passes a stand-in). */
  now?: () => number;
}

export interface RaceOutcome {
  results: RaceResult[];
  stopped: boolean;
  /** tf.memory().numTensors after the race minus before it: 0 when everything was freed. */
  leakedTensors: number;
}

/**
 * Between timed batches: in a worker a macrotask lets the page's Stop in; in the page (the
 * fallback) a painted frame also lets the Stop button become clickable.
 */
const betweenBatches = () => (typeof document === 'undefined' ? yieldToPage() : yieldForPaint());

export async function raceBackends(opts: RaceOptions): Promise<RaceOutcome> {
  const before = tf.memory().numTensors;
  const size = opts.inputShape.reduce((a, b) => a * b, 1);
  const n = opts.settings.batchSize;
  // Same data on every backend: fixed pseudo-random values, generated once on the CPU.
  const xs = new Float32Array(n * size);
  for (let i = 0; i < xs.length; i++) xs[i] = ((i * 2654435761) % 1000) / 1000;
  const labels = Int32Array.from({ length: n }, (_, i) => i % opts.numClasses);
  const backends = opts.backends ?? BACKENDS;
  const results: RaceResult[] = backends.map((backend) => ({ backend, ok: true, rounds: [], batchesPerRound: opts.batchesPerRound }));
  const maxRoundMs = (opts.maxRoundSeconds ?? 8) * 1000;
  const now = opts.now ?? (() => performance.now());
  let stopped = false;
  const stop = () => (stopped ||= opts.shouldStop?.() ?? false);
  try {
    for (let round = 1; round <= opts.rounds && !stop(); round++) {
      for (const result of results) {
        if (!result.ok) continue;
        if (stop()) break;
        opts.onProgress?.(pageSay('train.race.round', { round, rounds: opts.rounds, backend: result.backend }));
        const outcome = await raceRound(result.backend);
        if (outcome === 'stopped') break;
        if (typeof outcome === 'string') {
          result.ok = false;
          result.error = outcome;
        } else {
          result.rounds.push(outcome);
        }
        opts.onUpdate?.(results.map((r) => ({ ...r, rounds: [...r.rounds] })));
      }
    }
  } finally {
    await activateBackend(opts.restore);
  }
  return { results, stopped, leakedTensors: tf.memory().numTensors - before };

  /** Seconds per sample over one round, 'stopped', or why the backend cannot race. */
  async function raceRound(backend: BackendName): Promise<number | string | 'stopped'> {
    const startError = await activateBackend(backend);
    if (startError) return startError;
    let built: ReturnType<typeof buildModel> | undefined;
    const optimizer = makeOptimizer(opts.settings.optimizer, opts.settings.learningRate);
    try {
      built = buildModel(opts.inputShape, opts.layers, 42);
      const model = built.model;
      const step = async () => {
        const loss = tf.tidy(() => {
          const x = tf.tensor(xs, [n, ...opts.inputShape]);
          const y = tf.oneHot(tf.tensor1d(labels, 'int32'), opts.numClasses).toFloat();
          return optimizer.minimize(() => {
            const pred = model.apply(x, { training: true }) as tf.Tensor;
            return tf.losses.softmaxCrossEntropy(y, pred.reshape([n, -1])) as tf.Scalar;
          }, true) as tf.Scalar;
        });
        await loss.data();
        loss.dispose();
      };
      // Untimed warm-up: shader compiles, first allocations.
      await step();
      await betweenBatches();
      if (stop()) return 'stopped';
      let timedMs = 0;
      let batches = 0;
      while (batches < opts.batchesPerRound) {
        const t0 = now();
        await step();
        timedMs += now() - t0;
        batches += 1;
        // Outside the timing: the page paints and the Stop button is heard between batches.
        await betweenBatches();
        if (stop()) return 'stopped';
        if (timedMs > maxRoundMs) break;
      }
      return timedMs / 1000 / (batches * n);
    } catch (err) {
      return explainTrainError(backend, err instanceof Error ? err.message : String(err));
    } finally {
      built?.model.dispose();
      disposeOptimizer(optimizer);
    }
  }
}
