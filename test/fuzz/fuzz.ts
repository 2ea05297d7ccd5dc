/**
 * A seeded mutation fuzzer over every parser cp2ij has: `.npy`, the pickle of a `_seg.npy`, PNG and TIFF
 * label images (all through parseInput, as the command reads them), RoiSet zips and `.roi` files (read
 * and filled into a small image), and `_cp_outlines.txt` (parsed and filled). Seeds are real files —
 * the shared fixtures, ImageJ-written ROIs, Cellpose's outlines — and label images cp2ij writes.
 * A case fails if it throws anything but a Cp2ijError; cases over 2 s or 1 GiB are reported too.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isCp2ijError } from '../../src/core/errors.js';
import { roiSpans } from '../../src/fill/index.js';
import { fillCentrePolygon } from '../../src/fill/centre-polygon.js';
import { parseInput } from '../../src/read/input.js';
import { parseOutlinesTxt } from '../../src/read/outlines-txt.js';
import { readRois } from '../../src/read/roiset.js';
import { labelPng, labelTiff } from '../../src/write/label-image.js';
import { seededRandom } from '../helpers/random.js';
import '../../src/node/files.js';

export type Target = 'input' | 'rois' | 'outlines';

interface Seed {
  readonly name: string;
  readonly target: Target;
  readonly bytes: Uint8Array;
}

const SHARED = path.resolve('..', 'shared', 'fixtures');

export function seeds(): Seed[] {
  const out: Seed[] = [];
  const add = (name: string, target: Target, bytes: Uint8Array) => out.push({ name, target, bytes });
  for (const f of ['np1/tiny_seg.npy', 'np1/stack3d_cli_seg.npy', 'np1/holes_masks.npy', 'np2/uint32_big_masks.npy', 'np2/fortran_masks.npy', 'np2/bigendian_seg.npy', 'np2/tiny_seg.npy']) {
    add(f, 'input', new Uint8Array(readFileSync(path.join(SHARED, 'seg', f))));
  }
  const masks = { width: 23, height: 17, depth: 1, is3d: false, data: Uint16Array.from({ length: 23 * 17 }, (_, i) => (i * 7) % 5) };
  add('written.png', 'input', labelPng(masks));
  add('written.tif', 'input', labelTiff(masks));
  add('written3d.tif', 'input', labelTiff({ ...masks, height: 5, depth: 3, is3d: true, data: Uint32Array.from({ length: 23 * 15 }, (_, i) => (i * 70001) % 9) }));
  for (const f of readdirSync(path.join(SHARED, 'peer', 'read-roi')).filter((f) => f.endsWith('.roi')).sort()) {
    add(`read-roi/${f}`, 'rois', new Uint8Array(readFileSync(path.join(SHARED, 'peer', 'read-roi', f))));
  }
  for (const f of ['tiny_rois.zip', 'holes_rois.zip', 'diagonal_rois.zip']) add(`cellpose/${f}`, 'rois', new Uint8Array(readFileSync(path.join(SHARED, 'cellpose', f))));
  for (const f of ['tiny_cp_outlines.txt', 'holes_cp_outlines.txt']) add(`cellpose/${f}`, 'outlines', new Uint8Array(readFileSync(path.join(SHARED, 'cellpose', f))));
  return out;
}

const HOSTILE_U32 = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x10000, 0x40000000];

/** One mutation of `src`: bit flips, hostile 8/16/32-bit values (either byte order), cuts, repeats, deletions. */
export function mutate(src: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  let bytes = src.slice();
  const rounds = 1 + pick(3);
  for (let r = 0; r < rounds && bytes.length > 0; r++) {
    switch (pick(7)) {
      case 0:
        for (let k = 1 + pick(8); k > 0; k--) bytes[pick(bytes.length)]! ^= 1 << pick(8);
        break;
      case 1:
        bytes[pick(bytes.length)] = [0, 0xff, 0x7f, 0x80, 0x2e, 0x2c, 0x0a][pick(7)]!;
        break;
      case 2: {
        if (bytes.length < 4) break;
        const at = pick(bytes.length - 3);
        new DataView(bytes.buffer).setUint32(at, HOSTILE_U32[pick(HOSTILE_U32.length)]!, random() < 0.5);
        break;
      }
      case 3:
        bytes = bytes.slice(0, pick(bytes.length));
        break;
      case 4: {
        const a = pick(bytes.length);
        const len = Math.min(1 + pick(64), bytes.length - a);
        const out = new Uint8Array(bytes.length + len * 4);
        out.set(bytes.subarray(0, a + len));
        for (let k = 1; k <= 4; k++) out.set(bytes.subarray(a, a + len), a + len * k);
        out.set(bytes.subarray(a + len), a + len * 5);
        bytes = out;
        break;
      }
      case 5: {
        const a = pick(bytes.length);
        const len = Math.min(1 + pick(64), bytes.length - a);
        const out = new Uint8Array(bytes.length - len);
        out.set(bytes.subarray(0, a));
        out.set(bytes.subarray(a + len), a);
        bytes = out;
        break;
      }
      default: {
        if (bytes.length < 2) break;
        new DataView(bytes.buffer).setUint16(pick(bytes.length - 1), HOSTILE_U32[pick(HOSTILE_U32.length)]! & 0xffff, random() < 0.5);
      }
    }
  }
  return bytes;
}

/** Run one input through its parser and what follows it in a real command. */
export async function exercise(target: Target, bytes: Uint8Array): Promise<void> {
  const sink = () => {};
  if (target === 'input') await parseInput(bytes);
  else if (target === 'rois') for (const item of readRois(bytes, 'fuzz.zip')) roiSpans(item.roi, 64, 64, sink);
  else for (const p of parseOutlinesTxt(bytes)) fillCentrePolygon(p.points, 64, 64, sink);
}

export interface FuzzReport {
  cases: number;
  rejected: number;
  failures: { seed: string; index: number; error: string }[];
  slow: { seed: string; index: number; ms: number }[];
  peakRss: number;
}

export async function fuzz(seed: number, cases: number): Promise<FuzzReport> {
  const all = seeds();
  const random = seededRandom(seed);
  const report: FuzzReport = { cases: 0, rejected: 0, failures: [], slow: [], peakRss: 0 };
  for (let i = 0; i < cases; i++) {
    const s = all[i % all.length]!;
    const bytes = mutate(s.bytes, random);
    const started = performance.now();
    try {
      await exercise(s.target, bytes);
    } catch (e) {
      if (isCp2ijError(e)) report.rejected++;
      else report.failures.push({ seed: s.name, index: i, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
    const ms = performance.now() - started;
    if (ms > 2000) report.slow.push({ seed: s.name, index: i, ms });
    if (i % 256 === 0) report.peakRss = Math.max(report.peakRss, process.memoryUsage().rss);
    report.cases++;
  }
  report.peakRss = Math.max(report.peakRss, process.memoryUsage().rss);
  return report;
}
