/**
 * Keras code in Python gives exactly the .netspec engine's summary: each fixture .py has a
 * .netspec twin written by hand in netspec words, and both summaries must be the same text.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, formatSummary } from '../../../../src/core';
import { analyzePython } from '../../../../src/core/python';

const dir = join(__dirname, '..', '..', '..', 'fixtures', 'python', 'keras');

describe('Python reader: Keras code equals the .netspec engine', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.py'))) {
    it(`${file}: the same summary as its .netspec twin`, () => {
      const a = analyzePython(readFileSync(join(dir, file), 'utf8'));
      assert.equal(a.models.length, 1, JSON.stringify(a.models.map((m) => m.name)));
      const m = a.models[0];
      assert.equal(m.framework, 'keras');
      assert.equal(m.unknownFrom, undefined, JSON.stringify(m.unknownFrom));
      assert.ok(m.keras && m.input, m.missingInput?.message);
      const twin = analyze(readFileSync(join(dir, file.replace(/\.py$/, '.netspec')), 'utf8'));
      assert.equal(twin.hasErrors, false);
      assert.equal(formatSummary(m.keras), formatSummary(twin));
      assert.equal(m.totalParams, twin.totalParams);
      assert.deepEqual(m.uses.map((u) => u.output), twin.layers.map((l) => l.outputShape));
      assert.deepEqual(a.diagnostics, []);
    });
  }

  it('maps each layer back to its line in the Python file', () => {
    const text = readFileSync(join(dir, 'lenet_add_chain.py'), 'utf8');
    const m = analyzePython(text).models[0];
    const lines = text.split('\n');
    assert.deepEqual(m.layers.map((l) => lines[l.line].slice(l.start, l.end)), ['Conv2D', 'AveragePooling2D', 'Conv2D', 'AveragePooling2D', 'Flatten', 'Dense', 'Dense', 'Dense']);
  });

  it('stops at a custom layer: the rest is unknown, no diagnostic', () => {
    const text = "from tensorflow import keras\nfrom tensorflow.keras import layers\nmodel = keras.Sequential([\n    layers.Dense(4, input_shape=(3,)),\n    MyLayer(8),\n    layers.Dense(2),\n])\n";
    const a = analyzePython(text);
    const m = a.models[0];
    assert.equal(m.layers.length, 1);
    assert.equal(m.unknownFrom?.line, 4);
    assert.equal(m.totalParams, undefined);
    assert.deepEqual(a.diagnostics, []);
  });

  it('a window larger than its input is a warning on the layer', () => {
    const text = "import keras\nfrom keras import layers\nmodel = keras.Sequential([\n    keras.Input(shape=(4, 4, 1)),\n    layers.Conv2D(8, 5),\n])\n";
    const a = analyzePython(text);
    assert.equal(a.diagnostics.length, 1);
    assert.equal(a.diagnostics[0].code, 'window-too-large');
    assert.equal(a.diagnostics[0].severity, 'warning');
    assert.equal(a.diagnostics[0].line, 4);
  });
});

describe('Python reader: a Keras regularizer Keras refuses', () => {
  const model = (reg: string) =>
    `from tensorflow import keras\nfrom tensorflow.keras import layers, regularizers\nmodel = keras.Sequential([\n    layers.Dense(4, input_shape=(3,),\n                 kernel_regularizer=${reg}),\n    layers.Dense(2, bias_regularizer=regularizers.l2(1e-4)),\n])\n`;

  for (const [reg, spot, id] of [
    ['regularizers.l2(-1)', '-1', 'reg.strength'],
    ['l1(-0.5)', '-0.5', 'reg.strength'],
    ['regularizers.l1_l2(l1=0.1, l2=-1e-3)', '-1e-3', 'reg.strength'],
    ['keras.regularizers.L1(float("inf"))', 'float("inf")', 'reg.strength'],
    ["'l3'", "'l3'", 'reg.unknown'],
  ] as const) {
    it(`kernel_regularizer=${reg}: a diagnostic on ${spot}, with its line and column, and the model stops being known there`, () => {
      const text = model(reg);
      const a = analyzePython(text);
      assert.equal(a.diagnostics.length, 1, JSON.stringify(a.diagnostics));
      const d = a.diagnostics[0];
      assert.equal(d.code, 'keras-bad-regularizer');
      assert.equal(d.messageRef?.id, id);
      // Line 5 (0-based 4) of the file, the column where the bad value starts.
      const lines = text.split('\n');
      assert.equal(d.line, 4);
      assert.equal(d.start, lines[4].indexOf(spot, lines[4].indexOf('kernel_regularizer')));
      assert.equal(lines[d.line].slice(d.start, d.end), spot);
      // The same words as the .netspec path gives the pasted Keras call.
      const netspec = analyze(`input 3\nlayers.Dense(4, kernel_regularizer=${reg})`).diagnostics;
      assert.deepEqual(netspec.map((x) => x.message), [d.message]);
      const m = a.models[0];
      assert.match(m.unknownFrom?.reason ?? '', /would fail in Keras/);
      assert.equal(m.unknownFrom?.line, 3);
      assert.equal(m.totalParams, undefined);
    });
  }

  it('a name or an expression NetLens cannot evaluate is no error (the model is not read past it), and a good strength reads as before', () => {
    for (const reg of ['regularizers.l2(weight_decay)', 'my_penalty(0.1)']) {
      const a = analyzePython(model(reg));
      assert.deepEqual(a.diagnostics, [], reg);
      assert.match(a.models[0].unknownFrom?.reason ?? '', /cannot read/, reg);
    }
    const good = analyzePython(model('regularizers.l2(1e-4)'));
    assert.deepEqual(good.diagnostics, []);
    assert.equal(good.models[0].unknownFrom, undefined);
    assert.equal(good.models[0].totalParams, 3 * 4 + 4 + 4 * 2 + 2);
  });
});
