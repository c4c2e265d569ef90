/**
 * The init lab's state (network, one or two initializers, compare mode), its validation when
 * restored from VS Code's saved state, and the chart data built from results. The maths is in
 * ./engine/experiment.ts (in the worker); the components only render.
 */
import type uPlot from 'uplot';
import type { Say } from '../../src/core/i18n';
import type { InitializerSpec } from '../../src/core/types';
import { parseInitializerSpec } from '../../src/protocol/common';
import { MAX_INIT_SCALE, parseSpecNet } from '../../src/protocol/init';
import { DEFAULT_NET, checkNetConfig, type LabResult, type NetConfig } from './labConfig';
import { axisColors } from '../shared/colors';

export interface LabState {
  net: NetConfig;
  a: InitializerSpec;
  b: InitializerSpec;
  compare: boolean;
  /** Where the network came from: 'default', 'edited' or a spec's file name. */
  source: string;
  /** One x-axis for every layer's histogram (so ReLU's collapse shows), or each its own. */
  sharedAxis: boolean;
}

export const DEFAULT_STATE: LabState = {
  net: { ...DEFAULT_NET, widths: [...DEFAULT_NET.widths] },
  a: { name: 'normal', std: 0.01 },
  b: { name: 'glorot_normal' },
  compare: false,
  source: 'default',
  sharedAxis: true,
};

export function restoreLabState(raw: unknown): LabState {
  const state: LabState = structuredClone(DEFAULT_STATE);
  if (typeof raw !== 'object' || raw === null) return state;
  const r = raw as Record<string, unknown>;
  const a = parseInitializerSpec(r.a, MAX_INIT_SCALE);
  const b = parseInitializerSpec(r.b, MAX_INIT_SCALE);
  if (a) state.a = a;
  if (b) state.b = b;
  if (typeof r.compare === 'boolean') state.compare = r.compare;
  if (typeof r.sharedAxis === 'boolean') state.sharedAxis = r.sharedAxis;
  if (typeof r.source === 'string' && r.source.length < 300) state.source = r.source;
  if (typeof r.net === 'object' && r.net !== null) {
    const n = r.net as Record<string, unknown>;
    const shape = parseSpecNet(n);
    const candidate: NetConfig | undefined = shape && {
      ...shape,
      batch: typeof n.batch === 'number' ? n.batch : DEFAULT_NET.batch,
      seed: typeof n.seed === 'number' ? n.seed : DEFAULT_NET.seed,
      ...(n.batchNorm === true ? { batchNorm: true } : {}),
    };
    if (candidate && !checkNetConfig(candidate)) state.net = candidate;
  }
  return state;
}

/** A key naming what a result was computed for, so the page (and tests) can tell stale from fresh. */
export function resultKey(net: NetConfig, init: InitializerSpec): string {
  return JSON.stringify({ w: net.widths, i: net.inputSize, a: net.activation, b: net.batch, s: net.seed, bn: net.batchNorm === true, init });
}

type ChartSpec = { data: uPlot.AlignedData; options: Omit<uPlot.Options, 'width' | 'height'> };

function baseOptions(yLog: boolean, series: uPlot.Series[], yLabel: string, say: Say): Omit<uPlot.Options, 'width' | 'height'> {
  const axis = axisColors();
  const layer = say('init.chart.layer');
  return {
    scales: { x: { time: false }, y: yLog ? { distr: 3 } : {} },
    axes: [
      { stroke: axis.text, grid: { stroke: axis.grid }, ticks: { stroke: axis.grid }, label: layer, incrs: [1, 2, 5, 10] },
      { stroke: axis.text, grid: { stroke: axis.grid }, ticks: { stroke: axis.grid }, label: yLabel, size: 60 },
    ],
    legend: { show: true, live: true },
    series: [{ label: layer }, ...series],
  };
}

/** Mean and std per layer, one line each per initializer shown (labels in `say`'s language). */
export function statsChart(results: { label: string; result: LabResult; color: string }[], say: Say): ChartSpec {
  const layers = results[0]?.result.layers.length ?? 0;
  const data: uPlot.AlignedData = [Array.from({ length: layers }, (_, i) => i + 1)];
  const series: uPlot.Series[] = [];
  for (const r of results) {
    data.push(r.result.layers.map((l) => l.mean), r.result.layers.map((l) => l.std));
    series.push(
      { label: say('init.chart.mean', { label: r.label }), stroke: r.color, width: 1.5, dash: [5, 4], points: { show: true, size: 4 } },
      { label: say('init.chart.std', { label: r.label }), stroke: r.color, width: 2, points: { show: true, size: 5 } },
    );
  }
  return { data, options: baseOptions(false, series, say('init.chart.activation'), say) };
}

/** ‖dL/dW‖ per layer on a log axis (zeros are left out: a log axis has no 0). */
export function gradChart(results: { label: string; result: LabResult; color: string }[], say: Say): ChartSpec {
  const layers = results[0]?.result.layers.length ?? 0;
  const data: uPlot.AlignedData = [Array.from({ length: layers }, (_, i) => i + 1)];
  const series: uPlot.Series[] = [];
  for (const r of results) {
    data.push(r.result.layers.map((l) => (l.gradNorm > 0 && Number.isFinite(l.gradNorm) ? l.gradNorm : null)));
    series.push({ label: `${r.label} ‖dL/dW‖`, stroke: r.color, width: 2, points: { show: true, size: 5 } });
  }
  return { data, options: baseOptions(true, series, '‖dL/dW‖', say) };
}
