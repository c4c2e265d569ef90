/**
 * The webview's side of VS Code: acquireVsCodeApi may be called once per page, so both study
 * apps get it through here. Outside VS Code (a plain browser) messages go nowhere and state is
 * kept in memory, so the apps still run.
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export function vscodeApi(): VsCodeApi {
  if (api) return api;
  if (typeof acquireVsCodeApi === 'function') {
    api = acquireVsCodeApi();
  } else {
    let state: unknown;
    api = { postMessage: () => {}, getState: () => state, setState: (s) => ((state = s), s) };
  }
  return api;
}

/** Calls `handle` with each message the host posts, after `parse` accepted it. */
export function onHostMessage<M>(parse: (raw: unknown) => M | undefined, handle: (msg: M) => void): () => void {
  const listener = (event: MessageEvent) => {
    const msg = parse(event.data);
    if (msg) handle(msg);
    else console.warn('NetLens: ignored a malformed message from the host', event.data);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}
