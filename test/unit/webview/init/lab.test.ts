// The init lab's saved panel state (webview/init/lab.ts).
import assert from 'node:assert/strict';
import { histogramBars, sharedAxisRange } from '../../../../webview/init/histogramDraw';
import { restoreLabState } from '../../../../webview/init/lab';

describe('webview/init/lab', () => {
  it('restores saved panel state, dropping anything malformed', () => {
    assert.deepEqual(restoreLabState({ a: { name: 'he_normal' }, compare: true }).a, { name: 'he_normal' });
    const junk = restoreLabState({ a: { name: 'normal', std: 'x' }, net: { inputSize: 1e9, widths: [1] }, compare: 'yes' });
    assert.deepEqual(junk.a, { name: 'normal', std: 0.01 });
    assert.equal(junk.net.inputSize, 500);
    assert.equal(junk.compare, false);
  });
});

describe('webview/init/histogramDraw: one x-axis for every layer', () => {
  it('spans every layer, so a ReLU layer shrunk towards 0 becomes a sliver at 0', () => {
    // ReLU activations: each layer from 0 to its own maximum, shrinking layer after layer.
    const layers = [{ lo: 0, hi: 2 }, { lo: 0, hi: 0.2 }, { lo: 0, hi: 0.002 }];
    assert.deepEqual(sharedAxisRange(layers), { lo: 0, hi: 2 });
    assert.deepEqual(sharedAxisRange([{ lo: -1, hi: 1 }, { lo: -0.5, hi: Infinity }]), { lo: -1, hi: 1 }, 'non-finite ends are left out');
    assert.equal(sharedAxisRange([]), undefined);
    const counts = [5, 3, 1, 1];
    const own = histogramBars(counts, 0, 0.2, { lo: 0, hi: 0.2 }, 200);
    assert.deepEqual(own.map((b) => [Math.round(b.x * 1e6) / 1e6, Math.round(b.w * 1e6) / 1e6]), [[0, 50], [50, 50], [100, 50], [150, 50]], 'on its own axis the layer fills the canvas');
    const shared = histogramBars(counts, 0, 0.2, { lo: 0, hi: 2 }, 200);
    assert.ok(shared.every((b) => b.x + b.w <= 21), `on the shared axis it fills a tenth: ${JSON.stringify(shared)}`);
    const tiny = histogramBars(counts, 0, 0.002, { lo: 0, hi: 2 }, 200);
    assert.ok(tiny.every((b) => b.w === 1), 'bars stay at least one pixel wide');
    assert.deepEqual(shared.map((b) => b.count), counts);
  });

  it('the shared axis is on by default and saved with the panel', () => {
    assert.equal(restoreLabState(undefined).sharedAxis, true);
    assert.equal(restoreLabState({ sharedAxis: false }).sharedAxis, false);
    assert.equal(restoreLabState({ sharedAxis: 'no' }).sharedAxis, true);
  });
});
