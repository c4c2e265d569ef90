/** Status bar: the active spec's total parameters; a click opens the summary (`netlens.statusBar.enabled`). */
import * as vscode from 'vscode';
import { type FeatureDeps, isSpec, setting } from './documents';
import { statusBarText } from './pure/status';
import { SHOW_SUMMARY_COMMAND } from './summary';

export function registerStatusBar(_context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('netlens.params', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('NetLens parameters');

  const refresh = () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isSpec(document) || !setting('statusBar.enabled', true, document)) {
      item.hide();
      return;
    }
    const { text, tooltip } = statusBarText(deps.documents.get(document), deps.documents.lang);
    item.text = text;
    item.tooltip = tooltip;
    item.command = { command: SHOW_SUMMARY_COMMAND, title: vscode.l10n.t('Show Model Summary'), arguments: [document.uri] };
    item.show();
  };
  refresh();

  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(refresh),
    deps.documents.onDidChange((d) => {
      if (d === vscode.window.activeTextEditor?.document) refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('netlens.statusBar.enabled')) refresh();
    }),
  );
}
