/**
 * The webviews' look: VS Code's theme variables (--vscode-*) with dark fallbacks for pages shown
 * outside VS Code (the browser tests), and uPlot's stylesheet. Installed as one <style> element
 * from the bundle, because the CSP only loads stylesheets from our own resources and esbuild's
 * iife build would otherwise emit a separate CSS file the page does not link.
 */

// uPlot 1.6 dist/uPlot.min.css (MIT, Leon Sorokin), copied verbatim but for its one CSS comment.
const UPLOT_CSS = `.uplot, .uplot *, .uplot *::before, .uplot *::after {box-sizing: border-box;}.uplot {font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji";line-height: 1.5;width: min-content;}.u-title {text-align: center;font-size: 18px;font-weight: bold;}.u-wrap {position: relative;user-select: none;}.u-over, .u-under {position: absolute;}.u-under {overflow: hidden;}.uplot canvas {display: block;position: relative;width: 100%;height: 100%;}.u-axis {position: absolute;}.u-legend {font-size: 14px;margin: auto;text-align: center;}.u-inline {display: block;}.u-inline * {display: inline-block;}.u-inline tr {margin-right: 16px;}.u-legend th {font-weight: 600;}.u-legend th > * {vertical-align: middle;display: inline-block;}.u-legend .u-marker {width: 1em;height: 1em;margin-right: 4px;background-clip: padding-box !important;}.u-inline.u-live th::after {content: ":";vertical-align: middle;}.u-inline:not(.u-live) .u-value {display: none;}.u-series > * {padding: 4px;}.u-series th {cursor: pointer;}.u-legend .u-off > * {opacity: 0.3;}.u-select {background: rgba(0,0,0,0.07);position: absolute;pointer-events: none;}.u-cursor-x, .u-cursor-y {position: absolute;left: 0;top: 0;pointer-events: none;will-change: transform;}.u-hz .u-cursor-x, .u-vt .u-cursor-y {height: 100%;border-right: 1px dashed #607D8B;}.u-hz .u-cursor-y, .u-vt .u-cursor-x {width: 100%;border-bottom: 1px dashed #607D8B;}.u-cursor-pt {position: absolute;top: 0;left: 0;border-radius: 50%;border: 0 solid;pointer-events: none;will-change: transform;background-clip: padding-box !important;}.u-axis.u-off, .u-select.u-off, .u-cursor-x.u-off, .u-cursor-y.u-off, .u-cursor-pt.u-off {display: none;}`;

const THEME_CSS = `
body {
  --nl-fg: var(--vscode-foreground, #cccccc);
  --nl-muted: var(--vscode-descriptionForeground, #9d9d9d);
  --nl-bg: var(--vscode-editor-background, #1e1e1e);
  --nl-panel: var(--vscode-sideBar-background, #252526);
  --nl-border: var(--vscode-panel-border, #3c3c3c);
  --nl-focus: var(--vscode-focusBorder, #007fd4);
  --nl-accent: var(--vscode-charts-blue, #3794ff);
  --nl-accent2: var(--vscode-charts-orange, #d18616);
  --nl-green: var(--vscode-charts-green, #89d185);
  --nl-red: var(--vscode-charts-red, #f14c4c);
  --nl-yellow: var(--vscode-charts-yellow, #cca700);
  --nl-purple: var(--vscode-charts-purple, #b180d7);
  --nl-error-fg: var(--vscode-errorForeground, #f48771);
  --nl-warn-bg: var(--vscode-inputValidation-warningBackground, #352a05);
  --nl-warn-border: var(--vscode-inputValidation-warningBorder, #b89500);
  --nl-error-bg: var(--vscode-inputValidation-errorBackground, #5a1d1d);
  --nl-error-border: var(--vscode-inputValidation-errorBorder, #be1100);
  --nl-info-bg: var(--vscode-inputValidation-infoBackground, #063b49);
  --nl-info-border: var(--vscode-inputValidation-infoBorder, #007acc);
  --nl-input-bg: var(--vscode-input-background, #3c3c3c);
  --nl-input-fg: var(--vscode-input-foreground, #cccccc);
  --nl-input-border: var(--vscode-input-border, #3c3c3c);
  --nl-button-bg: var(--vscode-button-background, #0e639c);
  --nl-button-fg: var(--vscode-button-foreground, #ffffff);
  --nl-button-hover: var(--vscode-button-hoverBackground, #1177bb);
  --nl-button2-bg: var(--vscode-button-secondaryBackground, #3a3d41);
  --nl-button2-fg: var(--vscode-button-secondaryForeground, #ffffff);
  --nl-button2-hover: var(--vscode-button-secondaryHoverBackground, #45494e);
  --nl-progress: var(--vscode-progressBar-background, #0e70c0);
  --nl-font: var(--vscode-font-family, system-ui, sans-serif);
  --nl-font-size: var(--vscode-font-size, 13px);
  --nl-mono: var(--vscode-editor-font-family, ui-monospace, monospace);
}
body { margin: 0; padding: 0 16px 24px; color: var(--nl-fg); background: var(--nl-bg); font-family: var(--nl-font); font-size: var(--nl-font-size); }
button { font: inherit; color: var(--nl-button-fg); background: var(--nl-button-bg); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 12px; border-radius: 2px; cursor: pointer; display: inline-flex; align-items: center; gap: 6px; }
button:hover:not(:disabled) { background: var(--nl-button-hover); }
button.secondary { color: var(--nl-button2-fg); background: var(--nl-button2-bg); }
button.secondary:hover:not(:disabled) { background: var(--nl-button2-hover); }
button:disabled { opacity: 0.5; cursor: default; }
:focus-visible { outline: 1px solid var(--nl-focus); outline-offset: 1px; }
input, select { font: inherit; color: var(--nl-input-fg); background: var(--nl-input-bg); border: 1px solid var(--nl-input-border); padding: 3px 6px; border-radius: 2px; }
input[aria-invalid="true"] { border-color: var(--nl-error-border); }
a { color: var(--vscode-textLink-foreground, #3794ff); }
code, .mono { font-family: var(--nl-mono); }
h1, h2, h3 { font-weight: 600; }
.muted { color: var(--nl-muted); }
.uplot { font-family: var(--nl-font); color: var(--nl-fg); }
.u-legend { font-size: 12px; }
.u-select { background: rgba(128,128,128,0.2); }
body.vscode-high-contrast button, body.vscode-high-contrast input, body.vscode-high-contrast select { border-color: var(--vscode-contrastBorder, #6fc3df); }
`;

let installed = false;

/** Adds the theme and chart styles to the page once. */
export function installTheme(): void {
  if (installed) return;
  installed = true;
  const style = document.createElement('style');
  style.textContent = UPLOT_CSS + THEME_CSS;
  document.head.appendChild(style);
}

/** A CSS variable's current value (theme colours for canvas drawing and charts). */
export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

/** Re-runs `update` when VS Code switches theme (it rewrites the body class and style). */
export function onThemeChange(update: () => void): () => void {
  const observer = new MutationObserver(() => update());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  return () => observer.disconnect();
}
