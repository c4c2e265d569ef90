/**
 * The engine's diagnostics in the Problems panel: checked on open, re-checked as the student types
 * (debounced by `netlens.diagnostics.debounceMs`), cleared on close; plus the quick fixes the
 * engine attached to them.
 */
import * as vscode from 'vscode';
import type { Diagnostic as SpecDiagnostic } from '../core';
import { type FeatureDeps, SPEC_SELECTOR, isSpec, rangeOn, setting } from './documents';
import { quickFixesIn } from './pure/quickfix';
import { WALKTHROUGH_COMMANDS } from './pure/walkthrough';

export const DIAGNOSTIC_SOURCE = 'netlens';

const SEVERITY: Record<SpecDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toVscode(d: SpecDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOn(d.line, d.start, d.end), d.message, SEVERITY[d.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  return diagnostic;
}

export function registerDiagnostics(_context: vscode.ExtensionContext, deps: FeatureDeps): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const timers = new Map<string, NodeJS.Timeout>();

  const cancel = (key: string) => {
    const timer = timers.get(key);
    if (timer) clearTimeout(timer);
    timers.delete(key);
  };
  const update = (document: vscode.TextDocument) => {
    cancel(document.uri.toString());
    if (document.isClosed) return;
    if (!isSpec(document)) {
      collection.delete(document.uri);
      return;
    }
    collection.set(document.uri, deps.documents.get(document).diagnostics.map(toVscode));
  };
  const schedule = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    cancel(key);
    const delay = Math.max(0, Math.min(5000, Number(setting('diagnostics.debounceMs', 200, document)) || 0));
    if (delay === 0) update(document);
    else timers.set(key, setTimeout(() => update(document), delay));
  };

  for (const document of vscode.workspace.textDocuments) if (isSpec(document)) update(document);

  const codeActions = vscode.languages.registerCodeActionsProvider(
    SPEC_SELECTOR,
    {
      provideCodeActions(document, range, context) {
        const analysis = deps.documents.get(document);
        return quickFixesIn(analysis.diagnostics, range.start.line, range.start.character, range.end.line, range.end.character).map((fix) => {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, rangeOn(fix.edit.line, fix.edit.start, fix.edit.end), fix.edit.newText);
          action.isPreferred = fix.preferred;
          // Runs after the edit: completes the walkthrough's quick-fix step.
          action.command = { title: fix.title, command: WALKTHROUGH_COMMANDS.quickFixApplied };
          const target = rangeOn(fix.diagnostic.line, fix.diagnostic.start, fix.diagnostic.end);
          action.diagnostics = context.diagnostics.filter(
            (d) => d.source === DIAGNOSTIC_SOURCE && d.code === fix.diagnostic.code && d.range.isEqual(target),
          );
          return action;
        });
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );

  return vscode.Disposable.from(
    collection,
    codeActions,
    vscode.workspace.onDidOpenTextDocument(update),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (isSpec(e.document) && e.contentChanges.length > 0) schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      cancel(document.uri.toString());
      collection.delete(document.uri);
    }),
    // Messages are rendered in `netlens.language`: show them again in the new one at once.
    deps.documents.onDidChangeLanguage(() => {
      for (const document of vscode.workspace.textDocuments) if (isSpec(document)) update(document);
    }),
    { dispose: () => [...timers.keys()].forEach(cancel) },
  );
}
