/**
 * "Compare" runs: the student's spec trained once per variant (another optimizer, learning rate,
 * input normalization, batch normalization inserted), each from the SAME initial weights and on
 * the SAME batches, so the curves differ only by what the variant changes.
 *
 * - Initial weights: the spec's model is built once with the panel's seed and its weights read
 *   out (plain arrays, no tensors kept); every variant's model gets them copied in, layer by
 *   layer. A variant with batch normalization inserted (../../shared/training/insertBatchNorm.ts)
 *   shares every layer of the spec: those get the same weights, the inserted ones start as Keras
 *   starts them (γ = 1, β = 0, moving mean 0, variance 1).
 * - Batches: the trainer draws its order from the settings' seed (../../shared/training/trainer.ts),
 *   the same for every variant; its batch indices are hashed into a fingerprint to show it.
 * - Variants run one after another; each one's model and optimizer are disposed before the next,
 *   so tf.memory() is back where it started after each (reported: tensorsBefore/After).
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainLayer } from '../../../src/protocol/train';
import { buildModel } from '../../shared/training/model';
import { insertBatchNorm } from '../../shared/training/insertBatchNorm';
import { applyInputNorm } from '../../shared/training/inputNorm';
import { train, type RunControl } from '../../shared/training/trainer';
import type { BatchReport, EpochReport, LossMode, TrainOutcome, TrainSettings } from '../../shared/training/trainConfig';
import type { CompareFinal, CompareVariant, EngineDataset } from './protocol';

export type { CompareFinal, CompareVariant } from './protocol';

export interface CompareRequest {
  inputShape: number[];
  layers: TrainLayer[];
  dataset: EngineDataset;
  lossMode: LossMode;
  /** Batch size, epochs, validation split and the batch order's seed, common to every variant. */
  settings: TrainSettings;
  /** The initial weights' seed. */
  seed: number;
  variants: CompareVariant[];
}

export interface CompareVariantResult {
  outcome: TrainOutcome;
  /** FNV-1a of every batch's training-split indices, in order. */
  batchesFingerprint: string;
  final?: CompareFinal;
  /** tf.memory().numTensors before the variant's model was built and after it was disposed. */
  tensorsBefore: number;
  tensorsAfter: number;
}

export interface CompareHooks {
  /** The variant's model is built and holds the shared initial weights (fingerprint of those). */
  onVariantStart?(variant: number, info: { weightsFingerprint: string; params: number }): void;
  onBatch?(variant: number, r: BatchReport): void | Promise<void>;
  onEpoch?(variant: number, r: EpochReport): void | Promise<void>;
  onVariantDone?(variant: number, result: CompareVariantResult): void;
  onPauseChange?(paused: boolean): void;
  /** The shared weights as the variant's model holds them before training, per spec layer (tests). */
  onInitialWeights?(variant: number, shared: Float32Array[][]): void;
}

/** 32-bit FNV-1a, continued from `h`. */
function fnv1a(bytes: Uint8Array, h = 0x811c9dc5): number {
  let x = h;
  for (let i = 0; i < bytes.length; i++) {
    x ^= bytes[i];
    x = Math.imul(x, 0x01000193) >>> 0;
  }
  return x;
}

/** A fingerprint of arrays' bytes (two FNV-1a hashes with different seeds: 64 bits in hex). */
export function bytesFingerprint(arrays: readonly ArrayBufferView[]): string {
  let a = 0x811c9dc5;
  let b = 0x01234567;
  for (const v of arrays) {
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    a = fnv1a(bytes, a);
    b = fnv1a(bytes, b);
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** The weights of one spec layer: every weight of the TF.js layers that implement it, in order. */
export interface LayerWeights { shapes: number[][]; values: Float32Array[] }

export async function readWeights(layers: readonly tf.layers.Layer[]): Promise<LayerWeights> {
  const ws = layers.flatMap((l) => l.getWeights());
  // getWeights() hands out the layers' own variables: read them, never dispose them.
  const values = await Promise.all(ws.map(async (w) => Float32Array.from(await w.data())));
  return { shapes: ws.map((w) => [...w.shape]), values };
}

/** The spec's initial weights with `seed`, per spec layer, read from a model built for the purpose (then disposed). */
export async function specInitialWeights(inputShape: number[], layers: readonly TrainLayer[], seed: number): Promise<LayerWeights[]> {
  const built = buildModel(inputShape, layers, seed);
  try {
    return await Promise.all(built.groups.map((g) => readWeights(g)));
  } finally {
    built.model.dispose();
  }
}

/** Copies `weights` into the TF.js layers that implement one spec layer; throws when a shape differs. */
export function assignWeights(layers: readonly tf.layers.Layer[], weights: LayerWeights, what: string): void {
  let k = 0;
  for (const layer of layers) {
    const own = layer.getWeights();
    if (own.length === 0) continue;
    const values = own.map((w, i) => {
      const shape = weights.shapes[k + i];
      if (!shape || shape.join('x') !== w.shape.join('x')) throw new Error(`NetLens: the compare cannot share the weights of ${what}: ${w.shape.join('×')} against ${shape?.join('×') ?? 'none'}`);
      return weights.values[k + i];
    });
    tf.tidy(() => layer.setWeights(values.map((v, i) => tf.tensor(v, own[i].shape))));
    k += own.length;
  }
  if (k !== weights.shapes.length) throw new Error(`NetLens: the compare cannot share the weights of ${what}: ${k} weights against ${weights.shapes.length}`);
}

/**
 * Trains every variant in turn from the spec's initial weights (`request.seed`) on the same
 * batches. Stop ends the compare (the variants left are not run); a diverged variant does not.
 */
export async function runCompare(request: CompareRequest, control: RunControl, hooks: CompareHooks = {}): Promise<{ stopped: boolean }> {
  const { inputShape, layers, dataset, lossMode, settings } = request;
  const initial = await specInitialWeights(inputShape, layers, request.seed);
  for (let v = 0; v < request.variants.length; v++) {
    if (control.stopRequested) return { stopped: true };
    const variant = request.variants[v];
    const tensorsBefore = tf.memory().numTensors;
    const plan = variant.batchNorm ? insertBatchNorm(inputShape, layers) : { layers: [...layers], origin: layers.map((_, i) => i) };
    const built = buildModel(inputShape, plan.layers, request.seed);
    let outcome: TrainOutcome;
    let batchHash = 0x811c9dc5;
    const seen: { last?: EpochReport } = {};
    try {
      // Each spec layer's weights go to the variant's layers that came from it, in order.
      const shared: Float32Array[][] = [];
      for (let i = 0; i < layers.length; i++) {
        const own = plan.layers.flatMap((_, j) => (plan.origin[j] === i ? built.groups[j] : []));
        assignWeights(own, initial[i], layers[i].name);
        shared.push((await readWeights(own)).values);
      }
      hooks.onInitialWeights?.(v, shared);
      hooks.onVariantStart?.(v, { weightsFingerprint: bytesFingerprint(shared.flat()), params: built.model.countParams() });
      const data = variant.inputNorm ? { ...dataset, xs: applyInputNorm(dataset.xs, variant.inputNorm) } : dataset;
      outcome = await train(built.model, data, lossMode, { ...settings, optimizer: variant.optimizer, learningRate: variant.learningRate }, control, {
        onBatchIndices: (idx) => {
          batchHash = fnv1a(new Uint8Array(Uint32Array.from(idx).buffer), batchHash);
        },
        onBatch: (r) => hooks.onBatch?.(v, r),
        onEpoch: (r) => {
          seen.last = r;
          return hooks.onEpoch?.(v, r);
        },
        onPauseChange: (p) => hooks.onPauseChange?.(p),
      });
    } finally {
      built.model.dispose();
    }
    const last = seen.last;
    const final = last ? { loss: last.loss, accuracy: last.accuracy, ...(last.valLoss !== undefined ? { valLoss: last.valLoss } : {}), ...(last.valAccuracy !== undefined ? { valAccuracy: last.valAccuracy } : {}) } : undefined;
    hooks.onVariantDone?.(v, {
      outcome, batchesFingerprint: batchHash.toString(16).padStart(8, '0'), ...(final ? { final } : {}),
      tensorsBefore, tensorsAfter: tf.memory().numTensors,
    });
    if (outcome.status === 'stopped') return { stopped: true };
  }
  return { stopped: false };
}
