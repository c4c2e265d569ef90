/**
 * "CPU vs GPU": the same model, the same seeded data, a fixed number of batches on each backend,
 * samples per second side by side (the lecture's 47 s on CPU vs 10 s on GPU, measured here).
 * Also the one-step probe that tells whether a backend has every kernel a model needs.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainLayer } from '../../src/protocol/train';
import { activateBackend, BACKENDS, type BackendName } from './backend';
import { buildModel } from './model';
import { makeOptimizer, type TrainSettings } from './trainer';

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

export interface RaceResult {
  backend: BackendName;
  ok: boolean;
  samplesPerSecond?: number;
  msPerSample?: number;
  batches?: number;
  error?: string;
}

/**
 * Times `batches` training steps (after one untimed warm-up step that compiles shaders and
 * allocates) on each backend. Leaves TF.js on `restore` afterwards.
 */
export async function raceBackends(opts: {
  inputShape: number[];
  layers: readonly TrainLayer[];
  settings: Pick<TrainSettings, 'optimizer' | 'learningRate' | 'batchSize'>;
  numClasses: number;
  batches: number;
  backends?: readonly BackendName[];
  restore: BackendName;
  onResult?: (r: RaceResult) => void;
  shouldStop?: () => boolean;
}): Promise<RaceResult[]> {
  const results: RaceResult[] = [];
  const size = opts.inputShape.reduce((a, b) => a * b, 1);
  const n = opts.settings.batchSize;
  // Same data on every backend: fixed pseudo-random values, generated once on the CPU.
  const xs = new Float32Array(n * size);
  for (let i = 0; i < xs.length; i++) xs[i] = ((i * 2654435761) % 1000) / 1000;
  const labels = Int32Array.from({ length: n }, (_, i) => i % opts.numClasses);
  try {
    for (const backend of opts.backends ?? BACKENDS) {
      if (opts.shouldStop?.()) break;
      const result = await raceOne(backend);
      results.push(result);
      opts.onResult?.(result);
    }
  } finally {
    await activateBackend(opts.restore);
  }
  return results;

  async function raceOne(backend: BackendName): Promise<RaceResult> {
    const startError = await activateBackend(backend);
    if (startError) return { backend, ok: false, error: startError };
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
      await step();
      const t0 = performance.now();
      for (let b = 0; b < opts.batches; b++) {
        await step();
        await new Promise((r) => setTimeout(r, 0));
      }
      const seconds = (performance.now() - t0) / 1000;
      const sps = (opts.batches * n) / seconds;
      return { backend, ok: true, samplesPerSecond: sps, msPerSample: 1000 / sps, batches: opts.batches };
    } catch (err) {
      return { backend, ok: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      built?.model.dispose();
      optimizer.dispose();
    }
  }
}
