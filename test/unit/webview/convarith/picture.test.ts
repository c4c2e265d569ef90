// The convolution-arithmetic picture (webview/convarith/picture.ts) on a matrix of I, F, S, P and
// dilation: the cells it draws as input, zero ring and never read, and the windows it steps
// through, against the core's shapes (windowAxis, the same function every shape NetLens shows
// comes from) and a brute-force reading of each window.
import assert from 'node:assert/strict';
import { analyze, windowAxis } from '../../../../src/core';
import { convArithLayer } from '../../../../src/panels/convarithLayer';
import type { ConvArithLayer } from '../../../../src/protocol/convarith';
import { sayIn } from '../../../../src/core/i18n';
import { cellKind, describeUnread, paddedSpan, picture, stepOf, viewSpan, windowAt, windowCells } from '../../../../webview/convarith/picture';

type Pad = 'valid' | 'same' | [number, number];

function layerOf(input: number, filter: number, stride: number, dilation: number, padding: Pad, inputW = input): ConvArithLayer {
  const axis = (i: number) => {
    const a = windowAxis('H', i, filter, stride, dilation, padding);
    return { input: a.input, filter: a.filter, dilatedFilter: a.dilatedFilter, stride: a.stride, padBefore: a.padBefore, padAfter: a.padAfter, output: a.output, same: a.same === true, uneven: a.uneven };
  };
  return { kind: 'conv2d', name: 'conv2d', kerasClass: 'Conv2D', line: 1, document: 't.netspec', channels: 3, h: axis(input), w: axis(inputW) };
}

const cases: { input: number; inputW: number; filter: number; stride: number; dilation: number; padding: Pad }[] = [];
for (const input of [1, 4, 5, 7, 12])
  for (const filter of [1, 2, 3, 5])
    for (const stride of [1, 2, 3])
      for (const dilation of [1, 2])
        for (const padding of ['valid', 'same', [1, 1], [0, 2]] as Pad[]) {
          const inputW = input + 1;
          if (windowAxis('H', input, filter, stride, dilation, padding).output < 1 || windowAxis('W', inputW, filter, stride, dilation, padding).output < 1) continue;
          cases.push({ input, inputW, filter, stride, dilation, padding });
        }


/** The page's texts in English, as the host sends them (src/core/i18n/apps/convarith.ts). */
const say = sayIn('en');
describe('webview/convarith/picture', () => {
  it(`${cases.length} layers: output size, stepping, zero ring and never-read cells equal the core's geometry`, () => {
    for (const c of cases) {
      const label = JSON.stringify(c);
      const layer = layerOf(c.input, c.filter, c.stride, c.dilation, c.padding, c.inputW);
      const p = picture(layer);
      const coreH = windowAxis('H', c.input, c.filter, c.stride, c.dilation, c.padding);
      const coreW = windowAxis('W', c.inputW, c.filter, c.stride, c.dilation, c.padding);
      assert.deepEqual([p.outH, p.outW], [coreH.output, coreW.output], label);
      // Stepping visits every output window exactly once, row by row, then wraps to the first.
      const seen = new Set<string>();
      for (let k = 0; k < p.steps; k++) {
        const { oh, ow } = windowAt(p, k);
        assert.equal(stepOf(p, oh, ow), k, label);
        seen.add(`${oh},${ow}`);
      }
      assert.equal(seen.size, coreH.output * coreW.output, label);
      assert.deepEqual(windowAt(p, p.steps), { oh: 0, ow: 0 }, label);
      // Brute force: mark what every window reads, on the padded grid.
      const hSpan = paddedSpan(p.h);
      const wSpan = paddedSpan(p.w);
      assert.deepEqual([hSpan.start, hSpan.end], [0 - coreH.padBefore, c.input + coreH.padAfter], label);
      const read = new Set<string>();
      for (let k = 0; k < p.steps; k++) {
        const { oh, ow } = windowAt(p, k);
        const { rows, cols } = windowCells(p, oh, ow);
        assert.equal(rows.length, c.filter, label);
        assert.equal(rows[rows.length - 1] - rows[0] + 1, coreH.dilatedFilter, `${label}: the window spans F_eff`);
        assert.equal(rows[0], oh * c.stride - coreH.padBefore, `${label}: start = o·S − P`);
        for (const r of rows) for (const col of cols) read.add(`${r},${col}`);
      }
      for (let r = hSpan.start; r < hSpan.end; r++)
        for (let col = wSpan.start; col < wSpan.end; col++) {
          const inRing = r < 0 || r >= c.input || col < 0 || col >= c.inputW;
          const expected = inRing ? 'pad' : read.has(`${r},${col}`) ? 'input' : 'unread';
          assert.equal(cellKind(p, r, col), expected, `${label} cell ${r},${col}`);
        }
    }
  });

  it("Keras's `same` ring is asymmetric: the odd zero goes after (bottom/right)", () => {
    // 32×32, kernel 2, same: Keras pads 0 top, 1 bottom (windowAxis's split).
    const p = picture(layerOf(32, 2, 1, 1, 'same'));
    assert.deepEqual([paddedSpan(p.h).start, paddedSpan(p.h).end], [0, 33]);
    assert.equal(cellKind(p, 32, 5), 'pad');
    assert.equal(cellKind(p, 0, 0), 'input');
    // 6 wide, kernel 4, stride 1, same: pad along 3 → 1 before, 2 after.
    const q = picture(layerOf(6, 4, 1, 1, 'same'));
    assert.deepEqual([q.h.padBefore, q.h.padAfter], [1, 2]);
  });

  it('the uneven case: the last row and column are never seen, and the sentence names them', () => {
    const p = picture(layerOf(12, 3, 2, 1, 'valid'));
    assert.equal(p.outH, 5);
    assert.equal(cellKind(p, 11, 0), 'unread');
    assert.equal(cellKind(p, 0, 11), 'unread');
    assert.equal(cellKind(p, 10, 10), 'input');
    assert.equal(describeUnread(p.h, 'row', say), 'row 11');
    // A stride larger than the window jumps over inputs too.
    const gaps = picture(layerOf(7, 1, 3, 1, 'valid'));
    assert.equal(describeUnread(gaps.h, 'row', say), 'rows 1–2 and 4–5');
  });

  it('a large input (224×224) is drawn as a corner that follows the window', () => {
    const p = picture(layerOf(224, 3, 1, 1, 'same'));
    const full = paddedSpan(p.h);
    assert.deepEqual(viewSpan(full, 20, -1, 1), { start: -1, end: 19 }, 'the corner, ring included');
    assert.deepEqual(viewSpan(full, 20, 30, 32), { start: 13, end: 33 }, 'scrolled so the window stays in sight');
    assert.deepEqual(viewSpan(full, 20, 222, 224), { start: 205, end: 225 }, 'the far corner, ring included');
    assert.deepEqual(viewSpan({ start: 0, end: 7 }, 20, 3, 3), { start: 0, end: 7 }, 'a small grid is drawn whole');
  });

  it('every windowed layer of the examples: the message the panel sends draws the core’s output shape', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(__dirname, '..', '..', '..', '..', 'examples');
    let count = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.netspec'))) {
      for (const layer of analyze(readFileSync(join(dir, file), 'utf8')).layers) {
        const msg = convArithLayer(layer, file);
        if ('reason' in msg || !layer.outputShape) continue;
        const p = picture(msg);
        assert.deepEqual([p.outH, p.outW], layer.outputShape.slice(0, 2), `${file}:${layer.line + 1}`);
        count++;
      }
    }
    assert.ok(count >= 10, `only ${count} windowed layers in the examples`);
  });
});

describe('webview/convarith/picture: zeropad2d', () => {
  it('a zeropad2d line is a 1-tap window: every output cell copies one input cell or one zero', () => {
    const a = analyze('input 5x6x2\nzeropad2d ((1, 2), (3, 0))');
    const msg = convArithLayer(a.layers[0], 'z.netspec');
    assert.ok(!('reason' in msg));
    const p = picture(msg);
    assert.deepEqual([p.outH, p.outW], [8, 9]);
    assert.deepEqual(windowCells(p, 0, 0), { rows: [-1], cols: [-3] });
    assert.equal(cellKind(p, -1, 0), 'pad');
    assert.equal(cellKind(p, 4, 5), 'input');
    assert.equal(describeUnread(p.h, 'row', say), undefined);
  });
});
