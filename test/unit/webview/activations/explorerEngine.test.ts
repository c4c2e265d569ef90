// The explorer's own computations in its engine (webview/activations/engine/engine.ts), called
// directly as the worker would be, on TF.js's CPU backend in Node: the curves, read-outs and
// measurements and the three demos answer with exactly what the same functions give when called
// directly (the page computed them so before), malformed messages are refused both ways, a dragged
// slider's requests are coalesced (latest wins), and a slider still answers while a race trains.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { sayIn } from '../../../../src/core/i18n';
import { findCurve } from '../../../../webview/activations/curves';
import { computeCurves, measureCurve } from '../../../../webview/activations/engine/curveMaths';
import { runDeadReluDemo } from '../../../../webview/activations/engine/deadReluDemo';
import { createActivationsEngine } from '../../../../webview/activations/engine/engine';
import { learnPreluAlpha } from '../../../../webview/activations/engine/prelu';
import {
  parseFromEngineMessage, parseToEngineMessage, type FromEngineMessage, type ToEngineMessage,
} from '../../../../webview/activations/engine/protocol';
import { runZigzag } from '../../../../webview/activations/engine/zigzag';
import { SupersededError, startEngine } from '../../../../webview/activations/engineClient';
import { GRID_POINTS } from '../../../../webview/activations/explorer';
import type { EnginePort } from '../../../../webview/shared/enginePort';

/** An engine wired to a list of its answers, each copied as postMessage copies and checked by the page's guard. */
function engineUnderTest() {
  const got: FromEngineMessage[] = [];
  const waiters: (() => void)[] = [];
  const send = createActivationsEngine((msg) => {
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
  const answer = <T extends FromEngineMessage['type']>(type: T, id: number) =>
    until((m) => m.type === type && 'id' in m && m.id === id) as Promise<Extract<FromEngineMessage, { type: T }>>;
  return { send, got, until, answer };
}

const grid = (fill: number) => new Float32Array(GRID_POINTS).fill(fill);

describe('webview/activations/engine: the explorer computations behind messages (TF.js CPU)', function () {
  this.timeout(120_000);
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('rebuilds only well-formed explorer requests', () => {
    const relu = { id: 'relu', params: {} };
    assert.deepEqual(parseToEngineMessage({ type: 'curves', id: 1, curves: [{ id: 'elu', params: { alpha: 0.5, junk: 1 } }], extra: true }), { type: 'curves', id: 1, curves: [{ id: 'elu', params: { alpha: 0.5 } }] });
    assert.deepEqual(parseToEngineMessage({ type: 'curves', id: 1, curves: [] }), { type: 'curves', id: 1, curves: [] }, 'nothing ticked');
    assert.deepEqual(parseToEngineMessage({ type: 'readout', id: 2, x: -1.5, curves: [relu] }), { type: 'readout', id: 2, x: -1.5, curves: [relu] });
    assert.deepEqual(parseToEngineMessage({ type: 'measure', id: 3, curve: relu }), { type: 'measure', id: 3, curve: relu });
    assert.deepEqual(parseToEngineMessage({ type: 'prelu', id: 4, steps: 1e9 }), { type: 'prelu', id: 4 }, 'no sizes from the page');
    assert.deepEqual(parseToEngineMessage({ type: 'deadRelu', id: 5, learningRate: 0.5 }), { type: 'deadRelu', id: 5, learningRate: 0.5 });
    assert.deepEqual(parseToEngineMessage({ type: 'zigzag', id: 6, positiveInputs: true, target: [1, -1] }), { type: 'zigzag', id: 6, positiveInputs: true, target: [1, -1] });
    for (const bad of [
      { type: 'curves', id: 1, curves: [{ id: 'softmax', params: {} }] },
      { type: 'curves', id: 1, curves: [relu, relu] },
      { type: 'curves', id: 1, curves: [{ id: 'elu', params: { alpha: 1e6 } }] },
      { type: 'curves', id: 1, curves: [{ id: 'elu', params: { alpha: NaN } }] },
      { type: 'curves', id: 1, curves: 'relu' },
      { type: 'curves', curves: [relu] },
      { type: 'curves', id: -1, curves: [relu] },
      { type: 'curves', id: 1.5, curves: [relu] },
      { type: 'readout', id: 2, x: Infinity, curves: [relu] },
      { type: 'readout', id: 2, x: '1', curves: [relu] },
      { type: 'measure', id: 3, curve: { id: 'nope', params: {} } },
      { type: 'measure', id: 3 },
      { type: 'deadRelu', id: 5, learningRate: 0 },
      { type: 'deadRelu', id: 5, learningRate: -0.1 },
      { type: 'deadRelu', id: 5, learningRate: 11 },
      { type: 'deadRelu', id: 5, learningRate: NaN },
      { type: 'zigzag', id: 6, positiveInputs: 'yes', target: [1, -1] },
      { type: 'zigzag', id: 6, positiveInputs: true, target: [1, -1, 0] },
      { type: 'zigzag', id: 6, positiveInputs: true, target: [1, 1e9] },
      { type: 'explode', id: 7 },
      null,
      'curves',
    ]) {
      assert.equal(parseToEngineMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it("rebuilds only well-formed answers (the page's guard)", () => {
    const curve = { id: 'relu', f: grid(0), df: grid(1), ranges: [{ from: -Infinity, to: -0.01 }] };
    const ok = parseFromEngineMessage({ type: 'curvesResult', id: 1, curves: [{ ...curve, injected: '<img>' }] });
    assert.ok(ok?.type === 'curvesResult');
    assert.deepEqual(Object.keys(ok.curves[0]).sort(), ['df', 'f', 'id', 'ranges']);
    assert.notEqual(ok.curves[0].f, curve.f, 'values are copied, not shared');
    const prelu = { alpha: 0.1, history: [{ step: 6, alpha: 0.2, loss: 0.6 }], finalLoss: 0.6, accuracy: 0.9 };
    const units = { fraction: 0.5, deadUnits: 1, totalUnits: 2, layers: [{ name: 'hidden_1', dead: 1, total: 2 }] };
    const dead = { learningRate: 0.5, before: units, after: units, lossBefore: 9, lossAfter: NaN };
    const zigzag = { path: [[0, 0], [1, 1]], signs: [[1, 1]], sameSignFraction: 1, finalDistance: 0.5, detour: 1 };
    assert.ok(parseFromEngineMessage({ type: 'preluResult', id: 2, result: prelu }));
    assert.ok(parseFromEngineMessage({ type: 'deadReluResult', id: 3, result: dead }), 'a diverged loss is a number too');
    assert.ok(parseFromEngineMessage({ type: 'zigzagResult', id: 4, result: zigzag }));
    assert.deepEqual(parseFromEngineMessage({ type: 'superseded', id: 5 }), { type: 'superseded', id: 5 });
    for (const bad of [
      { type: 'curvesResult', id: 1, curves: [{ ...curve, f: new Float32Array(10) }] },
      { type: 'curvesResult', id: 1, curves: [{ ...curve, f: Array.from(grid(0)) }] },
      { type: 'curvesResult', id: 1, curves: [{ ...curve, ranges: [{ from: 1, to: 0 }] }] },
      { type: 'curvesResult', id: 1, curves: [{ ...curve, ranges: [{ from: NaN, to: 0 }] }] },
      { type: 'curvesResult', id: 1, curves: [{ ...curve, id: 'softmax' }] },
      { type: 'curvesResult', curves: [curve] },
      { type: 'readoutResult', id: 1, x: 0, rows: [{ id: 'relu', f: '0', df: 0 }] },
      { type: 'measureResult', id: 1, measure: { id: 'relu', ranges: [], mean: 0 } },
      { type: 'preluResult', id: 2, result: { ...prelu, history: [] } },
      { type: 'preluResult', id: 2, result: { ...prelu, history: [{ step: -1, alpha: 0, loss: 0 }] } },
      { type: 'deadReluResult', id: 3, result: { ...dead, after: { ...units, layers: [{ name: '<img src=x>', dead: 1, total: 2 }] } } },
      { type: 'deadReluResult', id: 3, result: { ...dead, before: { ...units, deadUnits: -1 } } },
      { type: 'zigzagResult', id: 4, result: { ...zigzag, signs: [] } },
      { type: 'zigzagResult', id: 4, result: { ...zigzag, signs: [[2, 1]] } },
      { type: 'superseded' },
    ]) {
      assert.equal(parseFromEngineMessage(bad), undefined, JSON.stringify(bad, (_k, v) => (v instanceof Float32Array ? `Float32Array(${v.length})` : v)));
    }
  });

  it('answers the curves, read-outs, measurements and demos with what the functions give directly', async () => {
    const e = engineUnderTest();
    e.send({ type: 'start', backends: ['cpu'] } satisfies ToEngineMessage);
    await e.until((m) => m.type === 'started');
    const before = tf.memory().numTensors;
    const requests = [{ id: 'sigmoid' as const, params: {} }, { id: 'elu' as const, params: { alpha: 0.5 } }, { id: 'maxout' as const, params: { ...findCurve('maxout')!.defaults, w2: 0.01 } }];

    e.send({ type: 'curves', id: 1, curves: requests } satisfies ToEngineMessage);
    const curves = await e.answer('curvesResult', 1);
    const direct = await computeCurves(requests);
    assert.deepEqual(curves.curves.map((c) => c.id), ['sigmoid', 'elu', 'maxout']);
    curves.curves.forEach((c, i) => {
      assert.deepEqual(c.f, direct[i].values.f, `${c.id} f`);
      assert.deepEqual(c.df, direct[i].values.df, `${c.id} f′`);
      assert.deepEqual(c.ranges, direct[i].ranges, `${c.id} ranges`);
    });
    assert.equal(curves.curves[1].ranges.length, 1, 'ELU saturates on the left');
    assert.deepEqual(curves.curves[2].ranges, [], 'Maxout as Leaky ReLU never kills the gradient');

    e.send({ type: 'readout', id: 2, x: -1, curves: requests } satisfies ToEngineMessage);
    const readout = await e.answer('readoutResult', 2);
    assert.equal(readout.x, -1);
    const s = 1 / (1 + Math.exp(1));
    assert.ok(Math.abs(readout.rows[0].df - s * (1 - s)) < 1e-6, `sigmoid′(−1): ${readout.rows[0].df}`);
    assert.ok(Math.abs(readout.rows[1].df - 0.5 * Math.exp(-1)) < 1e-6, `ELU′(−1) with α = 0.5: ${readout.rows[1].df}`);
    assert.ok(Math.abs(readout.rows[2].df - 0.01) < 1e-6, `Maxout as Leaky ReLU: ${readout.rows[2].df}`);

    e.send({ type: 'measure', id: 3, curve: { id: 'tanh', params: {} } } satisfies ToEngineMessage);
    assert.deepEqual((await e.answer('measureResult', 3)).measure, await measureCurve({ id: 'tanh', params: {} }));

    e.send({ type: 'prelu', id: 4 } satisfies ToEngineMessage);
    const prelu = (await e.answer('preluResult', 4)).result;
    assert.deepEqual(prelu, await learnPreluAlpha());
    assert.notEqual(prelu.alpha, 0.25, 'α moved from its start');

    e.send({ type: 'deadRelu', id: 5, learningRate: 0.5 } satisfies ToEngineMessage);
    const dead = (await e.answer('deadReluResult', 5)).result;
    assert.deepEqual(dead, await runDeadReluDemo({ learningRate: 0.5 }));
    assert.ok(dead.before.fraction < 0.05 && dead.after.fraction > 0.2, `lr 0.5 kills units: ${dead.before.fraction} → ${dead.after.fraction}`);

    e.send({ type: 'zigzag', id: 6, positiveInputs: true, target: [1, -1] } satisfies ToEngineMessage);
    e.send({ type: 'zigzag', id: 7, positiveInputs: false, target: [1, -1] } satisfies ToEngineMessage);
    const [positive, centred] = [(await e.answer('zigzagResult', 6)).result, (await e.answer('zigzagResult', 7)).result];
    assert.deepEqual(positive, await runZigzag({ positiveInputs: true, target: [1, -1] }));
    assert.deepEqual(centred, await runZigzag({ positiveInputs: false, target: [1, -1] }));
    assert.equal(positive.sameSignFraction, 1);
    assert.ok(centred.sameSignFraction < 0.9);

    assert.equal(e.got.filter((m) => m.type === 'failed' || m.type === 'superseded').length, 0, 'nothing failed or was dropped');
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  });

  it('coalesces a dragged slider: the request in flight and the newest one run, those between are superseded', async () => {
    const e = engineUnderTest();
    e.send({ type: 'start', backends: ['cpu'] } satisfies ToEngineMessage);
    await e.until((m) => m.type === 'started');
    for (let i = 0; i < 20; i++) e.send({ type: 'curves', id: i, curves: [{ id: 'elu', params: { alpha: 0.05 * (i + 1) } }] } satisfies ToEngineMessage);
    // A measurement has a slot of its own: the curves' requests never supersede it.
    e.send({ type: 'measure', id: 100, curve: { id: 'elu', params: { alpha: 1 } } } satisfies ToEngineMessage);
    const last = await e.answer('curvesResult', 19);
    await e.answer('measureResult', 100);
    const computed = e.got.filter((m) => m.type === 'curvesResult').map((m) => (m as { id: number }).id);
    const superseded = e.got.filter((m) => m.type === 'superseded').map((m) => m.id);
    assert.deepEqual(computed, [0, 19], 'the first (already running) and the last');
    assert.deepEqual(superseded, Array.from({ length: 18 }, (_, i) => i + 1));
    // The newest request's own parameters: ELU′(−1) = α·e⁻¹ with α = 1.
    const at = (x: number) => Math.round(((x + 8) * (GRID_POINTS - 1)) / 16);
    assert.ok(Math.abs(last.curves[0].df[at(-1)] - Math.exp(-1)) < 1e-5, String(last.curves[0].df[at(-1)]));
  });

  it('answers a slider while a race trains (between its batches), and the race still ends as asked', async () => {
    const e = engineUnderTest();
    e.send({ type: 'start', backends: ['cpu'] } satisfies ToEngineMessage);
    await e.until((m) => m.type === 'started');
    e.send({ type: 'race', id: 1, preset: 'mlp', activations: ['sigmoid', 'tanh'] } satisfies ToEngineMessage);
    await e.until((m) => m.type === 'raceProgress' && m.id === 1);
    e.send({ type: 'readout', id: 2, x: 0, curves: [{ id: 'sigmoid', params: {} }] } satisfies ToEngineMessage);
    const readout = await e.answer('readoutResult', 2);
    assert.ok(Math.abs(readout.rows[0].df - 0.25) < 1e-6);
    assert.equal(e.got.some((m) => m.type === 'raceResult'), false, 'answered before the race ended');
    e.send({ type: 'stopRace' } satisfies ToEngineMessage);
    const result = await e.answer('raceResult', 1);
    assert.equal(result.result.stopped, true);
  });

  it("the page's client: a superseded request rejects with SupersededError (not a failure to show)", async () => {
    let listener: ((raw: unknown) => void) | undefined;
    const sent: ToEngineMessage[] = [];
    const port: EnginePort<ToEngineMessage> = {
      send: (msg) => {
        sent.push(msg);
        if (msg.type === 'start') setTimeout(() => listener?.({ type: 'started', backend: 'cpu' }));
      },
      listen: (m) => (listener = m),
      close: () => {},
    };
    const client = await startEngine(port, 'worker', { backends: ['cpu'] }, undefined, 5_000, sayIn('en'));
    const pending = client.curves([{ id: 'relu', params: {} }]);
    const id = (sent.at(-1) as { id: number }).id;
    listener!({ type: 'superseded', id });
    await assert.rejects(pending, SupersededError);
    const readout = client.readout(0.5, [{ id: 'relu', params: {} }]);
    listener!({ type: 'readoutResult', id: (sent.at(-1) as { id: number }).id, x: 0.5, rows: [{ id: 'relu', f: 0.5, df: 1 }] });
    assert.deepEqual(await readout, { x: 0.5, rows: [{ id: 'relu', f: 0.5, df: 1 }] });
  });
});
