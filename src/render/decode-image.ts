/**
 * The microscope image a seg's `filename` names, from its bytes: PNG (fast-png) or TIFF (tiff package),
 * as an NdArray of shape (H, W), (H, W, C) or, for multi-page TIFF, (Z, H, W). Alpha channels are dropped
 * (Cellpose reads the colour channels only); palette PNGs become RGB.
 */
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import { decode as decodeTiff } from 'tiff';
import { Cp2ijError } from '../core/errors.js';
import type { NdArray } from '../core/ndarray.js';
import { checkPngHeader } from '../read/png-header.js';

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
  let pages;
  try {
    pages = decodeTiff(bytes);
  } catch (e) {
    throw new Cp2ijError('bad-image', `TIFF could not be decoded (${(e as Error).message})`);
  }
  const first = pages[0];
  if (!first) throw new Cp2ijError('bad-image', 'TIFF has no images');
  const { width, height } = first;
  if (pages.length > 1) {
    // a stack of grey planes, one per z
    const n = width * height;
    const out = new Float32Array(n * pages.length);
    pages.forEach((p, z) => {
      if (p.width !== width || p.height !== height || p.samplesPerPixel !== 1) throw new Cp2ijError('bad-image', `TIFF page ${z + 1} differs from page 1 in size or channels`);
      out.set(p.data as ArrayLike<number>, z * n);
    });
    return { dtype: 'float32', shape: [pages.length, height, width], data: out };
  }
  const spp = first.samplesPerPixel;
  const colour = spp >= 3 ? 3 : 1;
  const src = first.data as Uint8Array | Uint16Array | Float32Array | Float64Array;
  const data = Float32Array.from(dropAlpha(src, spp, colour));
  return { dtype: 'float32', shape: colour === 1 ? [height, width] : [height, width, 3], data };
}

/** Keep the first `keep` of every `channels` interleaved samples. */
function dropAlpha<T extends Uint8Array | Uint16Array | Float32Array | Float64Array>(data: T, channels: number, keep: number): T {
  if (channels === keep) return data;
  const n = data.length / channels;
  const out = new (data.constructor as new (n: number) => T)(n * keep);
  for (let i = 0; i < n; i++) for (let c = 0; c < keep; c++) out[i * keep + c] = data[i * channels + c]!;
  return out;
}
