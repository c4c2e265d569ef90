/**
 * "NetLens: Explore Data": one webview panel (revived after a reload by its serializer) showing a
 * dataset's per-channel statistics from its training split, cs231n's preprocessing sequence, and
 * batch normalization's training vs inference mode. Everything is computed in the webview's
 * worker (webview/data/engine); the host opens the panel and reads CIFAR-10 from disk when asked.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { DATA_VIEW_TYPE, parseDataToHost, type DataToHost, type HostToData } from '../protocol/data';
import { registerSerializer, webviewOptions } from '../webview-host/panel';
import { WebviewPanelHost } from '../webview-host/panelHost';
import { answerCifarRequest } from './cifarRequest';

type DataHost = WebviewPanelHost<HostToData, DataToHost>;

let current: DataHost | undefined;
let output: vscode.LogOutputChannel | undefined;
function log(): vscode.LogOutputChannel {
  output ??= vscode.window.createOutputChannel('NetLens: Data', { log: true });
  return output;
}

/** The page restores its own choices (dataset, split, momentum) through getState: no retained context. */
function attach(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): DataHost {
  const host: DataHost = new WebviewPanelHost(panel, {
    app: 'data',
    extensionUri,
    parse: parseDataToHost,
    onMessage: async (m) => {
      if (m.type === 'loadCifar') host.post(await answerCifarRequest(m.pick, m.maxSamples, (text) => host.info(text)));
    },
    log: { info: (t) => log().info(t), warn: (t) => log().warn(t), error: (t) => log().error(t) },
    onDispose: () => {
      if (current === host) current = undefined;
    },
  });
  return host;
}

function show(extensionUri: vscode.Uri): void {
  if (current) {
    current.panel.reveal(vscode.ViewColumn.Beside);
    return;
  }
  const panel = vscode.window.createWebviewPanel(DATA_VIEW_TYPE, vscode.l10n.t('Data normalization'), vscode.ViewColumn.Beside, webviewOptions(extensionUri));
  current = attach(panel, extensionUri);
}

export function registerDataPanel(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.exploreData, () => show(context.extensionUri)),
    registerSerializer(DATA_VIEW_TYPE, (panel) => {
      current?.dispose();
      current = attach(panel, context.extensionUri);
    }),
    { dispose: () => current?.dispose() },
  );
}
