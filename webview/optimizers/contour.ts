/**
 * The contour plot's numbers: the surface evaluated on a grid by TF.js (the very function the
 * optimizers differentiate), contour levels, and the contour lines by marching squares. Drawing
 * is in ./draw.ts; everything here is plain data, tested in Node.
 */
import * as tf from '@tensorflow/tfjs';
import type { Point, SurfaceDef, SurfaceParams } from './surfaces';

/** f on an n × n grid over the surface's window; values[j·n + i] = f(xs[i], ys[j]). */
export interface Grid {
  n: number;
  xs: number[];
  ys: number[];
  values: Float32Array;
}

const linspace = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

export function evaluateGrid(def: SurfaceDef, params: SurfaceParams, n: number, xRange: Point = def.xRange, yRange: Point = def.yRange): Grid {
  const xs = linspace(xRange[0], xRange[1], n);
  const ys = linspace(yRange[0], yRange[1], n);
  const values = tf.tidy(() => {
    const x = tf.tile(tf.tensor1d(xs), [n]);
    const y = tf.reshape(tf.tile(tf.reshape(tf.tensor1d(ys), [n, 1]), [1, n]), [n * n]);
    return def.f(x, y, params).dataSync() as Float32Array;
  });
  return { n, xs, ys, values: Float32Array.from(values) };
}

/**
 * `count` contour levels at evenly spaced quantiles of the grid's finite values: dense where the
 * surface is flat and the optimizers spend their time (Rosenbrock's valley), sparse on the walls.
 */
export function contourLevels(values: ArrayLike<number>, count: number): number[] {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0 || count < 1) return [];
  const levels: number[] = [];
  for (let k = 1; k <= count; k++) {
    const v = finite[Math.min(finite.length - 1, Math.floor((k / (count + 1)) * finite.length))];
    if (levels.length === 0 || v > levels[levels.length - 1]) levels.push(v);
  }
  return levels;
}

/** One contour segment in world coordinates: [x0, y0, x1, y1]. */
export type Segment = [number, number, number, number];

/**
 * Marching squares: the segments where f crosses `level`, each cell's crossing points linearly
 * interpolated along its edges. A saddle cell (two opposite corners above) is split by the cell's
 * centre value, so the lines never cross.
 */
export function contourSegments(grid: Grid, level: number): Segment[] {
  const { n, xs, ys, values } = grid;
  const out: Segment[] = [];
  const at = (i: number, j: number) => values[j * n + i];
  const lerp = (a: number, b: number, va: number, vb: number) => a + ((level - va) / (vb - va)) * (b - a);
  for (let j = 0; j < n - 1; j++) {
    for (let i = 0; i < n - 1; i++) {
      const v = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
      if (!v.every(Number.isFinite)) continue;
      const [x0, x1, y0, y1] = [xs[i], xs[i + 1], ys[j], ys[j + 1]];
      // Crossing points on the four edges: bottom (0-1), right (1-2), top (2-3), left (3-0).
      const edge = (e: number): [number, number] | undefined => {
        const [a, b] = [e, (e + 1) % 4];
        if (v[a] < level === v[b] < level) return undefined;
        switch (e) {
          case 0: return [lerp(x0, x1, v[0], v[1]), y0];
          case 1: return [x1, lerp(y0, y1, v[1], v[2])];
          case 2: return [lerp(x1, x0, v[2], v[3]), y1];
          default: return [x0, lerp(y1, y0, v[3], v[0])];
        }
      };
      const points = [0, 1, 2, 3].map(edge);
      const present = points.map((p, e) => (p ? e : -1)).filter((e) => e >= 0);
      if (present.length === 2) {
        const [p, q] = [points[present[0]]!, points[present[1]]!];
        out.push([p[0], p[1], q[0], q[1]]);
      } else if (present.length === 4) {
        // Saddle cell: pair the edges so that the centre's side stays connected.
        const centreAbove = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
        const cornerAbove = v[0] >= level;
        const pairs = centreAbove === cornerAbove ? [[0, 1], [2, 3]] : [[3, 0], [1, 2]];
        for (const [a, b] of pairs) out.push([points[a]![0], points[a]![1], points[b]![0], points[b]![1]]);
      }
    }
  }
  return out;
}
