/**
 * The microscope image a seg's `filename` names, from its bytes: PNG (fast-png) or TIFF (cp2ij's own
 * reader, read/tiff.ts, the one that reads label TIFFs), as an NdArray of shape (H, W), (H, W, C) or, for multi-page TIFF, (Z, H, W). Alpha channels are dropped
 * (Cellpose reads the colour channels only); palette PNGs become RGB.
 */
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import { Cp2ijError } from '../core/errors.js';
import { checkPixels } from '../core/limits.js';
import type { NdArray } from '../core/ndarray.js';
import { checkPngHeader } from '../read/png-header.js';
import { type TiffPage, checkPageData, decodePlane, readTiff } from '../read/tiff.js';

export function decodeImage(bytes: Uint8Array): NdArray {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return pngImage(bytes);
  if ((bytes[0] === 0x49 && bytes[1] === 0x49) || (bytes[0] === 0x4d && bytes[1] === 0x4d)) return tiffImage(bytes);
  throw new Cp2ijError('unsupported', 'image is neither PNG nor TIFF (the formats cp2ij reads for pictures)');
}

function pngImage(bytes: Uint8Array): NdArray {
  checkPngHeader(bytes);
  let png;
  try {
    png = decodePng(bytes);
  } catch (e) {
    throw new Cp2ijError('bad-image', `PNG could not be decoded (${(e as Error).message})`);
  }
  const { width, height } = png;
  if (png.palette) return { dtype: 'uint8', shape: [height, width, 3], data: Uint8Array.from(convertIndexedToRgb(png)).subarray(0, width * height * 3) };
  const colour = png.channels >= 3 ? 3 : 1;
  const data = dropAlpha(png.data as Uint8Array | Uint16Array, png.channels, colour);
  const dtype = data instanceof Uint16Array ? 'uint16' : 'uint8';
  return { dtype, shape: colour === 1 ? [height, width] : [height, width, 3], data };
}

function tiffImage(bytes: Uint8Array): NdArray {
  const file = readTiff(bytes);
  const pages = file.pages.filter((p) => !p.reduced);
  const first = pages[0];
  if (!first) throw new Cp2ijError('bad-image', 'TIFF has no images');
  const { width, height } = first;
  const n = width * height;
  if (pages.length > 1) {
    // a stack of grey planes, one per z
    for (const [z, p] of pages.entries()) {
      if (p.width !== width || p.height !== height || p.samplesPerPixel !== 1) throw new Cp2ijError('bad-image', `TIFF page ${z + 1} differs from page 1 in size or channels`);
    }
    checkPixels(width, height, pages.length, first.bitsPerSample / 8 + 4, 'TIFF image');
    const out = new Float32Array(n * pages.length);
    pages.forEach((p, z) => out.set(pageSamples(bytes, file, p, 0), z * n));
    return { dtype: 'float32', shape: [pages.length, height, width], data: out };
  }
  const spp = first.samplesPerPixel;
  const colour = spp >= 3 ? 3 : 1;
  checkPixels(width, height, 1, spp * (first.bitsPerSample / 8 + 4), 'TIFF image');
  let samples: Float32Array;
  if (first.planar === 2 && spp > 1) {
    // planar colour: interleave the first `colour` sample planes
    samples = new Float32Array(n * colour);
    for (let c = 0; c < colour; c++) {
      const plane = pageSamples(bytes, file, first, c);
      for (let i = 0; i < n; i++) samples[i * colour + c] = plane[i]!;
    }
  } else samples = dropAlpha(pageSamples(bytes, file, first, 0), spp, colour);
  return { dtype: 'float32', shape: colour === 1 ? [height, width] : [height, width, 3], data: samples };
}

/** One decoded plane of a page (all its samples, interleaved, for chunky pages) as numbers. */
function pageSamples(bytes: Uint8Array, file: ReturnType<typeof readTiff>, page: TiffPage, sample: number): Float32Array {
  checkPageData(bytes, page);
  const bps = page.bitsPerSample / 8;
  const count = page.width * page.height * (page.planar === 2 ? 1 : page.samplesPerPixel);
  const raw = new Uint8Array(count * bps);
  decodePlane(bytes, file, page, sample, raw);
  const view = sampleView(raw.buffer, bps, page.sampleFormat);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = Number(view[i]!);
  return out;
}

function sampleView(buffer: ArrayBuffer, bps: number, format: number): ArrayLike<number | bigint> {
  if (format === 3) {
    if (bps === 2) throw new Cp2ijError('unsupported', 'TIFF image has 16-bit float samples (32- and 64-bit floats are read)');
    return bps === 4 ? new Float32Array(buffer) : new Float64Array(buffer);
  }
  const signed = format === 2;
  if (bps === 1) return signed ? new Int8Array(buffer) : new Uint8Array(buffer);
  if (bps === 2) return signed ? new Int16Array(buffer) : new Uint16Array(buffer);
  if (bps === 4) return signed ? new Int32Array(buffer) : new Uint32Array(buffer);
  return signed ? new BigInt64Array(buffer) : new BigUint64Array(buffer);
}

/** Keep the first `keep` of every `channels` interleaved samples. */
function dropAlpha<T extends Uint8Array | Uint16Array | Float32Array | Float64Array>(data: T, channels: number, keep: number): T {
  if (channels === keep) return data;
  const n = data.length / channels;
  const out = new (data.constructor as new (n: number) => T)(n * keep);
  for (let i = 0; i < n; i++) for (let c = 0; c < keep; c++) out[i * keep + c] = data[i * channels + c]!;
  return out;
}
