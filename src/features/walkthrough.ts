/**
 * The walkthrough's commands, and a one-time offer to open it on first activation (never forced
 * open). Steps complete on `onCommand` / `onContext` events declared in package.json; the ids live
 * in ./pure/walkthrough.ts.
 */
import * as vscode from 'vscode';
import { LECTURE_MODEL_SPEC, MISTAKES_SPEC, WALKTHROUGH_COMMANDS, WALKTHROUGH_CONTEXT, WALKTHROUGH_ID } from './pure/walkthrough';
import { LANGUAGE_ID } from './documents';

const OFFERED_KEY = 'netlens.walkthroughOffered';

/** Marks a walkthrough step done through its context key (idempotent and cheap). */
export function markWalkthroughStep(step: keyof typeof WALKTHROUGH_CONTEXT): void {
  void vscode.commands.executeCommand('setContext', WALKTHROUGH_CONTEXT[step], true);
}

async function openSpec(content: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content });
  await vscode.window.showTextDocument(document);
}

export function registerWalkthrough(context: vscode.ExtensionContext): vscode.Disposable {
  const open = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  const disposables = [
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.getStarted, open),
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.openLectureModel, () => openSpec(LECTURE_MODEL_SPEC)),
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.openMistakes, () => openSpec(MISTAKES_SPEC)),
    // Runs after a NetLens quick fix's edit (CodeAction.command): completes the quick-fix step.
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.quickFixApplied, () => undefined),
  ];
  if (!context.globalState.get<boolean>(OFFERED_KEY)) {
    void context.globalState.update(OFFERED_KEY, true);
    const start = vscode.l10n.t('Get Started');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('NetLens: a short walkthrough follows Lecture 6 step by step, in the editor.'), start)
      .then((choice) => (choice === start ? open() : undefined));
  }
  return vscode.Disposable.from(...disposables);
}
