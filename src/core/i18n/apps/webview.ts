/**
 * Texts every webview app shares (webview/shared/: the page frame, the backend badge, charts).
 * Ids start with `webview.`; every app receives them (WEBVIEW_MESSAGE_IDS in ./index.ts).
 */
export const webviewEn = {
  'webview.missing': '(missing text: {id})',
} as const satisfies Record<string, string>;

export const webviewKo: { readonly [K in keyof typeof webviewEn]: string } = {
  'webview.missing': '(빠진 문구: {id})',
};
