/**
 * The analysis cache every editor feature reads: one analyze() per document version, shared by
 * hover, hints, diagnostics, outline, lenses, summary and status bar, and dropped on close.
 */
import * as vscode from 'vscode';
import { analyze, type Analysis } from '../core';
import type { Lang } from '../core/i18n';
import { currentLang } from '../displayLanguage';
import { LANGUAGE_ID, LANGUAGE_SETTING } from '../ids';

export { LANGUAGE_ID } from '../ids';

/** Every scheme (file, untitled, virtual workspaces): the features only read text. */
export const SPEC_SELECTOR: vscode.DocumentSelector = { language: LANGUAGE_ID };

export function isSpec(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID;
}

export { currentLang } from '../displayLanguage';

export class SpecDocuments implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; lang: Lang; analysis: Analysis }>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly languageChanged = new vscode.EventEmitter<Lang>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private language: Lang = currentLang();

  /** Fires after a spec's text changes, and for every open spec when the language changes (features that push state, like the status bar, listen). */
  readonly onDidChange = this.changed.event;
  /** Fires when `netlens.language` changes what NetLens writes in (features that VS Code asks, like inlay hints, listen). */
  readonly onDidChangeLanguage = this.languageChanged.event;

  /** The language every feature renders in (one value for all features, read when the setting changes). */
  get lang(): Lang {
    return this.language;
  }

  constructor() {
    this.subscriptions.push(
      this.changed,
      this.languageChanged,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(LANGUAGE_SETTING)) return;
        const lang = currentLang();
        if (lang === this.language) return;
        this.language = lang;
        this.languageChanged.fire(lang);
        for (const d of vscode.workspace.textDocuments) if (isSpec(d)) this.changed.fire(d);
      }),
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

  /** The analysis of the document's current version in the current language (computed once per version and language). */
  get(document: vscode.TextDocument): Analysis {
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    const lang = this.language;
    if (hit && hit.version === document.version && hit.lang === lang) return hit.analysis;
    const analysis = analyze(document.getText(), { lang });
    this.cache.set(key, { version: document.version, lang, analysis });
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
