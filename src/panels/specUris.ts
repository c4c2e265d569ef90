/** Which .netspec a panel that trains a spec (Train, the hyperparameter search) opens on. */
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../ids';
import { isSpecDocumentUri } from '../protocol/specUri';

/** The spec URI the restored page's state names, when it is one NetLens would open itself. */
export function restoredSpecUri(state: unknown): vscode.Uri | undefined {
  const text = typeof state === 'object' && state !== null ? (state as { specUri?: unknown }).specUri : undefined;
  if (typeof text !== 'string' || text.length > 8192) return undefined;
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(text, true);
  } catch {
    return undefined;
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const workspaceSchemes = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme);
  return isSpecDocumentUri(uri, { languageId: open?.languageId, workspaceSchemes }) ? uri : undefined;
}

/** The .netspec a panel opens on: the active editor's, else a visible one's. */
export function activeSpecUri(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === LANGUAGE_ID) return active.uri;
  return vscode.window.visibleTextEditors.find((e) => e.document.languageId === LANGUAGE_ID)?.document.uri;
}
