// Draws media/icon.png (128×128, the extension's Marketplace icon) with no dependencies: shapes
// are signed-distance tests, 4×4 supersampled for anti-aliasing, encoded as PNG with node:zlib.
// The PNG is committed; rerun `node scripts/build-icon.mjs` only to change the design.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SS = 4; // supersamples per axis

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

/** Rounded rectangle distance (negative inside). */
function roundRect(px, py, x, y, w, h, r) {
  const cx = x + w / 2;
  const cy = y + h / 2;
  const qx = Math.abs(px - cx) - (w / 2 - r);
  const qy = Math.abs(py - cy) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
const circle = (px, py, cx, cy, r) => Math.hypot(px - cx, py - cy) - r;
function segment(px, py, ax, ay, bx, by, r) {
  const vx = bx - ax, vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy)) - r;
}
/** Layers painted bottom to top: [distance(px, py), colour(px, py)]. */
const layers = [
  // Background: deep indigo rounded square, vertical gradient.
  [(x, y) => roundRect(x, y, 4, 4, 120, 120, 24), (_x, y) => mix(hex('#312e81'), hex('#0f172a'), y / SIZE)],
  // Three feature maps shrinking left to right (input, conv, pool), each with a darker depth face.
  ...[
    [14, 32, 15, 64, '#38bdf8', '#0369a1'],
    [40, 43, 12, 42, '#818cf8', '#4338ca'],
    [61, 52, 9, 24, '#e879f9', '#a21caf'],
  ].flatMap(([x, y, w, h, front, side]) => [
    [(px, py) => roundRect(px, py, x + 5, y - 5, w, h, 2.5), () => hex(side)],
    [(px, py) => roundRect(px, py, x, y, w, h, 2.5), () => hex(front)],
  ]),
  // Dense output: a column of dots.
  ...[0, 1, 2].map((i) => [(x, y) => circle(x, y, 80, 53 + i * 11, 3.6), () => hex('#f472b6')]),
  // The lens: a translucent glass, an amber rim and a handle.
  [(x, y) => circle(x, y, 88, 46, 23), () => [255, 255, 255], 0.12],
  [(x, y) => Math.abs(circle(x, y, 88, 46, 23)) - 4.5, () => hex('#fbbf24')],
  [(x, y) => segment(x, y, 105, 63, 116, 76, 6.5), () => hex('#f59e0b')],
];

function mix(a, b, t) {
  return a.map((v, i) => v + (b[i] - v) * t);
}

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    let acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const px = x + (sx + 0.5) / SS;
        const py = y + (sy + 0.5) / SS;
        let c = [0, 0, 0];
        let a = 0;
        for (const [dist, colour, opacity = 1] of layers) {
          if (dist(px, py) > 0) continue;
          const col = colour(px, py);
          c = mix(c, col, opacity);
          a = a + (1 - a) * opacity;
        }
        acc = [acc[0] + c[0] * a, acc[1] + c[1] * a, acc[2] + c[2] * a, acc[3] + a];
      }
    }
    const n = SS * SS;
    const alpha = acc[3] / n;
    const o = (y * SIZE + x) * 4;
    // Un-premultiply so edges keep their colour on any background.
    rgba[o] = alpha ? Math.round(acc[0] / n / alpha) : 0;
    rgba[o + 1] = alpha ? Math.round(acc[1] / n / alpha) : 0;
    rgba[o + 2] = alpha ? Math.round(acc[2] / n / alpha) : 0;
    rgba[o + 3] = Math.round(alpha * 255);
  }
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = join(dirname(fileURLToPath(import.meta.url)), '../media/icon.png');
writeFileSync(out, png);
console.log(`wrote media/icon.png (${png.length} bytes)`);
