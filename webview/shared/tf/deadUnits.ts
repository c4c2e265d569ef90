/**
 * "Dead ReLU" measured: the fraction of ReLU units that never fire (output > 0) for any sample of
 * a batch. Works on any tf.LayersModel: the Train panel calls it on the model it is training, the
 * activation explorer on its demo network.
 *
 * A unit is one output feature of a ReLU layer: one neuron of a dense layer, one filter (channel)
 * of a conv layer, since a filter shares its weights over every position and dies as a whole.
 */
import * as tf from '@tensorflow/tfjs';

export interface DeadUnitsLayer {
  name: string;
  dead: number;
  total: number;
}

export interface DeadUnitsReport {
  /** Dead units over all ReLU units; 0 when the model has no ReLU layer (see `totalUnits`). */
  fraction: number;
  deadUnits: number;
  totalUnits: number;
  layers: DeadUnitsLayer[];
}

/** True for a layer whose output is a ReLU: `activation: 'relu'` in its config, or a ReLU layer. */
export function isReluLayer(layer: tf.layers.Layer): boolean {
  const className = layer.getClassName();
  if (className === 'ReLU') return true;
  const config = layer.getConfig() as { activation?: unknown };
  return config.activation === 'relu';
}

/** One probe model per model: the Train panel asks every few steps, and building one costs. */
const probes = new WeakMap<tf.LayersModel, { probe: tf.LayersModel; layers: tf.layers.Layer[] }>();

function probeFor(model: tf.LayersModel): { probe: tf.LayersModel; layers: tf.layers.Layer[] } {
  let entry = probes.get(model);
  if (!entry) {
    const layers = model.layers.filter(isReluLayer);
    // Shares the model's layers and weights: it must never be disposed on its own.
    const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) });
    entry = { probe, layers };
    probes.set(model, entry);
  }
  return entry;
}

/**
 * Fraction of ReLU units that output 0 for every sample of `batch`. Runs one forward pass in
 * inference mode; disposes everything it creates.
 */
export async function deadUnitFraction(model: tf.LayersModel, batch: tf.Tensor | tf.Tensor[]): Promise<DeadUnitsReport> {
  if (!model.layers.some(isReluLayer)) return { fraction: 0, deadUnits: 0, totalUnits: 0, layers: [] };
  const { probe, layers: reluLayers } = probeFor(model);
  const counts = tf.tidy(() => {
    let outs = probe.predict(batch, { batchSize: 256 });
    if (!Array.isArray(outs)) outs = [outs];
    return outs.map((o) => {
      // Largest output per unit over the batch and every spatial position. A unit fired when that
      // is > 0; NaN (a diverged network) is not > 0, so a blown-up unit counts as dead too.
      const perUnit = o.rank > 1 ? tf.max(o.reshape([-1, o.shape[o.rank - 1]]), 0) : o;
      const dead = tf.logicalNot(tf.greater(perUnit, 0));
      return tf.stack([tf.sum(tf.cast(dead, 'int32')), tf.scalar(perUnit.size, 'int32')]);
    });
  });
  try {
    const values = await Promise.all(counts.map((c) => c.data()));
    const layers = reluLayers.map((l, i) => ({ name: l.name, dead: values[i][0], total: values[i][1] }));
    const deadUnits = layers.reduce((s, l) => s + l.dead, 0);
    const totalUnits = layers.reduce((s, l) => s + l.total, 0);
    return { fraction: totalUnits ? deadUnits / totalUnits : 0, deadUnits, totalUnits, layers };
  } finally {
    counts.forEach((c) => c.dispose());
  }
}
