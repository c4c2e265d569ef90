/**
 * Layer summaries (the one-line description under a layer's hover and in completion) in the
 * student's language. English is the catalogue's own `summary` (src/core/catalogue.ts, the one
 * source of it); Korean is here, one per catalogue layer (a unit test checks every layer has one).
 */
import { findActivation, type LayerDef } from '../../core/catalogue';
import type { Lang } from './index';

/** Korean summaries of the catalogue's layers, by layer id (activations standing alone are generated below). */
export const LAYER_SUMMARY_KO: Readonly<Record<string, string>> = {
  input: '모델의 입력 shape (샘플 하나, channels last).',
  conv2d: '2차원 convolution: KERNEL 크기의 filter FILTERS개가 이미지 위를 미끄러지며 계산합니다.',
  maxpool2d: '각 POOL×POOL 창의 최댓값을 채널마다 취합니다.',
  avgpool2d: '각 POOL×POOL 창의 평균을 채널마다 냅니다.',
  globalavgpool2d: '채널마다 이미지 전체의 평균을 냅니다: H×W×C → C.',
  globalmaxpool2d: '채널마다 이미지 전체의 최댓값을 취합니다: H×W×C → C.',
  flatten: 'H×W×C를 값 H·W·C개의 벡터 하나로 펼칩니다.',
  zeropad2d: '이미지 둘레에 0을 두릅니다 (강의의 P).',
  dense: 'Fully connected: 모든 입력이 UNITS개 출력 각각에 연결됩니다.',
  maxout: 'Maxout: unit마다 선형 함수 PIECES개 중 최댓값을 취합니다.',
  dropout: '학습 중에 입력의 RATE 비율만큼을 무작위로 0으로 만듭니다.',
  batchnorm: '마지막 축(채널)에 대한 batch normalization.',
  normalize: '입력 정규화: 채널마다 (x − mean)/√variance, 통계값은 학습 데이터에서 구합니다.',
  activation: '활성화 함수를 한 줄에 따로 적용합니다.',
};

/** A layer's one-line summary in `lang`. */
export function layerSummary(def: LayerDef, lang: Lang): string {
  if (lang === 'en') return def.summary;
  const own = LAYER_SUMMARY_KO[def.id];
  if (own) return own;
  // An activation written alone on a line (relu, LeakyReLU, ...): its label and formula as a layer.
  const activation = def.kind === 'activation' ? findActivation(def.id) : undefined;
  return activation ? `${activation.label} 레이어: ${activation.formula}` : def.summary;
}
