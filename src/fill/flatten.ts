/**
 * Composite paths → polygons the way ImageJ fills them: java.awt.geom flattening (recursive halving
 * of each Bézier until its control points lie within `flatness` of the chord, at most 10 levels,
 * emitting the end point of every piece) and ImageJ's vertex list with one NaN between subpaths.
 * Arithmetic is double on float32 input; output vertices are float32, as Java's float[] iterator.
 */
import { PathOp } from '../encode/roi-model.js';
import type { ShapeSegment } from './shape.js';

/** ImageJ's flatness when filling a composite (ShapeRoi.FILL_FLATNESS). */
export const FILL_FLATNESS = 0.01;
/** java.awt.geom.FlatteningPathIterator's default recursion limit. */
const SUBDIVISION_LIMIT = 10;

export interface FlatPolygon {
  x: number[];
  y: number[];
}

/** Flattens `segments` (already translated as ImageJ stores them) into NaN-separated rings. */
export function flattenPath(segments: readonly ShapeSegment[], flatness = FILL_FLATNESS): FlatPolygon {
  const out: FlatPolygon = { x: [], y: [] };
  const sq = flatness * flatness;
  let curX = 0;
  let curY = 0;
  let moveX = 0;
  let moveY = 0;
  let ringStart = 0;
  const emit = (x: number, y: number): void => {
    out.x.push(Math.fround(x));
    out.y.push(Math.fround(y));
  };
  const separate = (): void => {
    const n = out.x.length;
    if (n > 0 && !Number.isNaN(out.x[n - 1]!)) {
      out.x.push(NaN);
      out.y.push(NaN);
    }
  };
  for (const seg of segments) {
    const c = seg.coords;
    switch (seg.op) {
      case PathOp.MOVETO:
        separate();
        ringStart = out.x.length;
        curX = moveX = c[0]!;
        curY = moveY = c[1]!;
        emit(curX, curY);
        break;
      case PathOp.LINETO:
        curX = c[0]!;
        curY = c[1]!;
        emit(curX, curY);
        break;
      case PathOp.QUADTO:
        subdivideQuad([curX, curY, c[0]!, c[1]!, c[2]!, c[3]!], 0, sq, emit);
        curX = c[2]!;
        curY = c[3]!;
        break;
      case PathOp.CUBICTO:
        subdivideCubic([curX, curY, c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!], 0, sq, emit);
        curX = c[4]!;
        curY = c[5]!;
        break;
      case PathOp.CLOSE: {
        curX = moveX;
        curY = moveY;
        const n = out.x.length;
        // ImageJ drops an explicit closing vertex equal to the ring's first one.
        if (n > ringStart && out.x[n - 1] === out.x[ringStart] && out.y[n - 1] === out.y[ringStart]) {
          out.x.pop();
          out.y.pop();
        }
        separate();
        break;
      }
    }
  }
  const n = out.x.length;
  if (n > 0 && Number.isNaN(out.x[n - 1]!)) {
    out.x.pop();
    out.y.pop();
  }
  return out;
}

type Emit = (x: number, y: number) => void;

function subdivideQuad(q: number[], level: number, sq: number, emit: Emit): void {
  const [x1, y1, cx, cy, x2, y2] = q as [number, number, number, number, number, number];
  if (level >= SUBDIVISION_LIMIT || pointSegmentDistanceSq(x1, y1, x2, y2, cx, cy) < sq) {
    emit(x2, y2);
    return;
  }
  const c1x = (x1 + cx) / 2;
  const c1y = (y1 + cy) / 2;
  const c2x = (x2 + cx) / 2;
  const c2y = (y2 + cy) / 2;
  const mx = (c1x + c2x) / 2;
  const my = (c1y + c2y) / 2;
  subdivideQuad([x1, y1, c1x, c1y, mx, my], level + 1, sq, emit);
  subdivideQuad([mx, my, c2x, c2y, x2, y2], level + 1, sq, emit);
}

function subdivideCubic(b: number[], level: number, sq: number, emit: Emit): void {
  const [x1, y1, ax, ay, bx, by, x2, y2] = b as [number, number, number, number, number, number, number, number];
  const flat = Math.max(pointSegmentDistanceSq(x1, y1, x2, y2, ax, ay), pointSegmentDistanceSq(x1, y1, x2, y2, bx, by));
  if (level >= SUBDIVISION_LIMIT || flat < sq) {
    emit(x2, y2);
    return;
  }
  const l1x = (x1 + ax) / 2;
  const l1y = (y1 + ay) / 2;
  const r2x = (x2 + bx) / 2;
  const r2y = (y2 + by) / 2;
  let cx = (ax + bx) / 2;
  let cy = (ay + by) / 2;
  const l2x = (l1x + cx) / 2;
  const l2y = (l1y + cy) / 2;
  const r1x = (r2x + cx) / 2;
  const r1y = (r2y + cy) / 2;
  cx = (l2x + r1x) / 2;
  cy = (l2y + r1y) / 2;
  subdivideCubic([x1, y1, l1x, l1y, l2x, l2y, cx, cy], level + 1, sq, emit);
  subdivideCubic([cx, cy, r1x, r1y, r2x, r2y, x2, y2], level + 1, sq, emit);
}

/** Squared distance from (px, py) to the segment (x1, y1)–(x2, y2), in java.awt.geom.Line2D's arithmetic. */
function pointSegmentDistanceSq(x1: number, y1: number, x2: number, y2: number, px: number, py: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  let qx = px - x1;
  let qy = py - y1;
  let projSq = 0;
  if (qx * dx + qy * dy > 0) {
    qx = dx - qx;
    qy = dy - qy;
    const dot = qx * dx + qy * dy;
    if (dot > 0) projSq = (dot * dot) / (dx * dx + dy * dy);
  }
  const d = qx * qx + qy * qy - projSq;
  return d < 0 ? 0 : d;
}
