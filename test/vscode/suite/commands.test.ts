// Commands, CodeLens and the summary, as contributed and registered by the packaged extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, openExample, waitFor } from '../helpers';

describe('commands and code lens', () => {
  it('registers every contributed NetLens command', async () => {
    await openExample('lecture6-cifar.netspec');
    const commands = await vscode.commands.getCommands(true);
    const missing = ['netlens.showSummary', 'netlens.train', 'netlens.exploreActivations', 'netlens.exploreInit']
      .filter((c) => !commands.includes(c));
    assert.deepEqual(missing, [], 'contributed commands with no handler');
  });

  it('code lens on the input line shows the total parameter count', async () => {
    const doc = await openExample('lecture6-cifar.netspec');
    const input = lineOf(doc, 'input');
    const lenses = await waitFor(
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10),
      (l) => Array.isArray(l) && l.some((x) => x.command?.title),
      'resolved code lenses',
    );
    const titles = lenses.filter((l) => l.range.start.line === input).map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /164,?682/.test(t)), `no lens with 164,682 on the input line; got ${JSON.stringify(titles)}`);
  });

  it('Show Model Summary opens the lecture spec\'s table beside it', async () => {
    const spec = await openExample('lecture6-cifar.netspec');
    await vscode.commands.executeCommand('netlens.showSummary');
    const summaryDoc = await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'netlens-summary' && d.uri.query === spec.uri.toString()),
      (d) => !!d,
      'the summary document of lecture6-cifar.netspec',
    );
    assert.ok(summaryDoc);
    assert.match(summaryDoc.getText(), /Total params: 164,682/);
  });
});
