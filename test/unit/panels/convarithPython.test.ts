/**
 * The convolution-arithmetic picture for Python files: the message built for a PyTorch Conv2d /
 * MaxPool2d / AvgPool2d line or a Keras layer line must carry the numbers NetLens shows for it
 * (PyTorch's symmetric padding, 'same' with the odd zero after), and must pass the webview's own
 * parser, which refuses any axis whose window count differs from its output size.
 */
import assert from 'node:assert/strict';
import { axisGeometry, windowTaps, windowsThatFit } from '../../../src/core/convGeometry';
import { analyzePython } from '../../../src/core/python';
import { pythonConvArithLayerAt } from '../../../src/panels/convarithLayer';
import { parseHostToConvArith, type ConvArithLayer } from '../../../src/protocol/convarith';

const torchModel = (input: string, layer: string) => `import torch.nn as nn\n# netlens: input ${input}\nmodel = nn.Sequential(\n    ${layer},\n)\n`;

function pictured(text: string, line: number): ConvArithLayer {
  const found = pythonConvArithLayerAt(analyzePython(text), line, 'm.py');
  assert.ok(!('reason' in found), 'reason' in found ? found.reason : '');
  const parsed = parseHostToConvArith({ type: 'layer', layer: found });
  assert.ok(parsed && parsed.type === 'layer', `the webview refuses ${JSON.stringify(found)}`);
  return parsed.layer;
}

describe('convolution arithmetic for Python lines (pythonConvArithLayerAt)', () => {
  it('draws nn.Conv2d with its symmetric padding, stride and dilation, for a matrix of numbers', () => {
    let checked = 0;
    for (const input of [5, 7, 12, 32]) {
      for (const [k, s, p, d] of [[3, 1, 0, 1], [3, 1, 1, 1], [3, 2, 1, 1], [5, 3, 2, 1], [2, 2, 0, 1], [3, 1, 2, 2], [4, 3, 1, 1]]) {
        const text = torchModel(`2x${input}x${input + 1}`, `nn.Conv2d(2, 4, ${k}, stride=${s}, padding=${p}, dilation=${d})`);
        const model = analyzePython(text).models[0];
        const out = model.output;
        if (!out) continue;
        const layer = pictured(text, 3);
        assert.equal(layer.kind, 'conv2d');
        assert.equal(layer.kerasClass, 'Conv2d');
        assert.equal(layer.channels, 2);
        for (const [axis, size, o] of [[layer.h, input, out[1]], [layer.w, input + 1, out[2]]] as const) {
          assert.deepEqual([axis.input, axis.filter, axis.dilatedFilter, axis.stride, axis.padBefore, axis.padAfter, axis.output], [size, k, d * (k - 1) + 1, s, p, p, o]);
          const g = axisGeometry(axis);
          assert.equal(windowsThatFit(g), o);
          // Window o starts at o·S − P, PyTorch's first tap.
          for (let i = 0; i < o; i++) assert.equal(windowTaps(g, i)[0], i * s - p);
          assert.equal(axis.uneven, (size + 2 * p - (d * (k - 1) + 1)) % s !== 0);
        }
        checked++;
      }
    }
    assert.ok(checked >= 25, `${checked} layers checked`);
  });

  it("draws padding='same' with PyTorch's split (the odd zero after) and pools with stride = kernel", () => {
    const same = pictured(torchModel('1x8x8', "nn.Conv2d(1, 1, 4, padding='same')"), 3);
    assert.deepEqual([same.h.padBefore, same.h.padAfter, same.h.output, same.h.same], [1, 2, 8, true]);
    const pool = pictured(torchModel('3x7x7', 'nn.MaxPool2d(2)'), 3);
    assert.deepEqual([pool.kind, pool.h.filter, pool.h.stride, pool.h.output, pool.h.uneven], ['maxpool2d', 2, 2, 3, true]);
    const avg = pictured(torchModel('3x8x8', 'nn.AvgPool2d(3, stride=2, padding=1)'), 3);
    assert.deepEqual([avg.kind, avg.h.padBefore, avg.h.padAfter, avg.h.output], ['avgpool2d', 1, 1, 4]);
  });

  it('draws F.max_pool2d and self.pool(...) applications in forward, with that application\'s input', () => {
    const text = [
      'import torch.nn as nn', 'import torch.nn.functional as F', '# netlens: input 3x32x32',
      'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()', '        self.conv = nn.Conv2d(3, 6, 5)', '        self.pool = nn.MaxPool2d(2)',
      '    def forward(self, x):', '        x = self.pool(self.conv(x))', '        x = self.pool(x)', '        return F.max_pool2d(x, 3)',
    ].join('\n');
    assert.equal(pictured(text, 7).h.input, 28);
    assert.equal(pictured(text, 10).h.input, 14);
    assert.deepEqual([pictured(text, 11).h.input, pictured(text, 11).h.filter, pictured(text, 11).h.output], [7, 3, 2]);
  });

  it('draws Keras layers of a .py file with the engine\'s numbers, on the Python line', () => {
    const text = ['from tensorflow import keras', 'from tensorflow.keras import layers', 'model = keras.Sequential([', '    keras.Input(shape=(32, 32, 3)),', "    layers.Conv2D(8, 3, strides=2, padding='same'),", '    layers.ZeroPadding2D(1),', '])'].join('\n');
    const conv = pictured(text, 4);
    assert.deepEqual([conv.kind, conv.line, conv.h.padBefore, conv.h.padAfter, conv.h.output, conv.h.same], ['conv2d', 4, 0, 1, 16, true]);
    assert.equal(pictured(text, 5).kind, 'zeropad2d');
  });

  it('says why there is no picture: a Linear line, a ceil_mode window, an unknown shape', () => {
    const reason = (text: string, line: number) => {
      const found = pythonConvArithLayerAt(analyzePython(text), line, 'm.py');
      assert.ok('reason' in found);
      return found.reason;
    };
    assert.match(reason(torchModel('8', 'nn.Linear(8, 2)'), 3), /only Conv2d, MaxPool2d and AvgPool2d/);
    assert.match(reason(torchModel('3x7x7', 'nn.MaxPool2d(2, ceil_mode=True)'), 3), /ceil_mode adds a last window/);
    assert.match(reason('import torch.nn as nn\nmodel = nn.Sequential(\n    nn.Conv2d(3, 4, 3),\n)\n', 2), /shape is unknown/);
    assert.match(reason(torchModel('8', 'nn.Linear(8, 2)'), 0), /holds no layer/);
  });
});
