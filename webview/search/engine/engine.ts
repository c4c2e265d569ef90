/**
 * The search panel's compute engine: trains one trial at a time with the shared training library
 * (webview/shared/training/: model.ts builds the spec's model with the trial's seed, trainer.ts
 * trains it with that seed's batch order), then disposes the model and reports the trial's
 * validation accuracy and tf.memory().numTensors before and after (the browser test holds them
 * equal). It normally runs in a dedicated Web Worker (../engineClient.ts); `stop` acts at once on
 * the running trial, which hears it between batches.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { sayIn } from '../../../src/core/i18n';
import { startFirstBackend } from '../../shared/tf/backend';
import { registerWasmTrainingKernels, wasmTrainingKernelsReady, type WasmBackend } from '../../shared/tf/wasmTraining';
import { buildModel } from '../../shared/training/model';
import { installPageSay } from '../../shared/training/pageSay';
import { train, type RunControl } from '../../shared/training/trainer';
import type { EpochReport, TrainSettings } from '../../shared/training/trainConfig';
import { trialLayers, type TrialResult } from '../search';
import { SEARCH_NO_BACKEND, parseToSearchEngine, type EngineBackend, type FromSearchEngine, type TrialMessage } from './protocol';

const failText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Creates an engine that answers through `post`; returns the function that takes its messages. */
export function createSearchEngine(post: (msg: FromSearchEngine) => void): (raw: unknown) => void {
  let started: Promise<EngineBackend | undefined> | undefined;
  let queue: Promise<void> = Promise.resolve();
  /** The trial in progress (or queued last): `stop` acts on it. */
  let control: RunControl = { stopRequested: false, paused: false };

  async function start(backends: EngineBackend[], wasmBase: string | undefined): Promise<EngineBackend | undefined> {
    if (wasmBase) setWasmPaths(wasmBase.endsWith('/') ? wasmBase : `${wasmBase}/`);
    // Convolutions train on WASM only with NetLens's kernels (TF.js 4.22 has no gradients there).
    registerWasmTrainingKernels();
    try {
      const backend = await startFirstBackend(backends);
      if (backend === 'wasm') await wasmTrainingKernelsReady(tf.backend() as unknown as WasmBackend);
      post({ type: 'started', backend });
      return backend;
    } catch (err) {
      post({ type: 'failed', message: failText(err) });
      return undefined;
    }
  }

  async function runTrial(msg: TrialMessage, run: RunControl): Promise<void> {
    const { trial } = msg;
    const tensorsBefore = tf.memory().numTensors;
    // The trial's seed decides the initial weights (buildModel) and the batch order (settings.seed).
    const built = buildModel(msg.inputShape, trialLayers(msg.layers, trial.params), trial.seed);
    let last: EpochReport | undefined;
    let outcome: Awaited<ReturnType<typeof train>>;
    try {
      const settings: TrainSettings = {
        optimizer: msg.optimizer, learningRate: trial.params.learningRate, batchSize: trial.params.batchSize ?? msg.batchSize,
        epochs: msg.epochs, validationSplit: msg.validationSplit, seed: trial.seed,
      };
      outcome = await train(built.model, msg.dataset, msg.lossMode, settings, run, {
        onEpoch: (r) => {
          last = r;
          post({ type: 'epoch', id: msg.id, epoch: r.epoch, loss: r.loss, numTensors: r.numTensors, ...(r.valAccuracy !== undefined ? { valAccuracy: r.valAccuracy } : {}) });
        },
      });
    } finally {
      built.model.dispose();
    }
    if (outcome.status === 'stopped') return post({ type: 'trialDone', id: msg.id, stopped: true });
    const diverged = outcome.status === 'diverged';
    const result: TrialResult = {
      ...trial,
      status: diverged ? 'diverged' : 'done',
      valAccuracy: diverged ? 0 : last?.valAccuracy ?? 0,
      valLoss: diverged ? NaN : last?.valLoss ?? NaN,
      trainAccuracy: diverged ? 0 : last?.accuracy ?? 0,
      epochs: outcome.status === 'done' ? outcome.epochs : last?.epoch ?? 0,
      tensorsBefore,
      tensorsAfter: tf.memory().numTensors,
    };
    post({ type: 'trialDone', id: msg.id, stopped: false, result });
  }

  return (raw: unknown) => {
    const msg = parseToSearchEngine(raw);
    if (!msg) {
      const id = typeof raw === 'object' && raw !== null && Number.isInteger((raw as { id?: unknown }).id) ? (raw as { id: number }).id : undefined;
      post({ type: 'failed', ...(id !== undefined && id >= 0 ? { id } : {}), message: 'NetLens: the search engine ignored a malformed message' });
      return;
    }
    switch (msg.type) {
      case 'start':
        // The library's texts (TF.js errors, divergence) in the page's language.
        installPageSay(sayIn(msg.lang ?? 'en'));
        started ??= start(msg.backends, msg.wasmBase);
        return;
      case 'stop':
        control.stopRequested = true;
        return;
      case 'trial': {
        // A trial gets its control when it arrives: a Stop sent after it applies to it.
        const run: RunControl = { stopRequested: false, paused: false };
        control = run;
        queue = queue.then(async () => {
          const backend = started ? await started : undefined;
          if (!backend) return post({ type: 'failed', id: msg.id, message: SEARCH_NO_BACKEND });
          await runTrial(msg, run);
        }).catch((err: unknown) => post({ type: 'failed', id: msg.id, message: failText(err) }));
        return;
      }
    }
  };
}
