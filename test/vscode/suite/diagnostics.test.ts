// Diagnostics from the core engine: the broken example, live updates while typing, quick fixes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, openExample, openScratch, waitFor } from '../helpers';

function diagnosticsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri);
}

describe('diagnostics', () => {
  it('broken.netspec: unknown layer "convv2d" is an error on its own line, with a suggestion', async () => {
    const doc = await openExample('broken.netspec');
    const line = lineOf(doc, 'convv2d');
    const diags = await waitFor(() => diagnosticsOf(doc.uri), (d) => d.length > 0, 'diagnostics for broken.netspec');
    const onLine = diags.filter((d) => d.range.start.line === line);
    const err = onLine.find((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(err, `no error on line ${line + 1}; got ${JSON.stringify(diags.map((d) => [d.range.start.line + 1, d.severity, d.message]))}`);
    assert.match(err.message, /convv2d/);
    assert.match(err.message, /conv2d/, 'the message does not suggest conv2d');
  });

  it('broken.netspec: the other mistakes land on their lines with their severities', async () => {
    const doc = await openExample('broken.netspec');
    const diags = await waitFor(() => diagnosticsOf(doc.uri), (d) => d.length > 0, 'diagnostics');
    const at = (prefix: string, severity: vscode.DiagnosticSeverity, word: RegExp): void => {
      const line = lineOf(doc, prefix);
      const d = diags.find((x) => x.range.start.line === line && x.severity === severity && word.test(x.message));
      assert.ok(d, `no ${vscode.DiagnosticSeverity[severity]} matching ${word} on line ${line + 1} ("${doc.lineAt(line).text}")`);
    };
    at('conv2d 64 2 activation=relux', vscode.DiagnosticSeverity.Error, /relux/);
    at('maxpool2d 2 strid', vscode.DiagnosticSeverity.Error, /strid/);
    at('conv2d 32 3 stride=2', vscode.DiagnosticSeverity.Warning, /15/);
  });

  it('the lecture spec has no errors', async () => {
    const doc = await openExample('lecture6-cifar.netspec');
    // Give the debounced check a chance to run before concluding there is nothing.
    await new Promise((r) => setTimeout(r, 1000));
    const errors = diagnosticsOf(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => d.message), []);
  });

  it('updates as the student types, and clears when the mistake is fixed', async () => {
    const doc = await openScratch('typing.netspec', 'input 32x32x3\nconv2d 8 3\nflatten\ndense 10\n');
    const editor = await vscode.window.showTextDocument(doc);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(diagnosticsOf(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);

    await editor.edit((e) => e.insert(new vscode.Position(2, 0), 'flaten\n'));
    const diags = await waitFor(() => diagnosticsOf(doc.uri), (d) => d.some((x) => x.range.start.line === 2), 'an error for "flaten" on line 3');
    assert.match(diags.find((x) => x.range.start.line === 2)!.message, /flaten/);

    await editor.edit((e) => e.delete(new vscode.Range(2, 0, 3, 0)));
    await waitFor(() => diagnosticsOf(doc.uri), (d) => !d.some((x) => x.severity === vscode.DiagnosticSeverity.Error), 'errors to clear');
  });

  it('quick fix replaces an unknown layer with the suggested name', async () => {
    const doc = await openScratch('quickfix.netspec', 'input 32x32x3\nconvv2d 64 3\nflatten\ndense 10\n');
    const diags = await waitFor(() => diagnosticsOf(doc.uri), (d) => d.some((x) => x.range.start.line === 1), 'the convv2d error');
    const diag = diags.find((x) => x.range.start.line === 1)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = (actions ?? []).find((a) => a.edit && /conv2d/.test(a.title));
    assert.ok(fix?.edit, `no quick fix mentioning conv2d; got ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(1).text, 'conv2d 64 3');
  });
});
