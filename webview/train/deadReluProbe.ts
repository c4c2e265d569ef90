/**
 * The Train panel's dead-ReLU watch: the fraction of ReLU units that never fire on one fixed
 * probe batch (the first training samples), measured before training and again as it runs.
 * One probe tensor lives for the whole run and is disposed at its end, so the tensor count
 * after each epoch stays the same.
 */
import * as tf from '@tensorflow/tfjs';
import { deadUnitFraction } from '../shared/tf/deadUnits';
import { gatherBatch, type Dataset } from '../shared/training/datasets';
import type { DeadReluReading } from '../shared/training/trainConfig';

/**
 * Enough samples for a unit that fires on a few inputs to show up, yet one cheap forward pass:
 * measured on the lecture CNN, 256 images took about 1 s on SwiftShader WebGL (mostly off the page's
 * thread) and 64 took 0.28 s on the CPU backend, where one training batch of 32 took 1.5 s.
 */
export const PROBE_SAMPLES = 256;

export type { DeadReluReading } from '../shared/training/trainConfig';

export class DeadReluProbe {
  private batch: tf.Tensor | null;
  readonly samples: number;

  /** Takes the first `min(maxSamples, trainCount)` samples of the training part of `ds`. */
  constructor(private readonly model: tf.LayersModel, ds: Pick<Dataset, 'sampleShape' | 'xs' | 'labels'>, trainCount: number, maxSamples = PROBE_SAMPLES) {
    this.samples = Math.max(1, Math.min(maxSamples, trainCount));
    const idx = Array.from({ length: this.samples }, (_, i) => i);
    const { xs } = gatherBatch(ds, idx);
    this.batch = tf.tensor(xs, [this.samples, ...ds.sampleShape]);
  }

  /** One measurement and what it cost in milliseconds (for the schedule). */
  async measure(step: number): Promise<{ reading: DeadReluReading; ms: number }> {
    if (!this.batch) throw new Error('NetLens: the dead-ReLU probe was already disposed');
    const t0 = performance.now();
    const r = await deadUnitFraction(this.model, this.batch);
    return { reading: { ...r, step }, ms: performance.now() - t0 };
  }

  dispose(): void {
    this.batch?.dispose();
    this.batch = null;
  }
}
