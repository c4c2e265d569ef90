/**
 * Generates the TextMate grammar for `.netspec` from the catalogue, so the highlighted layer,
 * activation and initializer names are always the ones the parser accepts (one source of truth).
 * scripts/build-grammar.mjs writes the result to media/netspec.tmLanguage.json; a unit test fails
 * when the committed file and this generator disagree.
 *
 * Patterns keep to the regex syntax Oniguruma and JavaScript share (plus a leading `(?i)`, which
 * the test maps to the `i` flag), so tests can compile every pattern with RegExp.
 */
import { ACTIVATIONS, ALL_LAYERS, INITIALIZERS } from '../../core';

function escapeRegex(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Longest first, so an alternation never stops at a shorter word's prefix. */
function alternation(words: Iterable<string>): string {
  const unique = [...new Set([...words].map((w) => w.toLowerCase()))];
  unique.sort((a, b) => b.length - a.length || a.localeCompare(b));
  return unique.map(escapeRegex).join('|');
}

export function layerNameWords(): string[] {
  return [...new Set(ALL_LAYERS.flatMap((d) => [d.id, d.kerasClass, ...d.aliases]))];
}

export function activationWords(): string[] {
  return [...new Set(ACTIVATIONS.flatMap((a) => [a.name, ...a.aliases]))];
}

export function initializerWords(): string[] {
  return [...new Set(INITIALIZERS.flatMap((i) => [i.name, ...i.aliases]))];
}

type Rule = Record<string, unknown>;

export function buildGrammar(): Rule {
  const layers = alternation(layerNameWords());
  const activations = alternation(activationWords());
  const initializers = alternation(initializerWords());
  const argPatterns = [
    { include: '#comment' },
    { include: '#keyword-argument' },
    { include: '#string' },
    { include: '#size' },
    { include: '#number' },
    { include: '#constant' },
    { include: '#activation' },
    { include: '#initializer' },
    { include: '#parens' },
    { include: '#comma' },
  ];
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'NetLens model spec',
    scopeName: 'source.netspec',
    fileTypes: ['netspec'],
    patterns: [{ include: '#comment' }, { include: '#keras-call' }, { include: '#layer-line' }],
    repository: {
      comment: {
        match: '(#).*$',
        name: 'comment.line.number-sign.netspec',
        captures: { '1': { name: 'punctuation.definition.comment.netspec' } },
      },
      // `tf.keras.layers.Conv2D(64, kernel_size=(2, 2), padding='same')` pasted from Python.
      'keras-call': {
        begin: `(?i)^\\s*((?:tf\\.)?(?:keras\\.)?(?:layers\\.)?)(${layers})(\\()`,
        beginCaptures: {
          '1': { name: 'entity.name.namespace.netspec' },
          '2': { name: 'support.class.layer.netspec' },
          '3': { name: 'punctuation.section.arguments.begin.netspec' },
        },
        end: '(\\))|$',
        endCaptures: { '1': { name: 'punctuation.section.arguments.end.netspec' } },
        patterns: argPatterns,
      },
      // `conv2d 64 kernel=2 padding=same activation=relu`
      'layer-line': {
        begin: `(?i)^\\s*(${layers})(?=\\s|#|$)`,
        beginCaptures: { '1': { name: 'support.class.layer.netspec' } },
        end: '$',
        patterns: argPatterns,
      },
      'keyword-argument': {
        match: '\\b([A-Za-z_]\\w*)\\s*(=)',
        captures: {
          '1': { name: 'variable.parameter.key.netspec' },
          '2': { name: 'keyword.operator.assignment.netspec' },
        },
      },
      string: {
        patterns: [
          { match: "'[^'\\n]*'?", name: 'string.quoted.single.netspec' },
          { match: '"[^"\\n]*"?', name: 'string.quoted.double.netspec' },
        ],
      },
      // 3x3, 32x32x3, 2×2
      size: {
        match: '(?<![\\w.])\\d+(?:\\s*[xX×]\\s*\\d+)+(?![\\w.])',
        name: 'constant.numeric.size.netspec',
      },
      number: {
        match: '(?<![\\w.])[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?(?![\\w.])',
        name: 'constant.numeric.netspec',
      },
      constant: {
        match: '(?i)(?<![\\w.])(valid|same|true|false|none)(?![\\w.])',
        name: 'constant.language.netspec',
      },
      activation: {
        match: `(?i)(?<![\\w.])(${activations})(?![\\w.])`,
        name: 'support.function.activation.netspec',
      },
      initializer: {
        match: `(?i)(?<![\\w.])(${initializers})(?![\\w.])`,
        name: 'support.function.initializer.netspec',
      },
      // (3, 5) and ((1, 1), (2, 2)); a line end closes an unbalanced one so it cannot leak.
      parens: {
        begin: '\\(',
        beginCaptures: { '0': { name: 'punctuation.section.parens.begin.netspec' } },
        end: '(\\))|$',
        endCaptures: { '1': { name: 'punctuation.section.parens.end.netspec' } },
        patterns: argPatterns,
      },
      comma: { match: ',', name: 'punctuation.separator.comma.netspec' },
    },
  };
}

/** The grammar file's exact text (stable key order, two-space indent, final newline). */
export function grammarJson(): string {
  return JSON.stringify(buildGrammar(), null, 2) + '\n';
}
