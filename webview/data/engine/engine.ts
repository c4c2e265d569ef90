/**
 * The data explorer's compute engine: it builds the chosen dataset exactly as the Train panel
 * does (../../shared/training/datasets.ts: the same generators, seed and shuffled order), computes
 * its statistics (../explore.ts) and runs the batch-normalization demo on TF.js (./bnDemo.ts),
 * behind the messages of ./protocol.ts. It normally runs in a dedicated Web Worker; where a
 * worker cannot start, the page runs the same code itself (../engineClient.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { startFirstBackend } from '../../shared/tf/backend';
import { datasetInfo, decodeCifar, imagesDataset, makeShapes, makeToy, parseMnistBinary, type ByteImages, type Dataset } from '../../shared/training/datasets';
import { exploreSamples } from '../explore';
import { runBnDemo } from './bnDemo';
import { parseToEngineMessage, type FromEngineMessage, type StatsMessage, type ToEngineMessage } from './protocol';

/** The Train panel's dataset seed (webview/train/datasetSources.ts): the same samples in the same order. */
const DATA_SEED = 7;
/** Classes of the toys here (the Train panel takes them from the spec's outputs): cs231n's three-arm spiral. */
const TOY_CLASSES = { spiral: 3, blobs: 3, circles: 2, xor: 2 } as const;

/** The dataset of a stats request, or an Error saying why not. */
export function buildDataset(msg: StatsMessage): Dataset {
  const info = datasetInfo(msg.dataset);
  const count = Math.max(10, Math.min(info.maxCount, msg.samples));
  switch (msg.dataset) {
    case 'spiral':
    case 'circles':
    case 'xor':
    case 'blobs':
      return makeToy(msg.dataset, count, TOY_CLASSES[msg.dataset], DATA_SEED);
    case 'shapes':
      return makeShapes(count, 32, 32, 3, DATA_SEED);
    case 'mnist':
    case 'cifar': {
      let src: ByteImages;
      if (msg.dataset === 'mnist' && msg.mnist) src = parseMnistBinary(msg.mnist.buffer.slice(msg.mnist.byteOffset, msg.mnist.byteOffset + msg.mnist.byteLength) as ArrayBuffer);
      else if (msg.dataset === 'cifar' && msg.cifar) src = decodeCifar(msg.cifar);
      else throw new Error(`NetLens: ${msg.dataset} needs its images from the page`);
      const r = imagesDataset(msg.dataset, src, [src.height, src.width, src.channels], [], count, DATA_SEED);
      if (!r.ok) throw new Error(r.reason);
      return r.value;
    }
  }
}

/** Creates an engine that answers through `post`; returns the function that takes its messages. */
export function createDataEngine(post: (msg: FromEngineMessage) => void): (raw: unknown) => void {
  let started: Promise<boolean> | undefined;
  // One request at a time, in arrival order: TF.js work is not re-entrant across awaits.
  let queue: Promise<void> = Promise.resolve();
  const detail = (err: unknown) => (err instanceof Error ? err.message : String(err));

  async function handle(msg: ToEngineMessage): Promise<void> {
    switch (msg.type) {
      case 'start':
        // The demo's tensors are 16×2: the CPU backend computes them faster than a GPU upload would.
        started ??= startFirstBackend(['cpu']).then(
          (backend) => (post({ type: 'started', backend }), true),
          (err: unknown) => (post({ type: 'failed', reason: 'noBackend', detail: detail(err) }), false),
        );
        await started;
        return;
      case 'stats':
        try {
          const ds = buildDataset(msg);
          const shape = ds.kind === 'points' ? [2] : ds.imageShape ?? ds.sampleShape;
          post({ type: 'statsResult', id: msg.id, result: exploreSamples({ kind: ds.kind, count: ds.count, xs: ds.xs, labels: ds.labels, shape }, msg.validationSplit, msg.skew) });
        } catch (err) {
          post({ type: 'failed', id: msg.id, reason: 'error', detail: detail(err) });
        }
        return;
      case 'bn':
        if (!started || !(await started)) return post({ type: 'failed', id: msg.id, reason: 'noBackend', detail: '' });
        try {
          const result = runBnDemo(msg.momentum, msg.seed);
          post({ type: 'bnResult', id: msg.id, result, numTensors: tf.memory().numTensors });
        } catch (err) {
          post({ type: 'failed', id: msg.id, reason: 'error', detail: detail(err) });
        }
        return;
    }
  }

  return (raw: unknown) => {
    const msg = parseToEngineMessage(raw);
    if (!msg) {
      const id = typeof raw === 'object' && raw !== null && Number.isInteger((raw as { id?: unknown }).id) ? (raw as { id: number }).id : undefined;
      post({ type: 'failed', id: id !== undefined && id >= 0 ? id : undefined, reason: 'malformed', detail: '' });
      return;
    }
    queue = queue.then(() => handle(msg)).catch((err: unknown) => post({ type: 'failed', reason: 'error', detail: detail(err) }));
  };
}
