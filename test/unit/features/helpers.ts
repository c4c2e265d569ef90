/** Shared by the feature tests: analyses of the real example files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../../../src/core';

export const examplesDir = join(__dirname, '..', '..', '..', 'examples');

export function exampleText(name: string): string {
  return readFileSync(join(examplesDir, name), 'utf8');
}

export function example(name: string): Analysis {
  return analyze(exampleText(name));
}

/** The text of 0-based line `line`. */
export function lineOf(text: string, line: number): string {
  return text.split('\n')[line] ?? '';
}
