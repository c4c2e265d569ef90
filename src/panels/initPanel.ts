/**
 * "NetLens: Explore Weight Initialization": the init lab panel. The host answers two requests:
 * the active spec's network for the lab, and "use this init in my spec", which sets `init=` on
 * every conv2d/dense/maxout line of the spec in one WorkspaceEdit (one undo restores it).
 */
import * as vscode from 'vscode';
import { backendPreference, onValidMessage, panelHtml, registerSerializer, webviewOptions } from '../webview-host/panel';
import { parseFromInitMessage, type FromInitMessage, type ToInitMessage } from '../protocol/study';
import { planInitEdits, specNetFromText } from './initEdit';

export const INIT_VIEW_TYPE = 'netlens.init';

/** The spec the lab acts on: the active netspec editor, else the one last active, else a visible one. */
class SpecTracker implements vscode.Disposable {
  private last: vscode.Uri | undefined;
  private readonly sub: vscode.Disposable;
  constructor() {
    this.remember(vscode.window.activeTextEditor);
    this.sub = vscode.window.onDidChangeActiveTextEditor((e) => this.remember(e));
  }
  private remember(editor: vscode.TextEditor | undefined): void {
    if (editor?.document.languageId === 'netspec') this.last = editor.document.uri;
  }
  find(): vscode.TextDocument | undefined {
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'netspec') return active;
    const docs = vscode.workspace.textDocuments.filter((d) => d.languageId === 'netspec' && !d.isClosed);
    const last = this.last && docs.find((d) => d.uri.toString() === this.last!.toString());
    if (last) return last;
    const visible = vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.languageId === 'netspec');
    return visible ?? (docs.length === 1 ? docs[0] : undefined);
  }
  dispose(): void {
    this.sub.dispose();
  }
}

const baseName = (uri: vscode.Uri) => uri.path.split('/').pop() || uri.toString();

class InitPanel implements vscode.Disposable {
  static current: InitPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly specs: SpecTracker,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri, { app: 'init' });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      onValidMessage(panel.webview, parseFromInitMessage, (msg) => this.handle(msg)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('netlens.initLab.backend')) this.post({ type: 'settings', backend: backendPreference('netlens.initLab') });
      }),
    );
  }

  private post(msg: ToInitMessage): void {
    void this.panel.webview.postMessage(msg);
  }

  private async handle(msg: FromInitMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return this.post({ type: 'settings', backend: backendPreference('netlens.initLab') });
      case 'requestSpecNet': {
        const doc = this.specs.find();
        if (!doc) return this.post({ type: 'specNet', source: '', note: 'open a .netspec file first' });
        const { net, note } = specNetFromText(doc.getText());
        return this.post({ type: 'specNet', source: baseName(doc.uri), net, note });
      }
      case 'useInit': {
        const doc = this.specs.find();
        if (!doc) return this.post({ type: 'useInitResult', ok: false, changed: 0, message: 'Open a .netspec file first: there is no spec to edit.' });
        const plan = planInitEdits(doc.getText(), msg.init, baseName(doc.uri));
        if (plan.fixes.length === 0) return this.post({ type: 'useInitResult', ok: plan.weightLayers > 0, changed: 0, message: plan.message });
        const edit = new vscode.WorkspaceEdit();
        for (const f of plan.fixes) edit.replace(doc.uri, new vscode.Range(f.line, f.start, f.line, f.end), f.newText);
        const applied = await vscode.workspace.applyEdit(edit);
        return this.post(
          applied
            ? { type: 'useInitResult', ok: true, changed: plan.fixes.length, message: plan.message }
            : { type: 'useInitResult', ok: false, changed: 0, message: `VS Code refused the edit to ${baseName(doc.uri)} (is it read-only?).` },
        );
      }
    }
  }

  dispose(): void {
    if (InitPanel.current === this) InitPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

export function registerInitPanel(context: vscode.ExtensionContext): vscode.Disposable {
  const specs = new SpecTracker();
  return vscode.Disposable.from(
    specs,
    vscode.commands.registerCommand('netlens.exploreInit', () => {
      if (InitPanel.current) return InitPanel.current.panel.reveal(vscode.ViewColumn.Beside);
      const panel = vscode.window.createWebviewPanel(INIT_VIEW_TYPE, 'Weight Initialization', vscode.ViewColumn.Beside, webviewOptions(context.extensionUri));
      InitPanel.current = new InitPanel(panel, context.extensionUri, specs);
    }),
    registerSerializer(INIT_VIEW_TYPE, (panel) => {
      InitPanel.current?.dispose();
      InitPanel.current = new InitPanel(panel, context.extensionUri, specs);
    }),
    { dispose: () => InitPanel.current?.dispose() },
  );
}
