/**
 * "NetLens: Train on GPU": a webview beside the editor that trains the active spec's model with
 * TF.js (webview/train). The host only reads documents, runs the core engine, validates the
 * webview's messages, reads CIFAR-10 from disk and restores the panel after a reload.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyze } from '../core';
import { COMMANDS, SETTINGS } from '../ids';
import {
  parseTrainToHost, TRAIN_VIEW_TYPE, trainSpecFromAnalysis,
  type ExportMessage, type HostToTrain, type SpecMessage, type TrainToHost, type UseTrainSettingsMessage,
} from '../protocol/train';
import { backendPreference, registerSerializer, webviewOptions } from '../webview-host/panel';
import { WebviewPanelHost } from '../webview-host/panelHost';
import { answerCifarRequest } from './cifarRequest';
import { activeSpecUri, restoredSpecUri } from './specUris';
import { trainedWeightsNpz, weightsFileName } from './trainExport';
import { markWalkthroughStep } from '../features/walkthrough';
import { currentLang } from '../displayLanguage';

let output: vscode.LogOutputChannel | undefined;
function log(): vscode.LogOutputChannel {
  output ??= vscode.window.createOutputChannel('NetLens: Train', { log: true });
  return output;
}
const panelLog = { info: (t: string) => log().info(t), warn: (t: string) => log().warn(t), error: (t: string) => log().error(t) };

const backendSetting = () => backendPreference(SETTINGS.train);

class TrainPanel {
  static current: TrainPanel | undefined;
  private readonly host: WebviewPanelHost<HostToTrain, TrainToHost>;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private docUri: vscode.Uri | undefined,
    private firstReason: SpecMessage['reason'],
  ) {
    this.host = new WebviewPanelHost(panel, {
      app: 'train',
      extensionUri,
      parse: parseTrainToHost,
      onMessage: (m) => this.onMessage(m),
      // Training state lives in the page; hiding the tab must not kill a run in progress.
      retainContextWhenHidden: true,
      log: panelLog,
      // The webview and its WebGL context go with the panel; training stops with the page.
      onDispose: () => {
        if (TrainPanel.current === this) TrainPanel.current = undefined;
      },
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'netspec-file.svg');
    this.host.track(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.docUri && doc.uri.toString() === this.docUri.toString()) void this.sendSpec('save');
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS.train}.backend`)) this.host.post({ type: 'settings', backend: backendSetting() });
      }),
    );
    this.updateTitle();
  }

  static show(extensionUri: vscode.Uri, docUri: vscode.Uri): void {
    if (TrainPanel.current) {
      const p = TrainPanel.current;
      p.docUri = docUri;
      p.updateTitle();
      p.panel.reveal(vscode.ViewColumn.Beside, true);
      // Before `ready` the page gets the spec of docUri with its first message anyway.
      if (p.host.ready) void p.sendSpec('open');
      return;
    }
    const panel = vscode.window.createWebviewPanel(TRAIN_VIEW_TYPE, vscode.l10n.t('NetLens: Train'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri, true));
    TrainPanel.current = new TrainPanel(panel, extensionUri, docUri, 'open');
  }

  /** Opens (or reveals) the panel on docUri and puts the settings into its form (sent after `ready`). */
  static applySettings(extensionUri: vscode.Uri, docUri: vscode.Uri, settings: Omit<UseTrainSettingsMessage, 'type'>): void {
    TrainPanel.show(extensionUri, docUri);
    TrainPanel.current?.host.post({ type: 'useSettings', ...settings });
  }

  /**
   * After a window reload: the webview's saved state names the spec it was training. That state
   * is the page's to write, so only a spec document NetLens would open itself is accepted
   * (src/protocol/specUri.ts); anything else falls back to the active spec.
   */
  static revive(extensionUri: vscode.Uri, panel: vscode.WebviewPanel, state: unknown): void {
    TrainPanel.current?.dispose();
    TrainPanel.current = new TrainPanel(panel, extensionUri, restoredSpecUri(state) ?? activeSpecUri(), 'restore');
  }

  private updateTitle(): void {
    this.panel.title = this.docUri ? vscode.l10n.t('Train: {0}', path.basename(this.docUri.path)) : vscode.l10n.t('NetLens: Train');
  }

  /** Specs go only to a listening page: the first one follows `ready`. */
  private post(m: HostToTrain): void {
    if (this.host.ready) this.host.post(m);
  }

  private async sendSpec(reason: SpecMessage['reason']): Promise<void> {
    if (!this.docUri) {
      this.host.warn('Train panel: no .netspec document to train');
      return;
    }
    let text: string;
    try {
      text = (await vscode.workspace.openTextDocument(this.docUri)).getText();
    } catch (err) {
      this.host.error(`Train panel: cannot read ${this.docUri.toString()}: ${String(err)}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('NetLens: cannot read {0} to train it.', path.basename(this.docUri.path)));
      return;
    }
    // The spec's error lines reach the page as text: in the page's language.
    const spec = trainSpecFromAnalysis(this.docUri.toString(), path.basename(this.docUri.path), analyze(text, { lang: currentLang() }));
    this.post({ type: 'spec', spec, reason });
  }

  private async onMessage(m: TrainToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
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
        this.host.info(`[${m.backend}] ${m.state}: ${m.text}`);
        return;
      case 'model':
        this.host.info(`built ${m.totalParams.toLocaleString('en-US')} params on ${m.backend}`);
        return;
      case 'log':
        this.host[m.level](m.text);
        return;
      case 'export':
        await this.exportModel(m);
        return;
      case 'raceFinished':
        this.host.info(`CPU vs GPU race: ${m.rounds} round(s) on ${m.backends.join(', ')}`);
        markWalkthroughStep('raced');
        return;
    }
  }

  /**
   * The panel's Export button: NetLens: Export Model… on the panel's spec with its settings
   * (the command opens the script), then, with weights, a save dialog for the `.npz`. The
   * weights are checked against the spec before anything opens, so a stale model fails first.
   */
  private async exportModel(m: ExportMessage): Promise<void> {
    const docUri = this.docUri;
    if (!docUri) {
      void vscode.window.showInformationMessage('NetLens: open a .netspec file to export its model.');
      return;
    }
    const specName = path.basename(docUri.path);
    let npz: Uint8Array | undefined;
    if (m.weights) {
      let text: string;
      try {
        text = (await vscode.workspace.openTextDocument(docUri)).getText();
      } catch (err) {
        void vscode.window.showErrorMessage(`NetLens: cannot read ${specName} to export it: ${String(err)}`);
        return;
      }
      const packed = trainedWeightsNpz(analyze(text), specName, m.weights);
      if (!packed.ok) {
        this.host.warn(`export: ${packed.message}`);
        void vscode.window.showErrorMessage(`NetLens: ${packed.message}`);
        return;
      }
      npz = packed.bytes;
    }
    // The command's second argument (src/features/export.ts ExportRequest).
    const request = { target: m.target, framework: m.framework, settings: m.settings };
    const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.exportModel, docUri, request);
    // Undefined: the command refused the spec and said why.
    if (!opened || !npz) return;
    const fileName = weightsFileName(specName);
    const target = await vscode.window.showSaveDialog({
      defaultUri: docUri.scheme === 'file' ? vscode.Uri.joinPath(docUri, '..', fileName) : undefined,
      filters: { 'NumPy weights': ['npz'] },
      saveLabel: 'Save weights',
      title: `Trained weights of ${specName} (Keras names and layout; the script loads them with --weights)`,
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, npz);
    } catch (err) {
      void vscode.window.showErrorMessage(`NetLens: cannot write ${path.basename(target.path)}: ${String(err)}`);
      return;
    }
    this.host.info(`export: ${npz.length} bytes of weights written to ${target.toString()}`);
    void vscode.window.showInformationMessage(`NetLens: weights saved to ${path.basename(target.path)}. Load them with --weights ${path.basename(target.path)}.`);
  }

  private async loadCifar(pick: boolean, maxSamples: number): Promise<void> {
    this.post(await answerCifarRequest(pick, maxSamples, (text) => this.host.info(text)));
  }

  dispose(): void {
    this.host.dispose();
  }
}

/** The search panel's "Use these settings": the Train panel on `docUri` with this learning rate (and batch size). */
export function sendSettingsToTrain(extensionUri: vscode.Uri, docUri: vscode.Uri, settings: Omit<UseTrainSettingsMessage, 'type'>): void {
  TrainPanel.applySettings(extensionUri, docUri, settings);
}

/** Registers netlens.train and the panel serializer. */
export function registerTrainPanel(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.train, (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : activeSpecUri();
      if (!uri) {
        void vscode.window.showInformationMessage(vscode.l10n.t('NetLens: open a .netspec file to train its model.'));
        return;
      }
      TrainPanel.show(context.extensionUri, uri);
      markWalkthroughStep('trainOpened');
    }),
    registerSerializer(TRAIN_VIEW_TYPE, (panel, state) => TrainPanel.revive(context.extensionUri, panel, state)),
    { dispose: () => TrainPanel.current?.dispose() },
  );
}
