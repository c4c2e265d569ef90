/**
 * The language of NetLens's texts now, for every part that runs in the extension host (editor
 * features, panels, webview pages): `netlens.language`, or VS Code's display language
 * (`vscode.env.language`) when it is `auto`.
 */
import * as vscode from 'vscode';
import { resolveLang, type Lang } from './core/i18n';
import { LANGUAGE_SETTING } from './ids';

export function currentLang(): Lang {
  return resolveLang(vscode.workspace.getConfiguration().get<string>(LANGUAGE_SETTING, 'auto'), vscode.env.language);
}

/** Calls `listener` with the new language whenever `netlens.language` changes. */
export function onDidChangeLang(listener: (lang: Lang) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(LANGUAGE_SETTING)) listener(currentLang());
  });
}
