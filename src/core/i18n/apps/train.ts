/**
 * The train webview's texts (webview/train/): English, and Korean with the same ids and
 * `{placeholders}`. Ids start with `train.`; the host sends exactly these (plus ./webview.ts)
 * to the page (WEBVIEW_MESSAGE_IDS in ./index.ts).
 */
export const trainEn = {
  'train.loading': 'Loading…',
  'train.engine.inPage': 'Training runs in this page, not in a Web Worker ({why}), so the panel may pause during each batch.',
  'train.run.stoppedBeforeFirstBatch': 'Stopped before the first batch.',
} as const satisfies Record<string, string>;

export const trainKo: { readonly [K in keyof typeof trainEn]: string } = {
  'train.loading': '불러오는 중…',
  'train.engine.inPage': '학습이 Web Worker가 아니라 이 페이지에서 실행됩니다({why}). 그래서 batch마다 패널이 잠시 멈출 수 있습니다.',
  'train.run.stoppedBeforeFirstBatch': '첫 batch 전에 중지했습니다.',
};
