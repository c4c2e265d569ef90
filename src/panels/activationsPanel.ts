/**
 * "NetLens: Explore Activation Functions": one webview panel (revived after a reload by its
 * serializer) running the activation explorer. The host only opens it and may ask it to show
 * a function; every computation happens in the webview with TF.js.
 */
import * as vscode from 'vscode';
import { findActivation } from '../core';
import { COMMANDS } from '../ids';
import { markWalkthroughStep } from '../features/walkthrough';
import {
  ACTIVATIONS_VIEW_TYPE, parseActivationsToHost, type ActivationsToHost, type HostToActivations,
} from '../protocol/activations';
import { registerSerializer, webviewOptions } from '../webview-host/panel';
import { WebviewPanelHost } from '../webview-host/panelHost';

let current: WebviewPanelHost<HostToActivations, ActivationsToHost> | undefined;

/** The explorer restores its own state (selection, sliders) through getState: no retained context. */
function attach(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): WebviewPanelHost<HostToActivations, ActivationsToHost> {
  const host: WebviewPanelHost<HostToActivations, ActivationsToHost> = new WebviewPanelHost(panel, {
    app: 'activations',
    extensionUri,
    parse: parseActivationsToHost,
    onMessage: () => {},
    onDispose: () => {
      if (current === host) current = undefined;
    },
  });
  return host;
}

function show(extensionUri: vscode.Uri, activation?: string): void {
  if (current) {
    current.panel.reveal(vscode.ViewColumn.Beside);
  } else {
    const panel = vscode.window.createWebviewPanel(ACTIVATIONS_VIEW_TYPE, vscode.l10n.t('Activation Functions'), vscode.ViewColumn.Beside, webviewOptions(extensionUri));
    current = attach(panel, extensionUri);
  }
  // A command argument (e.g. from a hover link) names a function to show; anything else is ignored.
  const def = typeof activation === 'string' ? findActivation(activation) : undefined;
  if (def) current.post({ type: 'focusActivation', name: def.name });
}

export function registerActivationsPanel(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.exploreActivations, (activation?: unknown) => {
      markWalkthroughStep('activationsOpened');
      show(context.extensionUri, typeof activation === 'string' ? activation : undefined);
    }),
    registerSerializer(ACTIVATIONS_VIEW_TYPE, (panel) => {
      current?.dispose();
      current = attach(panel, context.extensionUri);
    }),
    { dispose: () => current?.dispose() },
  );
}
