// The contour plot's numbers (webview/optimizers/contour.ts) and its world ↔ pixel mapping (draw.ts).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { contourLevels, contourSegments, evaluateGrid, type Grid } from '../../../../webview/optimizers/contour';
import { arrowVectors, toPixel, toWorld, rgbOf, type View } from '../../../../webview/optimizers/draw';
import { DEFAULT_PARAMS, SURFACES, lossAt, surfaceDef } from '../../../../webview/optimizers/surfaces';

describe('webview/optimizers/contour (TF.js CPU)', () => {
  before(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('evaluates each surface on its grid with the same TF.js function as a single point', () => {
    for (const def of SURFACES) {
      const grid = evaluateGrid(def, DEFAULT_PARAMS, 9);
      assert.equal(grid.values.length, 81);
      for (const [i, j] of [[0, 0], [8, 0], [3, 5], [8, 8]]) {
        const expected = lossAt(def, DEFAULT_PARAMS, [grid.xs[i], grid.ys[j]]);
        assert.ok(Math.abs(grid.values[j * 9 + i] - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${def.id} at (${i}, ${j})`);
      }
    }
  });

  it('the surfaces have their minima where their definitions say (f smallest there, gradient zero)', () => {
    for (const def of SURFACES) {
      for (const [mx, my] of def.minima(DEFAULT_PARAMS)) {
        const at = lossAt(def, DEFAULT_PARAMS, [mx, my]);
        for (const [dx, dy] of [[1e-2, 0], [-1e-2, 0], [0, 1e-2], [0, -1e-2]]) assert.ok(lossAt(def, DEFAULT_PARAMS, [mx + dx, my + dy]) > at, def.id);
      }
    }
    assert.equal(lossAt(surfaceDef('rosenbrock'), DEFAULT_PARAMS, [1, 1]), 0);
    assert.ok(Math.abs(lossAt(surfaceDef('beale'), DEFAULT_PARAMS, [3, 0.5])) < 1e-6);
    assert.equal(lossAt(surfaceDef('quadratic'), { ...DEFAULT_PARAMS, kappa: 50 }, [0, 1]), 25);
  });

  it('levels are increasing quantiles of the finite values', () => {
    const values = Float32Array.from([...Array.from({ length: 100 }, (_, i) => i), NaN, Infinity]);
    assert.deepEqual(contourLevels(values, 3), [25, 50, 75]);
    assert.deepEqual(contourLevels([2, 2, 2, 2], 3), [2]);
    assert.deepEqual(contourLevels([], 3), []);
  });

  it('marching squares: the level-1 contour of x² + y² lies on the unit circle and goes all round', () => {
    const n = 41;
    const xs = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
    const values = new Float32Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) values[j * n + i] = xs[i] ** 2 + xs[j] ** 2;
    const grid: Grid = { n, xs, ys: xs, values };
    const segments = contourSegments(grid, 1);
    assert.ok(segments.length > 30);
    let length = 0;
    for (const [x0, y0, x1, y1] of segments) {
      for (const r of [Math.hypot(x0, y0), Math.hypot(x1, y1)]) assert.ok(Math.abs(r - 1) < 0.02, `radius ${r}`);
      length += Math.hypot(x1 - x0, y1 - y0);
    }
    assert.ok(Math.abs(length - 2 * Math.PI) < 0.05, `circumference ${length}`);
    assert.deepEqual(contourSegments(grid, 100), []);
  });

  it('the saddle x² − y² at level 0 gives the two diagonals, never crossing cells wrongly', () => {
    const grid = evaluateGrid(surfaceDef('saddle'), DEFAULT_PARAMS, 20);
    const segments = contourSegments(grid, 0);
    assert.ok(segments.length > 10);
    for (const [x0, y0, x1, y1] of segments) for (const [x, y] of [[x0, y0], [x1, y1]]) assert.ok(Math.abs(Math.abs(x) - Math.abs(y)) < 1e-5, `${x}, ${y}`);
  });

  it('maps world to pixels and back (y up), as clicks use it', () => {
    const view: View = { xRange: [-2, 2], yRange: [-1, 3], w: 500, h: 400 };
    const p = toPixel(view, [0.5, 2]);
    const back = toWorld(view, p);
    assert.ok(Math.abs(back[0] - 0.5) < 1e-12 && Math.abs(back[1] - 2) < 1e-12);
    assert.ok(toPixel(view, [0, 3])[1] < toPixel(view, [0, -1])[1], 'larger y is higher on the canvas');
    assert.deepEqual(rgbOf('#ff8000'), [255, 128, 0]);
    assert.deepEqual(rgbOf('rgba(1, 2, 3, 0.5)'), [1, 2, 3]);
    assert.deepEqual(rgbOf('var(--x)'), [128, 128, 128]);
  });

  it("arrows: −g and the step point their way on screen (y up); the step's parts show its per-coordinate sizes", () => {
    // Adam's first step on ½(x² + 100y²) from (1, 1): g = (1, 100), step ≈ (−lr, −lr).
    const adam = arrowVectors({ gradient: [1, 100], step: [-0.01, -0.01], beyondGradient: [0, 0.99] }, false);
    assert.ok(adam.gradient[1] > 0 && Math.abs(adam.gradient[0]) < 1, '−g points down the screen, almost straight');
    assert.ok(Math.abs(Math.abs(adam.stepX[0]) - Math.abs(adam.stepY[1])) < 1e-9, 'equal parts');
    assert.equal(adam.velocity, undefined);
    // SGD's step is −lr·g: its y part is 100 times its x part.
    const sgd = arrowVectors({ gradient: [1, 100], step: [-0.001, -0.1], beyondGradient: [0, 0] }, true);
    assert.ok(Math.abs(Math.abs(sgd.stepY[1] / sgd.stepX[0]) - 100) < 1e-6);
    assert.equal(sgd.velocity, undefined, 'no velocity term: nothing drawn');
  });
});
