/** Number formatting shared by the apps (no TF.js, no DOM). */

/**
 * `v` with `digits` decimals and a typographic minus, never "−0.000": a value that rounds to
 * zero prints as 0.000 whatever its sign. Non-finite or missing values print as "…" (not
 * measured yet).
 */
export function formatSigned(v: number | undefined, digits: number): string {
  if (v === undefined || !Number.isFinite(v)) return '…';
  const text = Math.abs(v).toFixed(digits);
  return (v < 0 && Number(text) !== 0 ? '−' : '') + text;
}
