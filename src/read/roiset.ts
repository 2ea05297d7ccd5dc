/**
 * RoiSet `.zip` (and lone `.roi`) bytes → decoded ROIs, seen the way ImageJ's ROI Manager sees them
 * (doc §12.4): entries in local-header order, only names ending in `.roi` (case-sensitive), the label
 * is the entry name without `.roi`. Stored and deflated entries, with or without data descriptors
 * (sizes come from the central directory), and ZIP64 archives are read.
 *
 * An archive is untrusted: entries may not overlap or reach into the central directory (one big
 * entry named a hundred times is refused, not inflated a hundred times), inflation stops at the size
 * the entry declares, the declared sizes together stay within the `inflated` limit, and every entry's
 * CRC-32 is checked, as ImageJ's reader does.
 */
import { inflate } from '../core/compression.js';
import { crc32 } from '../core/crc32.js';
import { CENTRAL, EOCD, LOCAL, ZIP, ZIP64_EOCD, ZIP64_LOCATOR } from '../core/zip-layout.js';
import { Cp2ijError } from '../core/errors.js';
import { formatBytes, limits } from '../core/limits.js';
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
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** Where the entry's data starts, once its local header has been checked. */
  dataStart?: number;
}

const { EOCD_SIG, ZIP64_LOCATOR_SIG, ZIP64_EOCD_SIG, CENTRAL_SIG, LOCAL_SIG, U32_MAX, LOCAL_SIZE, CENTRAL_SIZE, EOCD_SIZE, ZIP64_EOCD_SIZE, ZIP64_LOCATOR_SIZE } = ZIP;

function bad(detail: string): Cp2ijError {
  return new Cp2ijError('bad-zip', detail);
}

export function readRoiSet(bytes: Uint8Array): RoiSetItem[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { entries: all, cdOffset } = centralDirectory(view);
  all.sort((a, b) => a.localOffset - b.localOffset);
  checkLayout(view, all, cdOffset);
  const entries = all.filter((e) => e.name.endsWith('.roi'));
  return entries.map((e) => {
    const data = entryData(bytes, e);
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

/**
 * Every entry's local header and data lie before the central directory, one after the other without
 * overlap, and the sizes they declare stay within the limit — checked before anything is inflated.
 */
function checkLayout(view: DataView, entries: readonly CentralEntry[], cdOffset: number): void {
  let end = 0;
  let declared = 0;
  for (const e of entries) {
    const p = e.localOffset;
    if (p < end) throw bad(`entry ${e.name} overlaps the entry before it (a zip bomb?)`);
    if (p + LOCAL_SIZE > cdOffset || view.getUint32(p, true) !== LOCAL_SIG) throw bad(`entry ${e.name}: local header missing`);
    const dataStart = p + LOCAL_SIZE + view.getUint16(p + LOCAL.NAME_LENGTH, true) + view.getUint16(p + LOCAL.EXTRA_LENGTH, true);
    end = dataStart + e.compressedSize;
    if (end > cdOffset) throw bad(`entry ${e.name}: its data runs past the start of the central directory (truncated or overlapping)`);
    e.dataStart = dataStart;
    declared += e.size;
    if (declared > limits.inflated) throw new Cp2ijError('limit', `entries inflate to more than the limit of ${formatBytes(limits.inflated)} (raise it with CP2IJ_LIMITS=inflated=…)`);
  }
}

function centralDirectory(view: DataView): { entries: CentralEntry[]; cdOffset: number } {
  const eocd = findEocd(view);
  let count = view.getUint16(eocd + EOCD.ENTRIES, true);
  let cdSize = view.getUint32(eocd + EOCD.CD_SIZE, true);
  let cdOffset = view.getUint32(eocd + EOCD.CD_OFFSET, true);
  const locator = eocd - ZIP64_LOCATOR_SIZE;
  if (locator >= 0 && view.getUint32(locator, true) === ZIP64_LOCATOR_SIG) {
    const z64 = safeNumber(view.getBigUint64(locator + ZIP64_LOCATOR.EOCD_OFFSET, true));
    if (z64 + ZIP64_EOCD_SIZE > view.byteLength || view.getUint32(z64, true) !== ZIP64_EOCD_SIG) throw bad('broken ZIP64 end record');
    count = safeNumber(view.getBigUint64(z64 + ZIP64_EOCD.ENTRIES, true));
    cdSize = safeNumber(view.getBigUint64(z64 + ZIP64_EOCD.CD_SIZE, true));
    cdOffset = safeNumber(view.getBigUint64(z64 + ZIP64_EOCD.CD_OFFSET, true));
  }
  if (cdOffset + cdSize > view.byteLength) throw bad('truncated: central directory lies beyond the end of the file');
  if (count > cdSize / CENTRAL_SIZE) throw bad(`the central directory (${cdSize} bytes) cannot hold the ${count} entries the archive declares`);
  if (count > limits.entries) throw new Cp2ijError('limit', `${count} entries are more than the limit of ${limits.entries} (raise it with CP2IJ_LIMITS=entries=…)`);
  const decoder = new TextDecoder('utf-8');
  const out: CentralEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + CENTRAL_SIZE > view.byteLength || view.getUint32(p, true) !== CENTRAL_SIG) throw bad(`central directory entry ${i + 1} of ${count} is malformed`);
    const nameLength = view.getUint16(p + CENTRAL.NAME_LENGTH, true);
    const extraLength = view.getUint16(p + CENTRAL.EXTRA_LENGTH, true);
    const commentLength = view.getUint16(p + CENTRAL.COMMENT_LENGTH, true);
    const next = p + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (next > cdOffset + cdSize) throw bad(`central directory entry ${i + 1}: its name and fields run past the central directory`);
    const entry: CentralEntry = {
      // ImageJ decodes entry names as UTF-8 whatever the flag says.
      name: decoder.decode(new Uint8Array(view.buffer, view.byteOffset + p + CENTRAL_SIZE, nameLength)),
      method: view.getUint16(p + CENTRAL.METHOD, true),
      crc: view.getUint32(p + CENTRAL.CRC, true),
      compressedSize: view.getUint32(p + CENTRAL.COMPRESSED_SIZE, true),
      size: view.getUint32(p + CENTRAL.SIZE, true),
      localOffset: view.getUint32(p + CENTRAL.LOCAL_OFFSET, true),
    };
    applyZip64Extra(view, p + CENTRAL_SIZE + nameLength, extraLength, entry);
    out.push(entry);
    p = next;
  }
  return { entries: out, cdOffset };
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

function entryData(bytes: Uint8Array, e: CentralEntry): Uint8Array {
  const start = e.dataStart!;
  const raw = bytes.subarray(start, start + e.compressedSize);
  let data: Uint8Array;
  if (e.method === 0) {
    if (e.size !== e.compressedSize) throw bad(`entry ${e.name}: stored entry declares ${e.size} bytes but holds ${e.compressedSize}`);
    data = raw;
  } else if (e.method === 8) {
    // never more than the entry declares: a bomb stops here, at its declared size
    data = inflate(raw, e.size, 'raw', `entry ${e.name}`, 'bad-roi');
    if (data.length !== e.size) throw bad(`entry ${e.name}: inflated to ${data.length} bytes, expected ${e.size}`);
  } else throw bad(`entry ${e.name}: unsupported compression method ${e.method}`);
  if (crc32(data) !== e.crc) throw bad(`entry ${e.name}: CRC-32 does not match (the archive is damaged)`);
  return data;
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw bad('ZIP64 value out of range');
  return Number(v);
}
