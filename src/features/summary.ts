/**
 * "NetLens: Show Model Summary": Keras's model.summary() table of a spec in a read-only virtual
 * document (scheme `netlens-summary`) opened beside the editor and refreshed as the spec changes.
 */
import * as vscode from 'vscode';
import { COMMANDS, SUMMARY_SCHEME } from '../ids';
import { isSpecDocumentUri } from '../protocol/specUri';
import { type FeatureDeps, isSpec } from './documents';
import { summaryDocumentText } from './pure/status';
import { markWalkthroughStep } from './walkthrough';

export { SUMMARY_SCHEME } from '../ids';
export const SHOW_SUMMARY_COMMAND = COMMANDS.showSummary;

function baseName(uri: vscode.Uri): string {
  const path = uri.path || uri.toString();
  return path.slice(path.lastIndexOf('/') + 1) || 'untitled';
}

/** The summary document of a spec: its name shows in the tab, the query carries the spec's URI. */
export function summaryUriFor(spec: vscode.Uri): vscode.Uri {
  const name = baseName(spec).replace(/\.netspec$/i, '');
  return vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${name} summary.txt`, query: spec.toString() });
}

/**
 * The spec a summary document shows. Any link can name a `netlens-summary:` URI, so its query
 * must name one of NetLens's own kinds of document (src/protocol/specUri.ts), nothing else.
 */
function specUriOf(summary: vscode.Uri): vscode.Uri | undefined {
  if (summary.scheme !== SUMMARY_SCHEME || !summary.query) return undefined;
  let spec: vscode.Uri;
  try {
    spec = vscode.Uri.parse(summary.query, true);
  } catch {
    return undefined;
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === spec.toString());
  const workspaceSchemes = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme);
  return isSpecDocumentUri(spec, { languageId: open?.languageId, workspaceSchemes }) ? spec : undefined;
}

export function registerSummary(_context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    async provideTextDocumentContent(uri) {
      const specUri = specUriOf(uri);
      if (!specUri) return vscode.l10n.t('NetLens: this summary does not name a .netspec model spec ({0}).', uri.toString().slice(0, 200)) + '\n';
      let document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === specUri.toString());
      try {
        document ??= await vscode.workspace.openTextDocument(specUri);
      } catch (err) {
        return vscode.l10n.t('NetLens: cannot read {0}: {1}', specUri.toString(), err instanceof Error ? err.message : String(err)) + '\n';
      }
      return summaryDocumentText(deps.documents.get(document), baseName(specUri), deps.documents.lang);
    },
  };

  const show = vscode.commands.registerCommand(SHOW_SUMMARY_COMMAND, async (arg?: unknown) => {
    // The editor title button and CodeLens pass the spec's URI; the palette passes nothing.
    const active = vscode.window.activeTextEditor?.document;
    const spec = arg instanceof vscode.Uri ? arg : active && isSpec(active) ? active.uri : undefined;
    if (!spec) {
      void vscode.window.showInformationMessage(vscode.l10n.t('NetLens: open a .netspec file to see its model summary.'));
      return;
    }
    const document = await vscode.workspace.openTextDocument(summaryUriFor(spec));
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    markWalkthroughStep('summaryShown');
  });

  return vscode.Disposable.from(
    changed,
    show,
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, provider),
    deps.documents.onDidChange((spec) => {
      // Refresh only summaries that are open; a closed one is rebuilt when opened again.
      const target = summaryUriFor(spec.uri).toString();
      for (const d of vscode.workspace.textDocuments) if (d.uri.toString() === target) changed.fire(d.uri);
    }),
  );
}
