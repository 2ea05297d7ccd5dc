/**
 * Outlines ImageJ does not store but rebuilds from parameters, computed the way ImageJ 1.53t builds
 * them, so that filling them gives ImageJ's pixels:
 * - ellipse (freehand subtype 3): 72 vertices from the major axis (x1,y1)–(x2,y2) and the aspect ratio;
 * - rotated rectangle (freehand subtype 5): 4 corners (+ closing copy) from the centre line and width;
 * - rounded rectangle: java.awt.geom.RoundRectangle2D's path (4 lines + 4 cubic corner arcs).
 */
import { PathOp } from '../encode/roi-model.js';
import type { PolygonShape, ShapeSegment } from './shape.js';

const ELLIPSE_VERTICES = 72;

export function ellipsePolygon(x1: number, y1: number, x2: number, y2: number, aspectRatio: number): PolygonShape {
  const aspect = Math.min(1, Math.max(0, aspectRatio));
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  const major = Math.sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
  const minor = major * aspect;
  // ImageJ goes through degrees and back; kept so the float32 vertices come out the same.
  const tilt = ((Math.atan2(y2 - y1, x2 - x1) * 180) / Math.PI / 180) * Math.PI;
  const x = new Float64Array(ELLIPSE_VERTICES);
  const y = new Float64Array(ELLIPSE_VERTICES);
  for (let i = 0; i < ELLIPSE_VERTICES; i++) {
    const beta = ((i * 360) / ELLIPSE_VERTICES / 180) * Math.PI;
    const dx = (Math.cos(beta) * major) / 2;
    const dy = (Math.sin(beta) * minor) / 2;
    const radius = Math.sqrt(dx * dx + dy * dy);
    const angle = Math.atan2(dy, dx) + tilt;
    x[i] = Math.fround(cx + Math.cos(angle) * radius);
    y[i] = Math.fround(cy + Math.sin(angle) * radius);
  }
  return { kind: 'polygon', x, y, coords: 'float-grid' };
}

export function rotatedRectPolygon(x1: number, y1: number, x2: number, y2: number, rectWidth: number): PolygonShape {
  const angle = Math.atan((x2 - x1) / (y2 - y1));
  const wsa = (rectWidth / 2) * Math.sin(Math.PI / 2 + angle);
  const wca = (rectWidth / 2) * Math.cos(Math.PI / 2 + angle);
  const f = Math.fround;
  const x = [f(x1 + wsa), f(x2 + wsa), f(x2 - wsa), f(x1 - wsa), f(x1 + wsa)];
  const y = [f(y1 + wca), f(y2 + wca), f(y2 - wca), f(y1 - wca), f(y1 + wca)];
  return { kind: 'polygon', x, y, coords: 'float-grid' };
}

// Cubic approximation of a quarter circle used by java.awt.geom for rounded corners.
const A = 1 - Math.cos(Math.PI / 4);
const B = Math.tan(Math.PI / 4);
const C = Math.sqrt(1 + B * B) - 1 + A;
const CV = ((4 / 3) * A * B) / C;
const ACV = (1 - CV) / 2;

/**
 * Each point is (x + fx·w + ax·arcW, y + fy·h + ay·arcH) given as [fx, ax, fy, ay]; segments start at the
 * top of the left side and run counter-clockwise on screen (down the left side first).
 */
const ROUND_RECT: readonly { op: ShapeSegment['op']; pts: readonly (readonly [number, number, number, number])[] }[] = [
  { op: PathOp.MOVETO, pts: [[0, 0, 0, 0.5]] },
  { op: PathOp.LINETO, pts: [[0, 0, 1, -0.5]] },
  { op: PathOp.CUBICTO, pts: [[0, 0, 1, -ACV], [0, ACV, 1, 0], [0, 0.5, 1, 0]] },
  { op: PathOp.LINETO, pts: [[1, -0.5, 1, 0]] },
  { op: PathOp.CUBICTO, pts: [[1, -ACV, 1, 0], [1, 0, 1, -ACV], [1, 0, 1, -0.5]] },
  { op: PathOp.LINETO, pts: [[1, 0, 0, 0.5]] },
  { op: PathOp.CUBICTO, pts: [[1, 0, 0, ACV], [1, -ACV, 0, 0], [1, -0.5, 0, 0]] },
  { op: PathOp.LINETO, pts: [[0, 0.5, 0, 0]] },
  { op: PathOp.CUBICTO, pts: [[0, ACV, 0, 0], [0, 0, 0, ACV], [0, 0, 0, 0.5]] },
  { op: PathOp.CLOSE, pts: [] },
];

/** The rounded rectangle's path relative to its own corner (x, y), float32 like a java.awt GeneralPath. */
export function roundRectPath(x: number, y: number, w: number, h: number, arc: number): ShapeSegment[] {
  const aw = Math.min(w, Math.abs(arc));
  const ah = Math.min(h, Math.abs(arc));
  return ROUND_RECT.map(({ op, pts }) => ({
    op,
    coords: pts.flatMap(([fx, ax, fy, ay]) => [Math.fround(x + fx * w + ax * aw - x), Math.fround(y + fy * h + ay * ah - y)]),
  }));
}
