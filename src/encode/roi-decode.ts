/**
 * `.roi` bytes → Roi model, reading what ImageJ's own decoder reads (doc §2–§9, checklist §15).
 * Every offset and length is checked against the file size: malformed input is a `bad-roi` error,
 * never an out-of-range read.
 */
import { Cp2ijError } from '../core/errors.js';
import { limits } from '../core/limits.js';
import { H, H2, HEADER_SIZE, fromStoredI16, readUtf16BE } from './roi-layout.js';
import {
  PATH_OP_ARITY,
  RoiSubtype,
  RoiType,
  emptyRoi,
  isPolygonLike,
  type PathOpCode,
  type PathSegment,
  type Roi,
} from './roi-model.js';

const SUB_PIXEL = 128;

function bad(detail: string): Cp2ijError {
  return new Cp2ijError('bad-roi', detail);
}

/** Decode one ImageJ ROI. `fallbackName` (e.g. the file or zip entry name) names ROIs without one. */
export function decodeRoi(bytes: Uint8Array, fallbackName = ''): Roi {
  const size = bytes.length;
  if (size < HEADER_SIZE) throw bad(`not an ImageJ ROI: ${size} bytes, a ROI header alone is ${HEADER_SIZE}`);
  if (bytes[0] !== 0x49 || bytes[1] !== 0x6f) throw bad('not an ImageJ ROI: does not start with "Iout"');
  const view = new DataView(bytes.buffer, bytes.byteOffset, size);
  const i16 = (o: number): number => fromStoredI16(view.getUint16(o));

  const roi = emptyRoi(view.getUint8(H.TYPE));
  roi.version = view.getInt16(H.VERSION);
  roi.top = i16(H.TOP);
  roi.left = i16(H.LEFT);
  roi.bottom = i16(H.BOTTOM);
  roi.right = i16(H.RIGHT);
  roi.x1 = view.getFloat32(H.X1);
  roi.y1 = view.getFloat32(H.Y1);
  roi.x2 = view.getFloat32(H.X2);
  roi.y2 = view.getFloat32(H.Y2);
  roi.strokeWidth = view.getInt16(H.STROKE_WIDTH);
  const shapeSize = view.getInt32(H.SHAPE_ROI_SIZE);
  roi.strokeColor = view.getUint32(H.STROKE_COLOR);
  roi.fillColor = view.getUint32(H.FILL_COLOR);
  roi.subtype = view.getInt16(H.SUBTYPE);
  roi.options = view.getUint16(H.OPTIONS);
  if (roi.subtype === RoiSubtype.ELLIPSE || roi.subtype === RoiSubtype.ROTATED_RECT) {
    roi.floatParam = view.getFloat32(H.FLOAT_PARAM);
  } else {
    roi.arrowStyle = view.getUint8(H.ARROW_STYLE);
    roi.arrowHeadSize = view.getUint8(H.ARROW_HEAD_SIZE);
    roi.arcSize = view.getInt16(H.ROUNDED_RECT_ARC_SIZE);
  }
  roi.position = view.getInt32(H.POSITION);
  const hdr2 = view.getInt32(H.HEADER2_OFFSET);
  const dataEnd = hdr2 >= HEADER_SIZE && hdr2 <= size ? hdr2 : size;

  // ImageJ tests the shape size before the type: any type with a path is a composite.
  if (shapeSize > 0) {
    roi.path = readPath(view, shapeSize);
  } else if (roi.subtype === RoiSubtype.TEXT || roi.subtype === RoiSubtype.IMAGE) {
    roi.payload = bytes.slice(HEADER_SIZE, dataEnd);
  } else if (isPolygonLike(roi.type)) {
    readVertices(view, roi);
  } else if (roi.type === RoiType.NO_ROI || roi.type > RoiType.POINT) {
    throw bad(`unknown ROI type ${roi.type}`);
  }
  if (shapeSize < 0) throw bad(`negative composite size ${shapeSize}`);

  if (hdr2 > 0 && hdr2 + 36 <= size) readHeader2(view, bytes, hdr2, roi);
  if (roi.name === '') roi.name = fallbackName.endsWith('.roi') ? fallbackName.slice(0, -4) : fallbackName;
  return roi;
}

function readVertices(view: DataView, roi: Roi): void {
  let n = view.getUint16(H.N_COORDINATES);
  if (n === 0) {
    n = view.getInt32(H.N_COORDINATES_I32);
    if (n < 0) throw bad(`negative vertex count ${n}`);
    roi.x1 = 0; // the field held the count, not a coordinate
  }
  const size = view.byteLength;
  if (n > limits.vertices) throw new Cp2ijError('limit', `${n} vertices are more than the limit of ${limits.vertices} (raise it with CP2IJ_LIMITS=vertices=…)`);
  if (HEADER_SIZE + 4 * n > size) throw bad(`truncated: ${n} vertices need ${HEADER_SIZE + 4 * n} bytes, the file has ${size}`);
  const xs = new Int32Array(n);
  const ys = new Int32Array(n);
  const yBase = HEADER_SIZE + 2 * n;
  for (let i = 0; i < n; i++) {
    xs[i] = fromStoredI16(view.getUint16(HEADER_SIZE + 2 * i));
    ys[i] = fromStoredI16(view.getUint16(yBase + 2 * i));
  }
  roi.xCoords = xs;
  roi.yCoords = ys;
  if ((roi.options & SUB_PIXEL) === 0) return;
  const floatBase = HEADER_SIZE + 4 * n;
  if (floatBase + 8 * n > size) {
    if (roi.version >= 222) throw bad(`truncated: sub-pixel flag set but the file lacks ${n} float vertices`);
    return; // pre-1.46a files: the bit had no meaning yet
  }
  const fx = new Float32Array(n);
  const fy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    fx[i] = view.getFloat32(floatBase + 4 * i);
    fy[i] = view.getFloat32(floatBase + 4 * n + 4 * i);
  }
  roi.xFloat = fx;
  roi.yFloat = fy;
}

function readPath(view: DataView, count: number): PathSegment[] {
  if (count > limits.pathFloats) throw new Cp2ijError('limit', `composite path of ${count} floats is longer than the limit of ${limits.pathFloats} (raise it with CP2IJ_LIMITS=pathFloats=…)`);
  if (HEADER_SIZE + 4 * count > view.byteLength) {
    throw bad(`truncated: composite path of ${count} floats needs ${HEADER_SIZE + 4 * count} bytes, the file has ${view.byteLength}`);
  }
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < count) {
    const code = view.getFloat32(HEADER_SIZE + 4 * i);
    if (!(code in PATH_OP_ARITY) || !Number.isInteger(code)) throw bad(`invalid composite segment code ${code} at float ${i}`);
    const op = code as PathOpCode;
    const arity = PATH_OP_ARITY[op];
    if (i + 1 + arity > count) throw bad(`truncated composite path: segment at float ${i} needs ${arity} coordinates`);
    const coords = new Array<number>(arity);
    for (let k = 0; k < arity; k++) coords[k] = view.getFloat32(HEADER_SIZE + 4 * (i + 1 + k));
    segments.push({ op, coords });
    i += 1 + arity;
  }
  return segments;
}

function readHeader2(view: DataView, bytes: Uint8Array, hdr2: number, roi: Roi): void {
  const size = view.byteLength;
  const has = (rel: number, len: number): boolean => hdr2 + rel + len <= size;
  roi.c = view.getInt32(hdr2 + H2.C);
  roi.z = view.getInt32(hdr2 + H2.Z);
  roi.t = view.getInt32(hdr2 + H2.T);
  roi.overlayLabelColor = view.getUint32(hdr2 + H2.OVERLAY_LABEL_COLOR);
  roi.overlayFontSize = view.getInt16(hdr2 + H2.OVERLAY_FONT_SIZE);
  roi.group = view.getUint8(hdr2 + H2.GROUP);
  roi.imageOpacity = view.getUint8(hdr2 + H2.IMAGE_OPACITY);
  roi.imageSize = view.getInt32(hdr2 + H2.IMAGE_SIZE);
  if (has(H2.FLOAT_STROKE_WIDTH, 4)) roi.floatStrokeWidth = view.getFloat32(hdr2 + H2.FLOAT_STROKE_WIDTH);
  if (has(H2.EXTENDED_GROUP, 2)) roi.extendedGroup = view.getUint16(hdr2 + H2.EXTENDED_GROUP);

  const nameOffset = view.getInt32(hdr2 + H2.NAME_OFFSET);
  const nameLength = view.getInt32(hdr2 + H2.NAME_LENGTH);
  if (validSpan(nameOffset, nameLength * 2, size) && nameLength > 0) roi.name = readUtf16BE(bytes, nameOffset, nameLength);

  if (has(H2.PROPS_LENGTH, 4)) {
    const propsOffset = view.getInt32(hdr2 + H2.PROPS_OFFSET);
    const propsLength = view.getInt32(hdr2 + H2.PROPS_LENGTH);
    if (propsLength > 0 && validSpan(propsOffset, propsLength * 2, size)) {
      roi.properties = readUtf16BE(bytes, propsOffset, propsLength);
    }
  }
  if (has(H2.COUNTERS_OFFSET, 4) && roi.type === RoiType.POINT) {
    const countersOffset = view.getInt32(hdr2 + H2.COUNTERS_OFFSET);
    const n = roi.xCoords.length;
    if (countersOffset > 0 && validSpan(countersOffset, 4 * n, size)) {
      const counters = new Int32Array(n);
      for (let i = 0; i < n; i++) counters[i] = view.getInt32(countersOffset + 4 * i);
      roi.counters = counters;
    }
  }
}

function validSpan(offset: number, length: number, size: number): boolean {
  return offset > 0 && length >= 0 && offset + length <= size;
}
