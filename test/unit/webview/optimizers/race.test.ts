// The optimizer explorer's runs (webview/optimizers/race.ts) on TF.js's CPU backend: every path
// is TF.js's own tf.train.* optimizer, held against a textbook stepper written here in float64
// from the update rules (with TF.js's conventions, read from tfjs-core 4.22's
// src/optimizers/*_optimizer.ts, spelled out where they differ from the papers).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { OptimizerRun, REACH_TOLERANCE, stepsUntil } from '../../../../webview/optimizers/race';
import { DEFAULT_PARAMS, surfaceDef, type Point, type SurfaceParams } from '../../../../webview/optimizers/surfaces';
import { OPTIMIZER_IDS, hyperValue, optimizerDef, type Hypers, type OptimizerId } from '../../../../webview/shared/tf/optimizers';

type Vec = [number, number];
const map2 = (f: (i: 0 | 1) => number): Vec => [f(0), f(1)];

/** A textbook stepper: given the gradient at the current point, the next point. */
type Stepper = (p: Vec, g: Vec) => Vec;

/**
 * The update rules, per coordinate. TF.js's conventions, where a paper or another library differs:
 * - momentum keeps v ← βv + g and steps −lr·v (Sutskever / Distill's z ← βz + ∇f form; PyTorch's
 *   too), not v ← βv − lr·g; Nesterov steps −lr·(g + β·v_new) (PyTorch's nesterov form).
 * - AdaGrad's sum starts at 0.1 (initialAccumulatorValue) and ε is the backend's epsilon, inside the root.
 * - RMSprop's ε is inside the root, √(s + ε), and its momentum buffer holds lr·g/√(s + ε).
 * - Adam's ε is outside the root and added after bias correction: m̂ / (√v̂ + ε).
 * - Adadelta divides by the RMS of the gradients *before* this step's update (Zeiler uses the
 *   updated one) and multiplies by lr (Zeiler has none: lr = 1 gives the paper's scale).
 * - Adamax: u ← max(β₂u, |g|), step lr/(1 − β₁ᵗ)·m/(u + ε).
 */
function textbook(id: OptimizerId, hypers: Hypers, backendEpsilon: number): Stepper {
  const def = optimizerDef(id);
  const h = (n: Parameters<typeof hyperValue>[2]) => hyperValue(def, hypers, n);
  const lr = h('learningRate');
  let a: Vec = [0, 0];
  let b: Vec = [0, 0];
  let t = 0;
  switch (id) {
    case 'sgd':
      return (p, g) => map2((i) => p[i] - lr * g[i]);
    case 'momentum':
    case 'nesterov': {
      const beta = h('momentum');
      return (p, g) => {
        a = map2((i) => beta * a[i] + g[i]);
        return id === 'momentum' ? map2((i) => p[i] - lr * a[i]) : map2((i) => p[i] - lr * (g[i] + beta * a[i]));
      };
    }
    case 'adagrad': {
      a = [h('initialAccumulatorValue'), h('initialAccumulatorValue')];
      return (p, g) => {
        a = map2((i) => a[i] + g[i] ** 2);
        return map2((i) => p[i] - (lr * g[i]) / Math.sqrt(a[i] + backendEpsilon));
      };
    }
    case 'rmsprop': {
      const [rho, mu, eps] = [h('rho'), h('momentum'), h('epsilon')];
      return (p, g) => {
        a = map2((i) => rho * a[i] + (1 - rho) * g[i] ** 2);
        b = map2((i) => mu * b[i] + (lr * g[i]) / Math.sqrt(a[i] + eps));
        return map2((i) => p[i] - b[i]);
      };
    }
    case 'adam': {
      const [b1, b2, eps] = [h('beta1'), h('beta2'), h('epsilon')];
      return (p, g) => {
        t++;
        a = map2((i) => b1 * a[i] + (1 - b1) * g[i]);
        b = map2((i) => b2 * b[i] + (1 - b2) * g[i] ** 2);
        return map2((i) => p[i] - (lr * (a[i] / (1 - b1 ** t))) / (Math.sqrt(b[i] / (1 - b2 ** t)) + eps));
      };
    }
    case 'adadelta': {
      const [rho, eps] = [h('rho'), h('epsilon')];
      return (p, g) => {
        const u = map2((i) => (Math.sqrt(b[i] + eps) / Math.sqrt(a[i] + eps)) * g[i]);
        a = map2((i) => rho * a[i] + (1 - rho) * g[i] ** 2);
        b = map2((i) => rho * b[i] + (1 - rho) * u[i] ** 2);
        return map2((i) => p[i] - lr * u[i]);
      };
    }
    case 'adamax': {
      const [b1, b2, eps] = [h('beta1'), h('beta2'), h('epsilon')];
      return (p, g) => {
        t++;
        a = map2((i) => b1 * a[i] + (1 - b1) * g[i]);
        b = map2((i) => Math.max(b2 * b[i], Math.abs(g[i])));
        return map2((i) => p[i] - (lr / (1 - b1 ** t)) * (a[i] / (b[i] + eps)));
      };
    }
  }
}

/** The surfaces' gradients written out by hand, for the textbook side only. */
const GRADIENTS: Record<'quadratic' | 'saddle', (p: Vec, params: SurfaceParams) => Vec> = {
  quadratic: ([x, y], { kappa }) => [x, kappa * y],
  saddle: ([x, y]) => [2 * x, -2 * y],
};

function tfPath(surfaceId: 'quadratic' | 'saddle', id: OptimizerId, hypers: Hypers, params: SurfaceParams, start: Point, steps: number): Point[] {
  const run = new OptimizerRun(id, hypers, surfaceDef(surfaceId), params, start);
  try {
    for (let i = 0; i < steps; i++) run.step();
    return run.path.slice();
  } finally {
    run.dispose();
  }
}

describe('webview/optimizers/race (TF.js CPU)', () => {
  before(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  for (const surfaceId of ['quadratic', 'saddle'] as const) {
    for (const id of OPTIMIZER_IDS) {
      it(`${id} on the ${surfaceId}: TF.js's path equals the textbook stepper within 1e-5 for 100 steps`, () => {
        const surface = surfaceDef(surfaceId);
        const params: SurfaceParams = { ...DEFAULT_PARAMS, kappa: 10 };
        const hypers: Hypers = { learningRate: surface.learningRates[id] };
        const path = tfPath(surfaceId, id, hypers, params, surface.start, 100);
        const stepper = textbook(id, hypers, tf.backend().epsilon());
        let p: Vec = [surface.start[0], surface.start[1]];
        assert.equal(path.length, 101);
        let moved = 0;
        for (let s = 1; s <= 100; s++) {
          p = stepper(p, GRADIENTS[surfaceId](p, params));
          const [x, y] = path[s];
          // 1e-5, relative once a coordinate passes 1 (the saddle's y grows to ~12): float32 holds ~7 digits.
          const within = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
          assert.ok(within(x, p[0]) && within(y, p[1]), `step ${s}: TF.js (${x}, ${y}) vs textbook (${p[0]}, ${p[1]})`);
          moved = Math.max(moved, Math.hypot(x - surface.start[0], y - surface.start[1]));
        }
        // A path that never moved would match any stepper; these all travel.
        assert.ok(moved > 1e-2, `moved ${moved}`);
      });
    }
  }

  it('on the saddle from (1, 1e-3) with lr 0.01, plain SGD needs several times more steps to escape than momentum or Adam', () => {
    const saddle = surfaceDef('saddle');
    const escape = (id: OptimizerId) => {
      const run = new OptimizerRun(id, { learningRate: 0.01 }, saddle, DEFAULT_PARAMS, [1, 1e-3]);
      try {
        return stepsUntil(run, (s) => s.escapedAt !== undefined, 10_000);
      } finally {
        run.dispose();
      }
    };
    const [sgd, momentum, adam] = (['sgd', 'momentum', 'adam'] as const).map(escape);
    assert.ok(sgd !== undefined && momentum !== undefined && adam !== undefined, `escapes: sgd ${sgd}, momentum ${momentum}, adam ${adam}`);
    assert.ok(sgd >= 3 * momentum, `SGD ${sgd} steps vs momentum ${momentum}`);
    assert.ok(sgd >= 3 * adam, `SGD ${sgd} steps vs Adam ${adam}`);
  });

  it("on κ = 50, momentum at Distill's optimal α, β reaches the minimum in under a third of gradient descent's steps", () => {
    const quadratic = surfaceDef('quadratic');
    const params: SurfaceParams = { ...DEFAULT_PARAMS, kappa: 50 };
    // Eigenvalues of the Hessian diag(1, κ); Distill "Why Momentum Really Works": α = (2/(√λ₁ + √λₙ))²,
    // β = ((√λₙ − √λ₁)/(√λₙ + √λ₁))²; gradient descent's best α is 2/(λ₁ + λₙ).
    const [l1, ln] = [1, params.kappa];
    const alpha = (2 / (Math.sqrt(l1) + Math.sqrt(ln))) ** 2;
    const beta = ((Math.sqrt(ln) - Math.sqrt(l1)) / (Math.sqrt(ln) + Math.sqrt(l1))) ** 2;
    const reach = (id: OptimizerId, hypers: Hypers) => {
      const run = new OptimizerRun(id, hypers, quadratic, params, quadratic.start);
      try {
        return stepsUntil(run, (s) => s.reachedAt !== undefined, 20_000);
      } finally {
        run.dispose();
      }
    };
    const gd = reach('sgd', { learningRate: 2 / (l1 + ln) });
    const heavyBall = reach('momentum', { learningRate: alpha, momentum: beta });
    assert.ok(gd !== undefined && heavyBall !== undefined, `gd ${gd}, momentum ${heavyBall}`);
    assert.ok(heavyBall * 3 < gd, `momentum ${heavyBall} steps vs gradient descent ${gd}`);
    assert.equal(REACH_TOLERANCE, 1e-3);
  });

  it('holds no tensors across 1,000 steps of every optimizer (tf.memory() flat)', () => {
    const noisy = surfaceDef('noisy');
    const empty = tf.memory().numTensors;
    const runs = OPTIMIZER_IDS.map((id) => new OptimizerRun(id, { learningRate: noisy.learningRates[id] }, noisy, DEFAULT_PARAMS, noisy.start));
    try {
      for (const run of runs) run.step(); // optimizer state variables are created by the first step
      const before = tf.memory().numTensors;
      for (let i = 0; i < 1000; i++) for (const run of runs) run.step();
      assert.equal(tf.memory().numTensors, before);
      assert.ok(runs.every((r) => r.snapshot().steps === 1001));
    } finally {
      for (const run of runs) run.dispose();
      // Including momentum's −lr scalar, which tfjs-core's own dispose() leaves behind (disposeOptimizer).
      assert.equal(tf.memory().numTensors, empty, 'dispose frees the variables and all optimizer state');
    }
  });

  it('the noisy surface adds the same seeded noise for every run, and another seed changes it', () => {
    const noisy = surfaceDef('noisy');
    const path = (seed: number) => {
      const run = new OptimizerRun('sgd', { learningRate: 0.05 }, noisy, { ...DEFAULT_PARAMS, sigma: 1, seed }, noisy.start);
      for (let i = 0; i < 20; i++) run.step();
      const p = run.path.slice();
      run.dispose();
      return p;
    };
    assert.deepEqual(path(3), path(3));
    assert.notDeepEqual(path(3), path(4));
    const quiet = new OptimizerRun('sgd', { learningRate: 0.05 }, noisy, { ...DEFAULT_PARAMS, sigma: 0 }, noisy.start);
    quiet.step();
    const g = quiet.snapshot().last?.gradient;
    quiet.dispose();
    // σ = 0: the plain gradient of ½(x² + 4y²) at the start.
    assert.deepEqual(g?.map((v) => Math.round(v * 1e5) / 1e5), [noisy.start[0], 4 * noisy.start[1]]);
  });

  it("the arrows: momentum's step is −lr·g plus its velocity term; Adam's per-coordinate step is about lr whatever the gradient's scale", () => {
    const quadratic = surfaceDef('quadratic');
    const params: SurfaceParams = { ...DEFAULT_PARAMS, kappa: 100 };
    const momentum = new OptimizerRun('momentum', { learningRate: 0.005, momentum: 0.9 }, quadratic, params, [1, 1]);
    momentum.step();
    const first = momentum.snapshot().last!;
    momentum.step();
    const second = momentum.snapshot().last!;
    momentum.dispose();
    // First step: no velocity yet. Second: the velocity term is −lr·β·v₁ = −lr·β·g₁.
    assert.ok(Math.hypot(...first.beyondGradient) < 1e-7);
    second.beyondGradient.forEach((v, i) => assert.ok(Math.abs(v - -0.005 * 0.9 * first.gradient[i]) < 1e-6, `${v}`));
    const adam = new OptimizerRun('adam', { learningRate: 0.01 }, quadratic, params, [1, 1]);
    adam.step();
    const a = adam.snapshot().last!;
    adam.dispose();
    assert.ok(Math.abs(a.gradient[1] / a.gradient[0] - 100) < 1e-3, 'gradients 100× apart');
    a.step.forEach((v) => assert.ok(Math.abs(Math.abs(v) - 0.01) < 1e-6, `Adam's first step per coordinate is lr: ${v}`));
  });

  it('a learning rate too large diverges, and the run stops there', () => {
    const quadratic = surfaceDef('quadratic');
    const run = new OptimizerRun('sgd', { learningRate: 5 }, quadratic, DEFAULT_PARAMS, quadratic.start);
    for (let i = 0; i < 500; i++) run.step();
    const s = run.snapshot();
    run.dispose();
    assert.equal(s.diverged, true);
    assert.ok(s.steps < 500);
  });
});
