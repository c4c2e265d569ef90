/**
 * Texts every webview app shares (webview/shared/: the page frame, the backend badge, charts).
 * Ids start with `webview.`; every app receives them (WEBVIEW_MESSAGE_IDS in ./index.ts).
 */
export const webviewEn = {
  'webview.missing': '(missing text: {id})',
  // Starting a compute engine (webview/shared/enginePort.ts).
  'webview.engine.loadFailed': 'could not load {script} (HTTP {status})',
  'webview.engine.loadFailedPage': 'could not load {script} into the page',
  'webview.engine.workerFailed': 'the worker could not run its script',
  // webview/shared/gpu.ts: what computes on this page (badge and its sentence).
  'webview.gpu.labelNone': 'no GPU (no WebGL)',
  'webview.gpu.labelEmulated': 'no GPU (WebGL is a CPU emulation)',
  'webview.gpu.labelGpu': 'GPU: {renderer}',
  'webview.gpu.sentenceNone': 'This window gets no WebGL, so there is no GPU to use: TensorFlow.js computes on the CPU.',
  'webview.gpu.sentenceEmulated': 'There is no real GPU here: WebGL is a CPU emulation ({renderer}), so everything computes on the CPU, and WebAssembly does that faster than emulated WebGL.',
  'webview.gpu.sentenceGpu': 'WebGL runs on the GPU ({renderer}).',
  // webview/shared/tf/backend.ts
  'webview.backend.noneStarted': 'TensorFlow.js could start none of these backends: {backends}',
  'webview.backend.badge': 'TF.js backend: {backend}',
  'webview.starting': 'starting…',
  // webview/shared/tf/optimizers.ts: one sentence per TF.js optimizer and hyperparameter (formulas as written).
  'webview.optimizer.sgd': 'Steps against the gradient: x ← x − lr·g.',
  'webview.optimizer.momentum': 'Keeps a velocity v ← β·v + g and steps x ← x − lr·v: it builds speed along consistent directions and overshoots.',
  'webview.optimizer.nesterov': 'Momentum that looks ahead: x ← x − lr·(g + β·v) with the new velocity, which damps the overshoot.',
  'webview.optimizer.adagrad': 'Divides each coordinate by the root of its summed squared gradients: steep directions slow down, and every step shrinks over time.',
  'webview.optimizer.rmsprop': 'AdaGrad with a leaky (running) average of squared gradients, so steps do not die out.',
  'webview.optimizer.adam': 'Momentum (first moment) divided by RMSprop\'s root mean square (second moment), both bias-corrected: each coordinate moves about lr per step, whatever the gradient\'s scale.',
  'webview.optimizer.adadelta': 'Scales the gradient by the ratio of the running RMS of past updates to that of past gradients; in TF.js that ratio is 1 on the first step, so lr plays SGD\'s role.',
  'webview.optimizer.adamax': 'Adam with the ∞-norm: divides by u ← max(β₂·u, |g|) instead of a root mean square.',
  'webview.hyper.learningRate': 'Learning rate: the size of each step.',
  'webview.hyper.momentum': 'Momentum: the share of the previous velocity kept each step.',
  'webview.hyper.rho': 'Decay of the running average of squared gradients.',
  'webview.hyper.beta1': 'Decay of the first moment (the running mean of gradients).',
  'webview.hyper.beta2': 'Decay of the second moment (squared gradients; the ∞-norm for Adamax).',
  'webview.hyper.epsilon': 'Added to the denominator so a zero gradient history divides safely.',
  'webview.hyper.initialAccumulatorValue': 'Starting value of AdaGrad\'s sum of squared gradients.',
} as const satisfies Record<string, string>;

export const webviewKo: { readonly [K in keyof typeof webviewEn]: string } = {
  'webview.missing': '(빠진 문구: {id})',
  'webview.engine.loadFailed': '{script}를 불러오지 못했습니다 (HTTP {status})',
  'webview.engine.loadFailedPage': '{script}를 페이지에 불러오지 못했습니다',
  'webview.engine.workerFailed': '워커가 스크립트를 실행하지 못했습니다',
  'webview.gpu.labelNone': 'GPU 없음 (WebGL 없음)',
  'webview.gpu.labelEmulated': 'GPU 없음 (WebGL을 CPU가 흉내 냄)',
  'webview.gpu.labelGpu': 'GPU 사용: {renderer}',
  'webview.gpu.sentenceNone': '이 창에서는 WebGL을 쓸 수 없어 GPU가 없습니다. TensorFlow.js가 CPU로 계산합니다.',
  'webview.gpu.sentenceEmulated': '여기에는 실제 GPU가 없습니다. WebGL은 CPU가 흉내 내는 것({renderer})이라 모든 계산이 CPU에서 이루어지며, CPU에서는 WebAssembly가 흉내 낸 WebGL보다 빠릅니다.',
  'webview.gpu.sentenceGpu': 'WebGL이 GPU({renderer})에서 실행됩니다.',
  'webview.backend.noneStarted': 'TensorFlow.js가 다음 백엔드를 하나도 시작하지 못했습니다: {backends}',
  'webview.backend.badge': 'TF.js 백엔드: {backend}',
  'webview.starting': '시작하는 중…',
  'webview.optimizer.sgd': '기울기의 반대 방향으로 이동합니다: x ← x − lr·g.',
  'webview.optimizer.momentum': '속도 v ← β·v + g를 유지하며 x ← x − lr·v로 이동합니다. 같은 방향으로 계속 가면 속도가 붙고, 지나치기도 합니다.',
  'webview.optimizer.nesterov': '앞을 내다보는 momentum입니다. 새 속도로 x ← x − lr·(g + β·v)만큼 이동해 지나치는 것을 줄입니다.',
  'webview.optimizer.adagrad': '좌표마다 지금까지의 기울기 제곱 합의 제곱근으로 나눕니다. 가파른 방향은 느려지고, step은 시간이 갈수록 작아집니다.',
  'webview.optimizer.rmsprop': '기울기 제곱의 이동 평균을 쓰는 AdaGrad입니다. 그래서 step이 0으로 줄어들지 않습니다.',
  'webview.optimizer.adam': 'momentum(1차 모멘트)을 RMSprop의 제곱 평균 제곱근(2차 모멘트)으로 나누고, 둘 다 편향을 보정합니다. 기울기의 크기와 상관없이 좌표마다 한 step에 대략 lr만큼 움직입니다.',
  'webview.optimizer.adadelta': '지난 갱신량의 RMS와 지난 기울기의 RMS의 비율로 기울기를 조절합니다. TF.js에서는 첫 step의 비율이 1이므로 lr이 SGD의 학습률 역할을 합니다.',
  'webview.optimizer.adamax': '∞-노름을 쓰는 Adam입니다. 제곱 평균 제곱근 대신 u ← max(β₂·u, |g|)로 나눕니다.',
  'webview.hyper.learningRate': '학습률: 한 step의 크기입니다.',
  'webview.hyper.momentum': 'momentum: 매 step 이전 속도를 얼마나 남길지 정합니다.',
  'webview.hyper.rho': '기울기 제곱의 이동 평균이 줄어드는 비율입니다.',
  'webview.hyper.beta1': '1차 모멘트(기울기의 이동 평균)가 줄어드는 비율입니다.',
  'webview.hyper.beta2': '2차 모멘트(기울기 제곱, Adamax에서는 ∞-노름)가 줄어드는 비율입니다.',
  'webview.hyper.epsilon': '기울기 기록이 0이어도 안전하게 나누도록 분모에 더하는 값입니다.',
  'webview.hyper.initialAccumulatorValue': 'AdaGrad의 기울기 제곱 합의 시작값입니다.',
};
