// The Python reader on a 5,000-line file (target: under 20 ms), p50 and p99 of analyzePython():
//   course file: a PyTorch module and a Keras model every ~150 lines among ordinary code (data
//                loading, training loops, plotting, docstrings, comments): the target applies;
//   dense file:  nothing but models (about 320 of them), the worst case, printed for reference.
// Exits 1 when the course file's p50 misses the target.
import { loadTs } from './lib.mjs';

const TARGET_MS = 20;
const RUNS = 100;
const { analyzePython } = await loadTs("export { analyzePython } from './src/core/python';");

function makePython(lines, fillerPerModel) {
  const out = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'from tensorflow import keras', ''];
  let i = 0;
  while (out.length < lines) {
    const n = i++;
    out.push(
      `# netlens: input 3x32x32`,
      `class Net${n}(nn.Module):`,
      '    def __init__(self, num_classes=10):',
      '        super().__init__()',
      '        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)',
      '        self.bn1 = nn.BatchNorm2d(16)',
      '        self.pool = nn.MaxPool2d(2, 2)',
      '        self.conv2 = nn.Conv2d(16, 32, kernel_size=(3, 3), stride=1, padding=1)',
      '        self.fc1 = nn.Linear(32 * 8 * 8, 128)',
      '        self.fc2 = nn.Linear(128, num_classes)',
      '',
      '    def forward(self, x):',
      '        x = self.pool(F.relu(self.bn1(self.conv1(x))))',
      '        x = self.pool(F.relu(self.conv2(x)))',
      '        x = x.view(x.size(0), -1)',
      '        x = F.relu(self.fc1(x))',
      '        return self.fc2(x)',
      '',
      `model${n} = keras.Sequential([`,
      "    keras.layers.Conv2D(32, 3, activation='relu', input_shape=(32, 32, 3)),",
      '    keras.layers.MaxPooling2D(),',
      '    keras.layers.Flatten(),',
      "    keras.layers.Dense(10, activation='softmax'),",
      '])',
      '',
      `def train_${n}(loader, epochs=3):`,
      '    """Trains for a few epochs; the docstring has code-like text: nn.Linear(3, 4)."""',
      '    for epoch in range(epochs):',
      '        for images, labels in loader:',
      "            print(f'epoch {epoch}: {images.shape} # not a comment', labels[0])",
      '',
    );
    for (let k = 0; k < fillerPerModel; k++) out.push(FILLER[k % FILLER.length].replace(/#N/g, `${n}_${k}`));
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** Ordinary code between models: what most of a course's Python file is. */
const FILLER = [
  'def load_batch_#N(path, batch_size=64):',
  '    """Reads one batch; returns (images, labels)."""',
  "    with open(path, 'rb') as f:  # binary CIFAR batch",
  '        data = f.read()',
  '    images = [data[i:i + 3072] for i in range(0, len(data), 3073)]',
  "    labels = {'cat': 3, 'dog': 5, 'ship': 8}",
  '    if len(images) > batch_size:',
  '        images = images[:batch_size]',
  '    return images, labels',
  '',
  'history_#N = {"loss": [], "acc": []}',
  'for epoch in range(10):',
  '    running = 0.0',
  '    for i, (x, y) in enumerate(zip([1, 2, 3], [4, 5, 6])):',
  '        running += (x - y) ** 2 / 2  # squared error',
  "    history_#N['loss'].append(running)",
  "    print(f'epoch {epoch:3d} loss {running:.4f}')",
  '',
  'plt_args_#N = dict(figsize=(8, 4), dpi=100, title="loss \\ accuracy")',
];

function measure(text) {
  const first = analyzePython(text);
  for (let i = 0; i < 10; i++) analyzePython(text); // warm the JIT
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    analyzePython(text);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { models: first.models.length, min: times[0], p50: times[Math.floor(RUNS / 2)], p99: times[Math.min(RUNS - 1, Math.floor(RUNS * 0.99))] };
}

const course = measure(makePython(5000, 120));
const dense = measure(makePython(5000, 0));
if (course.models < 40 || dense.models < 300) throw new Error(`expected models, got ${course.models} and ${dense.models}`);
console.log(`analyzePython on a 5,000-line course file (${course.models} models): min ${course.min.toFixed(2)} ms  p50 ${course.p50.toFixed(2)} ms  p99 ${course.p99.toFixed(2)} ms  (target p50 < ${TARGET_MS} ms)`);
console.log(`analyzePython on a 5,000-line dense file (${dense.models} models): min ${dense.min.toFixed(2)} ms  p50 ${dense.p50.toFixed(2)} ms  p99 ${dense.p99.toFixed(2)} ms  (reference)`);
if (course.p50 > TARGET_MS) process.exitCode = 1;
