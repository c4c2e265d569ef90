/**
 * The activation explorer's compute engine: the activation race (../race.ts) and the cost
 * measurement (../explorer.ts measureCost) behind a message interface (./protocol.ts). It normally
 * runs in a dedicated Web Worker, so the explorer never freezes while a race trains the lecture's
 * CNN for minutes; where a worker cannot start, the page runs the same code itself
 * (../engineClient.ts).
 *
 * Requests run one at a time in arrival order (TF.js work is not re-entrant across awaits, and a
 * timing must not share the CPU with a race), except `stopRace`, which acts at once.
 */
import * as tf from '@tensorflow/tfjs';
// Registers the WASM backend: without a GPU it trains the race's CNN many times faster than the CPU backend.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { startFirstBackend } from '../../shared/tf/backend';
import { registerWasmTrainingKernels, wasmTrainingKernelsReady, type WasmBackend } from '../../shared/tf/wasmTraining';
import { CURVES, measureCostOn } from '../explorer';
import { RACE_PRESETS, race, type RaceControl, type RaceRun } from '../race';
import { ENGINE_NO_BACKEND, parseToEngineMessage, type CostMessage, type EngineBackend, type FromEngineMessage, type RaceMessage, type ToEngineMessage } from './protocol';

/** The renderer the engine's own WebGL reports (an OffscreenCanvas in a worker), or undefined without one. */
function ownGpuRenderer(): string | undefined {
  try {
    if (typeof OffscreenCanvas === 'undefined') return undefined;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
    if (!gl) return undefined;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const text = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return text;
  } catch {
    return undefined;
  }
}

/** A copy of a run as it is now: the race keeps appending to the original after it is posted. */
const snapshot = (run: RaceRun): RaceRun => ({ ...run, epochs: [...run.epochs], errors: [...run.errors], losses: [...run.losses] });

/** Creates an engine that answers through `post`; returns the function that takes its messages. */
export function createActivationsEngine(post: (msg: FromEngineMessage) => void): (raw: unknown) => void {
  /** The backend races run on, once started; undefined when none could start. */
  let started: Promise<EngineBackend | undefined> | undefined;
  let queue: Promise<void> = Promise.resolve();
  /** The race in progress, for stopRace. */
  let running: RaceControl | undefined;

  const failText = (err: unknown) => (err instanceof Error ? err.message : String(err));

  async function start(backends: EngineBackend[], wasmBase: string | undefined): Promise<EngineBackend | undefined> {
    if (wasmBase) setWasmPaths(wasmBase.endsWith('/') ? wasmBase : `${wasmBase}/`);
    // The race trains a CNN: WASM needs NetLens's training kernels (TF.js 4.22 cannot train convolutions there alone).
    registerWasmTrainingKernels();
    try {
      const backend = await startFirstBackend(backends);
      if (backend === 'wasm') await wasmTrainingKernelsReady(tf.backend() as unknown as WasmBackend);
      const renderer = ownGpuRenderer();
      post(renderer === undefined ? { type: 'started', backend } : { type: 'started', backend, renderer });
      return backend;
    } catch (err) {
      post({ type: 'failed', message: failText(err) });
      return undefined;
    }
  }

  async function runRace(msg: RaceMessage, backend: EngineBackend): Promise<void> {
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
    const control: RaceControl = { stopRequested: false };
    running = control;
    try {
      const result = await race(msg.activations, RACE_PRESETS[msg.preset], (run) => post({ type: 'raceProgress', id: msg.id, run: snapshot(run) }), control);
      post({
        type: 'raceResult', id: msg.id,
        result: { preset: msg.preset, initialFingerprint: result.initialFingerprint, parameters: result.parameters, backend: result.backend as EngineBackend, runs: result.runs, stopped: !!result.stopped },
      });
    } finally {
      running = undefined;
    }
  }

  async function runCost(msg: CostMessage, backend: EngineBackend): Promise<void> {
    const curves = msg.curves.map(({ id, params }) => {
      const curve = CURVES.find((c) => c.id === id);
      if (!curve) throw new Error(`no curve ${id}`);
      return { curve, params };
    });
    // Measured where asked; where that backend cannot start here (no WebGL in this worker), on the
    // engine's own, and the answer says which, so the page labels its column truthfully.
    let on: EngineBackend = msg.backend;
    if (on !== tf.getBackend()) {
      const previous = tf.getBackend();
      const ok = await tf.setBackend(on).catch(() => false);
      if (!ok) on = backend;
      await tf.setBackend(previous);
    }
    const costs = await measureCostOn(on, curves, msg.method);
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
    post({ type: 'costResult', id: msg.id, backend: on, costs: [...costs].map(([id, c]) => ({ id, ...c })) });
  }

  async function handle(msg: ToEngineMessage): Promise<void> {
    if (msg.type === 'start') {
      started ??= start(msg.backends, msg.wasmBase);
      await started;
      return;
    }
    if (msg.type === 'stopRace') return;
    if (!started) return post({ type: 'failed', id: msg.id, message: 'NetLens: the engine was asked to compute before it was started' });
    const backend = await started;
    if (!backend) return post({ type: 'failed', id: msg.id, message: ENGINE_NO_BACKEND });
    try {
      if (msg.type === 'race') await runRace(msg, backend);
      else await runCost(msg, backend);
    } catch (err) {
      post({ type: 'failed', id: msg.id, message: failText(err) });
    }
  }

  return (raw: unknown) => {
    const msg = parseToEngineMessage(raw);
    if (!msg) {
      const id = typeof raw === 'object' && raw !== null && Number.isInteger((raw as { id?: unknown }).id) ? (raw as { id: number }).id : undefined;
      post({ type: 'failed', id: id !== undefined && id >= 0 ? id : undefined, message: 'NetLens: the activation explorer engine got a malformed request' });
      return;
    }
    // Not queued: the race it stops is what the queue is waiting on.
    if (msg.type === 'stopRace') {
      if (running) running.stopRequested = true;
      return;
    }
    queue = queue.then(() => handle(msg)).catch((err: unknown) => post({ type: 'failed', message: failText(err) }));
  };
}
