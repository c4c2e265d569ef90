/**
 * The Train panel's compute engine: everything TF.js of the panel (the backend choice, the model,
 * the training loop with its dead-ReLU watch and decision boundary, the evaluation, the backend
 * race, the trained weights) behind the messages of ./protocol.ts. It normally runs in a
 * dedicated Web Worker, so the panel stays responsive while a batch takes a second on the CPU
 * backend; where a worker cannot start, the page runs the same code (../engineClient.ts).
 *
 * Requests run one at a time in arrival order (TF.js work is not re-entrant across awaits);
 * `pause` and `stop` act at once on the running training or race, which hears them between
 * batches (the loops await a macrotask per batch: ../trainer.ts, ../race.ts).
 */
import * as tf from '@tensorflow/tfjs';
// Registers the WASM backend (NetLens's training kernels are added in ../backend.ts).
import '@tensorflow/tfjs-backend-wasm';
import { describeGpu } from '../../shared/gpu';
import { pageSay } from '../../shared/training/pageSay';
import { chooseBackend, setWasmBase, setWebglAllowed } from '../../shared/training/backend';
import { splitValidation } from '../../shared/training/datasets';
import { DeadReluProbe } from '../deadReluProbe';
import { gridPoints, pointsExtent } from '../draw';
import { buildModel, describeBuilt, type BuiltModel } from '../../shared/training/model';
import { probeTrainStep, raceBackends } from '../race';
import { ProbeSchedule } from '../../shared/training/stats';
import { evalBatchSize, evaluate, predictPoints, train, type RunControl } from '../../shared/training/trainer';
import { isDenseOnly, type BackendName } from '../../shared/training/trainConfig';
import { applyInputNorm } from '../../shared/training/inputNorm';
import { assignWeights, bytesFingerprint, readWeights, runCompare, specInitialWeights } from './compare';
import { findLearningRate, rangeRates } from '../../shared/tf/lrFinder';
import { gatherBatch } from '../../shared/training/datasets';
import { lossFor } from '../../shared/training/trainer';
import { mulberry32, permutation } from '../../shared/training/random';
import { yieldToPage } from '../../shared/yieldToPage';
import { speak } from './say';
import { trainedWeights } from './weights';
import { runOverfitDemo } from './overfitDemo';
import {
  parseToTrainEngine, type BuildMessage, type EngineWhere, type Evaluation, type FromTrainEngine, type MemoryReport,
  type FindLrMessage, type RaceMessage, type ToTrainEngine, type TrainMessage, type CompareMessage,
} from './protocol';

/** The boundary picture's grid: gridSize² points over the data's extent. */
const BOUNDARY_GRID = 60;
/** Samples shown in the results when no validation part is held out. */
const MAX_TRAINING_EVAL = 2000;

export function memoryReport(): MemoryReport {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return { numTensors: m.numTensors, numBytes: m.numBytes, ...(m.numBytesInGPU !== undefined ? { numBytesInGPU: m.numBytesInGPU } : {}) };
}

/** Whether two lists of arrays hold the same values bit for bit (NaN included). */
function sameValues(a: readonly Float32Array[], b: readonly Float32Array[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    if (x.length !== b[i].length) return false;
    const xi = new Uint32Array(x.buffer, x.byteOffset, x.length);
    const yi = new Uint32Array(b[i].buffer, b[i].byteOffset, b[i].length);
    return xi.every((v, j) => v === yi[j]);
  });
}

const failText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A training or race as Pause and Stop see it. */
interface Run {
  control: RunControl;
  /** Batches the training has done so far, and how many it had done when Stop was heard. */
  steps: number;
  stopHeardAt?: number;
}
const newRun = (): Run => ({ control: { stopRequested: false, paused: false }, steps: 0 });

/** Creates an engine that answers through `post`; returns the function that takes its messages. */
export function createTrainEngine(post: (msg: FromTrainEngine) => void, where: EngineWhere): (raw: unknown) => void {
  /** Set by `start`: the page's WebGL renderer (undefined: the page has no WebGL). */
  let started: { renderer: string | undefined } | undefined;
  let built: { model: BuiltModel; request: BuildMessage } | undefined;
  /** The latest training or race: Pause and Stop act on it. */
  let run: Run = newRun();
  let queue: Promise<void> = Promise.resolve();

  function rebuild(request: BuildMessage): BuiltModel {
    built?.model.model.dispose();
    built = undefined;
    const model = buildModel(request.inputShape, request.layers, request.seed);
    built = { model, request };
    return model;
  }

  async function handle(msg: ToTrainEngine): Promise<void> {
    switch (msg.type) {
      case 'start':
      case 'lang':
      case 'pause':
      case 'stop':
        return;
      case 'choose': {
        if (!started) return post({ type: 'failed', id: msg.id, message: 'NetLens: the engine was asked to choose a backend before it was started' });
        // Described now, in the page's language of the moment.
        const gpu = describeGpu(started.renderer, pageSay);
        const choice = await chooseBackend(msg.preference, () => probeTrainStep(msg.inputShape, msg.layers), isDenseOnly(msg.layers), gpu);
        return post({ type: 'chosen', id: msg.id, name: choice.name, reason: choice.reason, ...(choice.cannotTrain ? { cannotTrain: choice.cannotTrain } : {}) });
      }
      case 'build': {
        const model = rebuild(msg);
        return post({
          type: 'built', id: msg.id, backend: tf.getBackend() as BackendName, totalParams: model.model.countParams(),
          layers: describeBuilt(model), memory: memoryReport(),
        });
      }
      case 'train':
      case 'race':
      case 'compare':
      case 'overfitDemo':
      case 'findLr':
        // Run through their own path (runTraining, runRace, runComparison, runOverfitDemo, runFindLr), with the Run made when they arrived.
        return;
      case 'weights': {
        if (!built) return post({ type: 'weightsResult', id: msg.id, result: { ok: false, message: pageSay('train.engine.noModel') } });
        const result = await trainedWeights(msg.spec, built.model.groups);
        return post({ type: 'weightsResult', id: msg.id, result });
      }
    }
  }

  async function runTraining(msg: TrainMessage, run: Run): Promise<void> {
    const { id, settings, lossMode } = msg;
    // "Normalize inputs": the model sees (x − mean)/std everywhere, fitted on the training split by the page.
    const ds = msg.inputNorm ? { ...msg.dataset, xs: applyInputNorm(msg.dataset.xs, msg.inputNorm) } : msg.dataset;
    if (!built) return post({ type: 'failed', id, message: pageSay('train.engine.trainBeforeBuild') });
    // Fresh weights for every run, so runs compare fairly.
    const model = rebuild(built.request).model;
    const nTrain = splitValidation(ds.count, settings.validationSplit).train;
    const schedule = new ProbeSchedule();
    let probe: DeadReluProbe | null = null;
    let probeFailed = false;
    let probedAt: number | undefined;

    const measureDeadRelu = async (step: number) => {
      if (!probe || probeFailed) return;
      try {
        const { reading, ms } = await probe.measure(step);
        schedule.measured(ms);
        probedAt = step;
        post({ type: 'deadRelu', id, reading, samples: probe.samples, ms });
      } catch (err) {
        // A failed measurement switches the watch off for this run; it never stops the training.
        probeFailed = true;
        post({ type: 'deadReluFailed', id, message: failText(err) });
      }
    };
    const postBoundary = async () => {
      if (ds.kind !== 'points') return;
      // The picture stays in the data's own coordinates; the model sees the grid normalized as its inputs were.
      const extent = pointsExtent(msg.dataset.xs, ds.count);
      const grid = gridPoints(extent, BOUNDARY_GRID);
      const probs = await predictPoints(model, msg.inputNorm ? applyInputNorm(grid, msg.inputNorm) : grid, lossMode, ds.numClasses);
      post({ type: 'boundary', id, probs, gridSize: BOUNDARY_GRID, numClasses: ds.numClasses, extent });
    };

    try {
      await postBoundary();
      if (msg.watchDeadRelu) {
        probe = new DeadReluProbe(model, ds, nTrain);
        await measureDeadRelu(0);
      }
      let lastBatchAt = performance.now();
      const batchesPerEpoch = Math.ceil(nTrain / Math.min(settings.batchSize, nTrain));
      const outcome = await train(model, ds, lossMode, settings, run.control, {
        onBatch: (r) => {
          run.steps = r.step;
          post({ type: 'batch', id, report: r, memory: memoryReport() });
          const now = performance.now();
          const batchMs = now - lastBatchAt;
          lastBatchAt = now;
          if (probe && schedule.batchDone(batchMs)) return measureDeadRelu(r.step).then(() => { lastBatchAt = performance.now(); });
          return undefined;
        },
        onEpoch: async (r) => {
          post({ type: 'epoch', id, report: r, memory: memoryReport() });
          const step = r.epoch * batchesPerEpoch;
          if (probe && probedAt !== step && schedule.affordable()) await measureDeadRelu(step);
          await postBoundary();
          lastBatchAt = performance.now();
        },
        onPauseChange: (paused) => post({ type: 'paused', id, paused }),
      });
      // The last reading shows where the run ended (a diverged run's NaN units count as dead).
      const endStep = outcome.status === 'diverged' ? outcome.step : run.steps;
      if (probe && probedAt !== endStep) await measureDeadRelu(endStep);
      let evaluation: Evaluation | undefined;
      if (outcome.status !== 'diverged') {
        const onVal = ds.count > nTrain;
        const from = onVal ? nTrain : 0;
        const to = onVal ? ds.count : Math.min(ds.count, MAX_TRAINING_EVAL);
        const ev = await evaluate(model, ds, lossMode, from, to, { batchSize: evalBatchSize(settings.batchSize) });
        if (ev && ev !== 'stopped') evaluation = { accuracy: ev.accuracy, loss: ev.loss, from, on: onVal ? 'validation' : 'training', predictions: ev.predictions, labels: ev.labels };
      }
      // The probe's batch goes before the answer, so the memory it reports is the run's end state.
      probe?.dispose();
      probe = null;
      post({
        type: 'trained', id, outcome, steps: run.steps, memory: memoryReport(),
        ...(run.stopHeardAt !== undefined ? { stopHeardAt: run.stopHeardAt } : {}),
        ...(evaluation ? { evaluation } : {}),
      });
    } finally {
      probe?.dispose();
    }
  }

  /**
   * The range test on the training part of the data in a seeded order, always from the model's
   * seeded initial weights (the build Start and Compare begin from): on trained weights the loss
   * is already low and the suggestion means nothing, so a trained model's weights are set aside,
   * the initial ones copied in, and the trained ones put back afterwards. Its own optimizer steps
   * (no run's optimizer state exists between runs, and ../../shared/tf/lrFinder.ts never touches a
   * caller's); every weight is compared byte for byte with its copy from before, and the answer
   * says whether they are equal.
   */
  async function runFindLr(msg: FindLrMessage, run: Run): Promise<void> {
    const { id, dataset: ds, settings, lossMode } = msg;
    if (!built) return post({ type: 'failed', id, message: pageSay('train.engine.trainBeforeBuild') });
    const { model, groups } = built.model;
    const { inputShape, layers, seed } = built.request;
    const nTrain = splitValidation(ds.count, settings.validationSplit).train;
    const batchSize = Math.min(settings.batchSize, nTrain);
    const order = permutation(nTrain, mulberry32(settings.seed ^ 0x1f1d));
    const before = model.getWeights().map((w) => new Uint8Array((w.dataSync() as Float32Array).slice().buffer));
    const initial = await specInitialWeights(inputShape, layers, seed);
    const current = await Promise.all(groups.map((g) => readWeights(g)));
    // Trained (or stopped part-way): some value differs from the seeded build's.
    const setAside = !sameValues(current.flatMap((l) => l.values), initial.flatMap((l) => l.values));
    const trainedCopy = setAside ? model.getWeights().map((w) => tf.clone(w)) : undefined;
    const total = 100;
    const rates = rangeRates({ minLr: 1e-6, maxLr: 1, steps: total });
    class Stopped extends Error {}
    let result;
    let stopped = false;
    let startFingerprint = '';
    try {
      if (setAside) groups.forEach((g, i) => assignWeights(g, initial[i], layers[i].name));
      // Read back from the model: what the test really starts from.
      startFingerprint = bytesFingerprint((await Promise.all(groups.map((g) => readWeights(g)))).flatMap((l) => l.values));
      result = await findLearningRate(
        {
          getWeights: () => model.getWeights(),
          setWeights: (w) => model.setWeights(w),
          loss: (i) => {
            post({ type: 'lrProgress', id, batch: i + 1, total, lr: rates[i] });
            const start = (i * batchSize) % Math.max(1, nTrain - batchSize + 1);
            const batch = gatherBatch(ds, order.subarray(start, start + batchSize));
            const x = tf.tensor(batch.xs, [batch.labels.length, ...ds.sampleShape]);
            const y = tf.tensor1d(batch.labels, 'int32');
            return lossFor(lossMode, model.apply(x, { training: true }) as tf.Tensor, y, ds.numClasses);
          },
        },
        settings.optimizer,
        settings.hypers ?? {},
        { minLr: rates[0], maxLr: rates[total - 1], steps: total },
        async () => {
          await yieldToPage();
          if (run.control.stopRequested) throw new Stopped();
        },
      );
    } catch (err) {
      if (!(err instanceof Stopped)) throw err;
      stopped = true;
    } finally {
      if (trainedCopy) {
        model.setWeights(trainedCopy);
        tf.dispose(trainedCopy);
      }
    }
    const after = model.getWeights().map((w) => new Uint8Array((w.dataSync() as Float32Array).slice().buffer));
    const restored = before.length === after.length && before.every((b, i) => b.length === after[i].length && b.every((x, j) => x === after[i][j]));
    post({
      type: 'lrFound', id, stopped, restored, memory: memoryReport(), start: { seed, fingerprint: startFingerprint, setAside },
      ...(result ? {
        result: {
          rates: result.rates, losses: result.losses, smoothed: result.smoothed,
          ...(result.stoppedAt !== undefined ? { stoppedAt: result.stoppedAt } : {}),
          ...(result.suggestion ? { suggestion: result.suggestion } : {}),
        },
      } : {}),
    });
  }

  async function runRace(msg: RaceMessage, run: Run): Promise<void> {
    const restore = tf.getBackend() as BackendName;
    const outcome = await raceBackends({
      inputShape: msg.inputShape, layers: msg.layers, settings: msg.settings, numClasses: msg.numClasses,
      batchesPerRound: msg.batchesPerRound, rounds: msg.rounds, restore,
      onUpdate: (results) => post({ type: 'raceUpdate', id: msg.id, results }),
      onProgress: (text) => post({ type: 'raceProgress', id: msg.id, text }),
      shouldStop: () => run.control.stopRequested,
    });
    post({ type: 'raceDone', id: msg.id, results: outcome.results, stopped: outcome.stopped, memory: memoryReport() });
  }

  async function runComparison(msg: CompareMessage, run: Run): Promise<void> {
    const { id } = msg;
    const outcome = await runCompare(msg, run.control, {
      onVariantStart: (variant, info) => post({ type: 'compareStart', id, variant, ...info }),
      onBatch: (variant, report) => {
        run.steps += 1;
        post({ type: 'compareBatch', id, variant, report });
      },
      onEpoch: (variant, report) => post({ type: 'compareEpoch', id, variant, report, memory: memoryReport() }),
      onVariantDone: (variant, result) => post({ type: 'compareResult', id, variant, ...result }),
      onPauseChange: (paused) => post({ type: 'paused', id, paused }),
    });
    post({ type: 'compareDone', id, stopped: outcome.stopped, memory: memoryReport() });
  }

  return (raw: unknown) => {
    const msg = parseToTrainEngine(raw);
    if (!msg) {
      const id = typeof raw === 'object' && raw !== null && Number.isInteger((raw as { id?: unknown }).id) ? (raw as { id: number }).id : undefined;
      post({ type: 'failed', id: id !== undefined && id >= 0 ? id : undefined, message: pageSay('train.engine.malformed') });
      return;
    }
    switch (msg.type) {
      case 'start':
        // Answered at once: choosing a backend (which starts one) is a request of its own.
        if (msg.wasmBase) setWasmBase(msg.wasmBase);
        speak(msg.lang ?? 'en');
        started = { renderer: msg.renderer };
        setWebglAllowed(msg.renderer !== undefined);
        post({ type: 'started', where });
        return;
      case 'lang':
        speak(msg.lang);
        return;
      case 'pause':
        run.control.paused = msg.paused;
        return;
      case 'stop':
        run.control.stopRequested = true;
        run.control.paused = false;
        run.stopHeardAt ??= run.steps;
        return;
    }
    let work: () => Promise<void> = () => handle(msg);
    if (msg.type === 'train' || msg.type === 'race' || msg.type === 'compare' || msg.type === 'overfitDemo' || msg.type === 'findLr') {
      // A run gets its control when it arrives, so a Stop sent after it (even before it begins)
      // applies to it, and a Stop of the run before does not.
      const current = newRun();
      run = current;
      work = () => (msg.type === 'train' ? runTraining(msg, current)
        : msg.type === 'race' ? runRace(msg, current)
          : msg.type === 'compare' ? runComparison(msg, current)
            : msg.type === 'findLr' ? runFindLr(msg, current)
              : runOverfitDemo(msg, current.control, post, memoryReport));
    }
    queue = queue.then(work).catch((err: unknown) => post({ type: 'failed', id: msg.id, message: failText(err) }));
  };
}
