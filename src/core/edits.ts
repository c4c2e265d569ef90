/**
 * The text edits behind NetLens's quick fixes and the init lab's "use this init in my spec": each
 * sets an argument where it is written or appends it in the statement's own form (netspec words or
 * a Keras call), titled through the message catalogue (src/core/i18n/). Pure; never throws.
 */
import type { ArgDef } from './catalogue';
import { findArg } from './catalogue';
import { msg, titled } from './i18n';
import { parse, type Statement } from './parse';
import { resolveStatement, type ResolvedStatement } from './resolve';
import type { AxisExplanation, Padding, Span, TextFix } from './types';

/**
 * Quick fixes for a window larger than its input: padding=same (its output is ceil(I/S) ≥ 1), and
 * the largest window that fits each axis of the padded input, F + (F − 1)(D − 1) ≤ I + P.
 */
export function windowFixes(r: ResolvedStatement, axes: readonly AxisExplanation[], padding: Padding, filterArg: 'kernel' | 'pool'): TextFix[] {
  const fixes: TextFix[] = [];
  const paddingDef = r.def.args.find((a) => a.name === 'padding');
  if (paddingDef && padding !== 'same') {
    fixes.push({ ...argumentEdit(r.statement, paddingDef, r.argSpans.padding, 'same'), ...titled(msg('fix.paddingSame')), preferred: true });
  }
  const filterDef = r.def.args.find((a) => a.name === filterArg);
  const fits = axes.map((a) => {
    const padded = a.input + a.padBefore + a.padAfter;
    const dilation = a.filter > 1 ? (a.dilatedFilter - a.filter) / (a.filter - 1) + 1 : 1;
    return Math.min(a.filter, Math.floor((padded + dilation - 1) / dilation));
  });
  if (filterDef && fits.every((f) => f >= 1)) {
    const [h, w] = fits;
    const text = h === w ? String(h) : r.statement.form === 'call' ? `(${h}, ${w})` : `${h}x${w}`;
    fixes.push({ ...argumentEdit(r.statement, filterDef, r.argSpans[filterArg], text), ...titled(msg(filterArg === 'pool' ? 'fix.largestPool' : 'fix.largestKernel', { value: h === w ? h : `${h}x${w}` })), preferred: fixes.length === 0 });
  }
  return fixes;
}

/**
 * Quick fixes for an uneven stride (Keras floors, so the last rows/columns are never seen):
 * padding=same, the largest stride below `stride` that divides evenly, the smallest symmetric
 * padding that does.
 */
export function unevenStrideFixes(r: ResolvedStatement, axes: readonly AxisExplanation[], stride: number, padding: Padding): TextFix[] {
  const fixes: TextFix[] = [];
  if (padding !== 'same') fixes.push({ ...argumentEdit(r.statement, r.def.args.find((a) => a.name === 'padding')!, r.argSpans.padding, 'same'), ...titled(msg('fix.paddingSame')), preferred: true });
  const strideDef = r.def.args.find((a) => a.name === 'stride');
  if (strideDef) {
    const s = largestEvenStride(axes, stride);
    if (s) fixes.push({ ...argumentEdit(r.statement, strideDef, r.argSpans.stride, String(s)), ...titled(msg('fix.strideEven', { stride: s })) });
  }
  if (padding === 'valid' || (padding !== 'same' && padding[0][0] === padding[0][1] && padding[1][0] === padding[1][1])) {
    const p = smallestEvenPadding(axes);
    if (p) fixes.push({ ...argumentEdit(r.statement, r.def.args.find((a) => a.name === 'padding')!, r.argSpans.padding, String(p)), ...titled(msg('fix.paddingEven', { padding: p })) });
  }
  return fixes;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The largest stride below `below` that divides (I + P − F_eff) on both axes: the largest divisor
 * of their gcd under `below`, found by trial division up to its square root (at most ~45,000
 * steps for sizes up to 10^9), never by counting down from the stride.
 */
function largestEvenStride(axes: readonly AxisExplanation[], below: number): number | undefined {
  const g = axes.reduce((acc, a) => gcd(acc, a.input + a.padBefore + a.padAfter - a.dilatedFilter), 0);
  if (g === 0) return below > 1 ? below - 1 : undefined;
  let best = 1;
  for (let d = 1; d * d <= g; d++) {
    if (g % d !== 0) continue;
    const other = g / d;
    if (other < below) return Math.max(best, other);
    if (d < below) best = d;
  }
  return best;
}

/**
 * The smallest symmetric padding P ≥ 1, up to the window size, with (I + 2P − F_eff) divisible by
 * the stride on both axes. The remainders repeat with period lcm(S_H, S_W), so the search stops
 * there, and in any case after a bounded number of steps (a padding that large fixes nothing a
 * student wants).
 */
const MAX_PADDING_SEARCH = 4096;
function smallestEvenPadding(axes: readonly AxisExplanation[]): number | undefined {
  const f = Math.max(...axes.map((a) => a.dilatedFilter));
  const period = axes.reduce((acc, a) => (acc / gcd(acc, a.stride)) * a.stride, 1);
  const limit = Math.min(f, period, MAX_PADDING_SEARCH);
  for (let p = 1; p <= limit; p++) {
    if (axes.every((a) => (a.input + 2 * p - a.dilatedFilter) % a.stride === 0)) return p;
  }
  return undefined;
}

/**
 * The edit that sets argument `def` of a statement to `valueText`: replaces its value where it is
 * written, else appends ` key=value` (netspec) or `, key='value'` (a Keras call).
 */
export function argumentEdit(st: Statement, def: ArgDef, existing: Span | undefined, valueText: string): TextFix {
  const isWord = /^[A-Za-z_]\w*$/.test(valueText) && !/^(true|false)$/i.test(valueText);
  const written = st.form === 'call' && isWord ? `'${valueText}'` : valueText;
  if (existing) return { ...titled(msg('fix.set', { name: def.name, value: valueText })), line: st.line, start: existing.start, end: existing.end, newText: written };
  if (st.form === 'call') {
    const sep = st.args.length ? ', ' : '';
    return { ...titled(msg('fix.set', { name: def.keras ?? def.name, value: valueText })), line: st.line, start: st.argsEnd, end: st.argsEnd, newText: `${sep}${def.keras ?? def.name}=${written}` };
  }
  return { ...titled(msg('fix.set', { name: def.name, value: valueText })), line: st.line, start: st.argsEnd, end: st.argsEnd, newText: ` ${def.name}=${written}` };
}

/**
 * Edits that set `init=` on every layer with weights (conv2d, dense, maxout): the init lab's
 * "use this init in my spec". `initText` is as a spec writes it: `he`, `normal(0.01)`, `xavier`.
 */
export function setInitializerEdits(text: string, initText: string): TextFix[] {
  const { statements } = parse(text);
  const fixes: TextFix[] = [];
  for (const st of statements) {
    const r = resolveStatement(st, []);
    if (!r || !['conv2d', 'dense', 'maxout'].includes(r.def.kind)) continue;
    const def = findArg(r.def, 'init');
    if (!def) continue;
    const value = st.form === 'call' ? kerasInitializer(initText) : initText;
    const fix = argumentEdit(st, def, r.argSpans.init, value);
    // A Keras call gets a Python expression, not a quoted netspec word, for normal(STD).
    if (st.form === 'call' && value.includes('(')) fix.newText = fix.newText.replace(`'${value}'`, value);
    fixes.push({ ...fix, ...titled(msg('fix.useInit', { init: initText })) });
  }
  return fixes;
}

/** normal(0.01) -> RandomNormal(stddev=0.01); names stay names. */
function kerasInitializer(initText: string): string {
  const m = /^normal\(\s*([\d.eE+-]+)\s*\)$/i.exec(initText);
  if (m) return `RandomNormal(stddev=${m[1]})`;
  return initText;
}
