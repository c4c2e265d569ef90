// The init lab's engine and its cached random draws, on TF.js's CPU backend in Node: the same
// code the panel's Web Worker runs, driven through the same messages.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
// Registers the WASM backend (in Node it loads its .wasm from node_modules).
import '@tensorflow/tfjs-backend-wasm';
import { HIST_BINS, NetDraws, runInitExperiment, sampleWeights, type NetConfig } from '../../../../../webview/init/engine/experiment';
import { createLabEngine } from '../../../../../webview/init/engine/engine';
import { backendOrder, backendWhy, start, type Port } from '../../../../../webview/init/engineClient';
import { labText, labTextOf, parseLabText, sayLab, type LabText } from '../../../../../webview/init/labText';
import { sayIn } from '../../../../../src/core/i18n';
import { parseHostToInit } from '../../../../../src/protocol/init';
import { parseFromEngineMessage, parseToEngineMessage, type FromEngineMessage } from '../../../../../webview/init/engine/protocol';

const en = sayIn('en');
/** A rejection's text as the page shows it in English. */
const shown = (err: unknown) => sayLab(labTextOf(err), en);

const net = (patch: Partial<NetConfig> = {}): NetConfig => ({ inputSize: 60, widths: [50, 40, 30], activation: 'tanh', batch: 80, seed: 3, ...patch });

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, rel: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) {
    const tol = rel * Math.max(1e-6, Math.abs(a[i]), Math.abs(b[i]));
    assert.ok(Math.abs(a[i] - b[i]) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

describe('webview/init/engine: init lab draws (TF.js CPU)', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('scales one unit draw per layer into the weights sampleWeights would draw', () => {
    const config = net();
    const draws = new NetDraws(config);
    try {
      for (const init of [{ name: 'he_normal' }, { name: 'normal', std: 0.01 }, { name: 'glorot_uniform' }, { name: 'uniform', limit: 0.2 }] as const) {
        const fromDraws = draws.weights(init);
        let fanIn = config.inputSize;
        fromDraws.forEach((w, l) => {
          const direct = sampleWeights(init, fanIn, config.widths[l], config.seed * 1000 + l + 1);
          assert.deepEqual(w.shape, [fanIn, config.widths[l]]);
          assertClose(w.dataSync(), direct.dataSync(), 1e-5, `${init.name} layer ${l + 1}`);
          direct.dispose();
          fanIn = config.widths[l];
        });
        tf.dispose(fromDraws);
      }
      const zeros = draws.weights({ name: 'zeros' });
      assert.ok(zeros.every((w) => w.dataSync().every((v) => v === 0)));
      tf.dispose(zeros);
    } finally {
      draws.dispose();
    }
  });

  it('gives the same statistics as drawing afresh, and holds a constant number of tensors', async () => {
    const config = net();
    const draws = new NetDraws(config);
    try {
      await runInitExperiment(config, { name: 'normal', std: 0.5 }, { draws }); // draws the normal family once
      const held = tf.memory().numTensors;
      for (const init of [{ name: 'glorot_normal' }, { name: 'normal', std: 1 }, { name: 'zeros' }] as const) {
        const cached = await runInitExperiment(config, init, { draws });
        assert.equal(tf.memory().numTensors, held, `${init.name}: no tensor left behind`);
        const fresh = await runInitExperiment(config, init);
        assert.equal(tf.memory().numTensors, held, `${init.name} (fresh): its own draws are disposed`);
        cached.layers.forEach((l, i) => {
          assertClose([l.mean, l.std, l.meanAbs, l.gradNorm], [fresh.layers[i].mean, fresh.layers[i].std, fresh.layers[i].meanAbs, fresh.layers[i].gradNorm], 1e-3, `${init.name} layer ${i + 1}`);
          assert.deepEqual(l.counts.reduce((s, c) => s + c, 0), config.batch * config.widths[i]);
        });
        assert.ok(cached.dispatchMs >= 0 && cached.dispatchMs <= cached.ms, `dispatch ${cached.dispatchMs} within total ${cached.ms}`);
      }
    } finally {
      draws.dispose();
    }
  });

  it('fits only the network it was drawn for (the activation draws nothing)', () => {
    const draws = new NetDraws(net());
    assert.ok(draws.fits(net({ activation: 'relu' })));
    for (const other of [net({ seed: 4 }), net({ batch: 81 }), net({ inputSize: 61 }), net({ widths: [50, 40, 31] })]) assert.ok(!draws.fits(other));
    const before = tf.memory().numTensors;
    draws.dispose();
    assert.equal(tf.memory().numTensors, before - 2, 'x and the upstream gradient are freed');
    assert.ok(!draws.fits(net()), 'a disposed draw fits nothing');
  });

  it('uses its own draws when handed draws of another network (and frees them)', async () => {
    const draws = new NetDraws(net({ seed: 9 }));
    const held = tf.memory().numTensors;
    const r = await runInitExperiment(net(), { name: 'he_normal' }, { draws });
    const fresh = await runInitExperiment(net(), { name: 'he_normal' });
    assert.equal(tf.memory().numTensors, held);
    assert.equal(r.layers[2].std, fresh.layers[2].std);
    draws.dispose();
  });
});

describe('webview/init/engine: init lab on the WASM backend (no UnsortedSegmentSum kernel)', () => {
  after(async () => {
    await tf.setBackend('cpu');
  });

  it('counts the histograms itself and agrees with the CPU backend', async () => {
    const config = net({ activation: 'relu' });
    await tf.setBackend('cpu');
    const cpu = await runInitExperiment(config, { name: 'he_normal' });
    assert.ok(await tf.setBackend('wasm'), 'the WASM backend starts in Node');
    assert.equal(tf.getKernel('UnsortedSegmentSum', 'wasm'), undefined, 'the case this path exists for');
    const before = tf.memory().numTensors;
    const wasm = await runInitExperiment(config, { name: 'he_normal' });
    assert.equal(tf.memory().numTensors, before, 'the read-back bins are freed');
    assert.equal(wasm.backend, 'wasm');
    wasm.layers.forEach((l, i) => {
      const c = cpu.layers[i];
      assertClose([l.mean, l.std, l.gradNorm], [c.mean, c.std, c.gradNorm], 1e-3, `layer ${i + 1}`);
      assert.equal(l.counts.reduce((a, b) => a + b, 0), config.batch * config.widths[i]);
      // Bins can differ only for values within float rounding of a bin edge.
      const moved = l.counts.reduce((a, n, k) => a + Math.abs(n - c.counts[k]), 0);
      assert.ok(moved <= 4, `layer ${i + 1}: histograms agree (${moved} values moved bins)`);
    });
  });
});

describe('webview/init/engine: init lab engine messages (TF.js CPU)', () => {
  /** An engine whose answers are collected; `next` waits for the next one. */
  function engine() {
    const inbox: FromEngineMessage[] = [];
    let wake: (() => void) | undefined;
    const send = createLabEngine((msg) => {
      // Everything the engine posts must pass the page's own guard.
      const parsed = parseFromEngineMessage(structuredClone(msg));
      assert.ok(parsed, `the page would drop ${JSON.stringify(msg).slice(0, 200)}`);
      inbox.push(parsed);
      wake?.();
    });
    const next = async (): Promise<FromEngineMessage> => {
      while (inbox.length === 0) await new Promise<void>((r) => (wake = r));
      return inbox.shift()!;
    };
    return { send, next };
  }

  it('starts on the backend asked for, then answers experiments and the symmetry demo by id', async () => {
    const e = engine();
    e.send({ type: 'experiment', id: 0, net: net(), init: { name: 'zeros' } });
    assert.deepEqual(await e.next(), { type: 'failed', id: 0, reason: { id: 'init.engine.askedBeforeStart' } });
    e.send({ type: 'start', backends: ['cpu'] });
    assert.deepEqual(await e.next(), { type: 'started', backend: 'cpu' });
    e.send({ type: 'experiment', id: 1, net: net(), init: { name: 'normal', std: 0.01 } });
    e.send({ type: 'experiment', id: 2, net: net(), init: { name: 'normal', std: 1 } });
    const small = await e.next();
    const big = await e.next();
    assert.ok(small.type === 'experimentResult' && small.id === 1 && big.type === 'experimentResult' && big.id === 2);
    assert.ok(small.result.layers[2].std < 0.01, `N(0, 0.01) vanishes: ${small.result.layers[2].std}`);
    assert.ok(big.result.layers.every((l) => l.meanAbs > 0.6), 'N(0, 1) saturates');
    assert.equal(big.numTensors, small.numTensors, 'the same network: tensors held stay flat');
    e.send({ type: 'symmetry', id: 3, net: net({ widths: [20, 20] }), init: { name: 'zeros' } });
    const sym = await e.next();
    assert.ok(sym.type === 'symmetryResult' && sym.id === 3);
    assert.deepEqual(sym.result.distinctAfter, [1, 1]);
  });

  it('answers malformed and impossible requests with a failure, never a crash', async () => {
    const e = engine();
    e.send({ type: 'start', backends: ['cpu'] });
    await e.next();
    e.send({ type: 'experiment', id: 7, net: { inputSize: 'x' }, init: { name: 'zeros' } });
    assert.deepEqual(await e.next(), { type: 'failed', id: 7, reason: { id: 'init.engine.malformed' } });
    e.send('nonsense');
    assert.deepEqual(await e.next(), { type: 'failed', reason: { id: 'init.engine.malformed' } });
    e.send({ type: 'experiment', id: 8, net: net({ widths: Array(60).fill(10) }), init: { name: 'zeros' } });
    const tooDeep = await e.next();
    assert.ok(tooDeep.type === 'failed' && tooDeep.id === 8 && /1 to 50 layers, got 60/.test(sayLab(tooDeep.reason, en)));
    e.send({ type: 'experiment', id: 9, net: net(), init: { name: 'he_normal' } });
    assert.equal((await e.next()).type, 'experimentResult', 'still answering after bad requests');
  });

  it('guards: accepts what the engine and the page send, rejects anything else', () => {
    assert.deepEqual(parseToEngineMessage({ type: 'start', backends: ['webgl', 'cpu'] }), { type: 'start', backends: ['webgl', 'cpu'] });
    assert.deepEqual(parseToEngineMessage({ type: 'start', backends: ['wasm'], wasmBase: 'https://x/dist/webview/' }), { type: 'start', backends: ['wasm'], wasmBase: 'https://x/dist/webview/' });
    assert.equal(parseToEngineMessage({ type: 'start', backends: ['webgpu'] }), undefined);
    assert.equal(parseToEngineMessage({ type: 'start', backends: ['cpu'], wasmBase: 3 }), undefined);
    assert.equal(parseToEngineMessage({ type: 'start', backends: [] }), undefined);
    assert.equal(parseToEngineMessage({ type: 'experiment', id: -1, net: net(), init: { name: 'zeros' } }), undefined);
    assert.equal(parseToEngineMessage({ type: 'experiment', id: 1, net: { ...net(), seed: 0.5 }, init: { name: 'zeros' } }), undefined);
    assert.equal(parseToEngineMessage({ type: 'symmetry', id: 1, net: net(), init: { name: 'normal' } }), undefined, 'normal needs a std');
    assert.equal(parseFromEngineMessage({ type: 'started', backend: 'webgpu' }), undefined);
    assert.equal(parseFromEngineMessage({ type: 'experimentResult', id: 1, numTensors: 3, result: { layers: [] } }), undefined);
    assert.deepEqual(parseFromEngineMessage({ type: 'failed', reason: { id: 'init.engine.error', args: { detail: 'x' } } }), { type: 'failed', reason: { id: 'init.engine.error', args: { detail: 'x' } } });
    assert.equal(parseFromEngineMessage({ type: 'failed', id: 'a', reason: { id: 'init.engine.noBackend' } }), undefined);
    // A failure is an id and plain arguments, never a sentence or markup to insert.
    assert.equal(parseFromEngineMessage({ type: 'failed', message: 'x' }), undefined);
    assert.equal(parseFromEngineMessage({ type: 'failed', reason: { id: 'train.anything' } }), undefined);
    assert.equal(parseFromEngineMessage({ type: 'failed', reason: { id: 'init.engine.error', args: { detail: { html: '<b>' } } } }), undefined);
    assert.equal(parseLabText({ id: 'init.net.layers', args: JSON.parse('{"__proto__": "x"}') }), undefined);
    assert.equal(parseToEngineMessage({ type: 'experiment', id: 1, net: { ...net(), seed: 2 ** 53 }, init: { name: 'zeros' } }), undefined, 'a seed past 2^53 is not exact');
    // A result is rebuilt field by field: what else the worker put on an object does not reach the page.
    const layer = { mean: 0, std: 1, meanAbs: 0.8, saturated: 0, lo: -1, hi: 1, gradNorm: 0.5, counts: Array(HIST_BINS).fill(1) };
    const config = net({ widths: [3] });
    const result = parseFromEngineMessage({
      type: 'experimentResult', id: 1, numTensors: 3,
      result: { config, init: { name: 'zeros' }, layers: [{ ...layer, extra: '<b>' }], ms: 1, dispatchMs: 1, backend: 'cpu' },
    });
    assert.ok(result?.type === 'experimentResult');
    assert.deepEqual(result.result.layers, [layer]);
    // Whatever arrives, the guards answer with a value or undefined and never throw.
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        parseToEngineMessage(raw);
        parseFromEngineMessage(raw);
      }),
    );
  });
});

describe('webview/init/engineClient: the engine client (TF.js CPU, engine called directly)', () => {
  /** A port to a real engine in this process; `crash` plays a worker that dies. */
  function directPort() {
    let onMessage: (raw: unknown) => void = () => {};
    let onError: (text: LabText) => void = () => {};
    let dead = false;
    const engine = createLabEngine((msg) => setTimeout(() => !dead && onMessage(structuredClone(msg))));
    const port: Port = {
      send: (msg) => setTimeout(() => !dead && engine(structuredClone(msg))),
      listen: (m, e) => {
        onMessage = m;
        onError = e;
      },
      close: () => {},
    };
    return { port, crash: (text: string) => ((dead = true), onError(labText('init.engine.error', { detail: text }))) };
  }

  it('answers requests through the engine, and fails fast once the engine has died', async () => {
    const { port, crash } = directPort();
    const client = await start(port, 'worker', { backends: ['cpu'] }, undefined, 10_000);
    assert.equal(client.backend, 'cpu');
    const { result, numTensors } = await client.experiment(net(), { name: 'he_normal' });
    assert.equal(result.layers.length, 3);
    assert.ok(numTensors > 0);
    const waiting = client.experiment(net(), { name: 'zeros' });
    crash('out of memory');
    await assert.rejects(waiting, (err: unknown) => shown(err) === 'error: out of memory');
    await assert.rejects(client.symmetry(net(), { name: 'zeros' }), (err: unknown) => shown(err) === 'error: out of memory');
  });

  it('rejects a start that the engine refuses, with its reason; that engine then refuses all work', async () => {
    const { port } = directPort();
    await assert.rejects(start(port, 'worker', { backends: ['webgl'] }, undefined, 10_000), (err: unknown) => /none of these backends: webgl/.test(shown(err)));
    const answers: unknown[] = [];
    const engine = createLabEngine((m) => answers.push(m));
    engine({ type: 'start', backends: ['webgl'] });
    engine({ type: 'experiment', id: 4, net: net(), init: { name: 'zeros' } });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(answers.at(-1), { type: 'failed', id: 4, reason: { id: 'init.engine.noBackend' } });
    await tf.setBackend('cpu');
  });
});

describe('webview/init/engineClient: backend order', () => {
  const gpu = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';
  const swiftshader = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

  it('auto: WebGL on a GPU, WASM before an emulated WebGL, WASM then CPU without WebGL', () => {
    assert.deepEqual(backendOrder('auto', gpu).backends, ['webgl', 'wasm', 'cpu']);
    assert.deepEqual(backendOrder('auto', swiftshader).backends, ['wasm', 'webgl', 'cpu']);
    assert.deepEqual(backendOrder('auto', 'llvmpipe (LLVM 15.0.6, 256 bits)').backends, ['wasm', 'webgl', 'cpu']);
    assert.deepEqual(backendOrder('auto', undefined).backends, ['wasm', 'cpu']);
    assert.match(backendWhy(backendOrder('auto', swiftshader).why, en), /^auto: There is no real GPU here: WebGL is a CPU emulation \(ANGLE/);
    assert.match(backendWhy(backendOrder('auto', gpu).why, en), /^auto: WebGL runs on the GPU \(ANGLE \(NVIDIA/);
    assert.match(backendWhy(backendOrder('auto', swiftshader).why, sayIn('ko')), /실제 GPU가 없습니다/);
  });

  it('a named backend goes first, auto\'s order behind it', () => {
    assert.deepEqual(backendOrder('webgl', swiftshader).backends, ['webgl', 'wasm', 'cpu']);
    assert.equal(backendWhy(backendOrder('webgl', swiftshader).why, en), 'netlens.initLab.backend is webgl.');
    assert.deepEqual(backendOrder('cpu', gpu).backends, ['cpu', 'webgl', 'wasm']);
    assert.deepEqual(backendOrder('webgl', undefined).backends, ['webgl', 'wasm', 'cpu']);
  });

  it('the host\'s settings message is validated', () => {
    assert.deepEqual(parseHostToInit({ type: 'settings', backend: 'wasm' }), { type: 'settings', backend: 'wasm' });
    assert.equal(parseHostToInit({ type: 'settings', backend: 'webgpu' }), undefined);
    assert.equal(parseHostToInit({ type: 'settings' }), undefined);
  });
});
