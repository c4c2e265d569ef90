/** Axes for the search's small SVG plots: linear or log10 scales and their tick values. Pure. */

export interface Scale {
  (v: number): number;
  ticks: number[];
}

/** Maps [min, max] to [from, to] pixels, in log10 when `log` (min > 0), with ticks at powers of ten or round steps. */
export function scale(min: number, max: number, from: number, to: number, log: boolean): Scale {
  const f = log ? Math.log10 : (x: number) => x;
  let lo = f(min);
  let hi = f(max);
  if (!(hi > lo)) {
    lo -= log ? 0.5 : 0.5 * Math.max(Math.abs(lo), 1e-3);
    hi += log ? 0.5 : 0.5 * Math.max(Math.abs(hi), 1e-3);
  }
  const s = ((v: number) => from + ((f(v) - lo) / (hi - lo)) * (to - from)) as Scale;
  if (log) {
    s.ticks = [];
    for (let e = Math.ceil(lo - 1e-9); e <= Math.floor(hi + 1e-9); e++) s.ticks.push(10 ** e);
    if (s.ticks.length < 2) s.ticks = [10 ** lo, 10 ** hi];
  } else {
    const step = niceStep((hi - lo) / 4);
    s.ticks = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) s.ticks.push(Number(v.toPrecision(12)));
  }
  return s;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/** A hyperparameter as the table and axes show it: 3 significant digits, exponent form below 0.01. */
export function paramText(v: number | undefined): string {
  if (v === undefined) return '—';
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) < 0.01 ? v.toExponential(2) : v.toPrecision(3);
}
