// Inlay hints at the end of each layer line, and the setting that turns them off.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { inlayLabel, lineOf, openExample, waitFor } from '../helpers';

function hintsFor(doc: vscode.TextDocument): Thenable<vscode.InlayHint[]> {
  const all = new vscode.Range(0, 0, doc.lineCount, 0);
  return vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, all);
}

describe('inlay hints (lecture6-cifar.netspec)', () => {
  let doc: vscode.TextDocument;
  before(async () => {
    doc = await openExample('lecture6-cifar.netspec');
  });

  it('every layer line ends with its shape and parameter count', async () => {
    const hints = await waitFor(() => hintsFor(doc), (h) => Array.isArray(h) && h.length > 0, 'inlay hints');
    const byLine = new Map<number, string>();
    for (const h of hints) byLine.set(h.position.line, (byLine.get(h.position.line) ?? '') + inlayLabel(h));

    const conv = lineOf(doc, 'conv2d');
    const convHint = byLine.get(conv) ?? '';
    assert.match(convHint, /32\s*×\s*32\s*×\s*64/, `conv2d hint lacks 32×32×64: "${convHint}"`);
    assert.match(convHint, /\b832\b/, `conv2d hint lacks 832: "${convHint}"`);
    const convHintPos = hints.find((h) => h.position.line === conv)!.position;
    assert.equal(convHintPos.character, doc.lineAt(conv).text.trimEnd().length, 'hint is not at the end of the line');

    assert.match(byLine.get(lineOf(doc, 'maxpool2d')) ?? '', /16\s*×\s*16\s*×\s*64/);
    assert.match(byLine.get(lineOf(doc, 'flatten')) ?? '', /16,?384/);
    assert.match(byLine.get(lineOf(doc, 'dense')) ?? '', /163,?850/);
    // A comment gets no hint.
    assert.equal(byLine.get(lineOf(doc, '#')), undefined, 'comment line has an inlay hint');
  });

  it('netlens.inlayHints.enabled = false removes them', async () => {
    const config = vscode.workspace.getConfiguration('netlens');
    await config.update('inlayHints.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => hintsFor(doc), (h) => Array.isArray(h) && h.length === 0, 'no inlay hints with the setting off');
    } finally {
      await config.update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => hintsFor(doc), (h) => Array.isArray(h) && h.length > 0, 'inlay hints back with the setting reset');
  });
});
