/**
 * Cellpose's `<base>_cp_outlines.txt`, byte for byte as `io.outlines_to_text(base,
 * utils.outlines_list(masks))` writes it: one line per listed label, ascending, `x,y,x,y,…` of the
 * pixel-centre contour, an empty line where Cellpose's outline is empty, every line ending in `\n`.
 *
 * 3D masks: Cellpose writes this file for 2D images only. cp2ij writes one file per z plane,
 * `<base>_z<NNN>_cp_outlines.txt` (0-based, at least 3 digits), each exactly what Cellpose would
 * write for that plane given as a 2D mask — so every plane loads with 2D Cellpose/ImageJ tooling.
 */
import { Cp2ijError } from '../core/errors.js';
import { planeOf, type LabelData, type Masks } from '../core/masks.js';
import { visitCellposeContours } from '../trace/cellpose-contours.js';

const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** The txt bytes for 2D masks; 3D masks are refused (use `outlinesTextFiles`). */
export function outlinesText(masks: Masks): Uint8Array {
  if (masks.is3d) {
    throw new Cp2ijError('unsupported', '_cp_outlines.txt holds one 2D plane; 3D masks are written one file per plane');
  }
  return outlinesTextOfPlane(planeOf(masks, 0), masks.width, masks.height);
}

/** Every outlines file for the masks: one for 2D, one per plane for 3D, named from `base`. */
export function outlinesTextFiles(masks: Masks, base: string): { name: string; bytes: Uint8Array }[] {
  if (!masks.is3d) return [{ name: `${base}_cp_outlines.txt`, bytes: outlinesText(masks) }];
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (let z = 0; z < masks.depth; z++) {
    const bytes = outlinesTextOfPlane(planeOf(masks, z), masks.width, masks.height);
    files.push({ name: `${base}_z${String(z).padStart(3, '0')}_cp_outlines.txt`, bytes });
  }
  return files;
}

/** The txt bytes for one plane. */
export function outlinesTextOfPlane(plane: LabelData, width: number, height: number): Uint8Array {
  const digits = new DecimalTable(Math.max(width, height));
  const out = new ByteSink(1 << 16);
  visitCellposeContours(plane, width, height, (_label, points, count) => {
    out.reserve(count * 2 * (digits.maxLength + 1) + 1);
    for (let i = 0; i < 2 * count; i++) {
      if (i > 0) out.byte(COMMA);
      out.len = digits.write(points[i]!, out.buf, out.len);
    }
    out.byte(NEWLINE);
  });
  return out.bytes();
}

/** The ASCII digits of 0…max, precomputed: coordinates are small and written tens of millions of times. */
class DecimalTable {
  private readonly text: Uint8Array;
  private readonly start: Uint32Array;
  readonly maxLength: number;

  constructor(max: number) {
    this.start = new Uint32Array(max + 2);
    const parts: string[] = [];
    let at = 0;
    for (let v = 0; v <= max; v++) {
      const s = String(v);
      parts.push(s);
      this.start[v] = at;
      at += s.length;
    }
    this.start[max + 1] = at;
    this.text = new TextEncoder().encode(parts.join(''));
    this.maxLength = String(max).length;
  }

  /** Write `v`'s digits into `buf` at `at`; returns the position after them. */
  write(v: number, buf: Uint8Array, at: number): number {
    const from = this.start[v]!;
    const to = this.start[v + 1]!;
    for (let i = from; i < to; i++) buf[at++] = this.text[i]!;
    return at;
  }
}

/** A growing byte buffer; writers fill `buf` from `len` after reserving room. */
class ByteSink {
  buf: Uint8Array;
  len = 0;

  constructor(initial: number) {
    this.buf = new Uint8Array(initial);
  }

  byte(b: number): void {
    this.buf[this.len++] = b;
  }

  /** Make room for `extra` more bytes. */
  reserve(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
    bigger.set(this.buf.subarray(0, this.len));
    this.buf = bigger;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}
