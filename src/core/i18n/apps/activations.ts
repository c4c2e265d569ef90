/**
 * The activations webview's texts (webview/activations/): English, and Korean with the same ids and
 * `{placeholders}`. Ids start with `activations.`; the host sends exactly these (plus ./webview.ts)
 * to the page (WEBVIEW_MESSAGE_IDS in ./index.ts). Formulas (f(x) = …) are not texts: the page
 * shows the registry's own (src/core/catalogue.ts) in both languages.
 *
 * The `{grad}`, `{dead}`, `{alpha}` and `{share}` placeholders mark where the page sets a word in
 * <code>, <em> or <strong> (webview/activations/markup.ts), so the Korean may put it anywhere.
 */
import { ACTIVATIONS } from '../../../core/catalogue';
import type { ActivationName } from '../../../core/types';
import { activationDoc } from '../../../core/i18n/docs';
import type { Lang } from '../../../core/i18n/lang';

/** Ids of the functions' one-line descriptions (the explorer's tooltips): every registry activation, and Maxout. */
export type ActivationDocId = `activations.doc.${ActivationName | 'maxout'}`;

/**
 * The registry activations' descriptions, from their one source: the catalogue's `doc` in English,
 * its Korean twin in ../docs.ts. Called in pure-marked expressions, so a page bundle that imports
 * the core can drop them with the catalogue.
 */
function registryDocs(lang: Lang): Record<`activations.doc.${ActivationName}`, string> {
  return Object.fromEntries(ACTIVATIONS.map((a) => [`activations.doc.${a.name}`, activationDoc(a, lang)])) as Record<`activations.doc.${ActivationName}`, string>;
}

const activationsOwnEn = {
  'activations.title': 'Activation functions',
  'activations.backendBadge': 'TF.js backend: {backend} · {gpu}',
  'activations.backendTitle': 'TF.js backend computing everything on this page. {gpu}',
  'activations.starting': 'starting…',
  'activations.lede':
    'f (solid) and f′ (dashed, from {grad}) for the functions you tick; the shaded bands are where |f′| < 0.01, where the function kills the gradient. Drag on the chart to zoom, double-click to reset.',
  'activations.failed': 'Something went wrong: {reason}',
  'activations.beyondSlides': 'beyond the slides',
  'activations.resetParams': 'reset',
  'activations.doc.maxout': 'Generalizes ReLU (w1=1, the rest 0) and Leaky ReLU (w2=α); never dies, but doubles the parameters.',
  'activations.noCurve.softmax': 'softmax acts on a whole vector (it normalises scores into probabilities), so it has no curve f(x).',
  'activations.preluLearned': 'learned α = {alpha} after {steps} Adam steps on two rings (from α = 0.25; accuracy {accuracy} %).',
  'activations.preluAgain': 'learn again',
  'activations.preluWaiting': 'α: waiting',
  'activations.preluTraining': 'α: learning from a short training run…',
  'activations.preluFailed': 'α: the training run failed ({reason})',
  'activations.shaded': 'Shaded: |f′| < 0.01, the function kills the gradient there.',
  'activations.bandOverlap': 'Darker where bands overlap ({ranges}): several functions kill the gradient there.',
  'activations.noBand': 'No shown function kills the gradient on [−8, 8] (no band).',
  'activations.nowhere': 'none',
  'activations.everywhere': 'everywhere',
  'activations.readoutAt': 'read-out at x =',
  'activations.function': 'function',
  'activations.hoverAt': 'hover x = {x}: f',
  'activations.questions': "The lecture's three questions, measured",
  'activations.method':
    'Kills the gradient: x where |f′| < 0.01 on [−8, 8]. Zero-centred: mean of f(x) over 10⁶ samples x ~ N(0, 1). Cost: time per 10⁶ elements, relative to ReLU, on {column} and on the CPU: the median over {rounds} timed rounds after 2 warm-up rounds, ± half the spread between the middle rounds ({status}).',
  'activations.statusWaiting': 'waiting',
  'activations.statusMeasuring': 'measuring…',
  'activations.statusDone': 'done',
  'activations.statusFailed': 'failed: {reason}',
  'activations.statusCpu': 'CPU column: {status}',
  'activations.measureAgain': 'measure cost again',
  'activations.costWhy':
    'Why the two cost columns differ: sigmoid, tanh, ELU, SELU, softplus and exponential call exp(). On a GPU an element-wise op is bound by memory traffic (reading and writing each number takes longer than the arithmetic), so exp() is nearly free there and every function costs about what ReLU costs. On a CPU exp() takes tens of instructions per element while max(0, x) takes one, so it shows. The lecture\'s "exp() is expensive" is about that arithmetic: read the CPU column.',
  'activations.killsWhere': 'kills the gradient where',
  'activations.meanF': 'mean f(x)',
  'activations.zeroCentredQ': 'zero-centred?',
  'activations.yes': 'yes',
  'activations.no': 'no',
  'activations.columnEmulated': 'WebGL (a CPU emulation)',
  'activations.columnNoWebgl': '{backend} (no WebGL here)',
  'activations.backendMissing': 'TF.js has no {backend} backend here',
  // DeadRelu.svelte
  'activations.deadTitle': 'Dead ReLU',
  'activations.deadIntro':
    "A 10 → 64 → 64 → 1 ReLU network (He init, seed fixed) takes 20 SGD steps on a regression batch. A unit is {dead} when it outputs 0 for every sample of the batch: then dL/dw = 0 and it never recovers. The lecture's advice: mind the learning rate.",
  'activations.deadWord': 'dead',
  'activations.learningRate': 'learning rate',
  'activations.deadTraining': 'training…',
  'activations.deadRun': 'train 20 steps',
  'activations.deadBefore': 'dead before',
  'activations.deadAfter': 'dead after',
  'activations.lossBeforeAfter': 'loss before → after',
  'activations.perLayerAfter': 'per layer after',
  'activations.careful': '{lr} (careful)',
  'activations.deadOf': '({dead} of {total})',
  'activations.diverged': 'diverged (NaN)',
  // Zigzag.svelte and zigzagDraw.ts
  'activations.zigzagTitle': 'Not zero-centred: the zig-zag',
  'activations.zigzagIntro':
    'One neuron z = w1·x1 + w2·x2 learns to match a target (w1, w2) = (1, −1) from (−1, 1), one sample per SGD step; dL/dw comes from {grad}. With inputs that are all positive (as after a sigmoid or ReLU), dL/dw1 and dL/dw2 always share a sign, so each step moves both weights up or both down, and the path to (1, −1) zig-zags.',
  'activations.zigzagPositive': 'all-positive inputs x ~ U(0.1, 1)',
  'activations.zigzagCentred': 'zero-centred inputs x ~ N(0, 0.5²)',
  'activations.zigzagStats': 'same-sign steps: {share}; path length / straight distance: {detour}; distance left: {left}',
  'activations.zigzagSigns': 'sign of (dL/dw1, dL/dw2) at each step',
  'activations.computing': 'computing…',
  'activations.target': 'target',
} as const satisfies Record<string, string>;

export const activationsEn = /* @__PURE__ */ Object.assign({}, activationsOwnEn, /* @__PURE__ */ registryDocs('en'));

const activationsOwnKo: { readonly [K in keyof typeof activationsOwnEn]: string } = {
  'activations.title': '활성화 함수',
  'activations.backendBadge': 'TF.js 백엔드: {backend} · {gpu}',
  'activations.backendTitle': '이 페이지의 모든 값을 계산하는 TF.js 백엔드입니다. {gpu}',
  'activations.starting': '시작하는 중…',
  'activations.lede':
    '체크한 함수의 f(실선)와 f′(점선, {grad}로 계산)를 그립니다. 음영 구간은 |f′| < 0.01인 곳, 즉 함수가 기울기를 죽이는 곳입니다. 차트를 드래그하면 확대되고, 더블클릭하면 원래대로 돌아갑니다.',
  'activations.failed': '문제가 생겼습니다: {reason}',
  'activations.beyondSlides': '강의 범위 밖',
  'activations.resetParams': '초기화',
  'activations.doc.maxout': 'ReLU(w1=1, 나머지는 0)와 Leaky ReLU(w2=α)를 일반화합니다. 죽지 않지만 파라미터 수가 두 배가 됩니다.',
  'activations.noCurve.softmax': 'softmax는 벡터 전체에 작용하므로(점수를 확률로 정규화합니다) 그릴 곡선 f(x)가 없습니다.',
  'activations.preluLearned': '두 개의 고리 데이터에서 Adam으로 {steps} step 학습해 찾은 α = {alpha} (시작값 α = 0.25, 정확도 {accuracy} %).',
  'activations.preluAgain': '다시 학습',
  'activations.preluWaiting': 'α: 기다리는 중',
  'activations.preluTraining': 'α: 짧은 학습으로 찾는 중…',
  'activations.preluFailed': 'α: 학습에 실패했습니다 ({reason})',
  'activations.shaded': '음영: |f′| < 0.01, 함수가 기울기를 죽이는 구간입니다.',
  'activations.bandOverlap': '구간이 겹치는 곳({ranges})은 더 진하게 보입니다: 여러 함수가 함께 기울기를 죽이는 곳입니다.',
  'activations.noBand': '표시한 함수 중 [−8, 8]에서 기울기를 죽이는 함수가 없습니다 (음영 없음).',
  'activations.nowhere': '없음',
  'activations.everywhere': '모든 곳',
  'activations.readoutAt': '값 읽기: x =',
  'activations.function': '함수',
  'activations.hoverAt': '커서 위치 x = {x}: f',
  'activations.questions': '강의의 세 가지 질문을 직접 재 봅니다',
  'activations.method':
    '기울기를 죽이는 곳: [−8, 8]에서 |f′| < 0.01인 x. zero-centered: x ~ N(0, 1) 표본 10⁶개에 대한 f(x)의 평균. 비용: 원소 10⁶개당 시간을 ReLU와 비교한 값으로, {column}과 CPU에서 잽니다. 워밍업 2번 뒤 {rounds}번 잰 값의 중앙값이고, ±는 가운데 측정값들이 퍼진 폭의 절반입니다 ({status}).',
  'activations.statusWaiting': '기다리는 중',
  'activations.statusMeasuring': '재는 중…',
  'activations.statusDone': '완료',
  'activations.statusFailed': '실패: {reason}',
  'activations.statusCpu': 'CPU 열: {status}',
  'activations.measureAgain': '비용 다시 재기',
  'activations.costWhy':
    '두 비용 열이 다른 이유: sigmoid, tanh, ELU, SELU, softplus, exponential은 exp()를 부릅니다. GPU에서 원소별 연산은 메모리 전송량이 속도를 정합니다(숫자를 읽고 쓰는 데 계산보다 시간이 더 걸립니다). 그래서 GPU에서는 exp()가 거의 공짜이고, 어느 함수든 ReLU와 비용이 비슷합니다. CPU에서는 exp()가 원소마다 명령어 수십 개를 쓰지만 max(0, x)는 하나면 되므로 차이가 드러납니다. 강의의 "exp()는 계산이 비싸다"는 바로 이 계산량 이야기입니다: CPU 열을 보세요.',
  'activations.killsWhere': '기울기를 죽이는 곳',
  'activations.meanF': 'f(x) 평균',
  'activations.zeroCentredQ': 'zero-centered인가?',
  'activations.yes': '예',
  'activations.no': '아니요',
  'activations.columnEmulated': 'WebGL (CPU 에뮬레이션)',
  'activations.columnNoWebgl': '{backend} (여기서는 WebGL 없음)',
  'activations.backendMissing': '여기서는 TF.js의 {backend} 백엔드를 쓸 수 없습니다',
  'activations.deadTitle': 'Dead ReLU (죽은 ReLU)',
  'activations.deadIntro':
    '10 → 64 → 64 → 1 ReLU 네트워크(He 초기화, seed 고정)가 회귀 batch 하나로 SGD 20 step을 학습합니다. batch의 모든 샘플에 0만 출력하는 unit은 {dead} unit입니다: 그러면 dL/dw = 0이 되어 다시는 살아나지 못합니다. 강의의 조언: learning rate에 주의하세요.',
  'activations.deadWord': '죽은',
  'activations.learningRate': 'learning rate (학습률)',
  'activations.deadTraining': '학습 중…',
  'activations.deadRun': '20 step 학습',
  'activations.deadBefore': '학습 전 죽은 비율',
  'activations.deadAfter': '학습 후 죽은 비율',
  'activations.lossBeforeAfter': '손실 (학습 전 → 후)',
  'activations.perLayerAfter': '학습 후 레이어별',
  'activations.careful': '{lr} (신중한 값)',
  'activations.deadOf': '({total}개 중 {dead}개)',
  'activations.diverged': '발산 (NaN)',
  'activations.zigzagTitle': 'zero-centered가 아니면: 지그재그',
  'activations.zigzagIntro':
    '뉴런 하나 z = w1·x1 + w2·x2가 (−1, 1)에서 출발해 목표 (w1, w2) = (1, −1)에 맞추도록 학습합니다. SGD step마다 샘플 하나를 쓰고, dL/dw는 {grad}로 구합니다. 입력이 모두 양수이면(sigmoid나 ReLU를 지난 뒤처럼) dL/dw1과 dL/dw2의 부호가 늘 같아서, 매 step 두 가중치가 함께 오르거나 함께 내려갑니다. 그래서 (1, −1)로 가는 길이 지그재그가 됩니다.',
  'activations.zigzagPositive': '모두 양수인 입력 x ~ U(0.1, 1)',
  'activations.zigzagCentred': 'zero-centered 입력 x ~ N(0, 0.5²)',
  'activations.zigzagStats': '부호가 같은 step: {share}; 경로 길이 / 직선 거리: {detour}; 남은 거리: {left}',
  'activations.zigzagSigns': '각 step의 (dL/dw1, dL/dw2) 부호',
  'activations.computing': '계산 중…',
  'activations.target': '목표',
};

export const activationsKo: { readonly [K in keyof typeof activationsEn]: string } = /* @__PURE__ */ Object.assign(
  {},
  activationsOwnKo,
  /* @__PURE__ */ registryDocs('ko'),
);
