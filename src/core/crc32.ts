/**
 * The one CRC-32 (IEEE: ZIP entries, PNG chunks), for readers and writers alike. Plain JavaScript
 * everywhere; where the platform has a native one (Node's zlib.crc32, about three times faster) the
 * Node layer installs it with `useNativeCrc32`.
 */
let native: ((data: Uint8Array) => number) | undefined;

export function useNativeCrc32(fn: ((data: Uint8Array) => number) | undefined): void {
  native = fn;
}

export function crc32(data: Uint8Array): number {
  return native ? native(data) >>> 0 : jsCrc32(data);
}

const TABLES = buildTables();

function buildTables(): Uint32Array[] {
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  const tables = [t0];
  for (let s = 1; s < 4; s++) {
    const prev = tables[s - 1]!;
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) t[n] = (prev[n]! >>> 8) ^ t0[prev[n]! & 0xff]!;
    tables.push(t);
  }
  return tables;
}

/** CRC-32 (IEEE) in JavaScript, slicing by 4. */
function jsCrc32(data: Uint8Array): number {
  const [t0, t1, t2, t3] = TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  let c = 0xffffffff;
  let i = 0;
  const end4 = data.length & ~3;
  for (; i < end4; i += 4) {
    c ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    c = t3[c & 0xff]! ^ t2[(c >>> 8) & 0xff]! ^ t1[(c >>> 16) & 0xff]! ^ t0[c >>> 24]!;
  }
  for (; i < data.length; i++) c = t0[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
