/**
 * The explorer's curves as the page knows them: names, formulas, sliders and defaults, from the
 * core's registry (src/core/catalogue.ts ACTIVATIONS) plus Maxout. No TF.js here: the page only
 * shows and asks; the engine (./engine/activations.ts) says how TF.js computes each curve.
 */
import { ACTIVATIONS, type ActivationDef } from '../../src/core';
import type { ActivationDocId } from '../../src/core/i18n/apps/activations';
import type { ActivationName } from '../../src/core/types';

/** Parameters a curve may take; `alpha` where the registry gives the function one. */
export interface CurveParams {
  alpha?: number;
  /** Maxout pieces: max(w1·x + b1, w2·x + b2). */
  w1?: number;
  b1?: number;
  w2?: number;
  b2?: number;
}

/** Texts that say why a function has no curve (src/core/i18n/apps/activations.ts). */
export type CurvelessNoteId = 'activations.noCurve.softmax';

/**
 * Registry functions with no single-variable curve to draw (functions of a whole vector), and
 * why. Every other registry function is element-wise: ./engine/activations.ts implements each.
 */
export const CURVELESS: Partial<Record<ActivationName, CurvelessNoteId>> = { softmax: 'activations.noCurve.softmax' };

/** The explorer's curves: every element-wise registry activation, plus Maxout (a layer, not a name). */
export type CurveId = ActivationName | 'maxout';

export interface CurveDef {
  id: CurveId;
  label: string;
  formula: string;
  /** The one-line description's text id (English: the registry's `doc`; Maxout's own). */
  doc: ActivationDocId;
  inLecture: boolean;
  /** Which sliders the curve takes. */
  params: (keyof CurveParams)[];
  defaults: CurveParams;
}

/** Maxout's defaults make it ReLU (max(x, 0)); w2 = 0.01 turns it into the lecture's Leaky ReLU. */
export const MAXOUT_DEFAULTS: Required<Pick<CurveParams, 'w1' | 'b1' | 'w2' | 'b2'>> = { w1: 1, b1: 0, w2: 0, b2: 0 };

function curveFromRegistry(def: ActivationDef): CurveDef | undefined {
  if (def.name in CURVELESS) return undefined;
  // PReLU's α has no registry default: the explorer learns one (see ./engine/prelu.ts); 0.25 is
  // the usual starting value (He et al. 2015) until that run has finished.
  const alphaDefault = def.alpha?.default ?? (def.name === 'prelu' ? 0.25 : undefined);
  return {
    id: def.name,
    label: def.label,
    formula: def.formula,
    doc: `activations.doc.${def.name}`,
    inLecture: def.inLecture,
    params: alphaDefault === undefined ? [] : ['alpha'],
    defaults: alphaDefault === undefined ? {} : { alpha: alphaDefault },
  };
}

/** All curves, registry order, Maxout after ELU as in the lecture. */
export function explorerCurves(): CurveDef[] {
  const curves: CurveDef[] = [];
  for (const def of ACTIVATIONS) {
    const c = curveFromRegistry(def);
    if (c) curves.push(c);
    if (def.name === 'elu') {
      curves.push({
        id: 'maxout',
        label: 'Maxout',
        formula: 'f(x) = max(w1·x + b1, w2·x + b2)',
        doc: 'activations.doc.maxout',
        inLecture: true,
        params: ['w1', 'b1', 'w2', 'b2'],
        defaults: { ...MAXOUT_DEFAULTS },
      });
    }
  }
  return curves;
}

/** The ids of every curve, in the explorer's order. */
export const CURVE_IDS: readonly CurveId[] = explorerCurves().map((c) => c.id);

/** Activations with no curve, and why (shown as a note in the explorer). */
export function curvelessActivations(): { name: ActivationName; label: string; note: CurvelessNoteId | undefined }[] {
  return ACTIVATIONS.filter((d) => d.name in CURVELESS).map((d) => ({ name: d.name, label: d.label, note: CURVELESS[d.name] }));
}

export function findCurve(id: string): CurveDef | undefined {
  return explorerCurves().find((c) => c.id === id);
}
