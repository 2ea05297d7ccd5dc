/**
 * Compression behind one small interface, so that format code (TIFF strips, RoiSet entries, PNG
 * pictures) stays free of platform bindings. By default it is fflate (pure JavaScript, 8 kB), so the
 * library works unchanged in a browser and in Node; the Node layer (src/node/platform.ts) installs Node's
 * native zlib instead (several times faster, and off the main thread); useCompression installs another.
 *
 * Node's zlib and fflate both write valid deflate streams but not the same ones: a PNG picture made with
 * one has the pixels, not the compressed bytes, of one made with the other. Nothing else cp2ij writes is
 * compressed (RoiSets are stored, ImageJ-style).
 *
 * Inflating names the size its caller expects and never yields more: a stream that would inflate past
 * it is an error, so a small hostile file can never make cp2ij allocate what it claims.
 */
import { inflateSync, unzlibSync, zlibSync } from 'fflate';
import { Cp2ijError, type ErrorCode } from './errors.js';

export type DeflateFormat = 'zlib' | 'raw';

export interface DeflateSettings {
  /** 1 (fastest) … 9. */
  readonly level: number;
  /** zlib's memLevel (hash table size), 1 … 9, where the implementation has one. */
  readonly memLevel?: number;
}

export interface Compression {
  /**
   * zlib-wrapped (RFC 1950) or raw (RFC 1951) deflate → at most `maxBytes` bytes; a stream that would give
   * more throws InflateOverflow (any other throw means corrupt data).
   */
  inflate(data: Uint8Array, maxBytes: number, format: DeflateFormat): Uint8Array;
  /** zlib-wrapped deflate (what PNG stores). Asynchronous, so a platform may compress off the main thread. */
  deflate(data: Uint8Array, settings: DeflateSettings): Promise<Uint8Array>;
  /** The same, at once (for small samples, e.g. choosing a PNG row filter). */
  deflateSync(data: Uint8Array, settings: DeflateSettings): Uint8Array;
}

/** What a Compression's inflate throws when the stream holds more than the caller allowed. */
export class InflateOverflow extends Error {}

/** fflate: the default on every platform. */
export const FFLATE: Compression = {
  inflate(data, maxBytes, format) {
    // one byte of room past the limit tells a stream that would go on from one that ends exactly there
    const out = new Uint8Array(maxBytes + 1);
    const inflated = format === 'zlib' ? unzlibSync(data, { out }) : inflateSync(data, { out });
    if (inflated.length > maxBytes) throw new InflateOverflow('inflate output limit');
    return inflated;
  },
  async deflate(data, settings) {
    return this.deflateSync(data, settings);
  },
  deflateSync(data, { level, memLevel }) {
    return zlibSync(data, { level: level as 1, mem: memLevel as 8 | undefined });
  },
};

let current: Compression = FFLATE;

export function useCompression(compression: Compression): void {
  current = compression;
}


/** Inflate `data`, refusing output beyond `maxBytes`; errors (of `code`) say it is `what`'s data. */
export function inflate(data: Uint8Array, maxBytes: number, format: DeflateFormat, what: string, code: ErrorCode = 'bad-image'): Uint8Array {
  try {
    return current.inflate(data, maxBytes, format);
  } catch (e) {
    if (e instanceof Cp2ijError) throw e;
    const detail = e instanceof InflateOverflow ? `inflates to more than the ${maxBytes} bytes expected` : 'corrupt deflate data';
    throw new Cp2ijError(code, `${what}: ${detail}`, undefined, { cause: e });
  }
}

/** Deflate `data` into a zlib stream. */
export function deflate(data: Uint8Array, settings: DeflateSettings): Promise<Uint8Array> {
  return current.deflate(data, settings);
}

export function deflateSync(data: Uint8Array, settings: DeflateSettings): Uint8Array {
  return current.deflateSync(data, settings);
}
