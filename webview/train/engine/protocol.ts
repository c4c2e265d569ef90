/**
 * Messages between the Train panel's page and its TF.js engine (./engine.ts), which builds the
 * model, trains it, evaluates it, races the backends and reads the weights in a Web Worker, so
 * a batch (0.8 s on the CPU backend for the lecture CNN) never freezes the panel. Both sides
 * check what they receive with the parsers here, which rebuild every message field by field:
 * the page drops anything malformed, the engine answers it with a `failed` message.
 */
import {
  isArrayOf, isBoolean, isEnvelope, isFiniteNumber, isInteger, isNonNegativeInteger, isOneOf, isPositiveInteger, isRecord, isShape, isString,
} from '../../../src/protocol/common';
import {
  parseExportHypers, parseExportSchedule, parseTrainLayer, parseTrainSpec, parseWeightPayloads, type TrainLayer, type TrainSpec, type WeightPayload,
} from '../../../src/protocol/train';
import { LANGS, type Lang } from '../../../src/core/i18n/lang';
import type { Extent } from '../draw';
import { parseRaceResults, type RaceResult } from '../raceStats';
import { parseInputNorm, type InputNorm } from '../../shared/training/inputNorm';
import {
  OPTIMIZERS, type BackendName, type BatchReport, type DeadReluReading, type EpochReport, type LossMode, type OptimizerName, type RestoredBest, type TrainOutcome, type TrainSettings,
} from '../../shared/training/trainConfig';

/** The bundle the engine ships in (dist/webview/), and the global it sets when loaded into the page. */
export const TRAIN_ENGINE_SCRIPT = 'train-engine.js';
export const PAGE_TRAIN_ENGINE_GLOBAL = 'netlensCreateTrainEngine';

export type EngineWhere = 'worker' | 'page';
const isWhere = isOneOf<EngineWhere>(['worker', 'page']);
export const isBackendName = isOneOf<BackendName>(['webgl', 'wasm', 'cpu']);
const isPreference = isOneOf<'auto' | BackendName>(['auto', 'webgl', 'wasm', 'cpu']);
const isOptimizer = isOneOf<OptimizerName>(OPTIMIZERS.map((o) => o.id));
const isLossMode = isOneOf<LossMode>(['softmax', 'logits', 'sigmoid']);
const isLang = isOneOf<Lang>(LANGS);
/** A statistic may be NaN or ±Infinity (a diverged run); it must still be a number. */
const isNumber = (v: unknown): v is number => typeof v === 'number';

/** The samples the engine trains on: a slice of webview/shared/training/datasets.ts Dataset (pure data). */
export interface EngineDataset {
  kind: 'points' | 'images';
  count: number;
  sampleShape: number[];
  numClasses: number;
  /** count × prod(sampleShape) values. */
  xs: Float32Array;
  /** count class indices. */
  labels: Uint8Array;
}

export interface MemoryReport {
  numTensors: number;
  numBytes: number;
  /** WebGL only. */
  numBytesInGPU?: number;
}

// ---- page -> engine ----------------------------------------------------------------------------

/** Sent once. `renderer`: the page's WebGL renderer (the worker's WebGL is the same GPU); absent without WebGL. */
export interface StartMessage { type: 'start'; wasmBase?: string; renderer?: string; lang?: Lang }
/** The page's language (the engine's texts: backend errors, weights problems, follow it). */
export interface LangMessage { type: 'lang'; lang: Lang }
/** Pick the backend to train this model on (one real training step on each candidate). */
export interface ChooseMessage { type: 'choose'; id: number; preference: 'auto' | BackendName; inputShape: number[]; layers: TrainLayer[] }
/** Build the model with fresh seeded weights (replacing the one built before). */
export interface BuildMessage { type: 'build'; id: number; inputShape: number[]; layers: TrainLayer[]; seed: number }
/** Train the model built last, from fresh weights, on `dataset`; reports stream back under `id`. */
export interface TrainMessage {
  type: 'train'; id: number; dataset: EngineDataset; settings: TrainSettings; lossMode: LossMode;
  /** Measure dead ReLU units on a fixed probe batch as the run goes. */
  watchDeadRelu: boolean;
  /** "Normalize inputs": training, evaluation and the boundary grid see (x − mean)/std (absent: off). */
  inputNorm?: InputNorm;
}
export interface RaceMessage {
  type: 'race'; id: number; inputShape: number[]; layers: TrainLayer[];
  settings: { optimizer: OptimizerName; learningRate: number; batchSize: number };
  numClasses: number; batchesPerRound: number; rounds: number;
}
/**
 * The learning-rate range test (webview/shared/tf/lrFinder.ts) on the model built last, from its
 * seeded initial weights (trained weights are set aside), with `settings`' optimizer and batch
 * size; the model's weights are put back afterwards.
 */
export interface FindLrMessage { type: 'findLr'; id: number; dataset: EngineDataset; settings: TrainSettings; lossMode: LossMode }
/** The trained weights in the export's layout (src/core/export/layout.ts). */
export interface WeightsMessage { type: 'weights'; id: number; spec: TrainSpec }
/** Control of the running training or race, heard between batches. */
export interface PauseMessage { type: 'pause'; paused: boolean }
export interface StopMessage { type: 'stop' }


// ---- compare runs (./compare.ts) ---------------------------------------------------------------

/** Variants one compare may run. */
export const MAX_COMPARE_VARIANTS = 8;

/** One run of a compare: what it changes from the panel's settings. */
export interface CompareVariant {
  /** Shown in the legend and the table. */
  label: string;
  optimizer: OptimizerName;
  learningRate: number;
  /** Train the spec with batch normalization inserted after each conv2d/dense but the output layer. */
  batchNorm: boolean;
  /** Normalize the inputs with these training-split statistics (absent: the data as it is). */
  inputNorm?: InputNorm;
}

/** Train the spec once per variant, all from the same initial weights (`seed`) and on the same batches. */
export interface CompareMessage {
  type: 'compare'; id: number; inputShape: number[]; layers: TrainLayer[]; dataset: EngineDataset;
  /** Batch size, epochs, validation split and the batch order's seed, common to every variant. */
  settings: TrainSettings; lossMode: LossMode; seed: number; variants: CompareVariant[];
}

/**
 * The overfitting demo (./overfitDemo.ts): each run trains its layers with its settings from the
 * first run's initial weights; reports stream back as demoEpoch and demoRun, the answer is demoDone.
 */
export interface OverfitDemoMessage {
  type: 'overfitDemo'; id: number; dataset: EngineDataset; inputShape: number[]; lossMode: LossMode; seed: number;
  runs: { layers: TrainLayer[]; settings: TrainSettings }[];
}

export type ToTrainEngine = StartMessage | LangMessage | ChooseMessage | BuildMessage | TrainMessage | RaceMessage | WeightsMessage | PauseMessage | StopMessage | OverfitDemoMessage | FindLrMessage | CompareMessage;
/** The requests (answered under their id), as the page sends them before an id is given. */
export type TrainEngineRequest = Omit<ChooseMessage, 'id'> | Omit<BuildMessage, 'id'> | Omit<TrainMessage, 'id'> | Omit<RaceMessage, 'id'> | Omit<WeightsMessage, 'id'>
  | Omit<OverfitDemoMessage, 'id'> | Omit<FindLrMessage, 'id'> | Omit<CompareMessage, 'id'>;

// ---- engine -> page ----------------------------------------------------------------------------

export interface StartedMessage { type: 'started'; where: EngineWhere }
export interface ChosenMessage { type: 'chosen'; id: number; name: BackendName; reason: string; cannotTrain?: string }
export interface BuiltMessage {
  type: 'built'; id: number; backend: BackendName; totalParams: number;
  layers: { outputShape: number[]; params: number }[]; memory: MemoryReport;
}
export interface BatchMessage { type: 'batch'; id: number; report: BatchReport; memory: MemoryReport }
export interface EpochMessage { type: 'epoch'; id: number; report: EpochReport; memory: MemoryReport }
export interface PausedMessage { type: 'paused'; id: number; paused: boolean }
export interface DeadReluMessage { type: 'deadRelu'; id: number; reading: DeadReluReading; samples: number; ms: number }
export interface DeadReluFailedMessage { type: 'deadReluFailed'; id: number; message: string }
export interface BoundaryMessage { type: 'boundary'; id: number; probs: Float32Array; gridSize: number; numClasses: number; extent: Extent }
/** Predicted and true classes of samples [from, from + labels.length). */
export interface Evaluation {
  accuracy: number; from: number; on: 'validation' | 'training'; predictions: Uint8Array; labels: Uint8Array;
  /** The data loss on those samples (after early stopping's restore: the best epoch's validation loss). */
  loss?: number;
}
export interface TrainedMessage {
  type: 'trained'; id: number; outcome: TrainOutcome;
  /** Training batches run. */
  steps: number;
  /** Batches done when the engine heard Stop (set when it did): no batch starts after it. */
  stopHeardAt?: number;
  evaluation?: Evaluation;
  memory: MemoryReport;
}
export interface RaceUpdateMessage { type: 'raceUpdate'; id: number; results: RaceResult[] }
export interface RaceProgressMessage { type: 'raceProgress'; id: number; text: string }
export interface RaceDoneMessage { type: 'raceDone'; id: number; results: RaceResult[]; stopped: boolean; memory: MemoryReport }
export interface WeightsResultMessage {
  type: 'weightsResult'; id: number;
  result: { ok: true; weights: WeightPayload[] } | { ok: false; message: string };
}
/** A compare's variant is built with the shared initial weights (their fingerprint) and starts training. */
export interface CompareStartMessage { type: 'compareStart'; id: number; variant: number; weightsFingerprint: string; params: number }
export interface CompareBatchMessage { type: 'compareBatch'; id: number; variant: number; report: BatchReport }
export interface CompareEpochMessage { type: 'compareEpoch'; id: number; variant: number; report: EpochReport; memory: MemoryReport }
/** The last epoch's means: what the results table shows. */
export interface CompareFinal { loss: number; accuracy: number; valLoss?: number; valAccuracy?: number }
export interface CompareResultMessage {
  type: 'compareResult'; id: number; variant: number; outcome: TrainOutcome;
  /** Hash of every batch's sample indices, in order: equal for every variant. */
  batchesFingerprint: string;
  final?: CompareFinal;
  /** TF.js tensors before the variant's model was built and after it was disposed. */
  tensorsBefore: number; tensorsAfter: number;
}
export interface CompareDoneMessage { type: 'compareDone'; id: number; stopped: boolean; memory: MemoryReport }

/** One demo run's end: accuracy and loss on its training and validation samples, in inference mode. */
export interface DemoResult {
  trainAccuracy: number; valAccuracy: number; trainLoss: number; valLoss: number;
  /** Epochs trained; with early stopping, `restoredEpoch` is the epoch whose weights were measured. */
  epochs: number; restoredEpoch?: number;
}
export interface DemoEpochMessage { type: 'demoEpoch'; id: number; run: number; report: EpochReport }
export interface DemoRunMessage { type: 'demoRun'; id: number; run: number; result: DemoResult }
export interface DemoDoneMessage { type: 'demoDone'; id: number; stopped: boolean; memory: MemoryReport }
/** The range test's progress: batch `batch` (1-based) of at most `total`, at rate `lr`. */
export interface LrProgressMessage { type: 'lrProgress'; id: number; batch: number; total: number; lr: number }
export interface LrRangeResult {
  rates: number[];
  losses: number[];
  smoothed: number[];
  /** Batch where the smoothed loss passed 4× its best (the test stopped there). */
  stoppedAt?: number;
  suggestion?: { index: number; lr: number };
}
/** The range test's answer: `restored` says every weight is byte for byte what it was before. */
/**
 * `start`: the weights the test ran from, always the model's seeded initial ones (the build Start
 * and Compare begin from): their fingerprint (./compare.ts bytesFingerprint, as Compare shows it),
 * and whether the model held other (trained) weights, set aside for the test and put back after.
 */
export interface LrFoundMessage {
  type: 'lrFound'; id: number; result?: LrRangeResult; stopped: boolean; restored: boolean; memory: MemoryReport;
  start: { seed: number; fingerprint: string; setAside: boolean };
}
/** The engine could not start (no id) or could not answer request `id`. */
export interface FailedMessage { type: 'failed'; id?: number; message: string }

export type FromTrainEngine =
  | StartedMessage | ChosenMessage | BuiltMessage | BatchMessage | EpochMessage | PausedMessage | DeadReluMessage
  | DeadReluFailedMessage | BoundaryMessage | TrainedMessage | RaceUpdateMessage | RaceProgressMessage | RaceDoneMessage
  | WeightsResultMessage | FailedMessage | DemoEpochMessage | DemoRunMessage | DemoDoneMessage | LrProgressMessage | LrFoundMessage
  | CompareStartMessage | CompareBatchMessage | CompareEpochMessage | CompareResultMessage | CompareDoneMessage;

// ---- parsers -----------------------------------------------------------------------------------

const shapeSize = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function parseLayers(v: unknown): TrainLayer[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: TrainLayer[] = [];
  for (const raw of v) {
    const layer = parseTrainLayer(raw);
    if (!layer) return undefined;
    out.push(layer);
  }
  return out;
}

export function parseEngineDataset(v: unknown): EngineDataset | undefined {
  if (!isRecord(v) || (v.kind !== 'points' && v.kind !== 'images') || !isPositiveInteger(v.count) || !isShape(v.sampleShape)) return undefined;
  if (!isPositiveInteger(v.numClasses) || v.numClasses > 255) return undefined;
  if (!(v.xs instanceof Float32Array) || v.xs.length !== v.count * shapeSize(v.sampleShape)) return undefined;
  if (!(v.labels instanceof Uint8Array) || v.labels.length !== v.count) return undefined;
  const numClasses = v.numClasses;
  if (v.labels.some((l) => l >= numClasses)) return undefined;
  return { kind: v.kind, count: v.count, sampleShape: [...v.sampleShape], numClasses, xs: v.xs, labels: v.labels };
}

export function parseTrainSettings(v: unknown): TrainSettings | undefined {
  if (!isRecord(v) || !isOptimizer(v.optimizer) || !isFiniteNumber(v.learningRate) || !(v.learningRate > 0)) return undefined;
  if (!isPositiveInteger(v.batchSize) || !isPositiveInteger(v.epochs) || !isFiniteNumber(v.validationSplit) || v.validationSplit < 0 || v.validationSplit >= 1) return undefined;
  if (!isInteger(v.seed)) return undefined;
  const regularization = parseRegularizationSettings(v);
  if (!regularization) return undefined;
  const hypers = v.hypers === undefined ? undefined : parseExportHypers(v.hypers);
  const schedule = v.schedule === undefined ? undefined : parseExportSchedule(v.schedule);
  if ((v.hypers !== undefined && !hypers) || (v.schedule !== undefined && !schedule)) return undefined;
  return {
    optimizer: v.optimizer, learningRate: v.learningRate, batchSize: v.batchSize, epochs: v.epochs, validationSplit: v.validationSplit, seed: v.seed,
    ...(hypers ? { hypers } : {}), ...(schedule ? { schedule } : {}), ...regularization,
  };
}

// ---- regularization settings (weight decay, early stopping, augmentation): optional, each rebuilt ----

/** The regularization fields of TrainSettings, each absent or valid; undefined when one is malformed. */
export function parseRegularizationSettings(v: Record<string, unknown>): Pick<TrainSettings, 'weightDecay' | 'earlyStopping' | 'augment'> | undefined {
  const out: Pick<TrainSettings, 'weightDecay' | 'earlyStopping' | 'augment'> = {};
  if (v.weightDecay !== undefined) {
    if (!isFiniteNumber(v.weightDecay) || v.weightDecay < 0) return undefined;
    out.weightDecay = v.weightDecay;
  }
  if (v.earlyStopping !== undefined) {
    const e = v.earlyStopping;
    if (!isRecord(e) || !isPositiveInteger(e.patience) || !isFiniteNumber(e.minDelta) || e.minDelta < 0) return undefined;
    out.earlyStopping = { patience: e.patience, minDelta: e.minDelta };
  }
  if (v.augment !== undefined) {
    const a = v.augment;
    if (!isRecord(a) || !isBoolean(a.flip) || !isNonNegativeInteger(a.shift) || a.shift > 64) return undefined;
    out.augment = { flip: a.flip, shift: a.shift };
  }
  return out;
}

function parseRestored(v: unknown): RestoredBest | undefined {
  return isRecord(v) && isPositiveInteger(v.epoch) && isNumber(v.valLoss) && isBoolean(v.stoppedEarly)
    ? { epoch: v.epoch, valLoss: v.valLoss, stoppedEarly: v.stoppedEarly } : undefined;
}

const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every(isNumber);

function parseLrRangeResult(v: unknown): LrRangeResult | undefined {
  if (!isRecord(v) || !isNumberArray(v.rates) || !isNumberArray(v.losses) || !isNumberArray(v.smoothed)) return undefined;
  if (v.losses.length !== v.rates.length || v.smoothed.length !== v.rates.length) return undefined;
  if (v.stoppedAt !== undefined && !(isNonNegativeInteger(v.stoppedAt) && v.stoppedAt < v.rates.length)) return undefined;
  const s = v.suggestion;
  if (s !== undefined && !(isRecord(s) && isNonNegativeInteger(s.index) && s.index < v.rates.length && isFiniteNumber(s.lr) && s.lr > 0)) return undefined;
  return {
    rates: [...v.rates], losses: [...v.losses], smoothed: [...v.smoothed],
    ...(v.stoppedAt !== undefined ? { stoppedAt: v.stoppedAt } : {}),
    ...(isRecord(s) ? { suggestion: { index: s.index as number, lr: s.lr as number } } : {}),
  };
}

export function parseToTrainEngine(raw: unknown): ToTrainEngine | undefined {
  if (!isEnvelope(raw)) return undefined;
  switch (raw.type) {
    case 'start': {
      if (raw.wasmBase !== undefined && !(isString(raw.wasmBase) && raw.wasmBase.length < 2000)) return undefined;
      if (raw.renderer !== undefined && !(isString(raw.renderer) && raw.renderer.length < 2000)) return undefined;
      if (raw.lang !== undefined && !isLang(raw.lang)) return undefined;
      return {
        type: 'start', ...(raw.wasmBase !== undefined ? { wasmBase: raw.wasmBase } : {}), ...(raw.renderer !== undefined ? { renderer: raw.renderer } : {}),
        ...(raw.lang !== undefined ? { lang: raw.lang } : {}),
      };
    }
    case 'lang':
      return isLang(raw.lang) ? { type: 'lang', lang: raw.lang } : undefined;
    case 'pause':
      return isBoolean(raw.paused) ? { type: 'pause', paused: raw.paused } : undefined;
    case 'stop':
      return { type: 'stop' };
  }
  if (!isNonNegativeInteger(raw.id)) return undefined;
  const id = raw.id;
  switch (raw.type) {
    case 'choose': {
      const layers = parseLayers(raw.layers);
      if (!isPreference(raw.preference) || !isShape(raw.inputShape) || !layers) return undefined;
      return { type: 'choose', id, preference: raw.preference, inputShape: [...raw.inputShape], layers };
    }
    case 'build': {
      const layers = parseLayers(raw.layers);
      if (!isShape(raw.inputShape) || !layers || !isInteger(raw.seed)) return undefined;
      return { type: 'build', id, inputShape: [...raw.inputShape], layers, seed: raw.seed };
    }
    case 'train': {
      const dataset = parseEngineDataset(raw.dataset);
      const settings = parseTrainSettings(raw.settings);
      if (!dataset || !settings || !isLossMode(raw.lossMode) || !isBoolean(raw.watchDeadRelu)) return undefined;
      const inputNorm = raw.inputNorm === undefined ? undefined : parseInputNorm(raw.inputNorm, shapeSize(dataset.sampleShape));
      if (raw.inputNorm !== undefined && !inputNorm) return undefined;
      return { type: 'train', id, dataset, settings, lossMode: raw.lossMode, watchDeadRelu: raw.watchDeadRelu, ...(inputNorm ? { inputNorm } : {}) };
    }
    case 'race': {
      const layers = parseLayers(raw.layers);
      const s = raw.settings;
      if (!isShape(raw.inputShape) || !layers || !isRecord(s) || !isOptimizer(s.optimizer) || !isFiniteNumber(s.learningRate) || !(s.learningRate > 0)) return undefined;
      if (!isPositiveInteger(s.batchSize) || !isPositiveInteger(raw.numClasses) || !isPositiveInteger(raw.batchesPerRound) || !isPositiveInteger(raw.rounds)) return undefined;
      return {
        type: 'race', id, inputShape: [...raw.inputShape], layers,
        settings: { optimizer: s.optimizer, learningRate: s.learningRate, batchSize: s.batchSize },
        numClasses: raw.numClasses, batchesPerRound: raw.batchesPerRound, rounds: raw.rounds,
      };
    }
    case 'weights': {
      const spec = parseTrainSpec(raw.spec);
      return spec ? { type: 'weights', id, spec } : undefined;
    }
    case 'overfitDemo': {
      const dataset = parseEngineDataset(raw.dataset);
      if (!dataset || !isShape(raw.inputShape) || !isLossMode(raw.lossMode) || !isInteger(raw.seed) || !Array.isArray(raw.runs) || raw.runs.length < 1 || raw.runs.length > 8) return undefined;
      const runs = [];
      for (const r of raw.runs as unknown[]) {
        const layers = isRecord(r) ? parseLayers(r.layers) : undefined;
        const settings = isRecord(r) ? parseTrainSettings(r.settings) : undefined;
        if (!layers || !settings) return undefined;
        runs.push({ layers, settings });
      }
      return { type: 'overfitDemo', id, dataset, inputShape: [...raw.inputShape], lossMode: raw.lossMode, seed: raw.seed, runs };
    }
    case 'findLr': {
      const dataset = parseEngineDataset(raw.dataset);
      const settings = parseTrainSettings(raw.settings);
      if (!dataset || !settings || !isLossMode(raw.lossMode)) return undefined;
      return { type: 'findLr', id, dataset, settings, lossMode: raw.lossMode };
    }
    case 'compare':
      return parseCompareMessage(raw, id);
  }
  return undefined;
}

function parseCompareVariant(v: unknown, sampleSize: number): CompareVariant | undefined {
  if (!isRecord(v) || !isString(v.label) || v.label.length > 200 || !isOptimizer(v.optimizer) || !isFiniteNumber(v.learningRate) || !(v.learningRate > 0)) return undefined;
  if (!isBoolean(v.batchNorm)) return undefined;
  const inputNorm = v.inputNorm === undefined ? undefined : parseInputNorm(v.inputNorm, sampleSize);
  if (v.inputNorm !== undefined && !inputNorm) return undefined;
  return { label: v.label, optimizer: v.optimizer, learningRate: v.learningRate, batchNorm: v.batchNorm, ...(inputNorm ? { inputNorm } : {}) };
}

function parseCompareMessage(raw: Record<string, unknown>, id: number): CompareMessage | undefined {
  const layers = parseLayers(raw.layers);
  const dataset = parseEngineDataset(raw.dataset);
  const settings = parseTrainSettings(raw.settings);
  if (!isShape(raw.inputShape) || !layers || !dataset || !settings || !isLossMode(raw.lossMode) || !isInteger(raw.seed)) return undefined;
  if (shapeSize(raw.inputShape) !== shapeSize(dataset.sampleShape)) return undefined;
  if (!Array.isArray(raw.variants) || raw.variants.length === 0 || raw.variants.length > MAX_COMPARE_VARIANTS) return undefined;
  const sampleSize = shapeSize(dataset.sampleShape);
  const variants: CompareVariant[] = [];
  for (const v of raw.variants) {
    const variant = parseCompareVariant(v, sampleSize);
    if (!variant) return undefined;
    variants.push(variant);
  }
  return { type: 'compare', id, inputShape: [...raw.inputShape], layers, dataset, settings, lossMode: raw.lossMode, seed: raw.seed, variants };
}

const isFingerprint = (v: unknown): v is string => isString(v) && /^[0-9a-f]{8,16}$/.test(v);

function parseCompareFinal(v: unknown): CompareFinal | undefined {
  if (!isRecord(v) || !isNumber(v.loss) || !isNumber(v.accuracy)) return undefined;
  if ((v.valLoss !== undefined && !isNumber(v.valLoss)) || (v.valAccuracy !== undefined && !isNumber(v.valAccuracy))) return undefined;
  return { loss: v.loss, accuracy: v.accuracy, ...(v.valLoss !== undefined ? { valLoss: v.valLoss } : {}), ...(v.valAccuracy !== undefined ? { valAccuracy: v.valAccuracy } : {}) };
}

/** The engine's compare messages (`raw` has a valid id). */
function parseCompareReply(raw: Record<string, unknown>, id: number): FromTrainEngine | undefined {
  if (raw.type === 'compareDone') {
    const memory = parseMemory(raw.memory);
    return memory && isBoolean(raw.stopped) ? { type: 'compareDone', id, stopped: raw.stopped, memory } : undefined;
  }
  if (!isNonNegativeInteger(raw.variant) || raw.variant >= MAX_COMPARE_VARIANTS) return undefined;
  const variant = raw.variant;
  switch (raw.type) {
    case 'compareStart':
      return isFingerprint(raw.weightsFingerprint) && isNonNegativeInteger(raw.params)
        ? { type: 'compareStart', id, variant, weightsFingerprint: raw.weightsFingerprint, params: raw.params } : undefined;
    case 'compareBatch': {
      const report = parseBatchReport(raw.report);
      return report ? { type: 'compareBatch', id, variant, report } : undefined;
    }
    case 'compareEpoch': {
      const report = parseEpochReport(raw.report);
      const memory = parseMemory(raw.memory);
      return report && memory ? { type: 'compareEpoch', id, variant, report, memory } : undefined;
    }
    case 'compareResult': {
      const outcome = parseOutcome(raw.outcome);
      const final = raw.final === undefined ? undefined : parseCompareFinal(raw.final);
      if (!outcome || !isFingerprint(raw.batchesFingerprint) || (raw.final !== undefined && !final)) return undefined;
      if (!isNonNegativeInteger(raw.tensorsBefore) || !isNonNegativeInteger(raw.tensorsAfter)) return undefined;
      return {
        type: 'compareResult', id, variant, outcome, batchesFingerprint: raw.batchesFingerprint, ...(final ? { final } : {}),
        tensorsBefore: raw.tensorsBefore, tensorsAfter: raw.tensorsAfter,
      };
    }
  }
  return undefined;
}

function parseDemoResult(v: unknown): DemoResult | undefined {
  if (!isRecord(v) || !isNumber(v.trainAccuracy) || !isNumber(v.valAccuracy) || !isNumber(v.trainLoss) || !isNumber(v.valLoss) || !isNonNegativeInteger(v.epochs)) return undefined;
  if (v.restoredEpoch !== undefined && !isPositiveInteger(v.restoredEpoch)) return undefined;
  return {
    trainAccuracy: v.trainAccuracy, valAccuracy: v.valAccuracy, trainLoss: v.trainLoss, valLoss: v.valLoss, epochs: v.epochs,
    ...(v.restoredEpoch !== undefined ? { restoredEpoch: v.restoredEpoch } : {}),
  };
}

export function parseMemory(v: unknown): MemoryReport | undefined {
  if (!isRecord(v) || !isNonNegativeInteger(v.numTensors) || !isNonNegativeInteger(v.numBytes)) return undefined;
  if (v.numBytesInGPU !== undefined && !isNonNegativeInteger(v.numBytesInGPU)) return undefined;
  return { numTensors: v.numTensors, numBytes: v.numBytes, ...(v.numBytesInGPU !== undefined ? { numBytesInGPU: v.numBytesInGPU } : {}) };
}

function parseBatchReport(v: unknown): BatchReport | undefined {
  if (!isRecord(v)) return undefined;
  const { epoch, batch, step, batchesPerEpoch, samplesDone, samplesTotal, loss, accuracy, epochLoss, epochAccuracy, samplesPerSecond, etaSeconds } = v;
  if (!isPositiveInteger(epoch) || !isPositiveInteger(batch) || !isPositiveInteger(step) || !isPositiveInteger(batchesPerEpoch)) return undefined;
  if (!isNonNegativeInteger(samplesDone) || !isNonNegativeInteger(samplesTotal)) return undefined;
  if (!isNumber(loss) || !isNumber(accuracy) || !isNumber(epochLoss) || !isNumber(epochAccuracy) || !isNumber(samplesPerSecond)) return undefined;
  if (etaSeconds !== undefined && !isNumber(etaSeconds)) return undefined;
  if (v.regLoss !== undefined && !isNumber(v.regLoss)) return undefined;
  if (v.learningRate !== undefined && !(isFiniteNumber(v.learningRate) && v.learningRate >= 0)) return undefined;
  return {
    epoch, batch, step, batchesPerEpoch, samplesDone, samplesTotal, loss, accuracy, epochLoss, epochAccuracy, samplesPerSecond, etaSeconds,
    ...(v.regLoss !== undefined ? { regLoss: v.regLoss } : {}),
    ...(v.learningRate !== undefined ? { learningRate: v.learningRate } : {}),
  };
}

function parseEpochReport(v: unknown): EpochReport | undefined {
  if (!isRecord(v)) return undefined;
  const { epoch, loss, accuracy, valLoss, valAccuracy, seconds, numTensors } = v;
  if (!isPositiveInteger(epoch) || !isNumber(loss) || !isNumber(accuracy) || !isNumber(seconds) || !isNonNegativeInteger(numTensors)) return undefined;
  if ((valLoss !== undefined && !isNumber(valLoss)) || (valAccuracy !== undefined && !isNumber(valAccuracy))) return undefined;
  if (v.regLoss !== undefined && !isNumber(v.regLoss)) return undefined;
  return {
    epoch, loss, accuracy, seconds, numTensors, ...(valLoss !== undefined ? { valLoss } : {}), ...(valAccuracy !== undefined ? { valAccuracy } : {}),
    ...(v.regLoss !== undefined ? { regLoss: v.regLoss } : {}),
  };
}

function parseDeadReluReading(v: unknown): DeadReluReading | undefined {
  if (!isRecord(v) || !isNumber(v.fraction) || !isNonNegativeInteger(v.deadUnits) || !isNonNegativeInteger(v.totalUnits) || !isNonNegativeInteger(v.step)) return undefined;
  if (!Array.isArray(v.layers)) return undefined;
  const layers = [];
  for (const l of v.layers) {
    if (!isRecord(l) || !isString(l.name) || !isNonNegativeInteger(l.dead) || !isNonNegativeInteger(l.total)) return undefined;
    layers.push({ name: l.name, dead: l.dead, total: l.total });
  }
  return { fraction: v.fraction, deadUnits: v.deadUnits, totalUnits: v.totalUnits, layers, step: v.step };
}

function parseOutcome(v: unknown): TrainOutcome | undefined {
  if (!isRecord(v)) return undefined;
  if ((v.status === 'done' || v.status === 'stopped') && isNonNegativeInteger(v.epochs)) {
    if (v.restored === undefined) return { status: v.status, epochs: v.epochs };
    const restored = parseRestored(v.restored);
    return restored ? { status: v.status, epochs: v.epochs, restored } : undefined;
  }
  if (v.status === 'diverged' && isString(v.message) && isPositiveInteger(v.step)) return { status: 'diverged', message: v.message, step: v.step };
  return undefined;
}

function parseEvaluation(v: unknown): Evaluation | undefined {
  if (!isRecord(v) || !isNumber(v.accuracy) || !isNonNegativeInteger(v.from) || (v.on !== 'validation' && v.on !== 'training')) return undefined;
  if (!(v.predictions instanceof Uint8Array) || !(v.labels instanceof Uint8Array) || v.predictions.length !== v.labels.length) return undefined;
  if (v.loss !== undefined && !isNumber(v.loss)) return undefined;
  return { accuracy: v.accuracy, from: v.from, on: v.on, predictions: v.predictions, labels: v.labels, ...(v.loss !== undefined ? { loss: v.loss } : {}) };
}

function parseExtent(v: unknown): Extent | undefined {
  return isRecord(v) && isFiniteNumber(v.x0) && isFiniteNumber(v.x1) && isFiniteNumber(v.y0) && isFiniteNumber(v.y1)
    ? { x0: v.x0, x1: v.x1, y0: v.y0, y1: v.y1 } : undefined;
}

function parseWeightsResult(v: unknown): WeightsResultMessage['result'] | undefined {
  if (!isRecord(v)) return undefined;
  if (v.ok === false) return isString(v.message) ? { ok: false, message: v.message } : undefined;
  const weights = v.ok === true ? parseWeightPayloads(v.weights) : undefined;
  return weights ? { ok: true, weights } : undefined;
}

export function parseFromTrainEngine(raw: unknown): FromTrainEngine | undefined {
  if (!isEnvelope(raw)) return undefined;
  if (raw.type === 'started') return isWhere(raw.where) ? { type: 'started', where: raw.where } : undefined;
  if (raw.type === 'failed') {
    if (!isString(raw.message) || (raw.id !== undefined && !isNonNegativeInteger(raw.id))) return undefined;
    return raw.id === undefined ? { type: 'failed', message: raw.message } : { type: 'failed', id: raw.id, message: raw.message };
  }
  if (!isNonNegativeInteger(raw.id)) return undefined;
  const id = raw.id;
  switch (raw.type) {
    case 'chosen':
      if (!isBackendName(raw.name) || !isString(raw.reason) || (raw.cannotTrain !== undefined && !isString(raw.cannotTrain))) return undefined;
      return { type: 'chosen', id, name: raw.name, reason: raw.reason, ...(raw.cannotTrain !== undefined ? { cannotTrain: raw.cannotTrain } : {}) };
    case 'built': {
      const memory = parseMemory(raw.memory);
      if (!isBackendName(raw.backend) || !isNonNegativeInteger(raw.totalParams) || !memory || !Array.isArray(raw.layers)) return undefined;
      const layers = [];
      for (const l of raw.layers) {
        if (!isRecord(l) || !isArrayOf(l.outputShape, isInteger) || !isNonNegativeInteger(l.params)) return undefined;
        layers.push({ outputShape: [...l.outputShape], params: l.params });
      }
      return { type: 'built', id, backend: raw.backend, totalParams: raw.totalParams, layers, memory };
    }
    case 'batch': {
      const report = parseBatchReport(raw.report);
      const memory = parseMemory(raw.memory);
      return report && memory ? { type: 'batch', id, report, memory } : undefined;
    }
    case 'epoch': {
      const report = parseEpochReport(raw.report);
      const memory = parseMemory(raw.memory);
      return report && memory ? { type: 'epoch', id, report, memory } : undefined;
    }
    case 'paused':
      return isBoolean(raw.paused) ? { type: 'paused', id, paused: raw.paused } : undefined;
    case 'deadRelu': {
      const reading = parseDeadReluReading(raw.reading);
      return reading && isPositiveInteger(raw.samples) && isNumber(raw.ms) ? { type: 'deadRelu', id, reading, samples: raw.samples, ms: raw.ms } : undefined;
    }
    case 'deadReluFailed':
      return isString(raw.message) ? { type: 'deadReluFailed', id, message: raw.message } : undefined;
    case 'boundary': {
      const extent = parseExtent(raw.extent);
      if (!extent || !isPositiveInteger(raw.gridSize) || !isPositiveInteger(raw.numClasses) || !(raw.probs instanceof Float32Array)) return undefined;
      if (raw.probs.length !== raw.gridSize * raw.gridSize * raw.numClasses) return undefined;
      return { type: 'boundary', id, probs: raw.probs, gridSize: raw.gridSize, numClasses: raw.numClasses, extent };
    }
    case 'trained': {
      const outcome = parseOutcome(raw.outcome);
      const memory = parseMemory(raw.memory);
      const evaluation = raw.evaluation === undefined ? undefined : parseEvaluation(raw.evaluation);
      if (!outcome || !memory || !isNonNegativeInteger(raw.steps) || (raw.evaluation !== undefined && !evaluation)) return undefined;
      if (raw.stopHeardAt !== undefined && !isNonNegativeInteger(raw.stopHeardAt)) return undefined;
      return {
        type: 'trained', id, outcome, steps: raw.steps, memory,
        ...(raw.stopHeardAt !== undefined ? { stopHeardAt: raw.stopHeardAt } : {}),
        ...(evaluation ? { evaluation } : {}),
      };
    }
    case 'raceUpdate': {
      const results = parseRaceResults(raw.results);
      return results ? { type: 'raceUpdate', id, results } : undefined;
    }
    case 'raceProgress':
      return isString(raw.text) ? { type: 'raceProgress', id, text: raw.text } : undefined;
    case 'raceDone': {
      const results = parseRaceResults(raw.results);
      const memory = parseMemory(raw.memory);
      return results && memory && isBoolean(raw.stopped) ? { type: 'raceDone', id, results, stopped: raw.stopped, memory } : undefined;
    }
    case 'weightsResult': {
      const result = parseWeightsResult(raw.result);
      return result ? { type: 'weightsResult', id, result } : undefined;
    }
    case 'compareStart':
    case 'compareBatch':
    case 'compareEpoch':
    case 'compareResult':
    case 'compareDone':
      return parseCompareReply(raw, id);
    case 'demoEpoch': {
      const report = parseEpochReport(raw.report);
      return report && isNonNegativeInteger(raw.run) ? { type: 'demoEpoch', id, run: raw.run, report } : undefined;
    }
    case 'demoRun': {
      const result = parseDemoResult(raw.result);
      return result && isNonNegativeInteger(raw.run) ? { type: 'demoRun', id, run: raw.run, result } : undefined;
    }
    case 'demoDone': {
      const memory = parseMemory(raw.memory);
      return memory && isBoolean(raw.stopped) ? { type: 'demoDone', id, stopped: raw.stopped, memory } : undefined;
    }
    case 'lrProgress':
      if (!isPositiveInteger(raw.batch) || !isPositiveInteger(raw.total) || raw.batch > raw.total || !isFiniteNumber(raw.lr) || !(raw.lr > 0)) return undefined;
      return { type: 'lrProgress', id, batch: raw.batch, total: raw.total, lr: raw.lr };
    case 'lrFound': {
      const memory = parseMemory(raw.memory);
      const result = raw.result === undefined ? undefined : parseLrRangeResult(raw.result);
      const start = isRecord(raw.start) && isInteger(raw.start.seed) && isString(raw.start.fingerprint) && /^[0-9a-f]{16}$/.test(raw.start.fingerprint) && isBoolean(raw.start.setAside)
        ? { seed: raw.start.seed, fingerprint: raw.start.fingerprint, setAside: raw.start.setAside } : undefined;
      if (!memory || !start || !isBoolean(raw.stopped) || !isBoolean(raw.restored) || (raw.result !== undefined && !result)) return undefined;
      return { type: 'lrFound', id, stopped: raw.stopped, restored: raw.restored, memory, start, ...(result ? { result } : {}) };
    }
  }
  return undefined;
}
