/**
 * Quick fixes as plain data. The engine attaches the edits to its diagnostics (it knows the
 * numbers: which stride divides, which name was meant); this picks the ones for a range of the
 * document and orders them, so the provider only builds WorkspaceEdits.
 */
import type { Diagnostic, TextFix } from '../../core';

export interface QuickFixData {
  title: string;
  /** The engine diagnostic the fix resolves. */
  diagnostic: Diagnostic;
  edit: { line: number; start: number; end: number; newText: string };
  preferred: boolean;
}

/** True when the diagnostic's range touches [from, to] (positions as line/column pairs). */
function touches(d: Diagnostic, fromLine: number, fromCol: number, toLine: number, toCol: number): boolean {
  if (d.line < fromLine || d.line > toLine) return false;
  if (d.line === fromLine && d.end < fromCol && !(d.start === d.end && d.start === fromCol)) return false;
  if (d.line === toLine && d.start > toCol) return false;
  return true;
}

/** The fixes for every diagnostic touching the range, preferred ones first, then by position. */
export function quickFixesIn(
  diagnostics: readonly Diagnostic[],
  fromLine: number,
  fromCol: number,
  toLine: number,
  toCol: number,
): QuickFixData[] {
  const out: QuickFixData[] = [];
  for (const d of diagnostics) {
    if (!d.fixes?.length || !touches(d, fromLine, fromCol, toLine, toCol)) continue;
    for (const fix of d.fixes) out.push(toData(d, fix));
  }
  return out.sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.diagnostic.line - b.diagnostic.line || a.diagnostic.start - b.diagnostic.start);
}

function toData(diagnostic: Diagnostic, fix: TextFix): QuickFixData {
  return {
    title: fix.title,
    diagnostic,
    edit: { line: fix.line, start: fix.start, end: fix.end, newText: fix.newText },
    preferred: fix.preferred === true,
  };
}

/** Applies one single-line edit to a document's text (tests use it to check what a fix makes). */
export function applyEdit(text: string, edit: QuickFixData['edit']): string {
  const lines = text.split('\n');
  const line = lines[edit.line] ?? '';
  lines[edit.line] = line.slice(0, edit.start) + edit.newText + line.slice(edit.end);
  return lines.join('\n');
}
