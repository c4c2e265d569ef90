/**
 * Every identifier NetLens shares with package.json: command ids, webview view types, the
 * language id and the setting sections. Pure (no `vscode` import) so the webview bundles, the
 * protocol files and plain-Node tests read the same table; test/unit/ids.test.ts holds it
 * against package.json, so a rename in one place only fails the tests.
 */

/** The `netlens.*` commands package.json contributes. */
export const COMMANDS = {
  showSummary: 'netlens.showSummary',
  train: 'netlens.train',
  exploreActivations: 'netlens.exploreActivations',
  exploreInit: 'netlens.exploreInit',
  exportModel: 'netlens.exportModel',
  getStarted: 'netlens.getStarted',
  openLectureModel: 'netlens.openLectureModel',
  openMistakesExercise: 'netlens.openMistakesExercise',
  /** Runs after a NetLens quick fix's edit: completes the walkthrough's quick-fix step. */
  walkthroughQuickFixApplied: 'netlens.walkthrough.quickFixApplied',
  pythonShowSummary: 'netlens.python.showSummary',
  pythonTrain: 'netlens.python.train',
  showConvArithmetic: 'netlens.showConvArithmetic',
  exploreOptimizers: 'netlens.exploreOptimizers',
  exploreData: 'netlens.exploreData',
  searchHyperparameters: 'netlens.searchHyperparameters',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** One view type per webview app (package.json activates on `onWebviewPanel:<type>`). */
export const VIEW_TYPES = {
  train: 'netlens.train',
  activations: 'netlens.activations',
  init: 'netlens.init',
  convarith: 'netlens.convarith',
  optimizers: 'netlens.optimizers',
  data: 'netlens.data',
  search: 'netlens.search',
} as const;

export type ViewType = (typeof VIEW_TYPES)[keyof typeof VIEW_TYPES];

/** The language of `.netspec` files. */
export const LANGUAGE_ID = 'netspec';

/** VS Code's language id for Python files and notebook cells (read by src/features/python/). */
export const PYTHON_LANGUAGE_ID = 'python';

/** The file extension of that language (package.json `contributes.languages[].extensions`). */
export const SPEC_EXTENSION = '.netspec';

/** The read-only virtual documents of src/features/summary.ts. */
export const SUMMARY_SCHEME = 'netlens-summary';

/** `netlens.language`: auto | en | ko, the language of the editor features (src/core/i18n resolveLang). */
export const LANGUAGE_SETTING = 'netlens.language';

/** Setting sections read with `workspace.getConfiguration(section)`. */
export const SETTINGS = {
  train: 'netlens.train',
  initLab: 'netlens.initLab',
} as const;
