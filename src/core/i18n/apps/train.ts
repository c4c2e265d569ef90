/**
 * The train webview's texts (webview/train/): English, and Korean with the same ids and
 * `{placeholders}`. Ids start with `train.`; the host sends exactly these (plus ./webview.ts)
 * to the page (WEBVIEW_MESSAGE_IDS in ./index.ts).
 */
export const trainEn = {
  'train.loading': 'Loading…',
} as const satisfies Record<string, string>;

export const trainKo: { readonly [K in keyof typeof trainEn]: string } = {
  'train.loading': '불러오는 중…',
};
