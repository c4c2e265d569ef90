/** NetLens's pure core: the only module the CLI, the extension host and the webviews import. */
export * from './types';
export { analyze, argumentEdit, setInitializerEdits, windowAxis } from './analyze';
export { commentStart, parse } from './parse';
export type { Arg, Statement, Value, ParseResult } from './parse';
export { formatSummary, summaryRows } from './summary';
export type { SummaryRow } from './summary';
export { formatBytes, formatCompact, formatCount, formatShape, formatShapeCompact } from './format';
export {
  ACTIVATIONS,
  ALL_LAYERS,
  INITIALIZERS,
  LAYERS,
  findActivation,
  findArg,
  findInitializer,
  findLayer,
  layerWords,
  normalizeName,
  suggest,
} from './catalogue';
export type { ActivationDef, ArgDef, ArgType, InitializerDef, LayerDef } from './catalogue';
