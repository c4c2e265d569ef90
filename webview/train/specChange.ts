/**
 * Whether a spec the host sent changes what the Train panel would build. Saving a file without
 * changing its model (a comment, whitespace, or nothing at all) must not ask to rebuild.
 */
import type { TrainSpec } from '../../src/protocol/train';

/** What the panel builds from a spec: the file, the input, the layers, the totals and the errors. */
function modelOf(spec: TrainSpec): string {
  return JSON.stringify([spec.uri, spec.inputShape, spec.layers, spec.totalParams, spec.errors]);
}

/** True when `next` would build the same model as `current`. */
export function sameModel(current: TrainSpec | null, next: TrainSpec): boolean {
  return current !== null && modelOf(current) === modelOf(next);
}
