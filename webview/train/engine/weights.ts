/**
 * The trained model's weights in the export's layout (Keras's names and shapes,
 * src/core/export/layout.ts), read in the engine, where the TF.js model lives; the page sends
 * them with its export request (../exportRequest.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import { layoutWeights, weightLayout } from '../../../src/core/export/layout';
import { encodeFloat32, type TrainSpec, type WeightPayload } from '../../../src/protocol/train';
import type { Say } from '../../../src/core/i18n';
import { layoutSource } from '../exportRequest';
import { pageSay } from '../../shared/training/pageSay';
import { isNormalization } from '../../shared/training/normalization';

/**
 * The model's weights as the export expects them: per spec layer, the weights of the TF.js layers
 * that implement it (webview/shared/training/model.ts `groups`), in order, each checked against the
 * layout's name and shape. A message names the first weight that does not fit.
 */
export async function trainedWeights(
  spec: TrainSpec,
  groups: readonly (readonly tf.layers.Layer[])[],
  say: Say = pageSay,
): Promise<{ ok: true; weights: WeightPayload[] } | { ok: false; message: string }> {
  if (groups.length !== spec.layers.length) return { ok: false, message: say('train.weightsLayerCount', { groups: groups.length, layers: spec.layers.length }) };
  const source = layoutSource(spec);
  if (source.layers.some((l) => !l.inputShape || !l.outputShape)) return { ok: false, message: say('train.weightsShapesUnknown') };
  // getWeights() hands out the layers' own variables (not copies): read them, never dispose them.
  // A Normalization's statistics stay out: the exported scripts adapt() them again on their own
  // training split (src/core/export/layout.ts adaptedNormalizations).
  const tensors = groups.map((group) => group.flatMap((layer) => (isNormalization(layer) ? [] : layer.getWeights())));
  const values = await Promise.all(tensors.map((ts) => Promise.all(ts.map(async (t) => Float32Array.from(await t.data())))));
  const laid = layoutWeights(source, (i) => values[i]);
  if (!laid.ok) return laid;
  const flat = tensors.flat();
  const layout = weightLayout(source);
  for (let k = 0; k < layout.length; k++) {
    if (flat[k].shape.join('x') !== layout[k].shape.join('x')) {
      return { ok: false, message: say('train.weightsShape', { key: layout[k].key, shape: flat[k].shape.join('×'), expected: layout[k].shape.join('×') }) };
    }
  }
  return { ok: true, weights: laid.arrays.map((a) => ({ name: a.name, shape: [...a.shape], data: encodeFloat32(a.data) })) };
}

