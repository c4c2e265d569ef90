/** Outline: the input and one entry per layer, its output shape and parameters as detail. */
import * as vscode from 'vscode';
import { type FeatureDeps, SPEC_SELECTOR, rangeOn } from './documents';
import { documentSymbolData } from './pure/symbols';

export function registerDocumentSymbols(_context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  return vscode.languages.registerDocumentSymbolProvider(
    SPEC_SELECTOR,
    {
      provideDocumentSymbols(document) {
        return documentSymbolData(deps.documents.get(document), deps.documents.lang).map(
          (s) =>
            new vscode.DocumentSymbol(
              s.name,
              s.detail,
              s.kind === 'input' ? vscode.SymbolKind.Variable : vscode.SymbolKind.Class,
              rangeOn(s.line, s.start, s.end),
              rangeOn(s.line, s.selectionStart, s.selectionEnd),
            ),
        );
      },
    },
    { label: vscode.l10n.t('NetLens layers') },
  );
}
