/**
 * The activation explorer's state and its display, kept out of the Svelte components: which
 * curves are shown with which parameters, the plot grid, the chart built from the engine's f and
 * f′, and the per-function measurements' read-outs (saturation ranges, mean output, cost). No
 * TF.js here: the engine computes (./engine/curveMaths.ts), the page shows.
 */
import type uPlot from 'uplot';
import type { Say } from '../../src/core/i18n';
import { explorerCurves, type CurveDef, type CurveId, type CurveParams } from './curves';
import { formatRanges, grid, summarizeSamples, type CostMethod, type CurveValues, type XRange } from './measure';
import { colorAt, withAlpha, axisColors } from '../shared/colors';
import type { MessageId } from '../../src/core/i18n';

/** The plot and saturation grid: x from −8 to 8 in steps of 0.01 (tails far enough to see saturation). */
export const GRID_LO = -8;
export const GRID_HI = 8;
export const GRID_POINTS = 1601;
export const PLOT_X: [number, number] = [-6, 6];

export const CURVES: CurveDef[] = explorerCurves();
export const DEFAULT_SELECTED: CurveId[] = ['sigmoid', 'tanh', 'relu'];

export interface ExplorerState {
  selected: CurveId[];
  params: Partial<Record<CurveId, CurveParams>>;
}

const CURVE_IDS = new Set<string>(CURVES.map((c) => c.id));

/** Restores saved state from untrusted input, keeping only known curves and finite numbers. */
export function restoreState(raw: unknown): ExplorerState {
  const state: ExplorerState = { selected: [...DEFAULT_SELECTED], params: {} };
  if (typeof raw !== 'object' || raw === null) return state;
  const r = raw as Record<string, unknown>;
  if (Array.isArray(r.selected)) {
    const ids = r.selected.filter((s): s is CurveId => typeof s === 'string' && CURVE_IDS.has(s));
    state.selected = [...new Set(ids)];
  }
  if (typeof r.params === 'object' && r.params !== null) {
    for (const [id, p] of Object.entries(r.params as Record<string, unknown>)) {
      const curve = CURVES.find((c) => c.id === id);
      if (!curve || typeof p !== 'object' || p === null) continue;
      const clean: CurveParams = {};
      for (const key of curve.params) {
        const v = (p as Record<string, unknown>)[key];
        if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 100) clean[key] = v;
      }
      state.params[curve.id] = clean;
    }
  }
  return state;
}

export function paramsFor(state: ExplorerState, curve: CurveDef): CurveParams {
  return { ...curve.defaults, ...(state.params[curve.id] ?? {}) };
}

/** Slider ranges for each parameter. */
export const PARAM_RANGES: Record<keyof CurveParams, { min: number; max: number; step: number }> = {
  alpha: { min: 0, max: 2, step: 0.01 },
  w1: { min: -2, max: 2, step: 0.01 },
  b1: { min: -2, max: 2, step: 0.01 },
  w2: { min: -2, max: 2, step: 0.01 },
  b2: { min: -2, max: 2, step: 0.01 },
};

export interface CurveResult {
  id: CurveId;
  values: CurveValues;
  ranges: XRange[];
}

let cachedGrid: Float32Array | undefined;
export function plotGrid(): Float32Array {
  cachedGrid ??= grid(GRID_LO, GRID_HI, GRID_POINTS);
  return cachedGrid;
}

export interface Measure {
  id: CurveId;
  ranges: XRange[];
  mean: number;
  std: number;
}

/** One function's cost: ms per 10⁶ elements and its ratio to ReLU, each with its spread (± half the IQR). */
export interface Cost {
  ms: number;
  spread: number;
  ratio: number;
  ratioSpread: number;
  /** Timed rounds behind the numbers. */
  rounds: number;
}

/**
 * Whether a function clearly costs more or less than ReLU. The median ratio's interval is the
 * notch of a notched box plot, median ± 1.58·IQR/√n over the n rounds (McGill, Tukey and Larsen
 * 1978: two medians whose notches do not overlap differ at roughly 95%). A difference counts only
 * when the whole interval lies beyond 1.25× (or below 1/1.25): inside that, or when the interval
 * reaches into it, the rounds do not tell the two apart, and the panel says so instead of
 * picking a side.
 */
export const COST_VERDICT_MARGIN = 1.25;
export type CostVerdict = 'costlier' | 'cheaper' | 'same';

/** Half the width of the median's notch: 1.58·IQR/√n, with ratioSpread = IQR/2. */
export function medianNotch(c: Pick<Cost, 'ratioSpread' | 'rounds'>): number {
  return (1.58 * 2 * c.ratioSpread) / Math.sqrt(c.rounds);
}

export function costVerdict(c: Pick<Cost, 'ratio' | 'ratioSpread' | 'rounds'>): CostVerdict | undefined {
  if (!Number.isFinite(c.ratio) || !Number.isFinite(c.ratioSpread) || !(c.rounds >= 1)) return undefined;
  const notch = medianNotch(c);
  if (c.ratio - notch > COST_VERDICT_MARGIN) return 'costlier';
  if (c.ratio + notch < 1 / COST_VERDICT_MARGIN) return 'cheaper';
  return 'same';
}

/** The verdict as the table writes it: its id in the app's catalogue (src/core/i18n/apps/activations.ts). */
export const COST_VERDICT_TEXT = {
  costlier: 'activations.costCostlier',
  cheaper: 'activations.costCheaper',
  same: 'activations.costSame',
} as const satisfies Record<CostVerdict, MessageId>;

/**
 * The cost method per backend. A GPU gets 4·10⁶ elements (far past its caches, so memory traffic
 * dominates as in a real layer), a CPU, or WebGL emulated on one, 10⁶; one application a round.
 * Many short rounds rather than a few long ones, for the same work: on a busy machine each round
 * gets a random share of the CPU, and the median and quartiles of 21 or 25 rounds move far less
 * from one measurement to the next than those of 7. Both after 2 warm-up rounds.
 */
export function costMethodFor(kind: 'gpu' | 'cpu'): CostMethod {
  return kind === 'gpu' ? { n: 4_000_000, reps: 1, rounds: 25, warmup: 2 } : { n: 1_000_000, reps: 1, rounds: 21, warmup: 2 };
}

/** Costs and ratios to ReLU from each function's per-round samples (pure: tests give it numbers). */
export function costsFromSamples(times: Map<string, { samples: number[] }>): Map<CurveId, Cost> {
  const relu = times.get('relu')?.samples;
  const out = new Map<CurveId, Cost>();
  for (const [id, { samples }] of times) {
    const own = summarizeSamples(samples);
    const ratios = relu && relu.length === samples.length ? samples.map((v, i) => v / relu[i]) : [];
    const ratio = ratios.length ? summarizeSamples(ratios) : { ms: NaN, spread: NaN };
    out.set(id as CurveId, { ms: own.ms, spread: own.spread, ratio: ratio.ms, ratioSpread: ratio.spread, rounds: samples.length });
  }
  return out;
}

/** The backend a measurement asked for is not in this page's TF.js (the page says so in its language). */
export class BackendUnavailableError extends Error {
  constructor(readonly backend: string) {
    super(`NetLens: TF.js has no ${backend} backend here`);
  }
}

/** A failed run's reason for the student: ours in the page's language, anything else (TF.js's own) as thrown. */
export function failureText(err: unknown, say: Say): string {
  return err instanceof BackendUnavailableError ? say('activations.backendMissing', { backend: err.backend }) : String(err);
}

/**
 * Where a function kills the gradient, for the page: measure.ts's notation (x < −4.60, …),
 * with "none" and "everywhere" in the page's language.
 */
export function rangesText(ranges: XRange[], say: Say): string {
  if (ranges.length === 0) return say('activations.nowhere');
  return ranges.map((r) => (r.from === -Infinity && r.to === Infinity ? say('activations.everywhere') : formatRanges([r]))).join(', ');
}

/** Zero-centred means |mean| small next to the output's spread. */
export function isZeroCentred(m: { mean: number; std: number }): boolean {
  return Math.abs(m.mean) < 0.05 * Math.max(m.std, 1e-9) || Math.abs(m.mean) < 1e-3;
}

/** JSON-friendly ranges (±Infinity as null), for data attributes the tests read. */
export function rangesJson(ranges: XRange[]): string {
  return JSON.stringify(ranges.map((r) => [Number.isFinite(r.from) ? r.from : null, Number.isFinite(r.to) ? r.to : null]));
}

/** uPlot data and options for the selected curves: f solid, f′ dashed, saturation shaded. */
export interface Shade {
  ranges: XRange[];
  color: string;
}

type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

/** Opacity of a saturation band: low, so overlapping bands stay readable as a mix. */
export const BAND_ALPHA = 0.1;

/** One line of the bands' legend: whose band, in which colour, where. */
export interface BandLegendEntry {
  id: CurveId;
  label: string;
  color: string;
  where: string;
}

/**
 * The legend of the shaded bands: every shown curve that kills the gradient somewhere, with its
 * band's colour and its ranges; `overlap` lists the x ranges two or more bands share (their
 * colours mix there), so the student knows a darker band is several functions at once.
 */
export function bandLegend(results: CurveResult[], colorOf: (id: CurveId) => string, say: Say): { entries: BandLegendEntry[]; overlap: XRange[] } {
  const labelOf = (id: CurveId) => CURVES.find((c) => c.id === id)?.label ?? id;
  const shaded = results.filter((r) => r.ranges.length > 0);
  const entries = shaded.map((r) => ({ id: r.id, label: labelOf(r.id), color: withAlpha(colorOf(r.id), BAND_ALPHA * 2.5), where: rangesText(r.ranges, say) }));
  const overlap: XRange[] = [];
  for (let i = 0; i < shaded.length; i++) {
    for (let j = i + 1; j < shaded.length; j++) {
      for (const a of shaded[i].ranges) {
        for (const b of shaded[j].ranges) {
          const from = Math.max(a.from, b.from);
          const to = Math.min(a.to, b.to);
          if (from < to) overlap.push({ from, to });
        }
      }
    }
  }
  overlap.sort((a, b) => a.from - b.from);
  const merged: XRange[] = [];
  for (const r of overlap) {
    const last = merged.at(-1);
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else merged.push({ ...r });
  }
  return { entries, overlap: merged };
}

export function chartSpec(
  results: CurveResult[],
  colorOf: (id: CurveId) => string,
  /** Where the draw hook reads the shaded ranges; defaults to this call's own. */
  shadingOf?: () => Shade[],
): { data: uPlot.AlignedData; options: ChartOptions; shading: Shade[] } {
  const xs = plotGrid();
  const data: uPlot.AlignedData = [Array.from(xs)];
  const series: uPlot.Series[] = [{ label: 'x', value: (_u, v) => (v == null ? '' : v.toFixed(2)) }];
  const labelOf = (id: CurveId) => CURVES.find((c) => c.id === id)?.label ?? id;
  for (const r of results) {
    const color = colorOf(r.id);
    data.push(Array.from(r.values.f), Array.from(r.values.df));
    series.push(
      { label: `${labelOf(r.id)} f`, stroke: color, width: 2, value: (_u, v) => (v == null ? '' : v.toFixed(4)) },
      { label: `${labelOf(r.id)} f′`, stroke: color, width: 1.5, dash: [6, 4], value: (_u, v) => (v == null ? '' : v.toFixed(4)) },
    );
  }
  const axis = axisColors();
  const shading: Shade[] = results.map((r) => ({ ranges: r.ranges, color: withAlpha(colorOf(r.id), BAND_ALPHA) }));
  const currentShading = shadingOf ?? (() => shading);
  const options: Omit<uPlot.Options, 'width' | 'height'> = {
    scales: {
      x: { time: false, range: () => PLOT_X },
      // exp and softplus grow without bound; keep the interesting band in view.
      y: { range: (_u, min, max) => [Math.max(-2, Math.min(min, -0.5) - 0.1), Math.min(4, Math.max(max, 1) + 0.1)] },
    },
    axes: [
      { stroke: axis.text, grid: { stroke: axis.grid }, ticks: { stroke: axis.grid } },
      { stroke: axis.text, grid: { stroke: axis.grid }, ticks: { stroke: axis.grid } },
    ],
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false } },
    series,
    hooks: {
      // Shade each curve's |f′| < 0.01 ranges under the lines, in the curve's colour.
      drawClear: [
        (u: uPlot) => {
          const { ctx } = u;
          const { top, height, left, width } = u.bbox;
          ctx.save();
          for (const s of currentShading()) {
            ctx.fillStyle = s.color;
            for (const r of s.ranges) {
              const x0 = Math.max(left, u.valToPos(Math.max(r.from, GRID_LO), 'x', true));
              const x1 = Math.min(left + width, u.valToPos(Math.min(r.to, GRID_HI), 'x', true));
              if (x1 > x0) ctx.fillRect(x0, top, x1 - x0, height);
            }
          }
          ctx.restore();
        },
      ],
    },
  };
  return { data, options, shading };
}

/**
 * Keeps one options object while only the data changes (a slider moved), so uPlot is updated
 * with setData and keeps the user's zoom; a new selection or theme builds new options.
 */
export class ChartSpecCache {
  private key = '';
  private options: ChartOptions | undefined;
  private shading: Shade[] = [];

  spec(results: CurveResult[], colorOf: (id: CurveId) => string, themeTick: number): { data: uPlot.AlignedData; options: ChartOptions } {
    const fresh = chartSpec(results, colorOf, () => this.shading);
    this.shading = fresh.shading;
    const key = `${results.map((r) => `${r.id}:${colorOf(r.id)}`).join('|')}#${themeTick}`;
    if (key !== this.key || !this.options) {
      this.key = key;
      this.options = fresh.options;
    }
    return { data: fresh.data, options: this.options };
  }
}

export function colorMap(): (id: CurveId) => string {
  const index = new Map(CURVES.map((c, i) => [c.id, i]));
  return (id) => colorAt(index.get(id) ?? 0);
}
