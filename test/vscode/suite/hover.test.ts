// Hover on the lecture spec, through VS Code's own hover command (all registered providers).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, lineOf, openExample, waitFor } from '../helpers';

async function hoverAt(doc: vscode.TextDocument, line: number, character = 1): Promise<string> {
  const hovers = await waitFor(
    () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, character)),
    (h) => Array.isArray(h) && hoverText(h).trim().length > 0,
    `a hover on line ${line + 1}`,
  );
  return hoverText(hovers);
}

describe('hover (lecture6-cifar.netspec)', () => {
  let doc: vscode.TextDocument;
  before(async () => {
    doc = await openExample('lecture6-cifar.netspec');
  });

  it('conv2d line shows the Keras output shape and 832 parameters with their arithmetic', async () => {
    const text = await hoverAt(doc, lineOf(doc, 'conv2d'));
    assert.ok(text.includes('(None, 32, 32, 64)'), `hover lacks (None, 32, 32, 64):\n${text}`);
    assert.match(text, /\b832\b/, `hover lacks 832:\n${text}`);
    // The parameter arithmetic with the numbers substituted: (2·2·3 + 1)·64 = 832.
    assert.match(text, /2\s*[·×*]\s*2\s*[·×*]\s*3\s*\+\s*1\)?\s*[·×*]\s*64\s*=\s*832/, `hover lacks the parameter arithmetic:\n${text}`);
    // The input shape it came from.
    assert.ok(text.includes('(None, 32, 32, 3)'), `hover lacks the input shape (None, 32, 32, 3):\n${text}`);
  });

  it('maxpool2d line shows (None, 16, 16, 64) and no parameters', async () => {
    const text = await hoverAt(doc, lineOf(doc, 'maxpool2d'));
    assert.ok(text.includes('(None, 16, 16, 64)'), `hover lacks (None, 16, 16, 64):\n${text}`);
  });

  it('dense line shows (None, 10) and 163,850 parameters', async () => {
    const text = await hoverAt(doc, lineOf(doc, 'dense'));
    assert.ok(text.includes('(None, 10)'), `hover lacks (None, 10):\n${text}`);
    assert.match(text, /163,?850/, `hover lacks 163,850:\n${text}`);
  });

  it('input line shows the model totals (164,682 parameters)', async () => {
    const text = await hoverAt(doc, lineOf(doc, 'input'));
    assert.match(text, /164,?682/, `hover lacks the total 164,682:\n${text}`);
  });

  it('a comment line has no NetLens hover', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider', doc.uri, new vscode.Position(lineOf(doc, '#'), 3));
    assert.ok(!/\(None,/.test(hoverText(hovers ?? [])), `comment line got a shape hover: ${hoverText(hovers ?? [])}`);
  });
});
