/**
 * The "Get Started with NetLens" walkthrough (package.json `contributes.walkthroughs`): its steps
 * follow the lecture, and each completes only when the student really did the thing. The ids here
 * are the ones package.json names; test/unit/features/walkthrough.test.ts holds the two together.
 */
import { COMMANDS } from '../../ids';

/** `publisher.name#id`, as `workbench.action.openWalkthrough` wants it. */
export const WALKTHROUGH_ID = 'netlens.netlens#netlens.lecture6';

/** Context keys the extension sets when a step's action happened where no command runs. */
export const WALKTHROUGH_CONTEXT = {
  /** A NetLens hover was shown on a layer (the hover provider sets it). */
  hovered: 'netlens.walkthrough.hovered',
  /** The Train panel finished a CPU-vs-GPU race. */
  raced: 'netlens.walkthrough.raced',
} as const;

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
