/**
 * Node's native zlib and CRC-32 for the format code (src/core/compression.ts, crc32.ts). Imported by
 * every Node entry (the file layer, `cp2ij/node`), so format code running in Node uses them from then on.
 */
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { InflateOverflow, useCompression } from '../core/compression.js';
import { useNativeCrc32 } from '../core/crc32.js';

const deflateAsync = promisify(zlib.deflate);
/**
 * An output buffer of 1 MiB for big streams: the 16 KiB default costs a thread-pool round trip per
 * 16 KiB of output.
 */
const CHUNK = 1 << 20;

// Node's zlib has a native CRC-32 from 20.15 on
useNativeCrc32((zlib as { crc32?: (data: Uint8Array) => number }).crc32);
useCompression({
  inflate(data, maxBytes, format) {
    const options = { maxOutputLength: Math.max(1, maxBytes) };
    let out: Buffer;
    try {
      out = format === 'zlib' ? zlib.inflateSync(data, options) : zlib.inflateRawSync(data, options);
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new InflateOverflow('inflate output limit', { cause: e });
      throw e;
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  async deflate(data, { level, memLevel }) {
    const out = await deflateAsync(data, { level, memLevel, chunkSize: CHUNK });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  deflateSync(data, { level, memLevel }) {
    const out = zlib.deflateSync(data, { level, memLevel });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
});
