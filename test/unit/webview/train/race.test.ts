// The CPU-vs-GPU race (webview/train/race.ts) in Node on TF.js's CPU and WASM backends (WASM with
// NetLens's training kernels): every configured round is run and recorded, Stop ends it within
// one batch, its memory is freed, and a backend that cannot train says so in words. No timing
// is asserted: only that the figures come from the rounds.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { analyze } from '../../../../src/core';
import { trainSpecFromAnalysis } from '../../../../src/protocol/train';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sayIn } from '../../../../src/core/i18n';
import { describeGpu } from '../../../../webview/shared/gpu';
import { chooseBackend } from '../../../../webview/shared/training/backend';
import { probeTrainStep, raceBackends } from '../../../../webview/train/race';
import { spreadOf, summarizeRace } from '../../../../webview/train/raceStats';
import { installPageSay, trainEnglish } from '../../../../webview/shared/training/pageSay';

const spec = trainSpecFromAnalysis('file:///race.netspec', 'race.netspec',
  analyze('input 8x8x1\nconv2d 4 kernel=3 stride=2 padding=same activation=relu\nmaxpool2d 2\nflatten\ndense 3 activation=softmax'));
const base = { inputShape: spec.inputShape as number[], layers: spec.layers, numClasses: 3, settings: { optimizer: 'adam' as const, learningRate: 0.01, batchSize: 8 } };

describe('train race (TF.js CPU and WASM in Node)', function () {
  this.timeout(120_000);
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('reports its rounds in the language the engine was told (its worker renders with the catalogue)', async () => {
    const progress: string[] = [];
    try {
      installPageSay(sayIn('ko'));
      await raceBackends({ ...base, backends: ['cpu'], rounds: 2, batchesPerRound: 1, restore: 'cpu', onProgress: (t) => progress.push(t) });
    } finally {
      installPageSay(trainEnglish);
    }
    assert.deepEqual(progress, ['2라운드 중 1라운드: cpu', '2라운드 중 2라운드: cpu']);
  });

  it('runs every configured round on each backend in turn, frees its memory and restores the backend', async () => {
    const before = tf.memory().numTensors;
    const progress: string[] = [];
    const outcome = await raceBackends({ ...base, backends: ['wasm', 'cpu'], rounds: 3, batchesPerRound: 2, restore: 'cpu', onProgress: (t) => progress.push(t) });
    assert.equal(outcome.stopped, false);
    assert.deepEqual(progress, ['round 1 of 3: wasm', 'round 1 of 3: cpu', 'round 2 of 3: wasm', 'round 2 of 3: cpu', 'round 3 of 3: wasm', 'round 3 of 3: cpu']);
    for (const r of outcome.results) {
      assert.equal(r.ok, true, `${r.backend}: ${r.error ?? ''}`);
      assert.equal(r.rounds.length, 3, `${r.backend}: one value per round`);
      assert.ok(r.rounds.every((s) => s > 0 && Number.isFinite(s)));
    }
    assert.equal(outcome.leakedTensors, 0);
    assert.equal(tf.memory().numTensors, before, 'the race frees every tensor it made');
    assert.equal(tf.getBackend(), 'cpu');
  });

  it('times exactly the configured rounds and batches with the clock it is given; the warm-up batch is never timed', async () => {
    // A stand-in clock: timed batch k (counted over the whole race) lasts durations[k] ms.
    const rounds = 3;
    const batchesPerRound = 2;
    const durations = [10, 30, 50, 70, 90, 4000];
    let t = 0;
    let reads = 0;
    let open = false;
    let batch = 0;
    const now = () => {
      reads++;
      if (open) t += durations[batch++];
      open = !open;
      return t;
    };
    let outcome: Awaited<ReturnType<typeof raceBackends>> | undefined;
    const profile = await tf.profile(async () => {
      outcome = await raceBackends({ ...base, backends: ['cpu'], rounds, batchesPerRound, maxRoundSeconds: 60, restore: 'cpu', now });
    });
    assert.ok(outcome);
    assert.equal(reads, 2 * rounds * batchesPerRound, 'the clock is read only around the timed batches');
    // One filter gradient per training step: each round's untimed warm-up batch and its timed ones.
    assert.equal(profile.kernels.filter((k) => k.name === 'Conv2DBackpropFilter').length, rounds * (batchesPerRound + 1));
    const n = base.settings.batchSize;
    const expected = [(10 + 30) / 1000 / (2 * n), (50 + 70) / 1000 / (2 * n), (90 + 4000) / 1000 / (2 * n)];
    const [cpu] = outcome.results;
    assert.equal(cpu.rounds.length, rounds);
    cpu.rounds.forEach((s, i) => assert.ok(Math.abs(s - expected[i]) < 1e-15, `round ${i + 1}: ${s} vs ${expected[i]}`));
    // The panel's figures: the median round (the slow third round does not move it) and the spread.
    const epochSamples = 1000;
    const [summary] = summarizeRace(outcome.results, epochSamples);
    assert.deepEqual(summary.epochSeconds, spreadOf(cpu.rounds.map((s) => s * epochSamples)));
    assert.equal(summary.epochSeconds?.n, rounds);
    assert.ok(Math.abs(summary.epochSeconds!.median - expected[1] * epochSamples) < 1e-12);
    assert.ok(Math.abs(summary.epochSeconds!.max - expected[2] * epochSamples) < 1e-12);
    assert.equal(outcome.leakedTensors, 0);
  });

  it('stops within one batch', async () => {
    let checks = 0;
    let outcome: Awaited<ReturnType<typeof raceBackends>> | undefined;
    // Checked before the round, before the backend, after the warm-up batch and after each timed
    // batch: the sixth check follows the third timed batch, and says stop.
    const profile = await tf.profile(async () => {
      outcome = await raceBackends({ ...base, backends: ['cpu'], rounds: 5, batchesPerRound: 50, restore: 'cpu', shouldStop: () => ++checks >= 6 });
    });
    assert.ok(outcome);
    assert.equal(outcome.stopped, true);
    assert.equal(checks, 6, 'not asked again once it said stop');
    // One filter gradient per training step: the warm-up and three timed batches, none after.
    assert.equal(profile.kernels.filter((k) => k.name === 'Conv2DBackpropFilter').length, 4);
    assert.equal(outcome.results[0].rounds.length, 0, 'the unfinished round is not recorded');
    assert.equal(outcome.leakedTensors, 0);
  });
});

describe('train backend choice with real TF.js (CPU and WASM in Node)', function () {
  this.timeout(120_000);
  const specFrom = (text: string) => trainSpecFromAnalysis('file:///x.netspec', 'x.netspec', analyze(text));
  const emulated = describeGpu('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', sayIn('en'));
  const choose = (text: string) => {
    const spec = specFrom(text);
    return chooseBackend('auto', () => probeTrainStep(spec.inputShape as number[], spec.layers), false, emulated);
  };
  after(async () => {
    await tf.setBackend('cpu');
  });

  it('auto trains the lecture CNN and a dilated convolution on WASM where WebGL is emulated', async () => {
    const lecture = await choose(readFileSync(join(__dirname, '../../../../examples/lecture6-cifar.netspec'), 'utf8'));
    assert.equal(lecture.name, 'wasm', lecture.reason);
    assert.equal(lecture.cannotTrain, undefined);
    assert.match(lecture.reason, /^wasm: There is no real GPU here/);
    const dilated = await choose(readFileSync(join(__dirname, '../../../../examples/padding-stride.netspec'), 'utf8'));
    assert.equal(dilated.name, 'wasm', dilated.reason);
    assert.equal(dilated.cannotTrain, undefined, 'the dilated-convolution gradient is registered');
  });

  it('a model no backend can train is built for inspection, with the reason in words', async () => {
    // A dilated convolution with a linear activation: TF.js fuses it, with a gradient no registry reaches.
    const choice = await choose('input 12x12x1\nconv2d 2 kernel=3 dilation=2\nflatten\ndense 2 activation=softmax');
    assert.ok(choice.cannotTrain, choice.reason);
    assert.match(choice.cannotTrain, /cannot train this model on any backend here\. TF\.js cannot train a dilated convolution \(dilation > 1\) whose activation is linear/);
    assert.doesNotMatch(choice.cannotTrain, /Kernel|not registered|not yet supported/);
  });
});
