/**
 * Messages between the extension host (src/panels/dataPanel.ts) and the data explorer
 * (webview/data). Pure; the convention is described in ./common.ts. The page asks for CIFAR-10
 * exactly as the Train panel does, and gets the same reply (./train.ts CifarMessage).
 */
import { VIEW_TYPES } from '../ids';
import { isEnvelope, type ReadyMessage } from './common';
import { parseCifarMessage, parseLoadCifarMessage, type CifarMessage, type LoadCifarMessage } from './train';

export const DATA_VIEW_TYPE = VIEW_TYPES.data;

/** host -> webview: CIFAR-10 samples read from the student's disk, or why they could not be. */
export type HostToData = CifarMessage;
/** webview -> host: the handshake, and a request for CIFAR-10 (netlens.train.cifarPath or a folder dialog). */
export type DataToHost = ReadyMessage | LoadCifarMessage;

/** Webview side: a host message rebuilt, or undefined. */
export function parseHostToData(raw: unknown): HostToData | undefined {
  return isEnvelope(raw) ? parseCifarMessage(raw) : undefined;
}

/** Host side: a webview message rebuilt, or undefined. */
export function parseDataToHost(raw: unknown): DataToHost | undefined {
  if (!isEnvelope(raw)) return undefined;
  if (raw.type === 'ready') return { type: 'ready' };
  return parseLoadCifarMessage(raw);
}
