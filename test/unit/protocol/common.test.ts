// The guards every protocol shares (src/protocol/common.ts) and the rebuilding parsers built on them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../../src/core';
import {
  capText, isInteger, isNonNegativeInteger, isPositiveInteger, MAX_LOGGED_TEXT, parseInitializerSpec, parseSettingsMessage,
} from '../../../src/protocol/common';
import { parseActivationsToHost, parseHostToActivations } from '../../../src/protocol/activations';
import { initSpecText, parseHostToInit, parseInitToHost, plainDecimal } from '../../../src/protocol/init';
import { parseHostToTrain, parseTrainToHost, trainSpecFromAnalysis } from '../../../src/protocol/train';

const lecture = 'input 32x32x3\nconv2d 64 kernel=2 padding=same activation=relu init=normal(0.01)\nmaxpool2d 2\nbatchnorm\nflatten\ndense 10 activation=softmax';

/** Every own key of an object graph, as paths: two graphs with equal paths carry the same fields. */
function keyPaths(v: unknown, at = ''): string[] {
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return [];
  return Object.keys(v).flatMap((k) => [`${at}.${k}`, ...keyPaths((v as Record<string, unknown>)[k], `${at}.${k}`)]);
}

/** Adds `evil` to every object in a graph. */
function withExtras(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withExtras);
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return v;
  return { ...Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withExtras(x)])), evil: '<script>' };
}

describe('protocol/common', () => {
  it('integers are safe integers: past 2^53 a count is no longer exact', () => {
    assert.ok(isInteger(2 ** 53 - 1));
    for (const v of [2 ** 53, -(2 ** 53), 1e300, 0.5, NaN, Infinity, '3']) assert.equal(isInteger(v), false, String(v));
    assert.equal(isPositiveInteger(2 ** 60), false);
    assert.equal(isNonNegativeInteger(-0.0), true);
    assert.equal(parseTrainToHost({ type: 'loadCifar', pick: false, maxSamples: 2.5 }), undefined);
    assert.equal(parseHostToInit({ type: 'useInitResult', ok: true, changed: 2 ** 53, message: '' }), undefined);
  });

  it('caps text bound for a log', () => {
    assert.equal(capText('abc'), 'abc');
    const long = capText('x'.repeat(10 * MAX_LOGGED_TEXT));
    assert.equal(long.length, MAX_LOGGED_TEXT);
    assert.ok(long.endsWith('…'));
    const status = parseTrainToHost({ type: 'status', state: 'idle', backend: 'b'.repeat(500), text: 't'.repeat(5000) });
    assert.ok(status?.type === 'status' && status.backend.length === 100 && status.text.length === 2000);
    const model = parseTrainToHost({ type: 'model', backend: 'cpu', totalParams: 1, layers: [{ name: 'n'.repeat(1000), outputShape: [1], params: 1 }] });
    assert.ok(model?.type === 'model' && model.layers[0].name.length === 200);
  });

  it('one settings message and one initializer guard for every panel', () => {
    assert.deepEqual(parseSettingsMessage({ type: 'settings', backend: 'wasm', x: 1 }), { type: 'settings', backend: 'wasm' });
    assert.deepEqual(parseHostToTrain({ type: 'settings', backend: 'cpu' }), parseHostToInit({ type: 'settings', backend: 'cpu' }));
    assert.equal(parseSettingsMessage({ type: 'settings', backend: 'tpu' }), undefined);
    assert.deepEqual(parseInitializerSpec({ name: 'normal', std: 1e7 }), { name: 'normal', std: 1e7 });
    assert.equal(parseInitializerSpec({ name: 'normal', std: 1e7 }, 1e6), undefined);
    assert.equal(parseInitToHost({ type: 'useInit', init: { name: 'normal', std: 1e7 } }), undefined, 'the lab sends at most MAX_INIT_SCALE');
  });

  it('every parser rebuilds what it accepts: fields the sender added are dropped, at every depth', () => {
    const spec = trainSpecFromAnalysis('file:///a.netspec', 'a.netspec', analyze(lecture));
    const messages: [unknown, (raw: unknown) => unknown][] = [
      [{ type: 'spec', spec, reason: 'open' }, parseHostToTrain],
      [{ type: 'settings', backend: 'auto' }, parseHostToTrain],
      [{ type: 'cifar', ok: true, data: { source: 's', count: 1, labels: new Uint8Array(1), images: 'AAAA' } }, parseHostToTrain],
      [{ type: 'cifar', ok: false, message: 'm' }, parseHostToTrain],
      [{ type: 'status', state: 'idle', backend: 'cpu', text: 't' }, parseTrainToHost],
      [{ type: 'model', backend: 'cpu', totalParams: 3, layers: [{ name: 'dense', outputShape: [3], params: 3 }] }, parseTrainToHost],
      [{ type: 'loadCifar', pick: true, maxSamples: 5 }, parseTrainToHost],
      [{ type: 'specNet', source: 'a', net: { inputSize: 2, widths: [3], activation: 'relu' }, note: 'n' }, parseHostToInit],
      [{ type: 'useInit', init: { name: 'normal', std: 0.5 } }, parseInitToHost],
      [{ type: 'focusActivation', name: 'elu' }, parseHostToActivations],
      [{ type: 'ready' }, parseActivationsToHost],
    ];
    for (const [msg, parse] of messages) {
      const rebuilt = parse(withExtras(msg));
      assert.ok(rebuilt, JSON.stringify(msg).slice(0, 80));
      assert.deepEqual(keyPaths(rebuilt).filter((p) => p.includes('evil')), [], JSON.stringify(msg).slice(0, 80));
      assert.deepEqual(rebuilt, parse(msg));
    }
    // The spec survives rebuilding unchanged.
    assert.deepEqual(parseHostToTrain({ type: 'spec', spec, reason: 'open' }), { type: 'spec', spec, reason: 'open' });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything({ withTypedArray: true }), (raw) => {
        parseHostToTrain(raw);
        parseTrainToHost(raw);
        parseHostToTrain({ type: 'spec', spec: raw, reason: 'open' });
        parseSettingsMessage(raw);
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('protocol/init: σ written exactly', () => {
  const stdOf = (text: string) => {
    const a = analyze(`input 4\ndense 3 init=${text}`);
    assert.equal(a.hasErrors, false, text);
    const config = a.layers[0].config;
    return config.kind === 'dense' && config.init.name === 'normal' ? config.init.std : undefined;
  };

  it('tiny and huge σ are written in plain decimals, never as normal(0.)', () => {
    assert.equal(initSpecText({ name: 'normal', std: 1e-13 }), 'normal(0.0000000000001)');
    assert.equal(initSpecText({ name: 'normal', std: 4.9e-13 }), 'normal(0.00000000000049)');
    assert.equal(initSpecText({ name: 'uniform', limit: 2.5e21 }), 'uniform(2500000000000000000000)');
    assert.equal(plainDecimal('1.25e-3'), '0.00125');
    assert.equal(plainDecimal('-3e2'), '-300');
  });

  it('the spec reads back exactly the σ the lab used (core parser as the oracle)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e6, noNaN: true }), (std) => {
        assert.equal(stdOf(initSpecText({ name: 'normal', std })), std);
      }),
      { numRuns: 300 },
    );
    for (const std of [0.01, 1, 0.05, 1e-13, 5e-324]) assert.equal(stdOf(initSpecText({ name: 'normal', std })), std);
  });
});

describe('package.json: settings a workspace cannot set', () => {
  it('netlens.train.cifarPath is machine-scoped and restricted in untrusted workspaces', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    assert.equal(pkg.contributes.configuration.properties['netlens.train.cifarPath'].scope, 'machine');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('netlens.train.cifarPath'));
  });
});
