// The study panels' protocol guards: every message from the other side is validated.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseInitializerSpec } from '../../../src/protocol/common';
import { parseActivationsToHost, parseHostToActivations } from '../../../src/protocol/activations';
import { formatPlainNumber, initSpecText, parseHostToInit, parseInitToHost } from '../../../src/protocol/init';
import { INITIALIZERS } from '../../../src/core';

describe('protocol/init and protocol/activations: guards', () => {
  it('accepts the well-formed messages of both directions', () => {
    assert.deepEqual(parseInitToHost({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseInitToHost({ type: 'useInit', init: { name: 'normal', std: 0.01 } }), { type: 'useInit', init: { name: 'normal', std: 0.01 } });
    assert.deepEqual(parseInitToHost({ type: 'requestSpecNet' }), { type: 'requestSpecNet' });
    assert.deepEqual(parseHostToInit({ type: 'specNet', source: 'a.netspec', net: { inputSize: 4, widths: [3, 2], activation: 'relu' } }), {
      type: 'specNet',
      source: 'a.netspec',
      net: { inputSize: 4, widths: [3, 2], activation: 'relu' },
      note: undefined,
    });
    assert.deepEqual(parseHostToInit({ type: 'useInitResult', ok: true, changed: 2, message: 'ok' }), { type: 'useInitResult', ok: true, changed: 2, message: 'ok' });
    assert.deepEqual(parseHostToActivations({ type: 'focusActivation', name: 'elu' }), { type: 'focusActivation', name: 'elu' });
    assert.deepEqual(parseActivationsToHost({ type: 'ready' }), { type: 'ready' });
  });

  it('rejects malformed messages', () => {
    const bad: unknown[] = [
      null,
      42,
      'ready',
      [],
      { type: 'useInit' },
      { type: 'useInit', init: { name: 'normal' } },
      { type: 'useInit', init: { name: 'normal', std: NaN } },
      { type: 'useInit', init: { name: 'normal', std: -1 } },
      { type: 'useInit', init: { name: 'uniform', limit: Infinity } },
      { type: 'useInit', init: { name: 'kaiming' } }, // an alias, not a registry name
      { type: 'useInit', init: { name: '__proto__' } },
      { type: 'launchMissiles' },
    ];
    for (const m of bad) assert.equal(parseInitToHost(m), undefined, JSON.stringify(m));
    assert.equal(parseHostToInit({ type: 'specNet', source: 'x', net: { inputSize: 0, widths: [1], activation: 'tanh' } }), undefined);
    assert.equal(parseHostToInit({ type: 'specNet', source: 'x', net: { inputSize: 3, widths: [], activation: 'tanh' } }), undefined);
    assert.equal(parseHostToInit({ type: 'specNet', source: 'x', net: { inputSize: 3, widths: [2], activation: 'sigmoid' } }), undefined);
    assert.equal(parseHostToInit({ type: 'useInitResult', ok: 'yes', changed: 1, message: '' }), undefined);
    assert.equal(parseHostToActivations({ type: 'focusActivation', name: 'swish' }), undefined, 'aliases are resolved by the host, not sent');
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        parseInitToHost(raw);
        parseHostToInit(raw);
        parseInitializerSpec(raw);
        parseHostToActivations(raw);
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips every registry initializer without an argument, and writes plain numbers', () => {
    for (const d of INITIALIZERS.filter((x) => !x.takesArgument)) assert.deepEqual(parseInitializerSpec({ name: d.name }), { name: d.name });
    assert.equal(initSpecText({ name: 'normal', std: 0.01 }), 'normal(0.01)');
    assert.equal(initSpecText({ name: 'uniform', limit: 0.05 }), 'uniform(0.05)');
    assert.equal(initSpecText({ name: 'he_normal' }), 'he_normal');
    assert.equal(formatPlainNumber(0.1 + 0.2), '0.3');
    assert.equal(formatPlainNumber(1e-7), '0.0000001');
  });
});
