// The activation explorer's engine (webview/activations/engine/) on TF.js's CPU backend in Node,
// called directly as the worker would be: its messages are checked both ways, a race reports its
// runs as it goes and can be stopped, the cost timing says which backend it ran on, and the page's
// client fails every waiting request when the engine dies.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createActivationsEngine } from '../../../../webview/activations/engine/engine';
import {
  parseCostMethod, parseCurveParams, parseFromEngineMessage, parseRaceRun, parseToEngineMessage, type FromEngineMessage, type ToEngineMessage,
} from '../../../../webview/activations/engine/protocol';
import { startEngine } from '../../../../webview/activations/engineClient';
import type { EnginePort } from '../../../../webview/shared/enginePort';
import { DEFAULT_RACE } from '../../../../webview/activations/race';
import { sayIn } from '../../../../src/core/i18n';

/** An engine wired to a list of its answers; `until` waits for an answer that passes the guard. */
function engineUnderTest() {
  const got: FromEngineMessage[] = [];
  const waiters: (() => void)[] = [];
  const send = createActivationsEngine((msg) => {
    // What the page would receive: the guard must accept everything the engine sends.
    // Copied as postMessage copies (typed arrays and ±Infinity survive, functions would not).
    const parsed = parseFromEngineMessage(structuredClone(msg));
    assert.ok(parsed, `the engine sent a message the page would drop: ${JSON.stringify(msg).slice(0, 300)}`);
    got.push(parsed);
    for (const w of waiters.splice(0)) w();
  });
  const until = async (pred: (m: FromEngineMessage) => boolean): Promise<FromEngineMessage> => {
    for (;;) {
      const hit = got.find(pred);
      if (hit) return hit;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { send, got, until };
}

describe('webview/activations/engine: the race and the cost timing behind messages (TF.js CPU)', () => {
  it('rebuilds only well-formed requests', () => {
    assert.deepEqual(parseToEngineMessage({ type: 'race', id: 1, preset: 'cnn-small', activations: ['relu', 'tanh'], extra: 1 }), { type: 'race', id: 1, preset: 'cnn-small', activations: ['relu', 'tanh'] });
    for (const bad of [
      { type: 'race', id: 1, preset: 'huge', activations: ['relu'] },
      { type: 'race', id: 1, preset: 'mlp', activations: ['relu', 'relu'] },
      { type: 'race', id: 1, preset: 'mlp', activations: ['softmax'] },
      { type: 'race', id: -1, preset: 'mlp', activations: ['relu'] },
      { type: 'cost', id: 2, backend: 'webgl', curves: [{ id: 'relu', params: {} }], method: { n: 1e9, reps: 1, rounds: 1, warmup: 0 } },
      { type: 'cost', id: 2, backend: 'gpu', curves: [{ id: 'relu', params: {} }], method: { n: 1000, reps: 1, rounds: 1, warmup: 0 } },
      { type: 'cost', id: 2, backend: 'cpu', curves: [{ id: 'nope', params: {} }], method: { n: 1000, reps: 1, rounds: 1, warmup: 0 } },
      { type: 'start', backends: [] },
    ]) {
      assert.equal(parseToEngineMessage(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parseCurveParams({ alpha: 0.3, junk: 'x' }), { alpha: 0.3 });
    assert.equal(parseCurveParams({ alpha: Infinity }), undefined);
    assert.equal(parseCostMethod({ n: 1000, reps: 0, rounds: 1, warmup: 0 }), undefined);
    const run = { activation: 'relu', startFingerprint: '0123abcd', batchFingerprints: ['89abcdef'], epochs: [1], errors: [0.5], losses: [NaN], seconds: 1, diverged: true };
    assert.deepEqual(parseRaceRun({ ...run, injected: '<img>' }), run);
    assert.equal(parseRaceRun({ ...run, errors: [] }), undefined, 'one error per check');
    assert.equal(parseRaceRun({ ...run, startFingerprint: 'x' }), undefined);
  });

  it('answers a malformed request with failed, and computing before start with failed', async () => {
    const e = engineUnderTest();
    e.send({ type: 'race', id: 4, preset: 'mlp', activations: [] });
    assert.deepEqual(await e.until((m) => m.type === 'failed'), { type: 'failed', id: 4, message: 'NetLens: the activation explorer engine got a malformed request' });
    e.send({ type: 'race', id: 5, preset: 'mlp', activations: ['relu'] } satisfies ToEngineMessage);
    assert.match(((await e.until((m) => m.type === 'failed' && m.id === 5)) as { message: string }).message, /before it was started/);
  });

  it('races with progress, stops when asked, and times the curves on the backend it names', async function () {
    this.timeout(120_000);
    const e = engineUnderTest();
    e.send({ type: 'start', backends: ['cpu'] } satisfies ToEngineMessage);
    assert.deepEqual(await e.until((m) => m.type === 'started'), { type: 'started', backend: 'cpu' });
    const before = tf.memory().numTensors;

    e.send({ type: 'race', id: 1, preset: 'mlp', activations: ['relu'] } satisfies ToEngineMessage);
    const done = await e.until((m) => m.type === 'raceResult' && m.id === 1);
    assert.ok(done.type === 'raceResult');
    const progress = e.got.filter((m) => m.type === 'raceProgress' && m.id === 1);
    const relu = done.result.runs[0];
    assert.equal(progress.length, relu.epochs.length, 'one progress message per check');
    assert.equal(done.result.preset, 'mlp');
    assert.equal(done.result.backend, 'cpu');
    assert.equal(done.result.stopped, false);
    assert.equal(relu.startFingerprint, done.result.initialFingerprint);
    assert.ok(relu.epochsToTarget !== undefined && relu.epochsToTarget <= DEFAULT_RACE.maxEpochs);

    // A stop arrives while the race runs (after its first check), not after it: it is not queued.
    e.send({ type: 'race', id: 2, preset: 'mlp', activations: ['sigmoid', 'relu'] } satisfies ToEngineMessage);
    await e.until((m) => m.type === 'raceProgress' && m.id === 2);
    e.send({ type: 'stopRace' } satisfies ToEngineMessage);
    const stopped = await e.until((m) => m.type === 'raceResult' && m.id === 2);
    assert.ok(stopped.type === 'raceResult');
    assert.equal(stopped.result.stopped, true);
    assert.deepEqual(stopped.result.runs.map((r) => r.activation), ['sigmoid']);
    assert.ok(stopped.result.runs[0].epochs.length < DEFAULT_RACE.maxEpochs);

    // WebGL cannot start in Node: the timing falls back to the engine's backend and says so.
    e.send({ type: 'cost', id: 3, backend: 'webgl', curves: [{ id: 'relu', params: {} }, { id: 'elu', params: { alpha: 0.5 } }], method: { n: 2000, reps: 1, rounds: 3, warmup: 0 } } satisfies ToEngineMessage);
    const cost = await e.until((m) => m.type === 'costResult' && m.id === 3);
    assert.ok(cost.type === 'costResult');
    assert.equal(cost.backend, 'cpu');
    assert.deepEqual(cost.costs.map((c) => c.id), ['relu', 'elu']);
    assert.equal(cost.costs[0].ratio, 1, "ReLU's own ratio");
    assert.ok(cost.costs.every((c) => c.rounds === 3 && c.ms > 0));
    assert.equal(tf.getBackend(), 'cpu');
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  });

  it("the page's client: a dead engine fails the waiting request and every later one", async () => {
    let listener: ((raw: unknown) => void) | undefined;
    let onError: ((text: string) => void) | undefined;
    const sent: ToEngineMessage[] = [];
    const port: EnginePort<ToEngineMessage> = {
      send: (msg) => {
        sent.push(msg);
        if (msg.type === 'start') setTimeout(() => listener?.({ type: 'started', backend: 'wasm', renderer: 'SwiftShader' }));
      },
      listen: (m, err) => {
        listener = m;
        onError = err;
      },
      close: () => {},
    };
    const client = await startEngine(port, 'worker', { backends: ['wasm'] }, undefined, 5_000, sayIn('en'));
    assert.equal(client.backend, 'wasm');
    assert.equal(client.renderer, 'SwiftShader');
    const progress: number[] = [];
    const racing = client.race('cnn-small', ['relu'], (run) => progress.push(run.epochs.length));
    const id = (sent.at(-1) as { id: number }).id;
    listener!({ type: 'raceProgress', id, run: { activation: 'relu', startFingerprint: '0123abcd', batchFingerprints: ['0123abcd'], epochs: [0.25], errors: [0.9], losses: [2.3], seconds: 0.1, diverged: false } });
    listener!({ type: 'raceProgress', id, run: { activation: 'relu', injected: true } });
    await new Promise((resolve) => setTimeout(resolve));
    assert.deepEqual(progress, [1], 'the malformed progress message is dropped');
    onError!('the worker ran out of memory');
    await assert.rejects(racing, /out of memory/);
    await assert.rejects(client.cost('cpu', [{ id: 'relu', params: {} }], { n: 1000, reps: 1, rounds: 1, warmup: 0 }), /engine stopped: the worker ran out of memory/);
  });
});
