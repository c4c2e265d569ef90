/**
 * The Train panel's overfitting demo, defined: one small network (DEMO_SPEC) on only
 * DEMO_TRAIN MNIST digits, trained as it is and then with each regularizer of the lecture, every
 * run from the same initial weights and the same batches (the engine side: ./engine/overfitDemo.ts).
 * Pure: the runs are built from spec texts through the core, as the editor would build them.
 *
 * Its own small runner on purpose, beside the panel's Compare mechanism: a run here is
 * (layers, settings), so the two can be unified later.
 */
import type { Say } from '../../src/core/i18n';
import { analyze } from '../../src/core';
import { trainSpecFromAnalysis, type TrainLayer } from '../../src/protocol/train';
import type { TrainSettings } from '../shared/training/trainConfig';

export const DEMO_TRAIN = 200;
export const DEMO_VALIDATION = 300;
/** Enough epochs for the unregularized run to fit its 200 digits (train accuracy near 100%). */
export const DEMO_EPOCHS = 30;
export const DEMO_SEED = 1234;
export const DEMO_L2 = 0.1;
export const DEMO_DROPOUT = 0.5;
/** Digits are shifted, never flipped: a mirrored 2 or 7 is not a digit any more. */
export const DEMO_SHIFT = 2;
export const DEMO_PATIENCE = 3;

const specText = (hidden: string, out: string, extra = '') => ['input 28x28x1', 'flatten', `dense 64 activation=relu${hidden}`, ...(extra ? [extra] : []), `dense 10 activation=softmax${out}`].join('\n');

/** The baseline network, as a netspec (shown in the panel). */
export const DEMO_SPEC = specText('', '');

export type DemoRunId = 'baseline' | 'l2' | 'dropout' | 'augment' | 'earlyStopping';

export interface DemoRun {
  id: DemoRunId;
  layers: TrainLayer[];
  settings: TrainSettings;
}

export const DEMO_BASE_SETTINGS: TrainSettings = {
  optimizer: 'adam', learningRate: 0.001, batchSize: 32, epochs: DEMO_EPOCHS,
  // The last DEMO_VALIDATION of the DEMO_TRAIN + DEMO_VALIDATION samples validate (../shared/training/datasets.ts splitValidation).
  validationSplit: DEMO_VALIDATION / (DEMO_TRAIN + DEMO_VALIDATION), seed: 7,
};

function layersOf(text: string): TrainLayer[] {
  const spec = trainSpecFromAnalysis('netlens:overfit-demo.netspec', 'overfit-demo.netspec', analyze(text));
  if (spec.errors.length) throw new Error(`NetLens: the demo spec has errors: ${spec.errors.join('; ')}`);
  return spec.layers;
}

/** The demo's runs in the order they train (the first is the baseline all are compared with). */
export function demoRuns(): DemoRun[] {
  const plain = layersOf(DEMO_SPEC);
  const s = DEMO_BASE_SETTINGS;
  return [
    { id: 'baseline', layers: plain, settings: s },
    { id: 'l2', layers: layersOf(specText(` l2=${DEMO_L2}`, ` l2=${DEMO_L2}`)), settings: s },
    { id: 'dropout', layers: layersOf(specText('', '', `dropout ${DEMO_DROPOUT}`)), settings: s },
    { id: 'augment', layers: plain, settings: { ...s, augment: { flip: false, shift: DEMO_SHIFT } } },
    { id: 'earlyStopping', layers: plain, settings: { ...s, earlyStopping: { patience: DEMO_PATIENCE, minDelta: 0 } } },
  ];
}

/** A run's name in the table and the chart's legend. */
export function demoRunName(id: DemoRunId, say: Say): string {
  switch (id) {
    case 'baseline': return say('train.demo.runBaseline');
    case 'l2': return say('train.demo.runL2', { lambda: String(DEMO_L2) });
    case 'dropout': return say('train.demo.runDropout', { rate: String(DEMO_DROPOUT) });
    case 'augment': return say('train.demo.runAugment', { shift: DEMO_SHIFT });
    case 'earlyStopping': return say('train.demo.runEarlyStopping', { patience: DEMO_PATIENCE });
  }
}

/** Train accuracy minus validation accuracy: how much better the network does on what it memorized. */
export const accuracyGap = (r: { trainAccuracy: number; valAccuracy: number }) => r.trainAccuracy - r.valAccuracy;
