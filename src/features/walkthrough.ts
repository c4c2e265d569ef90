/**
 * The walkthrough's commands, and a one-time offer to open it on first activation (never forced
 * open). Steps complete on the `onContext` events declared in package.json: the keys, why they
 * are context keys and how they are kept are in ./pure/walkthrough.ts.
 */
import * as vscode from 'vscode';
import {
  LECTURE_MODEL_SPEC, MISTAKES_SPEC, WALKTHROUGH_COMMANDS, WALKTHROUGH_CONTEXT, WALKTHROUGH_DONE_KEY, WALKTHROUGH_ID,
  savedWalkthroughSteps, walkthroughStepFullId, withWalkthroughStep, type WalkthroughStep,
} from './pure/walkthrough';
import { LANGUAGE_ID } from './documents';

const OFFERED_KEY = 'netlens.walkthroughOffered';

/** Where the steps done are kept: the activated extension's globalState (module-wide so any feature can mark a step). */
let doneSteps: vscode.Memento | undefined;
/** Steps already told to VS Code in this session: a hover marks its step on every hover. */
const toldThisSession = new Set<WalkthroughStep>();

/** Marks a walkthrough step done: its context key now, and in globalState for the next activations (idempotent and cheap). */
export function markWalkthroughStep(step: WalkthroughStep): void {
  tellWalkthroughService(step);
  const next = doneSteps && withWalkthroughStep(doneSteps.get(WALKTHROUGH_DONE_KEY), step);
  if (next) void doneSteps?.update(WALKTHROUGH_DONE_KEY, next);
}

/** Sets the step's context key and marks the step complete in VS Code's walkthrough service (see ./pure/walkthrough.ts). */
function tellWalkthroughService(step: WalkthroughStep): void {
  if (toldThisSession.has(step)) return;
  toldThisSession.add(step);
  void vscode.commands.executeCommand('setContext', WALKTHROUGH_CONTEXT[step], true);
  const id = walkthroughStepFullId(step);
  // Rejected when the walkthrough is not registered yet (the step is stored as done all the same)
  // or where the host has no such command: the context key still completes the step there.
  if (id) void vscode.commands.executeCommand('welcome.markStepComplete', id).then(undefined, () => undefined);
}

async function openSpec(content: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content });
  await vscode.window.showTextDocument(document);
}

export function registerWalkthrough(context: vscode.ExtensionContext): vscode.Disposable {
  doneSteps = context.globalState;
  // Context keys last one window session: set again every step done in an earlier one.
  for (const step of savedWalkthroughSteps(doneSteps.get(WALKTHROUGH_DONE_KEY))) tellWalkthroughService(step);
  const open = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  const disposables = [
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.getStarted, open),
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.openLectureModel, () => {
      markWalkthroughStep('lectureModelOpened');
      return openSpec(LECTURE_MODEL_SPEC);
    }),
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.openMistakes, () => openSpec(MISTAKES_SPEC)),
    // Runs after a NetLens quick fix's edit (CodeAction.command): completes the quick-fix step.
    vscode.commands.registerCommand(WALKTHROUGH_COMMANDS.quickFixApplied, () => markWalkthroughStep('quickFixApplied')),
  ];
  if (!context.globalState.get<boolean>(OFFERED_KEY)) {
    void context.globalState.update(OFFERED_KEY, true);
    const start = vscode.l10n.t('Get Started');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('NetLens: a short walkthrough follows Lecture 6 step by step, in the editor.'), start)
      .then((choice) => (choice === start ? open() : undefined));
  }
  return vscode.Disposable.from(...disposables, {
    dispose: () => {
      doneSteps = undefined;
      toldThisSession.clear();
    },
  });
}
