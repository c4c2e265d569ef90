/**
 * The explorer's 2-D loss surfaces. Each is one TF.js function of (x, y), element-wise on tensors
 * of any equal shape: the optimizers differentiate it on a `tf.variable` and the contour plot
 * evaluates it on a grid, so the picture and the paths come from the same function.
 */
import * as tf from '@tensorflow/tfjs';
import type { Say } from '../../src/core/i18n';
import type { SurfaceId } from '../../src/protocol/optimizers';
import type { OptimizerId } from '../shared/tf/optimizers';

export type Point = [number, number];

/** The sliders some surfaces read. */
export interface SurfaceParams {
  /** Condition number κ of the quadratic ½(x² + κy²). */
  kappa: number;
  /** Standard deviation σ of the noise added to the noisy surface's gradient. */
  sigma: number;
  /** Seed of that noise: the same seed gives every optimizer the same noise sequence. */
  seed: number;
}

export const PARAM_RANGES = {
  kappa: { min: 1, max: 200 },
  sigma: { min: 0, max: 5 },
  seed: { min: 0, max: 1_000_000 },
} as const;

export const DEFAULT_PARAMS: SurfaceParams = { kappa: 20, sigma: 1, seed: 1 };

export interface SurfaceDef {
  id: SurfaceId;
  /** f as the lecture writes it (the same in every language); its name and lesson: surfaceName, surfaceNote. */
  formula: string;
  /** f(x, y), element-wise on equal-shaped tensors. */
  f(x: tf.Tensor, y: tf.Tensor, p: SurfaceParams): tf.Tensor;
  /** The plotted window: [xmin, xmax] and [ymin, ymax]. */
  xRange: Point;
  yRange: Point;
  start: Point;
  /** Global minima (empty where f is unbounded below). */
  minima(p: SurfaceParams): Point[];
  /** A saddle's escape: the first step whose loss falls below this level counts as escaped. */
  escapeBelow?: number;
  /** Gradient noise N(0, σ²) per coordinate, seeded per step. */
  noisy?: boolean;
  /** Learning rates that show the surface's lesson (every other hyperparameter is TF.js's default). */
  learningRates: Readonly<Record<OptimizerId, number>>;
}

const sq = (t: tf.Tensor) => tf.square(t);

/** Rosenbrock with a = 1, b = 100: a curved, narrow valley to the minimum at (1, 1). */
function rosenbrock(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return tf.add(sq(tf.sub(1, x)), tf.mul(100, sq(tf.sub(y, sq(x)))));
}

/** ½(x² + κy²): curvature 1 along x, κ along y. */
function quadratic(x: tf.Tensor, y: tf.Tensor, kappa: number): tf.Tensor {
  return tf.mul(0.5, tf.add(sq(x), tf.mul(kappa, sq(y))));
}

/** Beale: flat plateaus and steep walls, minimum 0 at (3, 0.5). */
function beale(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const term = (c: number, power: number) => sq(tf.add(tf.sub(c, x), tf.mul(x, tf.pow(y, power))));
  return tf.addN([term(1.5, 1), term(2.25, 2), term(2.625, 3)]);
}

export const SURFACES: readonly SurfaceDef[] = [
  {
    id: 'saddle', formula: 'x² − y²',
    f: (x, y) => tf.sub(sq(x), sq(y)),
    xRange: [-1.5, 1.5], yRange: [-1.5, 1.5], start: [1, 0.001], minima: () => [], escapeBelow: -1,
    learningRates: { sgd: 0.01, momentum: 0.01, nesterov: 0.01, adagrad: 0.1, rmsprop: 0.01, adam: 0.01, adadelta: 0.01, adamax: 0.01 },
  },
  {
    id: 'rosenbrock', formula: '(1 − x)² + 100·(y − x²)²',
    f: (x, y) => rosenbrock(x, y),
    xRange: [-2, 2], yRange: [-1, 3], start: [-1.2, 1], minima: () => [[1, 1]],
    learningRates: { sgd: 0.001, momentum: 0.0005, nesterov: 0.0005, adagrad: 0.3, rmsprop: 0.005, adam: 0.05, adadelta: 0.001, adamax: 0.05 },
  },
  {
    id: 'quadratic', formula: '½·(x² + κ·y²)',
    f: (x, y, p) => quadratic(x, y, p.kappa),
    xRange: [-2, 2], yRange: [-1.5, 1.5], start: [-1.8, 1], minima: () => [[0, 0]],
    learningRates: { sgd: 0.04, momentum: 0.02, nesterov: 0.02, adagrad: 0.5, rmsprop: 0.02, adam: 0.05, adadelta: 0.04, adamax: 0.05 },
  },
  {
    id: 'beale', formula: '(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
    f: (x, y) => beale(x, y),
    xRange: [-4.5, 4.5], yRange: [-4.5, 4.5], start: [1, 1.5], minima: () => [[3, 0.5]],
    learningRates: { sgd: 0.001, momentum: 0.0005, nesterov: 0.0005, adagrad: 0.5, rmsprop: 0.01, adam: 0.05, adadelta: 0.001, adamax: 0.05 },
  },
  {
    id: 'noisy', formula: '½·(x² + 4y²), ∇f + N(0, σ²)',
    f: (x, y) => quadratic(x, y, 4),
    xRange: [-2, 2], yRange: [-2, 2], start: [-1.5, 1.5], minima: () => [[0, 0]], noisy: true,
    learningRates: { sgd: 0.05, momentum: 0.02, nesterov: 0.02, adagrad: 0.5, rmsprop: 0.02, adam: 0.05, adadelta: 0.05, adamax: 0.05 },
  },
];

/** The surface's name in the page's language (`say` is its `t`). */
export function surfaceName(id: SurfaceId, say: Say): string {
  return say(`optimizers.surface.${id}`);
}

/** What the surface teaches, in the page's language. */
export function surfaceNote(id: SurfaceId, say: Say): string {
  return say(`optimizers.surface.${id}.note`);
}

export function surfaceDef(id: SurfaceId): SurfaceDef {
  const def = SURFACES.find((s) => s.id === id);
  if (!def) throw new Error(`unknown surface ${id}`);
  return def;
}

/** f at one point, by TF.js (the read-outs; the race reads its losses inside its step). */
export function lossAt(def: SurfaceDef, p: SurfaceParams, point: Point): number {
  return tf.tidy(() => def.f(tf.scalar(point[0]), tf.scalar(point[1]), p).dataSync()[0]);
}

/** Distance to the nearest minimum, or undefined where there is none. */
export function distanceToMinimum(def: SurfaceDef, p: SurfaceParams, point: Point): number | undefined {
  const minima = def.minima(p);
  if (!minima.length) return undefined;
  return Math.min(...minima.map(([mx, my]) => Math.hypot(point[0] - mx, point[1] - my)));
}
