/**
 * Label images as Cellpose's `io.save_masks` writes them: `_cp_masks.png` (16-bit grey) for 2D masks
 * whose largest label is below 65536, otherwise `_cp_masks.tif` (3D stacks always). The TIFF keeps
 * uint16 when the labels fit, else uint32 — the masks' own dtype in Cellpose, which is uint16 below
 * 65536 labels and uint32 above.
 *
 * The TIFF is baseline, little-endian, uncompressed, one strip per page, one page per z-plane, with
 * SampleFormat = unsigned so ImageJ and tifffile read uint32 labels as integers.
 */
import { encode as encodePng } from 'fast-png';
import { Cp2ijError } from '../core/errors.js';
import { type Masks, labelStats } from '../core/masks.js';

export type LabelImageFormat = 'png' | 'tif';

/** Cellpose's choice for these masks: PNG when 2D and every label fits 16 bits, else TIFF. */
export function cellposeMaskFormat(masks: Masks): LabelImageFormat {
  return !masks.is3d && masks.depth === 1 && labelStats(masks).max < 65536 ? 'png' : 'tif';
}

/** `_cp_masks.png`: 16-bit greyscale, one plane. */
export function labelPng(masks: Masks): Uint8Array {
  if (masks.depth !== 1) throw new Cp2ijError('bad-argument', `a PNG holds one plane; these masks have ${masks.depth} (write a TIFF)`);
  const max = labelStats(masks).max;
  if (max > 65535) throw new Cp2ijError('bad-argument', `label ${max} does not fit a 16-bit PNG (write a TIFF)`);
  const data = masks.data instanceof Uint16Array ? masks.data : Uint16Array.from(masks.data);
  return encodePng({ width: masks.width, height: masks.height, data, depth: 16, channels: 1 });
}

const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  SampleFormat: 339,
} as const;
const SHORT = 3;
const LONG = 4;
const IFD_ENTRIES = 12;
const IFD_BYTES = 2 + IFD_ENTRIES * 12 + 4;

/** `_cp_masks.tif`: uint16 or uint32 pages, one per plane. */
export function labelTiff(masks: Masks): Uint8Array {
  const { width, height, depth } = masks;
  const wide = labelStats(masks).max > 65535;
  const bytesPerSample = wide ? 4 : 2;
  const pageBytes = width * height * bytesPerSample;
  // layout: header, then per page its IFD followed by its pixels
  const total = 8 + depth * (IFD_BYTES + pageBytes);
  if (total > 0xffffffff) throw new Cp2ijError('unsupported', `a ${total}-byte TIFF exceeds classic TIFF's 4 GiB (BigTIFF is not written)`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]); // "II", 42: little-endian TIFF
  view.setUint32(4, 8, true);
  const n = width * height;
  const pixels = wide ? (masks.data instanceof Uint32Array ? masks.data : Uint32Array.from(masks.data)) : masks.data instanceof Uint16Array ? masks.data : Uint16Array.from(masks.data);
  for (let z = 0; z < depth; z++) {
    const ifd = 8 + z * (IFD_BYTES + pageBytes);
    const data = ifd + IFD_BYTES;
    const next = z + 1 < depth ? data + pageBytes : 0;
    writeIfd(view, ifd, next, [
      [TAG.NewSubfileType, LONG, 0],
      [TAG.ImageWidth, LONG, width],
      [TAG.ImageLength, LONG, height],
      [TAG.BitsPerSample, SHORT, 8 * bytesPerSample],
      [TAG.Compression, SHORT, 1],
      [TAG.Photometric, SHORT, 1], // BlackIsZero
      [TAG.StripOffsets, LONG, data],
      [TAG.SamplesPerPixel, SHORT, 1],
      [TAG.RowsPerStrip, LONG, height],
      [TAG.StripByteCounts, LONG, pageBytes],
      [TAG.PlanarConfiguration, SHORT, 1],
      [TAG.SampleFormat, SHORT, 1], // unsigned integer
    ]);
    const plane = pixels.subarray(z * n, (z + 1) * n);
    out.set(new Uint8Array(plane.buffer, plane.byteOffset, plane.byteLength), data);
  }
  return out;
}

/** One IFD of single-value entries (tags ascending, as TIFF requires). */
function writeIfd(view: DataView, at: number, next: number, entries: readonly [number, number, number][]): void {
  view.setUint16(at, entries.length, true);
  entries.forEach(([tag, type, value], i) => {
    const e = at + 2 + 12 * i;
    view.setUint16(e, tag, true);
    view.setUint16(e + 2, type, true);
    view.setUint32(e + 4, 1, true);
    if (type === SHORT) view.setUint16(e + 8, value, true);
    else view.setUint32(e + 8, value, true);
  });
  view.setUint32(at + 2 + 12 * entries.length, next, true);
}
