/**
 * The engine's side of the Train panel's overfitting demo (../overfitDemo.ts defines the runs):
 * every run starts from the first run's initial weights (copied, so a dropout layer, which has no
 * weights, changes nothing of them) and sees the same batches (the same seed), trains, and then
 * measures train and validation accuracy in inference mode (no dropout, no augmentation).
 *
 * Kept apart from the Compare mechanism of the Train panel on purpose, small, so the two can be
 * unified later: a run here is (layers, settings), as a compared variant is.
 */
import * as tf from '@tensorflow/tfjs';
import { splitValidation } from '../../shared/training/datasets';
import { buildModel } from '../../shared/training/model';
import { evalBatchSize, evaluate, train, type RunControl } from '../../shared/training/trainer';
import type { DemoResult, FromTrainEngine, OverfitDemoMessage } from './protocol';

export async function runOverfitDemo(msg: OverfitDemoMessage, control: RunControl, post: (m: FromTrainEngine) => void, memory: () => { numTensors: number; numBytes: number }): Promise<void> {
  const { id, dataset: ds, inputShape, runs, lossMode, seed } = msg;
  const first = buildModel(inputShape, runs[0].layers, seed);
  const initial = first.model.getWeights().map((w) => w.clone());
  first.model.dispose();
  let stopped = false;
  try {
    for (let i = 0; i < runs.length && !stopped; i++) {
      const run = runs[i];
      const built = buildModel(inputShape, run.layers, seed);
      try {
        const shapes = built.model.getWeights().map((w) => w.shape.join('x'));
        if (shapes.length !== initial.length || shapes.some((s, k) => s !== initial[k].shape.join('x'))) {
          throw new Error('NetLens: a demo run has other weights than the first run');
        }
        built.model.setWeights(initial);
        const outcome = await train(built.model, ds, lossMode, run.settings, control, {
          onEpoch: (report) => post({ type: 'demoEpoch', id, run: i, report }),
        });
        if (outcome.status === 'stopped' || control.stopRequested) {
          stopped = true;
          break;
        }
        if (outcome.status === 'diverged') throw new Error(outcome.message);
        const nTrain = splitValidation(ds.count, run.settings.validationSplit).train;
        const batchSize = evalBatchSize(run.settings.batchSize);
        const onTrain = await evaluate(built.model, ds, lossMode, 0, nTrain, { batchSize });
        const onVal = await evaluate(built.model, ds, lossMode, nTrain, ds.count, { batchSize });
        if (!onTrain || onTrain === 'stopped' || !onVal || onVal === 'stopped') throw new Error('NetLens: the demo has no validation samples');
        const result: DemoResult = {
          trainAccuracy: onTrain.accuracy, valAccuracy: onVal.accuracy, trainLoss: onTrain.loss, valLoss: onVal.loss, epochs: outcome.epochs,
          ...(outcome.restored ? { restoredEpoch: outcome.restored.epoch } : {}),
        };
        post({ type: 'demoRun', id, run: i, result });
      } finally {
        built.model.dispose();
      }
    }
  } finally {
    tf.dispose(initial);
  }
  post({ type: 'demoDone', id, stopped, memory: memory() });
}
