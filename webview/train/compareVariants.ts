/**
 * What "Compare" trains (./engine/compare.ts runs it): the variants of each kind of comparison,
 * pure. Optimizers: every chosen one (OPTIMIZERS of ../shared/training/trainConfig.ts) at one
 * learning rate; normalize inputs: off, zero-centre and standardize (the statistics fitted on the
 * training split: ../shared/training/inputNorm.ts); batch normalization: without and with it,
 * each at the learning rate and at 10× (batch normalization lets the larger one train).
 */
import type { Say } from '../../src/core/i18n';
import { NORMALIZE_MODES, type InputNorm, type NormalizeMode } from '../shared/training/inputNorm';
import { OPTIMIZERS, type OptimizerName } from '../shared/training/trainConfig';
import type { CompareVariant } from './engine/protocol';

export type CompareKind = 'optimizers' | 'normalize' | 'batchnorm';
export const COMPARE_KINDS: readonly CompareKind[] = ['optimizers', 'normalize', 'batchnorm'];

/** The lecture's default pair: Adam(0.01) against plain SGD. */
export const DEFAULT_COMPARE_OPTIMIZERS: readonly OptimizerName[] = ['adam', 'sgd'];
export const DEFAULT_COMPARE_LEARNING_RATE = '0.01';
/** The larger learning rate of the batch-normalization comparison, as a multiple of the chosen one. */
export const BN_RATE_FACTOR = 10;

export interface CompareChoice {
  kind: CompareKind;
  /** For 'optimizers': the chosen ones, in any order (run in OPTIMIZERS' order). */
  optimizers: readonly OptimizerName[];
  learningRate: number;
  /** The panel's optimizer (for 'normalize' and 'batchnorm'). */
  optimizer: OptimizerName;
  /** The inputs' normalization per mode: the panel's setting applies to 'optimizers' and 'batchnorm'. */
  norms: Partial<Record<NormalizeMode, InputNorm>>;
  /** The panel's "normalize inputs" setting. */
  normalize: NormalizeMode;
}

const rate = (lr: number) => String(Number(lr.toPrecision(6)));
const optimizerName = (id: OptimizerName) => OPTIMIZERS.find((o) => o.id === id)?.label ?? id;

export function compareVariants(c: CompareChoice, say: Say): CompareVariant[] {
  const panelNorm = c.norms[c.normalize];
  const withNorm = (norm: InputNorm | undefined) => (norm ? { inputNorm: norm } : {});
  switch (c.kind) {
    case 'optimizers':
      return OPTIMIZERS.filter((o) => c.optimizers.includes(o.id)).map((o) => ({
        label: say('train.compare.variantRate', { name: optimizerName(o.id), lr: rate(c.learningRate) }),
        optimizer: o.id, learningRate: c.learningRate, batchNorm: false, ...withNorm(panelNorm),
      }));
    case 'normalize':
      return NORMALIZE_MODES.map((mode) => ({
        label: say(`train.normalize.${mode}` as const),
        optimizer: c.optimizer, learningRate: c.learningRate, batchNorm: false, ...withNorm(c.norms[mode]),
      }));
    case 'batchnorm':
      return [c.learningRate, c.learningRate * BN_RATE_FACTOR].flatMap((lr) => [false, true].map((batchNorm) => ({
        label: say(batchNorm ? 'train.compare.withBn' : 'train.compare.withoutBn', { lr: rate(lr) }),
        optimizer: c.optimizer, learningRate: lr, batchNorm, ...withNorm(panelNorm),
      })));
  }
}
