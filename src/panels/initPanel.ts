/**
 * "NetLens: Explore Weight Initialization": the init lab panel. The host answers two requests:
 * the active spec's network for the lab, and "use this init in my spec", which sets `init=` on
 * every conv2d/dense/maxout line of the spec in one WorkspaceEdit (one undo restores it).
 */
import * as vscode from 'vscode';
import { COMMANDS, LANGUAGE_ID, SETTINGS } from '../ids';
import { INIT_VIEW_TYPE, parseInitToHost, type HostToInit, type InitToHost } from '../protocol/init';
import { backendPreference, registerSerializer, webviewOptions } from '../webview-host/panel';
import { WebviewPanelHost } from '../webview-host/panelHost';
import { planInitEdits, specNetFromText } from './initEdit';
import { currentLang } from '../displayLanguage';
import { t } from '../core/i18n';

/** The spec the lab acts on: the active netspec editor, else the one last active, else a visible one. */
class SpecTracker implements vscode.Disposable {
  private last: vscode.Uri | undefined;
  private readonly sub: vscode.Disposable;
  constructor() {
    this.remember(vscode.window.activeTextEditor);
    this.sub = vscode.window.onDidChangeActiveTextEditor((e) => this.remember(e));
  }
  private remember(editor: vscode.TextEditor | undefined): void {
    if (editor?.document.languageId === LANGUAGE_ID) this.last = editor.document.uri;
  }
  find(): vscode.TextDocument | undefined {
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === LANGUAGE_ID) return active;
    const docs = vscode.workspace.textDocuments.filter((d) => d.languageId === LANGUAGE_ID && !d.isClosed);
    const last = this.last && docs.find((d) => d.uri.toString() === this.last!.toString());
    if (last) return last;
    const visible = vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.languageId === LANGUAGE_ID);
    return visible ?? (docs.length === 1 ? docs[0] : undefined);
  }
  dispose(): void {
    this.sub.dispose();
  }
}

const baseName = (uri: vscode.Uri) => uri.path.split('/').pop() || uri.toString();

/** The lab restores its own state (picked inits, network) through getState: no retained context. */
class InitPanel implements vscode.Disposable {
  static current: InitPanel | undefined;
  private readonly host: WebviewPanelHost<HostToInit, InitToHost>;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly specs: SpecTracker,
  ) {
    this.host = new WebviewPanelHost(panel, {
      app: 'init',
      extensionUri,
      parse: parseInitToHost,
      onMessage: (msg) => this.handle(msg),
      onDispose: () => {
        if (InitPanel.current === this) InitPanel.current = undefined;
      },
    });
    this.host.track(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS.initLab}.backend`)) this.post({ type: 'settings', backend: backendPreference(SETTINGS.initLab) });
      }),
    );
  }

  private post(msg: HostToInit): void {
    this.host.post(msg);
  }

  private async handle(msg: InitToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return this.post({ type: 'settings', backend: backendPreference(SETTINGS.initLab) });
      case 'requestSpecNet': {
        const doc = this.specs.find();
        // Texts shown in the page: in the page's language (netlens.language), not VS Code's.
        const lang = currentLang();
        if (!doc) return this.post({ type: 'specNet', source: '', note: t(lang, 'init.host.openSpec') });
        const { net, note } = specNetFromText(doc.getText(), lang);
        return this.post({ type: 'specNet', source: baseName(doc.uri), net, note });
      }
      case 'useInit': {
        const doc = this.specs.find();
        const lang = currentLang();
        if (!doc) return this.post({ type: 'useInitResult', ok: false, changed: 0, message: t(lang, 'init.host.openSpecToEdit') });
        const plan = planInitEdits(doc.getText(), msg.init, baseName(doc.uri), lang);
        if (plan.fixes.length === 0) return this.post({ type: 'useInitResult', ok: plan.weightLayers > 0, changed: 0, message: plan.message });
        const edit = new vscode.WorkspaceEdit();
        for (const f of plan.fixes) edit.replace(doc.uri, new vscode.Range(f.line, f.start, f.line, f.end), f.newText);
        const applied = await vscode.workspace.applyEdit(edit);
        return this.post(
          applied
            ? { type: 'useInitResult', ok: true, changed: plan.fixes.length, message: plan.message }
            : { type: 'useInitResult', ok: false, changed: 0, message: t(lang, 'init.host.editRefused', { file: baseName(doc.uri) }) },
        );
      }
    }
  }

  dispose(): void {
    this.host.dispose();
  }
}

export function registerInitPanel(context: vscode.ExtensionContext): vscode.Disposable {
  const specs = new SpecTracker();
  return vscode.Disposable.from(
    specs,
    vscode.commands.registerCommand(COMMANDS.exploreInit, () => {
      if (InitPanel.current) return InitPanel.current.panel.reveal(vscode.ViewColumn.Beside);
      const panel = vscode.window.createWebviewPanel(INIT_VIEW_TYPE, vscode.l10n.t('Weight Initialization'), vscode.ViewColumn.Beside, webviewOptions(context.extensionUri));
      InitPanel.current = new InitPanel(panel, context.extensionUri, specs);
    }),
    registerSerializer(INIT_VIEW_TYPE, (panel) => {
      InitPanel.current?.dispose();
      InitPanel.current = new InitPanel(panel, context.extensionUri, specs);
    }),
    { dispose: () => InitPanel.current?.dispose() },
  );
}
