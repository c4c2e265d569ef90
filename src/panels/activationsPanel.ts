/**
 * "NetLens: Explore Activation Functions": one webview panel (revived after a reload by its
 * serializer) running the activation explorer. The host only opens it and may ask it to show
 * a function; every computation happens in the webview with TF.js.
 */
import * as vscode from 'vscode';
import { findActivation } from '../core';
import { onValidMessage, panelHtml, registerSerializer, webviewOptions } from '../webview-host/panel';
import { parseFromActivationsMessage, type ToActivationsMessage } from '../protocol/study';

export const ACTIVATIONS_VIEW_TYPE = 'netlens.activations';

class ActivationsPanel implements vscode.Disposable {
  static current: ActivationsPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private queued: ToActivationsMessage[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri, { app: 'activations' });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      onValidMessage(panel.webview, parseFromActivationsMessage, (msg) => {
        if (msg.type === 'ready') {
          this.ready = true;
          for (const m of this.queued.splice(0)) void panel.webview.postMessage(m);
        }
      }),
    );
  }

  /** Messages sent before the webview said `ready` would be lost, so they wait. */
  post(msg: ToActivationsMessage): void {
    if (this.ready) void this.panel.webview.postMessage(msg);
    else this.queued.push(msg);
  }

  dispose(): void {
    if (ActivationsPanel.current === this) ActivationsPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function show(extensionUri: vscode.Uri, activation?: string): void {
  let current = ActivationsPanel.current;
  if (current) {
    current.panel.reveal(vscode.ViewColumn.Beside);
  } else {
    const panel = vscode.window.createWebviewPanel(ACTIVATIONS_VIEW_TYPE, 'Activation Functions', vscode.ViewColumn.Beside, webviewOptions(extensionUri));
    current = ActivationsPanel.current = new ActivationsPanel(panel, extensionUri);
  }
  // A command argument (e.g. from a hover link) names a function to show; anything else is ignored.
  const def = typeof activation === 'string' ? findActivation(activation) : undefined;
  if (def) current.post({ type: 'focusActivation', name: def.name });
}

export function registerActivationsPanel(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('netlens.exploreActivations', (activation?: unknown) =>
      show(context.extensionUri, typeof activation === 'string' ? activation : undefined),
    ),
    registerSerializer(ACTIVATIONS_VIEW_TYPE, (panel) => {
      // The webview restores its own state (selection, sliders) through getState.
      ActivationsPanel.current?.dispose();
      ActivationsPanel.current = new ActivationsPanel(panel, context.extensionUri);
    }),
    { dispose: () => ActivationsPanel.current?.dispose() },
  );
}
