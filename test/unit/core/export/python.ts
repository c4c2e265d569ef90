/**
 * Shared by the tests that run exported scripts with PyTorch: the interpreter, the runner
 * (./run_exported.py) and a .npy writer for their inputs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Debian's Python with PyTorch (the `python3` on PATH may lack it); NETLENS_PYTHON overrides. */
export const python = process.env.NETLENS_PYTHON ?? '/usr/bin/python3';
export const runner = join(__dirname, 'run_exported.py');

/** True when `python` imports torch (the tests skip with a message otherwise). */
export function hasTorch(): boolean {
  return spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
}

/** A .npy of float32 values (the test's inputs), written by hand: shape and little-endian data. */
export function npy(shape: number[], data: Float32Array): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

/**
 * The layers where the frameworks differ: Keras's asymmetric 'same' padding, explicit P, 'same'
 * pooling, dense on an image, PReLU per element on an image, channels-last flatten, maxout,
 * BatchNorm moving statistics, Leaky ReLU, ELU.
 */
export const ROUNDTRIP_SPEC = `input 11x10x3
conv2d 4 3 stride=2 padding=same activation=leaky_relu(0.2) init=he_normal
batchnorm momentum=0.5
conv2d 5 2 padding=1 activation=prelu
maxpool2d 3 stride=2 padding=same
avgpool2d 2 stride=1 padding=same
dense 6 activation=elu
flatten
maxout 7 pieces=3
dropout 0.3
batchnorm
prelu
dense 5 activation=softmax
`;
