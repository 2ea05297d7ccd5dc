/**
 * The two TIFF compressions that are not deflate: LZW (TIFF 6.0 §13, MSB-first codes of 9–12 bits
 * with the "early change" the specification's writers use) and PackBits (§9). Both stop at the size
 * the block must have, so a hostile stream can never produce more.
 */
import { Cp2ijError } from '../core/errors.js';

const CLEAR = 256;
const EOI = 257;

export function decodeLzw(data: Uint8Array, need: number, what: string): Uint8Array {
  if (data.length >= 2 && data[0] === 0 && (data[1]! & 1) === 1) throw new Cp2ijError('unsupported', `${what}: old-style (pre-TIFF 6.0) LZW is not supported`);
  const out = new Uint8Array(need);
  // code → (prefix code, last byte, length); strings are written backwards from their end
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  const firstByte = new Uint8Array(4096);
  for (let i = 0; i < 256; i++) {
    suffix[i] = i;
    length[i] = 1;
    firstByte[i] = i;
  }
  let next = 258;
  let width = 9;
  let bitPos = 0;
  const totalBits = data.length * 8;
  let pos = 0;
  let previous = -1;
  const readCode = (): number => {
    if (bitPos + width > totalBits) return EOI;
    let code = 0;
    for (let k = 0; k < width; k++) {
      const bit = (data[(bitPos + k) >> 3]! >> (7 - ((bitPos + k) & 7))) & 1;
      code = (code << 1) | bit;
    }
    bitPos += width;
    return code;
  };
  const emit = (code: number): void => {
    const len = length[code]!;
    const end = Math.min(pos + len, need);
    let c = code;
    for (let i = pos + len - 1; i >= pos; i--) {
      if (i < end) out[i] = suffix[c]!;
      c = prefix[c]!;
    }
    pos = end;
  };
  while (pos < need) {
    const code = readCode();
    if (code === EOI) break;
    if (code === CLEAR) {
      next = 258;
      width = 9;
      previous = -1;
      continue;
    }
    if (previous === -1) {
      if (code > 255) throw new Cp2ijError('bad-image', `${what}: corrupt LZW data`);
      emit(code);
      previous = code;
      continue;
    }
    if (code > next || next >= 4096) throw new Cp2ijError('bad-image', `${what}: corrupt LZW data`);
    // a new string: the previous one plus the first byte of this one (or of itself, if it is the one being defined)
    const first = code < next ? firstByte[code]! : firstByte[previous]!;
    prefix[next] = previous;
    suffix[next] = first;
    length[next] = length[previous]! + 1;
    firstByte[next] = firstByte[previous]!;
    next++;
    emit(code);
    previous = code;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  return pos === need ? out : out.subarray(0, pos);
}

export function decodePackBits(data: Uint8Array, need: number, what: string): Uint8Array {
  const out = new Uint8Array(need);
  let pos = 0;
  let p = 0;
  while (pos < need && p < data.length) {
    const n = (data[p++]! << 24) >> 24;
    if (n >= 0) {
      const count = Math.min(n + 1, need - pos, data.length - p);
      out.set(data.subarray(p, p + count), pos);
      pos += count;
      p += n + 1;
    } else if (n !== -128) {
      if (p >= data.length) throw new Cp2ijError('truncated', `${what}: PackBits run cut short`);
      const count = Math.min(1 - n, need - pos);
      out.fill(data[p++]!, pos, pos + count);
      pos += count;
    }
  }
  return pos === need ? out : out.subarray(0, pos);
}
