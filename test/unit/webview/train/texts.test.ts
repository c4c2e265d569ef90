// The Train panel's page logic says its texts in the page's language: each function renders with
// the `say` it is given (the page's t), and without one with webview/shared/training/pageSay.ts, which is
// English from the catalogue until the page installs its own.
import assert from 'node:assert/strict';
import { sayIn, type MessageId } from '../../../../src/core/i18n';
import { trainEn } from '../../../../src/core/i18n/apps/train';
import { explainTrainError } from '../../../../webview/shared/training/backendErrors';
import { datasetDescription, datasetLabel, DATASETS, makeShapes, makeToy, planImageFit, toyClasses } from '../../../../webview/shared/training/datasets';
import { installPageSay, pageSay, trainEnglish } from '../../../../webview/shared/training/pageSay';
import { restoreSavedState } from '../../../../webview/train/persistence';
import { summarizeRace } from '../../../../webview/train/raceStats';
import { saturationMessage } from '../../../../webview/train/runVerdict';
import { divergenceMessage, formatDuration } from '../../../../webview/shared/training/stats';
import { checkSettings, lossModeFor } from '../../../../webview/shared/training/trainConfig';

const HANGUL = /[\uac00-\ud7a3]/;
const ko = sayIn('ko');
const en = sayIn('en');

describe('train page texts in the page\'s language', () => {
  it('renders English from the train catalogue alone, as the full renderer does', () => {
    for (const id of Object.keys(trainEn) as MessageId[]) {
      const args = Object.fromEntries([...trainEn[id as keyof typeof trainEn].matchAll(/\{(\w+)\}/g)].map((m) => [m[1], `<${m[1]}>`]));
      assert.equal((trainEnglish as (id: MessageId, args?: object) => string)(id, args), (en as (id: MessageId, args?: object) => string)(id, args));
    }
    assert.equal((trainEnglish as (id: string) => string)('convarith.title'), '⟦convarith.title⟧', 'another app\'s id shows as a marker');
  });

  it('follows the renderer the page installs', () => {
    try {
      installPageSay(ko);
      assert.equal(pageSay('train.start'), '시작');
      assert.equal(formatDuration(185), '3분 05초');
    } finally {
      installPageSay(trainEnglish);
    }
    assert.equal(pageSay('train.start'), 'Start');
    assert.equal(formatDuration(185), '3 min 05 s');
  });

  it('says durations, settings problems and loss notes in Korean with the same numbers', () => {
    assert.equal(formatDuration(4.25, ko), '4.3초');
    assert.equal(formatDuration(3725, ko), '1시간 02분');
    const bad = checkSettings({ optimizer: 'adam', learningRate: NaN, batchSize: 32, epochs: 1, validationSplit: 0.2, seed: 7 }, 100, ko) ?? '';
    assert.match(bad, HANGUL);
    assert.match(bad, /NaN/);
    assert.match(checkSettings({ optimizer: 'adam', learningRate: NaN, batchSize: 32, epochs: 1, validationSplit: 0.2, seed: 7 }, 100) ?? '', /^The learning rate must be a positive number; got NaN/);
    assert.equal(checkSettings({ optimizer: 'sgd', learningRate: 0.1, batchSize: 2.5, epochs: 1, validationSplit: 0.2, seed: 7 }, 100, ko), 'batch 크기는 1 이상의 정수여야 합니다. 입력값: 2.5.');
    const note = lossModeFor([{ name: 'dense', kerasClass: 'Dense', outputShape: [3], params: 9, config: { kind: 'dense', units: 3, activation: { name: 'tanh' } } }] as never, ko).note ?? '';
    assert.match(note, /활성화 함수가 tanh/);
  });

  it('explains divergence, saturation and TF.js errors in Korean', () => {
    const diverged = divergenceMessage({ loss: NaN, epoch: 2, batch: 3, step: 13, learningRate: 1e30 }, ko);
    assert.match(diverged, HANGUL);
    assert.match(diverged, /step 13 .*NaN.*1e\+30.*1e\+29/);
    const saturated = saturationMessage({ epochLoss: [15.1, 15.1], epochAcc: [0.1, 0.1], numClasses: 10, mode: 'softmax', learningRate: 50 }, ko) ?? '';
    assert.match(saturated, /loss가 15\.10에 머물렀습니다/);
    assert.match(saturated, /2\.30 \(ln 10\)/);
    assert.match(saturated, /학습률 50/);
    const oom = explainTrainError('wasm', 'Aborted(OOM)', ko);
    assert.equal(oom, 'CPU의 WebAssembly에서 이 모델과 batch 크기에 쓸 메모리가 모자랍니다: batch 크기나 샘플 수를 줄여 보세요.');
    assert.match(explainTrainError('webgl', 'Kernel \'Conv2DBackpropFilter\' not registered for backend \'webgl\'', ko), /Conv2DBackpropFilter 연산\(학습에 필요한 기울기\)/);
  });

  it('names the datasets, their classes and their notes in Korean', () => {
    for (const d of DATASETS) {
      assert.match(datasetLabel(d.id, ko), HANGUL, d.id);
      assert.match(datasetDescription(d.id, ko), HANGUL, d.id);
      assert.notEqual(datasetLabel(d.id), datasetLabel(d.id, ko));
    }
    assert.deepEqual(makeToy('blobs', 9, 3, 1, 0.1, ko).classNames, ['클래스 0', '클래스 1', '클래스 2']);
    assert.equal(makeShapes(10, 8, 8, 3, 1, ko).classNames[0], '빨간 원');
    assert.equal(makeShapes(10, 8, 8, 3, 1).classNames[0], 'red disc');
    assert.deepEqual(toyClasses('spiral', 3, ko), { ok: true, value: 3, notes: ['모델 출력마다 하나씩, 클래스 3개입니다.'] });
    const fit = planImageFit({ height: 28, width: 28, channels: 1 }, [32, 32, 3], 'MNIST', ko);
    assert.deepEqual(fit.ok && fit.notes, ['spec의 입력에 맞추려고 MNIST 이미지(28×28)를 32×32로 크기를 바꿉니다 (최근접 이웃).', 'MNIST 흑백 이미지를 3채널로 복사합니다.']);
  });

  it('says the restored note and the race\'s unfinished rows in Korean', () => {
    const restored = restoreSavedState({ v: 1, form: undefined, summary: 'x' }, ko).restoredNote ?? '';
    assert.match(restored, /^지난 세션에서 복원했습니다: x\./);
    const [row] = summarizeRace([{ backend: 'webgl', ok: true, rounds: [] }], 100, ko);
    assert.equal(row.error, '첫 라운드를 마치기 전에 비교를 멈췄습니다');
  });
});
