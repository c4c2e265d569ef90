/**
 * One optimizer's walk on a surface: a `tf.variable` holding (x, y) and a TF.js optimizer from
 * the shared registry, stepped by `computeGradients` + `applyGradients` (what `minimize` does,
 * with the gradient exposed so the noisy surface can add its noise and the arrows can show it).
 * Everything a step reports comes back in one read of five numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { createOptimizer, disposeOptimizer, hyperValue, optimizerDef, type Hypers, type OptimizerId } from '../shared/tf/optimizers';
import { distanceToMinimum, type Point, type SurfaceDef, type SurfaceParams } from './surfaces';

/** A run reaching the minimum counts once it is this close (Euclidean distance). */
export const REACH_TOLERANCE = 1e-3;
/** Beyond this distance from the origin (or at a non-finite value) a run has diverged and stops. */
export const DIVERGED_BEYOND = 1e6;

/** What the arrows beside the latest update show, in the surface's units. */
export interface StepParts {
  /** ∇f at the point the step started from (with the noise, on the noisy surface). */
  gradient: Point;
  /** The update TF.js made: x_{t+1} − x_t. For Adam, each coordinate is about lr whatever |g|. */
  step: Point;
  /** The update minus plain SGD's −lr·g: the velocity (momentum) term for momentum and Nesterov. */
  beyondGradient: Point;
}

export interface RunSnapshot {
  id: OptimizerId;
  steps: number;
  point: Point;
  loss: number;
  /** Distance to the nearest minimum; undefined on the saddle. */
  distance: number | undefined;
  /** First step whose loss fell below the surface's escape level (saddle only). */
  escapedAt: number | undefined;
  /** First step that came within REACH_TOLERANCE of a minimum. */
  reachedAt: number | undefined;
  diverged: boolean;
  last: StepParts | undefined;
}

export class OptimizerRun {
  readonly path: Point[];
  private readonly variable: tf.Variable;
  private readonly optimizer: tf.Optimizer;
  private readonly lr: number;
  private steps = 0;
  private point: Point;
  private loss: number;
  private escapedAt: number | undefined;
  private reachedAt: number | undefined;
  private diverged = false;
  private last: StepParts | undefined;
  private disposed = false;

  constructor(
    readonly id: OptimizerId,
    readonly hypers: Hypers,
    private readonly surface: SurfaceDef,
    private readonly params: SurfaceParams,
    start: Point,
  ) {
    // tidy frees the initial tensor; the variable (not tracked by tidy) lives until dispose().
    this.variable = tf.tidy(() => tf.variable(tf.tensor1d(start, 'float32'), true));
    this.optimizer = createOptimizer(id, hypers);
    // The learning rate createOptimizer used (defaults filled in, clamped into range).
    this.lr = hyperValue(optimizerDef(id), hypers, 'learningRate');
    const stored = this.variable.dataSync();
    this.point = [stored[0], stored[1]];
    this.path = [this.point];
    this.loss = this.lossNow();
    this.checkMilestones();
  }

  get done(): boolean {
    return this.diverged || this.disposed;
  }

  private lossOf(v: tf.Tensor): tf.Scalar {
    return tf.sum(this.surface.f(v.slice([0], [1]), v.slice([1], [1]), this.params)) as tf.Scalar;
  }

  private lossNow(): number {
    return tf.tidy(() => this.lossOf(this.variable).dataSync()[0]);
  }

  /** One update by TF.js's optimizer. Does nothing once the run has diverged. */
  step(): void {
    if (this.done) return;
    const from = this.point;
    const stepIndex = this.steps;
    const out = tf.tidy(() => {
      const { grads } = this.optimizer.computeGradients(() => this.lossOf(this.variable), [this.variable]);
      let g = grads[this.variable.name];
      if (this.surface.noisy && this.params.sigma > 0) {
        // Seeded per step, so every optimizer sees the same noise at the same step: a fair race.
        g = tf.add(g, tf.randomNormal([2], 0, this.params.sigma, 'float32', this.params.seed * 100_003 + stepIndex));
      }
      this.optimizer.applyGradients({ [this.variable.name]: g });
      return tf.concat([g, this.variable, tf.reshape(this.lossOf(this.variable), [1])]).dataSync();
    });
    this.steps++;
    const [gx, gy, x, y, loss] = out;
    this.point = [x, y];
    this.loss = loss;
    this.path.push(this.point);
    const step: Point = [x - from[0], y - from[1]];
    this.last = { gradient: [gx, gy], step, beyondGradient: [step[0] + this.lr * gx, step[1] + this.lr * gy] };
    if (![x, y, loss].every(Number.isFinite) || Math.hypot(x, y) > DIVERGED_BEYOND) this.diverged = true;
    this.checkMilestones();
  }

  private checkMilestones(): void {
    if (this.diverged) return;
    if (this.escapedAt === undefined && this.surface.escapeBelow !== undefined && this.loss < this.surface.escapeBelow) this.escapedAt = this.steps;
    const d = distanceToMinimum(this.surface, this.params, this.point);
    if (this.reachedAt === undefined && d !== undefined && d < REACH_TOLERANCE) this.reachedAt = this.steps;
  }

  snapshot(): RunSnapshot {
    return {
      id: this.id,
      steps: this.steps,
      point: this.point,
      loss: this.loss,
      distance: distanceToMinimum(this.surface, this.params, this.point),
      escapedAt: this.escapedAt,
      reachedAt: this.reachedAt,
      diverged: this.diverged,
      last: this.last,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeOptimizer(this.optimizer);
    this.variable.dispose();
  }
}

/** Steps every unfinished run `count` times. */
export function stepAll(runs: readonly OptimizerRun[], count: number): void {
  for (let i = 0; i < count; i++) for (const run of runs) run.step();
}

/**
 * Steps a run until `stop(snapshot)` says so or `maxSteps` pass; returns the step count at which
 * it stopped (undefined if it never did). For the tests and the "steps to …" read-outs.
 */
export function stepsUntil(run: OptimizerRun, stop: (s: RunSnapshot) => boolean, maxSteps: number): number | undefined {
  for (let i = 0; i < maxSteps; i++) {
    const s = run.snapshot();
    if (stop(s)) return s.steps;
    if (s.diverged) return undefined;
    run.step();
  }
  const s = run.snapshot();
  return stop(s) ? s.steps : undefined;
}
