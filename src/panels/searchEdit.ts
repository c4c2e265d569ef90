/**
 * "Use these settings" of the search panel, the spec's part: the edits that write a trial's L2
 * strength (`l2=λ` on every conv2d, dense and maxout line) and dropout rate (every `dropout`
 * line's rate) into a .netspec. Pure (the panel turns them into a WorkspaceEdit). Lines written
 * as pasted Keras calls are not rewritten: their line numbers come back for the message instead.
 */
import type { Analysis } from '../core/types';

export interface LineEdit {
  /** 0-based line, UTF-16 columns, `end` exclusive (as VS Code's Range). */
  line: number;
  start: number;
  end: number;
  text: string;
}

/** A number as the spec writes it: two significant digits, exponent form below 0.001. */
export function specNumber(v: number): string {
  return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(2)));
}

const L2_ARG = /\bl2\s*=\s*[^\s#]+/;
const DROPOUT_RATE = /^(\s*dropout\s+(?:rate\s*=\s*)?)([0-9][0-9.eE+-]*)/;

/** The edits for `l2` and `dropout` (either may be absent), and the lines left for the student (1-based). */
export function specSettingEdits(text: string, analysis: Analysis, settings: { l2?: number; dropout?: number }): { edits: LineEdit[]; manual: number[] } {
  const lines = text.split(/\r?\n/);
  const edits: LineEdit[] = [];
  const manual: number[] = [];
  for (const layer of analysis.layers) {
    const source = lines[layer.line] ?? '';
    const kind = layer.config.kind;
    // The statement itself, without a trailing comment.
    const hash = source.indexOf('#');
    const code = hash >= 0 ? source.slice(0, hash) : source;
    if (settings.l2 !== undefined && (kind === 'conv2d' || kind === 'dense' || kind === 'maxout')) {
      if (code.includes('(')) {
        manual.push(layer.line + 1);
        continue;
      }
      const arg = `l2=${specNumber(settings.l2)}`;
      const m = L2_ARG.exec(code);
      if (m) edits.push({ line: layer.line, start: m.index, end: m.index + m[0].length, text: arg });
      else {
        const end = code.trimEnd().length;
        edits.push({ line: layer.line, start: end, end, text: ` ${arg}` });
      }
    } else if (settings.dropout !== undefined && kind === 'dropout') {
      const m = DROPOUT_RATE.exec(code);
      if (!m) {
        manual.push(layer.line + 1);
        continue;
      }
      edits.push({ line: layer.line, start: m[1].length, end: m[1].length + m[2].length, text: specNumber(settings.dropout) });
    }
  }
  return { edits, manual };
}
