/**
 * The languages NetLens writes in, on a module of their own so that code bundled into a webview
 * (src/protocol/common.ts) can check a language without bundling the catalogues of ./index.ts.
 */
export type Lang = 'en' | 'ko';
export const LANGS: readonly Lang[] = ['en', 'ko'];

/** Any string a caller passes (a CLI flag, a setting, a webview message) read as a language, or undefined. */
export function parseLang(value: unknown): Lang | undefined {
  return value === 'en' || value === 'ko' ? value : undefined;
}
