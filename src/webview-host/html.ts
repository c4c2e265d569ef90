/**
 * The one place that writes a NetLens webview page. Pure (no `vscode` import) so the browser
 * test harness renders exactly the page, and exactly the Content-Security-Policy, that VS Code gets.
 *
 * The policy: nothing by default; scripts only by nonce; styles and fonts only from the
 * extension's own resources (plus inline styles, which Svelte's injected component CSS and
 * uPlot need); images also from data:/blob: (canvas snapshots). `wasm` adds exactly what
 * TF.js's WASM backend needs: 'wasm-unsafe-eval' and fetching its .wasm file from our origin.
 * `worker` adds what a compute worker needs: fetching its script from our origin and starting
 * it from a blob: URL (VS Code cannot serve a Worker's script request from a webview resource).
 */
import { messagesFor, numberLocale, type Lang } from '../core/i18n';
import { WEBVIEW_MESSAGE_IDS } from '../core/i18n/apps/messageIds';
import type { L10nMessage } from '../protocol/common';

export interface WebviewHtmlOptions {
  /** Shown as the document title (the panel tab has its own). */
  title: string;
  /** `webview.cspSource` in VS Code; the harness's origin in tests. */
  cspSource: string;
  /** A fresh random nonce per render: only the script carrying it runs. */
  nonce: string;
  /** URI (as a string) of the app bundle, e.g. dist/webview/train.js. */
  scriptUri: string;
  /** Stylesheets to link, e.g. codicon.css. */
  styleUris?: string[];
  /** Allow WebAssembly (TF.js WASM backend). Off by default: the page needs no eval at all. */
  wasm?: boolean;
  /** Allow a Web Worker started from a blob: URL holding a script fetched from our origin. */
  worker?: boolean;
  /** Extra attributes for <body>, e.g. { 'data-wasm-base': uri }. Values are escaped. */
  bodyAttrs?: Record<string, string>;
  /** The page's texts (l10nFor): written into the page as JSON, read before the app mounts. */
  l10n?: L10nMessage;
}

/** The id of the JSON block that carries the page's texts (webview/shared/i18n.svelte.ts reads it). */
export const L10N_ELEMENT_ID = 'netlens-l10n';

/** The texts of an app's page in one language: its own ids and webview/shared's, and the number locale. */
export function l10nFor(app: WebviewApp, lang: Lang): L10nMessage {
  return { type: 'l10n', lang, locale: numberLocale(lang), messages: messagesFor(lang, WEBVIEW_MESSAGE_IDS[app]) };
}

/**
 * JSON that is safe inside a <script> element: `<` is escaped, so no template can close the
 * element, and U+2028/2029 are escaped for older parsers.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Escapes text for use inside a double-quoted HTML attribute or element text. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** The Content-Security-Policy value for a page (exported so tests can assert on it). */
export function webviewCsp(opts: Pick<WebviewHtmlOptions, 'cspSource' | 'nonce' | 'wasm' | 'worker'>): string {
  const { cspSource, nonce, wasm, worker } = opts;
  const scriptSrc = [`'nonce-${nonce}'`];
  if (wasm) scriptSrc.push(`'wasm-unsafe-eval'`);
  const directives = [
    `default-src 'none'`,
    `script-src ${scriptSrc.join(' ')}`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
  ];
  if (wasm || worker) directives.push(`connect-src ${cspSource}`);
  if (worker) directives.push(`worker-src blob:`);
  // No <base> may re-point relative URLs, and no form may submit anywhere.
  directives.push(`base-uri 'none'`, `form-action 'none'`);
  return directives.join('; ');
}

/** The folders (relative to the extension) a webview may load from: its bundles and the media. */
export const WEBVIEW_RESOURCE_ROOTS = ['dist/webview', 'media'] as const;

/**
 * What each webview app's page allows beyond the base policy: the one place the panels and the
 * browser test harness read it from, so the tests run under exactly the policy VS Code gets.
 */
export const WEBVIEW_APPS = {
  train: { title: 'NetLens: Train', wasm: true, worker: true },
  activations: { title: 'Activation functions', wasm: true, worker: true },
  init: { title: 'Weight initialization', wasm: true, worker: true },
  convarith: { title: 'Convolution arithmetic', wasm: false, worker: false },
  optimizers: { title: 'Optimizers', wasm: false, worker: false },
  data: { title: 'Data normalization', wasm: false, worker: true },
  search: { title: 'Search hyperparameters', wasm: true, worker: true },
} as const satisfies Record<string, Pick<WebviewHtmlOptions, 'title' | 'wasm' | 'worker'>>;

export type WebviewApp = keyof typeof WEBVIEW_APPS;

export function renderWebviewHtml(opts: WebviewHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(opts.nonce)) {
    // A weak or malformed nonce would silently weaken the policy; refuse it loudly instead.
    throw new Error(`renderWebviewHtml: nonce must be 16+ base64/url-safe characters, got "${opts.nonce}"`);
  }
  const csp = webviewCsp(opts);
  const styles = (opts.styleUris ?? [])
    .map((href) => `    <link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join('\n');
  const attrs = Object.entries(opts.bodyAttrs ?? {})
    .filter(([name]) => /^[a-zA-Z][a-zA-Z0-9_.:-]*$/.test(name))
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  // A JSON block is data, not script: the CSP does not run it, and the app parses it (parseL10nMessage).
  const l10n = opts.l10n
    ? `\n    <script type="application/json" id="${L10N_ELEMENT_ID}">${scriptSafeJson(opts.l10n)}</script>`
    : '';
  return `<!DOCTYPE html>
<html lang="${opts.l10n?.lang ?? 'en'}">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>${escapeHtml(opts.title)}</title>
${styles}
  </head>
  <body${attrs}>
    <div id="app"></div>${l10n}
    <script nonce="${escapeHtml(opts.nonce)}" src="${escapeHtml(opts.scriptUri)}"></script>
  </body>
</html>
`;
}

/** 32 random url-safe characters; uses Web Crypto, present in Node 20 and browsers. */
export function makeNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
