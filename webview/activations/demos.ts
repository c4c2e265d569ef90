/**
 * What the explorer's three demos answer, as the page receives them from the engine (which runs
 * them with TF.js: ./engine/prelu.ts, ./engine/deadReluDemo.ts, ./engine/zigzag.ts). Plain data,
 * no TF.js: the page reads these types and the guards in ./engine/protocol.ts rebuild them.
 */

/** PReLU's α learned on the two-rings task. */
export interface PreluRunResult {
  alpha: number;
  /** α after each recorded step (every `steps/50` steps), for the convergence line. */
  history: { step: number; alpha: number; loss: number }[];
  finalLoss: number;
  accuracy: number;
}

/** Dead units of a network on a batch: the shape ../shared/tf/deadUnits.ts measures, without TF.js. */
export interface DeadUnitsReading {
  /** Dead units over all ReLU units; 0 when the network has no ReLU layer. */
  fraction: number;
  deadUnits: number;
  totalUnits: number;
  layers: { name: string; dead: number; total: number }[];
}

/** The dead-ReLU demo at one learning rate. */
export interface DeadReluResult {
  learningRate: number;
  before: DeadUnitsReading;
  after: DeadUnitsReading;
  /** Mean squared error at the start and end (NaN/Infinity when the run diverged). */
  lossBefore: number;
  lossAfter: number;
}

/** The zig-zag demo: a two-weight neuron's path and its gradients' signs. */
export interface ZigzagResult {
  /** Weights before each step and after the last: steps + 1 points. */
  path: [number, number][];
  /** Sign of (dL/dw1, dL/dw2) at each step: 1, −1 or 0. */
  signs: [number, number][];
  /** Steps whose two gradients had the same sign, over steps with both non-zero. */
  sameSignFraction: number;
  /** Distance from the target after the run. */
  finalDistance: number;
  /** Path length over the straight-line distance travelled: 1 for a straight path. */
  detour: number;
}
