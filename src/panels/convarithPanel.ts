/**
 * "NetLens: Show Convolution Arithmetic": one webview panel that draws the window of the layer
 * under the cursor sliding over its input (webview/convarith). It follows the editor: moving
 * the cursor to another conv2d / pooling / zeropad2d line, or editing the numbers, redraws it.
 * Opened from the command palette (the cursor's line) or from the hover's link (a document URI
 * and a line, accepted only for an open netspec document).
 */
import * as vscode from 'vscode';
import { t } from '../core/i18n';
import { currentLang } from '../displayLanguage';
import { isSpec, type FeatureDeps } from '../features/documents';
import { COMMANDS } from '../ids';
import { CONVARITH_VIEW_TYPE, parseConvArithToHost, type ConvArithToHost, type HostToConvArith } from '../protocol/convarith';
import { isSpecDocumentUri } from '../protocol/specUri';
import { registerSerializer, webviewOptions } from '../webview-host/panel';
import { WebviewPanelHost } from '../webview-host/panelHost';
import { convArithLayerAt } from './convarithLayer';

const TITLE = 'Convolution Arithmetic';

type Host = WebviewPanelHost<HostToConvArith, ConvArithToHost>;

/** The line the panel shows: a document and a 0-based line in it. */
interface Followed {
  document: vscode.TextDocument;
  line: number;
}

class ConvArithPanel {
  private followed: Followed | undefined;

  constructor(
    readonly host: Host,
    private readonly deps: FeatureDeps,
  ) {
    host.track(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!isSpec(e.textEditor.document)) return;
        const line = e.selections[0]?.active.line;
        if (line === undefined || (this.followed?.document === e.textEditor.document && this.followed.line === line)) return;
        this.follow({ document: e.textEditor.document, line });
      }),
      deps.documents.onDidChange((document) => {
        if (this.followed?.document === document) this.send();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.followed?.document === document) this.followed = undefined;
      }),
    );
  }

  follow(target: Followed | undefined): void {
    this.followed = target;
    this.send();
  }

  /** Posts the followed line's layer (the host holds it until the page is ready). */
  send(): void {
    const f = this.followed;
    if (!f) {
      this.host.post({ type: 'noLayer', reason: t(currentLang(), 'convarith.pickLine') });
      return;
    }
    const name = f.document.uri.path.split('/').pop() ?? f.document.uri.path;
    const found = convArithLayerAt(this.deps.documents.get(f.document), f.line, name, currentLang());
    this.host.post('reason' in found ? { type: 'noLayer', reason: found.reason } : { type: 'layer', layer: found });
  }
}

let current: ConvArithPanel | undefined;

function attach(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, deps: FeatureDeps): ConvArithPanel {
  let view: ConvArithPanel | undefined;
  const host: Host = new WebviewPanelHost(panel, {
    app: 'convarith',
    extensionUri,
    parse: parseConvArithToHost,
    // A reloaded page (hidden and shown again) asks again: send what it should draw.
    onMessage: (msg) => {
      if (msg.type === 'ready') view?.send();
    },
    onDispose: () => {
      if (current === view) current = undefined;
    },
  });
  view = new ConvArithPanel(host, deps);
  return view;
}

/** The editor line the palette command means: the active netspec editor's cursor. */
function activeLine(): Followed | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && isSpec(editor.document) ? { document: editor.document, line: editor.selection.active.line } : undefined;
}

/** A hover link's [uri, line]: honoured only for an open netspec document and a line inside it. */
function linkTarget(uri: unknown, line: unknown): Followed | undefined {
  if (typeof uri !== 'string' || typeof line !== 'number' || !Number.isSafeInteger(line) || line < 0) return undefined;
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  if (!document || line >= document.lineCount) return undefined;
  return isSpecDocumentUri(document.uri, { languageId: document.languageId }) ? { document, line } : undefined;
}

function show(extensionUri: vscode.Uri, deps: FeatureDeps, target: Followed | undefined): void {
  if (current) {
    current.host.panel.reveal(vscode.ViewColumn.Beside, true);
  } else {
    const panel = vscode.window.createWebviewPanel(CONVARITH_VIEW_TYPE, TITLE, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    current = attach(panel, extensionUri, deps);
  }
  current.follow(target);
}

export function registerConvArithPanel(context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.showConvArithmetic, (uri?: unknown, line?: unknown) =>
      show(context.extensionUri, deps, uri === undefined ? activeLine() : linkTarget(uri, line)),
    ),
    registerSerializer(CONVARITH_VIEW_TYPE, (panel) => {
      current?.host.dispose();
      current = attach(panel, context.extensionUri, deps);
      current.follow(activeLine());
    }),
    { dispose: () => current?.host.dispose() },
  );
}
