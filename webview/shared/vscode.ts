/**
 * The webview side of the VS Code bridge: one acquisition of the API (VS Code allows only one),
 * typed state, and a message listener that validates before it dispatches.
 */
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

export function postToHost<M extends { type: string }>(message: M): void {
  vscode().postMessage(message);
}

/** Listens for host messages; malformed ones are dropped with a console warning. Returns an unsubscribe. */
export function onHostMessage<M>(parse: (raw: unknown) => M | undefined, handle: (msg: M) => void): () => void {
  const listener = (event: MessageEvent) => {
    const msg = parse(event.data);
    if (msg === undefined) {
      console.warn('NetLens: ignored a malformed host message', event.data);
      return;
    }
    handle(msg);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}
