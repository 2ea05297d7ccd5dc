/**
 * Compression behind one small interface, so that format code (TIFF strips, RoiSet entries, PNG
 * pictures) stays free of platform bindings. The Node layer (src/node/platform.ts) installs Node's
 * native zlib; the web page installs fflate (src/web/platform.ts); a library user on another platform
 * installs its own with useCompression.
 *
 * Inflating names the size its caller expects and never yields more: a stream that would inflate past
 * it is an error, so a small hostile file can never make cp2ij allocate what it claims.
 */
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

let current: Compression | undefined;

export function useCompression(compression: Compression): void {
  current = compression;
}

function installed(what: string): Compression {
  if (!current) throw new Cp2ijError('unsupported', `${what}: no deflate codec is installed on this platform (useCompression)`);
  return current;
}

/** What a Compression's inflate throws when the stream holds more than the caller allowed. */
export class InflateOverflow extends Error {}

/** Inflate `data`, refusing output beyond `maxBytes`; errors (of `code`) say it is `what`'s data. */
export function inflate(data: Uint8Array, maxBytes: number, format: DeflateFormat, what: string, code: ErrorCode = 'bad-image'): Uint8Array {
  const codec = installed(what);
  try {
    return codec.inflate(data, maxBytes, format);
  } catch (e) {
    if (e instanceof Cp2ijError) throw e;
    const detail = e instanceof InflateOverflow ? `inflates to more than the ${maxBytes} bytes expected` : 'corrupt deflate data';
    throw new Cp2ijError(code, `${what}: ${detail}`, undefined, { cause: e });
  }
}

/** Deflate `data` into a zlib stream. */
export function deflate(data: Uint8Array, settings: DeflateSettings, what: string): Promise<Uint8Array> {
  return installed(what).deflate(data, settings);
}

export function deflateSync(data: Uint8Array, settings: DeflateSettings, what: string): Uint8Array {
  return installed(what).deflateSync(data, settings);
}
