// NetLens's entry point. activate() only wires features together: each feature lives in its own
// file and registers its providers, commands and panels, returning what must be disposed.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  // editor features: register here

  // panels: register here
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
