/**
 * The VS Code side of a NetLens webview page: the resource roots, the page (through the pure
 * renderWebviewHtml), the backend setting and the serializer boilerplate. ./panelHost.ts builds
 * every panel on these.
 */
import * as vscode from 'vscode';
import { WEBVIEW_APPS, WEBVIEW_RESOURCE_ROOTS, l10nFor, makeNonce, renderWebviewHtml, type WebviewApp } from './html';
import { currentLang } from '../displayLanguage';
import { BACKEND_PREFERENCES, type BackendPreference } from '../protocol/common';
import type { SETTINGS } from '../ids';

/** A `<section>.backend` setting (netlens.train, netlens.initLab); anything unknown reads as auto. */
export function backendPreference(section: (typeof SETTINGS)[keyof typeof SETTINGS]): BackendPreference {
  const v = vscode.workspace.getConfiguration(section).get<string>('backend', 'auto');
  return (BACKEND_PREFERENCES as readonly string[]).includes(v) ? (v as BackendPreference) : 'auto';
}

/**
 * Only the webview bundles and shipped media may be loaded by a webview: not the rest of dist/,
 * which holds the extension host's own code (WEBVIEW_RESOURCE_ROOTS).
 */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return WEBVIEW_RESOURCE_ROOTS.map((root) => vscode.Uri.joinPath(extensionUri, ...root.split('/')));
}

/**
 * `retainContextWhenHidden` keeps a hidden page alive, at a memory cost: only for a panel that
 * cannot rebuild itself from its saved state (the Train panel's run in progress).
 */
export function webviewOptions(extensionUri: vscode.Uri, retainContextWhenHidden = false): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden,
    localResourceRoots: localResourceRoots(extensionUri),
  };
}

export interface PanelHtmlOptions {
  /** App name: dist/webview/<app>.js is loaded, under that app's policy (WEBVIEW_APPS). */
  app: WebviewApp;
  bodyAttrs?: Record<string, string>;
}

/** The strict-CSP page for a webview app, with codicons linked and its texts in the current language. */
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
    l10n: l10nFor(opts.app, currentLang()),
    bodyAttrs: { 'data-webview-base': asUri('dist', 'webview') + '/', ...opts.bodyAttrs },
  });
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
