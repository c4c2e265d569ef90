/**
 * Random valid layer stacks for property tests and the PyTorch cross-check, each with what
 * Keras's documented rules (keras-rules.ts) say every layer must output and hold. Some layers are
 * written as pasted Keras calls with the Keras arguments that change numbers (BatchNormalization
 * axis/center/scale, PReLU shared_axes, pooling strides=None, Dense use_bias, ReLU max_value,
 * LeakyReLU's default), so a gap in how the core reads Keras shows up here.
 */
import fc from 'fast-check';
import { batchnormParams, convParams, denseParams, maxoutParams, preluParams, product, windowOutput } from './keras-rules';

export type Op =
  | { t: 'conv'; f: number; kh: number; kw: number; sh: number; sw: number; pad: 'valid' | 'same' | number; dil: number; bias: boolean }
  | { t: 'pool'; kind: 'maxpool2d' | 'avgpool2d'; ph: number; pw: number; stride?: number; pad: 'valid' | 'same'; keras: boolean }
  | { t: 'zeropad'; p: number; q: number }
  | { t: 'bn'; keras: boolean; axis: number; center: boolean; scale: boolean }
  | { t: 'prelu'; keras: boolean; shared: number[] }
  | { t: 'dropout' | 'relu' | 'act' | 'relu6' | 'leaky' }
  | { t: 'flatten' | 'gap' }
  | { t: 'dense'; units: number; bias: boolean }
  | { t: 'maxout'; units: number; pieces: number };

const convArb = fc.record({
  t: fc.constant('conv' as const),
  f: fc.integer({ min: 1, max: 8 }),
  kh: fc.integer({ min: 1, max: 5 }),
  kw: fc.integer({ min: 1, max: 5 }),
  sh: fc.integer({ min: 1, max: 3 }),
  sw: fc.integer({ min: 1, max: 3 }),
  pad: fc.oneof(fc.constantFrom('valid' as const, 'same' as const), fc.integer({ min: 1, max: 2 })),
  dil: fc.integer({ min: 1, max: 2 }),
  bias: fc.boolean(),
});
const poolArb = fc.record({
  t: fc.constant('pool' as const),
  kind: fc.constantFrom('maxpool2d' as const, 'avgpool2d' as const),
  ph: fc.integer({ min: 1, max: 3 }),
  pw: fc.integer({ min: 1, max: 3 }),
  stride: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  pad: fc.constantFrom('valid' as const, 'same' as const),
  keras: fc.boolean(),
});
/** Axes as Keras numbers them (batch = 0); resolved against the rank reached when the op is placed. */
const bnArb = fc.record({
  t: fc.constant('bn' as const),
  keras: fc.boolean(),
  axis: fc.constantFrom(-1, -1, -2, 1, 2, 3),
  center: fc.boolean(),
  scale: fc.boolean(),
});
const preluArb = fc.record({
  t: fc.constant('prelu' as const),
  keras: fc.boolean(),
  shared: fc.subarray([1, 2, 3]),
});
const anyRankArb: fc.Arbitrary<Op> = fc.oneof(
  bnArb,
  preluArb,
  fc.record({ t: fc.constantFrom('dropout' as const, 'relu' as const, 'act' as const, 'relu6' as const, 'leaky' as const) }),
);
/** Image layers first (convolutions weighted up), then flatten or global pooling, then vector layers. */
const spatialArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: convArb, weight: 4 },
  { arbitrary: poolArb, weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('zeropad' as const), p: fc.integer({ min: 1, max: 2 }), q: fc.integer({ min: 1, max: 2 }) }), weight: 1 },
  { arbitrary: anyRankArb, weight: 2 },
);
const transitionArb: fc.Arbitrary<Op> = fc.record({ t: fc.constantFrom('flatten' as const, 'gap' as const) });
const vectorArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('dense' as const), units: fc.integer({ min: 1, max: 64 }), bias: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ t: fc.constant('maxout' as const), units: fc.integer({ min: 1, max: 16 }), pieces: fc.integer({ min: 2, max: 3 }) }), weight: 1 },
  { arbitrary: anyRankArb, weight: 2 },
);
export const opsArb = fc
  .tuple(fc.array(spatialArb, { minLength: 1, maxLength: 10, size: 'medium' }), fc.option(transitionArb, { nil: undefined }), fc.array(vectorArb, { maxLength: 5 }))
  .map(([spatial, transition, vector]) => [...spatial, ...(transition ? [transition, ...vector] : [])]);

/** Writes the spec line for `op` on `shape` and the oracle's result, or undefined when Keras would reject it. */
export function step(op: Op, shape: number[]): { line: string; out: number[]; params: number; frozen: number } | undefined {
  const spatial = shape.length === 3;
  switch (op.t) {
    case 'conv': {
      if (!spatial) return undefined;
      // Keras rejects strides > 1 together with dilation > 1.
      const dil = op.sh > 1 || op.sw > 1 ? 1 : op.dil;
      const pad: 'valid' | 'same' | [number, number] = typeof op.pad === 'number' ? [op.pad, op.pad] : op.pad;
      const oh = windowOutput(shape[0], op.kh, op.sh, pad, dil);
      const ow = windowOutput(shape[1], op.kw, op.sw, pad, dil);
      if (oh < 1 || ow < 1) return undefined;
      return {
        line: `conv2d ${op.f} ${op.kh}x${op.kw} stride=${op.sh}x${op.sw} padding=${op.pad} dilation=${dil} use_bias=${op.bias}`,
        out: [oh, ow, op.f],
        params: convParams(op.kh, op.kw, shape[2], op.f, op.bias),
        frozen: 0,
      };
    }
    case 'pool': {
      if (!spatial) return undefined;
      const sh = op.stride ?? op.ph;
      const sw = op.stride ?? op.pw;
      const oh = windowOutput(shape[0], op.ph, sh, op.pad);
      const ow = windowOutput(shape[1], op.pw, sw, op.pad);
      if (oh < 1 || ow < 1) return undefined;
      const stride = op.stride === undefined ? '' : ` stride=${op.stride}`;
      const cls = op.kind === 'maxpool2d' ? 'MaxPooling2D' : 'AveragePooling2D';
      // Keras's own default strides=None means the pool size.
      const line = op.keras
        ? `layers.${cls}(pool_size=(${op.ph}, ${op.pw}), strides=${op.stride ?? 'None'}, padding='${op.pad}'),`
        : `${op.kind} ${op.ph}x${op.pw}${stride} padding=${op.pad}`;
      return { line, out: [oh, ow, shape[2]], params: 0, frozen: 0 };
    }
    case 'zeropad':
      if (!spatial) return undefined;
      return { line: `zeropad2d ${op.p}x${op.q}`, out: [shape[0] + 2 * op.p, shape[1] + 2 * op.q, shape[2]], params: 0, frozen: 0 };
    case 'bn': {
      // An axis past this rank is skipped, as Keras would refuse it.
      if (op.axis > shape.length || -op.axis > shape.length) return undefined;
      const size = shape[op.axis < 0 ? shape.length + op.axis : op.axis - 1];
      const [t, f] = batchnormParams(size, op.center, op.scale);
      const py = (b: boolean) => (b ? 'True' : 'False');
      const line = op.keras
        ? `BatchNormalization(axis=${op.axis}, center=${py(op.center)}, scale=${py(op.scale)})`
        : `batchnorm axis=${op.axis} center=${op.center} scale=${op.scale}`;
      return { line, out: shape, params: t + f, frozen: f };
    }
    case 'dropout':
      return { line: 'dropout 0.3', out: shape, params: 0, frozen: 0 };
    case 'relu':
      return { line: 'relu', out: shape, params: 0, frozen: 0 };
    case 'relu6':
      return { line: 'layers.ReLU(max_value=6.0)', out: shape, params: 0, frozen: 0 };
    case 'leaky':
      return { line: 'layers.LeakyReLU()', out: shape, params: 0, frozen: 0 };
    case 'act':
      return { line: 'activation tanh', out: shape, params: 0, frozen: 0 };
    case 'prelu': {
      const shared = op.shared.filter((a) => a <= shape.length);
      const list = `[${shared.join(', ')}]`;
      const line = op.keras ? `PReLU(shared_axes=${shared.length ? list : 'None'})` : shared.length ? `prelu shared_axes=${list}` : 'prelu';
      return { line, out: shape, params: preluParams(shape, shared), frozen: 0 };
    }
    case 'flatten':
      if (!spatial) return undefined;
      return { line: 'flatten', out: [product(shape)], params: 0, frozen: 0 };
    case 'gap':
      if (!spatial) return undefined;
      return { line: 'globalavgpool2d', out: [shape[2]], params: 0, frozen: 0 };
    case 'dense':
      if (spatial) return undefined; // dense on a tensor warns; tested on its own
      return {
        line: op.units % 2 ? `dense ${op.units} use_bias=${op.bias}` : `Dense(${op.units}, use_bias=${op.bias ? 'True' : 'False'}),`,
        out: [op.units], params: denseParams(shape[0], op.units, op.bias), frozen: 0,
      };
    case 'maxout':
      if (spatial) return undefined;
      return { line: `maxout ${op.units} pieces=${op.pieces}`, out: [op.units], params: maxoutParams(shape[0], op.units, op.pieces), frozen: 0 };
  }
}

export const inputArb = fc.tuple(fc.integer({ min: 1, max: 48 }), fc.integer({ min: 1, max: 48 }), fc.integer({ min: 1, max: 4 }));

export interface Stack {
  lines: string[];
  text: string;
  expected: Array<{ out: number[]; params: number; frozen: number }>;
}

/** The spec text for `ops` on an input, skipping ops Keras would reject on the shape reached so far. */
export function buildStack([h, w, c]: [number, number, number], ops: Op[]): Stack {
  const lines = [`input ${h}x${w}x${c}`];
  const expected: Stack['expected'] = [];
  let shape = [h, w, c];
  for (const op of ops) {
    const s = step(op, shape);
    if (!s) continue;
    lines.push(s.line);
    expected.push(s);
    shape = s.out;
  }
  return { lines, text: lines.join('\n'), expected };
}
