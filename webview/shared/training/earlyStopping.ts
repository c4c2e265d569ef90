/**
 * Early stopping's decision, epoch by epoch, apart from the weights (./trainer.ts keeps those):
 * an epoch improves when its validation loss is below the best by more than `minDelta` (Keras's
 * test, keras/src/callbacks/early_stopping.py _is_improvement); after `patience` epochs without
 * one, training stops. The exported PyTorch script's BestEpoch class (src/core/export/pytorchRuntime.ts)
 * decides the same way. Pure.
 */
export type EarlyStoppingStep = 'improved' | 'wait' | 'stop';

export class EarlyStoppingWatch {
  best: { epoch: number; valLoss: number } | undefined;
  sinceBest = 0;

  constructor(readonly patience: number, readonly minDelta: number) {}

  /** The verdict after `epoch` with this validation loss (NaN never improves). */
  observe(epoch: number, valLoss: number): EarlyStoppingStep {
    if (!this.best ? !Number.isNaN(valLoss) : valLoss < this.best.valLoss - this.minDelta) {
      this.best = { epoch, valLoss };
      this.sinceBest = 0;
      return 'improved';
    }
    this.sinceBest += 1;
    return this.sinceBest >= this.patience ? 'stop' : 'wait';
  }
}
