// Outline: one document symbol per layer, with its output shape as detail.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, openExample, waitFor } from '../helpers';

type AnySymbol = vscode.DocumentSymbol | vscode.SymbolInformation;

function flatten(symbols: AnySymbol[]): { name: string; detail: string; line: number }[] {
  const out: { name: string; detail: string; line: number }[] = [];
  const walk = (s: AnySymbol): void => {
    // VS Code returns objects that are both SymbolInformation and DocumentSymbol: prefer the
    // DocumentSymbol view, which carries `detail`.
    if ('children' in s && 'range' in s) {
      out.push({ name: s.name, detail: s.detail ?? '', line: s.range.start.line });
      s.children.forEach(walk);
    } else {
      out.push({ name: s.name, detail: s.containerName ?? '', line: s.location.range.start.line });
    }
  };
  symbols.forEach(walk);
  return out;
}

describe('document symbols (outline)', () => {
  it('lists the lecture model\'s layers in order with their shapes', async () => {
    const doc = await openExample('lecture6-cifar.netspec');
    const symbols = flatten(await waitFor(
      () => vscode.commands.executeCommand<AnySymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri),
      (s) => Array.isArray(s) && s.length > 0,
      'document symbols',
    ));
    const layerLines = ['conv2d', 'maxpool2d', 'flatten', 'dense'].map((p) => lineOf(doc, p));
    for (const [i, line] of layerLines.entries()) {
      const sym = symbols.find((s) => s.line === line);
      assert.ok(sym, `no symbol for line ${line + 1} (${doc.lineAt(line).text}); symbols: ${JSON.stringify(symbols)}`);
      const expectedName = [/conv2d/i, /max_?pool(ing)?2d/i, /flatten/i, /dense/i][i]!;
      assert.match(sym.name, expectedName);
    }
    const order = layerLines.map((line) => symbols.findIndex((s) => s.line === line));
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'symbols are not in document order');
    const conv = symbols.find((s) => s.line === layerLines[0])!;
    assert.match(`${conv.name} ${conv.detail}`, /32\D{1,4}32\D{1,4}64/, `conv2d symbol lacks its shape: ${JSON.stringify(conv)}`);
  });
});
