// NetLens's entry point. activate() only wires features together: each feature lives in its own
// file and registers its providers, commands and panels, returning what must be disposed.
import * as vscode from 'vscode';
import { registerCodeLens } from './features/codeLens';
import { registerCompletion } from './features/completion';
import { registerDiagnostics } from './features/diagnostics';
import { registerSpecDocuments } from './features/documents';
import { registerHover } from './features/hover';
import { registerInlayHints } from './features/inlayHints';
import { registerStatusBar } from './features/statusBar';
import { registerSummary } from './features/summary';
import { registerDocumentSymbols } from './features/symbols';
import { registerWalkthrough } from './features/walkthrough';
import { registerExport } from './features/export';
import { registerPython } from './features/python';
import { registerActivationsPanel } from './panels/activationsPanel';
import { registerConvArithPanel } from './panels/convarithPanel';
import { registerInitPanel } from './panels/initPanel';
import { registerOptimizersPanel } from './panels/optimizersPanel';
import { registerDataPanel } from './panels/dataPanel';
import { registerTrainPanel } from './panels/trainPanel';
import { registerSearchPanel } from './panels/searchPanel';

export function activate(context: vscode.ExtensionContext): void {
  // editor features: register here
  const deps = { documents: registerSpecDocuments(context) };
  context.subscriptions.push(
    registerDiagnostics(context, deps),
    registerHover(context, deps),
    registerInlayHints(context, deps),
    registerDocumentSymbols(context, deps),
    registerCompletion(context, deps),
    registerCodeLens(context, deps),
    registerSummary(context, deps),
    registerStatusBar(context, deps),
    registerWalkthrough(context),
    registerExport(context, deps),
  );

  context.subscriptions.push(registerPython(context));

  // panels: register here
  context.subscriptions.push(registerActivationsPanel(context), registerInitPanel(context), registerOptimizersPanel(context), registerDataPanel(context));
  context.subscriptions.push(registerTrainPanel(context), registerSearchPanel(context));
  context.subscriptions.push(registerConvArithPanel(context, deps));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
