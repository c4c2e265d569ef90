/**
 * Messages between the extension host (src/panels/activationsPanel.ts) and the activation
 * explorer (webview/activations). Pure; the convention is described in ./common.ts.
 */
import { ACTIVATIONS } from '../core/catalogue';
import type { ActivationName } from '../core/types';
import { VIEW_TYPES } from '../ids';
import { isEnvelope, isOneOf, type ReadyMessage } from './common';

export const ACTIVATIONS_VIEW_TYPE = VIEW_TYPES.activations;

/** host -> webview: show this activation (e.g. the command was run from a hover link). */
export interface FocusActivationMessage {
  type: 'focusActivation';
  name: ActivationName;
}

export type HostToActivations = FocusActivationMessage;
export type ActivationsToHost = ReadyMessage;

const isActivationName = isOneOf(ACTIVATIONS.map((a) => a.name));

/** Webview side: a host message rebuilt, or undefined. */
export function parseHostToActivations(raw: unknown): HostToActivations | undefined {
  if (!isEnvelope(raw)) return undefined;
  if (raw.type === 'focusActivation' && isActivationName(raw.name)) return { type: 'focusActivation', name: raw.name };
  return undefined;
}

/** Host side: a webview message rebuilt, or undefined. */
export function parseActivationsToHost(raw: unknown): ActivationsToHost | undefined {
  if (isEnvelope(raw) && raw.type === 'ready') return { type: 'ready' };
  return undefined;
}
