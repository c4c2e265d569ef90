/**
 * The catalogue's documentation (src/core/catalogue.ts: layer docs, argument docs, value docs,
 * activation and initializer docs, shape and parameter rules) in the student's language. English
 * is the catalogue's own text, its one source; Korean twins live here, keyed by the same names
 * (layer id, argument name, activation or initializer name). A unit test holds every catalogue
 * doc to a Korean twin that keeps its `code spans`, numbers and formulas
 * (test/unit/core/i18n-docs.test.ts).
 *
 * Written for the lecture's students: the terms the lecture keeps in English stay English (ReLU,
 * Xavier, He, padding, stride, Conv2D, batch, filter, kernel, unit, shape), formulas unchanged.
 */
import { ACTIVATIONS, type ActivationDef, type ArgDef, type InitializerDef, type LayerDef } from '../../core/catalogue';
import type { Lang } from './index';

/** Korean layer docs by layer id (an activation standing alone on a line uses its activation's doc). */
export const LAYER_DOC_KO: Readonly<Record<string, string>> = {
  input: '샘플 하나의 shape이며 batch 축은 빼고 씁니다: 컬러 이미지는 `32x32x3`, 벡터는 `784`나 `2`. 모델의 맨 앞에 딱 한 번 씁니다.',
  conv2d: '`filters`개의 filter는 각각 KERNEL×KERNEL×C_in 크기의 가중치 창과 bias 하나로 이루어지고, 0으로 padding한 입력 위를 stride S로 미끄러지며 계산합니다.',
  maxpool2d: '채널마다 각 창의 최댓값을 취해 크기를 줄입니다. stride를 쓰지 않으면 pool 크기와 같습니다.',
  avgpool2d: '채널마다 각 창의 평균을 내어 크기를 줄입니다. stride를 쓰지 않으면 pool 크기와 같습니다.',
  globalavgpool2d: '채널마다 숫자 하나를 냅니다: 모든 위치의 평균입니다.',
  globalmaxpool2d: '채널마다 숫자 하나를 냅니다: 모든 위치의 최댓값입니다.',
  flatten: '가중치 없이 모양만 바꿔서, 뒤에 dense 레이어가 올 수 있게 합니다.',
  zeropad2d: '모든 변에 0을 P개씩 덧붙입니다 (또는 위아래로 P행과 좌우로 Q열, 또는 ((top, bottom), (left, right))).',
  dense: 'y = activation(x·W + b). 입력의 축이 여러 개(rank > 1)이면 Keras처럼 마지막 축에만 적용됩니다.',
  maxout:
    'max(w₁·x + b₁, w₂·x + b₂, …): ReLU와 Leaky ReLU를 일반화한 함수로 죽지 않지만, 파라미터가 `pieces`배로 늘어납니다 (강의의 표현으로는 "파라미터 수가 두 배").',
  dropout: '과적합을 줄이는 regularization 기법입니다. 가중치가 없고 shape는 그대로입니다.',
  batchnorm: '채널마다 batch의 평균과 분산으로 정규화한 뒤 γ를 곱하고 β를 더합니다. 추론에 쓸 평균과 분산의 이동 평균도 계속 기록합니다.',
  normalize:
    '`axis`를 따라 항목마다 (x − mean)/√variance를 계산합니다 (채널마다). mean과 variance는 경사 하강법으로 학습하지 않습니다: Keras는 `fit()` 전에 **학습** 데이터에 `adapt()`를 불러 채우거나 (검증 데이터로 계산하면 안 됩니다: 검증 데이터가 모델에 새어 들어갑니다), `mean=`과 `variance=`에서 가져옵니다.',
  activation: '앞 레이어의 `activation=` 키와 같은 일을 하는 레이어를 따로 한 줄에 씁니다.',
};

/**
 * Korean argument docs: `layer.argument` for a doc only that layer has, else the argument's name
 * (the test checks that every layer sharing a name-keyed twin has the same English doc).
 */
export const ARG_DOC_KO: Readonly<Record<string, string>> = {
  activation: '출력에 적용하는 활성화 함수: ' + ACTIVATIONS.map((a) => a.name).join(', ') + '.',
  init: '가중치 초기화 방법: zeros, normal(STD), xavier, glorot_uniform (기본값), he, lecun_normal, ...',
  use_bias: '레이어가 학습되는 bias를 더할지 정합니다 (출력 unit이나 filter마다 하나).',
  padding:
    '`valid`(padding 없음, P = 0), `same`(출력 = ceil(I/S), 0은 Keras처럼 양쪽에 나누어 붙이고 남는 하나는 뒤쪽에), 또는 직접 정하는 zero padding P, PxQ, ((top, bottom), (left, right)).',
  'zeropad2d.padding': 'P, PxQ 또는 ((top, bottom), (left, right)) 형태로 씁니다.',
  stride: '창이 한 번에 움직이는 거리(S): 숫자 하나나 HxW.',
  'maxpool2d.stride': '창이 한 번에 움직이는 거리(S): 숫자 하나나 HxW. None이거나 쓰지 않으면 pool 크기와 같습니다.',
  'avgpool2d.stride': '창이 한 번에 움직이는 거리(S): 숫자 하나나 HxW. None이거나 쓰지 않으면 pool 크기와 같습니다.',
  pool: '창의 크기 F.',
  shape: '이미지는 H×W×C, 벡터는 N으로 씁니다.',
  filters: 'filter 개수 = 출력 채널 수.',
  kernel: 'filter 크기 F: 숫자 하나나 HxW.',
  dilation: 'filter 탭 사이의 간격(D). 창이 F + (F−1)(D−1)만큼 퍼집니다.',
  units: '출력 unit 개수.',
  pieces: 'unit마다 있는 선형 조각의 수.',
  rate: '0으로 만드는 입력의 비율, [0, 1) 범위.',
  axis: '정규화하는 축 (이 축의 항목마다 γ, β, 평균, 분산이 하나씩): -1은 채널, 1은 batch 다음 첫 번째 축.',
  momentum: '이동 평균의 momentum.',
  epsilon: '0으로 나누지 않도록 분산에 더하는 값 (0보다 커야 합니다).',
  center: '이동값 β를 학습합니다 (center=false이면 β 없음).',
  scale: '배율 γ를 학습합니다 (scale=false이면 γ 없음).',
  'normalize.axis': '유지하는 축 (이 축의 항목마다 mean과 variance가 하나씩): -1은 채널, 1은 batch 다음 첫 번째 축.',
  mean: '고정된 평균 (모든 채널에 같은 숫자 하나)이며 `variance`와 함께 줍니다. 둘 다 없으면 `adapt()`가 계산합니다.',
  variance: '고정된 분산 (모든 채널에 같은 숫자 하나)이며 `mean`과 함께 줍니다.',
  'leaky_relu.alpha': 'x < 0 쪽의 기울기 (강의에서는 0.01). 붙여 넣은 Keras LeakyReLU()는 Keras의 기본값 0.3을 씁니다.',
  'elu.alpha': 'x가 아주 작은 음수일 때 함수가 다가가는 값이 −α입니다.',
  max_value: '출력의 상한 (Keras ReLU(max_value=...)). 6이면 ReLU6이 됩니다.',
  negative_slope: 'x < 0 쪽의 기울기 (0보다 크면 leaky ReLU가 됩니다).',
  threshold: 'Keras의 thresholded ReLU입니다. NetLens는 0만 받습니다.',
  shared_axes:
    'α 하나를 함께 쓰는 축들이며, 번호는 Keras의 방식을 따릅니다 (이미지라면 1 = 높이, 2 = 너비, 3 = 채널): shared_axes=[1, 2]이면 채널마다 α를 하나씩 학습합니다.',
  'softmax.axis': '확률을 더해 1이 되는 축입니다. NetLens는 마지막 축(-1)만 받습니다.',
  l2: 'L2 regularization(weight decay)의 세기 λ: 이 레이어 kernel의 λ·Σw²를 loss에 더합니다. Keras의 kernel_regularizer=L2(λ)와 같습니다. 파라미터를 늘리지 않고 shape도 바꾸지 않습니다.',
  l1: 'L1 regularization의 세기 λ: 이 레이어 kernel의 λ·Σ|w|를 loss에 더합니다. Keras의 kernel_regularizer=L1(λ)와 같고, 가중치를 정확히 0으로 밀어 줍니다. 파라미터를 늘리지 않고 shape도 바꾸지 않습니다.',
  kernel_regularizer: "Keras에서 kernel에 주는 penalty: l2(λ)는 loss에 λ·Σw²를, l1(λ)는 λ·Σ|w|를, l1_l2(l1=…, l2=…)는 둘 다 더합니다. `'l2'`나 `'l1'`만 쓰면 λ = 0.01입니다. 파라미터를 늘리지 않고 shape도 바꾸지 않습니다.",
  bias_regularizer: 'Keras에서 bias에 주는 penalty로, kernel_regularizer처럼 씁니다: l2(λ)는 loss에 λ·Σb²를 더합니다. 파라미터를 늘리지 않습니다.',
};

/** Korean docs of an argument's values (completion's details pane), keyed `argument.value`. */
export const VALUE_DOC_KO: Readonly<Record<string, string>> = {
  'padding.valid': 'padding 없음 (P = 0): 창이 입력 안에서만 움직이고, O = ⌊(I − F)/S⌋ + 1.',
  'padding.same': 'O = ⌈I/S⌉가 되도록 0을 채웁니다 (stride 1이면 O = I). 0이 홀수 개라 하나 남으면 Keras는 그것을 뒤쪽(bottom, right)에 둡니다.',
  'kernel_regularizer.l2(1e-4)': 'loss에 1e-4·Σw²를 더합니다.',
  'kernel_regularizer.l1(1e-4)': 'loss에 1e-4·Σ|w|를 더합니다.',
  'kernel_regularizer.l1_l2(l1=1e-5, l2=1e-4)': 'loss에 1e-5·Σ|w| + 1e-4·Σw²를 더합니다.',
  'bias_regularizer.l2(1e-4)': 'loss에 1e-4·Σw²를 더합니다.',
  'bias_regularizer.l1(1e-4)': 'loss에 1e-4·Σ|w|를 더합니다.',
  'bias_regularizer.l1_l2(l1=1e-5, l2=1e-4)': 'loss에 1e-5·Σ|w| + 1e-4·Σw²를 더합니다.',
};

/** Korean activation docs, and the docs of their α, by activation name. */
export const ACTIVATION_DOC_KO: Readonly<Record<string, string>> = {
  linear: '활성화 함수가 없습니다: 레이어가 선형 그대로 남습니다.',
  relu: '가장 널리 쓰입니다. x > 0에서 포화되지 않고 계산이 싸며, sigmoid/tanh보다 약 6× 빠르게 수렴합니다. 출력이 zero-centered가 아니고, 입력이 늘 음수인 unit은 "죽어서"(dead ReLU) dL/dw = 0이 계속됩니다: learning rate에 주의하세요.',
  sigmoid: '범위 [0, 1]. 포화되면 기울기(gradient)를 죽이고, zero-centered가 아니어서 업데이트가 지그재그로 움직이며, exp() 계산이 비쌉니다. 강의의 조언: 은닉층에는 쓰지 마세요.',
  tanh: '범위 [−1, 1]. zero-centered이지만 포화되면 여전히 기울기를 죽입니다.',
  softmax: '마지막 레이어의 점수를 클래스별 확률로 바꿉니다.',
  leaky_relu: 'ReLU와 같지만 x < 0에서도 작은 기울기가 있어서 죽지 않습니다.',
  prelu: '기울기 α를 학습하는 Leaky ReLU입니다. 입력 원소마다 α가 하나씩 있어서(Keras PReLU, shared_axes=None) 파라미터가 늘어납니다.',
  elu: 'ReLU의 장점을 모두 갖고, 출력의 평균이 0에 더 가까우며 잡음에 강합니다. exp() 계산은 비쌉니다. ReLU와 Leaky ReLU의 중간입니다.',
  selu: '스스로 정규화하는(self-normalizing) ELU입니다 (λ ≈ 1.0507, α ≈ 1.6733).',
  gelu: 'transformer에서 쓰는 매끄러운 ReLU입니다 (강의 슬라이드 밖의 내용).',
  silu: '매끄럽고 단조롭지 않은, ReLU를 닮은 함수입니다 (강의 슬라이드 밖의 내용).',
  softplus: '매끄러운 ReLU입니다 (강의 슬라이드 밖의 내용).',
  softsign: 'tanh와 비슷하지만 양 끝이 다항식 속도로 천천히 포화됩니다.',
  hard_sigmoid: '계산이 싼 구간별 선형 sigmoid입니다.',
  relu6: '6에서 잘리는 ReLU입니다 (모바일 네트워크용).',
  exponential: '지수 함수입니다.',
};
export const ALPHA_DOC_KO: Readonly<Record<string, string>> = {
  leaky_relu: 'x < 0 쪽의 기울기 (강의에서는 0.01).',
  elu: 'x가 아주 작은 음수일 때 함수가 다가가는 값이 −α입니다.',
};

/** Korean initializer docs by initializer name. */
export const INITIALIZER_DOC_KO: Readonly<Record<string, string>> = {
  zeros: '모든 unit이 같은 값을 계산하고 같은 기울기를 받아서 대칭이 끝내 깨지지 않습니다 (강의의 아이디어 1).',
  ones: '모든 가중치가 1입니다: zeros처럼 대칭입니다.',
  normal:
    '작은 난수(σ = 0.01, 강의의 아이디어 2)는 깊은 네트워크에서 활성값을 0으로 줄어들게 하고, 큰 난수(σ = 1.0, 아이디어 3)는 tanh unit을 포화시킵니다. Keras RandomNormal의 기본값은 σ = 0.05입니다.',
  uniform: '[−a, a]에서 균등하게 뽑습니다. Keras RandomUniform의 기본값은 a = 0.05입니다.',
  glorot_normal: 'tanh에서 층이 깊어져도 활성값의 분포가 건강하게 유지됩니다 (강의의 Xavier인 randn/√fan_in은 fan_in만 쓰는 형태입니다).',
  glorot_uniform: 'Keras의 기본 kernel 초기화 방법입니다.',
  he_normal: 'ReLU용입니다. Xavier를 쓰면 ReLU 레이어를 지날 때마다 분포의 폭이 절반으로 줄어드는데, 인수 2가 이를 바로잡습니다.',
  he_uniform: 'He 초기화의 균등분포(uniform) 형태입니다.',
  lecun_normal: 'randn/√fan_in: 강의에서 "Xavier"라고 부르는 공식이며, SELU에 맞는 선택입니다.',
  lecun_uniform: 'LeCun 초기화의 균등분포(uniform) 형태입니다.',
};

const WINDOW_RULE_KO = 'O = floor((I + 2P − F_eff)/S) + 1 (축마다), F_eff = F + (F−1)(D−1); `same`: O = ceil(I/S)';

/** Korean shape rules by layer id, where the English has words (a formula alone reads the same). */
export const SHAPE_RULE_KO: Readonly<Record<string, string>> = {
  input: '출력 = 주어진 shape.',
  conv2d: WINDOW_RULE_KO + '; 채널 수 = filters',
  maxpool2d: WINDOW_RULE_KO + '; 채널 수는 그대로',
  avgpool2d: WINDOW_RULE_KO + '; 채널 수는 그대로',
  dropout: '입력과 같음',
  batchnorm: '입력과 같음',
  normalize: '입력과 같음',
  activation: '입력과 같음',
};

/** Korean parameter rules by layer id, where the English has words. */
export const PARAM_RULE_KO: Readonly<Record<string, string>> = {
  conv2d: '(F_h·F_w·C_in + 1)·filters (bias가 없으면 +1 없음)',
  dense: '(N_in + 1)·units (bias가 없으면 +1 없음)',
  batchnorm:
    '4·C (C = `axis` 축의 크기): γ, β는 학습됨 (scale=false, center=false이면 각각 빠짐). 이동 평균과 이동 분산은 학습되지 않음',
  normalize: '2·C + 1, 모두 학습되지 않음 (C = `axis` 축의 크기): mean, variance, 그리고 Keras의 count. mean=과 variance=을 주면 0',
  activation: '0 (PReLU: 입력 원소마다 α 하나)',
  prelu: '입력 원소마다 α 하나. shared_axes에 든 축을 따라서는 α 하나를 함께 씀 (Keras PReLU: param_shape[i − 1] = 1)',
};

/** An activation written alone on a line (relu, LeakyReLU, ...) shares its rules: "unchanged". */
const STANDALONE_SHAPE_RULE_KO = '입력과 같음';

/** A layer's doc (hover and completion) in `lang`. */
export function layerDoc(def: LayerDef, lang: Lang): string {
  if (lang === 'en') return def.doc;
  return LAYER_DOC_KO[def.id] ?? (def.activation ? ACTIVATION_DOC_KO[def.activation] : undefined) ?? def.doc;
}

/** The key of an argument's Korean twin: `layer.argument` where that layer has its own, else the argument's name. */
export function argDocKey(def: LayerDef, arg: ArgDef): string {
  const own = `${def.id}.${arg.name}`;
  return own in ARG_DOC_KO ? own : arg.name;
}

/** An argument's doc (hover, completion, signature help, the missing-argument diagnostic) in `lang`. */
export function argDoc(def: LayerDef, arg: ArgDef, lang: Lang): string {
  if (lang === 'en') return arg.doc;
  return ARG_DOC_KO[argDocKey(def, arg)] ?? arg.doc;
}

/** What one of an argument's values means (`padding=same`), in `lang`, if the catalogue says. */
export function valueDoc(arg: ArgDef, value: string, lang: Lang): string | undefined {
  const english = arg.valueDocs?.[value];
  if (english === undefined || lang === 'en') return english;
  return VALUE_DOC_KO[`${arg.name}.${value}`] ?? english;
}

export function activationDoc(a: ActivationDef, lang: Lang): string {
  return lang === 'en' ? a.doc : (ACTIVATION_DOC_KO[a.name] ?? a.doc);
}

/** The doc of an activation's α (Leaky ReLU, ELU), if it has one. */
export function alphaDoc(a: ActivationDef, lang: Lang): string | undefined {
  if (!a.alpha) return undefined;
  return lang === 'en' ? a.alpha.doc : (ALPHA_DOC_KO[a.name] ?? a.alpha.doc);
}

export function initializerDoc(init: InitializerDef, lang: Lang): string {
  return lang === 'en' ? init.doc : (INITIALIZER_DOC_KO[init.name] ?? init.doc);
}

export function shapeRule(def: LayerDef, lang: Lang): string {
  if (lang === 'en') return def.shapeRule;
  return SHAPE_RULE_KO[def.id] ?? (def.activation && def.shapeRule === 'unchanged' ? STANDALONE_SHAPE_RULE_KO : def.shapeRule);
}

export function paramRule(def: LayerDef, lang: Lang): string {
  return lang === 'en' ? def.paramRule : (PARAM_RULE_KO[def.id] ?? def.paramRule);
}
