/**
 * Compression for the browser: fflate (pure JavaScript, synchronous, 8 kB), installed into the core's
 * interface. Node's zlib and fflate both write valid deflate streams but not the same ones, so a PNG
 * picture made here has the command's pixels, not its compressed bytes; nothing else cp2ij writes is
 * compressed (RoiSets are stored, ImageJ-style).
 */
import { inflateSync, unzlibSync, zlibSync } from 'fflate';
import { InflateOverflow, useCompression } from '../core/compression.js';

useCompression({
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
});
