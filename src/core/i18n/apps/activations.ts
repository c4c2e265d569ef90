/**
 * The activations webview's texts (webview/activations/): English, and Korean with the same ids and
 * `{placeholders}`. Ids start with `activations.`; the host sends exactly these (plus ./webview.ts)
 * to the page (WEBVIEW_MESSAGE_IDS in ./index.ts).
 */
export const activationsEn = {
  'activations.loading': 'Loading…',
} as const satisfies Record<string, string>;

export const activationsKo: { readonly [K in keyof typeof activationsEn]: string } = {
  'activations.loading': '불러오는 중…',
};
