// The convolution-arithmetic geometry (src/core/convGeometry.ts) on a matrix of I, F, S, P and
// dilation, against two oracles: a brute-force reading of the padded axis, and PyTorch's own
// F.unfold over an index tensor (which input positions each window reads), when torch is installed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { windowAxis } from '../../../src/core';
import { axisGeometry, isPadding, unreadInputs, windowTaps, windowsReading } from '../../../src/core/convGeometry';

type Pad = 'valid' | 'same' | [number, number];
interface Case { input: number; filter: number; stride: number; dilation: number; padding: Pad }

const cases: Case[] = [];
for (const input of [1, 4, 5, 7, 32])
  for (const filter of [1, 2, 3, 5])
    for (const stride of [1, 2, 3])
      for (const dilation of [1, 2])
        for (const padding of ['valid', 'same', [1, 1], [0, 2]] as Pad[]) {
          const a = windowAxis('H', input, filter, stride, dilation, padding);
          if (a.output >= 1) cases.push({ input, filter, stride, dilation, padding });
        }

describe('core/convGeometry', () => {
  it(`${cases.length} axes: windows, ring of zeros and unread inputs match a brute-force reading`, () => {
    for (const c of cases) {
      const axis = windowAxis('H', c.input, c.filter, c.stride, c.dilation, c.padding);
      const g = axisGeometry(axis);
      const label = JSON.stringify(c);
      if (c.padding === 'same') {
        // Keras (and TF): pad_along = max((O − 1)·S + F_eff − I, 0), the smaller half first.
        const fEff = (c.filter - 1) * c.dilation + 1;
        const along = Math.max((Math.ceil(c.input / c.stride) - 1) * c.stride + fEff - c.input, 0);
        assert.deepEqual([g.padBefore, g.padAfter], [Math.floor(along / 2), along - Math.floor(along / 2)], label);
      }
      const read = new Set<number>();
      for (let o = 0; o < g.output; o++) {
        const taps = windowTaps(g, o);
        assert.equal(taps.length, c.filter, label);
        for (const t of taps) {
          assert.ok(t >= -g.padBefore && t < c.input + g.padAfter, `${label}: window ${o} stays inside the padded axis`);
          if (!isPadding(g, t)) read.add(t);
          assert.ok(windowsReading(g, t).includes(o), `${label}: ${t} knows window ${o}`);
        }
      }
      // One window more would leave the padded axis: O is the most windows that fit.
      assert.ok(Math.max(...windowTaps(g, g.output)) >= c.input + g.padAfter, `${label}: O is maximal`);
      const unread = [...Array(c.input).keys()].filter((i) => !read.has(i));
      assert.deepEqual(unreadInputs(g), unread, label);
      // Without padding after the input, an uneven stride leaves its last inputs unread.
      if (axis.uneven && g.padAfter === 0) assert.ok(unread.includes(c.input - 1), `${label}: the last input is never read`);
    }
  });

  it('PyTorch F.unfold over an index tensor reads the same positions in every window', function () {
    this.timeout(120_000);
    const python = process.env.NETLENS_PYTHON ?? '/usr/bin/python3';
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(`      (skipped: ${python} cannot import torch; apt-get install -y python3-torch)`);
      this.skip();
    }
    const jobs = cases.map((c) => {
      const g = axisGeometry(windowAxis('H', c.input, c.filter, c.stride, c.dilation, c.padding));
      return { ...c, padBefore: g.padBefore, padAfter: g.padAfter };
    });
    const script = `
import json, sys, torch
import torch.nn.functional as F
out = []
for c in json.load(sys.stdin):
    # The padded axis holds its own positions: -P_before .. I + P_after - 1.
    x = torch.arange(-c['padBefore'], c['input'] + c['padAfter'], dtype=torch.float64).reshape(1, 1, 1, -1)
    cols = F.unfold(x, kernel_size=(1, c['filter']), dilation=(1, c['dilation']), stride=(1, c['stride']))
    out.append(cols[0].t().round().long().tolist())
print(json.dumps(out))`;
    const r = spawnSync(python, ['-c', script], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, r.stderr);
    const windows: number[][][] = JSON.parse(r.stdout);
    jobs.forEach((c, i) => {
      const g = axisGeometry(windowAxis('H', c.input, c.filter, c.stride, c.dilation, c.padding));
      assert.equal(windows[i].length, g.output, JSON.stringify(c));
      windows[i].forEach((w, o) => assert.deepEqual(windowTaps(g, o), w, `${JSON.stringify(c)} window ${o}`));
    });
  });
});
