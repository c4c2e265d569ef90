/**
 * The Train panel's state and actions (Svelte 5 runes outside a component). Components read
 * these fields and call these methods; the work is done by what the session is made of: the
 * data (./datasetSources.ts), the curves history (./curves.ts), what survives a reload
 * (./persistence.ts), and the model, trainer and race (./model.ts, ./trainer.ts, ./race.ts).
 * Big arrays (curves, datasets) stay outside Svelte's reactivity; `curvesVersion` tells the
 * charts to redraw.
 */
import * as tf from '@tensorflow/tfjs';
import { formatBytes } from '../../src/core/format';
import {
  parseHostToTrain, type BackendPreference, type HostToTrain, type TrainSpec, type TrainToHost,
} from '../../src/protocol/train';
import { chooseBackend, type BackendName } from './backend';
import { detectGpu, type GpuInfo } from '../shared/gpu';
import { t } from '../shared/i18n.svelte';
import { hostChannel, vscode } from '../shared/vscode';
import { emptyCurves, recordBatch, recordEpoch, type Curves } from './curves';
import { DatasetSources, outputUnits } from './datasetSources';
import { datasetInfo, splitValidation, type Dataset, type DatasetId } from './datasets';
import { defaultsFor, type FormSettings } from './form';
import { restoreSavedState, savedState, type SavedResults } from './persistence';
import { buildModel, describeBuilt, type BuiltModel } from './model';
import { probeTrainStep, raceBackends } from './race';
import { raceRounds, RACE_ROUNDS, type RaceResult } from './raceStats';
import { explainTrainError } from './backendErrors';
import { confusionMatrix, formatDuration, ProbeSchedule } from './stats';
import { exportSettings, trainedWeights } from './exportRequest';
import type { ExportTarget } from '../../src/core/export';
import { checkSettings, evalBatchSize, evaluate, lossModeFor, predictPoints, train, type LossMode, type RunControl } from './trainer';
import { usesRelu } from './trainConfig';
import { DeadReluProbe, type DeadReluReading } from './deadReluProbe';
import { saturationMessage } from './runVerdict';
import { sameModel } from './specChange';
import { gridPoints, pointsExtent, type Extent } from './draw';

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
  progress = $state({ samplesDone: 0, samplesTotal: 0, epoch: 0, epochs: 0, batch: 0, batchesPerEpoch: 0, eta: undefined as number | undefined, sps: 0, epochSeconds: [] as number[] });
  lastLoss = $state<number | null>(null);
  lastAcc = $state<number | null>(null);
  lastVal = $state<{ loss?: number; acc?: number } | null>(null);
  memory = $state({ numTensors: 0, numBytes: 0, numBytesInGPU: 0 as number | undefined });
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

  curves: Curves = emptyCurves();
  boundary: Boundary | null = null;
  dataset: Dataset | null = null;

  private built: BuiltModel | null = null;
  private lossMode: LossMode = 'softmax';
  private control: RunControl = { stopRequested: false, paused: false };
  private readonly sources = new DatasetSources((pick, maxSamples) => this.post({ type: 'loadCifar', pick, maxSamples }));
  private unsubscribe: (() => void) | null = null;
  private readonly channel = hostChannel<HostToTrain, TrainToHost>(parseHostToTrain);
  private backendFor: string | null = null;
  private specQueue: Promise<void> = Promise.resolve();
  private restoredUri: string | undefined;
  private backendCannotTrain: string | null = null;
  /** The probe whose measurement failed: no more tries with it. */
  private deadReluFailed: DeadReluProbe | null = null;

  /** Restores saved state, installs the listener and sends `ready`. */
  start(): void {
    this.restore(vscode().getState());
    this.unsubscribe = this.channel.listen((m) => this.onHostMessage(m));
    window.addEventListener('pagehide', () => this.dispose());
    this.post({ type: 'ready' });
  }

  dispose(): void {
    this.control.stopRequested = true;
    this.built?.model.dispose();
    this.built = null;
    this.unsubscribe?.();
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
        this.control.stopRequested = true;
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
    this.built?.model.dispose();
    this.built = null;
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
    const input = spec.inputShape as number[];
    const denseOnly = spec.layers.every((l) => !['conv2d', 'maxpool2d', 'avgpool2d', 'globalavgpool2d', 'globalmaxpool2d', 'zeropad2d'].includes(l.config.kind));
    const key = `${this.backendPref}|${denseOnly}|${JSON.stringify(spec.layers.map((l) => l.config))}|${input.join('x')}`;
    if (this.backendFor !== key) {
      this.busy = 'Choosing a backend (one trial training step on each candidate)…';
      try {
        const gpu = detectGpu(t);
        const choice = await chooseBackend(this.backendPref, () => probeTrainStep(input, spec.layers), denseOnly, gpu);
        this.backend = { name: choice.name, reason: choice.reason, gpu };
        this.backendFor = key;
        this.backendCannotTrain = choice.cannotTrain ?? null;
      } finally {
        this.busy = null;
      }
    }
    this.buildModel();
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
    this.progress = { samplesDone: 0, samplesTotal: 0, epoch: 0, epochs: 0, batch: 0, batchesPerEpoch: 0, eta: undefined, sps: 0, epochSeconds: [] };
  }

  /** Why this spec cannot be trained, or undefined. */
  private specProblem(spec: TrainSpec): string | undefined {
    if (spec.errors.length) return `The spec has errors; fix them to train:\n${spec.errors.join('\n')}`;
    if (!spec.inputShape) return 'The spec has no input line (e.g. `input 32x32x3`): nothing to build.';
    if (spec.layers.length === 0) return 'The spec has an input but no layers.';
    if (spec.layers.some((l) => !l.outputShape)) return 'Some layer shapes are unknown; fix the spec\'s problems first.';
    if (spec.totalParams > MAX_TRAIN_PARAMS) {
      return `This model has ${spec.totalParams.toLocaleString('en-US')} parameters: too big to train in a webview (the limit here is ${MAX_TRAIN_PARAMS.toLocaleString('en-US')}; its float32 weights alone would take ${formatBytes(spec.totalParams * 4)}). Its summary is still exact.`;
    }
    return undefined;
  }

  private buildModel(): void {
    const spec = this.spec;
    if (!spec?.inputShape) return;
    this.built?.model.dispose();
    this.built = buildModel(spec.inputShape, spec.layers, 1234);
    this.weightsTrained = false;
    const described = describeBuilt(this.built);
    const totalParams = this.built.model.countParams();
    this.modelInfo = { params: totalParams, text: `${totalParams.toLocaleString('en-US')} parameters on ${tf.getBackend()}` };
    const lm = lossModeFor(spec.layers);
    this.lossMode = lm.mode;
    this.hasRelu = usesRelu(spec.layers);
    this.post({
      type: 'model', backend: tf.getBackend(), totalParams,
      layers: described.map((d, i) => ({ name: spec.layers[i].name, outputShape: d.outputShape, params: d.params })),
    });
    this.updateMemory();
  }

  /** Picks the dataset that fits the spec's input. */
  private pickDatasetFor(spec: TrainSpec): void {
    const input = spec.inputShape;
    if (!input) return;
    let id: DatasetId = this.form.dataset;
    const size = input.reduce((a, b) => a * b, 1);
    if (input.length === 1 && input[0] === 2) id = datasetInfo(id).kind === 'points' ? id : 'spiral';
    else if ((input.length === 3 && input[0] === 28 && input[1] === 28 && input[2] === 1) || size === 784) id = 'mnist';
    else if (input.length === 3) id = datasetInfo(id).kind === 'images' ? id : 'shapes';
    if (id !== this.form.dataset) this.setDataset(id);
  }

  setDataset(id: DatasetId): void {
    this.form = { ...this.form, dataset: id, ...defaultsFor(id) };
    this.saveState();
  }

  async pickCifarFolder(): Promise<void> {
    try {
      this.busy = 'Waiting for the CIFAR-10 folder…';
      await this.sources.loadCifar(this.form.samples, true);
      this.cifarSource = this.sources.cifarSource;
      this.message = { level: 'info', text: `CIFAR-10 loaded from ${this.cifarSource}.` };
    } catch (err) {
      this.message = { level: 'error', text: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = null;
    }
  }

  /** Parsed training settings or the message saying what is wrong. */
  settingsProblem(): string | undefined {
    return checkSettings(this.trainSettings(), Math.max(10, this.form.samples));
  }

  private trainSettings() {
    return {
      optimizer: this.form.optimizer,
      learningRate: Number(this.form.learningRate.trim() === '' ? NaN : this.form.learningRate),
      batchSize: Number(this.form.batchSize),
      epochs: Number(this.form.epochs),
      validationSplit: Number(this.form.validationSplit),
      seed: 7,
    };
  }

  async startTraining(): Promise<void> {
    if (this.running || !this.spec) return;
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
    this.control = { stopRequested: false, paused: false };
    let probe: DeadReluProbe | null = null;
    const schedule = new ProbeSchedule();
    try {
      this.busy = 'Preparing the data…';
      const ds = await this.sources.prepare(this.spec, $state.snapshot(this.form) as FormSettings);
      this.cifarSource = this.sources.cifarSource;
      this.dataset = ds;
      this.busy = null;
      const lm = lossModeFor(this.spec.layers);
      this.notes = [...ds.notes, ...(lm.note ? [lm.note] : [])];
      // Fresh weights for every run, so runs compare fairly.
      this.buildModel();
      const model = (this.built as BuiltModel).model;
      const { train: nTrain } = splitValidation(ds.count, settings.validationSplit);
      this.curves = emptyCurves();
      this.curvesVersion++;
      this.tensorsPerEpoch = [];
      this.progress = { samplesDone: 0, samplesTotal: nTrain * settings.epochs, epoch: 0, epochs: settings.epochs, batch: 0, batchesPerEpoch: Math.ceil(nTrain / Math.min(settings.batchSize, nTrain)), eta: undefined, sps: 0, epochSeconds: [] };
      this.lastLoss = null;
      this.lastAcc = null;
      this.lastVal = null;
      this.deadRelu = null;
      this.phase = 'training';
      this.status(`training ${this.spec.fileName} on ${ds.id}`);
      if (ds.kind === 'points') await this.updateBoundary();
      if (this.hasRelu) {
        probe = new DeadReluProbe(model, ds, nTrain);
        await this.measureDeadRelu(probe, schedule, 0);
      }
      let lastDraw = 0;
      let lastStep = 0;
      let lastBatchAt = performance.now();
      const outcome = await train(model, ds, this.lossMode, settings, this.control, {
        onBatch: (r) => {
          lastStep = r.step;
          recordBatch(this.curves, r.step, r.loss, r.accuracy);
          // The tiles show what Keras's fit prints: the epoch's running means, not this batch.
          this.lastLoss = r.epochLoss;
          this.lastAcc = r.epochAccuracy;
          this.progress = { ...this.progress, samplesDone: r.samplesDone, epoch: r.epoch, batch: r.batch, batchesPerEpoch: r.batchesPerEpoch, eta: r.etaSeconds, sps: r.samplesPerSecond };
          const now = performance.now();
          if (now - lastDraw > 150) {
            lastDraw = now;
            this.curvesVersion++;
            this.updateMemory();
          }
          const batchMs = now - lastBatchAt;
          lastBatchAt = now;
          if (probe && schedule.batchDone(batchMs)) {
            return this.measureDeadRelu(probe, schedule, r.step).then(() => { lastBatchAt = performance.now(); });
          }
          return undefined;
        },
        onEpoch: async (r) => {
          recordEpoch(this.curves, r.epoch * this.progress.batchesPerEpoch, r);
          this.lastVal = r.valLoss === undefined ? null : { loss: r.valLoss, acc: r.valAccuracy };
          this.progress = { ...this.progress, epochSeconds: [...this.progress.epochSeconds, r.seconds] };
          this.tensorsPerEpoch = [...this.tensorsPerEpoch, r.numTensors];
          this.curvesVersion++;
          const step = r.epoch * this.progress.batchesPerEpoch;
          if (probe && this.deadReluStep() !== step && schedule.affordable()) await this.measureDeadRelu(probe, schedule, step);
          this.updateMemory();
          if (ds.kind === 'points') await this.updateBoundary();
          lastBatchAt = performance.now();
          this.status(`epoch ${r.epoch}/${settings.epochs}: loss ${r.loss.toFixed(4)}, accuracy ${(r.accuracy * 100).toFixed(1)}%${r.valAccuracy !== undefined ? `, validation ${(r.valAccuracy * 100).toFixed(1)}%` : ''} in ${formatDuration(r.seconds)}`);
          this.saveState();
        },
        onPauseChange: (paused) => {
          if (this.phase === 'training' || this.phase === 'paused') this.phase = paused ? 'paused' : 'training';
        },
      });
      this.curvesVersion++;
      // The last reading shows where the run ended (a diverged run's NaN units count as dead).
      const endStep = outcome.status === 'diverged' ? outcome.step : lastStep;
      if (probe && this.deadReluStep() !== endStep) await this.measureDeadRelu(probe, schedule, endStep);
      if (outcome.status === 'diverged') {
        this.phase = 'diverged';
        this.message = { level: 'error', text: outcome.message };
        this.status(outcome.message);
      } else {
        this.phase = outcome.status;
        this.weightsTrained = true;
        const results = await this.computeResults(ds, nTrain, settings.batchSize);
        const text = `${outcome.status === 'done' ? 'Finished' : 'Stopped'} after ${outcome.epochs} epoch(s)` +
          (results ? `: ${results.on} accuracy ${(results.accuracy * 100).toFixed(1)}%` : '');
        // A finite loss can still be a diverged run: a saturated softmax learns nothing.
        const saturated = saturationMessage({
          epochLoss: this.curves.epochLoss, epochAcc: this.curves.epochAcc, numClasses: ds.numClasses,
          mode: this.lossMode, learningRate: settings.learningRate, finalAccuracy: results?.accuracy,
        });
        if (saturated) {
          this.phase = 'diverged';
          this.message = { level: 'error', text: `${saturated} (${text}.)` };
          this.status(saturated);
        } else {
          this.message = { level: 'info', text };
          this.status(text);
        }
      }
    } catch (err) {
      this.fail(err);
    } finally {
      probe?.dispose();
      this.busy = null;
      this.updateMemory();
      this.saveState();
    }
  }

  /** Step of the latest dead-ReLU reading (a method: TypeScript would keep `this.deadRelu` narrowed across awaits). */
  private deadReluStep(): number | undefined {
    return this.deadRelu?.current.step;
  }

  /**
   * One dead-ReLU reading. A failed measurement is reported once and switches the watch off for
   * this run (the probe is disposed by the run's end): it must never stop the training itself.
   */
  private async measureDeadRelu(probe: DeadReluProbe, schedule: ProbeSchedule, step: number): Promise<void> {
    if (this.deadReluFailed === probe) return;
    try {
      const { reading, ms } = await probe.measure(step);
      schedule.measured(ms);
      this.deadRelu = { start: this.deadRelu?.start ?? reading, current: reading, samples: probe.samples, ms };
    } catch (err) {
      this.deadReluFailed = probe;
      this.notes = [...this.notes, `Dead ReLU units could not be measured: ${err instanceof Error ? err.message : String(err)}`];
    }
  }

  private fail(err: unknown): void {
    let text = err instanceof Error ? err.message : String(err);
    if (this.backend?.name === 'webgl' && /webgl|context|texture|shader/i.test(text)) {
      // A GPU that drops its context mid-run (driver reset, sleep) should not leave the student stuck.
      text = `${explainTrainError('webgl', text)} Set netlens.train.backend to "wasm" and press Start again.`;
    }
    this.phase = 'error';
    this.busy = null;
    this.message = { level: 'error', text };
    this.post({ type: 'status', state: 'error', backend: this.backend?.name ?? 'none', text });
  }

  togglePause(): void {
    if (this.phase !== 'training' && this.phase !== 'paused') return;
    this.control.paused = !this.control.paused;
    this.phase = this.control.paused ? 'paused' : 'training';
  }

  async stop(): Promise<void> {
    this.control.stopRequested = true;
    this.control.paused = false;
    // The loop checks between batches; wait until it has left.
    for (let i = 0; i < 400 && this.running; i++) await new Promise((r) => setTimeout(r, 25));
  }

  private async computeResults(ds: Dataset, nTrain: number, trainBatch: number): Promise<Results | undefined> {
    if (!this.built) return undefined;
    const onVal = ds.count > nTrain;
    const from = onVal ? nTrain : 0;
    const to = onVal ? ds.count : Math.min(ds.count, 2000);
    const ev = await evaluate(this.built.model, ds, this.lossMode, from, to, { batchSize: evalBatchSize(trainBatch) });
    if (!ev || ev === 'stopped') return undefined;
    const confusion = confusionMatrix(ev.labels, ev.predictions, ds.numClasses);
    const samples = ds.kind === 'images'
      ? Array.from({ length: Math.min(24, to - from) }, (_, i) => ({ index: from + i, label: ev.labels[i], predicted: ev.predictions[i] }))
      : [];
    this.results = { classNames: ds.classNames, confusion, accuracy: ev.accuracy, on: onVal ? 'validation' : 'training', samples };
    return this.results;
  }

  private async updateBoundary(): Promise<void> {
    const ds = this.dataset;
    if (!ds || ds.kind !== 'points' || !this.built) return;
    const gridSize = 60;
    const extent = pointsExtent(ds.xs, ds.count);
    const probs = await predictPoints(this.built.model, gridPoints(extent, gridSize), this.lossMode, ds.numClasses);
    this.boundary = { probs, gridSize, numClasses: ds.numClasses, extent };
    this.boundaryVersion++;
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
    this.control = { stopRequested: false, paused: false };
    this.phase = 'preparing';
    this.raceStatus = 'starting…';
    this.updateMemory();
    const tensorsBefore = this.memory.numTensors;
    let finished = false;
    try {
      const heavy = spec.layers.some((l) => l.config.kind === 'conv2d');
      const outcome = await raceBackends({
        inputShape: spec.inputShape as number[], layers: spec.layers,
        settings: { optimizer: s.optimizer, learningRate: s.learningRate, batchSize: s.batchSize },
        numClasses: outputs, batchesPerRound: heavy ? 3 : 10, rounds, restore: this.backend.name,
        onUpdate: (results) => { this.race = results; },
        onProgress: (text) => { this.raceStatus = text; },
        shouldStop: () => this.control.stopRequested,
      });
      this.race = outcome.results;
      this.updateMemory();
      this.raceEnd = { stopped: outcome.stopped, tensorsBefore, tensorsAfter: this.memory.numTensors };
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

  updateMemory(): void {
    const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    this.memory = { numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: m.numBytesInGPU };
  }

  /**
   * "Export…": the host exports the spec with the form's settings (src/panels/trainPanel.ts) and,
   * `withWeights`, saves the trained weights as a .npz in Keras's names and layout.
   */
  async exportModel(target: ExportTarget, withWeights: boolean, framework?: 'pytorch' | 'keras'): Promise<void> {
    const problem = this.settingsProblem();
    if (problem) {
      this.message = { level: 'error', text: `${problem} Fix it to export the settings.` };
      return;
    }
    const request = { type: 'export' as const, target, ...(framework ? { framework } : {}), settings: exportSettings(this.form, this.trainSettings()) };
    if (!withWeights) {
      this.post(request);
      return;
    }
    if (!this.spec || !this.built || !this.weightsTrained || this.running) {
      this.message = { level: 'warn', text: 'There are no trained weights to export yet: train the model (Start), then export.' };
      return;
    }
    if (this.pendingSpec) {
      this.message = { level: 'warn', text: 'The spec was saved after this model was built, so its weights belong to the older spec. Rebuild, train again, then export the weights.' };
      return;
    }
    const weights = await trainedWeights(this.spec, this.built.groups);
    if (!weights.ok) {
      this.message = { level: 'error', text: `The weights cannot be exported: ${weights.message}` };
      return;
    }
    this.post({ ...request, weights: weights.weights });
  }

  requestSpec(): void {
    this.post({ type: 'requestSpec' });
  }

  saveState(): void {
    vscode().setState(savedState({
      specUri: this.spec?.uri,
      form: $state.snapshot(this.form) as FormSettings,
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
}
