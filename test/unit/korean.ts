/**
 * Checks of Korean text shared by the unit tests: Hangul present, formulas kept as the English
 * has them, and no English sentence left outside the technical terms the lecture keeps in English.
 */

export const HANGUL = /[\uac00-\ud7a3]/;

/** Strips the brackets and punctuation a Korean sentence places differently around a word. */
function bare(word: string): string {
  return word.replace(/^[([{"']+/, '').replace(/[)\]}"'.,;:!?]+$/, '');
}

/**
 * The pieces of an English doc that must read the same in Korean: its `code spans`, and every
 * word that holds a digit or a mathematical sign (`O = ⌈I/S⌉`, `randn/√fan_in`, `0.01`, `6×`).
 */
export function formulaPieces(english: string): string[] {
  const spans = english.match(/`[^`]*`/g) ?? [];
  const words = english
    .replace(/`[^`]*`/g, ' ')
    .split(/\s+/)
    .map(bare)
    .filter((w) => /[\d=<>+−×·/√⌊⌋⌈⌉Σ^²ᵢⱼαβγλσ≈|]/.test(w) && !/^[=<>+−×·/]$/.test(w));
  return [...spans, ...words];
}

/** Whether a rule's words are prose (`no`, `per`, `unchanged`) rather than a formula's letters. */
export function hasProse(rule: string): boolean {
  const variables = new Set(['top', 'bottom', 'left', 'right', 'units', 'filters', 'pieces']);
  return rule
    .replace(/`[^`]*`/g, ' ')
    .split(/\s+/)
    .map(bare)
    .some((w) => /^[A-Za-z]{2,}$/.test(w) && !variables.has(w));
}

/**
 * Terms the lecture and Keras keep in English inside Korean sentences (see src/core/i18n/ko.ts),
 * removed before looking for English prose.
 */
const ALLOWED_TERMS = [
  'dead ReLU', 'leaky ReLU', 'Leaky ReLU', 'thresholded ReLU', 'learning rate', 'zero padding', 'zero-centered', 'self-normalizing',
  'Fully connected', 'batch normalization', 'channels last', 'model.summary()',
];

/**
 * English sentences in `text` (three words in a row, the second and third lower case, as the
 * source scan of test/unit/core/i18n-scan.test.ts finds them), after code spans, code blocks and
 * the allowed terms are taken out. Empty for Korean that keeps only technical terms in English.
 */
export function englishProse(text: string): string[] {
  let rest = text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`]*`/g, ' ');
  for (const term of ALLOWED_TERMS) rest = rest.split(term).join(' ');
  return rest.match(/\b[A-Za-z][a-z]+ [a-z]{2,} [a-z]{2,}\b/g) ?? [];
}
