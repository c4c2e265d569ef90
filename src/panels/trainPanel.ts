/**
 * "NetLens: Train on GPU": a webview beside the editor that trains the active spec's model with
 * TF.js (webview/train). The host only reads documents, runs the core engine, validates the
 * webview's messages, reads CIFAR-10 from disk and restores the panel after a reload.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyze } from '../core';
import {
  parseTrainToHost, TRAIN_VIEW_TYPE, trainSpecFromAnalysis,
  type HostToTrainMessage, type SpecMessage, type TrainToHostMessage,
} from '../protocol/train';
import { backendPreference, onValidMessage, panelHtml, registerSerializer, webviewOptions } from '../webview-host/panel';
import { readCifarFolder } from './trainCifar';

let output: vscode.LogOutputChannel | undefined;
function log(): vscode.LogOutputChannel {
  output ??= vscode.window.createOutputChannel('NetLens: Train', { log: true });
  return output;
}

const backendSetting = () => backendPreference('netlens.train');

class TrainPanel {
  static current: TrainPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private disposed = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private docUri: vscode.Uri | undefined,
    private firstReason: SpecMessage['reason'],
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri, { app: 'train' });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'netspec-file.svg');
    this.disposables.push(
      onValidMessage(panel.webview, parseTrainToHost, (m) => this.onMessage(m), (t) => log().warn(t)),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.docUri && doc.uri.toString() === this.docUri.toString()) void this.sendSpec('save');
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('netlens.train.backend')) this.post({ type: 'settings', backend: backendSetting() });
      }),
    );
    this.updateTitle();
  }

  static show(extensionUri: vscode.Uri, docUri: vscode.Uri): void {
    if (TrainPanel.current) {
      const p = TrainPanel.current;
      const changed = p.docUri?.toString() !== docUri.toString();
      p.docUri = docUri;
      p.updateTitle();
      p.panel.reveal(vscode.ViewColumn.Beside, true);
      if (changed || p.ready) void p.sendSpec('open');
      return;
    }
    const panel = vscode.window.createWebviewPanel(TRAIN_VIEW_TYPE, 'NetLens: Train', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    TrainPanel.current = new TrainPanel(panel, extensionUri, docUri, 'open');
  }

  /** After a window reload: the webview's saved state names the spec it was training. */
  static revive(extensionUri: vscode.Uri, panel: vscode.WebviewPanel, state: unknown): void {
    let docUri: vscode.Uri | undefined;
    const uri = typeof state === 'object' && state !== null ? (state as { specUri?: unknown }).specUri : undefined;
    if (typeof uri === 'string') {
      try {
        docUri = vscode.Uri.parse(uri, true);
      } catch {
        docUri = undefined;
      }
    }
    TrainPanel.current?.panel.dispose();
    TrainPanel.current = new TrainPanel(panel, extensionUri, docUri ?? activeSpecUri(), 'restore');
  }

  private updateTitle(): void {
    this.panel.title = this.docUri ? `Train: ${path.basename(this.docUri.path)}` : 'NetLens: Train';
  }

  private post(m: HostToTrainMessage): void {
    if (this.disposed || !this.ready) return;
    void this.panel.webview.postMessage(m);
  }

  private async sendSpec(reason: SpecMessage['reason']): Promise<void> {
    if (!this.docUri) {
      log().warn('Train panel: no .netspec document to train');
      return;
    }
    let text: string;
    try {
      text = (await vscode.workspace.openTextDocument(this.docUri)).getText();
    } catch (err) {
      log().error(`Train panel: cannot read ${this.docUri.toString()}: ${String(err)}`);
      void vscode.window.showWarningMessage(`NetLens: cannot read ${path.basename(this.docUri.path)} to train it.`);
      return;
    }
    const spec = trainSpecFromAnalysis(this.docUri.toString(), path.basename(this.docUri.path), analyze(text));
    this.post({ type: 'spec', spec, reason });
  }

  private async onMessage(m: TrainToHostMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'settings', backend: backendSetting() });
        await this.sendSpec(this.firstReason);
        this.firstReason = 'request';
        return;
      case 'requestSpec':
        await this.sendSpec('request');
        return;
      case 'loadCifar':
        await this.loadCifar(m.pick, m.maxSamples);
        return;
      case 'status':
        log().info(`[${m.backend}] ${m.state}: ${m.text}`);
        return;
      case 'model':
        log().info(`built ${m.totalParams.toLocaleString('en-US')} params on ${m.backend}`);
        return;
      case 'log':
        log()[m.level](m.text);
        return;
    }
  }

  private async loadCifar(pick: boolean, maxSamples: number): Promise<void> {
    const config = vscode.workspace.getConfiguration('netlens.train');
    let folder = config.get<string>('cifarPath', '').trim();
    if (pick || !folder) {
      const chosen = await vscode.window.showOpenDialog({
        canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
        openLabel: 'Use this CIFAR-10 folder', title: 'Folder with the CIFAR-10 binary batches (cifar-10-batches-bin)',
      });
      if (!chosen?.[0]) {
        this.post({ type: 'cifar', ok: false, message: 'No CIFAR-10 folder chosen. Pick the cifar-10-batches-bin folder, or set netlens.train.cifarPath.' });
        return;
      }
      folder = chosen[0].fsPath;
      await config.update('cifarPath', folder, vscode.ConfigurationTarget.Global);
    }
    try {
      const data = await readCifarFolder(folder, maxSamples);
      log().info(`CIFAR-10: ${data.count} images from ${data.source}`);
      this.post({ type: 'cifar', ok: true, data: { source: data.source, count: data.count, labels: data.labels, images: data.images } });
    } catch (err) {
      this.post({ type: 'cifar', ok: false, message: err instanceof Error ? err.message : String(err) });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    // The webview and its WebGL context go with the panel; training stops with the page.
    this.disposed = true;
    if (TrainPanel.current === this) TrainPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function activeSpecUri(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'netspec') return active.uri;
  return vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'netspec')?.document.uri;
}

/** Registers netlens.train and the panel serializer. */
export function registerTrainPanel(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('netlens.train', (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : activeSpecUri();
      if (!uri) {
        void vscode.window.showInformationMessage('NetLens: open a .netspec file to train its model.');
        return;
      }
      TrainPanel.show(context.extensionUri, uri);
    }),
    registerSerializer(TRAIN_VIEW_TYPE, (panel, state) => TrainPanel.revive(context.extensionUri, panel, state)),
    { dispose: () => TrainPanel.current?.dispose() },
  );
}
