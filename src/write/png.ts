/**
 * PNG encoding of pictures: grey, grey+alpha, RGB or RGBA, 8- or 16-bit.
 *
 * Why not fast-png's encoder (used for decoding elsewhere): it deflates in JavaScript (pako), measured at
 * ~270 ms for one 2048² RGB picture at level 1, while Node's native zlib takes ~15 ms and, called
 * asynchronously, runs on the libuv thread pool so several pictures compress at once. The PNG container
 * itself is a few lines: signature, IHDR, one IDAT, IEND.
 */
import { deflate, deflateSync } from '../core/compression.js';
import { crc32 } from '../core/crc32.js';
import { Cp2ijError } from '../core/errors.js';
import { joinChunks } from '../core/ndarray.js';

export interface Picture {
  readonly width: number;
  readonly height: number;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA; samples interleaved, rows top to bottom. */
  readonly channels: 1 | 2 | 3 | 4;
  /** Uint8Array for 8-bit samples, Uint16Array for 16-bit. */
  readonly data: Uint8Array | Uint16Array;
}

const COLOR_TYPE = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The largest hash table (memLevel 9): level 1 ran 5–10 % faster with it in Node's zlib. */
const MEM_LEVEL = 9;

/** PNG row filters cp2ij writes (one for the whole picture); 'auto' tries each on a sample. */
export type PngFilter = 'none' | 'sub' | 'up';
const FILTER_TYPE: Record<PngFilter, number> = { none: 0, sub: 1, up: 2 };

export interface PngOptions {
  /** zlib level, 1 (fastest, the default: these pictures are for looking at) … 9. */
  readonly level?: number;
  /** Row filter; default 'auto'. */
  readonly filter?: PngFilter | 'auto';
}

/**
 * Encode a picture as PNG. Level 1 beat zlib's RLE and Huffman-only strategies in both time and size on
 * every picture cp2ij draws; the best row filter depends on the picture (the bench's smooth 2048² flows:
 * "up" 0.6 MB in 17 ms, "none" 8.9 MB in 200 ms; grey noisy images: "none" smallest), so by default a few
 * bands of rows are compressed with each filter and the smallest wins (deflate's time follows its output
 * size), "none" unless another filter saves 10 %.
 */
export async function encodePng(picture: Picture, options: PngOptions = {}): Promise<Uint8Array> {
  const { width, height, channels, data } = picture;
  const bitDepth = data instanceof Uint16Array ? 16 : 8;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new Cp2ijError('bad-argument', `a PNG must be at least 1×1 pixels, got ${width}×${height}`);
  }
  if (data.length !== width * height * channels) {
    throw new Cp2ijError('bad-argument', `picture data holds ${data.length} samples, ${width}×${height}×${channels} expected`);
  }
  const level = options.level ?? 1;
  const scan: Scanlines = {
    bytes: bitDepth === 16 ? bigEndian16(data as Uint16Array) : (data as Uint8Array),
    rowBytes: width * channels * (bitDepth / 8),
    pixelBytes: channels * (bitDepth / 8),
    height,
  };
  const chosen = options.filter ?? 'auto';
  const filter = chosen === 'auto' ? bestFilter(scan, level) : chosen;
  const idat = await deflate(filteredRows(scan, filter, 0, height), { level, memLevel: MEM_LEVEL });

  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = bitDepth;
  ihdr[9] = COLOR_TYPE[channels];
  // compression 0, filter method 0, no interlace: already zero

  return joinChunks([Uint8Array.from(SIGNATURE), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))]);
}

/** Unfiltered sample bytes (big-endian for 16-bit) with the geometry the filters need. */
interface Scanlines {
  readonly bytes: Uint8Array;
  readonly rowBytes: number;
  /** Bytes per pixel: how far back "sub" looks. */
  readonly pixelBytes: number;
  readonly height: number;
}

/** Rows per sample band and bands tried: ~1 % of a 2048² picture, enough for deflate to show its ratio. */
const BAND_ROWS = 8;
const BANDS = 3;
/** A filter other than "none" is used when its sample is this much smaller. */
const FILTER_MARGIN = 0.1;

/**
 * Synchronous on purpose: the samples are small (~1 ms each), and the picture's own deflate must be queued
 * on the thread pool now, not when the main thread (busy drawing the next picture) gets back to a callback.
 */
function bestFilter(scan: Scanlines, level: number): PngFilter {
  const bands: [number, number][] =
    scan.height <= BAND_ROWS * BANDS
      ? [[0, scan.height]]
      : Array.from({ length: BANDS }, (_, k) => {
          const start = Math.floor(((k + 1) * scan.height) / (BANDS + 1));
          return [start, start + BAND_ROWS];
        });
  const candidates: PngFilter[] = ['none', 'sub', 'up'];
  const sizes = candidates.map((filter) => bands.reduce((n, [y0, y1]) => n + deflateSync(filteredRows(scan, filter, y0, y1), { level }).length, 0));
  // filtering costs a pass in JavaScript that "none" does not: a filter must earn it
  const best = sizes.indexOf(Math.min(...sizes));
  return sizes[best]! < sizes[0]! * (1 - FILTER_MARGIN) ? candidates[best]! : 'none';
}

/** Rows y0…y1 − 1 as PNG stores them: a filter-type byte, then the filtered bytes. */
function filteredRows({ bytes, rowBytes, pixelBytes }: Scanlines, filter: PngFilter, y0: number, y1: number): Uint8Array {
  const out = new Uint8Array((rowBytes + 1) * (y1 - y0));
  // "sub" subtracts the byte one pixel back, "up" the byte one row back; bytes with none stay as they are
  const rows = filter === 'none' ? bytes.subarray(y0 * rowBytes, y1 * rowBytes) : differences(bytes, y0 * rowBytes, y1 * rowBytes, filter === 'sub' ? pixelBytes : rowBytes);
  const lead = Math.min(pixelBytes, rowBytes);
  for (let y = y0, o = 0, r = 0; y < y1; y++, o += rowBytes + 1, r += rowBytes) {
    out[o] = FILTER_TYPE[filter];
    out.set(rows.subarray(r, r + rowBytes), o + 1);
    // a row's first pixel has no left neighbour: "sub" keeps it as it is
    if (filter === 'sub') out.set(bytes.subarray(y * rowBytes, y * rowBytes + lead), o + 1);
  }
  return out;
}

/**
 * src[i] − src[i − distance] (mod 256) for i in start…end − 1, src[i] where i < distance. Four bytes at a
 * time where the words line up (SIMD within a register: ~2.5× the byte loop), bytes elsewhere.
 */
function differences(src: Uint8Array, start: number, end: number, distance: number): Uint8Array {
  const out = new Uint8Array(end - start);
  let first = out.length;
  let last = out.length;
  if (LITTLE_ENDIAN && (src.byteOffset + start) % 4 === 0) {
    // words of src from byte start % 4 on, so that word floor(start / 4) + j holds bytes start + 4j…
    const base = Math.floor(start / 4);
    const words = new Int32Array(src.buffer, src.byteOffset + (start % 4), Math.floor((src.length - (start % 4)) / 4));
    const diffs = new Int32Array(out.buffer, 0, Math.floor(out.length / 4));
    const back = distance >>> 2;
    const shift = (distance & 3) * 8;
    // the first word whose "distance back" bytes all lie in that view
    const j0 = Math.max(0, back + (shift ? 1 : 0) - base);
    for (let j = j0, k = base + j0; j < diffs.length; j++, k++) {
      const a = words[k]!;
      // the 4 bytes `distance` back: one word, or the end of one and the start of the next (little-endian)
      const b = shift ? (words[k - back - 1]! >>> (32 - shift)) | (words[k - back]! << shift) : words[k - back]!;
      // bytewise a − b: borrows kept inside each byte by working on 7 bits and fixing the top bit apart
      diffs[j] = ((a | HIGH_BITS) - (b & LOW_BITS)) ^ ((a ^ ~b) & HIGH_BITS);
    }
    first = 4 * Math.min(j0, diffs.length);
    last = 4 * diffs.length;
  }
  for (let i = start; i < end; i++) {
    if (i === start + first) i = start + last;
    if (i >= end) break;
    out[i - start] = i >= distance ? src[i]! - src[i - distance]! : src[i]!;
  }
  return out;
}

const HIGH_BITS = 0x80808080 | 0;
const LOW_BITS = 0x7f7f7f7f;

/** 16-bit samples as PNG stores them, most significant byte first: swapped a whole sample at a time. */
function bigEndian16(data: Uint16Array): Uint8Array {
  const out = new Uint16Array(data.length);
  if (LITTLE_ENDIAN) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      out[i] = (v >>> 8) | ((v & 0xff) << 8);
    }
  } else out.set(data);
  return new Uint8Array(out.buffer);
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** One PNG chunk: length, type, body, CRC-32 of type and body. */
export function pngChunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}
