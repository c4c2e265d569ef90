/**
 * The init lab's network description, limits and result shapes: plain data, no TF.js, so the
 * panel's page can validate and render while the computing happens in a worker
 * (webview/init/engine/engine.ts runs ./engine/experiment.ts there).
 */
import { INITIALIZERS } from '../../src/core';
import type { InitializerSpec } from '../../src/core/types';
import { labText, type LabText } from './labText';

export type LabActivation = 'tanh' | 'relu';

export interface NetConfig {
  /** Width of the input (the batch is N(0, 1) of shape [batch, inputSize]). */
  inputSize: number;
  /** Units of each hidden layer, first to last. */
  widths: number[];
  activation: LabActivation;
  batch: number;
  seed: number;
  /**
   * Batch normalization after every layer's matrix product, before its activation (Ioffe and
   * Szegedy 2015, as BN is inserted after a conv/dense): each unit's pre-activation is standardized
   * with the batch's own mean and variance (training mode, γ = 1, β = 0, ε = BN_EPSILON).
   */
  batchNorm?: boolean;
}

/** Keras's BatchNormalization epsilon (keras/src/layers/normalization/batch_normalization.py). */
export const BN_EPSILON = 1e-3;

export const DEFAULT_NET: NetConfig = { inputSize: 500, widths: Array(10).fill(500), activation: 'tanh', batch: 1000, seed: 1 };

/** Limits that keep one recompute within a browser tab's memory (10⁸ floats ≈ 400 MB is too much). */
export const NET_LIMITS = { maxLayers: 50, maxWidth: 4096, maxInput: 65_536, maxBatch: 10_000, maxActivations: 3e7 };

/** The symmetry demo's training: plain SGD steps and their learning rate (./engine/experiment.ts). */
export const SYMMETRY_STEPS = 10;
/** Small enough that a 10-layer ReLU net with He init does not diverge in 10 plain SGD steps. */
export const SYMMETRY_LEARNING_RATE = 0.002;

/** Says what is wrong with a config (an id and its numbers, rendered by the page), or undefined when it can run. */
export function checkNetConfig(c: NetConfig): LabText | undefined {
  const isInt = (v: unknown, lo: number, hi: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
  if (!isInt(c.inputSize, 1, NET_LIMITS.maxInput)) return labText('init.net.inputWidth', { max: NET_LIMITS.maxInput, got: String(c.inputSize) });
  if (!Array.isArray(c.widths) || c.widths.length < 1 || c.widths.length > NET_LIMITS.maxLayers) {
    return labText('init.net.layers', { max: NET_LIMITS.maxLayers, got: Array.isArray(c.widths) ? c.widths.length : 0 });
  }
  const bad = c.widths.find((w) => !isInt(w, 1, NET_LIMITS.maxWidth));
  if (bad !== undefined) return labText('init.net.units', { max: NET_LIMITS.maxWidth, got: String(bad) });
  if (!isInt(c.batch, 2, NET_LIMITS.maxBatch)) return labText('init.net.batch', { max: NET_LIMITS.maxBatch, got: String(c.batch) });
  if (c.activation !== 'tanh' && c.activation !== 'relu') return labText('init.net.activation', { got: String(c.activation) });
  if (c.batchNorm !== undefined && typeof c.batchNorm !== 'boolean') return labText('init.net.batchNorm', { got: String(c.batchNorm) });
  const total = c.batch * (c.inputSize + c.widths.reduce((s, w) => s + w, 0));
  if (total > NET_LIMITS.maxActivations) {
    return labText('init.net.tooBig', { total: total.toLocaleString('en-US'), max: NET_LIMITS.maxActivations.toLocaleString('en-US') });
  }
  return undefined;
}

/** Standard deviation the registry gives an initializer for a layer (0 for zeros; undefined for ones). */
export function initStd(spec: InitializerSpec, fanIn: number, fanOut: number): number | undefined {
  const def = INITIALIZERS.find((d) => d.name === spec.name);
  if (!def?.std) return undefined;
  const arg = spec.name === 'normal' ? spec.std : spec.name === 'uniform' ? spec.limit : undefined;
  return def.std(fanIn, fanOut, arg);
}

export const HIST_BINS = 40;

export interface LayerStats {
  mean: number;
  std: number;
  meanAbs: number;
  /** Fraction of outputs with |h| > 0.99 (tanh saturated) or h = 0 (ReLU off). */
  saturated: number;
  /** Histogram range and counts (HIST_BINS bins). */
  lo: number;
  hi: number;
  counts: number[];
  /** Frobenius norm of dL/dW for this layer's weights. */
  gradNorm: number;
}

export interface LabResult {
  config: NetConfig;
  init: InitializerSpec;
  layers: LayerStats[];
  /** Wall time of the recompute, from the first op to the data on the CPU. */
  ms: number;
  /**
   * Of that, the CPU side: drawing, uploading and dispatching every op (on the engine's thread).
   * The rest is waiting for the backend, so on a GPU this part is the floor of the recompute time.
   */
  dispatchMs: number;
  backend: string;
}

export interface SymmetryResult {
  steps: number;
  /** Distinct unit values per hidden layer at the start and after the training steps. */
  distinctBefore: number[];
  distinctAfter: number[];
  lossBefore: number;
  lossAfter: number;
}
