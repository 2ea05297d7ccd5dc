/**
 * zlib/deflate decompression behind one small interface, so that format code (TIFF strips, zarr
 * chunks) stays free of platform bindings. The Node layer (src/io/files.ts, loaded by every reader
 * entry) installs Node's native zlib; another platform installs its own (e.g. fflate) with useInflater.
 *
 * Every call names the size its caller expects, and never yields more: a stream that would inflate
 * past it is an error, so a small hostile file can never make cp2ij allocate what it claims.
 */
import { Cp2ijError } from './errors.js';

export interface Inflater {
  /** zlib-wrapped (RFC 1950) or raw (RFC 1951) deflate → exactly at most `maxBytes` bytes. */
  inflate(data: Uint8Array, maxBytes: number, format: 'zlib' | 'raw'): Uint8Array;
}

let current: Inflater | undefined;

export function useInflater(inflater: Inflater): void {
  current = inflater;
}

/** Inflate `data`, refusing output beyond `maxBytes` with a `bad-image`-style error of `what`. */
export function inflate(data: Uint8Array, maxBytes: number, format: 'zlib' | 'raw', what: string): Uint8Array {
  if (!current) throw new Cp2ijError('unsupported', `${what}: no deflate decoder is installed on this platform (useInflater)`);
  try {
    return current.inflate(data, maxBytes, format);
  } catch (e) {
    if (e instanceof Cp2ijError) throw e;
    throw new Cp2ijError('bad-image', `${what}: corrupt or oversized deflate data`, undefined, { cause: e });
  }
}
