/**
 * Why "not zero-centred" hurts: a neuron z = w1·x1 + w2·x2 whose inputs are all positive (as
 * they are after a sigmoid or ReLU layer) gets dL/dw_i = dL/dz · x_i, so both gradients share the
 * sign of dL/dz. Every update then points into the (+,+) or (−,−) quadrant, and reaching a target
 * that needs w1 up and w2 down takes a zig-zag. With zero-centred inputs the signs mix freely.
 *
 * Gradients come from tf.grad of the squared error; nothing here is derived by hand.
 */
import * as tf from '@tensorflow/tfjs';
import type { ZigzagResult } from '../demos';

export interface ZigzagOptions {
  /** All-positive inputs (U(0.1, 1)) or zero-centred ones (N(0, 0.5²)). */
  positiveInputs: boolean;
  steps?: number;
  learningRate?: number;
  start?: [number, number];
  target?: [number, number];
  seed?: number;
}

export async function runZigzag(opts: ZigzagOptions): Promise<ZigzagResult> {
  const steps = opts.steps ?? 40;
  const lr = opts.learningRate ?? 0.5;
  const seed = opts.seed ?? 5;
  const target = opts.target ?? [1, -1];
  const inputs = tf.tidy(() =>
    opts.positiveInputs
      ? tf.randomUniform([steps, 2], 0.1, 1, 'float32', seed)
      : tf.randomNormal([steps, 2], 0, 0.5, 'float32', seed),
  );
  const wTarget = tf.tensor1d(target);
  const gradOf = tf.grad((w: tf.Tensor) => tf.tidy(() => tf.mul(0.5, tf.square(tf.sum(tf.mul(tf.sub(w, wTarget), currentX!))))));
  let currentX: tf.Tensor | undefined;
  let w: tf.Tensor = tf.tensor1d(opts.start ?? [-1, 1]);
  const path: [number, number][] = [];
  const signs: [number, number][] = [];
  try {
    const xs = (await inputs.array()) as number[][];
    for (let s = 0; s < steps; s++) {
      const wv = (await w.data()) as Float32Array;
      path.push([wv[0], wv[1]]);
      currentX = tf.tensor1d(xs[s]);
      const g = gradOf(w);
      const gv = await g.data();
      signs.push([Math.sign(gv[0]), Math.sign(gv[1])]);
      const next = tf.tidy(() => tf.sub(w, tf.mul(lr, g)));
      w.dispose();
      g.dispose();
      currentX.dispose();
      currentX = undefined;
      w = next;
    }
    const wv = await w.data();
    path.push([wv[0], wv[1]]);
  } finally {
    w.dispose();
    inputs.dispose();
    wTarget.dispose();
    currentX?.dispose();
  }
  const both = signs.filter(([a, b]) => a !== 0 && b !== 0);
  const same = both.filter(([a, b]) => a === b).length;
  let length = 0;
  for (let i = 1; i < path.length; i++) length += Math.hypot(path[i][0] - path[i - 1][0], path[i][1] - path[i - 1][1]);
  const last = path[path.length - 1];
  const straight = Math.hypot(last[0] - path[0][0], last[1] - path[0][1]);
  return {
    path,
    signs,
    sameSignFraction: both.length ? same / both.length : 0,
    finalDistance: Math.hypot(last[0] - target[0], last[1] - target[1]),
    detour: straight > 0 ? length / straight : Infinity,
  };
}
