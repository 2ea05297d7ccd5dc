/**
 * Roi model → `.roi` bytes, the mirror of roi-decode.ts: header, type data, header2 (always), then
 * name, properties and point counters directly after each other, as ImageJ lays them out.
 *
 * Before writing, the doc's §9 safety rules are applied so ImageJ reads back what the model says:
 * out-of-range bounds get float coordinates, and area polygons with more than 65535 vertices become
 * composite shapes.
 */
import { Cp2ijError } from '../core/errors.js';
import { H, H2, HEADER2_SIZE, HEADER_SIZE, I16_MIN, SAFE_BOUND_MAX, writeUtf16BE } from './roi-layout.js';
import { NO_COORDINATES, PATH_OP_ARITY, PathOp, RoiOption, RoiSubtype, RoiType, isPolygonLike, type PathSegment, type Roi } from './roi-model.js';

const MAX_U16_VERTICES = 65535;

export function encodeRoi(input: Roi): Uint8Array {
  const roi = makeSafe(input);
  const n = roi.xCoords.length;
  const polygonLike = roi.path === null && roi.payload === null && isPolygonLike(roi.type);
  if (polygonLike && roi.yCoords.length !== n) throw new Cp2ijError('bad-roi', `ROI "${roi.name}": ${n} x but ${roi.yCoords.length} y coordinates`);
  const withFloats = polygonLike && roi.xFloat !== null && roi.yFloat !== null;
  if (withFloats && (roi.xFloat!.length !== n || roi.yFloat!.length !== n)) {
    throw new Cp2ijError('bad-roi', `ROI "${roi.name}": float and integer vertex counts differ`);
  }
  const shapeFloats = roi.path ? countFloats(roi.path) : 0;

  let dataLength = 0;
  if (roi.path) dataLength = 4 * shapeFloats;
  else if (roi.payload) dataLength = roi.payload.length;
  else if (polygonLike) dataLength = (withFloats ? 12 : 4) * n;

  const hdr2 = HEADER_SIZE + dataLength;
  const nameOffset = hdr2 + HEADER2_SIZE;
  const propsOffset = nameOffset + 2 * roi.name.length;
  const countersOffset = propsOffset + 2 * roi.properties.length;
  const counters = roi.type === RoiType.POINT ? roi.counters : null;
  const total = countersOffset + (counters ? 4 * counters.length : 0);

  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x6f, 0x75, 0x74]); // "Iout"
  view.setInt16(H.VERSION, roi.version);
  view.setUint8(H.TYPE, roi.type);
  view.setUint16(H.TOP, roi.top & 0xffff);
  view.setUint16(H.LEFT, roi.left & 0xffff);
  view.setUint16(H.BOTTOM, roi.bottom & 0xffff);
  view.setUint16(H.RIGHT, roi.right & 0xffff);
  view.setFloat32(H.X1, roi.x1);
  view.setFloat32(H.Y1, roi.y1);
  view.setFloat32(H.X2, roi.x2);
  view.setFloat32(H.Y2, roi.y2);
  if (polygonLike) {
    if (n <= MAX_U16_VERTICES) view.setUint16(H.N_COORDINATES, n);
    else view.setInt32(H.N_COORDINATES_I32, n); // u16 stays 0: readers take the i32
  }
  view.setInt16(H.STROKE_WIDTH, roi.strokeWidth);
  view.setInt32(H.SHAPE_ROI_SIZE, shapeFloats);
  view.setUint32(H.STROKE_COLOR, roi.strokeColor >>> 0);
  view.setUint32(H.FILL_COLOR, roi.fillColor >>> 0);
  view.setInt16(H.SUBTYPE, roi.subtype);
  view.setUint16(H.OPTIONS, roi.options & 0xffff);
  if (roi.subtype === RoiSubtype.ELLIPSE || roi.subtype === RoiSubtype.ROTATED_RECT) {
    view.setFloat32(H.FLOAT_PARAM, roi.floatParam);
  } else {
    view.setUint8(H.ARROW_STYLE, roi.arrowStyle);
    view.setUint8(H.ARROW_HEAD_SIZE, roi.arrowHeadSize);
    view.setInt16(H.ROUNDED_RECT_ARC_SIZE, roi.arcSize);
  }
  view.setInt32(H.POSITION, roi.position);
  view.setInt32(H.HEADER2_OFFSET, hdr2);

  if (roi.path) writePath(view, roi.path);
  else if (roi.payload) bytes.set(roi.payload, HEADER_SIZE);
  else if (polygonLike) writeVertices(view, roi, withFloats);

  view.setInt32(hdr2 + H2.C, roi.c);
  view.setInt32(hdr2 + H2.Z, roi.z);
  view.setInt32(hdr2 + H2.T, roi.t);
  if (roi.name.length > 0) {
    view.setInt32(hdr2 + H2.NAME_OFFSET, nameOffset);
    view.setInt32(hdr2 + H2.NAME_LENGTH, roi.name.length);
    writeUtf16BE(bytes, nameOffset, roi.name);
  }
  view.setUint32(hdr2 + H2.OVERLAY_LABEL_COLOR, roi.overlayLabelColor >>> 0);
  view.setInt16(hdr2 + H2.OVERLAY_FONT_SIZE, roi.overlayFontSize);
  view.setUint8(hdr2 + H2.GROUP, roi.group);
  view.setUint8(hdr2 + H2.IMAGE_OPACITY, roi.imageOpacity);
  view.setInt32(hdr2 + H2.IMAGE_SIZE, roi.imageSize);
  view.setFloat32(hdr2 + H2.FLOAT_STROKE_WIDTH, roi.floatStrokeWidth);
  if (roi.properties.length > 0) {
    view.setInt32(hdr2 + H2.PROPS_OFFSET, propsOffset);
    view.setInt32(hdr2 + H2.PROPS_LENGTH, roi.properties.length);
    writeUtf16BE(bytes, propsOffset, roi.properties);
  }
  if (counters) {
    view.setInt32(hdr2 + H2.COUNTERS_OFFSET, countersOffset);
    for (let i = 0; i < counters.length; i++) view.setInt32(countersOffset + 4 * i, counters[i]!);
  }
  view.setUint16(hdr2 + H2.EXTENDED_GROUP, roi.extendedGroup);
  return bytes;
}

function writeVertices(view: DataView, roi: Roi, withFloats: boolean): void {
  const n = roi.xCoords.length;
  const yBase = HEADER_SIZE + 2 * n;
  for (let i = 0; i < n; i++) {
    view.setUint16(HEADER_SIZE + 2 * i, roi.xCoords[i]! & 0xffff);
    view.setUint16(yBase + 2 * i, roi.yCoords[i]! & 0xffff);
  }
  if (!withFloats) return;
  const fBase = HEADER_SIZE + 4 * n;
  for (let i = 0; i < n; i++) {
    view.setFloat32(fBase + 4 * i, roi.xFloat![i]!);
    view.setFloat32(fBase + 4 * n + 4 * i, roi.yFloat![i]!);
  }
}

function countFloats(path: PathSegment[]): number {
  let count = 0;
  for (const s of path) {
    const arity = PATH_OP_ARITY[s.op];
    if (arity === undefined || s.coords.length !== arity) throw new Cp2ijError('bad-roi', `composite segment ${s.op} with ${s.coords.length} coordinates`);
    count += 1 + arity;
  }
  return count;
}

function writePath(view: DataView, path: PathSegment[]): void {
  let at = HEADER_SIZE;
  for (const s of path) {
    view.setFloat32(at, s.op);
    at += 4;
    for (const v of s.coords) {
      view.setFloat32(at, v);
      at += 4;
    }
  }
}

/** A bound ImageJ cannot read back from its i16 field (doc §9, current ImageJ's threshold). */
function outOfRange(v: number): boolean {
  return v > SAFE_BOUND_MAX || v < I16_MIN;
}

/** Apply the §9 writer rules; returns the input itself when nothing needs to change. */
function makeSafe(roi: Roi): Roi {
  if (roi.path !== null || roi.payload !== null) return roi;
  const width = roi.right - roi.left;
  const height = roi.bottom - roi.top;
  const unsafe = [roi.left, roi.top, roi.right, roi.bottom, width, height].some(outOfRange);
  const subPixel = (roi.options & RoiOption.SUB_PIXEL_RESOLUTION) !== 0;

  if (roi.type === RoiType.RECT || roi.type === RoiType.OVAL) {
    if (!unsafe || subPixel) return roi;
    return { ...roi, ...subPixelFields(roi), x1: roi.left, y1: roi.top, x2: width, y2: height };
  }
  if (!isPolygonLike(roi.type)) return roi;
  const areaType = roi.type === RoiType.POLYGON || roi.type === RoiType.FREEHAND || roi.type === RoiType.TRACED;
  if (areaType && roi.xCoords.length > MAX_U16_VERTICES) return asComposite(roi);
  if (!unsafe || (subPixel && roi.xFloat !== null)) return roi;
  const n = roi.xCoords.length;
  const xFloat = new Float32Array(n);
  const yFloat = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xFloat[i] = roi.left + roi.xCoords[i]!;
    yFloat[i] = roi.top + roi.yCoords[i]!;
  }
  return { ...roi, ...subPixelFields(roi), xFloat, yFloat };
}

function subPixelFields(roi: Roi): Pick<Roi, 'options' | 'version'> {
  return { options: roi.options | RoiOption.SUB_PIXEL_RESOLUTION, version: Math.max(roi.version, 223) };
}

/** One closed subpath through the ROI's absolute vertices (floats when present). */
function asComposite(roi: Roi): Roi {
  const n = roi.xCoords.length;
  const path: PathSegment[] = new Array<PathSegment>(n + 1);
  for (let i = 0; i < n; i++) {
    const x = roi.xFloat ? roi.xFloat[i]! : roi.left + roi.xCoords[i]!;
    const y = roi.yFloat ? roi.yFloat[i]! : roi.top + roi.yCoords[i]!;
    path[i] = { op: i === 0 ? PathOp.MOVETO : PathOp.LINETO, coords: [x, y] };
  }
  path[n] = { op: PathOp.CLOSE, coords: [] };
  return {
    ...roi,
    type: RoiType.RECT,
    subtype: RoiSubtype.NONE,
    options: roi.options & ~RoiOption.SUB_PIXEL_RESOLUTION,
    xCoords: NO_COORDINATES,
    yCoords: NO_COORDINATES,
    xFloat: null,
    yFloat: null,
    path,
  };
}
