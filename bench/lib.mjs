// Shared by the Node benchmarks: loading TypeScript sources through esbuild, and the spec they time.
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles `contents` (TypeScript that re-exports what a bench needs from the real sources) with
 * esbuild in memory and imports it, so a bench measures the same code the extension runs.
 */
export async function loadTs(contents) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  return import('data:text/javascript;base64,' + Buffer.from(result.outputFiles[0].text).toString('base64'));
}

/**
 * A spec of exactly `layers` layers that keeps a 32x32x16 shape, mixing both syntaxes, trailing
 * comments and (every 50 layers) comment lines.
 */
export function makeSpec(layers, title = 'generated benchmark spec') {
  const block = [
    'conv2d 16 3 padding=same activation=relu',
    'batchnorm',
    "Conv2D(16, kernel_size=(3, 3), padding='same', kernel_initializer='he_normal'),",
    'activation relu  # a trailing comment',
    'dropout 0.1',
  ];
  const lines = [`# ${title}`, 'input 32x32x3'];
  for (let i = 0; i < layers; i++) {
    if (i % 50 === 0) lines.push(`# block ${i / 50}`);
    lines.push(block[i % block.length]);
  }
  return lines.join('\n');
}
