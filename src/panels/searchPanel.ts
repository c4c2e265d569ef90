/**
 * "NetLens: Search Hyperparameters": a webview beside the editor that runs short trials of the
 * active spec's model (webview/search, its engine in a Web Worker). The host reads the spec as the
 * Train panel's does, restores the panel after a reload (the page resumes its search from its
 * saved state), reads CIFAR-10 from disk as the Train panel does (./cifarRequest.ts), and carries
 * out "Use these settings": the learning rate and batch size go to the Train panel; the L2
 * strength and dropout rate are offered as an edit of the .netspec.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyze } from '../core';
import { COMMANDS } from '../ids';
import { parseSearchToHost, SEARCH_VIEW_TYPE, type HostToSearch, type SearchSpecMessage, type SearchToHost, type UseSettingsMessage } from '../protocol/search';
import { trainSpecFromAnalysis } from '../protocol/train';
import { registerSerializer, webviewOptions } from '../webview-host/panel';
import { WebviewPanelHost } from '../webview-host/panelHost';
import { currentLang } from '../displayLanguage';
import { answerCifarRequest } from './cifarRequest';
import { activeSpecUri, restoredSpecUri } from './specUris';
import { specSettingEdits, specNumber } from './searchEdit';
import { sendSettingsToTrain } from './trainPanel';

let output: vscode.LogOutputChannel | undefined;
function log(): vscode.LogOutputChannel {
  output ??= vscode.window.createOutputChannel('NetLens: Search', { log: true });
  return output;
}
const panelLog = { info: (t: string) => log().info(t), warn: (t: string) => log().warn(t), error: (t: string) => log().error(t) };

class SearchPanel {
  static current: SearchPanel | undefined;
  private readonly host: WebviewPanelHost<HostToSearch, SearchToHost>;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private docUri: vscode.Uri | undefined,
    private firstReason: SearchSpecMessage['reason'],
  ) {
    this.host = new WebviewPanelHost(panel, {
      app: 'search',
      extensionUri,
      parse: parseSearchToHost,
      onMessage: (m) => this.onMessage(m),
      // No retained context: the page saves every finished trial and whether it was running
      // (webview/search/persistence.ts), so a page rebuilt after hiding continues with the next trial.
      log: panelLog,
      onDispose: () => {
        if (SearchPanel.current === this) SearchPanel.current = undefined;
      },
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'netspec-file.svg');
    this.host.track(vscode.workspace.onDidSaveTextDocument((doc) => {
      if (this.docUri && doc.uri.toString() === this.docUri.toString()) void this.sendSpec('save');
    }));
    this.updateTitle();
  }

  static show(extensionUri: vscode.Uri, docUri: vscode.Uri): void {
    const p = SearchPanel.current;
    if (p) {
      p.docUri = docUri;
      p.updateTitle();
      p.panel.reveal(vscode.ViewColumn.Beside, true);
      if (p.host.ready) void p.sendSpec('open');
      return;
    }
    const panel = vscode.window.createWebviewPanel(SEARCH_VIEW_TYPE, vscode.l10n.t('NetLens: Search Hyperparameters'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    SearchPanel.current = new SearchPanel(panel, extensionUri, docUri, 'open');
  }

  /** After a window reload: the spec the page's saved state names, when NetLens would open it itself. */
  static revive(extensionUri: vscode.Uri, panel: vscode.WebviewPanel, state: unknown): void {
    SearchPanel.current?.dispose();
    SearchPanel.current = new SearchPanel(panel, extensionUri, restoredSpecUri(state) ?? activeSpecUri(), 'restore');
  }

  private updateTitle(): void {
    this.panel.title = this.docUri ? vscode.l10n.t('Search: {0}', path.basename(this.docUri.path)) : vscode.l10n.t('NetLens: Search Hyperparameters');
  }

  private async sendSpec(reason: SearchSpecMessage['reason']): Promise<void> {
    if (!this.docUri || !this.host.ready) return;
    let text: string;
    try {
      text = (await vscode.workspace.openTextDocument(this.docUri)).getText();
    } catch (err) {
      this.host.error(`Search panel: cannot read ${this.docUri.toString()}: ${String(err)}`);
      return;
    }
    const spec = trainSpecFromAnalysis(this.docUri.toString(), path.basename(this.docUri.path), analyze(text, { lang: currentLang() }));
    this.host.post({ type: 'spec', spec, reason });
  }

  private async onMessage(m: SearchToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        await this.sendSpec(this.firstReason);
        this.firstReason = 'request';
        return;
      case 'requestSpec':
        await this.sendSpec('request');
        return;
      case 'status':
        this.host.info(`search ${m.state}: ${m.finished}/${m.planned} trials ${m.text}`);
        return;
      case 'useSettings':
        await this.useSettings(m);
        return;
      case 'loadCifar':
        // The Train panel's request and reply (the setting, or the folder dialog).
        this.host.post(await answerCifarRequest(m.pick, m.maxSamples, (text) => this.host.info(text)));
        return;
    }
  }

  /** The learning rate and batch size to the Train panel; the L2 strength and dropout rate offered as a spec edit. */
  private async useSettings(m: UseSettingsMessage): Promise<void> {
    const docUri = this.docUri;
    if (!docUri) return;
    sendSettingsToTrain(this.extensionUri, docUri, { learningRate: m.learningRate, ...(m.batchSize !== undefined ? { batchSize: m.batchSize } : {}) });
    if (m.l2 === undefined && m.dropout === undefined) return;
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(docUri);
    } catch {
      return;
    }
    const { edits, manual } = specSettingEdits(doc.getText(), analyze(doc.getText()), { l2: m.l2, dropout: m.dropout });
    const what = [
      ...(m.l2 !== undefined ? [`l2=${specNumber(m.l2)}`] : []),
      ...(m.dropout !== undefined ? [`dropout ${specNumber(m.dropout)}`] : []),
    ].join(', ');
    if (manual.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('NetLens: write {0} by hand on line(s) {1} of {2} (pasted Keras calls are not rewritten).', what, manual.join(', '), path.basename(docUri.path)));
    }
    if (!edits.length) return;
    const apply = vscode.l10n.t('Edit the spec');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t('NetLens: the Train panel got the learning rate. Also write {0} into {1} ({2} line(s))?', what, path.basename(docUri.path), edits.length),
      apply,
    );
    if (answer !== apply) return;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(docUri, new vscode.Range(e.line, e.start, e.line, e.end), e.text);
    await vscode.workspace.applyEdit(edit);
  }

  dispose(): void {
    this.host.dispose();
  }
}

/** Registers netlens.searchHyperparameters and the panel serializer. */
export function registerSearchPanel(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.searchHyperparameters, (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : activeSpecUri();
      if (!uri) {
        void vscode.window.showInformationMessage(vscode.l10n.t('NetLens: open a .netspec file to search its hyperparameters.'));
        return;
      }
      SearchPanel.show(context.extensionUri, uri);
    }),
    registerSerializer(SEARCH_VIEW_TYPE, (panel, state) => SearchPanel.revive(context.extensionUri, panel, state)),
    { dispose: () => SearchPanel.current?.dispose() },
  );
}
