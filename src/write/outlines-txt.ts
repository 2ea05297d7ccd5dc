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
const ZERO = 0x30;

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
  const out = new ByteSink(1 << 16);
  visitCellposeContours(plane, width, height, (_label, points, count) => {
    for (let i = 0; i < 2 * count; i++) {
      if (i > 0) out.byte(COMMA);
      out.int(points[i]!);
    }
    out.byte(NEWLINE);
  });
  return out.bytes();
}

/** A growing byte buffer with a writer for non-negative decimal integers (coordinates). */
class ByteSink {
  private buf: Uint8Array;
  private len = 0;

  constructor(initial: number) {
    this.buf = new Uint8Array(initial);
  }

  byte(b: number): void {
    if (this.len === this.buf.length) this.grow(1);
    this.buf[this.len++] = b;
  }

  int(v: number): void {
    this.grow(11);
    let digits = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
    let pos = this.len + digits;
    this.len = pos;
    do {
      const q = Math.floor(v / 10);
      this.buf[--pos] = ZERO + (v - q * 10);
      v = q;
    } while (v > 0);
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** Make room for `extra` more bytes. */
  private grow(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
    bigger.set(this.buf.subarray(0, this.len));
    this.buf = bigger;
  }
}
