// The dataset rule the Train panel and the search share (webview/shared/training/datasetMatch.ts):
// which dataset a spec's input gets, and the samples built for it, with the real generators.
import assert from 'node:assert/strict';
import { analyze } from '../../../../../src/core';
import { sayIn } from '../../../../../src/core/i18n';
import { trainSpecFromAnalysis } from '../../../../../src/protocol/train';
import { buildDataset, datasetForInput, outputUnits, type ImageLoaders } from '../../../../../webview/shared/training/datasetMatch';
import type { ByteImages } from '../../../../../webview/shared/training/datasets';

const say = sayIn('en');
const specOf = (text: string) => trainSpecFromAnalysis('file:///m.netspec', 'm.netspec', analyze(text));
const pointsSpec = specOf('input 2\ndense 8 activation=relu\ndense 3 activation=softmax\n');
const imageSpec = (input: string) => specOf(`input ${input}\nflatten\ndense 10 activation=softmax\n`);

/** `count` byte images of one size with labels 0..9 in turn. */
function byteImages(count: number, height: number, width: number, channels: number): ByteImages {
  const pixels = new Uint8Array(count * height * width * channels).map((_, i) => (i * 37) % 256);
  return { count, height, width, channels, pixels, labels: Uint8Array.from({ length: count }, (_, i) => i % 10) };
}

/** Loaders that record what was asked of them. */
function loaders(): ImageLoaders & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    mnist: async () => (asked.push('mnist'), byteImages(50, 28, 28, 1)),
    cifar: async (count) => (asked.push(`cifar ${count}`), byteImages(40, 32, 32, 3)),
  };
}

describe('dataset matching (shared by the Train panel and the search)', () => {
  it('picks points for a 2-value input, MNIST for 28×28×1 or 784 values, and keeps a choice of the right kind', () => {
    assert.equal(datasetForInput([2], 'mnist'), 'spiral');
    assert.equal(datasetForInput([2], 'circles'), 'circles');
    assert.equal(datasetForInput([28, 28, 1], 'spiral'), 'mnist');
    assert.equal(datasetForInput([784], 'shapes'), 'mnist');
    assert.equal(datasetForInput([32, 32, 3], 'spiral'), 'shapes');
    assert.equal(datasetForInput([32, 32, 3], 'cifar'), 'cifar');
    assert.equal(datasetForInput([5], 'xor'), 'xor');
    assert.equal(datasetForInput(undefined, 'blobs'), 'blobs');
  });

  it('reads the output units of the last layer', () => {
    assert.equal(outputUnits(pointsSpec), 3);
    assert.equal(outputUnits(specOf('input 4x4x1\nconv2d 2 3\n')), -1);
    assert.equal(outputUnits(null), -1);
  });

  it('builds points with the spec’s classes and asks no loader', async () => {
    const l = loaders();
    const ds = await buildDataset(pointsSpec, 'spiral', 90, l, say);
    assert.equal(ds.count, 90);
    assert.equal(ds.numClasses, 3);
    assert.deepEqual(ds.sampleShape, [2]);
    assert.equal(ds.xs.length, 180);
    assert.deepEqual(l.asked, []);
  });

  it('clamps the sample count to at least 10', async () => {
    assert.equal((await buildDataset(pointsSpec, 'spiral', 2, loaders(), say)).count, 10);
  });

  it('flattens synthetic images for a flat input of a square image’s size', async () => {
    const ds = await buildDataset(imageSpec('768'), 'shapes', 20, loaders(), say);
    assert.deepEqual(ds.sampleShape, [768]);
    assert.equal(ds.xs.length, 20 * 768);
    assert.deepEqual(ds.notes, [say('train.shapesFlattened', { shape: '16×16×3', n: 768 })]);
  });

  it('loads MNIST or CIFAR-10 only when that set is built, CIFAR-10 with the clamped count', async () => {
    const l = loaders();
    const mnist = await buildDataset(imageSpec('28x28x1'), 'mnist', 30, l, say);
    assert.equal(mnist.count, 30);
    assert.deepEqual(mnist.sampleShape, [28, 28, 1]);
    const cifar = await buildDataset(imageSpec('32x32x3'), 'cifar', 25, l, say);
    assert.equal(cifar.count, 25);
    assert.deepEqual(cifar.classNames.length, 10);
    assert.deepEqual(l.asked, ['mnist', 'cifar 25']);
  });

  it('says what does not fit: points for an image input, 10-class images for 3 outputs, no class scores', async () => {
    await assert.rejects(buildDataset(imageSpec('28x28x1'), 'spiral', 50, loaders(), say),
      { message: say('train.pointsNeedInput2', { dataset: say('train.dataset.spiral'), input: '28×28×1' }) });
    await assert.rejects(buildDataset(pointsSpec, 'shapes', 50, loaders(), say),
      { message: say('train.tenClasses', { dataset: say('train.dataset.shapes'), outputs: 3 }) });
    const conv = specOf('input 4x4x1\nconv2d 2 3\n');
    await assert.rejects(buildDataset(conv, 'shapes', 50, loaders(), say),
      { message: say('train.noClassScores', { shape: JSON.stringify(conv.layers[conv.layers.length - 1].outputShape) }) });
    await assert.rejects(buildDataset(imageSpec('5'), 'shapes', 50, loaders(), say),
      { message: say('train.shapesInput', { input: '5' }) });
  });
});
