/**
 * The hyperparameter search, pure (no TF.js, no DOM): the search space, each trial's draw from
 * its seed (random search: log-uniform for the learning rate and the L2 strength, uniform for the
 * dropout rate, one of the choices for the batch size; grid search: a product of evenly spaced
 * values within the same budget), the settings a trial applies to the spec's layers, "zoom in"
 * (coarse-to-fine: new ranges around the best trials) and the distinct values a plan tries.
 * The engine (./engine/engine.ts) trains each trial with webview/shared/training/.
 */
import type { TrainLayer } from '../../src/protocol/train';
import { mulberry32 } from '../shared/random';

export type SearchStrategy = 'random' | 'grid';
export const STRATEGIES: readonly SearchStrategy[] = ['random', 'grid'];

/** The hyperparameters a search varies, in table order. */
export type ParamName = 'learningRate' | 'l2' | 'batchSize' | 'dropout';
export const PARAMS: readonly ParamName[] = ['learningRate', 'l2', 'batchSize', 'dropout'];

/** A closed range [min, max]; `log`: drawn log-uniformly (and spaced evenly in log10 on a grid). */
export interface Range {
  min: number;
  max: number;
}

export interface SearchSpace {
  /** Log-uniform, min > 0. */
  learningRate: Range;
  /** Log-uniform, min > 0: λ of `l2=λ` on every conv2d, dense and maxout layer. */
  l2: Range;
  /** Absent: the batch size is fixed (`fixedBatchSize`). */
  batchSize?: number[];
  /** Uniform in [0, 1); absent: the spec's own dropout rates stay. */
  dropout?: Range;
}

/** Which parameters are drawn on a log scale (the scatter plots' axes follow it). */
export const LOG_PARAMS: ReadonlySet<ParamName> = new Set(['learningRate', 'l2']);

export interface TrialParams {
  learningRate: number;
  l2: number;
  batchSize?: number;
  dropout?: number;
}

export interface Trial {
  /** 0-based position in the plan. */
  index: number;
  /** Decides the draw (random search), the initial weights and the batch order. */
  seed: number;
  params: TrialParams;
}

export interface SearchPlan {
  space: SearchSpace;
  strategy: SearchStrategy;
  /** The budget: at most this many trials. */
  trials: number;
  /** Epochs each trial trains. */
  epochs: number;
  /** The search's seed: trial i's seed is trialSeed(seed, i). */
  seed: number;
}

/** A trial's outcome as the engine measured it. */
export interface TrialResult extends Trial {
  status: 'done' | 'diverged';
  /** Validation accuracy after the last epoch (0 for a diverged trial). */
  valAccuracy: number;
  valLoss: number;
  /** Training accuracy of the last epoch (running mean over its batches). */
  trainAccuracy: number;
  epochs: number;
  /** tf.memory().numTensors before the trial's model was built and after it was disposed. */
  tensorsBefore: number;
  tensorsAfter: number;
}

/** Bounds the form accepts (and the protocol checks). */
export const LIMITS = {
  maxTrials: 200,
  maxEpochs: 50,
  /** A range's ends: below 1e-8 or above 10 no learning rate or λ teaches anything. */
  minLog: 1e-8,
  maxLog: 10,
  maxBatch: 4096,
  maxChoices: 8,
  maxDropout: 0.95,
} as const;

/** A 32-bit integer hash of (search seed, trial index): nearby indices give unrelated seeds. */
export function trialSeed(searchSeed: number, index: number): number {
  let h = (Math.imul(searchSeed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

/** exp of a uniform draw in [ln min, ln max]: every decade equally likely. */
export function logUniform(range: Range, u: number): number {
  const lo = Math.log(range.min);
  const hi = Math.log(range.max);
  return Math.exp(lo + (hi - lo) * u);
}

/** The random-search draw of the trial with this seed (the same seed, the same numbers). */
export function drawTrial(space: SearchSpace, seed: number): TrialParams {
  const rand = mulberry32(seed);
  const p: TrialParams = { learningRate: logUniform(space.learningRate, rand()), l2: logUniform(space.l2, rand()) };
  // Drawn in a fixed order whether or not a parameter is searched, so adding one keeps the others.
  const b = rand();
  const d = rand();
  if (space.batchSize?.length) p.batchSize = space.batchSize[Math.min(space.batchSize.length - 1, Math.floor(b * space.batchSize.length))];
  if (space.dropout) p.dropout = space.dropout.min + (space.dropout.max - space.dropout.min) * d;
  return p;
}

/** n values from min to max, evenly spaced in log10 (log) or linearly; one value: the middle. */
export function spaced(range: Range, n: number, log: boolean): number[] {
  const f = log ? Math.log : (x: number) => x;
  const g = log ? Math.exp : (x: number) => x;
  const lo = f(range.min);
  const hi = f(range.max);
  if (n <= 1) return [g((lo + hi) / 2)];
  return Array.from({ length: n }, (_, i) => g(lo + ((hi - lo) * i) / (n - 1)));
}

/** The searched dimensions of a space, with how many values a grid can give each at most. */
function dimensions(space: SearchSpace): { name: ParamName; cap: number }[] {
  const dims: { name: ParamName; cap: number }[] = [{ name: 'learningRate', cap: Infinity }, { name: 'l2', cap: Infinity }];
  if (space.batchSize?.length) dims.push({ name: 'batchSize', cap: space.batchSize.length });
  if (space.dropout) dims.push({ name: 'dropout', cap: space.dropout.max > space.dropout.min ? Infinity : 1 });
  return dims;
}

/**
 * Values per dimension of a grid within `budget` trials: one each, then one more to the
 * dimension with the fewest (earlier first on a tie) while the product stays within the budget.
 * 9 trials over two parameters: 3 × 3; 6 trials: 3 × 2.
 */
export function gridShape(space: SearchSpace, budget: number): Map<ParamName, number> {
  const dims = dimensions(space);
  const sizes = dims.map(() => 1);
  const product = () => sizes.reduce((a, b) => a * b, 1);
  for (;;) {
    const order = dims.map((_, i) => i).filter((i) => sizes[i] < dims[i].cap).sort((a, b) => sizes[a] - sizes[b] || a - b);
    const grow = order.find((i) => (product() / sizes[i]) * (sizes[i] + 1) <= budget);
    if (grow === undefined) break;
    sizes[grow] += 1;
  }
  return new Map(dims.map((d, i) => [d.name, sizes[i]]));
}

/** The grid's values of each searched parameter. */
export function gridValues(space: SearchSpace, budget: number): Map<ParamName, number[]> {
  const shape = gridShape(space, budget);
  const out = new Map<ParamName, number[]>();
  for (const [name, n] of shape) {
    if (name === 'batchSize') {
      const choices = space.batchSize ?? [];
      out.set(name, spaced({ min: 0, max: choices.length - 1 }, n, false).map((i) => choices[Math.round(i)]));
    } else {
      const range = name === 'dropout' ? space.dropout : space[name];
      if (range) out.set(name, spaced(range, n, LOG_PARAMS.has(name)));
    }
  }
  return out;
}

/** Every trial of the plan, in order: each with its seed, its hyperparameters drawn or from the grid. */
export function planTrials(plan: SearchPlan): Trial[] {
  const budget = Math.max(1, Math.floor(plan.trials));
  if (plan.strategy === 'random') {
    return Array.from({ length: budget }, (_, index) => {
      const seed = trialSeed(plan.seed, index);
      return { index, seed, params: drawTrial(plan.space, seed) };
    });
  }
  const values = [...gridValues(plan.space, budget)];
  const total = values.reduce((n, [, v]) => n * v.length, 1);
  const trials: Trial[] = [];
  for (let index = 0; index < total; index++) {
    const params: Partial<TrialParams> = {};
    // The first parameter varies slowest (the table reads row by row).
    let rest = index;
    for (let d = values.length - 1; d >= 0; d--) {
      const [name, v] = values[d];
      params[name] = v[rest % v.length];
      rest = Math.floor(rest / v.length);
    }
    trials.push({ index, seed: trialSeed(plan.seed, index), params: params as TrialParams });
  }
  return trials;
}

/** How many different values of `name` the trials try. */
export function distinctValues(trials: readonly Pick<Trial, 'params'>[], name: ParamName): number {
  return new Set(trials.map((t) => t.params[name]).filter((v) => v !== undefined)).size;
}

/** Results best first: highest validation accuracy, then lowest validation loss, then plan order. */
export function byValAccuracy(a: TrialResult, b: TrialResult): number {
  return b.valAccuracy - a.valAccuracy || (Number.isFinite(a.valLoss) ? a.valLoss : Infinity) - (Number.isFinite(b.valLoss) ? b.valLoss : Infinity) || a.index - b.index;
}

/** The best trial so far, or undefined before any finished. */
export function bestTrial(results: readonly TrialResult[]): TrialResult | undefined {
  return [...results].sort(byValAccuracy)[0];
}

/** After each trial (in plan order), the best validation accuracy so far. */
export function bestSoFar(results: readonly TrialResult[]): number[] {
  let best = -Infinity;
  return [...results].sort((a, b) => a.index - b.index).map((r) => (best = Math.max(best, r.valAccuracy)));
}

/** Trials "zoom in" keeps: the top quarter, at least two. */
export function topTrials(results: readonly TrialResult[], fraction = 0.25): TrialResult[] {
  const done = results.filter((r) => r.status === 'done');
  return [...done].sort(byValAccuracy).slice(0, Math.max(2, Math.ceil(done.length * fraction)));
}

/**
 * Coarse-to-fine: a new space spanning the best trials' values (the top quarter), undefined with
 * fewer than two finished trials. A range the top trials all share is widened to a factor of 2
 * either side (log) or ±0.05 (dropout), so the next search still varies it.
 */
export function zoomIn(space: SearchSpace, results: readonly TrialResult[], fraction = 0.25): SearchSpace | undefined {
  const top = topTrials(results, fraction);
  if (top.length < 2) return undefined;
  const span = (name: 'learningRate' | 'l2'): Range => {
    const v = top.map((t) => t.params[name]);
    const min = Math.min(...v);
    const max = Math.max(...v);
    const r = min < max ? { min, max } : { min: min / 2, max: max * 2 };
    return { min: Math.max(LIMITS.minLog, r.min), max: Math.min(LIMITS.maxLog, r.max) };
  };
  const out: SearchSpace = { learningRate: span('learningRate'), l2: span('l2') };
  if (space.batchSize?.length) {
    const used = new Set(top.map((t) => t.params.batchSize));
    out.batchSize = space.batchSize.filter((b) => used.has(b));
  }
  if (space.dropout) {
    const v = top.map((t) => t.params.dropout ?? space.dropout!.min);
    const min = Math.min(...v);
    const max = Math.max(...v);
    out.dropout = min < max ? { min, max } : { min: Math.max(0, min - 0.05), max: Math.min(LIMITS.maxDropout, max + 0.05) };
  }
  return out;
}

const REGULARIZED_KINDS = new Set(['conv2d', 'dense', 'maxout']);

/** The layers with `l2=λ` on every conv2d, dense and maxout kernel (any l1 of the spec cleared). */
export function withL2(layers: readonly TrainLayer[], lambda: number): TrainLayer[] {
  return layers.map((l) => (REGULARIZED_KINDS.has(l.config.kind)
    ? { ...l, config: { ...l.config, regularizer: { l1: 0, l2: lambda } } as TrainLayer['config'] }
    : l));
}

/** The layers with every dropout layer's rate set to `rate`. */
export function withDropout(layers: readonly TrainLayer[], rate: number): TrainLayer[] {
  return layers.map((l) => (l.config.kind === 'dropout' ? { ...l, config: { kind: 'dropout', rate } } : l));
}

export function hasDropout(layers: readonly TrainLayer[]): boolean {
  return layers.some((l) => l.config.kind === 'dropout');
}

/** The layers a trial trains: the spec's, with its L2 strength and (when searched) dropout rate. */
export function trialLayers(layers: readonly TrainLayer[], params: TrialParams): TrainLayer[] {
  const regularized = withL2(layers, params.l2);
  return params.dropout === undefined ? regularized : withDropout(regularized, params.dropout);
}

/** Checks a space; returns the id of the first problem's text, or undefined. */
export function spaceProblem(space: SearchSpace): 'search.bad.learningRate' | 'search.bad.l2' | 'search.bad.batchSize' | 'search.bad.dropout' | undefined {
  const logOk = (r: Range) => Number.isFinite(r.min) && Number.isFinite(r.max) && r.min >= LIMITS.minLog && r.max <= LIMITS.maxLog && r.min <= r.max;
  if (!logOk(space.learningRate)) return 'search.bad.learningRate';
  if (!logOk(space.l2)) return 'search.bad.l2';
  if (space.batchSize && (space.batchSize.length === 0 || space.batchSize.length > LIMITS.maxChoices || !space.batchSize.every((b) => Number.isInteger(b) && b >= 1 && b <= LIMITS.maxBatch))) {
    return 'search.bad.batchSize';
  }
  const d = space.dropout;
  if (d && !(Number.isFinite(d.min) && Number.isFinite(d.max) && d.min >= 0 && d.max <= LIMITS.maxDropout && d.min <= d.max)) return 'search.bad.dropout';
  return undefined;
}

// ---- the Bergstra & Bengio picture -------------------------------------------------------------

/**
 * Bergstra & Bengio (2012), "Random search for hyper-parameter optimization", figure 1: when one
 * parameter matters and the other hardly does, a 3×3 grid tries only 3 values of the one that
 * matters, while 9 random trials try 9. Both parameters in [0, 1]; the score of a point is
 * `importance(x) + 0.05·minor(y)`.
 */
export const importance = (x: number) => Math.exp(-((x - 0.62) ** 2) / (2 * 0.07 ** 2));
export const minor = (y: number) => 0.5 + 0.5 * Math.sin(2 * Math.PI * y);
export const demoScore = (x: number, y: number) => importance(x) + 0.05 * minor(y);

export interface DemoPoints {
  grid: [number, number][];
  random: [number, number][];
}

/** The 3×3 grid (cell centres) and 9 random points (seeded) of the picture. */
export function bergstraPoints(seed: number, n = 3): DemoPoints {
  const axis = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  const grid = axis.flatMap((x) => axis.map((y) => [x, y] as [number, number]));
  const rand = mulberry32(seed);
  const random = Array.from({ length: n * n }, () => [rand(), rand()] as [number, number]);
  return { grid, random };
}

/** Distinct values along axis 0 (important) or 1 (unimportant), and the best score found. */
export function demoSummary(points: readonly [number, number][]): { important: number; unimportant: number; best: number } {
  return {
    important: new Set(points.map((p) => p[0])).size,
    unimportant: new Set(points.map((p) => p[1])).size,
    best: Math.max(...points.map(([x, y]) => demoScore(x, y))),
  };
}
