/**
 * A PNG's declared size, checked before any decoder allocates for it. Deflate cannot expand data by
 * more than about 1032:1, so a file whose IDAT chunks are too small for the pixels its header declares
 * is refused at once (a 74-byte PNG may claim 2³¹ pixels).
 */
import { Cp2ijError } from '../core/errors.js';
import { checkPixels } from '../core/limits.js';

/** Deflate's largest expansion (258-byte matches coded in about two bits), with room to spare. */
const MAX_INFLATE_RATIO = 1032;
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
}

export function checkPngHeader(bytes: Uint8Array, what = 'PNG'): PngHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33) throw new Cp2ijError('truncated', `${what} is cut short before the end of its header`);
  if (view.getUint32(12) !== 0x49484452) throw new Cp2ijError('bad-image', `${what} does not start with an IHDR chunk`);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24]!;
  const colorType = bytes[25]!;
  const channels = CHANNELS[colorType];
  if (width === 0 || height === 0) throw new Cp2ijError('bad-image', `${what} declares ${width}×${height} pixels: an image has at least one`);
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(bitDepth)) throw new Cp2ijError('bad-image', `${what} has an invalid colour type ${colorType} / bit depth ${bitDepth}`);
  let idat = 0;
  for (let p = 8; p + 8 <= bytes.length; ) {
    const length = view.getUint32(p);
    if (view.getUint32(p + 4) === 0x49444154) idat += Math.min(length, bytes.length - p - 8);
    p += 12 + length;
  }
  const raw = height * (1 + Math.ceil((width * channels * bitDepth) / 8));
  if (raw > MAX_INFLATE_RATIO * idat + 1024) {
    throw new Cp2ijError('truncated', `${what} declares ${width}×${height} pixels but holds only ${idat} bytes of image data`);
  }
  checkPixels(width, height, 1, Math.max(1, (channels * bitDepth) / 8) + 4, what);
  return { width, height, bitDepth, colorType };
}
