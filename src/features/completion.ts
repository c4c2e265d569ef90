/** Completion of layer names, keys and values, and signature help of a layer's arguments. */
import * as vscode from 'vscode';
import { type FeatureDeps, SPEC_SELECTOR, rangeOn } from './documents';
import { completionsAt, type CompletionKind } from './pure/completion';
import { signatureAt } from './pure/signature';

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  layer: vscode.CompletionItemKind.Class,
  'keras-class': vscode.CompletionItemKind.Class,
  key: vscode.CompletionItemKind.Property,
  activation: vscode.CompletionItemKind.Function,
  initializer: vscode.CompletionItemKind.Function,
  value: vscode.CompletionItemKind.EnumMember,
};

export function registerCompletion(_context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  const completion = vscode.languages.registerCompletionItemProvider(
    SPEC_SELECTOR,
    {
      provideCompletionItems(document, position) {
        const line = document.lineAt(position.line).text;
        return completionsAt(line, position.character, deps.documents.lang).map((c) => {
          const item = new vscode.CompletionItem(c.label, KIND[c.kind]);
          item.detail = c.detail;
          item.documentation = new vscode.MarkdownString(c.documentation);
          item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
          item.range = rangeOn(position.line, c.replaceStart, c.replaceEnd);
          if (c.sortText) item.sortText = c.sortText;
          if (c.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest values' };
          return item;
        });
      },
    },
    // Only characters after which a value is certainly wanted: a space or comma trigger would open
    // the list where Enter usually means "new line" and accept a suggestion instead. Words typed
    // after a space get suggestions through VS Code's quick suggestions anyway.
    '=',
    "'",
    '"',
  );
  const signature = vscode.languages.registerSignatureHelpProvider(
    SPEC_SELECTOR,
    {
      provideSignatureHelp(document, position) {
        const data = signatureAt(document.lineAt(position.line).text, position.character, deps.documents.lang);
        if (!data) return undefined;
        const info = new vscode.SignatureInformation(data.label, new vscode.MarkdownString(data.documentation));
        info.parameters = data.parameters.map((p) => new vscode.ParameterInformation(p.label, new vscode.MarkdownString(p.documentation)));
        info.activeParameter = data.activeParameter;
        const help = new vscode.SignatureHelp();
        help.signatures = [info];
        help.activeSignature = 0;
        help.activeParameter = data.activeParameter;
        return help;
      },
    },
    { triggerCharacters: [' ', '(', ',', '='], retriggerCharacters: [' ', ','] },
  );
  return vscode.Disposable.from(completion, signature);
}
