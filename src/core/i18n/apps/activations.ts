/**
 * The activations webview's texts (webview/activations/): English, and Korean with the same ids and
 * `{placeholders}`. Ids start with `activations.`; the host sends exactly these (plus ./webview.ts)
 * to the page (WEBVIEW_MESSAGE_IDS in ./index.ts).
 */
export const activationsEn = {
  'activations.loading': 'Loading…',
  'activations.costCostlier': 'costlier than ReLU',
  'activations.costCheaper': 'cheaper than ReLU',
  'activations.costSame': 'no clear difference',
  'activations.costVerdictRule': 'A function is called costlier or cheaper than ReLU only when the median ratio\'s interval (median ± 1.58·IQR/√n over the n rounds, the notch of a box plot) lies beyond {margin}× (or below {inverse}×); otherwise the rounds cannot tell the two apart on this machine: no clear difference.',
} as const satisfies Record<string, string>;

export const activationsKo: { readonly [K in keyof typeof activationsEn]: string } = {
  'activations.loading': '불러오는 중…',
  'activations.costCostlier': 'ReLU보다 비쌈',
  'activations.costCheaper': 'ReLU보다 저렴함',
  'activations.costSame': '뚜렷한 차이 없음',
  'activations.costVerdictRule': '비율 중앙값의 구간(n개 라운드에 대한 중앙값 ± 1.58·IQR/√n, 상자 그림의 notch) 전체가 {margin}×보다 크거나 {inverse}×보다 작을 때만 ReLU보다 비싸다 또는 저렴하다고 말합니다. 그렇지 않으면 이 컴퓨터에서 잰 라운드로는 둘을 구별할 수 없으므로 "뚜렷한 차이 없음"이라고 씁니다.',
};
