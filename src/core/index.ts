/** NetLens's pure core: the only module the CLI, the extension host and the webviews import. */
export * from './types';
export { analyze, relocalize, windowAxis } from './analyze';
export { argumentEdit, setInitializerEdits } from './edits';
export type { AnalyzeOptions } from './analyze';
export { format, messagesFor, msg, numberLocale, parseLang, render, resolveLang, t } from './i18n';
export type { Lang, MessageArg, MessageId, MessageRef } from './i18n';
export { commentStart, layerPrefix, parse } from './parse';
export { layerConfigProblem, KERAS_LEAKY_RELU_ACTIVATION_ALPHA, KERAS_LEAKY_RELU_LAYER_ALPHA } from './resolve';
export type { ConfigProblem } from './resolve';
export type { Arg, LayerPrefix, Statement, Value, ParseResult } from './parse';
export { formatSummary, formatSummaryNarrow, summaryRows } from './summary';
export { codePointWidth, displayWidth, padEndColumns, padStartColumns } from './displayWidth';
export type { SummaryRow } from './summary';
export { formatBytes, formatCompact, formatCount, formatShape, formatShapeCompact } from './format';
export {
  ACTIVATIONS,
  ALL_LAYERS,
  IGNORED_KERAS_ARGS,
  INITIALIZERS,
  KERAS_PASSTHROUGH_ARGS,
  LAYERS,
  findActivation,
  findArg,
  findInitializer,
  findLayer,
  isReluLike,
  layerWords,
  normalizeName,
  suggest,
} from './catalogue';
export type { ActivationDef, ArgDef, ArgType, InitializerDef, LayerDef } from './catalogue';
