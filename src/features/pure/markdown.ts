/** Small Markdown helpers shared by the pure renderers (no vscode import: unit tests load them). */

/** Escapes characters Markdown would read as formatting (`max_pooling2d` must not turn italic). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => '\\' + c);
}

/** Wraps text in an inline code span that survives backticks inside it. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** "1 param" / "832 params": plural by count, with the thousands separator applied by the caller. */
export function plural(count: number, formatted: string, word: string): string {
  return `${formatted} ${word}${count === 1 ? '' : 's'}`;
}
