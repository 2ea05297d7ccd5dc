/**
 * Cellpose's `_cp_outlines.txt` → polygons: each non-empty line is one closed polygon `x,y,x,y,…`
 * through pixel CENTRES (Cellpose's outline of one label); line n (1-based) is label n, which is
 * Cellpose's numbering when labels are consecutive.
 *
 * Read in one pass over the bytes (no decoded copy of the text, no split), with a strict grammar:
 * decimal integers (an optional minus sign, digits) separated by single commas, spaces and tabs
 * allowed around them; anything else (`0x10`, `1,,2`, `1e3`, a value beyond ±2³¹) names its line.
 */
import { Cp2ijError } from '../core/errors.js';
import { limits } from '../core/limits.js';

export interface OutlinePolygon {
  /** The 1-based line number, which is the label. */
  readonly label: number;
  /** `[x0, y0, x1, y1, …]`. */
  readonly points: Int32Array;
}

const COMMA = 0x2c;
const MINUS = 0x2d;
const NEWLINE = 0x0a;
const CR = 0x0d;
const INT32_LIMIT = 2 ** 31;

function isBlank(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === CR;
}

export function parseOutlinesTxt(bytes: Uint8Array): OutlinePolygon[] {
  const polygons: OutlinePolygon[] = [];
  let values = new Int32Array(1024);
  let lineNo = 0;
  let p = 0;
  while (p < bytes.length) {
    lineNo++;
    let end = bytes.indexOf(NEWLINE, p);
    if (end < 0) end = bytes.length;
    if (end - p > limits.line) throw new Cp2ijError('limit', `line ${lineNo} is ${end - p} characters long, more than the limit of ${limits.line} (raise it with CP2IJ_LIMITS=line=…)`);
    const bad = (why: string) => new Cp2ijError('bad-argument', `line ${lineNo} is not a list of integer x,y pairs: ${why}`);
    let q = p;
    while (q < end && isBlank(bytes[q]!)) q++;
    if (q === end) {
      p = end + 1;
      continue; // an empty line: a label Cellpose had no outline for
    }
    let count = 0;
    for (;;) {
      while (q < end && isBlank(bytes[q]!)) q++;
      const negative = bytes[q] === MINUS && q < end;
      if (negative) q++;
      const digitsAt = q;
      let v = 0;
      while (q < end && bytes[q]! >= 0x30 && bytes[q]! <= 0x39) {
        v = v * 10 + (bytes[q]! - 0x30);
        if (v > INT32_LIMIT) throw bad(`value ${count + 1} is too large`);
        q++;
      }
      if (q === digitsAt) throw bad(q < end ? `unexpected character '${String.fromCharCode(bytes[q]!)}' in value ${count + 1}` : `value ${count + 1} is missing`);
      if (!negative && v === INT32_LIMIT) throw bad(`value ${count + 1} is too large`);
      if (count === values.length) {
        if (count >= 2 * limits.vertices) throw new Cp2ijError('limit', `line ${lineNo} has more than ${limits.vertices} points (raise it with CP2IJ_LIMITS=vertices=…)`);
        const bigger = new Int32Array(2 * count);
        bigger.set(values);
        values = bigger;
      }
      values[count++] = negative ? -v : v;
      while (q < end && isBlank(bytes[q]!)) q++;
      if (q === end) break;
      if (bytes[q] !== COMMA) throw bad(`unexpected character '${String.fromCharCode(bytes[q]!)}' after value ${count}`);
      q++;
    }
    if (count % 2 !== 0) throw bad(`it holds an odd number (${count}) of values`);
    polygons.push({ label: lineNo, points: values.slice(0, count) });
    p = end + 1;
  }
  return polygons;
}
