// Shared helpers for the suites that run inside the real extension host.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'netlens.netlens';

/** The workspace the runner opened: a temporary copy of examples/ (tests may edit it). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open: the runner must open a copy of examples/');
  return folder.uri;
}

export function exampleUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), name);
}

/** Activates NetLens explicitly so a test does not race the onLanguage activation. */
export async function activateNetLens(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this extension host`);
  await ext.activate();
}

export async function openExample(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(exampleUri(name));
  await vscode.window.showTextDocument(doc);
  await activateNetLens();
  return doc;
}

/** Writes `text` to a new file in the workspace and opens it (for tests that edit a spec). */
export async function openScratch(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = exampleUri(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  await activateNetLens();
  return doc;
}

/** Polls `fn` until it returns a value `accept` likes; throws with the last value on timeout. */
export async function waitFor<T>(
  fn: () => T | Thenable<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await fn();
    if (accept(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${describe(last)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 800) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Index (0-based) of the first line that starts with `prefix`, so tests do not hard-code positions. */
export function lineOf(doc: vscode.TextDocument, prefix: string): number {
  for (let i = 0; i < doc.lineCount; i++) {
    if (doc.lineAt(i).text.trimStart().startsWith(prefix)) return i;
  }
  throw new Error(`no line starting with "${prefix}" in ${doc.uri.path}`);
}

/** Plain text of hover contents (MarkdownString, MarkedString or string). */
export function hoverText(hovers: vscode.Hover[]): string {
  const parts: string[] = [];
  for (const h of hovers) {
    for (const c of h.contents) {
      if (typeof c === 'string') parts.push(c);
      else parts.push(c.value);
    }
  }
  return parts.join('\n');
}

export function inlayLabel(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

export function completionLabel(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}
