/**
 * The picture Cellpose draws outlines and masks on (plot.py `image_to_rgb` with channels [0, 0], and the
 * branch of `save_masks` / `show_segmentation` for images that already have 3 channels):
 * - 1 or 2 channels: their mean, `normalize99`, clipped to 0…1, times 255, truncated to 8 bits, as grey;
 * - 3 or more channels: the first three as RGB, scaled ×255 when the maximum is ≤ 50 (a 0…1 image),
 *   otherwise taken as 8-bit values (clipped, where numpy's cast would wrap).
 *
 * Accepted layouts, given the masks' plane size H×W and depth Z: (H,W), (H,W,C), (C,H,W) with C < 5
 * (Cellpose's own rule for channels-first), and for 3D masks the same with a leading Z axis.
 */
import { Cp2ijError } from '../core/errors.js';
import type { NdArray } from '../core/ndarray.js';
import { histogramPercentiles, normalize99 } from './normalize.js';
import type { Rgb } from './rgb.js';

export interface PlaneGeometry {
  readonly width: number;
  readonly height: number;
  /** Planes of the masks (1 for 2D). */
  readonly depth: number;
}

/** The display picture of plane `z` of `img`. Throws `bad-image` when the image does not fit the masks. */
export function displayImage(img: NdArray, z: number, geometry: PlaneGeometry): Rgb {
  const layout = planeLayout(img, z, geometry);
  const { width, height } = geometry;
  const n = width * height;
  const raw = img.data;
  if (layout.shape.length === 2 && (raw instanceof Uint8Array || raw instanceof Uint16Array)) {
    // the usual microscope plane: histogram and table straight from the samples, no float copy
    const plane = raw.subarray(layout.offset, layout.offset + n);
    return greyPicture(plane, tableFromHistogram(histogramOf(plane, raw instanceof Uint8Array ? 256 : 65536), n), width, height);
  }
  const channels = channelPlanes(img, layout, geometry);
  const data = new Uint8Array(n * 3);
  if (channels.length < 3) {
    const grey = meanOf(channels, n);
    const lut = channels.length === 1 ? integerLut(grey) : undefined;
    if (lut) return greyPicture(grey, lut, width, height);
    const scaled = range(grey) > 0 ? normalize99(grey) : grey;
    for (let i = 0; i < n; i++) {
      const v = to8bit(Math.min(1, Math.max(0, scaled[i]!)) * 255);
      data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = v;
    }
    return { width, height, data };
  }
  const unit = Math.max(maxOf(channels[0]!), maxOf(channels[1]!), maxOf(channels[2]!)) <= 50;
  for (let c = 0; c < 3; c++) {
    const src = channels[c]!;
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      data[3 * i + c] = unit ? to8bit(Math.min(1, Math.max(0, v)) * 255) : to8bit(Math.min(255, Math.max(0, v)));
    }
  }
  return { width, height, data };
}

/** Grey RGB through a table indexed by the (integer) sample. */
function greyPicture(samples: ArrayLike<number>, lut: Uint8Array, width: number, height: number): Rgb {
  const n = width * height;
  const data = new Uint8Array(n * 3);
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const g = lut[samples[i]!]!;
    data[o] = g;
    data[o + 1] = g;
    data[o + 2] = g;
  }
  return { width, height, data };
}

/** For grey planes of integers 0…65535 held as floats (TIFF pages): their table; undefined for other images. */
function integerLut(grey: Float32Array): Uint8Array | undefined {
  const counts = new Uint32Array(65536);
  for (let i = 0; i < grey.length; i++) {
    const v = grey[i]!;
    if (!(v >= 0 && v <= 65535 && v === Math.floor(v))) return undefined;
    counts[v] = counts[v]! + 1;
  }
  return tableFromHistogram(counts, grey.length);
}

function histogramOf(samples: Uint8Array | Uint16Array, size: number): Uint32Array {
  const counts = new Uint32Array(size);
  for (let i = 0; i < samples.length; i++) counts[samples[i]!] = counts[samples[i]!]! + 1;
  return counts;
}

/**
 * The display byte of every value up to the largest present, from the plane's histogram, by the same
 * normalize99 + clip + ×255 + truncate steps the float path takes (a flat plane is not normalised).
 */
function tableFromHistogram(counts: Uint32Array, n: number): Uint8Array {
  let lo = 0;
  let hi = counts.length - 1;
  while (lo < hi && counts[lo] === 0) lo++;
  while (hi > lo && counts[hi] === 0) hi--;
  const lut = new Uint8Array(hi + 1);
  if (lo === hi) {
    lut.fill(to8bit(Math.min(1, Math.max(0, hi)) * 255));
    return lut;
  }
  const [p1, p99] = histogramPercentiles(counts, n, [1, 99]).map(Math.fround) as [number, number];
  const span = Math.fround(p99 - p1);
  for (let v = 0; v <= hi; v++) {
    const scaled = span > 1e-3 ? Math.fround(Math.fround(v - p1) / span) : 0;
    lut[v] = to8bit(Math.min(1, Math.max(0, scaled)) * 255);
  }
  return lut;
}

function to8bit(v: number): number {
  return Number.isNaN(v) ? 0 : Math.floor(Math.fround(v));
}

interface PlaneLayout {
  /** The shape of one plane: (H, W), (H, W, C) or (C, H, W). */
  readonly shape: number[];
  /** Where plane z starts in the image's data. */
  readonly offset: number;
}

/** Where plane z is and how it is laid out; `bad-image` when the image does not fit the masks. */
function planeLayout(img: NdArray, z: number, { width, height, depth }: PlaneGeometry): PlaneLayout {
  let shape = [...img.shape];
  let offset = 0;
  const planeSize = (s: number[]) => s.reduce((a, b) => a * b, 1);
  // a leading Z axis (or a singleton one, as Cellpose's (1, Ly, Lx, 3) flows and images have)
  const zAxis = shape.length >= 3 && ((depth > 1 && shape[0] === depth) || (shape[0] === 1 && !fitsPlane(shape, width, height)));
  if (zAxis) {
    const rest = shape.slice(1);
    offset = (shape[0] === 1 ? 0 : z) * planeSize(rest);
    shape = rest;
  }
  if (!fitsPlane(shape, width, height)) {
    throw new Cp2ijError('bad-image', `image is (${img.shape.join(', ')}), masks are ${depth > 1 ? `${depth}×` : ''}${height}×${width}: sizes do not match`);
  }
  return { shape, offset };
}

/** The channels of a plane as float32 planes of n pixels, whatever the layout. */
function channelPlanes(img: NdArray, { shape, offset }: PlaneLayout, { width, height }: PlaneGeometry): Float32Array[] {
  const n = width * height;
  const value = numberReader(img);
  if (shape.length === 2) {
    const data = img.data;
    // the common grey plane: one typed-array conversion, no per-pixel calls
    if (!(data instanceof BigInt64Array || data instanceof BigUint64Array)) return [Float32Array.from(data.subarray(offset, offset + n))];
    return [readPlane(value, offset, 1, n)];
  }
  if (shape[0] === height && shape[1] === width) {
    const c = shape[2]!;
    return Array.from({ length: c }, (_, k) => readPlane(value, offset + k, c, n));
  }
  return Array.from({ length: shape[0]! }, (_, k) => readPlane(value, offset + k * n, 1, n));
}

function fitsPlane(shape: number[], width: number, height: number): boolean {
  if (shape.length === 2) return shape[0] === height && shape[1] === width;
  if (shape.length !== 3) return false;
  if (shape[0] === height && shape[1] === width) return true;
  return shape[0]! < 5 && shape[1] === height && shape[2] === width;
}

function readPlane(value: (i: number) => number, start: number, stride: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0, j = start; i < n; i++, j += stride) out[i] = value(j);
  return out;
}

function numberReader(img: NdArray): (i: number) => number {
  if (img.dtype === 'float16') throw new Cp2ijError('unsupported', 'float16 images are not supported for pictures');
  const data = img.data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return (i) => Number(data[i]!);
  const numbers = data as Exclude<typeof data, BigInt64Array | BigUint64Array>;
  return (i) => numbers[i]!;
}

function meanOf(channels: Float32Array[], n: number): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const out = new Float32Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) out[i] = out[i]! + ch[i]!;
  for (let i = 0; i < n; i++) out[i] = out[i]! / channels.length;
  return out;
}

function range(values: Float32Array): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

function maxOf(values: Float32Array): number {
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > hi) hi = values[i]!;
  return hi;
}
