/**
 * One word of a translated sentence set in <code>, <em> or <strong>: the page renders the template
 * with MARK where the word goes and splits the text there, so each language places the word where
 * its grammar wants it (src/core/i18n/apps/activations.ts). No HTML is ever built from a text.
 */

/** Stands in for the marked-up word while the template is filled (never part of a real text). */
export const MARK = '\u0000';

/** The text before and after MARK; all of it before, and nothing after, when the template has none. */
export function splitAtMark(text: string): [string, string] {
  const at = text.indexOf(MARK);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + MARK.length)];
}
