/** Small helpers shared by the core tests: build a spec from lines, find layers and diagnostics. */
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core';
import type { Analysis, Diagnostic, DiagnosticCode, LayerInfo } from '../../../src/core/types';

export function run(...lines: string[]): Analysis {
  return analyze(lines.join('\n'));
}

/** The single layer declared on 0-based line `line`. */
export function layerOn(a: Analysis, line: number): LayerInfo {
  const found = a.layers.filter((l) => l.line === line);
  assert.equal(found.length, 1, `expected one layer on line ${line}, got ${found.length}: ${JSON.stringify(a.diagnostics)}`);
  return found[0];
}

/** The last layer of a spec (the one a test is usually about). */
export function last(a: Analysis): LayerInfo {
  assert.ok(a.layers.length > 0, `no layers; diagnostics: ${JSON.stringify(a.diagnostics)}`);
  return a.layers[a.layers.length - 1];
}

export function errors(a: Analysis): Diagnostic[] {
  return a.diagnostics.filter((d) => d.severity === 'error');
}

/** Asserts the analysis has no errors and no warnings (info is allowed). */
export function assertClean(a: Analysis): void {
  const bad = a.diagnostics.filter((d) => d.severity !== 'info');
  assert.deepEqual(bad, [], 'expected no errors or warnings');
  assert.equal(a.hasErrors, false);
}

/** The one diagnostic with `code`; fails with every diagnostic listed when there is none. */
export function diag(a: Analysis, code: DiagnosticCode): Diagnostic {
  const found = a.diagnostics.filter((d) => d.code === code);
  assert.ok(found.length >= 1, `expected a '${code}' diagnostic, got ${JSON.stringify(a.diagnostics)}`);
  return found[0];
}

/** The column range [start, end) of the `occurrence`-th `needle` on a line of text. */
export function columnsOf(lineText: string, needle: string, occurrence = 0): [number, number] {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = lineText.indexOf(needle, at + 1);
  assert.ok(at >= 0, `'${needle}' not in '${lineText}'`);
  return [at, at + needle.length];
}

/** Asserts a diagnostic sits on `line` and its non-empty range lies within [start, end). */
export function assertRangeWithin(d: Diagnostic, line: number, [start, end]: [number, number]): void {
  assert.equal(d.line, line, `line of ${JSON.stringify(d)}`);
  assert.ok(d.start < d.end, `empty range ${JSON.stringify(d)}`);
  assert.ok(d.start >= start && d.end <= end, `range [${d.start}, ${d.end}) not within [${start}, ${end}): ${JSON.stringify(d)}`);
}
