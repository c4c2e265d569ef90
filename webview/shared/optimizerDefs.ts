/**
 * The optimizer registry's table, without TF.js (so a page that never trains can read it: the
 * Train panel's form and settings check). ./tf/optimizers.ts builds the optimizers from it.
 *
 * Every optimizer TF.js 4.22 has (`tf.train.*`), with its hyperparameters, their defaults and
 * ranges, in one registry: the optimizer explorer builds its optimizers here, and the Train panel
 * can build its own from the same table. Each `create` calls TF.js's own constructor, never a
 * re-implementation, so what a student sees on a 2-D surface is what trains their network.
 *
 * TF.js's update rules (tfjs-core 4.22, src/optimizers/*_optimizer.ts), g the gradient, lr the
 * learning rate, ε TF.js's backend epsilon where the table's ε is "backend" (1e-7 on CPU/WASM,
 * 1e-7 or 1e-4 on WebGL by float precision):
 * - sgd:       x ← x − lr·g
 * - momentum:  v ← β·v + g;            x ← x − lr·v            (Distill's z ← βz + ∇f form)
 * - nesterov:  v ← β·v + g;            x ← x − lr·(g + β·v)    (v already updated)
 * - adagrad:   a ← a + g² (a₀ = 0.1);  x ← x − lr·g / √(a + ε_backend)
 * - rmsprop:   s ← ρ·s + (1 − ρ)·g²;   m ← μ·m + lr·g / √(s + ε);  x ← x − m   (ε inside the root)
 * - adam:      m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  x ← x − lr·m̂ / (√v̂ + ε),
 *              m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)                                      (ε outside)
 * - adadelta:  u = √(Δ + ε)/√(E + ε)·g with the *previous* E;  E ← ρE + (1 − ρ)g²;
 *              Δ ← ρΔ + (1 − ρ)u²;  x ← x − lr·u   (Zeiler's paper uses the new E and lr = 1;
 *              with the previous E, TF.js's first step is lr·g exactly, so lr = 1 overshoots)
 * - adamax:    m ← β₁m + (1 − β₁)g;  u ← max(β₂u, |g|);  x ← x − lr/(1 − β₁ᵗ)·m/(u + ε)
 */
import type { Say } from '../../src/core/i18n';

export type OptimizerId = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam' | 'adadelta' | 'adamax';

/** Hyperparameters beyond the learning rate, by the name TF.js's constructor gives them. */
export type HyperName = 'learningRate' | 'momentum' | 'rho' | 'beta1' | 'beta2' | 'epsilon' | 'initialAccumulatorValue';

export interface HyperDef {
  name: HyperName;
  /** Shown next to the control. */
  label: string;
  min: number;
  max: number;
  /** Log-scaled controls (learning rates, ε) move by decades. */
  log: boolean;
}

export interface OptimizerDef {
  id: OptimizerId;
  label: string;
  /** The TF.js call it makes, as a student would write it. */
  call: string;
  hypers: readonly HyperName[];
  /** TF.js's own defaults where it has them; the learning rate is the caller's. */
  defaults: Readonly<Partial<Record<HyperName, number>>>;
}

/** One sentence on what an optimizer's update does (the page's language: `say` is its `t`). */
export function optimizerDoc(id: OptimizerId, say: Say): string {
  return say(`webview.optimizer.${id}`);
}

/** One sentence on a hyperparameter. */
export function hyperDoc(name: HyperName, say: Say): string {
  return say(`webview.hyper.${name}`);
}

export type Hypers = Partial<Record<HyperName, number>>;

export const HYPERS: Readonly<Record<HyperName, HyperDef>> = {
  learningRate: { name: 'learningRate', label: 'lr', min: 1e-5, max: 10, log: true },
  momentum: { name: 'momentum', label: 'β', min: 0, max: 0.999, log: false },
  rho: { name: 'rho', label: 'ρ', min: 0, max: 0.999, log: false },
  beta1: { name: 'beta1', label: 'β₁', min: 0, max: 0.999, log: false },
  beta2: { name: 'beta2', label: 'β₂', min: 0, max: 0.9999, log: false },
  epsilon: { name: 'epsilon', label: 'ε', min: 1e-10, max: 1, log: true },
  initialAccumulatorValue: { name: 'initialAccumulatorValue', label: 'a₀', min: 0, max: 1, log: false },
};

export const OPTIMIZER_DEFS: readonly OptimizerDef[] = [
  { id: 'sgd', label: 'SGD', call: 'tf.train.sgd(lr)', hypers: ['learningRate'], defaults: {} },
  { id: 'momentum', label: 'Momentum', call: 'tf.train.momentum(lr, β)', hypers: ['learningRate', 'momentum'], defaults: { momentum: 0.9 } },
  { id: 'nesterov', label: 'Nesterov', call: 'tf.train.momentum(lr, β, true)', hypers: ['learningRate', 'momentum'], defaults: { momentum: 0.9 } },
  { id: 'adagrad', label: 'AdaGrad', call: 'tf.train.adagrad(lr, a₀)', hypers: ['learningRate', 'initialAccumulatorValue'], defaults: { initialAccumulatorValue: 0.1 } },
  {
    id: 'rmsprop', label: 'RMSprop', call: 'tf.train.rmsprop(lr, ρ, β, ε)', hypers: ['learningRate', 'rho', 'momentum', 'epsilon'],
    defaults: { rho: 0.9, momentum: 0, epsilon: 1e-7 },
  },
  {
    id: 'adam', label: 'Adam', call: 'tf.train.adam(lr, β₁, β₂, ε)', hypers: ['learningRate', 'beta1', 'beta2', 'epsilon'],
    defaults: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  },
  { id: 'adadelta', label: 'Adadelta', call: 'tf.train.adadelta(lr, ρ, ε)', hypers: ['learningRate', 'rho', 'epsilon'], defaults: { rho: 0.95, epsilon: 1e-7 } },
  {
    id: 'adamax', label: 'Adamax', call: 'tf.train.adamax(lr, β₁, β₂, ε)', hypers: ['learningRate', 'beta1', 'beta2', 'epsilon'],
    defaults: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  },
];

export const OPTIMIZER_IDS: readonly OptimizerId[] = OPTIMIZER_DEFS.map((d) => d.id);

export function optimizerDef(id: OptimizerId): OptimizerDef {
  const def = OPTIMIZER_DEFS.find((d) => d.id === id);
  if (!def) throw new Error(`unknown optimizer ${id}`);
  return def;
}

/** The value of a hyperparameter: the given one, else TF.js's default, kept in its range. */
export function hyperValue(def: OptimizerDef, hypers: Hypers, name: HyperName): number {
  const range = HYPERS[name];
  const v = hypers[name] ?? def.defaults[name] ?? (name === 'learningRate' ? 0.01 : range.min);
  return Number.isFinite(v) ? Math.min(range.max, Math.max(range.min, v)) : range.min;
}
