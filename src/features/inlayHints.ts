/** `→ 32×32×64 · 832 params` at the end of each layer line; `netlens.inlayHints.enabled` toggles it. */
import * as vscode from 'vscode';
import { type FeatureDeps, SPEC_SELECTOR, setting } from './documents';
import { inlayHintData } from './pure/inlay';

export function registerInlayHints(_context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.InlayHintsProvider = {
    onDidChangeInlayHints: changed.event,
    provideInlayHints(document, range) {
      if (!setting('inlayHints.enabled', true, document)) return [];
      const analysis = deps.documents.get(document);
      return inlayHintData(analysis, (line) => document.lineAt(line).text, range.start.line, range.end.line, deps.documents.lang).map((h) => {
        const hint = new vscode.InlayHint(new vscode.Position(h.line, h.column), h.label, vscode.InlayHintKind.Type);
        hint.paddingLeft = h.paddingLeft;
        hint.tooltip = h.tooltip;
        return hint;
      });
    },
  };
  return vscode.Disposable.from(
    changed,
    vscode.languages.registerInlayHintsProvider(SPEC_SELECTOR, provider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('netlens.inlayHints.enabled')) changed.fire();
    }),
    deps.documents.onDidChangeLanguage(() => changed.fire()),
  );
}
