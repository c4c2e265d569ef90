/**
 * The activation explorer's compute engine: every TF.js computation of the explorer behind a
 * message interface (./protocol.ts): the curves, derivatives, read-outs and measurements
 * (./curveMaths.ts), the PReLU, dead-ReLU and zig-zag demos (./prelu.ts, ./deadReluDemo.ts,
 * ./zigzag.ts), the activation race (./raceTraining.ts) and the cost timing. It normally runs in a
 * dedicated Web Worker, so the explorer never freezes; where a worker cannot start, the page runs
 * the same code itself (../engineClient.ts).
 *
 * Two lanes. Races and cost timings run one at a time in arrival order (a timing must not share
 * the CPU with a race), except `stopRace`, which acts at once. The explorer's own requests run one
 * at a time in a lane of their own, so a slider still answers while a race trains (between its
 * batches, on the same backend), and a newer request of the same slot supersedes a waiting older
 * one (protocol.ts coalescingSlot): dragging a slider never queues hundreds of jobs. A cost
 * timing switches TF.js's backend, so it and the explorer's requests never overlap.
 */
import * as tf from '@tensorflow/tfjs';
// Registers the WASM backend: without a GPU it trains the race's CNN many times faster than the CPU backend.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { startFirstBackend } from '../../shared/tf/backend';
import { registerWasmTrainingKernels, wasmTrainingKernelsReady, type WasmBackend } from '../../shared/tf/wasmTraining';
import { RACE_PRESETS, type RaceControl, type RaceRun } from '../race';
import { computeCurves, measureCostOn, measureCurve, readoutAt } from './curveMaths';
import { runDeadReluDemo } from './deadReluDemo';
import { learnPreluAlpha } from './prelu';
import {
  ENGINE_NO_BACKEND, coalescingSlot, parseToEngineMessage,
  type CostMessage, type EngineBackend, type ExplorerRequest, type FromEngineMessage, type RaceMessage, type ToEngineMessage,
} from './protocol';
import { race } from './raceTraining';
import { runZigzag } from './zigzag';

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
  /** The backend everything runs on (a cost timing switches away and back), once started; undefined when none could start. */
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
    const curves = msg.curves;
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

  /** The cost timing in progress: the explorer's lane waits for it (it switches the backend). */
  let timing: Promise<void> | undefined;
  /** The explorer's request in progress: a cost timing waits for it. */
  let computing: Promise<void> | undefined;

  async function compute(msg: ExplorerRequest, backend: EngineBackend): Promise<void> {
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
    switch (msg.type) {
      case 'curves': {
        const results = await computeCurves(msg.curves);
        return post({ type: 'curvesResult', id: msg.id, curves: results.map((r) => ({ id: r.id, f: r.values.f, df: r.values.df, ranges: r.ranges })) });
      }
      case 'readout':
        return post({ type: 'readoutResult', id: msg.id, x: msg.x, rows: await readoutAt(msg.x, msg.curves) });
      case 'measure':
        return post({ type: 'measureResult', id: msg.id, measure: await measureCurve(msg.curve) });
      case 'prelu':
        return post({ type: 'preluResult', id: msg.id, result: await learnPreluAlpha() });
      case 'deadRelu':
        return post({ type: 'deadReluResult', id: msg.id, result: await runDeadReluDemo({ learningRate: msg.learningRate }) });
      case 'zigzag':
        return post({ type: 'zigzagResult', id: msg.id, result: await runZigzag({ positiveInputs: msg.positiveInputs, target: msg.target }) });
    }
  }

  /** The engine's backend once started, or a `failed` answer to `id` (and undefined) when there is none. */
  async function backendFor(id: number): Promise<EngineBackend | undefined> {
    if (!started) {
      post({ type: 'failed', id, message: 'NetLens: the engine was asked to compute before it was started' });
      return undefined;
    }
    const backend = await started;
    if (!backend) post({ type: 'failed', id, message: ENGINE_NO_BACKEND });
    return backend;
  }

  /** Explorer requests waiting, by slot, oldest slot first; a newer request replaces its slot's. */
  const waiting = new Map<string, ExplorerRequest>();
  let pumping = false;

  async function pumpExplorer(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      for (let next = waiting.entries().next(); !next.done; next = waiting.entries().next()) {
        const [slot, msg] = next.value;
        waiting.delete(slot);
        const backend = await backendFor(msg.id);
        if (!backend) continue;
        // A failed timing answers its own request (handle); here it only ends the wait.
        while (timing) await timing.catch(() => undefined);
        computing = compute(msg, backend).catch((err: unknown) => post({ type: 'failed', id: msg.id, message: failText(err) }));
        await computing;
        computing = undefined;
      }
    } finally {
      pumping = false;
    }
  }

  async function handle(msg: Exclude<ToEngineMessage, ExplorerRequest>): Promise<void> {
    if (msg.type === 'start') {
      started ??= start(msg.backends, msg.wasmBase);
      await started;
      return;
    }
    if (msg.type === 'stopRace') return;
    const backend = await backendFor(msg.id);
    if (!backend) return;
    try {
      if (msg.type === 'race') await runRace(msg, backend);
      else {
        while (computing) await computing;
        timing = runCost(msg, backend);
        try {
          await timing;
        } finally {
          timing = undefined;
        }
      }
    } catch (err) {
      post({ type: 'failed', id: msg.id, message: failText(err) });
    }
  }

  function isExplorerRequest(msg: ToEngineMessage): msg is ExplorerRequest {
    return msg.type !== 'start' && msg.type !== 'stopRace' && msg.type !== 'race' && msg.type !== 'cost';
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
    if (isExplorerRequest(msg)) {
      const slot = coalescingSlot(msg);
      const older = waiting.get(slot);
      if (older) post({ type: 'superseded', id: older.id });
      // Deleted first, so the newest request of a slot also goes to the back of the line.
      waiting.delete(slot);
      waiting.set(slot, msg);
      void pumpExplorer();
      return;
    }
    queue = queue.then(() => handle(msg)).catch((err: unknown) => post({ type: 'failed', message: failText(err) }));
  };
}
