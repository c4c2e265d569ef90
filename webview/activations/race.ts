/**
 * The activation race: the lecture says ReLU converges about 6× faster than sigmoid or tanh
 * (Krizhevsky et al. 2012: a four-layer CNN on CIFAR-10 reached 25% training error six times
 * sooner with ReLU than with tanh). Here the same network is trained once per activation, from
 * the very same initial weights and through the very same batches, and the epochs each needs to
 * reach a target training error are counted. Two networks: a small MLP on a seeded 2-D toy set,
 * and the lecture's CNN (examples/lecture6-cifar.netspec: Conv2D 64 kernel 2 same, max pooling 2,
 * dense 10) on the Train panel's synthetic shape images (../shared/shapeImages.ts), trained as the
 * lecture trains it (Adam 0.01, batch 32).
 *
 * The networks are trained with TF.js ops over the registry's own activations in the engine
 * (./engine/raceTraining.ts, ./engine/activations.ts),
 * so a race can use any function the explorer draws. Initial weights are drawn in plain
 * JavaScript from a seed, so they are bit-identical on every backend; each run checks that it
 * starts from them (a fingerprint of the weights it actually holds) and refuses to run otherwise.
 * Each run also fingerprints the sample order of its batches, so "the same batches" is checked too.
 */
import type { Say } from '../../src/core/i18n';
import type { ActivationName } from '../../src/core/types';
import { drawShapeImages } from '../shared/shapeImages';
import { gaussian, mulberry32, permutation } from '../shared/random';

/** The functions the race offers: the lecture's slide and its successors. */
export const RACE_ACTIVATIONS: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu'];

export interface MlpRaceSettings {
  net: 'mlp';
  /** Hidden layer widths (the output is one sigmoid unit: the toy set has two classes). */
  hidden: number[];
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Training error (fraction misclassified) a run must reach. */
  targetError: number;
  /** How often an epoch the training error is counted (after whole batches, as evenly as they allow). */
  checksPerEpoch: number;
  points: number;
  seed: number;
}

/**
 * The lecture's CNN: Conv2D(filters, kernel, padding same, the raced activation), max pooling,
 * flatten, dense to the classes with softmax; Adam and categorical cross-entropy.
 */
export interface CnnRaceSettings {
  net: 'cnn';
  /** 'lecture': the lecture's model on 32×32×3 (164,682 parameters); 'small': a reduced copy for quick checks. */
  size: 'lecture' | 'small';
  imageSize: number;
  channels: number;
  filters: number;
  kernel: number;
  pool: number;
  classes: number;
  /** 'adam': the lecture's Adam; 'momentum': SGD with momentum 0.9, AlexNet's optimizer. */
  optimizer: 'adam' | 'momentum';
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  /** Training error (fraction misclassified) a run must reach. */
  targetError: number;
  /**
   * How often an epoch the training error over the whole set is counted (after whole batches, as
   * evenly as they allow). The lecture's CNN learns these images within an epoch or two, so whole
   * epochs would be too coarse to tell runs apart.
   */
  checksPerEpoch: number;
  /** Synthetic shape images trained on (the Train panel's "Synthetic shapes" set). */
  points: number;
  seed: number;
}

export type RaceSettings = MlpRaceSettings | CnnRaceSettings;
export type RaceNet = RaceSettings['net'];

export const DEFAULT_RACE: MlpRaceSettings = { net: 'mlp', hidden: [16, 16, 16], learningRate: 0.1, batchSize: 16, maxEpochs: 100, targetError: 0.05, checksPerEpoch: 1, points: 400, seed: 7 };

/**
 * The lecture's CNN as the lecture trains it: Adam(0.01), batch 32, 32×32×3 inputs, 64 filters
 * of 2×2 (examples/lecture6-cifar.netspec; the unit tests hold its parameter count to the core's
 * analysis of that file). 1,000 synthetic images: a few seconds an epoch on WASM.
 */
export const LECTURE_CNN_RACE: CnnRaceSettings = {
  net: 'cnn', size: 'lecture', imageSize: 32, channels: 3, filters: 64, kernel: 2, pool: 2, classes: 10,
  optimizer: 'adam', learningRate: 0.01, batchSize: 32, maxEpochs: 30, targetError: 0.02, checksPerEpoch: 4, points: 1000, seed: 11,
};

/** The same network shrunk (16×16 images, 8 filters, 300 images) so a race ends within seconds even on a slow CPU: the browser tests run it. */
export const SMALL_CNN_RACE: CnnRaceSettings = { ...LECTURE_CNN_RACE, size: 'small', imageSize: 16, filters: 8, points: 300, maxEpochs: 20 };

/** The races the explorer offers, by name: the page asks its engine for one of these, never for arbitrary numbers. */
export const RACE_PRESETS = { mlp: DEFAULT_RACE, 'cnn-lecture': LECTURE_CNN_RACE, 'cnn-small': SMALL_CNN_RACE } as const satisfies Record<string, RaceSettings>;
export type RacePreset = keyof typeof RACE_PRESETS;
export const RACE_PRESET_NAMES = Object.keys(RACE_PRESETS) as RacePreset[];

export interface ToySet {
  /** points × 2 coordinates (MLP) or points × H × W × C pixels (CNN). */
  xs: Float32Array;
  /** 0 or 1 per point (MLP), the class per image (CNN). */
  labels: Float32Array;
}

/**
 * Two interleaved half-moons with Gaussian noise, shuffled: two classes no straight line
 * separates (so the hidden layers must learn), small enough to train in seconds.
 */
export function twoMoons(points: number, seed: number, noise = 0.15): ToySet {
  const rand = mulberry32(seed);
  const xs = new Float32Array(points * 2);
  const labels = new Float32Array(points);
  const order = permutation(points, rand);
  for (let i = 0; i < points; i++) {
    const cls = i % 2;
    const t = Math.PI * rand();
    const x = cls === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const y = cls === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    const j = order[i];
    // Centred near the origin: zero-centred inputs, as the lecture asks.
    xs[2 * j] = x - 0.5 + noise * gaussian(rand);
    xs[2 * j + 1] = y - 0.25 + noise * gaussian(rand);
    labels[j] = cls;
  }
  return { xs, labels };
}

export interface WeightArray {
  shape: number[];
  values: Float32Array;
}

/** Glorot-uniform kernels and zero biases (Keras's defaults), drawn from the seed: 2 → hidden… → 1. */
export function initialWeights(s: Pick<MlpRaceSettings, 'hidden' | 'seed'>): WeightArray[] {
  const rand = mulberry32(s.seed * 7919 + 1);
  const sizes = [2, ...s.hidden, 1];
  const out: WeightArray[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = (2 * rand() - 1) * limit;
    out.push({ shape: [fanIn, fanOut], values: kernel }, { shape: [fanOut], values: new Float32Array(fanOut) });
  }
  return out;
}

/** FNV-1a over the float32 bits of every weight: equal fingerprints, identical weights. */
export function fingerprint(weights: readonly { values: Float32Array }[]): string {
  let h = 0x811c9dc5;
  for (const w of weights) {
    const bytes = new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength);
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Uniform draws in ±√(6 / (fanIn + fanOut)): Keras's glorot_uniform. */
function glorot(rand: () => number, n: number, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rand() - 1) * limit;
  return out;
}

/** Width of the flattened pooled feature map: (size / pool)² · filters (padding same keeps the size). */
export function cnnFlatSize(s: CnnRaceSettings): number {
  const side = Math.floor(s.imageSize / s.pool);
  return side * side * s.filters;
}

/**
 * The CNN's starting weights as Keras would draw them (glorot_uniform kernels, with Keras's fans
 * for a convolution: kh·kw·in and kh·kw·out; zero biases), from the seed alone:
 * conv kernel [k, k, C, filters], its bias, dense kernel [flat, classes], its bias.
 */
export function cnnInitialWeights(s: CnnRaceSettings): WeightArray[] {
  const rand = mulberry32(s.seed * 7919 + 2);
  const area = s.kernel * s.kernel;
  const convShape: [number, number, number, number] = [s.kernel, s.kernel, s.channels, s.filters];
  const conv = glorot(rand, area * s.channels * s.filters, area * s.channels, area * s.filters);
  const flat = cnnFlatSize(s);
  const dense = glorot(rand, flat * s.classes, flat, s.classes);
  return [
    { shape: convShape, values: conv },
    { shape: [s.filters], values: new Float32Array(s.filters) },
    { shape: [flat, s.classes], values: dense },
    { shape: [s.classes], values: new Float32Array(s.classes) },
  ];
}

/** Every weight of a network, as `model.summary()` counts them. */
export function parameterCount(weights: readonly WeightArray[]): number {
  return weights.reduce((n, w) => n + w.values.length, 0);
}

/** The synthetic shape images the CNN races on: the Train panel's "Synthetic shapes" (../shared/shapeImages.ts), same seed, same pixels. */
export function shapeImages(s: CnnRaceSettings): ToySet {
  const { xs, labels } = drawShapeImages(s.points, s.imageSize, s.imageSize, s.channels, s.seed);
  return { xs, labels: Float32Array.from(labels) };
}

/** The data and starting weights of a race: functions of the settings alone. */
export function raceProblem(s: RaceSettings): { data: ToySet; init: WeightArray[] } {
  return s.net === 'mlp' ? { data: twoMoons(s.points, s.seed), init: initialWeights(s) } : { data: shapeImages(s), init: cnnInitialWeights(s) };
}

/** The sample order of epoch `epoch`: a function of the seed and the epoch only, so every activation sees the same batches. */
export function epochOrder(s: Pick<RaceSettings, 'points' | 'seed'>, epoch: number): Uint32Array {
  return permutation(s.points, mulberry32(s.seed * 104729 + epoch));
}

export interface RaceRun {
  activation: ActivationName;
  /** Fingerprint of the weights the run held before its first step. */
  startFingerprint: string;
  /**
   * Per epoch trained, a fingerprint of its batches (the sample order): every run's list is a
   * prefix of the longest run's, since the order depends on the seed and the epoch only.
   */
  batchFingerprints: string[];
  /** Epochs trained at each check (1, 2, 3… or 0.25, 0.5… with several checks an epoch). */
  epochs: number[];
  /** Training error and loss over the whole set at each check. */
  errors: number[];
  losses: number[];
  /** Epochs trained when the training error first was at or below the target; undefined when never within maxEpochs. */
  epochsToTarget?: number;
  secondsToTarget?: number;
  seconds: number;
  diverged: boolean;
}

export interface RaceResult {
  settings: RaceSettings;
  initialFingerprint: string;
  /** Parameters of the raced network. */
  parameters: number;
  /** TF.js backend the runs trained on. */
  backend: string;
  runs: RaceRun[];
  /** True when the race was stopped before every run ended. */
  stopped?: boolean;
}

/** Lets a caller end a race early (the worker's stop message sets it); checked after each batch. */
export interface RaceControl {
  stopRequested: boolean;
}

/** Epochs of `run` over ReLU's (how many times faster ReLU is); a lower bound when the run never reached the target. */
export function ratioToRelu(result: RaceResult, run: RaceRun): { ratio: number; atLeast: boolean } | undefined {
  const relu = result.runs.find((r) => r.activation === 'relu');
  if (!relu?.epochsToTarget) return undefined;
  if (run.epochsToTarget !== undefined) return { ratio: run.epochsToTarget / relu.epochsToTarget, atLeast: false };
  return { ratio: (run.epochs.at(-1) ?? 0) / relu.epochsToTarget, atLeast: true };
}

/** The lecture's "about 6× faster" (Krizhevsky, Sutskever & Hinton 2012, Figure 1: AlexNet on CIFAR-10 to 25% training error, ReLU against tanh). */
export const LECTURE_RATIO = 6;

const pct = (f: number) => `${Math.round(f * 1000) / 10}%`;

/** Epochs as a student reads them: 3, or 0.75 when the error is counted several times an epoch. */
export function formatEpochs(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** Epochs a run trained before it ended. */
const ranEpochs = (run: RaceRun) => run.epochs.at(-1) ?? 0;

/** Parameters of a race's network, from its sizes (equal to parameterCount of its initial weights). */
export function raceParameterCount(s: RaceSettings): number {
  if (s.net === 'cnn') return s.kernel * s.kernel * s.channels * s.filters + s.filters + cnnFlatSize(s) * s.classes + s.classes;
  const sizes = [2, ...s.hidden, 1];
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return n;
}

/** What a race trains, in one sentence (the panel's caption and the verdict's first line), in `say`'s language. */
export function raceDescription(s: RaceSettings, say: Say): string {
  const parameters = raceParameterCount(s).toLocaleString('en-US');
  const target =
    s.checksPerEpoch > 1
      ? say('activations.race.targetChecked', { error: pct(s.targetError), checks: s.checksPerEpoch, maxEpochs: s.maxEpochs })
      : say('activations.race.target', { error: pct(s.targetError), maxEpochs: s.maxEpochs });
  const common = { parameters, points: s.points, learningRate: s.learningRate, batch: s.batchSize, target };
  if (s.net === 'mlp') return say('activations.race.describeMlp', { ...common, hidden: s.hidden.join(' → ') });
  return say('activations.race.describeCnn', {
    ...common,
    which: say(s.size === 'lecture' ? 'activations.race.lectureCnn' : 'activations.race.smallCnn'),
    size: s.imageSize, channels: s.channels, filters: s.filters, kernel: s.kernel, pool: s.pool, classes: s.classes,
    optimizer: s.optimizer === 'adam' ? 'Adam' : say('activations.race.momentum'),
  });
}

/** The race's conclusion in `say`'s language: what it measured, its ratios to ReLU, and how far they are from the lecture's 6. */
export function raceVerdict(result: RaceResult, say: Say, label: (a: ActivationName) => string = (a) => a): string[] {
  const s = result.settings;
  const relu = result.runs.find((r) => r.activation === 'relu');
  const stopped = result.stopped ? ` ${say('activations.race.verdictStopped')}` : '';
  const what = say('activations.race.verdictWhat', { description: raceDescription(s, say), backend: result.backend, fingerprint: result.initialFingerprint }) + stopped;
  if (!relu) return [what, say('activations.race.tickRelu')];
  if (relu.epochsToTarget === undefined) return [what, say('activations.race.reluMissed', { error: pct(s.targetError), epochs: formatEpochs(ranEpochs(relu)) })];
  const lines = [what];
  const reluEpochs = formatEpochs(relu.epochsToTarget);
  for (const run of result.runs) {
    if (run === relu) continue;
    const r = ratioToRelu(result, run);
    if (!r) continue;
    const activation = label(run.activation);
    const ratio = r.ratio.toFixed(1);
    if (run.diverged) lines.push(say('activations.race.diverged', { activation, epochs: formatEpochs(ranEpochs(run)) }));
    else if (r.atLeast) lines.push(say('activations.race.notReached', { activation, epochs: formatEpochs(ranEpochs(run)), ratio, relu: reluEpochs }));
    else {
      const far =
        r.ratio >= LECTURE_RATIO
          ? say('activations.race.farAbove', { times: (r.ratio / LECTURE_RATIO).toFixed(1) })
          : say('activations.race.farBelow', { times: (LECTURE_RATIO / r.ratio).toFixed(1) });
      lines.push(say('activations.race.needed', { activation, epochs: formatEpochs(run.epochsToTarget!), ratio, relu: reluEpochs, far }));
    }
  }
  const differs =
    s.net === 'mlp'
      ? say('activations.race.differsMlp')
      : say('activations.race.differsCnn', {
          points: s.points,
          optimizer: say(s.optimizer === 'adam' ? 'activations.race.adamNotAlexnet' : 'activations.race.momentumAsAlexnet'),
          error: pct(s.targetError),
        });
  lines.push(say('activations.race.readAsDirection', { claim: say('activations.race.claim'), differs }));
  return lines;
}

/** The chart's data: epochs on x (every check of the longest run), one training-error series per run (null once a run stopped). */
export function raceChartData(result: { runs: readonly Pick<RaceRun, 'epochs' | 'errors'>[] }): (number | null)[][] {
  const longest = result.runs.reduce<Pick<RaceRun, 'epochs' | 'errors'> | undefined>((a, r) => (!a || r.epochs.length > a.epochs.length ? r : a), undefined);
  const xs = longest?.epochs.length ? [...longest.epochs] : [1];
  return [xs, ...result.runs.map((r) => xs.map((_, i) => (i < r.errors.length ? r.errors[i] : null)))];
}
