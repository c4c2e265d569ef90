/**
 * A tiny writer of NumPy's `.npz` format: a zip archive of `.npy` arrays, stored (not
 * compressed), each entry with its CRC-32. `numpy.load(file)` reads it; both exported scripts
 * load their weights from it. Pure TypeScript: runs in the webview, the host and the CLI.
 *
 * Formats: numpy/lib/format.py (NPY version 1.0: magic, header dict padded to a multiple of 64
 * bytes) and PKWARE's APPNOTE.TXT (local headers, central directory, end record; no ZIP64, so an
 * archive stays under 4 GiB).
 */

/** One array: float32, C order, `shape` as NumPy will report it. */
export interface NpyArray {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zip stores it. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The bytes of one `.npy` file holding `a` (little-endian float32); the caller checked the size. */
function npyBytes(a: NpyArray): Uint8Array {
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  // magic (6) + version (2) + header length (2) + header + '\n' is padded to a multiple of 64.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + a.data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < a.data.length; i++) view.setFloat32(i * 4, a.data[i], true);
  return out;
}

/**
 * A `.npz` archive of the arrays; entry `NAME.npy` is read back by NumPy as key NAME. Returns an
 * error message instead of bytes when an array's data does not fill its shape or the archive
 * would pass 4 GiB.
 */
export function writeNpz(arrays: readonly NpyArray[]): { ok: true; bytes: Uint8Array } | { ok: false; message: string } {
  for (const a of arrays) {
    const count = a.shape.reduce((p, d) => p * d, 1);
    if (count !== a.data.length) return { ok: false, message: `${a.name}: shape ${a.shape.join('×')} holds ${count} values, but ${a.data.length} were given.` };
  }
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  // 1980-01-01 00:00, the earliest DOS date: a fixed stamp keeps the archive reproducible.
  const dosTime = 0;
  const dosDate = (1 << 5) | 1;
  for (const a of arrays) {
    const name = utf8(`${a.name}.npy`);
    const body = npyBytes(a);
    const crc = crc32(body);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true); // version needed: 2.0
    lv.setUint16(6, 0x0800, true); // flags: names are UTF-8
    lv.setUint16(8, 0, true); // method: stored
    lv.setUint16(10, dosTime, true);
    lv.setUint16(12, dosDate, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, body.length, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, 0, true);
    local.set(name, 30);
    const entry = new Uint8Array(46 + name.length);
    const cv = new DataView(entry.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // made by: 2.0
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(12, dosTime, true);
    cv.setUint16(14, dosDate, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, body.length, true);
    cv.setUint16(28, name.length, true);
    // extra, comment, disk, internal and external attributes: all 0
    cv.setUint32(42, offset, true);
    entry.set(name, 46);
    parts.push(local, body);
    central.push(entry);
    offset += local.length + body.length;
    if (offset > 0xffffffff) return { ok: false, message: 'The weights pass 4 GiB, more than a zip without ZIP64 holds.' };
  }
  const centralSize = central.reduce((s, e) => s + e.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, arrays.length, true);
  ev.setUint16(10, arrays.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + end.length);
  let p = 0;
  for (const part of [...parts, ...central, end]) {
    out.set(part, p);
    p += part.length;
  }
  return { ok: true, bytes: out };
}
