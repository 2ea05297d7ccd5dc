/**
 * Hostile and careless inputs, one class each, made afresh by this script (never committed): tiny files
 * that declare huge sizes, Inf/NaN geometry, zip bombs, self-referencing pickles, FIFOs where files are
 * expected, names carrying terminal escapes, and the valid-but-large inputs that must scale linearly.
 * `node dist/test/hostile/make.js DIR` writes them for manual runs; the hostile test builds them per run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync, createDeflateRaw } from 'node:zlib';
import { crc32 } from '../../src/core/crc32.js';
import { encodeRoi } from '../../src/encode/roi-encode.js';
import { RoiType } from '../../src/encode/roi-model.js';
import { pngChunk } from '../../src/write/png.js';
import { polygonRoi } from '../helpers/rois.js';

/** A 64-byte `.roi` header: `Iout`, version 228, a type, options, and float fields x1…y2 (sub-pixel bounds). */
export function rawRoiHeader(type: number, options: number, floats: [number, number, number, number], extra: (v: DataView) => void = () => {}): Uint8Array {
  const bytes = new Uint8Array(64);
  const v = new DataView(bytes.buffer);
  bytes.set([0x49, 0x6f, 0x75, 0x74]);
  v.setInt16(4, 228);
  v.setUint8(6, type);
  v.setInt16(12, 10);
  v.setInt16(14, 10);
  floats.forEach((f, i) => v.setFloat32(18 + 4 * i, f));
  v.setUint16(50, options);
  extra(v);
  return bytes;
}

/** A RoiSet zip of raw entries (stored or deflated, CRC and sizes as given), for archives the writer would never make. */
export function rawZip(entries: { name: string; data: Uint8Array; method?: 0 | 8; size?: number; crc?: number; localOffset?: number }[], centralCopies = 1): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const offsets: number[] = [];
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(8, e.method ?? 0, true);
    lv.setUint32(14, e.crc ?? 0, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.size ?? e.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    offsets.push(offset);
    parts.push(local, e.data);
    offset += local.length + e.data.length;
  }
  for (let copy = 0; copy < centralCopies; copy++) {
    entries.forEach((e, i) => {
      const name = enc.encode(centralCopies > 1 ? `${copy}_${e.name}` : e.name);
      const c = new Uint8Array(46 + name.length);
      const cv = new DataView(c.buffer);
      cv.setUint32(0, 0x02014b50, true);
      cv.setUint16(10, e.method ?? 0, true);
      cv.setUint32(16, e.crc ?? 0, true);
      cv.setUint32(20, e.data.length, true);
      cv.setUint32(24, e.size ?? e.data.length, true);
      cv.setUint16(28, name.length, true);
      cv.setUint32(42, e.localOffset ?? offsets[i]!, true);
      c.set(name, 46);
      central.push(c);
    });
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, central.length, true);
  ev.setUint16(10, central.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let p = 0;
  for (const part of [...parts, ...central, eocd]) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/** Deflated zeros, streamed (never `bytes` in memory at once). */
export async function deflatedZeros(bytes: number): Promise<Uint8Array> {
  const deflater = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflater.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => deflater.on('end', resolve));
  const zeros = Buffer.alloc(1 << 20);
  for (let left = bytes; left > 0; left -= zeros.length) {
    if (!deflater.write(left >= zeros.length ? zeros : zeros.subarray(0, left))) await new Promise((r) => deflater.once('drain', r));
  }
  deflater.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** A classic little-endian TIFF header with one IFD of the given (tag, type, value) entries, values inline. */
export function tinyTiff(tags: [number, number, number][], trailing = 0): Uint8Array {
  const n = tags.length;
  const bytes = new Uint8Array(8 + 2 + 12 * n + 4 + trailing);
  const v = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49, 42, 0]);
  v.setUint32(4, 8, true);
  v.setUint16(8, n, true);
  tags.forEach(([tag, type, value], i) => {
    const p = 10 + 12 * i;
    v.setUint16(p, tag, true);
    v.setUint16(p + 2, type, true);
    v.setUint32(p + 4, 1, true);
    if (type === 3) v.setUint16(p + 8, value, true);
    else v.setUint32(p + 8, value, true);
  });
  return bytes;
}

/** A PNG of IHDR + a tiny IDAT + IEND, declaring width × height 8-bit grey pixels. */
export function tinyPng(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateRawSync(new Uint8Array(16))), pngChunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/** A polygon ROI with `n` vertices zig-zagging over a `size`² image (a comb: many edges active per row). */
export function combPolygon(n: number, size: number): Uint8Array {
  const xy: number[] = [];
  const teeth = n >> 2;
  for (let i = 0; i < teeth; i++) {
    const x0 = Math.floor((i * (size - 2)) / teeth);
    const x1 = Math.floor(((i + 0.5) * (size - 2)) / teeth);
    xy.push(x0, size - 2, x0, 1, x1, 1, x1, size - 2);
  }
  return encodeRoi(polygonRoi(RoiType.POLYGON, xy, 'comb'));
}

export interface HostileFile {
  /** What the file is, for the test's messages. */
  readonly what: string;
  /** The cp2ij arguments, with the file's path in them. */
  readonly args: string[];
  /** The environment the run needs (e.g. a lowered limit), if any. */
  readonly env?: Record<string, string>;
  /** The run must fail (exit 1, one line); otherwise it may also succeed (e.g. a huge oval that still covers the image). */
  readonly fails: boolean;
}

/** Write every hostile file into `dir`; returns the runs that must each fail with one line, exit 1. */
export async function makeHostileFiles(dir: string): Promise<HostileFile[]> {
  mkdirSync(dir, { recursive: true });
  const at = (name: string) => path.join(dir, name);
  const put = (name: string, bytes: Uint8Array | string) => {
    writeFileSync(at(name), bytes);
    return at(name);
  };
  const runs: HostileFile[] = [];
  const importRun = (what: string, file: string, fails = true) => runs.push({ what, fails, args: ['import', file, '--shape', '100,100', '--quiet', '--out', at(`${path.basename(file)}.npy`)] });

  // geometry a billion pixels wide, infinite or NaN: must cost the image, not the shape
  const SUB_PIXEL = 128;
  for (const [label, value] of [['inf', Infinity], ['nan', NaN], ['1e30', 1e30], ['1e9', 1e9], ['-1e9', -1e9]] as const) {
    const finite = Number.isFinite(value);
    importRun(`sub-pixel oval of width ${label}`, put(`oval_${label}.roi`, rawRoiHeader(RoiType.OVAL, SUB_PIXEL, [0, 0, value, 50])), !finite);
    importRun(`sub-pixel rectangle of height ${label}`, put(`rect_${label}.roi`, rawRoiHeader(RoiType.RECT, SUB_PIXEL, [0, 0, 50, value])), !finite);
    importRun(`ellipse to ${label}`, put(`ellipse_${label}.roi`, rawRoiHeader(RoiType.FREEHAND, 0, [0, 0, value, value], (v) => { v.setInt16(48, 3); v.setFloat32(52, 0.5); })), !finite);
    importRun(`rotated rectangle to ${label}`, put(`rotrect_${label}.roi`, rawRoiHeader(RoiType.FREEHAND, 0, [0, 0, value, 5], (v) => { v.setInt16(48, 5); v.setFloat32(52, value); })), !finite);
  }
  // sub-pixel polygon and composite with huge or non-finite vertices
  for (const [label, value] of [['inf', Infinity], ['1e30', 1e30], ['nan', NaN]] as const) {
    const poly = new Uint8Array(64 + 3 * 12);
    poly.set(rawRoiHeader(RoiType.POLYGON, SUB_PIXEL, [0, 0, 0, 0], (v) => v.setUint16(16, 3)));
    const pv = new DataView(poly.buffer);
    [0, value, 5].forEach((x, i) => pv.setFloat32(64 + 12 + 4 * i, x));
    [0, 5, value].forEach((y, i) => pv.setFloat32(64 + 24 + 4 * i, y));
    importRun(`sub-pixel polygon with a vertex at ${label}`, put(`poly_${label}.roi`, poly), !Number.isFinite(value));
    const comp = new Uint8Array(64 + 4 * 10);
    comp.set(rawRoiHeader(RoiType.RECT, 0, [0, 0, 0, 0], (v) => v.setInt32(36, 10)));
    const cv = new DataView(comp.buffer);
    [0, 0, 0, 1, value, 0, 1, 0, value, 4].forEach((f, i) => cv.setFloat32(64 + 4 * i, f));
    importRun(`composite with a curve to ${label}`, put(`composite_${label}.roi`, comp), !Number.isFinite(value));
  }
  // a composite that declares 1 GiB of path floats behind a 64-byte header
  importRun('composite declaring 2^28 floats', put('composite_huge.roi', rawRoiHeader(RoiType.RECT, 0, [0, 0, 0, 0], (v) => v.setInt32(36, 1 << 28))));
  // zip bombs
  const bomb = await deflatedZeros(256 << 20);
  importRun('zip entry that inflates to 256 MiB but claims 100 bytes', put('bomb_small_claim.zip', rawZip([{ name: 'a.roi', data: bomb, method: 8, size: 100 }])));
  importRun('zip entry that claims 256 MiB of zeros', put('bomb_true_claim.zip', rawZip([{ name: 'a.roi', data: bomb, method: 8, size: 256 << 20 }])));
  const one = encodeRoi(polygonRoi(RoiType.POLYGON, [1, 1, 5, 1, 5, 5], '1'));
  importRun('100 central records pointing at one entry', put('overlap.zip', rawZip(Array.from({ length: 100 }, (_, i) => ({ name: `${i}.roi`, data: i === 0 ? one : new Uint8Array(0), crc: crc32(one), localOffset: 0 })))));
  importRun('entry failing its CRC-32', put('bad_crc.zip', rawZip([{ name: '1.roi', data: one, crc: (crc32(one) ^ 1) >>> 0 }])));
  importRun('entry name with terminal escapes', put('escape.zip', rawZip([{ name: '\u001b[2J\u0007\ncp2ij: forged.roi', data: new Uint8Array(10), crc: crc32(new Uint8Array(10)) }])));
  // outlines text that is not numbers
  for (const [label, line] of [['double comma', '1,,2,3'], ['hex', '0x10,1,2,3'], ['2^32+1', '4294967297,1,2,3'], ['exponent', '1e3,1,2,3'], ['escape', '\u001b[31m1,2']] as const) {
    importRun(`outlines line with ${label}`, put(`bad_${label.replace(/\W/g, '')}_cp_outlines.txt`, `1,1,2,2\n${line}\n`));
  }
  runs.push({ what: 'outlines line longer than the line limit', fails: true, args: ['import', put('long_cp_outlines.txt', `${'1,'.repeat(1 << 20)}1\n`), '--shape', '100,100', '--out', at('long.npy')], env: { CP2IJ_LIMITS: 'line=1000000' } });
  // label images whose headers lie
  const tiffTags = (w: number, h: number, bits: number, format: number): [number, number, number][] => [
    [256, 4, w], [257, 4, h], [258, 3, bits], [259, 3, 1], [262, 3, 1], [273, 4, 8], [277, 3, 1], [278, 4, h], [279, 4, 4 * w * h], [339, 3, format],
  ];
  for (const [w, h, bits, format] of [[1 << 20, 1 << 20, 32, 1], [100000, 100000, 32, 3], [65535, 65535, 16, 1], [0, 10, 16, 1]] as const) {
    runs.push({ fails: true, what: `TIFF declaring ${w}×${h} ${bits}-bit`, args: ['export', put(`big_${w}x${h}_${bits}_cp_masks.tif`, tinyTiff(tiffTags(w, h, bits, format), 40)), '--out', at('out')] });
  }
  runs.push({ fails: true, what: 'PNG declaring 2^31-1 × 1', args: ['export', put('wide_cp_masks.png', tinyPng(2 ** 31 - 1, 1)), '--out', at('out')] });
  runs.push({ fails: true, what: 'PNG declaring 100000 × 100000', args: ['export', put('huge_cp_masks.png', tinyPng(100000, 100000)), '--out', at('out')] });
  const npyHeader = (shape: string, descr = '<u4') => {
    let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape}), }`;
    h += ' '.repeat(63 - ((10 + h.length) % 64)) + '\n';
    const out = new Uint8Array(10 + h.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 0xff, h.length >> 8]);
    out.set(new TextEncoder().encode(h), 10);
    return out;
  };
  runs.push({ fails: true, what: '.npy declaring 100000 × 100000 uint32 with no data', args: ['export', put('huge_masks.npy', npyHeader('100000, 100000')), '--out', at('out')] });
  runs.push({ fails: true, what: '.npy of 0 × 0 masks', args: ['export', put('zero_masks.npy', npyHeader('0, 0')), '--out', at('out')] });
  runs.push({ fails: true, what: 'import into a 70000 × 70000 image', args: ['import', at('oval_1e9.roi'), '--shape', '70000,70000', '--out', at('huge_seg.npy')] });
  // a name that would become a path outside --out
  runs.push({ fails: true, what: '--prefix with ../', args: ['export', path.resolve('..', 'shared', 'fixtures', 'seg', 'np1', 'tiny_seg.npy'), '--format', 'roi', '--prefix', '../../../', '--out', at('out')] });
  // special files where a file is expected
  execFileSync('mkfifo', [at('fifo_seg.npy')]);
  runs.push({ fails: true, what: 'a FIFO given as input', args: ['export', at('fifo_seg.npy'), '--out', at('out')] });
  runs.push({ fails: true, what: '/dev/zero given as input', args: ['inspect', '/dev/zero'] });
  return runs;
}

if (process.argv[1] && import.meta.url === `file://${path.resolve(process.argv[1])}`) {
  const dir = process.argv[2] ?? 'hostile';
  const runs = await makeHostileFiles(dir);
  for (const r of runs) process.stdout.write(`${r.what}\t${r.args.join(' ')}\n`);
}
