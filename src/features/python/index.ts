/**
 * NetLens in Python code: hover, inlay hints, warnings with quick fixes, CodeLens and the model
 * summary for Keras and PyTorch models in .py files, untitled editors and Jupyter notebook cells.
 * Thin adapters over src/core/python (the reader) and src/features/pure/python.ts (the text).
 *
 * The selector names only the language, no scheme, so notebook cells (`vscode-notebook-cell`)
 * are covered. Files without a Keras/TensorFlow/PyTorch import cost one regex scan.
 */
import * as vscode from 'vscode';
import { analyzePython, importsFramework, type PythonAnalysis } from '../../core/python';
import { pythonCodeLenses, pythonHoverAt, pythonInlayHints, pythonQuickFixes, pythonSummaryDocument, trainSpecText } from '../pure/python';
import { currentLang, rangeOn, setting } from '../documents';
import { COMMANDS, LANGUAGE_SETTING } from '../../ids';
import type { Lang } from '../../core/i18n';

export const PYTHON_SELECTOR: vscode.DocumentSelector = { language: 'python' };
export const PYTHON_SUMMARY_COMMAND = COMMANDS.pythonShowSummary;
export const PYTHON_SUMMARY_SCHEME = 'netlens-python-summary';
export const PYTHON_TRAIN_COMMAND = COMMANDS.pythonTrain;
const DIAGNOSTIC_SOURCE = 'netlens';
const EMPTY: PythonAnalysis = { imports: false, models: [], diagnostics: [] };

function enabled(document: vscode.TextDocument): boolean {
  return document.languageId === 'python' && setting('python.enabled', true, document);
}

/**
 * A notebook cell's imports are often in an earlier cell: a cell counts as importing Keras or
 * PyTorch when any code cell of its notebook does.
 */
function notebookImportsFramework(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'vscode-notebook-cell') return false;
  const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
  return notebook?.getCells().some((c) => c.document.languageId === 'python' && importsFramework(c.document.getText())) ?? false;
}

/** One analysis per document version, dropped on close. */
class PythonDocuments implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; lang: Lang; analysis: PythonAnalysis }>();
  private readonly closing = vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString()));

  get(document: vscode.TextDocument): PythonAnalysis {
    if (!enabled(document)) return EMPTY;
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    // The warnings follow netlens.language (read here: a change re-renders them below).
    const lang = currentLang();
    if (hit && hit.version === document.version && hit.lang === lang) return hit.analysis;
    const analysis = analyzePython(document.getText(), { requireImport: !notebookImportsFramework(document), lang });
    this.cache.set(key, { version: document.version, lang, analysis });
    return analysis;
  }

  dispose(): void {
    this.closing.dispose();
    this.cache.clear();
  }
}

function baseName(uri: vscode.Uri): string {
  const path = uri.path || uri.toString();
  return path.slice(path.lastIndexOf('/') + 1) || 'untitled';
}

export function registerPython(context: vscode.ExtensionContext): vscode.Disposable {
  const documents = new PythonDocuments();
  const disposables: vscode.Disposable[] = [documents];

  // Hover
  disposables.push(
    vscode.languages.registerHoverProvider(PYTHON_SELECTOR, {
      provideHover(document, position) {
        const uri = document.uri.toString();
        // The picture of a Conv2d / pooling line: the command validates [uri, line] (src/panels/convarithPanel.ts).
        const convArithmetic = (line: number) => `command:${COMMANDS.showConvArithmetic}?${encodeURIComponent(JSON.stringify([uri, line]))}`;
        const found = pythonHoverAt(documents.get(document), position.line, position.character, currentLang(), { convArithmetic });
        if (!found) return undefined;
        const markdown = new vscode.MarkdownString(found.markdown);
        // Trusted for this one command only: the rest of the hover stays inert Markdown.
        markdown.isTrusted = { enabledCommands: [COMMANDS.showConvArithmetic] };
        return new vscode.Hover(markdown, rangeOn(found.line, found.start, found.end));
      },
    }),
  );

  // Inlay hints
  const hintsChanged = new vscode.EventEmitter<void>();
  disposables.push(
    hintsChanged,
    vscode.languages.registerInlayHintsProvider(PYTHON_SELECTOR, {
      onDidChangeInlayHints: hintsChanged.event,
      provideInlayHints(document, range) {
        if (!setting('python.inlayHints', true, document)) return [];
        const analysis = documents.get(document);
        return pythonInlayHints(analysis, (line) => document.lineAt(line).text, range.start.line, range.end.line, currentLang()).map((h) => {
          const hint = new vscode.InlayHint(new vscode.Position(h.line, h.column), h.label, vscode.InlayHintKind.Type);
          hint.paddingLeft = true;
          hint.tooltip = h.tooltip;
          return hint;
        });
      },
    }),
  );

  // Diagnostics (warnings only) and quick fixes
  const collection = vscode.languages.createDiagnosticCollection('netlens-python');
  const timers = new Map<string, NodeJS.Timeout>();
  const update = (document: vscode.TextDocument) => {
    timers.delete(document.uri.toString());
    if (document.isClosed || !enabled(document)) {
      collection.delete(document.uri);
      return;
    }
    collection.set(
      document.uri,
      documents.get(document).diagnostics.map((d) => {
        const diagnostic = new vscode.Diagnostic(rangeOn(d.line, d.start, d.end), d.message, vscode.DiagnosticSeverity.Warning);
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = d.code;
        return diagnostic;
      }),
    );
  };
  const schedule = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    const delay = Math.max(0, Math.min(5000, Number(setting('diagnostics.debounceMs', 200, document)) || 0));
    timers.set(key, setTimeout(() => update(document), delay));
  };
  for (const d of vscode.workspace.textDocuments) if (enabled(d)) update(d);
  disposables.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (enabled(d)) update(d);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === 'python' && e.contentChanges.length > 0) schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(timers.get(d.uri.toString()));
      timers.delete(d.uri.toString());
      collection.delete(d.uri);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    vscode.languages.registerCodeActionsProvider(
      PYTHON_SELECTOR,
      {
        provideCodeActions(document, range, ctx) {
          return pythonQuickFixes(documents.get(document), range.start.line, range.end.line).map(({ fix, diagnostic }) => {
            const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
            action.edit = new vscode.WorkspaceEdit();
            action.edit.replace(document.uri, rangeOn(fix.line, fix.start, fix.end), fix.newText);
            action.isPreferred = fix.preferred;
            if (diagnostic) {
              const target = rangeOn(diagnostic.line, diagnostic.start, diagnostic.end);
              action.diagnostics = ctx.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === diagnostic.code && d.range.isEqual(target));
            }
            return action;
          });
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );

  // CodeLens above each model
  const lensesChanged = new vscode.EventEmitter<void>();
  disposables.push(
    lensesChanged,
    vscode.languages.registerCodeLensProvider(PYTHON_SELECTOR, {
      onDidChangeCodeLenses: lensesChanged.event,
      provideCodeLenses(document) {
        if (!setting('codeLens.enabled', true, document)) return [];
        return pythonCodeLenses(documents.get(document), currentLang()).map(
          (lens) =>
            new vscode.CodeLens(document.lineAt(lens.line).range, {
              title: lens.title,
              tooltip: lens.tooltip,
              command: lens.action === 'train' ? PYTHON_TRAIN_COMMAND : PYTHON_SUMMARY_COMMAND,
              arguments: [document.uri, lens.model],
            }),
        );
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('netlens.python') || e.affectsConfiguration(LANGUAGE_SETTING)) {
        hintsChanged.fire();
        lensesChanged.fire();
        for (const d of vscode.workspace.textDocuments) if (d.languageId === 'python') update(d);
      }
    }),
  );

  // Show Model Summary: a read-only document beside the editor, refreshed as the code changes.
  const summaryChanged = new vscode.EventEmitter<vscode.Uri>();
  const summaryUri = (source: vscode.Uri) => vscode.Uri.from({ scheme: PYTHON_SUMMARY_SCHEME, path: `/${baseName(source).replace(/\.(py|ipynb)$/i, '')} summary.txt`, query: source.toString() });
  disposables.push(
    summaryChanged,
    vscode.workspace.registerTextDocumentContentProvider(PYTHON_SUMMARY_SCHEME, {
      onDidChange: summaryChanged.event,
      async provideTextDocumentContent(uri) {
        let source: vscode.Uri;
        try {
          source = vscode.Uri.parse(uri.query, true);
        } catch {
          return vscode.l10n.t('NetLens: this summary does not name a Python file.') + '\n';
        }
        let document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
        try {
          document ??= await vscode.workspace.openTextDocument(source);
        } catch (err) {
          return vscode.l10n.t('NetLens: cannot read {0}: {1}', source.toString(), err instanceof Error ? err.message : String(err)) + '\n';
        }
        return pythonSummaryDocument(analyzePython(document.getText(), { lang: currentLang() }), baseName(source), undefined, currentLang());
      },
    }),
    vscode.commands.registerCommand(PYTHON_SUMMARY_COMMAND, async (arg?: unknown) => {
      const active = vscode.window.activeTextEditor?.document;
      const source = arg instanceof vscode.Uri ? arg : active?.languageId === 'python' ? active.uri : undefined;
      if (!source) {
        void vscode.window.showInformationMessage(vscode.l10n.t('NetLens: open a Python file with a Keras or PyTorch model to see its summary.'));
        return;
      }
      const doc = await vscode.workspace.openTextDocument(summaryUri(source));
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId !== 'python') return;
      const target = summaryUri(e.document.uri).toString();
      for (const d of vscode.workspace.textDocuments) if (d.uri.toString() === target) summaryChanged.fire(d.uri);
    }),
  );

  // Train on GPU: the Train panel trains a .netspec, so the model opens as one (a PyTorch model
  // written channels-last with its layers, shapes and parameter counts: src/core/python/torchTrain.ts).
  disposables.push(
    vscode.commands.registerCommand(PYTHON_TRAIN_COMMAND, async (arg?: unknown, name?: unknown) => {
      const active = vscode.window.activeTextEditor?.document;
      const source = arg instanceof vscode.Uri ? arg : active?.languageId === 'python' ? active.uri : undefined;
      const document = source && (vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString()) ?? (await vscode.workspace.openTextDocument(source)));
      const models = document ? documents.get(document).models : [];
      const model = typeof name === 'string' ? models.find((m) => m.name === name) : (models.find((m) => m.kerasSpec || m.steps) ?? models[0]);
      if (!document || !model) {
        void vscode.window.showInformationMessage(vscode.l10n.t('NetLens: open a Python file with a Keras or PyTorch model to train it.'));
        return;
      }
      const spec = trainSpecText(model, baseName(document.uri), currentLang());
      if (!spec.ok) {
        void vscode.window.showWarningMessage(vscode.l10n.t('NetLens cannot train {0}: line {1}: {2}', model.name, spec.line + 1, spec.reason));
        return;
      }
      const opened = await vscode.workspace.openTextDocument({ language: 'netspec', content: spec.text });
      await vscode.window.showTextDocument(opened, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
      await vscode.commands.executeCommand(COMMANDS.train, opened.uri);
    }),
  );

  void context;
  return vscode.Disposable.from(...disposables);
}
