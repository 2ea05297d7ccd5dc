/**
 * zlib/deflate decompression behind one small interface, so that format code (TIFF strips, zarr
 * chunks) stays free of platform bindings. The default is fflate (plain JavaScript, any platform);
 * the Node layer installs Node's native zlib, about 2–3× faster on large strips.
 *
 * Every call names the size its caller expects, and never yields more: a stream that would inflate
 * past it is an error, so a small hostile file can never make cp2ij allocate what it claims.
 */
import { inflateSync as fflateInflate, unzlibSync as fflateUnzlib } from 'fflate';
import { Cp2ijError } from './errors.js';

export interface Inflater {
  /** zlib-wrapped (RFC 1950) or raw (RFC 1951) deflate → exactly at most `maxBytes` bytes. */
  inflate(data: Uint8Array, maxBytes: number, format: 'zlib' | 'raw'): Uint8Array;
}

const portable: Inflater = {
  inflate(data, maxBytes, format) {
    const out = new Uint8Array(maxBytes);
    const got = format === 'zlib' ? fflateUnzlib(data, { out }) : fflateInflate(data, { out });
    return got;
  },
};

let current: Inflater = portable;

export function useInflater(inflater: Inflater): void {
  current = inflater;
}

/** Inflate `data`, refusing output beyond `maxBytes` with a `bad-image`-style error of `what`. */
export function inflate(data: Uint8Array, maxBytes: number, format: 'zlib' | 'raw', what: string): Uint8Array {
  try {
    return current.inflate(data, maxBytes, format);
  } catch (e) {
    if (e instanceof Cp2ijError) throw e;
    throw new Cp2ijError('bad-image', `${what}: corrupt or oversized deflate data`, undefined, { cause: e });
  }
}
