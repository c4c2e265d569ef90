/**
 * A finished run that did not learn: the loss stayed far above what guessing every class evenly
 * would give, and accuracy is at chance. That is what a too-large learning rate does when the
 * loss does not reach NaN: the softmax (or sigmoid) saturates, its outputs are pinned at 0 and
 * 1, the clipped cross-entropy sits at a constant (−ln ε times the share of wrong answers:
 * 15.11 for SGD at learning rate 50 on MNIST), and the gradients through it vanish. Pure, so
 * unit tests give it numbers.
 */
import type { Say } from '../../src/core/i18n';
import { pageSay } from '../shared/training/pageSay';
import type { LossMode } from '../shared/training/trainConfig';

export interface RunRecord {
  /** Mean training loss of each epoch. */
  epochLoss: readonly number[];
  /** Mean training accuracy of each epoch (0..1). */
  epochAcc: readonly number[];
  numClasses: number;
  mode: LossMode;
  learningRate: number;
  /** Accuracy on held-out (or training) data after the run, when it was evaluated. */
  finalAccuracy?: number;
}

/** The cross-entropy of a model that gives every class the same probability: ln C (ln 2 for one sigmoid). */
export function chanceLoss(numClasses: number, mode: LossMode): number {
  return mode === 'sigmoid' ? Math.LN2 : Math.log(Math.max(2, numClasses));
}

/**
 * Why the run saturated, in words, or undefined when it learned something. Saturated: the last
 * epoch's loss is more than twice the chance loss and accuracy (the final evaluation's, else the
 * last epoch's) is below 1.5 × chance.
 */
export function saturationMessage(r: RunRecord, say: Say = pageSay): string | undefined {
  const loss = r.epochLoss.at(-1);
  if (loss === undefined || !Number.isFinite(loss)) return undefined;
  const classes = r.mode === 'sigmoid' ? 2 : Math.max(2, r.numClasses);
  const chance = chanceLoss(r.numClasses, r.mode);
  const accuracy = r.finalAccuracy ?? r.epochAcc.at(-1) ?? NaN;
  if (!(loss > 2 * chance) || !(accuracy < 1.5 / classes)) return undefined;
  const first = r.epochLoss[0];
  const flat = r.epochLoss.length > 1 && Math.abs(loss - first) <= 0.02 * Math.abs(first);
  const lower = Number((r.learningRate / 100).toPrecision(2));
  return say(flat ? 'train.saturatedStayed' : 'train.saturatedEnded', {
    loss: loss.toFixed(2), chance: chance.toFixed(2), formula: r.mode === 'sigmoid' ? 'ln 2' : `ln ${classes}`,
    accuracy: (accuracy * 100).toFixed(1), classes, rate: r.learningRate, lower,
  });
}
