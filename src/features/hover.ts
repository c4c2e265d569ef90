/**
 * Hover on a layer line (shapes, formula, params, MACs, memory) and on the input line (totals);
 * on a key or value word (`padding`, `relu`, `he_normal`) its documentation comes first.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { type FeatureDeps, SPEC_SELECTOR, rangeOn } from './documents';
import { hoverMarkdownAt, wordHoverMarkdownAt } from './pure/hover';
import { markWalkthroughStep } from './walkthrough';

export function registerHover(_context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  return vscode.languages.registerHoverProvider(SPEC_SELECTOR, {
    provideHover(document, position) {
      const uri = document.uri.toString();
      const convArithmetic = (line: number) => `command:${COMMANDS.showConvArithmetic}?${encodeURIComponent(JSON.stringify([uri, line]))}`;
      const lang = deps.documents.lang;
      const found = hoverMarkdownAt(deps.documents.get(document), position.line, lang, { convArithmetic });
      if (!found) return undefined;
      markWalkthroughStep('hovered');
      const word = wordHoverMarkdownAt(document.lineAt(position.line).text, position.character, lang);
      const layer = new vscode.MarkdownString(found.markdown);
      // Trusted for this one command only: the rest of the hover stays inert Markdown.
      layer.isTrusted = { enabledCommands: [COMMANDS.showConvArithmetic] };
      if (!word) return new vscode.Hover(layer, rangeOn(found.line, found.start, found.end));
      return new vscode.Hover([new vscode.MarkdownString(word.markdown), layer], rangeOn(position.line, word.start, word.end));
    },
  });
}
