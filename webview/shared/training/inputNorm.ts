/**
 * The Train panel's "normalize inputs" setting, pure (no TF.js, no DOM): per-channel statistics
 * fitted on the training split only (../dataStats.ts channelStats; the split is
 * ./datasets.ts splitValidation's, the first samples train), then applied to every split, to the
 * decision-boundary grid and in the exported scripts (src/core/export/pythonData.ts
 * normalize_inputs computes the same numbers in NumPy). Fitting them on the validation samples too
 * would leak those samples into the model.
 */
import { channelStats } from '../dataStats';

export type NormalizeMode = 'off' | 'center' | 'standardize';
export const NORMALIZE_MODES: readonly NormalizeMode[] = ['off', 'center', 'standardize'];
export const isNormalizeMode = (v: unknown): v is NormalizeMode => NORMALIZE_MODES.includes(v as NormalizeMode);

/**
 * Keras's Normalization divides by max(√variance, ε) with ε = keras.backend.epsilon() = 1e-7
 * (keras/src/layers/preprocessing/normalization.py), so a constant channel maps to 0, not NaN.
 */
export const NORM_EPSILON = 1e-7;

/** What normalizes a model's inputs: x ↦ (x − mean[c]) / std[c] for channel c = index mod C. */
export interface InputNorm {
  mode: 'center' | 'standardize';
  /** Per channel, from the training split. */
  mean: number[];
  /** Per channel, the population std of the training split ('center': all 1, nothing is divided). */
  std: number[];
  /** Training samples the statistics come from. */
  samples: number;
}

/**
 * Fits the statistics on the first `trainCount` samples of `xs` (each `sampleSize` values,
 * channels last with `channels` channels); undefined for 'off'.
 */
export function fitInputNorm(xs: ArrayLike<number>, sampleSize: number, channels: number, trainCount: number, mode: NormalizeMode): InputNorm | undefined {
  if (mode === 'off') return undefined;
  const stats = channelStats(xs, sampleSize, channels, trainCount);
  const samples = Math.max(0, Math.min(trainCount, Math.floor(xs.length / Math.max(1, sampleSize))));
  return { mode, mean: stats.mean, std: mode === 'standardize' ? stats.std : stats.mean.map(() => 1), samples };
}

/** A normalized copy of `xs` (float32); `xs` itself is left as it is. */
export function applyInputNorm(xs: Float32Array, norm: InputNorm): Float32Array {
  const c = norm.mean.length;
  const scale = norm.std.map((s) => 1 / Math.max(s, NORM_EPSILON));
  const out = new Float32Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const k = i % c;
    out[i] = (xs[i] - norm.mean[k]) * scale[k];
  }
  return out;
}

/**
 * The channels of a sample: the last axis of an image (H×W×C), the C of an image flattened to a
 * vector (`imageShape`), and each feature of a point (x, y).
 */
export function inputChannels(sampleShape: readonly number[], imageShape?: readonly [number, number, number]): number {
  if (sampleShape.length === 1 && imageShape && imageShape[0] * imageShape[1] * imageShape[2] === sampleShape[0]) return imageShape[2];
  return sampleShape[sampleShape.length - 1] ?? 1;
}

/** An InputNorm rebuilt field by field (channels must divide samples of `sampleSize` values), or undefined. */
export function parseInputNorm(v: unknown, sampleSize?: number): InputNorm | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (r.mode !== 'center' && r.mode !== 'standardize') return undefined;
  const finite = (a: unknown): a is number[] => Array.isArray(a) && a.length > 0 && a.length <= 4096 && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!finite(r.mean) || !finite(r.std) || r.mean.length !== r.std.length || r.std.some((s) => s < 0)) return undefined;
  if (typeof r.samples !== 'number' || !Number.isInteger(r.samples) || r.samples < 0) return undefined;
  if (sampleSize !== undefined && sampleSize % r.mean.length !== 0) return undefined;
  return { mode: r.mode, mean: [...r.mean], std: [...r.std], samples: r.samples };
}
