/**
 * The thin bridge from the `.roi` model to fillable geometry: which ImageJ class the decoder would
 * build for these fields, and with which numbers.
 */
import { absoluteVertices, boxOf, RoiOption, RoiSubtype, RoiType, usesSubPixel, type Roi } from '../encode/roi-model.js';
import { ellipsePolygon, rotatedRectPolygon } from './rebuild.js';
import { MAX_COORDINATE, type Shape, type Skipped } from './shape.js';

const NOT_AREAS: Readonly<Record<number, string>> = {
  [RoiType.LINE]: 'straight line',
  [RoiType.POLYLINE]: 'segmented line',
  [RoiType.FREELINE]: 'freehand line',
  [RoiType.ANGLE]: 'angle',
  [RoiType.POINT]: 'point selection',
  [RoiType.NO_ROI]: 'empty selection',
};

/** The area geometry ImageJ fills for `roi`, or why it has none (a shape with NaN or infinite numbers has none). */
export function shapeOfRoi(roi: Roi): Shape | Skipped {
  const shape = geometryOf(roi);
  if (!isSkipped(shape) && !isFinite(shape)) return { skipped: 'its coordinates are not all finite numbers (NaN or infinity)' };
  if (!isSkipped(shape) && !withinReach(shape)) return { skipped: `its coordinates reach beyond ±${MAX_COORDINATE} pixels, past any image` };
  return shape;
}

function geometryOf(roi: Roi): Shape | Skipped {
  if (roi.path !== null) return { kind: 'path', segments: roi.path };
  const notArea = NOT_AREAS[roi.type];
  if (notArea !== undefined) return { skipped: `${notArea} ROI has no area to fill` };
  if (roi.subtype === RoiSubtype.TEXT) return { skipped: 'text ROI has no area to fill' };
  if (roi.subtype === RoiSubtype.IMAGE) return { skipped: 'image ROI has no area to fill' };
  switch (roi.type) {
    case RoiType.RECT:
      return { kind: 'rect', ...boxOf(roi), arc: Math.max(0, roi.arcSize) };
    case RoiType.OVAL:
      return { kind: 'oval', ...boxOf(roi) };
    case RoiType.FREEHAND:
      if (roi.subtype === RoiSubtype.ELLIPSE) return ellipsePolygon(roi.x1, roi.y1, roi.x2, roi.y2, roi.floatParam);
      if (roi.subtype === RoiSubtype.ROTATED_RECT) return rotatedRectPolygon(roi.x1, roi.y1, roi.x2, roi.y2, roi.floatParam);
      return polygonOf(roi);
    case RoiType.POLYGON:
    case RoiType.TRACED:
      return polygonOf(roi);
    default:
      return { skipped: `ROI type ${roi.type} is not an area ImageJ can fill` };
  }
}

function polygonOf(roi: Roi): Shape | Skipped {
  // ImageJ fills the interpolated spline, not the control polygon; cp2ij does not rebuild splines.
  if ((roi.options & RoiOption.SPLINE_FIT) !== 0) return { skipped: 'spline-fitted polygon is not supported' };
  const { x, y } = absoluteVertices(roi);
  const float = usesSubPixel(roi) && roi.xFloat !== null && roi.yFloat !== null;
  return { kind: 'polygon', x, y, coords: float ? 'float' : 'int' };
}

function isFinite(s: Shape): boolean {
  return everyCoordinate(s, Number.isFinite);
}

/** Whether every coordinate of the shape is within ±MAX_COORDINATE (see rasterize.ts). */
export function withinReach(s: Shape): boolean {
  return everyCoordinate(s, (v) => Math.abs(v) <= MAX_COORDINATE);
}

function everyCoordinate(s: Shape, ok: (v: number) => boolean): boolean {
  const all = (values: ArrayLike<number>): boolean => {
    for (let i = 0; i < values.length; i++) if (!ok(values[i]!)) return false;
    return true;
  };
  switch (s.kind) {
    case 'polygon':
      return all(s.x) && all(s.y);
    case 'rect':
    case 'oval':
      return all([s.x, s.y, s.width, s.height]);
    case 'path':
      return s.segments.every((seg) => all(seg.coords));
  }
}

export function isSkipped(s: Shape | Skipped): s is Skipped {
  return 'skipped' in s;
}
