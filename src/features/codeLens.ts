/** Above the `input` line: total parameters · Show summary · Train on GPU (`netlens.codeLens.enabled`). */
import * as vscode from 'vscode';
import { type FeatureDeps, SPEC_SELECTOR, isSpec, setting } from './documents';
import { codeLensData } from './pure/status';

export function registerCodeLens(_context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      if (!setting('codeLens.enabled', true, document)) return [];
      return codeLensData(deps.documents.get(document), deps.documents.lang).map((lens) => {
        const range = document.lineAt(lens.line).range;
        // Commands get the spec's URI so they act on this file even when another editor is active.
        const args = lens.command === 'workbench.actions.view.problems' ? [] : [document.uri];
        return new vscode.CodeLens(range, { title: lens.title, command: lens.command, tooltip: lens.tooltip, arguments: args });
      });
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider(SPEC_SELECTOR, provider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('netlens.codeLens.enabled')) changed.fire();
    }),
    // Totals change as layers change; VS Code would refresh lenses later on its own, this is sooner.
    deps.documents.onDidChange((d) => {
      if (isSpec(d)) changed.fire();
    }),
  );
}
