/**
 * Small helpers every NetLens webview panel shares: the resource roots, the page (through the
 * pure renderWebviewHtml), a message pump that validates before it dispatches, and the
 * serializer boilerplate. Panels stay classes of their own; this file only removes repetition.
 */
import * as vscode from 'vscode';
import { WEBVIEW_APPS, makeNonce, renderWebviewHtml, type WebviewApp } from './html';
import { BACKEND_PREFERENCES, type BackendPreference } from '../protocol/common';

/** A `<section>.backend` setting (netlens.train, netlens.initLab); anything unknown reads as auto. */
export function backendPreference(section: 'netlens.train' | 'netlens.initLab'): BackendPreference {
  const v = vscode.workspace.getConfiguration(section).get<string>('backend', 'auto');
  return (BACKEND_PREFERENCES as readonly string[]).includes(v) ? (v as BackendPreference) : 'auto';
}

/** Only the bundles and shipped media may be loaded by a webview. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // Training state lives in the webview; hiding the tab must not kill a run in progress.
    retainContextWhenHidden: true,
    localResourceRoots: localResourceRoots(extensionUri),
  };
}

export interface PanelHtmlOptions {
  /** App name: dist/webview/<app>.js is loaded, under that app's policy (WEBVIEW_APPS). */
  app: WebviewApp;
  bodyAttrs?: Record<string, string>;
}

/** The strict-CSP page for a webview app, with codicons linked. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: PanelHtmlOptions): string {
  const asUri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const { title, wasm, worker } = WEBVIEW_APPS[opts.app];
  return renderWebviewHtml({
    title,
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: asUri('dist', 'webview', `${opts.app}.js`),
    styleUris: [asUri('dist', 'webview', 'codicon.css')],
    wasm,
    worker,
    bodyAttrs: { 'data-webview-base': asUri('dist', 'webview') + '/', ...opts.bodyAttrs },
  });
}

/**
 * Subscribes to a webview's messages, dropping (and logging once per kind) anything the guard
 * rejects: a webview is a page, and a page's messages are input to validate.
 */
export function onValidMessage<M>(
  webview: vscode.Webview,
  guard: (raw: unknown) => M | undefined,
  handle: (msg: M) => void | Promise<void>,
  log: (text: string) => void = (t) => console.warn(t),
): vscode.Disposable {
  return webview.onDidReceiveMessage((raw: unknown) => {
    const msg = guard(raw);
    if (!msg) {
      log(`NetLens: ignored a malformed webview message: ${safePreview(raw)}`);
      return;
    }
    Promise.resolve(handle(msg)).catch((err: unknown) => log(`NetLens: webview message handler failed: ${String(err)}`));
  });
}

function safePreview(raw: unknown): string {
  try {
    const text = JSON.stringify(raw);
    return text === undefined ? String(raw) : text.slice(0, 200);
  } catch {
    return String(raw);
  }
}

/**
 * Registers a WebviewPanelSerializer that hands the restored panel and its saved state to
 * `revive`. VS Code passes whatever the webview last gave `setState`; `revive` must validate it.
 */
export function registerSerializer(
  viewType: string,
  revive: (panel: vscode.WebviewPanel, state: unknown) => void | Promise<void>,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(viewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      await revive(panel, state);
    },
  });
}
