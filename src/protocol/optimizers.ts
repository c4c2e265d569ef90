/**
 * Messages between the extension host (src/panels/optimizersPanel.ts) and the optimizer
 * explorer (webview/optimizers). Pure; the convention is described in ./common.ts.
 */
import { VIEW_TYPES } from '../ids';
import { isEnvelope, isOneOf, type ReadyMessage } from './common';

export const OPTIMIZERS_VIEW_TYPE = VIEW_TYPES.optimizers;

/** The explorer's 2-D surfaces (webview/optimizers/surfaces.ts defines each one). */
export const SURFACE_IDS = ['saddle', 'rosenbrock', 'quadratic', 'beale', 'noisy'] as const;
export type SurfaceId = (typeof SURFACE_IDS)[number];
export const isSurfaceId = isOneOf(SURFACE_IDS);

/** host -> webview: show this surface (the command was run with a surface id, e.g. from a link). */
export interface FocusSurfaceMessage {
  type: 'focusSurface';
  surface: SurfaceId;
}

export type HostToOptimizers = FocusSurfaceMessage;
/** webview -> host: only the handshake; everything else happens in the page. */
export type OptimizersToHost = ReadyMessage;

/** Webview side: a host message rebuilt, or undefined. */
export function parseHostToOptimizers(raw: unknown): HostToOptimizers | undefined {
  if (!isEnvelope(raw)) return undefined;
  if (raw.type === 'focusSurface' && isSurfaceId(raw.surface)) return { type: 'focusSurface', surface: raw.surface };
  return undefined;
}

/** Host side: a webview message rebuilt, or undefined. */
export function parseOptimizersToHost(raw: unknown): OptimizersToHost | undefined {
  if (isEnvelope(raw) && raw.type === 'ready') return { type: 'ready' };
  return undefined;
}
