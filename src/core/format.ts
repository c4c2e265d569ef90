/** Number and shape formatting shared by the summary, hover, hints and CLI. */

/**
 * 164682 -> "164,682" (Keras prints totals with thousands separators). Never exponent notation:
 * a number past 10^21 prints every digit of its value; a bigint or a string of digits (an exact
 * total, Analysis.exactTotals) prints exactly.
 */
export function formatCount(n: number | bigint | string): string {
  if (typeof n === 'number' && !Number.isFinite(n)) return Number.isNaN(n) ? '?' : n < 0 ? '-∞' : '∞';
  let digits: string;
  let sign = '';
  if (typeof n === 'string') {
    const m = /^(-?)(\d+)$/.exec(n);
    if (!m) return n;
    sign = m[1];
    digits = m[2];
  } else {
    const t = typeof n === 'number' ? Math.trunc(n) : n;
    sign = t < 0 ? '-' : '';
    // BigInt(x) of a number past 10^21 writes all of its digits; String(x) would switch to 1e+21.
    digits = typeof t === 'number' && Math.abs(t) < 1e21 ? String(Math.abs(t)) : (t < 0 ? -BigInt(t) : BigInt(t)).toString();
  }
  if (digits.length <= 3) return sign + digits;
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  return sign + out;
}

/** [32, 32, 64] -> "(None, 32, 32, 64)", as Keras prints a batched shape; unknown -> "(None, ?)". */
export function formatShape(shape: readonly number[] | undefined): string {
  if (!shape) return '(None, ?)';
  return `(${['None', ...shape.map(String)].join(', ')})`;
}

/** [32, 32, 64] -> "32×32×64": the compact form of inlay hints and the outline. */
export function formatShapeCompact(shape: readonly number[] | undefined): string {
  return shape ? shape.join('×') : '?';
}

/** Bytes as a student reads them: 262144 -> "256 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  return `${text} ${units[unit]}`;
}

/** Large counts in words: 138357544 -> "138.4 M" (hover headline, status bar). */
export function formatCompact(n: number): string {
  if (Math.abs(n) < 1e3) return String(n);
  if (Math.abs(n) < 1e6) return `${trim(n / 1e3)} K`;
  if (Math.abs(n) < 1e9) return `${trim(n / 1e6)} M`;
  return `${trim(n / 1e9)} G`;
}

function trim(v: number): string {
  return v.toFixed(v < 10 ? 2 : 1).replace(/\.?0+$/, '');
}
