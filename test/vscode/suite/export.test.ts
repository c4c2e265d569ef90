// "NetLens: Export Model…" inside the real extension host: the PyTorch choice (passed as the
// command's argument instead of the quick pick) opens an untitled Python editor with the model.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openExample, waitFor } from '../helpers';

describe('export model', () => {
  it('is a registered command', async () => {
    await openExample('lecture6-cifar.netspec');
    assert.ok((await vscode.commands.getCommands(true)).includes('netlens.exportModel'));
  });

  it('opens the lecture model as an untitled PyTorch script', async () => {
    const spec = await openExample('lecture6-cifar.netspec');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('netlens.exportModel', spec.uri, { target: 'pytorch' });
    assert.ok(uri, 'the command returned no document');
    const doc = await waitFor(
      () => vscode.window.activeTextEditor?.document,
      (d) => !!d && d.uri.toString() === uri.toString(),
      'the exported script in the active editor',
    );
    assert.ok(doc);
    assert.equal(doc.uri.scheme, 'untitled');
    assert.match(doc.uri.path, /\/lecture6-cifar(-\d+)?\.py$/, 'Save should propose the spec\'s name beside it');
    assert.equal(doc.languageId, 'python');
    const text = doc.getText();
    assert.match(text, /class Model\(nn\.Module\)/);
    assert.match(text, /nn\.Conv2d\(3, 64, kernel_size=\(2, 2\)/);
    assert.match(text, /164,682 params/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('refuses a spec with errors and opens nothing', async () => {
    const spec = await openExample('broken.netspec');
    const untitled = () => new Set(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled').map((d) => d.uri.toString()));
    const before = untitled();
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('netlens.exportModel', spec.uri, { target: 'pytorch' });
    assert.equal(uri, undefined);
    assert.deepEqual([...untitled()].filter((u) => !before.has(u)), [], 'a document was opened for a spec with errors');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), spec.uri.toString());
  });
});
