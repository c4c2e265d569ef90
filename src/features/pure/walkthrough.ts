/**
 * The "Get Started with NetLens" walkthrough (package.json `contributes.walkthroughs`): its steps
 * follow the lecture, and each completes only when the student really did the thing. The ids here
 * are the ones package.json names; test/unit/features/walkthrough.test.ts holds the two together.
 */
import { COMMANDS } from '../../ids';

/** `publisher.name#id`, as `workbench.action.openWalkthrough` wants it. */
export const WALKTHROUGH_ID = 'netlens.netlens#netlens.lecture6';

/**
 * The context keys that complete the steps: every step completes on `onContext:<key>`, never on
 * `onCommand`. VS Code's walkthrough service hears a command only while it runs, and it starts
 * only when the walkthrough is first opened, so a step done before that stayed unchecked. NetLens
 * sets the key when the student does the step, keeps the step in globalState and sets the key
 * again on every activation (also `onWalkthrough`). A key already set when the service starts is
 * not enough in VS Code 1.100 (its registerDoneListeners notes the event without progressing the
 * step), so NetLens also tells the service directly with its `welcome.markStepComplete` command,
 * which stores the step as done even before the walkthrough is registered
 * (vs/workbench/contrib/welcomeGettingStarted/browser/gettingStartedService.ts, progressStep).
 */
export const WALKTHROUGH_CONTEXT = {
  /** "Open the lecture model" ran. */
  lectureModelOpened: 'netlens.walkthrough.lectureModelOpened',
  /** A NetLens hover was shown on a layer (the hover provider sets it). */
  hovered: 'netlens.walkthrough.hovered',
  /** A NetLens quick fix was applied (its CodeAction.command). */
  quickFixApplied: 'netlens.walkthrough.quickFixApplied',
  /** The model summary was shown. */
  summaryShown: 'netlens.walkthrough.summaryShown',
  /** The Train panel was opened on a spec. */
  trainOpened: 'netlens.walkthrough.trainOpened',
  /** The Train panel finished a CPU-vs-GPU race. */
  raced: 'netlens.walkthrough.raced',
  /** The activation explorer was opened. */
  activationsOpened: 'netlens.walkthrough.activationsOpened',
  /** The init lab was opened. */
  initOpened: 'netlens.walkthrough.initOpened',
} as const;

export type WalkthroughStep = keyof typeof WALKTHROUGH_CONTEXT;

/** package.json's step ids and the context key that completes each (a unit test holds them together). */
export const WALKTHROUGH_STEPS: Readonly<Record<string, WalkthroughStep>> = {
  'netlens.lecture6.open': 'lectureModelOpened',
  'netlens.lecture6.hover': 'hovered',
  'netlens.lecture6.quickFix': 'quickFixApplied',
  'netlens.lecture6.summary': 'summaryShown',
  'netlens.lecture6.train': 'trainOpened',
  'netlens.lecture6.race': 'raced',
  'netlens.lecture6.activations': 'activationsOpened',
  'netlens.lecture6.init': 'initOpened',
};

/** The id `welcome.markStepComplete` takes: `publisher.name#walkthrough#step`; undefined for a step not in the table. */
export function walkthroughStepFullId(step: WalkthroughStep): string | undefined {
  const id = Object.keys(WALKTHROUGH_STEPS).find((k) => WALKTHROUGH_STEPS[k] === step);
  return id === undefined ? undefined : `${WALKTHROUGH_ID}#${id}`;
}

/** The globalState key holding the steps done so far. */
export const WALKTHROUGH_DONE_KEY = 'netlens.walkthroughDone';

/** The steps saved in globalState, read defensively: anything but known step names is dropped. */
export function savedWalkthroughSteps(saved: unknown): WalkthroughStep[] {
  if (!Array.isArray(saved)) return [];
  const known = (v: unknown): v is WalkthroughStep => typeof v === 'string' && Object.hasOwn(WALKTHROUGH_CONTEXT, v);
  return [...new Set(saved.filter(known))];
}

/** The saved list with `step` added, or undefined when it is already there (nothing to write). */
export function withWalkthroughStep(saved: unknown, step: WalkthroughStep): WalkthroughStep[] | undefined {
  const done = savedWalkthroughSteps(saved);
  return done.includes(step) ? undefined : [...done, step];
}

/** Commands the walkthrough's buttons run; `quickFixApplied` runs after a NetLens quick fix. */
export const WALKTHROUGH_COMMANDS = {
  getStarted: COMMANDS.getStarted,
  openLectureModel: COMMANDS.openLectureModel,
  openMistakes: COMMANDS.openMistakesExercise,
  quickFixApplied: COMMANDS.walkthroughQuickFixApplied,
} as const;

/** The lecture's model as `examples/lecture6-cifar.netspec` writes it (a unit test compares them). */
export const LECTURE_MODEL_SPEC = `# Lecture 6: the CIFAR-10 CNN
input 32x32x3
conv2d 64 kernel=2 padding=same activation=relu
maxpool2d 2
flatten
dense 10 activation=softmax
`;

/** The lecture's model with two typical mistakes, each with a quick fix (Ctrl+.). */
export const MISTAKES_SPEC = `# Two mistakes: put the cursor on a squiggle and press Ctrl+. (Cmd+. on a Mac).
input 32x32x3
convv2d 64 kernel=2 padding=same activation=relu
maxpool2d 2
dense 10 activation=softmax
`;
