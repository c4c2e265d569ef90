/**
 * A thin wrapper over uPlot for the live curves: series coloured from the VS Code theme, data
 * replaced in one call, and width following the container. Components only call setData.
 */
import uPlot from 'uplot';
import { cssVar } from '../shared/theme';

export interface SeriesSpec {
  label: string;
  /** A CSS variable (e.g. --nl-accent) so the colour follows the theme. */
  colorVar: string;
  fallback: string;
  dash?: number[];
  /** Draw points only (sparse epoch-level series). */
  points?: boolean;
}

export interface LineChart {
  /** xs and one y array per series (null = gap). */
  setData(xs: number[], ys: (number | null)[][]): void;
  resize(width: number): void;
  destroy(): void;
}

export function createLineChart(el: HTMLElement, opts: { title: string; xLabel: string; yLabel: string; series: SeriesSpec[]; height?: number; yRange?: [number, number] }): LineChart {
  const fg = cssVar('--nl-fg', '#cccccc');
  const grid = cssVar('--nl-border', '#3c3c3c');
  const axis = (label: string): uPlot.Axis => ({ label, stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } });
  const plot = new uPlot(
    {
      title: opts.title,
      width: Math.max(200, el.clientWidth || 400),
      height: opts.height ?? 200,
      scales: { x: { time: false }, y: opts.yRange ? { range: opts.yRange } : { auto: true } },
      axes: [axis(opts.xLabel), axis(opts.yLabel)],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: opts.xLabel },
        ...opts.series.map((s) => ({
          label: s.label,
          stroke: cssVar(s.colorVar, s.fallback),
          width: 1.5,
          dash: s.dash,
          spanGaps: true,
          points: { show: s.points ?? false, size: 6, fill: cssVar(s.colorVar, s.fallback) },
        })),
      ],
    },
    [[], ...opts.series.map(() => [])],
    el,
  );
  return {
    setData(xs, ys) {
      plot.setData([xs, ...ys] as uPlot.AlignedData);
    },
    resize(width) {
      plot.setSize({ width: Math.max(200, width), height: opts.height ?? 200 });
    },
    destroy() {
      plot.destroy();
    },
  };
}
