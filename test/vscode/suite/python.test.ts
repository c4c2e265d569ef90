// NetLens in Python code inside the real extension host: hover on nn.Conv2d in a .py file, the
// in_features warning and its quick fix, hover in a cell of an .ipynb notebook (the
// document selector has no scheme, so `vscode-notebook-cell` documents are covered), "Train on
// GPU" for a PyTorch model and the hover's link to the convolution arithmetic.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateNetLens, exampleUri, hoverText, openScratch, waitFor } from '../helpers';

const CIFAR = `import torch
import torch.nn as nn
import torch.nn.functional as F


# netlens: input 3x32x32
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(FC1_IN, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)
`;

function lineContaining(doc: vscode.TextDocument, needle: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  throw new Error(`no line containing "${needle}"`);
}

/** Waits for a webview tab of the given view type (VS Code prefixes it: `mainThreadWebview-…`). */
async function webviewTab(viewType: string): Promise<vscode.Tab> {
  return waitFor(
    async () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType)),
    (t) => t !== undefined,
    `a ${viewType} panel`,
  ) as Promise<vscode.Tab>;
}

async function hoverOn(uri: vscode.Uri, position: vscode.Position, want: string): Promise<string> {
  const hovers = await waitFor(
    () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position),
    (h) => Array.isArray(h) && hoverText(h).includes(want),
    `a hover with ${want}`,
  );
  return hoverText(hovers);
}

describe('python: Keras and PyTorch code', () => {
  it('hover on nn.Conv2d in a .py file shows the PyTorch output shape and the parameters', async () => {
    const doc = await openScratch('cifar_net.py', CIFAR.replace('FC1_IN', '16 * 5 * 5'));
    const line = lineContaining(doc, 'self.conv1 = nn.Conv2d');
    const text = await hoverOn(doc.uri, new vscode.Position(line, doc.lineAt(line).text.indexOf('Conv2d') + 2), '(N, 6, 28, 28)');
    assert.match(text, /\(3·5·5 \+ 1\)·6 = 456/, text);
  });

  it('a wrong in_features is a warning with both numbers, and its quick fix writes 400', async () => {
    const doc = await openScratch('cifar_bad.py', CIFAR.replace('FC1_IN', '256'));
    const line = lineContaining(doc, 'self.fc1 = nn.Linear');
    const diags = await waitFor(
      () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'netlens'),
      (d) => d.length > 0,
      'the in_features warning',
    );
    assert.equal(diags.length, 1, JSON.stringify(diags.map((d) => d.message)));
    const d = diags[0];
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.range.start.line, line);
    assert.match(d.message, /16·5·5 = 400 values reach fc1, which expects in_features=256/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change in_features to 400');
    assert.ok(fix?.edit, `no quick fix; got ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.lineAt(line).text, /nn\.Linear\(400, 120\)/);
    await waitFor(() => vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'netlens'), (x) => x.length === 0, 'the warning to clear');
  });

  it('hover works in a cell of an .ipynb notebook, with the imports in an earlier cell', async () => {
    const imports = ['from tensorflow import keras\n', 'from tensorflow.keras import layers\n'];
    const cell = ['model = keras.Sequential([\n', "    layers.Conv2D(32, 3, activation='relu', input_shape=(28, 28, 1)),\n", '    layers.Flatten(),\n', '    layers.Dense(10),\n', '])\n'];
    const code = (source: string[]) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });
    const notebook = {
      cells: [code(imports), { cell_type: 'markdown', metadata: {}, source: ['The model'] }, code(cell)],
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const uri = exampleUri('model.ipynb');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(notebook, null, 1)));
    const nb = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(nb);
    await activateNetLens();
    const cellDoc = nb.cellAt(2).document;
    assert.equal(cellDoc.uri.scheme, 'vscode-notebook-cell');
    assert.equal(cellDoc.languageId, 'python');
    const line = 1;
    const text = await hoverOn(cellDoc.uri, new vscode.Position(line, cellDoc.lineAt(line).text.indexOf('Conv2D') + 2), '(None, 26, 26, 32)');
    assert.match(text, /320/, text);
  });

  it('"Train on GPU" on a PyTorch model opens it channels-last as a .netspec in the Train panel', async () => {
    const doc = await openScratch('cifar_train.py', CIFAR.replace('FC1_IN', '16 * 5 * 5'));
    await vscode.commands.executeCommand('netlens.python.train', doc.uri, 'Net');
    const spec = await waitFor(
      async () => vscode.workspace.textDocuments.find((d) => d.languageId === 'netspec' && d.getText().startsWith('# Net from cifar_train.py')),
      (d) => d !== undefined,
      'the untitled spec of Net',
    );
    const text = spec?.getText() ?? '';
    assert.match(text, /^input 32x32x3$/m, text);
    assert.match(text, /^conv2d 6 5 padding=valid init=uniform\(0\.11547005383\d*\)  # conv1 \(Conv2d\), line 10$/m, text);
    assert.match(text, /^dense 10 init=uniform\([\d.]+\)  # fc3 \(Linear\), line 15$/m, text);
    const tab = await webviewTab('netlens.train');
    assert.match(tab.label, /Untitled|Train/);
  });

  it("the hover's link on nn.Conv2d opens the convolution arithmetic for that line", async () => {
    const doc = await openScratch('cifar_link.py', CIFAR.replace('FC1_IN', '16 * 5 * 5'));
    const line = lineContaining(doc, 'self.conv2 = nn.Conv2d');
    const text = await hoverOn(doc.uri, new vscode.Position(line, doc.lineAt(line).text.indexOf('Conv2d') + 2), 'command:netlens.showConvArithmetic');
    const m = /command:netlens\.showConvArithmetic\?([^)\s]+)/.exec(text);
    assert.ok(m, text);
    const args = JSON.parse(decodeURIComponent(m[1])) as [string, number];
    assert.deepEqual(args, [doc.uri.toString(), line]);
    await vscode.commands.executeCommand('netlens.showConvArithmetic', ...args);
    await webviewTab('netlens.convarith');
  });
});
