/**
 * The init webview's texts (webview/init/): English, and Korean with the same ids and
 * `{placeholders}`. Ids start with `init.`; the host sends exactly these (plus ./webview.ts)
 * to the page (WEBVIEW_MESSAGE_IDS in ./index.ts).
 */
export const initEn = {
  'init.loading': 'Loading…',
} as const satisfies Record<string, string>;

export const initKo: { readonly [K in keyof typeof initEn]: string } = {
  'init.loading': '불러오는 중…',
};
