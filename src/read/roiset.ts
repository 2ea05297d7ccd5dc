/**
 * RoiSet `.zip` (and lone `.roi`) bytes → decoded ROIs, seen the way ImageJ's ROI Manager sees them
 * (doc §12.4): entries in local-header order, only names ending in `.roi` (case-sensitive), the label
 * is the entry name without `.roi`. Stored and deflated entries, with or without data descriptors
 * (sizes come from the central directory), and ZIP64 archives are read.
 */
import { inflateRawSync } from 'node:zlib';
import { ZIP } from '../core/zip-layout.js';
import { Cp2ijError } from '../core/errors.js';
import { decodeRoi } from '../encode/roi-decode.js';
import type { Roi } from '../encode/roi-model.js';

export interface RoiSetItem {
  entryName: string;
  /** What the ROI Manager lists: the entry name without `.roi` (a lone file: the stored name). */
  label: string;
  roi: Roi;
}

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const { EOCD_SIG, ZIP64_LOCATOR_SIG, ZIP64_EOCD_SIG, CENTRAL_SIG, LOCAL_SIG, U32_MAX, LOCAL_SIZE, CENTRAL_SIZE, EOCD_SIZE, ZIP64_EOCD_SIZE, ZIP64_LOCATOR_SIZE } = ZIP;

function bad(detail: string): Cp2ijError {
  return new Cp2ijError('bad-zip', detail);
}

export function readRoiSet(bytes: Uint8Array): RoiSetItem[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(view).filter((e) => e.name.endsWith('.roi'));
  entries.sort((a, b) => a.localOffset - b.localOffset);
  return entries.map((e) => {
    const data = entryData(bytes, view, e);
    const label = e.name.slice(0, -'.roi'.length);
    try {
      return { entryName: e.name, label, roi: decodeRoi(data, label) };
    } catch (err) {
      if (err instanceof Cp2ijError) throw new Cp2ijError(err.code, `entry ${e.name}: ${err.detail}`);
      throw err;
    }
  });
}

/** A `.zip` RoiSet or a single `.roi` file, told apart by content (a zip starts with "PK"). */
export function readRois(bytes: Uint8Array, fileName: string): RoiSetItem[] {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) return readRoiSet(bytes);
  const base = fileName.replace(/^.*[\\/]/, '');
  const roi = decodeRoi(bytes, base);
  return [{ entryName: base, label: roi.name, roi }];
}

function centralDirectory(view: DataView): CentralEntry[] {
  const eocd = findEocd(view);
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  const locator = eocd - ZIP64_LOCATOR_SIZE;
  if (locator >= 0 && view.getUint32(locator, true) === ZIP64_LOCATOR_SIG) {
    const z64 = safeNumber(view.getBigUint64(locator + 8, true));
    if (z64 + ZIP64_EOCD_SIZE > view.byteLength || view.getUint32(z64, true) !== ZIP64_EOCD_SIG) throw bad('broken ZIP64 end record');
    count = safeNumber(view.getBigUint64(z64 + 32, true));
    cdSize = safeNumber(view.getBigUint64(z64 + 40, true));
    cdOffset = safeNumber(view.getBigUint64(z64 + 48, true));
  }
  if (cdOffset + cdSize > view.byteLength) throw bad('truncated: central directory lies beyond the end of the file');
  const decoder = new TextDecoder('utf-8');
  const out: CentralEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + CENTRAL_SIZE > view.byteLength || view.getUint32(p, true) !== CENTRAL_SIG) throw bad(`central directory entry ${i + 1} of ${count} is malformed`);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const next = p + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (next > view.byteLength) throw bad('truncated central directory');
    const entry: CentralEntry = {
      // ImageJ decodes entry names as UTF-8 whatever the flag says.
      name: decoder.decode(new Uint8Array(view.buffer, view.byteOffset + p + CENTRAL_SIZE, nameLength)),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    };
    applyZip64Extra(view, p + CENTRAL_SIZE + nameLength, extraLength, entry);
    out.push(entry);
    p = next;
  }
  return out;
}

function findEocd(view: DataView): number {
  const stop = Math.max(0, view.byteLength - EOCD_SIZE - 0xffff); // the comment is at most 65535 bytes
  for (let p = view.byteLength - EOCD_SIZE; p >= stop; p--) {
    if (view.getUint32(p, true) === EOCD_SIG) return p;
  }
  throw bad(view.byteLength < EOCD_SIZE ? 'not a zip archive: too short' : 'not a zip archive: no end-of-central-directory record');
}

/** Sizes/offset saturated at 0xFFFFFFFF are in the ZIP64 extra field, in this order. */
function applyZip64Extra(view: DataView, start: number, length: number, e: CentralEntry): void {
  let p = start;
  while (p + 4 <= start + length) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (id === 0x0001) {
      let q = p + 4;
      const take = (): number => {
        if (q + 8 > p + 4 + size) throw bad(`entry ${e.name}: short ZIP64 extra field`);
        const v = safeNumber(view.getBigUint64(q, true));
        q += 8;
        return v;
      };
      if (e.size === U32_MAX) e.size = take();
      if (e.compressedSize === U32_MAX) e.compressedSize = take();
      if (e.localOffset === U32_MAX) e.localOffset = take();
      return;
    }
    p += 4 + size;
  }
}

function entryData(bytes: Uint8Array, view: DataView, e: CentralEntry): Uint8Array {
  const p = e.localOffset;
  if (p + LOCAL_SIZE > view.byteLength || view.getUint32(p, true) !== LOCAL_SIG) throw bad(`entry ${e.name}: local header missing`);
  const start = p + LOCAL_SIZE + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw bad(`entry ${e.name}: truncated data`);
  const raw = bytes.subarray(start, end);
  if (e.method === 0) return raw;
  if (e.method !== 8) throw bad(`entry ${e.name}: unsupported compression method ${e.method}`);
  let data: Uint8Array;
  try {
    data = inflateRawSync(raw);
  } catch {
    throw bad(`entry ${e.name}: corrupt deflate data`);
  }
  if (data.length !== e.size) throw bad(`entry ${e.name}: inflated to ${data.length} bytes, expected ${e.size}`);
  return data;
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw bad('ZIP64 value out of range');
  return Number(v);
}
