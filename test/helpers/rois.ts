import { emptyRoi, type Roi } from '../../src/encode/roi-model.js';

/** A ROI of a polygon-like type from absolute integer vertices `[x0, y0, x1, y1, …]` (stored relative to its bounds, as in a file). */
export function polygonRoi(type: number, xy: readonly number[], name = ''): Roi {
  const roi = emptyRoi(type, name);
  const xs = xy.filter((_, i) => i % 2 === 0);
  const ys = xy.filter((_, i) => i % 2 === 1);
  roi.left = Math.min(...xs);
  roi.top = Math.min(...ys);
  roi.right = Math.max(...xs);
  roi.bottom = Math.max(...ys);
  roi.xCoords = Int32Array.from(xs, (x) => x - roi.left);
  roi.yCoords = Int32Array.from(ys, (y) => y - roi.top);
  return roi;
}
