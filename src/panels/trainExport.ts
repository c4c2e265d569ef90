/**
 * The host's half of the Train panel's "Export…" with weights: the weights the page sent, held
 * to the layout of the spec as the host reads it now (src/core/export/layout.ts weightLayout),
 * then written as the `.npz` both exported scripts load with `--weights`. Pure: no vscode import,
 * so plain-Node tests run it.
 */
import type { Analysis } from '../core/types';
import { refusal, weightLayout, writeNpz, type ExportableAnalysis, type NpyArray } from '../core/export';
import { specStem } from '../core/export/layout';
import { decodeFloat32, type WeightPayload } from '../protocol/train';

/**
 * The `.npz` bytes of the trained weights, or a message saying why not: the spec cannot be
 * exported, or the weights do not fit it (the spec was saved with other layers after the model
 * was built).
 */
export function trainedWeightsNpz(a: Analysis, specName: string, weights: readonly WeightPayload[]): { ok: true; bytes: Uint8Array } | { ok: false; message: string } {
  const refused = refusal(a, specName);
  if (refused) return { ok: false, message: refused.message };
  const layout = weightLayout(a as ExportableAnalysis);
  const changed = (detail: string) => ({
    ok: false as const,
    message: `The trained weights do not fit ${specName} as it is now (${detail}): the spec changed after the model was built. Rebuild, train again, then export.`,
  });
  if (weights.length !== layout.length) return changed(`${weights.length} weight arrays, the spec needs ${layout.length}`);
  const arrays: NpyArray[] = [];
  for (let k = 0; k < layout.length; k++) {
    const w = weights[k];
    const want = layout[k];
    if (w.name !== want.key) return changed(`${w.name} where ${want.key} belongs`);
    if (w.shape.join('x') !== want.shape.join('x')) return changed(`${w.name} has shape ${w.shape.join('×')}, the spec needs ${want.shape.join('×')}`);
    const data = decodeFloat32(w.data);
    const size = want.shape.reduce((p, d) => p * d, 1);
    if (!data || data.length !== size) return { ok: false, message: `${w.name}: its values are not ${size} float32 numbers.` };
    arrays.push({ name: w.name, shape: want.shape, data });
  }
  const npz = writeNpz(arrays);
  return npz.ok ? npz : { ok: false, message: npz.message };
}

/** The file name the save dialog proposes: `lecture6-cifar.weights.npz` beside the spec. */
export function weightsFileName(specName: string): string {
  return `${specStem(specName)}.weights.npz`;
}
