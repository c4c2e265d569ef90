/** Shared by the scan tests (test/unit/core/i18n-scan.test.ts, test/unit/webview/i18n-scan.test.ts). */

/** The string literals of a TypeScript source, comments skipped; `${…}` in templates dropped from the template's text, its own literals listed after it. */
export function stringLiterals(source: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < n && source[j] !== c && source[j] !== '\n') {
        if (source[j] === '\\') j++;
        text += source[j++];
      }
      out.push(text);
      i = j + 1;
    } else if (c === '`') {
      let j = i + 1;
      let text = '';
      const nested: string[] = [];
      while (j < n && source[j] !== '`') {
        if (source[j] === '\\') {
          text += source[j + 1];
          j += 2;
        } else if (source[j] === '$' && source[j + 1] === '{') {
          // The expression, counting braces: its own literals are scanned too (`${n === 1 ? 'one slope shared' : ...}`).
          let depth = 1;
          const start = j + 2;
          j = start;
          while (j < n && depth > 0) {
            if (source[j] === '{') depth++;
            else if (source[j] === '}') depth--;
            j++;
          }
          nested.push(...stringLiterals(source.slice(start, j - 1)));
          text += ' ';
        } else text += source[j++];
      }
      out.push(text, ...nested);
      i = j + 1;
    } else if (c === '/' && /[=(,:!&|?;{}[\n]\s*$/.test(source.slice(Math.max(0, i - 20), i))) {
      // A regular expression literal: skip it (its letters are not prose).
      let j = i + 1;
      let inClass = false;
      while (j < n && source[j] !== '\n') {
        if (source[j] === '\\') j++;
        else if (source[j] === '[') inClass = true;
        else if (source[j] === ']') inClass = false;
        else if (source[j] === '/' && !inClass) break;
        j++;
      }
      i = j + 1;
    } else i++;
  }
  return out;
}

