/**
 * Cellpose's `_cp_outlines.txt` → polygons: each non-empty line is one closed polygon `x,y,x,y,…`
 * through pixel CENTRES (Cellpose's outline of one label); line n (1-based) is label n, which is
 * Cellpose's numbering when labels are consecutive.
 */
import { Cp2ijError } from '../core/errors.js';

export interface OutlinePolygon {
  /** The 1-based line number, which is the label. */
  readonly label: number;
  /** `[x0, y0, x1, y1, …]`. */
  readonly points: Int32Array;
}

export function parseOutlinesTxt(bytes: Uint8Array): OutlinePolygon[] {
  const text = new TextDecoder('latin1').decode(bytes);
  const polygons: OutlinePolygon[] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    const values = trimmed.split(',').map((s) => Number(s.trim()));
    if (values.length % 2 !== 0 || values.some((v) => !Number.isInteger(v))) {
      throw new Cp2ijError('bad-argument', `line ${i + 1} is not a list of integer x,y pairs`);
    }
    polygons.push({ label: i + 1, points: Int32Array.from(values) });
  });
  return polygons;
}
