/**
 * The init lab's compute engine: TF.js, the network's cached random draws and the experiments of
 * ./experiment.ts behind a message interface (./protocol.ts). It normally runs in a
 * dedicated Web Worker, so the panel stays responsive while a recompute takes seconds on a CPU;
 * where a worker cannot start, the page runs the same code itself (../engineClient.ts).
 */
import * as tf from '@tensorflow/tfjs';
// Registers the WASM backend: without a GPU it computes the lab several times faster than the CPU backend.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { NoBackendError, startFirstBackend } from '../../shared/tf/backend';
import { labText, labTextOf, type LabText } from '../labText';
import { NetDraws, checkNetConfig, runInitExperiment, runSymmetryDemo } from './experiment';
import { parseToEngineMessage, type FromEngineMessage, type ToEngineMessage } from './protocol';

/** Creates an engine that answers through `post`; returns the function that takes its messages. */
export function createLabEngine(post: (msg: FromEngineMessage) => void): (raw: unknown) => void {
  let draws: NetDraws | undefined;
  /** Resolves true once a backend runs, false when none could start (then every request fails). */
  let started: Promise<boolean> | undefined;
  // One request at a time, in arrival order: TF.js work is not re-entrant across awaits here.
  let queue: Promise<void> = Promise.resolve();

  const failText = (err: unknown): LabText =>
    err instanceof NoBackendError ? labText('webview.backend.noneStarted', { backends: err.tried.join(', ') }) : labTextOf(err);

  async function handle(msg: ToEngineMessage): Promise<void> {
    switch (msg.type) {
      case 'start':
        if (msg.wasmBase && !started) setWasmPaths(msg.wasmBase.endsWith('/') ? msg.wasmBase : `${msg.wasmBase}/`);
        started ??= startFirstBackend(msg.backends).then(
          (backend) => (post({ type: 'started', backend }), true),
          (err: unknown) => (post({ type: 'failed', reason: failText(err) }), false),
        );
        await started;
        return;
      case 'experiment':
      case 'symmetry': {
        if (!started) return post({ type: 'failed', id: msg.id, reason: labText('init.engine.askedBeforeStart') });
        if (!(await started)) return post({ type: 'failed', id: msg.id, reason: labText('init.engine.noBackend') });
        const problem = checkNetConfig(msg.net);
        if (problem) return post({ type: 'failed', id: msg.id, reason: problem });
        try {
          if (msg.type === 'symmetry') {
            const result = await runSymmetryDemo(msg.net, msg.init);
            return post({ type: 'symmetryResult', id: msg.id, result });
          }
          // A new network (size, batch or seed) gets new draws; an initializer change reuses them.
          if (!draws?.fits(msg.net)) {
            draws?.dispose();
            draws = undefined;
            draws = new NetDraws(msg.net);
          }
          const result = await runInitExperiment(msg.net, msg.init, { draws });
          return post({ type: 'experimentResult', id: msg.id, result, numTensors: tf.memory().numTensors });
        } catch (err) {
          return post({ type: 'failed', id: msg.id, reason: failText(err) });
        }
      }
    }
  }

  return (raw: unknown) => {
    const msg = parseToEngineMessage(raw);
    if (!msg) {
      const id = typeof raw === 'object' && raw !== null && Number.isInteger((raw as { id?: unknown }).id) ? (raw as { id: number }).id : undefined;
      post({ type: 'failed', id: id !== undefined && id >= 0 ? id : undefined, reason: labText('init.engine.malformed') });
      return;
    }
    queue = queue.then(() => handle(msg)).catch((err: unknown) => post({ type: 'failed', reason: failText(err) }));
  };
}
