/**
 * The webview side of the VS Code bridge: one acquisition of the API (VS Code allows only one),
 * typed state, and a typed channel per app that validates what the host sends (with the app's
 * `parseHostTo<App>` from src/protocol/<app>.ts) and types what the page posts back.
 */
import { isL10nEnvelope, type Envelope } from '../../src/protocol/common';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}
declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** The VS Code API, or a stand-in that keeps state in memory when the page runs outside VS Code. */
export function vscode(): VsCodeApi {
  if (api) return api;
  if (typeof acquireVsCodeApi === 'function') {
    api = acquireVsCodeApi();
  } else {
    let state: unknown;
    api = { postMessage: () => {}, getState: () => state, setState: (s) => ((state = s), s) };
  }
  return api;
}

/** One app's conversation with its host: `In` arrives validated, `Out` is all the page may post. */
export interface HostChannel<In, Out extends Envelope> {
  post(message: Out): void;
  /** Listens for host messages; malformed ones are dropped with a console warning. Returns an unsubscribe. */
  listen(handle: (message: In) => void): () => void;
}

export function hostChannel<In, Out extends Envelope>(parse: (raw: unknown) => In | undefined): HostChannel<In, Out> {
  return {
    post: (message) => vscode().postMessage(message),
    listen(handle) {
      const listener = (event: MessageEvent) => {
        // The page's texts go to ./i18n.svelte.ts, which every app installs; no app protocol carries them.
        if (isL10nEnvelope(event.data)) return;
        const msg = parse(event.data);
        if (msg === undefined) {
          console.warn('NetLens: ignored a malformed host message', event.data);
          return;
        }
        handle(msg);
      };
      window.addEventListener('message', listener);
      return () => window.removeEventListener('message', listener);
    },
  };
}
