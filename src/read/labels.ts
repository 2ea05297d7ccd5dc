/**
 * Label images as input: a plain integer `.npy`, Cellpose's `_cp_masks.png` (8/16-bit grey, fast-png)
 * and label TIFFs of every common encoding (read/tiff.ts): one plane = 2D, several = 3D.
 */
import { decode as decodePng } from 'fast-png';
import { Cp2ijError } from '../core/errors.js';
import { checkPixels } from '../core/limits.js';
import { type LabelData, type Masks, masksFromArray } from '../core/masks.js';
import { parseNpy } from './npy.js';
import { checkPngHeader } from './png-header.js';
import { COMPRESSION_NAMES, type TiffPage, checkPageData, decodePlane, readTiff } from './tiff.js';

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

/** How a label TIFF was stored, for `inspect`. */
export interface TiffLabelInfo {
  readonly compression: string;
  readonly predictor: number;
  readonly tiled: boolean;
  readonly bigTiff: boolean;
  readonly byteOrder: 'little' | 'big';
  readonly sampleFormat: 'uint' | 'int' | 'float';
  readonly bitsPerSample: number;
  readonly pages: number;
}

const SAMPLE_FORMATS = { 1: 'uint', 2: 'int', 3: 'float' } as const;

/**
 * A label TIFF → masks. Pages are z-planes; which pages are planes is decided by the file's own
 * description where it has one (tifffile's `{"shape": …}`, ImageJ's `images= channels= slices=
 * frames=`, OME-XML's SizeC): one channel is required. Pyramid levels (reduced-resolution pages) are
 * not planes. 8/16-bit unsigned samples are used as they are; wider, signed and float samples must be
 * whole numbers in 0…2³²−1 (the first that is not is named).
 */
export function parseLabelTiff(bytes: Uint8Array): Masks & { tiff: TiffLabelInfo } {
  const file = readTiff(bytes);
  const pages = file.pages.filter((p) => !p.reduced);
  const first = pages[0];
  if (!first) throw new Cp2ijError('bad-image', 'TIFF holds only reduced-resolution pages, no full image');
  const planes = planesOf(pages);
  const { width, height } = first;
  for (const { page } of planes) {
    if (page.width !== width || page.height !== height) throw new Cp2ijError('bad-image', `TIFF page ${page.index + 1} is ${page.width}×${page.height}, page 1 is ${width}×${height}`);
    if (page.bitsPerSample !== first.bitsPerSample || page.sampleFormat !== first.sampleFormat) throw new Cp2ijError('bad-image', `TIFF page ${page.index + 1} has other samples than page 1`);
  }
  for (const page of new Set(planes.map((p) => p.page))) checkPageData(bytes, page);
  const bps = first.bitsPerSample / 8;
  const format = first.sampleFormat;
  const direct = format === 1 && bps <= 4; // unsigned 8/16/32 bits: decoded straight into the masks
  checkPixels(width, height, planes.length, direct ? bps : bps + 4, 'TIFF label image');
  const plane = width * height;
  const raw = new Uint8Array(plane * planes.length * bps);
  planes.forEach(({ page, sample }, z) => decodePlane(bytes, file, page, sample, raw.subarray(z * plane * bps, (z + 1) * plane * bps)));
  const data: LabelData = direct ? (bps === 1 ? raw : bps === 2 ? new Uint16Array(raw.buffer) : new Uint32Array(raw.buffer)) : wholeLabels(raw, bps, format, width, height);
  const info: TiffLabelInfo = {
    compression: COMPRESSION_NAMES[first.compression] ?? String(first.compression),
    predictor: first.predictor,
    tiled: first.tiled,
    bigTiff: file.bigTiff,
    byteOrder: file.littleEndian ? 'little' : 'big',
    sampleFormat: SAMPLE_FORMATS[format as 1 | 2 | 3],
    bitsPerSample: first.bitsPerSample,
    pages: file.pages.length,
  };
  return { width, height, depth: planes.length, is3d: planes.length > 1, data, tiff: info };
}

/** The planes of a label TIFF in z order: (page, sample) pairs, after the file's description is heard. */
function planesOf(pages: readonly TiffPage[]): { page: TiffPage; sample: number }[] {
  const first = pages[0]!;
  const description = first.description;
  const channels = channelCount(description);
  if (channels > 1) throw new Cp2ijError('unsupported', `TIFF holds ${channels} channels; a label image has one (save the label channel alone)`);
  const spp = first.samplesPerPixel;
  if (spp > 1) {
    // tifffile writes a (3, H, W) or (4, H, W) array as one planar RGB page; its shape says it is planes
    const shape = tifffileShape(description);
    const planar = first.planar === 2 && shape !== undefined && shape.length >= 3 && shape[shape.length - 1] === first.width && shape[shape.length - 3] === spp;
    if (!planar) throw new Cp2ijError('unsupported', `TIFF has ${spp} samples per pixel (a colour image?); a label image has one`);
    return pages.flatMap((page) => Array.from({ length: page.samplesPerPixel }, (_, sample) => ({ page, sample })));
  }
  return pages.map((page) => ({ page, sample: 0 }));
}

/** Channels a description declares: ImageJ's `channels=`, OME-XML's SizeC, a tifffile shape with axes; 1 if none. */
function channelCount(description: string): number {
  const imagej = /^ImageJ=/.test(description) ? /(?:^|\n)channels=(\d+)/.exec(description) : null;
  if (imagej) return Number(imagej[1]);
  const ome = /<Pixels\b[^>]*\bSizeC="(\d+)"/.exec(description);
  if (ome) return Number(ome[1]);
  const axes = /"axes":\s*"([A-Z]+)"/.exec(description);
  const shape = tifffileShape(description);
  if (axes && shape && axes[1]!.length === shape.length) {
    const c = axes[1]!.indexOf('C');
    if (c >= 0) return shape[c]!;
  }
  return 1;
}

function tifffileShape(description: string): number[] | undefined {
  const m = /^\{.*"shape":\s*\[([\d,\s]+)\]/.exec(description);
  return m ? m[1]!.split(',').map((v) => Number(v.trim())) : undefined;
}

/** Signed, 64-bit or float samples → uint32 labels, refusing the first that is not a whole number in 0…2³²−1. */
function wholeLabels(raw: Uint8Array, bps: number, format: number, width: number, height: number): Uint32Array {
  const n = raw.length / bps;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Uint32Array(n);
  const read: (i: number) => number =
    format === 3 ? (bps === 4 ? (i) => view.getFloat32(4 * i, true) : (i) => view.getFloat64(8 * i, true))
    : format === 2 ? (bps === 1 ? (i) => view.getInt8(i) : bps === 2 ? (i) => view.getInt16(2 * i, true) : bps === 4 ? (i) => view.getInt32(4 * i, true) : (i) => Number(view.getBigInt64(8 * i, true)))
    : (i) => Number(view.getBigUint64(8 * i, true));
  for (let i = 0; i < n; i++) {
    const v = read(i);
    if (!(v >= 0 && v <= 0xffffffff && Number.isInteger(v))) {
      const z = Math.floor(i / (width * height));
      const rest = i - z * width * height;
      throw new Cp2ijError('bad-image', `TIFF pixel (x=${rest % width}, y=${Math.floor(rest / width)}${n > width * height ? `, z=${z}` : ''}) holds ${v}; labels must be whole numbers in 0…4294967295`);
    }
    out[i] = v;
  }
  return out;
}
