import assert from 'node:assert/strict';
import { ACTIVATIONS, ALL_LAYERS, INITIALIZERS, parse } from '../../../src/core';
import { completionsAt, type CompletionData } from '../../../src/features/pure/completion';
import { signatureAt } from '../../../src/features/pure/signature';

const at = (line: string, column = line.length): CompletionData[] => completionsAt(line, column);
const labels = (items: CompletionData[]) => items.map((i) => i.label);
/** What VS Code would keep after filtering by the text in the item's range (prefix match). */
const typed = (line: string, items: CompletionData[]) =>
  items.filter((i) => i.label.toLowerCase().startsWith(line.slice(i.replaceStart, i.replaceEnd).toLowerCase())).map((i) => i.label);

describe('features/completion: layer names', () => {
  it('offers conv2d after typing `con`, replacing the typed word', () => {
    const items = at('con');
    assert.ok(typed('con', items).includes('conv2d'));
    const conv = items.find((i) => i.label === 'conv2d');
    assert.deepEqual([conv?.replaceStart, conv?.replaceEnd], [0, 3]);
    assert.equal(conv?.insertText, 'conv2d ${1:FILTERS} ${2:KERNEL}');
    assert.ok(conv?.documentation.includes('Parameters: (F_h·F_w·C_in + 1)·filters'), conv?.documentation);
  });

  it('lists every catalogue layer on an empty line, in catalogue order', () => {
    assert.deepEqual(labels(at('')), ALL_LAYERS.map((d) => d.id));
    assert.deepEqual(labels(at('    ')).length, ALL_LAYERS.length);
  });

  it('offers Keras classes as calls when the word is capitalised or has a layers. prefix', () => {
    const items = at('layers.Den');
    const dense = items.find((i) => i.label === 'Dense');
    assert.ok(dense);
    assert.equal(dense.insertText, 'Dense($1)');
    assert.deepEqual([dense.replaceStart, dense.replaceEnd], [7, 10]);
    assert.ok(!labels(at('den')).includes('Dense'), 'lower case: netspec words only');
  });

  it('offers nothing inside a comment or while typing a number', () => {
    assert.deepEqual(at('# con'), []);
    assert.deepEqual(at('conv2d 64 # kernel'), []);
    assert.deepEqual(at('conv2d 6'), []);
  });
});

describe('features/completion: keys and values', () => {
  it('offers the keys a layer still takes after its positional arguments', () => {
    const penalties = ['l2=', 'l1=', 'kernel_regularizer=', 'bias_regularizer='];
    assert.deepEqual(labels(at('conv2d 64 3 ')), ['stride=', 'padding=', 'dilation=', 'activation=', 'use_bias=', 'init=', ...penalties]);
    assert.deepEqual(labels(at('conv2d 64 3 padding=same ')), ['stride=', 'dilation=', 'activation=', 'use_bias=', 'init=', ...penalties]);
    assert.deepEqual(labels(at('maxpool2d (2, 2) ')), ['stride=', 'padding=']);
    const padding = at('conv2d 64 3 ').find((i) => i.label === 'padding=');
    assert.equal(padding?.retrigger, true, 'values follow the = at once');
  });

  it('offers padding modes after padding=, replacing only the value', () => {
    const items = at('conv2d 64 3 padding=sa');
    assert.deepEqual(labels(items), ['valid', 'same']);
    assert.deepEqual(typed('conv2d 64 3 padding=sa', items), ['same']);
    assert.deepEqual([items[1].replaceStart, items[1].replaceEnd], [20, 22]);
  });

  it("each value's details pane is about that value: its name first, its own meaning, never another argument", () => {
    const lines = ['conv2d 64 kernel=2 padding=', 'maxpool2d 2 padding=', 'dense 10 activation=', 'dense 10 init=', 'dense 10 use_bias=', "Conv2D(64, 2, padding='"];
    for (const line of lines) {
      const items = at(line);
      assert.ok(items.length > 0, line);
      for (const i of items) {
        const shown = i.documentation.replace(/[*_`]/g, '').trim();
        assert.ok(shown.length > 20, `${line} ${i.label}: the pane has text`);
        assert.ok(i.documentation.startsWith(`**${i.kind === 'initializer' || i.kind === 'activation' ? '' : i.label}`), `${line} ${i.label}: ${i.documentation}`);
        assert.doesNotMatch(i.documentation.split('\n')[0], /\[|init=|glorot/, `${line} ${i.label}: the first line names nothing else`);
      }
    }
    const [valid, same] = at('conv2d 64 kernel=2 padding=');
    assert.notEqual(valid.documentation, same.documentation, 'valid and same explain themselves');
    assert.match(same.documentation, /^\*\*same\*\*: .*⌈I\/S⌉/);
    assert.match(valid.documentation, /^\*\*valid\*\*: No padding/);
    assert.equal(same.detail, 'padding=same');
  });

  it('offers every activation, the lecture ones first, with formula and doc', () => {
    const items = at('dense 10 activation=');
    assert.deepEqual(new Set(labels(items)), new Set(ACTIVATIONS.map((a) => a.name)));
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    const lectureCount = ACTIVATIONS.filter((a) => a.inLecture).length;
    assert.ok(sorted.slice(0, lectureCount).every((i) => ACTIVATIONS.find((a) => a.name === i.label)?.inLecture));
    const relu = items.find((i) => i.label === 'relu');
    assert.equal(relu?.detail, 'ReLU: f(x) = max(0, x)');
    assert.ok(relu?.documentation.includes('dead'), relu?.documentation);
  });

  it('offers initializers, with a placeholder for normal(STD)', () => {
    const items = at('dense 10 init=');
    assert.equal(items.length, INITIALIZERS.length);
    const normal = items.find((i) => i.label === 'normal(STD)');
    assert.equal(normal?.insertText, 'normal(${1:0.01})');
    assert.equal(normal?.snippet, true);
    assert.equal(items.find((i) => i.label === 'he_normal')?.insertText, 'he_normal');
  });

  it('offers true/false for use_bias and activations for a positional activation', () => {
    assert.deepEqual(labels(at('dense 10 use_bias=')), ['true', 'false']);
    const items = at('dense 10 ');
    assert.equal(items[0].label, 'linear', 'dense UNITS ACTIVATION: activations come first');
    assert.ok(labels(items).includes('activation='));
    assert.ok(labels(at('activation ')).includes('tanh'));
  });

  it('in a Keras call: Keras key spellings, and quotes around string values', () => {
    const keys = labels(at('Conv2D(64, ke'));
    assert.ok(keys.includes('kernel_size=') && keys.includes('kernel=') && keys.includes('strides='), keys.join(' '));
    const unquoted = at('Conv2D(64, padding=');
    assert.deepEqual(unquoted.map((i) => i.insertText), ["'valid'", "'same'"]);
    const quoted = at("tf.keras.layers.Conv2D(64, padding='s");
    assert.deepEqual(quoted.map((i) => i.insertText), ['valid', 'same']);
    assert.equal(quoted[0].replaceStart, "tf.keras.layers.Conv2D(64, padding='".length);
    assert.deepEqual(labels(at('Dense(10, use_bias=')), ['True', 'False']);
  });

  it('offers regularizer strengths and calls, never quoted: l2(1e-4) in a spec, keras.regularizers.l2(1e-4) in a Keras call', () => {
    assert.ok(labels(at('dense 10 ')).includes('l2='));
    assert.deepEqual(at('maxout 10 l2=').map((i) => i.insertText), ['1e-4', '1e-3']);
    assert.deepEqual(at('dense 10 kernel_regularizer=').map((i) => i.insertText), ['l2(1e-4)', 'l1(1e-4)', 'l1_l2(l1=1e-5, l2=1e-4)']);
    const keras = at('Dense(10, kernel_regularizer=');
    assert.deepEqual(keras.map((i) => i.insertText), ['keras.regularizers.l2(1e-4)', 'keras.regularizers.l1(1e-4)', 'keras.regularizers.l1_l2(l1=1e-5, l2=1e-4)']);
    assert.match(keras[0].documentation, /1e-4·Σw²/);
    assert.match(completionsAt('Dense(10, kernel_regularizer=', 'Dense(10, kernel_regularizer='.length, 'ko')[0].documentation, /loss에 1e-4·Σw²를 더합니다/);
    assert.deepEqual(labels(at('Dense(10, bias_regularizer=')).length, 3);
  });

  it("reads a Keras call behind every module prefix the parser reads (tensorflow.keras.layers.Dense(10, activation=)", () => {
    const activations = new Set(ACTIVATIONS.map((a) => a.name));
    for (const prefix of ['', 'layers.', 'keras.', 'keras.layers.', 'tf.keras.', 'tf.keras.layers.', 'tensorflow.keras.layers.']) {
      const line = `${prefix}Dense(10, activation=`;
      const parsed = parse(`${prefix}Dense(10, activation='relu')`);
      assert.deepEqual([parsed.statements.length, parsed.diagnostics.length], [1, 0], `the parser reads ${prefix}Dense(...)`);
      assert.deepEqual(new Set(labels(at(line))), activations, line);
      assert.equal(at(line)[0].replaceStart, line.length, line);
      const call = `${prefix}Dense(10, `;
      assert.equal(signatureAt(call, call.length)?.label.startsWith('Dense(units'), true, call);
    }
    // PyTorch's prefix is not Keras's: the parser explains it, completion stays quiet.
    assert.deepEqual(at('nn.Conv2d(3, 64, padding='), []);
    assert.deepEqual(at('torch.nn.Linear(10, '), []);
  });

  it('offers nothing after an unknown layer word', () => {
    assert.deepEqual(at('convv2d 64 '), []);
  });
});

describe('features/signature help', () => {
  const active = (line: string) => {
    const s = signatureAt(line, line.length);
    return s && s.activeParameter >= 0 ? s.label.slice(...s.parameters[s.activeParameter].label) : undefined;
  };

  it('shows conv2d arguments in Keras order, required ones in capitals', () => {
    const s = signatureAt('conv2d ', 7);
    assert.equal(s?.label, 'conv2d FILTERS KERNEL [STRIDE] [PADDING] [dilation=1] [activation=linear] [use_bias=true] [init=glorot_uniform] [l2=0] [l1=0] [kernel_regularizer=…] [bias_regularizer=…]');
    assert.equal(s?.parameters.length, 12);
  });

  it('moves the active parameter with each positional value; a size in parentheses is one value', () => {
    assert.equal(active('conv2d '), 'FILTERS');
    assert.equal(active('conv2d 64 '), 'KERNEL');
    assert.equal(active('conv2d 64 (3, 3) '), '[STRIDE]');
    assert.equal(active('conv2d 64 3x3 stride=2 '), '[STRIDE]', 'a key does not count as a positional');
  });

  it('highlights the key being typed, and steps aside while the suggest list offers its values', () => {
    assert.equal(active('conv2d 64 3 stride=2'), '[STRIDE]');
    assert.equal(active('conv2d 64 3 dilation='), '[dilation=1]');
    assert.equal(active('conv2d 64 3 nosuchkey='), undefined);
    // padding=, activation=, init= and use_bias= open the suggest list, whose details pane explains
    // each value: a signature box there would cover that pane (VS Code places both below a line
    // near the top) and show only its last line, "[init=glorot_uniform]".
    for (const line of ['conv2d 64 kernel=2 padding=', 'conv2d 64 3 padding=s', 'conv2d 64 3 activation=', 'dense 10 init=', 'dense 10 use_bias=', "Conv2D(64, (2, 2), activation='r"]) {
      assert.equal(signatureAt(line, line.length), undefined, line);
    }
    assert.equal(active('conv2d 64 3 padding=same '), '[STRIDE]', 'back once the value is written');
  });

  it('uses call syntax for a Keras call and counts commas', () => {
    assert.equal(signatureAt('Dense(', 6)?.label, 'Dense(units, activation=linear, use_bias=true, init=glorot_uniform, l2=0, l1=0, kernel_regularizer=…, bias_regularizer=…)');
    assert.equal(active('Conv2D('), 'filters');
    assert.equal(active('Conv2D(64, '), 'kernel');
  });

  it('after a keyword in a call, points at the first argument not given yet (Python takes only keywords there)', () => {
    assert.equal(active('Conv2D(64, kernel_size=3, '), 'stride=1');
    assert.equal(active('Conv2D(64, kernel_size=3, strides=2, '), 'padding=valid');
    assert.equal(active('Conv2D(filters=8, '), 'kernel');
    assert.equal(active('Dense(10, activation="relu", '), 'use_bias=true');
  });

  it('has no signature while the layer word is typed, and none highlighted for flatten', () => {
    assert.equal(signatureAt('con', 3), undefined);
    const s = signatureAt('flatten ', 8);
    assert.deepEqual([s?.label, s?.activeParameter], ['flatten', -1]);
  });
});

describe('features/completion: positional string values in a call', () => {
  it("Activation('re offers activations without adding quotes", () => {
    const items = completionsAt("Activation('re", 14);
    assert.ok(items.length > 0 && items.every((i) => i.kind === 'activation'));
    assert.equal(items.find((i) => i.label === 'relu')?.insertText, 'relu');
    assert.equal(items[0].replaceStart, "Activation('".length);
  });
});
