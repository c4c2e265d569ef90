/**
 * Series colours: VS Code's chart colours when the theme defines them (so charts follow the
 * user's theme), with fixed fallbacks for a plain browser. Canvas drawing needs real colour
 * values, so CSS variables are resolved here rather than passed through.
 */
const FALLBACK = ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#d18616', '#b180d7', '#4ec9b0', '#ce9178', '#c586c0', '#9cdcfe'];
const VARIABLES = ['blue', 'red', 'green', 'yellow', 'orange', 'purple'];

export function palette(): string[] {
  const style = typeof document !== 'undefined' ? getComputedStyle(document.body) : undefined;
  const themed = VARIABLES.map((v, i) => style?.getPropertyValue(`--vscode-charts-${v}`).trim() || FALLBACK[i]);
  return [...themed, ...FALLBACK.slice(VARIABLES.length)];
}

export function colorAt(i: number): string {
  const p = palette();
  return p[i % p.length];
}

/** A colour with an alpha channel, for shaded ranges: accepts #rgb, #rrggbb or rgb(). */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const h = hex[1].length === 3 ? hex[1].replace(/./g, (c) => c + c) : hex[1];
    const n = parseInt(h, 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(color.trim());
  if (rgb) {
    const [r, g, b] = rgb[1].split(',').map((s) => s.trim());
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return color;
}

/** The theme's foreground and grid colours for axes. */
export function axisColors(): { text: string; grid: string } {
  const style = typeof document !== 'undefined' ? getComputedStyle(document.body) : undefined;
  const text = style?.getPropertyValue('--vscode-foreground').trim() || style?.getPropertyValue('--nl-fg').trim() || '#cccccc';
  return { text, grid: withAlpha(text, 0.15) };
}
