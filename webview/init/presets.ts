/**
 * The init lab's choices: the lecture's five (zeros, N(0, 0.01), N(0, 1), Xavier, He), any
 * other registry initializer, and a free std. Each is an InitializerSpec, the same value the
 * spec's `init=` key parses to, so "use this init in my spec" writes exactly what was shown.
 */
import { INITIALIZERS } from '../../src/core';
import type { InitializerSpec } from '../../src/core/types';
import { formatPlainNumber as formatNumber } from '../../src/protocol/init';
export { initSpecText } from '../../src/protocol/init';

export interface InitPreset {
  id: string;
  label: string;
  spec: InitializerSpec;
}

export const LECTURE_PRESETS: InitPreset[] = [
  { id: 'zeros', label: 'zeros', spec: { name: 'zeros' } },
  { id: 'small', label: 'N(0, 0.01)', spec: { name: 'normal', std: 0.01 } },
  { id: 'big', label: 'N(0, 1)', spec: { name: 'normal', std: 1 } },
  { id: 'xavier', label: 'Xavier', spec: { name: 'glorot_normal' } },
  { id: 'he', label: 'He', spec: { name: 'he_normal' } },
];

/** Registry initializers without an argument, for the "other" menu (one list: the registry's). */
export function otherInitializers(): InitPreset[] {
  return INITIALIZERS.filter((d) => !d.takesArgument)
    .filter((d) => !LECTURE_PRESETS.some((p) => p.spec.name === d.name))
    .map((d) => ({ id: d.name, label: d.label, spec: { name: d.name } as InitializerSpec }));
}

/** A short label: the preset's when it is one, else the registry label with its argument. */
export function initLabel(spec: InitializerSpec): string {
  const preset = LECTURE_PRESETS.find((p) => sameInit(p.spec, spec));
  if (preset) return preset.label;
  if (spec.name === 'normal') return `N(0, ${formatNumber(spec.std)})`;
  if (spec.name === 'uniform') return `U(−${formatNumber(spec.limit)}, ${formatNumber(spec.limit)})`;
  return INITIALIZERS.find((d) => d.name === spec.name)?.label ?? spec.name;
}

export function sameInit(a: InitializerSpec, b: InitializerSpec): boolean {
  if (a.name !== b.name) return false;
  if (a.name === 'normal' && b.name === 'normal') return a.std === b.std;
  if (a.name === 'uniform' && b.name === 'uniform') return a.limit === b.limit;
  return true;
}
