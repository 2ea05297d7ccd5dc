/**
 * Label images as input: a plain integer `.npy`, Cellpose's `_cp_masks.png` (8/16-bit grey, fast-png)
 * and `_cp_masks.tif` (tiff package; one page = 2D, several = 3D; 8/16-bit integer, 32-bit float as
 * ImageJ saves labels; 32-bit integer read here since the package has no integer 32-bit path).
 */
import { decode as decodePng } from 'fast-png';
import { decode as decodeTiff, type TiffIfd } from 'tiff';
import { Cp2ijError } from '../core/errors.js';
import { type LabelData, type Masks, masksFromArray } from '../core/masks.js';
import { parseNpy } from './npy.js';
import { checkPngHeader } from './png-header.js';

export function parseLabelNpy(bytes: Uint8Array): Masks {
  const npy = parseNpy(bytes);
  if (npy.kind !== 'array') throw new Cp2ijError('unsupported', '.npy holds pickled objects: a _seg.npy? (label .npy files hold one integer array)');
  return masksFromArray(npy.array, 'label image');
}

export function parseLabelPng(bytes: Uint8Array): Masks {
  checkPngHeader(bytes);
  let png;
  try {
    png = decodePng(bytes);
  } catch (e) {
    throw new Cp2ijError('bad-image', `PNG could not be decoded (${(e as Error).message})`);
  }
  if (png.channels !== 1 || png.palette) {
    throw new Cp2ijError('bad-image', `PNG has ${png.channels} channel(s)${png.palette ? ' with a palette' : ''}; a label image is single-channel grey`);
  }
  if (png.depth !== 8 && png.depth !== 16) throw new Cp2ijError('bad-image', `PNG has ${png.depth}-bit samples; label images are 8- or 16-bit`);
  return { width: png.width, height: png.height, depth: 1, is3d: false, data: png.data as Uint8Array | Uint16Array };
}

export function parseLabelTiff(bytes: Uint8Array): Masks {
  let pages: TiffIfd[];
  try {
    pages = decodeTiff(bytes, { ignoreImageData: true });
  } catch (e) {
    throw new Cp2ijError('bad-image', `TIFF could not be decoded (${(e as Error).message})`);
  }
  if (pages.length === 0) throw new Cp2ijError('bad-image', 'TIFF has no images');
  const { width, height } = pages[0]!;
  const plane = width * height;
  const planes: LabelData[] = [];
  for (const [i, page] of pages.entries()) {
    if (page.width !== width || page.height !== height) throw new Cp2ijError('bad-image', `TIFF page ${i + 1} is ${page.width}×${page.height}, page 1 is ${width}×${height}`);
    if (page.samplesPerPixel !== 1) throw new Cp2ijError('bad-image', `TIFF has ${page.samplesPerPixel} samples per pixel; a label image is single-channel`);
    planes.push(pagePixels(bytes, i, page));
  }
  const data = planes.length === 1 ? planes[0]! : concat(planes, plane);
  return { width, height, depth: pages.length, is3d: pages.length > 1, data };
}

function pagePixels(bytes: Uint8Array, index: number, page: TiffIfd): LabelData {
  const bits = page.bitsPerSample;
  const format = page.sampleFormat; // 1 unsigned, 2 signed, 3 float
  if (bits === 32 && format !== 3) return uncompressedUint32(bytes, page, format === 2);
  let data;
  try {
    data = decodeTiff(bytes, { pages: [index] })[0]!.data;
  } catch (e) {
    throw new Cp2ijError('bad-image', `TIFF page ${index + 1} could not be decoded (${(e as Error).message})`);
  }
  if (data instanceof Uint8Array || data instanceof Uint16Array) {
    if (format === 2 && bits === 16) return nonNegative(new Int16Array(data.buffer, data.byteOffset, data.length));
    if (format === 2) return nonNegative(new Int8Array(data.buffer, data.byteOffset, data.length));
    return data;
  }
  return integerValued(data);
}

/** 32-bit float labels (ImageJ's "32-bit" images) must be whole numbers in 0…2³²−1. */
function integerValued(src: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i]!;
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Cp2ijError('bad-image', `TIFF holds pixel value ${v}; labels must be whole numbers ≥ 0`);
    out[i] = v;
  }
  return out;
}
function nonNegative(src: Int8Array | Int16Array | Int32Array): Uint32Array {
  return integerValued(src);
}

/** 32-bit integer pages, which the tiff package cannot decode: uncompressed strips only. */
function uncompressedUint32(bytes: Uint8Array, page: TiffIfd, signed: boolean): LabelData {
  if (page.compression !== 1) throw new Cp2ijError('unsupported', `compressed 32-bit integer TIFF (compression ${page.compression}) is not supported`);
  if (page.tiled) throw new Cp2ijError('unsupported', 'tiled 32-bit integer TIFF is not supported');
  const n = page.width * page.height;
  const raw = new Uint8Array(n * 4);
  let at = 0;
  const offsets = page.stripOffsets;
  const counts = page.stripByteCounts;
  for (let s = 0; s < offsets.length && at < raw.length; s++) {
    const start = offsets[s]!;
    const len = Math.min(counts[s] ?? 0, raw.length - at);
    if (start + len > bytes.length) throw new Cp2ijError('truncated', 'TIFF strip extends past the end of the file');
    raw.set(bytes.subarray(start, start + len), at);
    at += len;
  }
  if (at !== raw.length) throw new Cp2ijError('truncated', 'TIFF strips hold fewer pixels than the image size');
  const littleEndian = bytes[0] === 0x49;
  const view = new DataView(raw.buffer);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = signed ? view.getInt32(4 * i, littleEndian) : view.getUint32(4 * i, littleEndian);
    if (v < 0) throw new Cp2ijError('bad-image', `TIFF holds pixel value ${v}; labels must be ≥ 0`);
    out[i] = v;
  }
  return out;
}

function concat(planes: LabelData[], plane: number): LabelData {
  const widest = planes.some((p) => p instanceof Uint32Array) ? Uint32Array : planes.some((p) => p instanceof Uint16Array) ? Uint16Array : Uint8Array;
  const out = new widest(plane * planes.length);
  planes.forEach((p, z) => out.set(p, z * plane));
  return out;
}
