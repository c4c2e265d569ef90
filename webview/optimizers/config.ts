/**
 * The explorer's settings: which surface, its sliders, the start point, which optimizers race and
 * with what hyperparameters. Saved with the webview's state, so `restoreState` rebuilds them from
 * untrusted input field by field, keeping each number in its range.
 */
import { isRecord, isFiniteNumber } from '../../src/protocol/common';
import { isSurfaceId, type SurfaceId } from '../../src/protocol/optimizers';
import { HYPERS, OPTIMIZER_DEFS, OPTIMIZER_IDS, hyperValue, optimizerDef, type HyperName, type Hypers, type OptimizerId } from '../shared/tf/optimizers';
import { DEFAULT_PARAMS, PARAM_RANGES, surfaceDef, type Point, type SurfaceParams } from './surfaces';

export interface ExplorerConfig {
  surface: SurfaceId;
  params: SurfaceParams;
  /** Where every run starts; undefined: the surface's own start. */
  start: Point | undefined;
  enabled: OptimizerId[];
  hypers: Record<OptimizerId, Hypers>;
  /** Steps per animation frame while playing. */
  speed: number;
}

export const SPEEDS = [1, 2, 5, 10, 25] as const;
/** A race stops here: enough for the slowest lesson (Rosenbrock), bounded memory for the paths. */
export const MAX_STEPS = 10_000;

/** The hyperparameters a surface starts every optimizer with: its learning rates, TF.js's defaults. */
export function surfaceHypers(surface: SurfaceId): Record<OptimizerId, Hypers> {
  const def = surfaceDef(surface);
  return Object.fromEntries(
    OPTIMIZER_DEFS.map((o) => [o.id, Object.fromEntries(o.hypers.map((h) => [h, h === 'learningRate' ? def.learningRates[o.id] : hyperValue(o, {}, h)]))]),
  ) as Record<OptimizerId, Hypers>;
}

export function defaultConfig(surface: SurfaceId = 'saddle'): ExplorerConfig {
  return {
    surface,
    params: { ...DEFAULT_PARAMS },
    start: undefined,
    enabled: ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam'],
    hypers: surfaceHypers(surface),
    speed: 5,
  };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A number within range, or the fallback. */
function num(raw: unknown, lo: number, hi: number, fallback: number): number {
  return isFiniteNumber(raw) ? clamp(raw, lo, hi) : fallback;
}

/** A start point inside the surface's window (clicks cannot leave it; saved state might). */
export function clampToWindow(surface: SurfaceId, point: Point): Point {
  const def = surfaceDef(surface);
  return [clamp(point[0], def.xRange[0], def.xRange[1]), clamp(point[1], def.yRange[0], def.yRange[1])];
}

export function restoreState(raw: unknown): ExplorerConfig {
  if (!isRecord(raw)) return defaultConfig();
  const surface = isSurfaceId(raw.surface) ? raw.surface : 'saddle';
  const base = defaultConfig(surface);
  const p = isRecord(raw.params) ? raw.params : {};
  const params: SurfaceParams = {
    kappa: num(p.kappa, PARAM_RANGES.kappa.min, PARAM_RANGES.kappa.max, base.params.kappa),
    sigma: num(p.sigma, PARAM_RANGES.sigma.min, PARAM_RANGES.sigma.max, base.params.sigma),
    seed: Math.round(num(p.seed, PARAM_RANGES.seed.min, PARAM_RANGES.seed.max, base.params.seed)),
  };
  const start = Array.isArray(raw.start) && raw.start.length === 2 && raw.start.every(isFiniteNumber)
    ? clampToWindow(surface, [raw.start[0], raw.start[1]])
    : undefined;
  const enabled = Array.isArray(raw.enabled) ? OPTIMIZER_IDS.filter((id) => (raw.enabled as unknown[]).includes(id)) : base.enabled;
  const hypers = base.hypers;
  const savedHypers = isRecord(raw.hypers) ? raw.hypers : {};
  for (const id of OPTIMIZER_IDS) {
    const saved = savedHypers[id];
    if (!isRecord(saved)) continue;
    for (const name of optimizerDef(id).hypers) {
      const range = HYPERS[name];
      if (isFiniteNumber(saved[name])) hypers[id][name] = clamp(saved[name], range.min, range.max);
    }
  }
  const speed = SPEEDS.find((s) => s === raw.speed) ?? base.speed;
  return { surface, params, start, enabled, hypers, speed };
}

/** A hyperparameter typed by a student, or undefined when it is not a number in range. */
export function parseHyper(name: HyperName, text: string): number | undefined {
  const v = Number(text.trim());
  const range = HYPERS[name];
  return text.trim() !== '' && Number.isFinite(v) && v >= range.min && v <= range.max ? v : undefined;
}

