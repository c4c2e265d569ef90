// Signature help, every kind of quick fix the engine offers, and the summary document, through
// VS Code's own command API inside the real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openScratch, waitFor } from '../helpers';

async function signatureAt(doc: vscode.TextDocument, line: number, character: number): Promise<vscode.SignatureHelp> {
  return waitFor(
    () => vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', doc.uri, new vscode.Position(line, character)),
    (h) => !!h && h.signatures.length > 0,
    `signature help at ${line + 1}:${character + 1}`,
  );
}

/** The text of a signature's active parameter, from its [start, end] label offsets. */
function activeParameterText(help: vscode.SignatureHelp): string {
  const sig = help.signatures[help.activeSignature];
  const p = sig.parameters[help.activeParameter];
  return typeof p.label === 'string' ? p.label : sig.label.slice(p.label[0], p.label[1]);
}

describe('signature help', () => {
  it('shows a layer\'s arguments and moves the active one as the student types', async () => {
    const doc = await openScratch('signature.netspec', 'input 32x32x3\nconv2d 64 \nConv2D(64, kernel_size=3, \n');
    const afterFilters = await signatureAt(doc, 1, 'conv2d 64 '.length);
    assert.match(afterFilters.signatures[0].label, /^conv2d FILTERS KERNEL \[STRIDE\] \[PADDING\]/);
    assert.equal(activeParameterText(afterFilters), 'KERNEL');
    const afterKernel = await signatureAt(doc, 2, 'Conv2D(64, kernel_size=3, '.length);
    assert.match(afterKernel.signatures[0].label, /^Conv2D\(filters, kernel, stride=1, padding=valid/);
    assert.match(activeParameterText(afterKernel), /^stride/);
  });
});

describe('quick fixes: every kind the engine offers', () => {
  // Each case: a spec with one mistake, the line it is on, the fix to pick, and the line after it.
  const cases: { name: string; text: string; line: number; code: string; title: RegExp; after: string[] }[] = [
    { name: 'unknown activation', text: 'input 32x32x3\nconv2d 8 3 activation=relux\nflatten\ndense 10\n', line: 1, code: 'unknown-activation', title: /relu/, after: ['conv2d 8 3 activation=relu'] },
    { name: 'unknown key', text: 'input 32x32x3\nconv2d 8 3 paddin=same\nflatten\ndense 10\n', line: 1, code: 'unknown-key', title: /padding/, after: ['conv2d 8 3 padding=same'] },
    { name: 'uneven stride: padding=same', text: 'input 32x32x3\nconv2d 8 3 stride=2\nflatten\ndense 10\n', line: 1, code: 'uneven-stride', title: /padding=same/, after: ['conv2d 8 3 stride=2 padding=same'] },
    { name: 'uneven stride: a stride that divides', text: 'input 32x32x3\nconv2d 8 3 stride=2\nflatten\ndense 10\n', line: 1, code: 'uneven-stride', title: /stride=1/, after: ['conv2d 8 3 stride=1'] },
    { name: 'dense on a tensor', text: 'input 32x32x3\nconv2d 8 3\ndense 10\n', line: 2, code: 'dense-on-tensor', title: /flatten/, after: ['flatten', 'dense 10'] },
    { name: 'flatten on a vector', text: 'input 32x32x3\nconv2d 8 3\nflatten\nflatten\ndense 10\n', line: 3, code: 'flatten-on-vector', title: /Remove/, after: ['', 'dense 10'] },
    { name: 'missing input', text: 'conv2d 8 3\nflatten\ndense 10\n', line: 0, code: 'missing-input', title: /input 32x32x3/, after: ['input 32x32x3', 'conv2d 8 3'] },
  ];

  cases.forEach((c, i) => {
    it(`${c.name}: the fix edits the line and the diagnostic goes away`, async () => {
      const doc = await openScratch(`fix-${i}.netspec`, c.text);
      const diags = await waitFor(
        () => vscode.languages.getDiagnostics(doc.uri),
        (d) => d.some((x) => x.code === c.code && x.range.start.line === c.line),
        `a ${c.code} diagnostic on line ${c.line + 1}`,
      );
      const diag = diags.find((x) => x.code === c.code && x.range.start.line === c.line)!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      const fix = (actions ?? []).find((a) => a.edit && c.title.test(a.title));
      assert.ok(fix?.edit, `no quick fix matching ${c.title}; got ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
      assert.ok(fix.kind?.contains(vscode.CodeActionKind.QuickFix), 'offered as a quick fix');
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.deepEqual(c.after.map((_, k) => doc.lineAt(c.line + k).text), c.after);
      await waitFor(() => vscode.languages.getDiagnostics(doc.uri), (d) => !d.some((x) => x.code === c.code), `the ${c.code} diagnostic to clear`);
    });
  });
});

describe('model summary document', () => {
  it('shows Keras\'s table for the spec and follows its edits', async () => {
    const doc = await openScratch('summary-live.netspec', 'input 32x32x3\nconv2d 64 2 padding=same activation=relu\nmaxpool2d 2\nflatten\ndense 10 activation=softmax\n');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('netlens.showSummary');
    const summaryOf = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'netlens-summary' && d.uri.query === doc.uri.toString());
    const summary = await waitFor(summaryOf, (d) => !!d, 'the summary document');
    assert.ok(summary);
    assert.match(summary.getText(), /Total params: 164,682/);
    // The document lays each layer out on two lines (name and Param #, then → output shape) so that
    // it fits a half-width column (src/features/pure/status.ts).
    assert.match(summary.getText(), /dense[^\n]*163,?850\n\s*→ \(None, 10\)/);
    // dense 10 -> dense 20: 16,384·20 + 20 = 327,700 parameters, 164,682 − 163,850 + 327,700 in all.
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.replace(new vscode.Range(4, 6, 4, 8), '20'));
    await waitFor(() => summaryOf()?.getText() ?? '', (t) => /Total params: 328,532/.test(t), 'the summary to follow the edit');
    assert.match(summaryOf()!.getText(), /dense[^\n]*327,?700\n\s*→ \(None, 20\)/);
  });
});
