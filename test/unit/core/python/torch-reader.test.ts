/** The PyTorch recognisers on small cases: what is followed, what becomes unknown, the input shape and its quick fix. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePython } from '../../../../src/core/python';

const corpus = join(__dirname, '..', '..', '..', 'fixtures', 'python', 'torch');
const head = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

describe('Python reader: PyTorch recognisers', () => {
  it('says the arithmetic in the in_features warning, with the attribute name', () => {
    const a = analyzePython(readFileSync(join(corpus, 'bad_cifar_fc1_256.py'), 'utf8'));
    assert.equal(a.diagnostics.length, 1);
    assert.match(a.diagnostics[0].message, /^16·5·5 = 400 values reach fc1, which expects in_features=256\./);
    assert.equal(a.diagnostics[0].fixes?.[0].title, 'Change in_features to 400');
  });

  it('a Linear on an unflattened tensor says to flatten, without a number to write', () => {
    const text = `${head}# netlens: input 3x8x8\nm = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Linear(144, 10))\n`;
    const a = analyzePython(text);
    assert.equal(a.diagnostics.length, 1);
    assert.match(a.diagnostics[0].message, /receives \(N, 4, 6, 6\): Linear acts on the last axis \(6 values\) but expects in_features=144\. Flatten first: 4·6·6 = 144\./);
    assert.deepEqual(a.diagnostics[0].fixes, []);
  });

  it('makes everything after torch.cat unknown, never guessed, and reports nothing', () => {
    const text = `${head}# netlens: input 3x8x8
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(3, 4, 3)
        self.b = nn.Conv2d(3, 4, 3)
        self.fc = nn.Linear(999, 2)

    def forward(self, x):
        y = self.a(x)
        z = self.b(x)
        x = torch.cat([y, z], 1)
        x = self.fc(x.flatten(1))
        return x
`;
    const a = analyzePython(text);
    const m = a.models[0];
    assert.deepEqual(m.uses.map((u) => [u.layer.name, u.output]), [['a', [4, 6, 6]], ['b', [4, 6, 6]], ['fc', undefined]]);
    assert.equal(m.unknownFrom?.line, 14);
    assert.deepEqual(a.diagnostics, []);
    // The parameters are still all known: every layer of __init__ was read.
    assert.equal(m.totalParams, 2 * (3 * 9 * 4 + 4) + 999 * 2 + 2);
  });

  it('makes totals unknown for a custom layer or a loop in __init__', () => {
    const text = `${head}class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = MyBlock(3)
        for i in range(3):
            self.extra = nn.Linear(2, 2)

    def forward(self, x):
        return self.block(x)
`;
    const m = analyzePython(text).models[0];
    assert.equal(m.totalParams, undefined);
  });

  it('without an input shape, offers the comment with the first layer\'s channels', () => {
    const text = `${head}\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.c = nn.Conv2d(1, 4, 3)\n\n    def forward(self, x):\n        return self.c(x)\n`;
    const m = analyzePython(text).models[0];
    assert.equal(m.input, undefined);
    assert.ok(m.missingInput);
    assert.equal(m.missingInput.fix.newText, '# netlens: input 1x32x32\n');
    assert.equal(m.missingInput.fix.line, 4);
    const fixed = text.split('\n');
    fixed.splice(4, 0, '# netlens: input 1x32x32');
    assert.deepEqual(analyzePython(fixed.join('\n')).models[0].output, [4, 30, 30]);
  });

  it('reads the input from model(torch.randn(...)), torchinfo.summary and a lone torch.zeros', () => {
    const seq = 'from torch import nn\nimport torch\nnet = nn.Sequential(nn.Conv2d(2, 3, 3), nn.Flatten())\n';
    assert.deepEqual(analyzePython(seq + 'y = net(torch.randn(5, 2, 6, 6))\n').models[0].output, [48]);
    assert.deepEqual(analyzePython(seq + 'from torchinfo import summary\nsummary(net, input_size=(1, 2, 5, 5))\n').models[0].output, [27]);
    assert.deepEqual(analyzePython(seq + 'from torchsummary import summary\nsummary(net, (2, 4, 4))\n').models[0].output, [12]);
    assert.deepEqual(analyzePython(seq + 'x = torch.zeros((1, 2, 7, 7))\n').models[0].output, [75]);
  });

  it('reads layers imported bare from torch.nn, and names Sequential children as PyTorch does', () => {
    const text = 'import torch\nfrom torch.nn import Sequential, Linear, ReLU\n# netlens: input 10\nm = Sequential(Linear(10, 5), ReLU(), Linear(5, 1))\n';
    const m = analyzePython(text).models[0];
    assert.deepEqual(m.layers.map((l) => l.name), ['0', '1', '2']);
    assert.equal(m.totalParams, 55 + 6);
  });
});
