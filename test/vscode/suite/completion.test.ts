// Completion of layer names, keys and values.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { completionLabel, openScratch, waitFor } from '../helpers';

async function labelsAt(doc: vscode.TextDocument, line: number): Promise<string[]> {
  const pos = new vscode.Position(line, doc.lineAt(line).text.length);
  const list = await waitFor(
    () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos),
    (l) => !!l && l.items.length > 0,
    `completions at line ${line + 1}`,
  );
  // Word-based suggestions (kind Text) come from VS Code, not NetLens: leave them out.
  return list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text).map(completionLabel);
}

describe('completion', () => {
  it('offers conv2d after "con"', async () => {
    const doc = await openScratch('completion-layer.netspec', 'input 32x32x3\ncon');
    const labels = await labelsAt(doc, 1);
    assert.ok(labels.includes('conv2d'), `conv2d not offered; got ${JSON.stringify(labels.slice(0, 40))}`);
  });

  it('offers conv2d keys (padding, activation) after the filters', async () => {
    const doc = await openScratch('completion-key.netspec', 'input 32x32x3\nconv2d 64 ');
    const labels = await labelsAt(doc, 1);
    for (const key of ['padding', 'activation']) {
      assert.ok(labels.some((l) => l.replace(/=$/, '') === key), `key ${key} not offered; got ${JSON.stringify(labels)}`);
    }
  });

  it('offers activation names after activation=', async () => {
    const doc = await openScratch('completion-value.netspec', 'input 32x32x3\nconv2d 64 activation=');
    const labels = await labelsAt(doc, 1);
    for (const act of ['relu', 'tanh', 'sigmoid']) {
      assert.ok(labels.includes(act), `activation ${act} not offered; got ${JSON.stringify(labels)}`);
    }
  });
});
