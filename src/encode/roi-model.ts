/**
 * An ImageJ `.roi` file modelled field for field (see docs/imagej-roi-format.md §2–§7).
 *
 * The model mirrors the binary layout rather than ImageJ's object classes, so that decode → encode
 * reproduces the bytes and no field a producer wrote is lost. Numeric codes (type, subtype, options,
 * segment ops) are plain numbers: the named constants below cover what ImageJ defines, and values
 * outside them are kept as they are rather than mapped to a catch-all.
 */

/** File type codes (offset 6). Not the same numbers as ImageJ's in-memory `selectionType()`. */
export const RoiType = {
  POLYGON: 0,
  RECT: 1,
  OVAL: 2,
  LINE: 3,
  FREELINE: 4,
  POLYLINE: 5,
  NO_ROI: 6,
  FREEHAND: 7,
  TRACED: 8,
  ANGLE: 9,
  POINT: 10,
} as const;
export type RoiTypeCode = number;

/** Subtype codes (offset 48). */
export const RoiSubtype = {
  NONE: 0,
  TEXT: 1,
  ARROW: 2,
  ELLIPSE: 3,
  IMAGE: 4,
  ROTATED_RECT: 5,
} as const;

/** Option bit flags (offset 50); unknown bits are preserved. */
export const RoiOption = {
  SPLINE_FIT: 1,
  DOUBLE_HEADED: 2,
  OUTLINE: 4,
  OVERLAY_LABELS: 8,
  OVERLAY_NAMES: 16,
  OVERLAY_BACKGROUNDS: 32,
  OVERLAY_BOLD: 64,
  SUB_PIXEL_RESOLUTION: 128,
  DRAW_OFFSET: 256,
  ZERO_TRANSPARENT: 512,
  SHOW_LABELS: 1024,
  SCALE_LABELS: 2048,
  PROMPT_BEFORE_DELETING: 4096,
  SCALE_STROKE_WIDTH: 8192,
} as const;

/** java.awt.geom.PathIterator segment codes used by composite (shape) ROIs. */
export const PathOp = {
  MOVETO: 0,
  LINETO: 1,
  QUADTO: 2,
  CUBICTO: 3,
  CLOSE: 4,
} as const;
export type PathOpCode = (typeof PathOp)[keyof typeof PathOp];

/** Number of floats following each segment code. */
export const PATH_OP_ARITY: Readonly<Record<PathOpCode, number>> = { 0: 2, 1: 2, 2: 4, 3: 6, 4: 0 };

/** One segment of a composite path: absolute image coordinates, pixel-corner convention. */
export interface PathSegment {
  op: PathOpCode;
  /** 0, 2, 4 or 6 float32 values (x, y pairs), per PATH_OP_ARITY. */
  coords: number[];
}

/** The version cp2ij writes for new ROIs (ImageJ 1.52t–1.54r). */
export const ROI_VERSION = 228;

export interface Roi {
  // ---- header (bytes 0–63) ----
  /** Offset 4. Gates which fields ImageJ trusts (doc §8). */
  version: number;
  /** Offset 6, a RoiType code (composites are RECT with a non-empty `path`). */
  type: RoiTypeCode;
  /** Offsets 8–14 after the −5000 rule: values are what ImageJ reads, −5000…60535. */
  top: number;
  left: number;
  bottom: number;
  right: number;
  /** Offsets 18–33: line end points, ellipse/rotated-rect axis, or sub-pixel rect/oval x, y, w, h. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Offset 34 (i16): stroke width; point size for point ROIs. */
  strokeWidth: number;
  /** Offsets 40 / 44: ARGB as an unsigned 32-bit number, 0 = not set. */
  strokeColor: number;
  fillColor: number;
  /** Offset 48, a RoiSubtype code. */
  subtype: number;
  /** Offset 50, RoiOption bits. */
  options: number;
  /** Offset 52 (u8): arrow style, or point type for point ROIs. */
  arrowStyle: number;
  /** Offset 53 (u8). */
  arrowHeadSize: number;
  /** Offset 54 (i16): rounded-rectangle corner diameter. */
  arcSize: number;
  /**
   * Offsets 52–55 read as one f32: ellipse aspect ratio or rotated-rect width. Only meaningful (and
   * only written, in place of arrowStyle/arrowHeadSize/arcSize) for subtypes ELLIPSE and ROTATED_RECT.
   */
  floatParam: number;
  /** Offset 56: 1-based stack position, 0 = none. */
  position: number;

  // ---- type data (from byte 64) ----
  /** Integer vertices relative to left/top, as stored (i16 after the −5000 rule; may be negative). */
  xCoords: Int32Array;
  yCoords: Int32Array;
  /** Absolute float vertices, present iff SUB_PIXEL_RESOLUTION applies to a polygon-like type. */
  xFloat: Float32Array | null;
  yFloat: Float32Array | null;
  /** Composite shape path; non-null ⇔ composite (type RECT, shape size > 0). */
  path: PathSegment[] | null;
  /** Text / image subtypes: the type-data block kept as raw bytes. */
  payload: Uint8Array | null;

  // ---- header2 ----
  /** Hyperstack position, 1-based, 0 = none. */
  c: number;
  z: number;
  t: number;
  /** The header2 name, or the file/entry name when the file has none. */
  name: string;
  overlayLabelColor: number;
  overlayFontSize: number;
  /** Byte 30 of header2 (0–255). */
  group: number;
  imageOpacity: number;
  imageSize: number;
  /** Header2 f32 stroke width; takes precedence over `strokeWidth` when > 0. */
  floatStrokeWidth: number;
  /** `key: value` lines, '' = none. */
  properties: string;
  /** Point ROIs: one i32 per point (low 8 bits counter, high 24 bits slice), or null. */
  counters: Int32Array | null;
  /** Header2 u16 group used by version ≥ 229 when `group` is 0. */
  extendedGroup: number;
}

/** The empty coordinate list every new ROI starts with (shared: a zero-length array cannot change). */
export const NO_COORDINATES: Int32Array = new Int32Array(0);

/** A ROI with every field at its "not set" value; callers fill in what they need. */
export function emptyRoi(type: RoiTypeCode, name = ''): Roi {
  return {
    version: ROI_VERSION,
    type,
    top: 0,
    left: 0,
    bottom: 0,
    right: 0,
    x1: 0,
    y1: 0,
    x2: 0,
    y2: 0,
    strokeWidth: 0,
    strokeColor: 0,
    fillColor: 0,
    subtype: RoiSubtype.NONE,
    options: 0,
    arrowStyle: 0,
    arrowHeadSize: 0,
    arcSize: 0,
    floatParam: 0,
    position: 0,
    xCoords: NO_COORDINATES,
    yCoords: NO_COORDINATES,
    xFloat: null,
    yFloat: null,
    path: null,
    payload: null,
    c: 0,
    z: 0,
    t: 0,
    name,
    overlayLabelColor: 0,
    overlayFontSize: 0,
    group: 0,
    imageOpacity: 0,
    imageSize: 0,
    floatStrokeWidth: 0,
    properties: '',
    counters: null,
    extendedGroup: 0,
  };
}

/** Types whose geometry is a vertex list (doc §6.1). */
export function isPolygonLike(type: RoiTypeCode): boolean {
  return (
    type === RoiType.POLYGON ||
    type === RoiType.FREELINE ||
    type === RoiType.POLYLINE ||
    type === RoiType.FREEHAND ||
    type === RoiType.TRACED ||
    type === RoiType.ANGLE ||
    type === RoiType.POINT
  );
}

/** True when ImageJ would use the float coordinates/bounds (flag set and version new enough). */
export function usesSubPixel(roi: Roi): boolean {
  if ((roi.options & RoiOption.SUB_PIXEL_RESOLUTION) === 0) return false;
  if (roi.type === RoiType.RECT || roi.type === RoiType.OVAL) return roi.version >= 223;
  return roi.version >= 222;
}

/**
 * The vertices ImageJ uses, in absolute image coordinates: the floats when they apply, else the
 * integers offset by left/top (negative relative values clamped to 0, as ImageJ's decoder does).
 */
export function absoluteVertices(roi: Roi): { x: Float64Array; y: Float64Array } {
  const n = roi.xCoords.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (usesSubPixel(roi) && roi.xFloat && roi.yFloat) {
    x.set(roi.xFloat);
    y.set(roi.yFloat);
  } else {
    for (let i = 0; i < n; i++) {
      x[i] = roi.left + Math.max(0, roi.xCoords[i]!);
      y[i] = roi.top + Math.max(0, roi.yCoords[i]!);
    }
  }
  return { x, y };
}

/** Rectangle/oval geometry as ImageJ reads it: sub-pixel floats when they apply, else the bounds. */
export function boxOf(roi: Roi): { x: number; y: number; width: number; height: number } {
  if (usesSubPixel(roi)) return { x: roi.x1, y: roi.y1, width: roi.x2, height: roi.y2 };
  return { x: roi.left, y: roi.top, width: roi.right - roi.left, height: roi.bottom - roi.top };
}

/**
 * The stack position ImageJ assigns on load: `position`, replaced by (c, z, t) when any of them is set.
 */
export function stackPosition(roi: Roi): { position: number } | { c: number; z: number; t: number } {
  if (roi.c > 0 || roi.z > 0 || roi.t > 0) return { c: roi.c, z: roi.z, t: roi.t };
  return { position: roi.position };
}
