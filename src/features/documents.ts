/**
 * The analysis cache every editor feature reads: one analyze() per document version, shared by
 * hover, hints, diagnostics, outline, lenses, summary and status bar, and dropped on close.
 */
import * as vscode from 'vscode';
import { analyze, type Analysis } from '../core';
import { LANGUAGE_ID } from '../ids';

export { LANGUAGE_ID } from '../ids';

/** Every scheme (file, untitled, virtual workspaces): the features only read text. */
export const SPEC_SELECTOR: vscode.DocumentSelector = { language: LANGUAGE_ID };

export function isSpec(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID;
}

export class SpecDocuments implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; analysis: Analysis }>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** Fires after a spec's text changes (features that push state, like the status bar, listen). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscriptions.push(
      this.changed,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isSpec(e.document) && e.contentChanges.length > 0) this.changed.fire(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
      // A language switch to or from netspec changes what the features should show.
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (isSpec(d)) this.changed.fire(d);
      }),
    );
  }

  /** The analysis of the document's current version (computed once per version). */
  get(document: vscode.TextDocument): Analysis {
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === document.version) return hit.analysis;
    const analysis = analyze(document.getText());
    this.cache.set(key, { version: document.version, analysis });
    return analysis;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.cache.clear();
  }
}

/** What every feature's register function receives besides the extension context. */
export interface FeatureDeps {
  documents: SpecDocuments;
}

export function registerSpecDocuments(context: vscode.ExtensionContext): SpecDocuments {
  const documents = new SpecDocuments();
  context.subscriptions.push(documents);
  return documents;
}

/** A setting under `netlens.`, read fresh each time so changes apply without a reload. */
export function setting<T>(key: string, fallback: T, scope?: vscode.ConfigurationScope): T {
  return vscode.workspace.getConfiguration('netlens', scope).get<T>(key, fallback);
}

export function rangeOn(line: number, start: number, end: number): vscode.Range {
  return new vscode.Range(line, start, line, Math.max(start, end));
}
