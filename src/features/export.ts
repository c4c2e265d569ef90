/**
 * "NetLens: Export Model…": writes the spec as a PyTorch script, a Keras script or a Colab
 * notebook (src/core/export) and opens it as an untitled editor, ready to save. A spec with
 * errors is refused with its diagnostics. Callers may pass the choice as the second argument
 * (`{ target, framework }`), which skips the quick pick (used by the Train panel and tests).
 */
import * as vscode from 'vscode';
import { exportModel, type ExportSettings, type ExportTarget } from '../core/export';
import { COMMANDS } from '../ids';
import { type FeatureDeps, isSpec } from './documents';

export const EXPORT_MODEL_COMMAND = COMMANDS.exportModel;

/** The second command argument: what to export, and optionally the Train panel's settings. */
export interface ExportRequest {
  target: ExportTarget;
  framework?: 'pytorch' | 'keras';
  settings?: Partial<ExportSettings>;
}

interface Choice extends vscode.QuickPickItem {
  request: ExportRequest;
}

/** Built when the picker opens, so the labels follow VS Code's display language. */
function choices(): Choice[] {
  return [
    { label: vscode.l10n.t('PyTorch script'), description: '.py', detail: vscode.l10n.t('CPU, GPU, or many GPUs with torchrun (DistributedDataParallel)'), request: { target: 'pytorch' } },
    { label: vscode.l10n.t('Keras script'), description: '.py', detail: vscode.l10n.t('Keras 3; --strategy mirrored for several GPUs'), request: { target: 'keras' } },
    { label: vscode.l10n.t('Colab notebook (PyTorch)'), description: '.ipynb', request: { target: 'ipynb', framework: 'pytorch' } },
    { label: vscode.l10n.t('Colab notebook (Keras)'), description: '.ipynb', request: { target: 'ipynb', framework: 'keras' } },
  ];
}

function isRequest(value: unknown): value is ExportRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.target === 'pytorch' || v.target === 'keras' || v.target === 'ipynb')
    && (v.framework === undefined || v.framework === 'pytorch' || v.framework === 'keras')
    && (v.settings === undefined || (typeof v.settings === 'object' && v.settings !== null));
}

function baseName(uri: vscode.Uri): string {
  const path = uri.path || uri.toString();
  return path.slice(path.lastIndexOf('/') + 1) || 'model.netspec';
}

export function registerExport(_context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(EXPORT_MODEL_COMMAND, async (arg?: unknown, requestArg?: unknown) => {
    // The editor title button passes the spec's URI; the palette passes nothing.
    const active = vscode.window.activeTextEditor?.document;
    let document: vscode.TextDocument | undefined;
    if (arg instanceof vscode.Uri) document = await vscode.workspace.openTextDocument(arg);
    else if (active && isSpec(active)) document = active;
    if (!document) {
      void vscode.window.showInformationMessage(vscode.l10n.t('NetLens: open a .netspec file to export its model.'));
      return undefined;
    }
    let request = isRequest(requestArg) ? requestArg : undefined;
    if (!request) {
      const picked = await vscode.window.showQuickPick(choices(), { title: vscode.l10n.t('NetLens: Export Model'), placeHolder: vscode.l10n.t('Export the model as…') });
      if (!picked) return undefined;
      request = picked.request;
    }
    const specName = baseName(document.uri);
    const result = exportModel(deps.documents.get(document), request.target, { specName, framework: request.framework, settings: request.settings });
    if (!result.ok) {
      // Not awaited: a notification stays until dismissed, and the command should end now.
      const actions = result.diagnostics.length > 0 ? [vscode.l10n.t('Show Problems')] : [];
      void vscode.window.showErrorMessage(result.message, ...actions).then((answer) => {
        if (answer) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return undefined;
    }
    const language = request.target === 'ipynb' ? 'json' : 'python';
    const output = await openUntitled(document.uri, result.fileName, language, result.text);
    await vscode.window.showTextDocument(output, { preview: false });
    return output.uri;
  });
}

/**
 * A new untitled editor holding `text`, named `fileName` beside the spec so that Save proposes
 * that name and folder (`-2`, `-3`... when an editor of that name is already open). Falls back
 * to an anonymous untitled editor when the name cannot be used.
 */
async function openUntitled(spec: vscode.Uri, fileName: string, language: string, text: string): Promise<vscode.TextDocument> {
  const folder = spec.scheme === 'file' ? vscode.Uri.joinPath(spec, '..') : undefined;
  for (let n = 1; n <= 20; n++) {
    const name = n === 1 ? fileName : fileName.replace(/(\.[^.]+)$/, `-${n}$1`);
    const uri = folder ? vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' }) : vscode.Uri.from({ scheme: 'untitled', path: name });
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) continue;
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.getText().length > 0) continue;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), text);
      if (!(await vscode.workspace.applyEdit(edit))) break;
      return doc.languageId === language ? doc : await vscode.languages.setTextDocumentLanguage(doc, language);
    } catch {
      break;
    }
  }
  return vscode.workspace.openTextDocument({ language, content: text });
}
