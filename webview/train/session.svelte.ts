/**
 * The Train panel's state and actions (Svelte 5 runes outside a component). Components read
 * these fields and call these methods; the work is done by what the session is made of: the
 * data (./datasetSources.ts), the curves history (./curves.ts), what survives a reload
 * (./persistence.ts), and the TF.js engine (./engine/engine.ts: model, training, evaluation,
 * race, weights), which runs in a Web Worker and reports every batch and epoch
 * (./engineClient.ts). No TF.js on the page. Big arrays (curves, datasets) stay outside
 * Svelte's reactivity; `curvesVersion` tells the charts to redraw.
 */
import { formatBytes } from '../../src/core/format';
import {
  parseHostToTrain, type BackendPreference, type HostToTrain, type TrainSpec, type TrainToHost,
} from '../../src/protocol/train';
import { detectGpu, type GpuInfo } from '../shared/gpu';
import { hostChannel, vscode } from '../shared/vscode';
import { emptyCurves, recordBatch, recordEpoch, type Curves } from './curves';
import { DatasetSources } from './datasetSources';
import { datasetForInput, outputUnits } from '../shared/training/datasetMatch';
import { datasetInfo, splitValidation, type Dataset, type DatasetId } from '../shared/training/datasets';
import { defaultsFor, formExtras, type FormSettings } from './form';
import { restoreSavedState, savedState, type SavedResults } from './persistence';
import { raceRounds, RACE_ROUNDS, type RaceResult } from './raceStats';
import { explainTrainError } from '../shared/training/backendErrors';
import { confusionMatrix, formatDuration } from '../shared/training/stats';
import { exportSettings } from './exportRequest';
import type { ExportTarget } from '../../src/core/export';
import { checkSettings, isDenseOnly, lossModeFor, usesRelu, type BackendName, type DeadReluReading, type LossMode } from '../shared/training/trainConfig';
import { saturationMessage } from './runVerdict';
import { sameModel } from './specChange';
import type { Extent } from './draw';
import { connectTrainEngine, type Progress, type TrainEngineClient } from './engineClient';
import { lang, num, t } from '../shared/i18n.svelte';
import type { EngineWhere, LrFoundMessage, LrRangeResult, MemoryReport, TrainedMessage } from './engine/protocol';
import { checkRegularization, regularizationForm, regularizationSettings } from './regularization';
import { OverfitDemoState } from './overfitDemo.svelte';
import type { RestoredBest } from '../shared/training/trainConfig';
import { fitInputNorm, inputChannels, NORMALIZE_MODES, type InputNorm, type NormalizeMode } from '../shared/training/inputNorm';
import { compareVariants, DEFAULT_COMPARE_LEARNING_RATE, DEFAULT_COMPARE_OPTIMIZERS, type CompareKind } from './compareVariants';
import { compareProgress, emptyCompareLine, recordCompareResult, type CompareLine } from './compareCurves';
import { isValidLearningRate, type OptimizerName } from '../shared/training/trainConfig';

/** The seed the panel builds its model with: Start and Compare begin from the same weights. */
const MODEL_SEED = 1234;

/** A compare as the panel shows it (its curves are in TrainSession.compareLines). */
export interface CompareRunState {
  kind: CompareKind;
  /** The run training now (index into the lines). */
  current: number;
  total: number;
  batchesPerEpoch: number;
  done: boolean;
  stopped: boolean;
}

/** Models above this many parameters are described but not built: the browser would stall. */
export const MAX_TRAIN_PARAMS = 20_000_000;

export type Phase = 'idle' | 'preparing' | 'training' | 'paused' | 'done' | 'stopped' | 'diverged' | 'error';

export type { Curves } from './curves';
export type { FormSettings } from './form';

export interface Results extends SavedResults {
  /** Sample grid (image sets): indices into the dataset with true and predicted class. */
  samples: { index: number; label: number; predicted: number }[];
}

/** Dead ReLU units on the run's probe batch: the first reading (before training) and the latest. */
export interface DeadReluState {
  start: DeadReluReading;
  current: DeadReluReading;
  /** Size of the probe batch (the first training samples). */
  samples: number;
  /** What the latest reading cost, in ms (the schedule keeps readings under a tenth of the run). */
  ms: number;
}

export interface Boundary {
  probs: Float32Array;
  gridSize: number;
  numClasses: number;
  extent: Extent;
}

const settingsPatience = (form: FormSettings) => regularizationForm(form.regularization).patience;

export class TrainSession {
  spec = $state<TrainSpec | null>(null);
  /** A newer spec saved in the editor, offered as "Rebuild". */
  pendingSpec = $state<TrainSpec | null>(null);
  backendPref = $state<BackendPreference>('auto');
  backend = $state<{ name: BackendName; reason: string; gpu: GpuInfo } | null>(null);
  modelInfo = $state<{ params: number; text: string } | null>(null);
  /** Set when the model builds but no backend has its gradients. */
  cannotTrain = $state<string | null>(null);
  form = $state<FormSettings>({ dataset: 'shapes', ...defaultsFor('shapes') });
  phase = $state<Phase>('idle');
  busy = $state<string | null>(null);
  message = $state<{ level: 'info' | 'warn' | 'error'; text: string } | null>(null);
  notes = $state<string[]>([]);
  progress = $state({ samplesDone: 0, samplesTotal: 0, epoch: 0, epochs: 0, batch: 0, batchesPerEpoch: 0, step: 0, eta: undefined as number | undefined, sps: 0, epochSeconds: [] as number[] });
  lastLoss = $state<number | null>(null);
  lastAcc = $state<number | null>(null);
  lastVal = $state<{ loss?: number; acc?: number } | null>(null);
  /** TF.js's memory in the engine, as its latest message reported it. */
  memory = $state({ numTensors: 0, numBytes: 0, numBytesInGPU: 0 as number | undefined });
  /** Where TF.js runs: a Web Worker, or the page where a worker could not start. */
  engineWhere = $state<EngineWhere | null>(null);
  tensorsPerEpoch = $state<number[]>([]);
  /** The built model has a ReLU (from the spec's layer configs): the panel watches for dead units. */
  hasRelu = $state(false);
  deadRelu = $state<DeadReluState | null>(null);
  results = $state<Results | null>(null);
  race = $state<RaceResult[] | null>(null);
  /** Training samples per epoch the race's seconds per epoch are given for. */
  raceEpochSamples = $state(0);
  /** What the race runs now ("round 2 of 3: wasm"); null when it is not running. */
  raceStatus = $state<string | null>(null);
  /** How the last race ended: stopped or not, and the tensors before and after it (the leak check). */
  raceEnd = $state<{ stopped: boolean; tensorsBefore: number; tensorsAfter: number } | null>(null);
  /** Rounds the race runs (the field beside its button). */
  raceRounds = $state<number>(RACE_ROUNDS.default);
  cifarSource = $state<string | null>(null);
  restored = $state(false);
  curvesVersion = $state(0);
  /** The built model holds weights a finished or stopped run trained (Export can carry them). */
  weightsTrained = $state(false);
  boundaryVersion = $state(0);

  // ---- regularization (./regularization.ts) and the overfitting demo (./overfitDemo.svelte.ts) ----
  /** The latest batch's weight penalty; null when the spec has none (or before a run). */
  lastRegLoss = $state<number | null>(null);
  /** Per epoch: data loss, penalty and validation loss, for the data + regularization chart. */
  regCurves: { epoch: number[]; data: number[]; reg: number[]; val: (number | null)[] } = { epoch: [], data: [], reg: [], val: [] };
  /** Early stopping's restored epoch for the last run, with the patience it ran under. */
  restoredBest = $state<(RestoredBest & { patience: number; evaluatedLoss?: number }) | null>(null);
  /** Bumped when `dataset` (outside Svelte's reactivity) was replaced: the augmentation preview redraws. */
  datasetVersion = $state(0);
  readonly demo = new OverfitDemoState(() => this.connect(), () => this.sources.loadMnist(), () => this.running, () => this.engineClient?.stop());

  curves: Curves = emptyCurves();
  boundary: Boundary | null = null;
  dataset: Dataset | null = null;

  /** The engine has a model built from `spec` (its TF.js model lives there). */
  private built = false;
  private lossMode: LossMode = 'softmax';
  /** Stop was asked for the current run (also while its data is still being prepared). */
  private stopRequested = false;
  private pauseRequested = false;
  private engine: Promise<TrainEngineClient> | null = null;
  private engineClient: TrainEngineClient | null = null;
  private readonly sources = new DatasetSources((pick, maxSamples) => this.post({ type: 'loadCifar', pick, maxSamples }));
  private unsubscribe: (() => void) | null = null;
  private readonly channel = hostChannel<HostToTrain, TrainToHost>(parseHostToTrain);
  private backendFor: string | null = null;
  private specQueue: Promise<void> = Promise.resolve();
  private restoredUri: string | undefined;
  private backendCannotTrain: string | null = null;

  /** Restores saved state, installs the listener and sends `ready`. */
  start(): void {
    this.restore(vscode().getState());
    this.unsubscribe = this.channel.listen((m) => this.onHostMessage(m));
    window.addEventListener('pagehide', () => this.dispose());
    this.post({ type: 'ready' });
  }

  dispose(): void {
    this.stopRequested = true;
    this.engineClient?.dispose();
    this.built = false;
    this.unsubscribe?.();
  }

  /**
   * The engine, started on first use: in a worker, else in the page (then the panel says so).
   * An engine that died (its worker crashed, e.g. out of memory) is replaced by a new one, which
   * has no backend chosen and no model built yet.
   */
  private connect(): Promise<TrainEngineClient> {
    if (this.engineClient?.stopped) {
      this.engine = null;
      this.engineClient = null;
      this.backendFor = null;
      this.built = false;
    }
    this.engine ??= connectTrainEngine({ base: document.body.dataset.webviewBase ?? '', renderer: detectGpu(t).renderer }).then((client) => {
      this.engineClient = client;
      this.engineWhere = client.where;
      return client;
    });
    // Each action first tells the engine the page's language (a message only when it changed).
    return this.engine.then((client) => {
      client.language(lang());
      return client;
    });
  }

  private setMemory(m: MemoryReport): void {
    this.memory = { numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: m.numBytesInGPU };
  }

  get running(): boolean {
    return this.phase === 'training' || this.phase === 'paused' || this.phase === 'preparing';
  }

  private post(m: TrainToHost): void {
    this.channel.post(m);
  }

  private status(text: string): void {
    const state = this.phase === 'preparing' ? 'training' : this.phase;
    this.post({ type: 'status', state, backend: this.backend?.name ?? 'none', text });
  }

  private onHostMessage(m: HostToTrain): void {
    switch (m.type) {
      case 'settings':
        if (m.backend !== this.backendPref) {
          this.backendPref = m.backend;
          this.backendFor = null;
          if (this.spec && !this.running) this.queueSpec(this.spec);
        }
        return;
      case 'spec':
        if (m.reason === 'save' && sameModel(this.spec, m.spec)) {
          // Saved without changing the model (or changed back to it): nothing to rebuild.
          this.pendingSpec = null;
          return;
        }
        if (m.reason === 'save' && this.spec && this.spec.uri === m.spec.uri && (this.running || this.curves.batchStep.length > 0)) {
          this.pendingSpec = m.spec;
          return;
        }
        this.queueSpec(m.spec);
        return;
      case 'cifar':
        this.sources.onCifar(m);
        return;
      case 'stop':
        this.requestStop();
        return;
      case 'useSettings':
        // The search panel's best trial (src/panels/searchPanel.ts): used by the next Start.
        this.form = { ...this.form, learningRate: String(Number(m.learningRate.toPrecision(3))), ...(m.batchSize !== undefined ? { batchSize: m.batchSize } : {}) };
        return;
    }
  }

  /** Rebuild with the spec saved in the editor (the banner's button). */
  async acceptPendingSpec(): Promise<void> {
    const spec = this.pendingSpec;
    if (!spec) return;
    if (this.running) await this.stop();
    this.pendingSpec = null;
    this.queueSpec(spec);
  }

  private queueSpec(spec: TrainSpec): void {
    this.specQueue = this.specQueue.then(() => this.applySpec(spec)).catch((err) => this.fail(err));
  }

  /** Shows the spec, picks the backend and builds the model (unless the spec cannot be built). */
  private async applySpec(spec: TrainSpec): Promise<void> {
    const sameFile = this.spec?.uri === spec.uri;
    if (this.spec && !sameFile) {
      // Another spec in the same panel: the previous one's run, banner, notes, curves and
      // results are not this one's.
      if (this.running) await this.stop();
      this.forgetRun();
    }
    this.spec = spec;
    // A restored panel keeps its "restored" note until the student acts.
    if (!this.restored) this.message = null;
    this.cannotTrain = null;
    this.built = false;
    this.modelInfo = null;
    this.hasRelu = false;
    this.deadRelu = null;
    // A restored panel keeps the student's settings for the spec it was restored with.
    if (!sameFile && spec.uri !== this.restoredUri) this.pickDatasetFor(spec);
    this.saveState();
    const problem = this.specProblem(spec);
    if (problem) {
      this.message = { level: 'error', text: problem };
      this.post({ type: 'status', state: 'error', backend: this.backend?.name ?? 'none', text: problem });
      return;
    }
    const input = [...(spec.inputShape as number[])];
    const layers = $state.snapshot(spec.layers) as TrainSpec['layers'];
    const key = `${this.backendPref}|${isDenseOnly(layers)}|${JSON.stringify(layers.map((l) => l.config))}|${input.join('x')}`;
    if (this.backendFor !== key) {
      this.busy = t('train.busy.choosingBackend');
      try {
        const gpu = detectGpu(t);
        const engine = await this.connect();
        const choice = await engine.choose({ preference: this.backendPref, inputShape: input, layers });
        // Said once, beside the reason: without a worker a batch holds up the panel.
        const where = engine.where === 'page' ? ` ${t('train.engine.inPage', { why: engine.note ?? 'no worker' })}` : '';
        this.backend = { name: choice.name, reason: `${choice.reason}${where}`, gpu };
        this.backendFor = key;
        this.backendCannotTrain = choice.cannotTrain ?? null;
      } finally {
        this.busy = null;
      }
    }
    await this.buildModel();
    if (this.backendCannotTrain) {
      this.cannotTrain = this.backendCannotTrain;
      this.message = { level: 'warn', text: this.backendCannotTrain };
    }
  }

  /** Clears everything a run of another spec left: messages, notes, curves, results, race. */
  private forgetRun(): void {
    this.message = null;
    this.restored = false;
    this.notes = [];
    this.pendingSpec = null;
    this.results = null;
    this.race = null;
    this.phase = 'idle';
    this.curves = emptyCurves();
    this.curvesVersion++;
    this.boundary = null;
    this.boundaryVersion++;
    this.lastLoss = null;
    this.lastAcc = null;
    this.lastVal = null;
    this.deadRelu = null;
    this.tensorsPerEpoch = [];
    this.inputNorm = null;
    this.compareRun = null;
    this.compareLines = [];
    this.compareVersion++;
    this.progress = { samplesDone: 0, samplesTotal: 0, epoch: 0, epochs: 0, batch: 0, batchesPerEpoch: 0, step: 0, eta: undefined, sps: 0, epochSeconds: [] };
    this.lastRegLoss = null;
    this.restoredBest = null;
    this.regCurves = { epoch: [], data: [], reg: [], val: [] };
  }

  /** Why this spec cannot be trained, or undefined. */
  private specProblem(spec: TrainSpec): string | undefined {
    if (spec.errors.length) return t('train.spec.hasErrors', { errors: spec.errors.join('\n') });
    if (!spec.inputShape) return t('train.spec.noInput');
    if (spec.layers.length === 0) return t('train.spec.noLayers');
    if (spec.layers.some((l) => !l.outputShape)) return t('train.spec.unknownShapes');
    if (spec.totalParams > MAX_TRAIN_PARAMS) {
      return t('train.spec.tooBig', { params: num(spec.totalParams), limit: num(MAX_TRAIN_PARAMS), bytes: formatBytes(spec.totalParams * 4) });
    }
    return undefined;
  }

  /** Builds the spec's model in the engine (seeded: the same weights every build). */
  private async buildModel(): Promise<void> {
    const spec = this.spec;
    if (!spec?.inputShape) return;
    const layers = $state.snapshot(spec.layers) as TrainSpec['layers'];
    const engine = await this.connect();
    this.built = false;
    const built = await engine.build({ inputShape: [...spec.inputShape], layers, seed: MODEL_SEED });
    this.built = true;
    this.weightsTrained = false;
    this.modelInfo = { params: built.totalParams, text: `${built.totalParams.toLocaleString('en-US')} parameters on ${built.backend}` };
    this.lossMode = lossModeFor(layers).mode;
    this.hasRelu = usesRelu(layers);
    this.post({
      type: 'model', backend: built.backend, totalParams: built.totalParams,
      layers: built.layers.map((d, i) => ({ name: layers[i].name, outputShape: d.outputShape, params: d.params })),
    });
    this.setMemory(built.memory);
  }

  /** Picks the dataset that fits the spec's input. */
  private pickDatasetFor(spec: TrainSpec): void {
    const id = datasetForInput(spec.inputShape, this.form.dataset);
    if (id !== this.form.dataset) this.setDataset(id);
  }

  setDataset(id: DatasetId): void {
    this.form = { ...this.form, dataset: id, ...defaultsFor(id) };
    this.saveState();
  }

  async pickCifarFolder(): Promise<void> {
    try {
      this.busy = t('train.busy.waitingCifar');
      await this.sources.loadCifar(this.form.samples, true);
      this.cifarSource = this.sources.cifarSource;
      this.message = { level: 'info', text: t('train.cifarLoaded', { source: this.cifarSource ?? '' }) };
    } catch (err) {
      this.message = { level: 'error', text: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = null;
    }
  }

  /** Parsed training settings or the message saying what is wrong. */
  settingsProblem(): string | undefined {
    return checkSettings(this.trainSettings(), Math.max(10, this.form.samples))
      ?? checkRegularization(regularizationForm(this.form.regularization), Number(this.form.validationSplit));
  }

  private trainSettings() {
    return {
      optimizer: this.form.optimizer,
      learningRate: Number(this.form.learningRate.trim() === '' ? NaN : this.form.learningRate),
      batchSize: Number(this.form.batchSize),
      epochs: Number(this.form.epochs),
      validationSplit: Number(this.form.validationSplit),
      seed: 7,
      ...regularizationSettings(regularizationForm(this.form.regularization), datasetInfo(this.form.dataset).kind === 'images'),
      ...formExtras($state.snapshot(this.form) as FormSettings),
    };
  }

  // ---- the learning-rate finder and the live rate (webview/shared/tf/lrFinder.ts, schedules) ----

  /** The rate the last batch stepped with (a schedule changes it). */
  currentLr = $state<number | null>(null);
  /** The range test: running (with its progress) or its last result. */
  lrFinder = $state<{
    running: boolean; progress?: { batch: number; total: number; lr: number }; result?: LrRangeResult; stopped?: boolean; restored?: boolean; error?: string;
    /** The weights it tested: the seeded initial ones, and whether trained ones were set aside for it. */
    start?: LrFoundMessage['start'];
  } | null>(null);

  /**
   * "Find learning rate": the range test in the engine, from the model's initial weights (MODEL_SEED,
   * as Start and Compare begin; trained weights are set aside); the weights come back as they were.
   */
  async findLearningRate(): Promise<void> {
    if (this.running || !this.spec || this.lrFinder?.running) return;
    const problem = this.specProblem(this.spec) ?? this.cannotTrain ?? this.settingsProblem();
    if (problem) {
      this.message = { level: 'error', text: problem };
      return;
    }
    const settings = this.trainSettings();
    this.lrFinder = { running: true };
    this.stopRequested = false;
    try {
      const ds = await this.sources.prepare(this.spec, $state.snapshot(this.form) as FormSettings);
      if (this.engineClient?.stopped) await this.applySpec(this.spec);
      const engine = await this.connect();
      if (!this.built) await this.buildModel();
      const lm = lossModeFor(this.spec.layers);
      const found = await engine.findLr({ dataset: ds, settings, lossMode: lm.mode }, (m) => {
        if (m.type === 'lrProgress' && this.lrFinder) this.lrFinder = { ...this.lrFinder, progress: { batch: m.batch, total: m.total, lr: m.lr } };
      });
      this.setMemory(found.memory);
      this.lrFinder = { running: false, result: found.result, stopped: found.stopped, restored: found.restored, start: found.start };
    } catch (err) {
      this.lrFinder = { running: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** "Use this rate": the suggestion goes into the learning-rate field. */
  useSuggestedRate(): void {
    const lr = this.lrFinder?.result?.suggestion?.lr;
    if (lr === undefined) return;
    this.form.learningRate = String(Number(lr.toPrecision(2)));
    this.saveState();
  }

  async startTraining(): Promise<void> {
    if (this.running || !this.spec || this.demo.running) return;
    const problem = this.specProblem(this.spec) ?? this.cannotTrain ?? this.settingsProblem();
    if (problem) {
      this.message = { level: 'error', text: problem };
      return;
    }
    const settings = this.trainSettings();
    this.phase = 'preparing';
    this.message = null;
    this.notes = [];
    this.results = null;
    this.restored = false;
    this.stopRequested = false;
    this.pauseRequested = false;
    try {
      this.busy = t('train.busy.preparingData');
      const ds = await this.sources.prepare(this.spec, $state.snapshot(this.form) as FormSettings);
      this.cifarSource = this.sources.cifarSource;
      this.dataset = ds;
      this.datasetVersion++;
      this.busy = null;
      const lm = lossModeFor(this.spec.layers);
      this.notes = [...ds.notes, ...(lm.note ? [lm.note] : [])];
      const inputNorm = this.inputNormFor(ds, settings.validationSplit, this.form.normalize ?? 'off');
      this.inputNorm = inputNorm ?? null;
      if (this.engineClient?.stopped) await this.applySpec(this.spec);
      const engine = await this.connect();
      if (!this.built) await this.buildModel();
      const { train: nTrain } = splitValidation(ds.count, settings.validationSplit);
      this.curves = emptyCurves();
      this.curvesVersion++;
      this.tensorsPerEpoch = [];
      this.progress = { samplesDone: 0, samplesTotal: nTrain * settings.epochs, epoch: 0, epochs: settings.epochs, batch: 0, batchesPerEpoch: Math.ceil(nTrain / Math.min(settings.batchSize, nTrain)), step: 0, eta: undefined, sps: 0, epochSeconds: [] };
      this.lastLoss = null;
      this.lastAcc = null;
      this.lastVal = null;
      this.deadRelu = null;
      this.boundary = null;
      this.lastRegLoss = null;
      this.restoredBest = null;
      this.regCurves = { epoch: [], data: [], reg: [], val: [] };
      if (this.stopRequested) {
        this.phase = 'stopped';
        this.message = { level: 'info', text: t('train.run.stoppedBeforeFirstBatch') };
        this.status(t('train.run.stoppedBeforeFirstBatch'));
        return;
      }
      this.phase = 'training';
      this.status(t('train.status.training', { file: this.spec.fileName, dataset: ds.id }));
      let lastDraw = 0;
      const onProgress = (m: Progress) => {
        switch (m.type) {
          case 'batch': {
            const r = m.report;
            recordBatch(this.curves, r.step, r.loss, r.accuracy);
            if (r.learningRate !== undefined) this.currentLr = r.learningRate;
            // The tiles show what Keras's fit prints: the epoch's running means, not this batch.
            this.lastLoss = r.epochLoss;
            this.lastAcc = r.epochAccuracy;
            this.lastRegLoss = r.regLoss ?? null;
            this.progress = { ...this.progress, samplesDone: r.samplesDone, epoch: r.epoch, batch: r.batch, batchesPerEpoch: r.batchesPerEpoch, step: r.step, eta: r.etaSeconds, sps: r.samplesPerSecond };
            const now = performance.now();
            if (now - lastDraw > 150) {
              lastDraw = now;
              this.curvesVersion++;
              this.setMemory(m.memory);
            }
            return;
          }
          case 'epoch': {
            const r = m.report;
            recordEpoch(this.curves, r.epoch * this.progress.batchesPerEpoch, r);
            if (r.regLoss !== undefined) {
              this.regCurves.epoch.push(r.epoch);
              this.regCurves.data.push(r.loss);
              this.regCurves.reg.push(r.regLoss);
              this.regCurves.val.push(r.valLoss ?? null);
            }
            this.lastVal = r.valLoss === undefined ? null : { loss: r.valLoss, acc: r.valAccuracy };
            this.progress = { ...this.progress, epochSeconds: [...this.progress.epochSeconds, r.seconds] };
            this.tensorsPerEpoch = [...this.tensorsPerEpoch, r.numTensors];
            this.curvesVersion++;
            this.setMemory(m.memory);
            const epochArgs = { epoch: r.epoch, epochs: settings.epochs, loss: r.loss.toFixed(4), accuracy: (r.accuracy * 100).toFixed(1), duration: formatDuration(r.seconds) };
            this.status(r.valAccuracy !== undefined
              ? t('train.status.epochValidation', { ...epochArgs, validation: (r.valAccuracy * 100).toFixed(1) })
              : t('train.status.epoch', epochArgs));
            this.saveState();
            return;
          }
          case 'paused':
            if (this.phase === 'training' || this.phase === 'paused') this.phase = m.paused ? 'paused' : 'training';
            return;
          case 'deadRelu':
            this.deadRelu = { start: this.deadRelu?.start ?? m.reading, current: m.reading, samples: m.samples, ms: m.ms };
            return;
          case 'deadReluFailed':
            this.notes = [...this.notes, t('train.deadRelu.failed', { detail: m.message })];
            return;
          case 'boundary':
            this.boundary = { probs: m.probs, gridSize: m.gridSize, numClasses: m.numClasses, extent: m.extent };
            this.boundaryVersion++;
            return;
        }
      };
      const trained = await engine.train({
        // A copy goes to the engine; the page keeps the dataset to draw samples and points.
        dataset: { kind: ds.kind, count: ds.count, sampleShape: [...ds.sampleShape], numClasses: ds.numClasses, xs: ds.xs, labels: ds.labels },
        settings, lossMode: this.lossMode, watchDeadRelu: this.hasRelu, ...(inputNorm ? { inputNorm } : {}),
      }, onProgress);
      this.finishRun(trained, ds, settings.learningRate);
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = null;
      this.saveState();
    }
  }

  private finishRun(trained: TrainedMessage, ds: Dataset, learningRate: number): void {
    const { outcome } = trained;
    this.setMemory(trained.memory);
    this.curvesVersion++;
    if (outcome.status === 'diverged') {
      this.phase = 'diverged';
      this.message = { level: 'error', text: outcome.message };
      this.status(outcome.message);
      return;
    }
    this.phase = outcome.status;
    this.weightsTrained = true;
    // evaluatedLoss: the engine's evaluation after the restore (on validation: the best epoch's loss again).
    this.restoredBest = outcome.restored
      ? { ...outcome.restored, patience: settingsPatience(this.form), ...(trained.evaluation?.loss !== undefined ? { evaluatedLoss: trained.evaluation.loss } : {}) }
      : null;
    const ev = trained.evaluation;
    if (ev) {
      const confusion = confusionMatrix(ev.labels, ev.predictions, ds.numClasses);
      const samples = ds.kind === 'images'
        ? Array.from({ length: Math.min(24, ev.labels.length) }, (_, i) => ({ index: ev.from + i, label: ev.labels[i], predicted: ev.predictions[i] }))
        : [];
      this.results = { classNames: ds.classNames, confusion, accuracy: ev.accuracy, on: ev.on, samples };
    }
    const done = outcome.status === 'done';
    const accuracy = ev ? (ev.accuracy * 100).toFixed(1) : '';
    const text = !ev ? t(done ? 'train.run.finished' : 'train.run.stopped', { epochs: outcome.epochs })
      : ev.on === 'validation'
        ? t(done ? 'train.run.finishedOnValidation' : 'train.run.stoppedOnValidation', { epochs: outcome.epochs, accuracy })
        : t(done ? 'train.run.finishedOnTraining' : 'train.run.stoppedOnTraining', { epochs: outcome.epochs, accuracy });
    // A finite loss can still be a diverged run: a saturated softmax learns nothing.
    const saturated = saturationMessage({
      epochLoss: this.curves.epochLoss, epochAcc: this.curves.epochAcc, numClasses: ds.numClasses,
      mode: this.lossMode, learningRate, finalAccuracy: ev?.accuracy,
    });
    if (saturated) {
      this.phase = 'diverged';
      this.message = { level: 'error', text: t('train.run.saturated', { verdict: saturated, outcome: text }) };
      this.status(saturated);
    } else {
      this.message = { level: 'info', text };
      this.status(text);
    }
  }

  private fail(err: unknown): void {
    let text = err instanceof Error ? err.message : String(err);
    if (this.backend?.name === 'webgl' && /webgl|context|texture|shader/i.test(text)) {
      // A GPU that drops its context mid-run (driver reset, sleep) should not leave the student stuck.
      text = t('train.webglLost', { explanation: explainTrainError('webgl', text, t) });
    }
    this.phase = 'error';
    this.busy = null;
    this.message = { level: 'error', text };
    this.post({ type: 'status', state: 'error', backend: this.backend?.name ?? 'none', text });
  }

  /**
   * Pause or resume. The phase follows the engine's 'paused' reports: it holds before its next
   * batch, so a batch already running still reports before the panel says "paused".
   */
  togglePause(): void {
    if (this.phase !== 'training' && this.phase !== 'paused') return;
    this.pauseRequested = !this.pauseRequested;
    this.engineClient?.pause(this.pauseRequested);
  }

  /** Asks the running training or race to stop: the engine hears it before its next batch. */
  private requestStop(): void {
    this.stopRequested = true;
    this.pauseRequested = false;
    this.engineClient?.stop();
  }

  async stop(): Promise<void> {
    this.requestStop();
    // The engine checks between batches; wait until the run has ended.
    for (let i = 0; i < 400 && this.running; i++) await new Promise((r) => setTimeout(r, 25));
  }

  async runRace(): Promise<void> {
    if (this.running || !this.spec || this.specProblem(this.spec) || this.cannotTrain || !this.backend) return;
    const problem = this.settingsProblem();
    if (problem) {
      this.message = { level: 'error', text: problem };
      return;
    }
    const spec = this.spec;
    const outputs = Math.max(1, outputUnits(spec));
    const s = this.trainSettings();
    const rounds = raceRounds(this.raceRounds);
    this.raceRounds = rounds;
    this.race = [];
    this.raceEnd = null;
    this.raceEpochSamples = splitValidation(Math.max(10, this.form.samples), s.validationSplit).train;
    this.stopRequested = false;
    this.phase = 'preparing';
    this.raceStatus = t('train.race.starting');
    const tensorsBefore = this.memory.numTensors;
    let finished = false;
    try {
      const engine = await this.connect();
      const layers = $state.snapshot(spec.layers) as TrainSpec['layers'];
      const heavy = layers.some((l) => l.config.kind === 'conv2d');
      const outcome = await engine.race({
        inputShape: [...(spec.inputShape as number[])], layers,
        settings: { optimizer: s.optimizer, learningRate: s.learningRate, batchSize: s.batchSize },
        numClasses: outputs, batchesPerRound: heavy ? 3 : 10, rounds,
      }, (m) => {
        if (m.type === 'raceUpdate') this.race = m.results;
        else if (m.type === 'raceProgress') this.raceStatus = m.text;
      });
      this.race = outcome.results;
      this.setMemory(outcome.memory);
      this.raceEnd = { stopped: outcome.stopped, tensorsBefore, tensorsAfter: outcome.memory.numTensors };
      finished = !outcome.stopped && outcome.results.some((r) => r.ok && r.rounds.length > 0);
      this.saveState();
    } catch (err) {
      this.fail(err);
      return;
    } finally {
      this.raceStatus = null;
    }
    this.phase = 'idle';
    if (finished) this.post({ type: 'raceFinished', rounds, backends: this.race.filter((r) => r.ok).map((r) => r.backend) });
  }

  /**
   * "Export…": the host exports the spec with the form's settings (src/panels/trainPanel.ts) and,
   * `withWeights`, saves the trained weights (read in the engine) as a .npz in Keras's names and layout.
   */
  async exportModel(target: ExportTarget, withWeights: boolean, framework?: 'pytorch' | 'keras'): Promise<void> {
    const problem = this.settingsProblem();
    if (problem) {
      this.message = { level: 'error', text: t('train.export.fixSpec', { problem }) };
      return;
    }
    const request = { type: 'export' as const, target, ...(framework ? { framework } : {}), settings: exportSettings(this.form, this.trainSettings(), this.normalizeChannels()) };
    if (!withWeights) {
      this.post(request);
      return;
    }
    if (!this.spec || !this.built || !this.weightsTrained || this.running || !this.engineClient) {
      this.message = { level: 'warn', text: t('train.export.noWeights') };
      return;
    }
    if (this.pendingSpec) {
      this.message = { level: 'warn', text: t('train.export.staleWeights') };
      return;
    }
    let weights;
    try {
      weights = await (await this.connect()).weights($state.snapshot(this.spec) as TrainSpec);
    } catch (err) {
      weights = { ok: false as const, message: err instanceof Error ? err.message : String(err) };
    }
    if (!weights.ok) {
      this.message = { level: 'error', text: t('train.export.weightsFailed', { detail: weights.message }) };
      return;
    }
    this.post({ ...request, weights: weights.weights });
  }

  /** Prepares the form's dataset (without training) so the panel can show augmented samples. */
  async prepareAugmentPreview(): Promise<void> {
    if (!this.spec || this.running || this.busy) return;
    try {
      this.busy = t('train.busy.preparingData');
      this.dataset = await this.sources.prepare(this.spec, $state.snapshot(this.form) as FormSettings);
      this.datasetVersion++;
    } catch (err) {
      this.message = { level: 'error', text: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = null;
    }
  }

  requestSpec(): void {
    this.post({ type: 'requestSpec' });
  }

  saveState(): void {
    vscode().setState(savedState({
      specUri: this.spec?.uri,
      form: $state.snapshot(this.form) as FormSettings,
      compare: { kind: this.compareKind, optimizers: [...this.compareOptimizers], learningRate: this.compareLearningRate },
      curves: this.curves,
      results: this.results ? { classNames: this.results.classNames, confusion: this.results.confusion, accuracy: this.results.accuracy, on: this.results.on } : undefined,
      race: this.race ? ($state.snapshot(this.race) as RaceResult[]) : undefined,
      raceEpochSamples: this.race ? this.raceEpochSamples : undefined,
      raceRounds: this.raceRounds,
      summary: this.message?.text,
      backend: this.backend?.name,
    }));
  }

  private restore(raw: unknown): void {
    const r = restoreSavedState(raw);
    if (r.form) this.form = r.form;
    if (r.compare?.kind) this.compareKind = r.compare.kind;
    if (r.compare?.optimizers) this.compareOptimizers = r.compare.optimizers;
    if (r.compare?.learningRate !== undefined) this.compareLearningRate = r.compare.learningRate;
    if (r.specUri) this.restoredUri = r.specUri;
    if (r.curves) {
      this.curves = r.curves;
      this.curvesVersion++;
    }
    if (r.results) this.results = { ...r.results, samples: [] };
    if (r.race) this.race = r.race;
    if (r.raceEpochSamples) this.raceEpochSamples = r.raceEpochSamples;
    if (r.raceRounds) this.raceRounds = r.raceRounds;
    if (r.restoredNote) {
      this.restored = true;
      this.message = { level: 'info', text: r.restoredNote };
    }
  }

  // ---- "normalize inputs" and Compare runs (./compareVariants.ts, ./engine/compare.ts) ----------

  /** The normalize setting's statistics of the data the last run prepared (shown under the setting). */
  inputNorm = $state<InputNorm | null>(null);
  compareKind = $state<CompareKind>('optimizers');
  compareOptimizers = $state<OptimizerName[]>([...DEFAULT_COMPARE_OPTIMIZERS]);
  compareLearningRate = $state(DEFAULT_COMPARE_LEARNING_RATE);
  compareRun = $state<CompareRunState | null>(null);
  compareVersion = $state(0);
  /** One per run of the last compare, in its order. */
  compareLines: CompareLine[] = [];

  /** The statistics `mode` normalizes `ds` with, fitted on its training split only. */
  private inputNormFor(ds: Dataset, validationSplit: number, mode: NormalizeMode): InputNorm | undefined {
    const size = ds.sampleShape.reduce((a, b) => a * b, 1);
    const channels = inputChannels(ds.sampleShape, ds.imageShape);
    return fitInputNorm(ds.xs, size, channels, splitValidation(ds.count, validationSplit).train, mode);
  }

  /** The channels the export normalizes per: the prepared data's, when it fits this spec. */
  private normalizeChannels(): number | undefined {
    const ds = this.dataset;
    const input = this.spec?.inputShape;
    if (!ds || !input || ds.sampleShape.join('x') !== input.join('x')) return undefined;
    return inputChannels(ds.sampleShape, ds.imageShape);
  }

  /** What keeps the compare from starting, or undefined. */
  compareProblem(): string | undefined {
    const lr = this.compareLearningRate.trim() === '' ? NaN : Number(this.compareLearningRate);
    if (!isValidLearningRate(lr)) return t('train.compare.badLearningRate', { value: this.compareLearningRate });
    if (this.compareKind === 'optimizers' && this.compareOptimizers.length < 2) return t('train.compare.needTwo');
    return undefined;
  }

  /**
   * Trains the spec once per variant of the chosen comparison, each from the model's initial
   * weights (MODEL_SEED) and on the same batches; Pause and Stop act on it as on a training.
   */
  async runComparison(): Promise<void> {
    if (this.running || !this.spec) return;
    const problem = this.specProblem(this.spec) ?? this.cannotTrain ?? this.settingsProblem() ?? this.compareProblem();
    if (problem) {
      this.message = { level: 'error', text: problem };
      return;
    }
    const spec = this.spec;
    const settings = this.trainSettings();
    this.phase = 'preparing';
    this.message = null;
    this.stopRequested = false;
    this.pauseRequested = false;
    try {
      this.busy = t('train.busy.preparingData');
      const ds = await this.sources.prepare(spec, $state.snapshot(this.form) as FormSettings);
      this.dataset = ds;
      this.busy = null;
      if (this.engineClient?.stopped) await this.applySpec(spec);
      const engine = await this.connect();
      const layers = $state.snapshot(spec.layers) as TrainSpec['layers'];
      const norms: Partial<Record<NormalizeMode, InputNorm>> = {};
      for (const mode of NORMALIZE_MODES) {
        const norm = this.inputNormFor(ds, settings.validationSplit, mode);
        if (norm) norms[mode] = norm;
      }
      const variants = compareVariants({
        kind: this.compareKind, optimizers: [...this.compareOptimizers], learningRate: Number(this.compareLearningRate),
        optimizer: settings.optimizer, norms, normalize: this.form.normalize ?? 'off',
      }, t);
      const nTrain = splitValidation(ds.count, settings.validationSplit).train;
      this.compareLines = variants.map((v) => emptyCompareLine(v.label));
      this.compareRun = { kind: this.compareKind, current: 0, total: variants.length, batchesPerEpoch: Math.ceil(nTrain / Math.min(settings.batchSize, nTrain)), done: false, stopped: false };
      this.compareVersion++;
      // The progress tile follows the compare: samples over every run, the epoch and batch of the current one.
      const runSamples = nTrain * settings.epochs;
      this.progress = {
        samplesDone: 0, samplesTotal: runSamples * variants.length, epoch: 0, epochs: settings.epochs, batch: 0,
        batchesPerEpoch: this.compareRun.batchesPerEpoch, step: 0, eta: undefined, sps: 0, epochSeconds: [],
      };
      if (this.stopRequested) {
        this.compareRun = { ...this.compareRun, done: true, stopped: true };
        this.phase = 'stopped';
        return;
      }
      this.phase = 'training';
      let lastDraw = 0;
      const done = await engine.compare({
        inputShape: [...(spec.inputShape as number[])], layers,
        dataset: { kind: ds.kind, count: ds.count, sampleShape: [...ds.sampleShape], numClasses: ds.numClasses, xs: ds.xs, labels: ds.labels },
        settings, lossMode: lossModeFor(layers).mode, seed: MODEL_SEED, variants,
      }, (m) => {
        const line = 'variant' in m ? this.compareLines[m.variant] : undefined;
        switch (m.type) {
          case 'compareStart':
            if (!line || !this.compareRun) return;
            line.weightsFingerprint = m.weightsFingerprint;
            this.compareRun = { ...this.compareRun, current: m.variant };
            this.compareVersion++;
            return;
          case 'compareBatch': {
            if (!line) return;
            line.batchStep.push(m.report.step);
            line.batchLoss.push(m.report.loss);
            const r = m.report;
            this.progress = {
              ...this.progress, ...compareProgress(m.variant, variants.length, runSamples, r),
              epoch: r.epoch, batch: r.batch, batchesPerEpoch: r.batchesPerEpoch, step: r.step, sps: r.samplesPerSecond,
            };
            const now = performance.now();
            if (now - lastDraw > 150) {
              lastDraw = now;
              this.compareVersion++;
            }
            return;
          }
          case 'compareEpoch':
            if (!line) return;
            line.epoch.push(m.report.epoch);
            line.epochLoss.push(m.report.loss);
            line.valLoss.push(m.report.valLoss ?? null);
            this.setMemory(m.memory);
            this.compareVersion++;
            return;
          case 'compareResult':
            if (!line) return;
            recordCompareResult(line, m);
            this.compareVersion++;
            return;
          case 'paused':
            if (this.phase === 'training' || this.phase === 'paused') this.phase = m.paused ? 'paused' : 'training';
            return;
        }
      });
      this.setMemory(done.memory);
      this.compareRun = { ...this.compareRun, done: true, stopped: done.stopped };
      this.compareVersion++;
      this.phase = done.stopped ? 'stopped' : 'done';
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = null;
    }
  }

}
