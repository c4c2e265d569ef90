/**
 * The optimizers webview's texts (webview/optimizers/): English, and Korean with the same ids and
 * `{placeholders}`. Ids start with `optimizers.`; the host sends exactly these (plus ./webview.ts)
 * to the page (WEBVIEW_MESSAGE_IDS in ./index.ts).
 */
export const optimizersEn = {
  'optimizers.loading': 'Loading…',
} as const satisfies Record<string, string>;

export const optimizersKo: { readonly [K in keyof typeof optimizersEn]: string } = {
  'optimizers.loading': '불러오는 중…',
};
