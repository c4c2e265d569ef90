/** Hover on a layer line (shapes, formula, params, MACs, memory) and on the input line (totals). */
import * as vscode from 'vscode';
import { type FeatureDeps, SPEC_SELECTOR, rangeOn } from './documents';
import { hoverMarkdownAt } from './pure/hover';

export function registerHover(_context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  return vscode.languages.registerHoverProvider(SPEC_SELECTOR, {
    provideHover(document, position) {
      const found = hoverMarkdownAt(deps.documents.get(document), position.line);
      if (!found) return undefined;
      return new vscode.Hover(new vscode.MarkdownString(found.markdown), rangeOn(found.line, found.start, found.end));
    },
  });
}
