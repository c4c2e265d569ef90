/**
 * "NetLens: Explore Optimizers": one webview panel (revived after a reload by its serializer)
 * racing TF.js's optimizers on 2-D surfaces. The host only opens it and may ask it to show a
 * surface; every step is computed in the webview by TF.js's own `tf.train.*` optimizers.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import {
  OPTIMIZERS_VIEW_TYPE, isSurfaceId, parseOptimizersToHost, type HostToOptimizers, type OptimizersToHost,
} from '../protocol/optimizers';
import { registerSerializer, webviewOptions } from '../webview-host/panel';
import { WebviewPanelHost } from '../webview-host/panelHost';

type OptimizersHost = WebviewPanelHost<HostToOptimizers, OptimizersToHost>;

let current: OptimizersHost | undefined;

/** The explorer restores its own state (surface, start, hyperparameters) through getState: no retained context. */
function attach(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): OptimizersHost {
  const host: OptimizersHost = new WebviewPanelHost(panel, {
    app: 'optimizers',
    extensionUri,
    parse: parseOptimizersToHost,
    onMessage: () => {},
    onDispose: () => {
      if (current === host) current = undefined;
    },
  });
  return host;
}

function show(extensionUri: vscode.Uri, surface: unknown): void {
  if (current) {
    current.panel.reveal(vscode.ViewColumn.Beside);
  } else {
    const panel = vscode.window.createWebviewPanel(OPTIMIZERS_VIEW_TYPE, vscode.l10n.t('Optimizers'), vscode.ViewColumn.Beside, webviewOptions(extensionUri));
    current = attach(panel, extensionUri);
  }
  // A command argument (e.g. from a walkthrough link) may name a surface; anything else is ignored.
  if (isSurfaceId(surface)) current.post({ type: 'focusSurface', surface });
}

export function registerOptimizersPanel(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.exploreOptimizers, (surface?: unknown) => show(context.extensionUri, surface)),
    registerSerializer(OPTIMIZERS_VIEW_TYPE, (panel) => {
      current?.dispose();
      current = attach(panel, context.extensionUri);
    }),
    { dispose: () => current?.dispose() },
  );
}
