/**
 * A seeded fuzz corpus for the core: grammar-aware specs (layer words, keys and values from the
 * catalogue, in both spellings, with hostile numbers, brackets, quotes, Unicode and control
 * characters) and byte mutations of the example specs. Spec `i` of a seed is computed from
 * (seed, i) alone, so any failure reproduces by its index. Pure: the unit tests import it, and
 * `npm run bench` bundles it with the core (bench/fuzz.bench.mjs).
 */
import { ALL_LAYERS, KERAS_PASSTHROUGH_ARGS, layerWords } from '../../../src/core';
import { mulberry32 } from '../../../webview/shared/random';

/** The project's one seeded generator (mulberry32, webview/shared/random.ts). */
export const rng = mulberry32;

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];
const chance = (r: Rand, p: number) => r() < p;

const WORDS = layerWords();
const KEYS = [
  ...new Set([
    ...ALL_LAYERS.flatMap((d) => d.args.flatMap((a) => [a.name, ...a.aliases, ...(a.keras ? [a.keras] : [])])),
    ...Object.keys(KERAS_PASSTHROUGH_ARGS ?? {}),
    'input_shape', 'input_dim', 'batch_input_shape', 'name', 'trainable', 'shape', 'groups', 'units', 'kernel_size',
  ]),
];
const NUMBERS = [
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '16', '32', '64', '-1', '-2', '0.5', '0.01', '0.3', '1.', '.5', '6.', '0.0',
  '999999999', '1000000000', '1000000001', '2147483648', '9007199254740993', '1e9', '1e21', '1e308', '1e309', '-1e309',
  '1e-320', '5e-324', '-0', '+3', '1_000', '0x10', '1e', '--1', '3.3.3', 'NaN', 'inf', '123456789012345678901234567890',
];
const WORD_VALUES = [
  'relu', 'tanh', 'leaky_relu', 'prelu', 'elu', 'softmax', 'linear', 'same', 'valid', 'SAME', 'None', 'True', 'False', 'true',
  'he', 'xavier', 'glorot_uniform', 'zeros', 'channels_first', 'channels_last', 'tf.nn.relu', 'keras.activations.tanh', 'x',
  'normal', 'self', 'lambda',
];
const CALLEES = ['normal', 'uniform', 'leaky_relu', 'elu', 'RandomNormal', 'RandomUniform', 'initializers.HeNormal', 'relu', 'f', 'tf.keras.initializers.GlorotNormal'];
const ODD = ['\t', '\u00a0', '\ufeff', '\u202e', '\u0000', '\u001b]0;x\u0007', '\u009b', '😀', '\ud800', 'ｃｏｎｖ', 'é', '=', '==', ',', ',,', '(', ')', '[', ']', '{', '}', "'", '"', '#', '\\', ':', ';', 'x', '×', '*', '@', '$'];
const PREFIXES = ['', '', '', '', 'layers.', 'tf.keras.layers.', 'keras.layers.', 'nn.', 'torch.nn.', 'model.add(', 'x = ', '    '];

function value(r: Rand, depth: number): string {
  const roll = r();
  if (roll < 0.35) return pick(r, NUMBERS);
  if (roll < 0.5) return `${pick(r, ['1', '2', '3', '5', '32', '0', '1000000000'])}x${pick(r, ['1', '3', '4', '32', '0', '999999999'])}${chance(r, 0.4) ? `x${pick(r, ['1', '3', '64'])}` : ''}`;
  if (roll < 0.65) {
    const w = pick(r, WORD_VALUES);
    return chance(r, 0.3) ? `'${w}'` : chance(r, 0.05) ? `"${w}` : w;
  }
  if (roll < 0.82 && depth < 4) {
    const [o, c] = chance(r, 0.7) ? ['(', ')'] : ['[', ']'];
    const n = int(r, 4);
    const items = Array.from({ length: n }, () => value(r, depth + 1));
    return `${o}${items.join(pick(r, [', ', ',', ' ']))}${chance(r, 0.95) ? c : ''}`;
  }
  if (roll < 0.95 && depth < 4) {
    const n = int(r, 3);
    const args = Array.from({ length: n }, () => (chance(r, 0.5) ? `${pick(r, ['stddev', 'mean', 'seed', 'alpha', 'x'])}=${value(r, depth + 1)}` : value(r, depth + 1)));
    return `${pick(r, CALLEES)}(${args.join(', ')})`;
  }
  // Rarely: brackets nested far past any real spec.
  if (chance(r, 0.3)) {
    const d = 1 + int(r, chance(r, 0.5) ? 200 : 3990);
    return '('.repeat(d) + '1' + ')'.repeat(chance(r, 0.5) ? d : int(r, d));
  }
  return pick(r, ODD);
}

function layerLine(r: Rand): string {
  const word = chance(r, 0.9) ? pick(r, WORDS) : pick(r, ['convv2d', 'flaten', 'Conv', 'x', 'self', 'Sequential', 'nn', 'Linear', 'Conv2d', 'relu6']);
  const call = chance(r, 0.5);
  const nArgs = int(r, 5);
  const args: string[] = [];
  for (let i = 0; i < nArgs; i++) {
    const keyed = chance(r, 0.6);
    const key = keyed ? (chance(r, 0.9) ? pick(r, KEYS) : pick(r, ['', 'x', '1', 'kernel size', 'ﬁlters'])) : '';
    const v = value(r, 0);
    args.push(keyed ? `${key}${pick(r, ['=', '=', ' = ', '=='])}${v}` : v);
  }
  let line = call ? `${pick(r, PREFIXES)}${word}(${args.join(pick(r, [', ', ',', ' ']))}${chance(r, 0.95) ? ')' : ''}` : `${word} ${args.join(pick(r, [' ', ', ', '  ']))}`;
  if (line.startsWith('model.add(')) line += ')';
  if (chance(r, 0.15)) line += ',';
  if (chance(r, 0.1)) line += `  # ${pick(r, ODD)} comment`;
  if (chance(r, 0.05)) line = line.slice(0, int(r, line.length + 1)) + pick(r, ODD) + line.slice(int(r, line.length + 1));
  return line;
}

function inputLine(r: Rand): string {
  const dims = pick(r, ['32x32x3', '28x28x1', '784', '8x8x16', '1x1x1', '1000000000x1000000000x3', '224x224x3', '5x7x2', '0x3', '2', '(32, 32, 3)', '999999999x999999999x999999999']);
  return chance(r, 0.7) ? `input ${dims}` : `Input(shape=${dims.startsWith('(') ? dims : `(${dims.split('x').join(', ')},)`})`;
}

/** A grammar-aware spec: mostly plausible lines, each possibly broken in a way people break them. */
function grammarSpec(r: Rand): string {
  const lines: string[] = [];
  if (chance(r, 0.9)) lines.push(inputLine(r));
  const n = chance(r, 0.02) ? 100 + int(r, 400) : int(r, 30);
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (roll < 0.8) lines.push(layerLine(r));
    else if (roll < 0.85) lines.push('');
    else if (roll < 0.9) lines.push(`# ${pick(r, ODD)} a comment`);
    else if (roll < 0.93) lines.push(inputLine(r));
    else if (roll < 0.95) lines.push(pick(r, ['model = keras.Sequential([', '])', 'import tensorflow as tf', 'model.compile(optimizer="adam")', 'from keras import layers']));
    else if (roll < 0.97) lines.push(pick(r, ['x', '1', '(', ')', '=', 'dense', 'conv2d', "'"]).repeat(1 + int(r, 2100)));
    else {
      // A long line, around the parser's 4,000-character limit.
      const one = layerLine(r);
      lines.push(one.repeat(Math.max(1, Math.floor((3900 + int(r, 300)) / Math.max(1, one.length)))).slice(0, 3900 + int(r, 300)));
    }
  }
  return lines.join(pick(r, ['\n', '\n', '\n', '\r\n', '\r']));
}

const MUTATION_POOL = [...ODD, '0', '9', '1000000000', 'x', ' ', '\n', 'e309', 'same', 'dense 4', 'conv2d 1 999999999', 'stride=1000000000', '(((((', ']]]]'];

/** A byte mutation of an example: insertions, deletions, duplications and swaps of spans and lines. */
function mutateSpec(r: Rand, examples: readonly string[]): string {
  let t = pick(r, examples);
  const edits = 1 + int(r, 8);
  for (let k = 0; k < edits; k++) {
    const at = int(r, t.length + 1);
    const len = int(r, 40);
    switch (int(r, 6)) {
      case 0:
        t = t.slice(0, at) + pick(r, MUTATION_POOL) + t.slice(at);
        break;
      case 1:
        t = t.slice(0, at) + t.slice(at + len);
        break;
      case 2:
        t = t.slice(0, at) + t.slice(at, at + len).repeat(1 + int(r, 5)) + t.slice(at);
        break;
      case 3: {
        const lines = t.split('\n');
        const i = int(r, lines.length);
        const j = int(r, lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        t = lines.join('\n');
        break;
      }
      case 4:
        t = t.slice(0, at) + String.fromCharCode(int(r, 0x10000)) + t.slice(at + 1);
        break;
      default:
        t = t.replace(/\d+/, () => pick(r, NUMBERS));
    }
  }
  return t;
}

/** Spec `index` of the corpus for `seed`: two in three grammar-aware, one in three a mutated example. */
export function fuzzSpec(seed: number, index: number, examples: readonly string[]): string {
  const r = rng((seed * 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  return examples.length > 0 && chance(r, 1 / 3) ? mutateSpec(r, examples) : grammarSpec(r);
}
