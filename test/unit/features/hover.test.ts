import assert from 'node:assert/strict';
import { analyze } from '../../../src/core';
import { hoverMarkdownAt, inputHoverMarkdown, layerHoverMarkdown, wordHoverMarkdownAt } from '../../../src/features/pure/hover';
import { example } from './helpers';

describe('features/hover: the lecture model', () => {
  const a = example('lecture6-cifar.netspec');
  const conv = a.layers[0];

  it('conv2d shows its Keras output shape and the input it came from', () => {
    const md = layerHoverMarkdown(conv);
    assert.ok(md.startsWith('**conv2d** (Conv2D): input `(None, 32, 32, 3)` → output `(None, 32, 32, 64)`\n'), md);
  });

  it('conv2d shows the lecture formula with the padding Keras adds for `same`, and ceil(I/S)', () => {
    const md = layerHoverMarkdown(conv);
    assert.ok(md.includes('- H: `O = (32 + 0 + 1 − 2)/1 + 1 = 32 = ceil(32/1)` (same: Keras pads 0 top, 1 bottom)'), md);
    assert.ok(md.includes('- W: `O = (32 + 0 + 1 − 2)/1 + 1 = 32 = ceil(32/1)` (same: Keras pads 0 left, 1 right)'), md);
  });

  it('`same` with a stride: the padding Keras adds makes the lecture formula exact', () => {
    const a = analyze('input 32x32x3\nconv2d 8 3 stride=2 padding=same');
    const md = layerHoverMarkdown(a.layers[0]);
    // total = max((16 − 1)·2 + 3 − 32, 0) = 1: 0 before, 1 after.
    assert.ok(md.includes('- H: `O = (32 + 0 + 1 − 3)/2 + 1 = 16 = ceil(32/2)` (same: Keras pads 0 top, 1 bottom)'), md);
  });

  it('conv2d shows the parameter arithmetic, MACs and activation memory', () => {
    const md = layerHoverMarkdown(conv);
    assert.ok(md.includes('`params = (2·2·3 + 1)·64 = 832`'), md);
    // 32·32 positions × 64 filters × (2·2·3) taps = 786,432 multiply-accumulates.
    assert.ok(md.includes('**MACs**: 786,432 (786.4 K) per sample'), md);
    // 32·32·64 = 65,536 float32 values = 262,144 bytes.
    assert.ok(md.includes('**Activation memory**: 256 KiB per sample (65,536 float32 values)'), md);
  });

  it('max_pooling2d shows the substituted valid formula and escapes the underscore', () => {
    const md = layerHoverMarkdown(a.layers[1]);
    assert.ok(md.startsWith('**max\\_pooling2d** (MaxPooling2D)'), md);
    assert.ok(md.includes('- H: `O = (32 + 2·0 − 2)/2 + 1 = 16`'), md);
    assert.ok(md.includes('`params = 0`'), md);
  });

  it('dense shows (16384 + 1)·10 = 163,850 and has no per-axis section', () => {
    const md = layerHoverMarkdown(a.layers[3]);
    assert.ok(md.includes('`params = (16384 + 1)·10 = 163,850`'), md);
    assert.ok(!md.includes('Output size per axis'), md);
    assert.ok(md.includes('**MACs**: 163,840 (163.8 K) per sample'), md);
  });

  it('the input line shows the model totals as Keras prints them', () => {
    const md = inputHoverMarkdown(a);
    assert.ok(md.includes('**input**: `(None, 32, 32, 3)` · 3,072 values per sample'), md);
    assert.ok(md.includes('**Model**: 4 layers → output `(None, 10)`'), md);
    assert.ok(md.includes('Total params: **164,682**'), md);
    assert.ok(md.includes('Trainable params: 164,682'), md);
    assert.ok(md.includes('Non-trainable params: 0'), md);
    assert.ok(md.includes('MACs: 950,272 (950.3 K) per sample'), md);
    assert.ok(!md.includes('⚠'), md);
  });

  it('hoverMarkdownAt picks the input, a layer, or nothing by line', () => {
    assert.equal(hoverMarkdownAt(a, 0), undefined, 'the comment line has no hover');
    assert.ok(hoverMarkdownAt(a, 1)?.markdown.includes('Total params'));
    const h = hoverMarkdownAt(a, 2);
    assert.ok(h?.markdown.includes('832'));
    assert.deepEqual([h?.line, h?.start, h?.end], [2, conv.span.start, conv.span.end]);
  });
});

describe('features/hover: other layers', () => {
  it('batchnorm lists its non-trainable half', () => {
    const a = analyze('input 8x8x16\nbatchnorm');
    const md = layerHoverMarkdown(a.layers[0]);
    assert.ok(md.includes('(trainable 32, non-trainable 32)'), md);
  });

  it('an uneven stride is flagged on its axis', () => {
    const a = analyze('input 32x32x3\nconv2d 8 3 stride=2');
    const md = layerHoverMarkdown(a.layers[0]);
    assert.match(md, /- H: `O = \(32 \+ 2·0 − 3\)\/2 \+ 1 = 15[^`]*` ⚠ does not divide evenly: Keras floors/);
  });

  it('a layer after an error says its shape is unknown instead of inventing one', () => {
    const a = analyze('input 32x32x3\nconv2d 8 40\nflatten');
    const flatten = a.layers.find((l) => l.kerasClass === 'Flatten');
    assert.ok(flatten, JSON.stringify(a.layers.map((l) => l.name)));
    const md = layerHoverMarkdown(flatten);
    assert.ok(md.includes('`(None, ?)`'), md);
    const input = inputHoverMarkdown(a);
    // The 40×40 window is too large on both axes alike: one error, counted in the warning.
    assert.equal(a.diagnostics.filter((d) => d.severity === 'error').length, 1);
    assert.match(input, /⚠ 1 error in the spec/);
  });

  it('a standalone PReLU shows its own catalogue entry', () => {
    const a = analyze('input 10\nprelu');
    const md = layerHoverMarkdown(a.layers[0]);
    assert.ok(md.includes('PReLU: PReLU as a layer'), md);
  });
});

describe('features/hover: keys and values', () => {
  const at = (line: string, word: string, offset = 1) => wordHoverMarkdownAt(line, line.indexOf(word) + offset);

  it('an activation value shows its formula and the lecture note', () => {
    const h = at('conv2d 64 2 padding=same activation=relu', 'relu');
    assert.ok(h?.markdown.startsWith('**ReLU** `f(x) = max(0, x)`'), h?.markdown);
    assert.match(h!.markdown, /dead/);
    const line = 'conv2d 64 2 padding=same activation=relu';
    assert.deepEqual([h?.start, h?.end], [line.indexOf('relu'), line.length]);
  });

  it('a key shows the argument doc and default; a padding mode its rule', () => {
    const key = at('conv2d 64 2 padding=same', 'padding');
    assert.match(key!.markdown, /^\*\*padding\*\* \(conv2d\): .*Default `valid`\.$/s);
    const mode = at('conv2d 64 2 padding=same', 'same');
    assert.match(mode!.markdown, /^\*\*padding=same\*\*: .*ceil\(I\/S\)/s);
  });

  it('an initializer, also inside a pasted Keras call', () => {
    const h = at("Dense(10, kernel_initializer='he_normal')", 'he_normal');
    assert.ok(h?.markdown.startsWith('**He normal** `W = randn · √(2 / fan_in)`'), h?.markdown);
  });

  it('nothing extra on the layer word, a number, a comment or an unknown word', () => {
    assert.equal(at('conv2d 64 2', 'conv2d'), undefined);
    assert.equal(at('conv2d 64 2', '64'), undefined);
    assert.equal(at('dense 10 # relu here', 'relu'), undefined);
    assert.equal(at('dense 10 activation=relux', 'relux'), undefined);
  });
});

describe('features/hover after an error', () => {
  it('the input hover shows unknown totals and says why', () => {
    const a = analyze('input 8\ndense 4\ndensse 3\ndense 2');
    const md = inputHoverMarkdown(a);
    assert.match(md, /Total params: \*\*\?\*\*/);
    assert.doesNotMatch(md, /Total params: \*\*(40|36)\*\*/);
    assert.match(md, /NetLens does not guess past an error/);
  });
});

describe('features/hover: which Leaky ReLU α', () => {
  it('the value hover on leaky_relu gives the lecture default and Keras\'s for pasted calls', () => {
    const line = "Dense(4, activation='leaky_relu')";
    const h = wordHoverMarkdownAt(line, line.indexOf('leaky'));
    assert.ok(h);
    assert.match(h.markdown, /default 0\.01/);
    assert.match(h.markdown, /LeakyReLU\(\)` α = 0\.3/);
    assert.match(h.markdown, /activation='leaky_relu'` α = 0\.2/);
  });

  it('the layer hover says which α is in force and why', () => {
    // Markdown escapes the brackets; read it as rendered.
    const md = layerHoverMarkdown(analyze('input 8\nLeakyReLU()').layers[0]).replace(/\\(.)/g, '$1');
    assert.match(md, /α = 0\.3: Keras's LeakyReLU\(\) default/);
  });
});

describe('features/hover: huge inputs', () => {
  it('the input hover counts values exactly, never in exponent notation', () => {
    const md = inputHoverMarkdown(analyze('input 1000000000x1000000000x999'));
    assert.match(md, /999,000,000,000,000,000,000 values per sample/);
    assert.doesNotMatch(md, /e\+|e,\+/);
  });
});

describe('features/hover: the convolution-arithmetic link', () => {
  const link = (line: number) => `command:open?${line}`;
  it('conv2d, pooling and zeropad2d lines link to their picture; other lines and broken ones do not', () => {
    const a = analyze('input 32x32x3\nconv2d 8 kernel=3\nmaxpool2d 2\navgpool2d 2\nzeropad2d 1\nflatten\ndense 10');
    for (const line of [1, 2, 3, 4]) assert.ok(hoverMarkdownAt(a, line, 'en', { convArithmetic: link })!.markdown.includes(`](command:open?${line})`), `line ${line}`);
    for (const line of [0, 5, 6]) assert.ok(!hoverMarkdownAt(a, line, 'en', { convArithmetic: link })!.markdown.includes('command:'), `line ${line}`);
    assert.ok(!hoverMarkdownAt(a, 1)!.markdown.includes('command:'), 'no link unless the adapter gives one');
    const broken = analyze('input 32x32x3\nconv2d 8 kernel=40');
    assert.ok(!hoverMarkdownAt(broken, 1, 'en', { convArithmetic: link })!.markdown.includes('command:'), 'no picture for a window larger than its input');
  });

  it('hover on l2= and kernel_regularizer= says what they add to the loss, and that they add no parameters', () => {
    const line = 'dense 10 l2=1e-4';
    const h = wordHoverMarkdownAt(line, line.indexOf('l2') + 1);
    assert.match(h?.markdown ?? '', /λ·Σw²/);
    assert.match(h?.markdown ?? '', /no parameters/);
    const l1 = 'conv2d 8 3 l1=1e-4';
    assert.match(wordHoverMarkdownAt(l1, l1.indexOf('l1') + 1)?.markdown ?? '', /λ·Σ\|w\|/);
    const keras = 'Dense(4, kernel_regularizer=keras.regularizers.L2(1e-4))';
    const k = wordHoverMarkdownAt(keras, keras.indexOf('kernel_regularizer') + 3, 'ko');
    assert.match(k?.markdown ?? '', /λ·Σw²/);
    assert.match(k?.markdown ?? '', /파라미터를 늘리지 않고/);
  });

  it("a layer's hover says what its penalties add to the loss, next to unchanged parameter counts", () => {
    const a = analyze('input 16\ndense 10 l2=0.0001\nDense(4, kernel_regularizer=l1_l2(l1=0.5, l2=0.25), bias_regularizer=l2(2))\ndense 3');
    const h1 = hoverMarkdownAt(a, 1)!.markdown;
    assert.match(h1, /adds `0\.0001·Σw²` of the kernel to the loss; it adds no parameters/);
    assert.match(h1, /\(16 \+ 1\)·10 = 170/);
    const h2 = hoverMarkdownAt(a, 2, 'ko')!.markdown;
    assert.match(h2, /kernel의 `0\.5·Σ\|w\| \+ 0\.25·Σw²`/);
    assert.match(h2, /bias의 `2·Σb²`/);
    assert.doesNotMatch(hoverMarkdownAt(a, 3)!.markdown, /Regularization/);
  });
});
