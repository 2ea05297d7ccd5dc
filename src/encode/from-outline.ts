/**
 * Traced outlines → ROIs for the exact export (doc §11.4, checklist §15 "Writer").
 *
 * One ring becomes a traced polygon (type 8, the Wand tool's type); holes or several parts become one
 * composite whose subpaths ImageJ fills even–odd, so either way ImageJ fills exactly the label's pixels.
 */
import type { Outline } from '../trace/outline.js';
import { H, H2, HEADER2_SIZE, HEADER_SIZE, I16_MIN, SAFE_BOUND_MAX, writeUtf16BE } from './roi-layout.js';
import { encodeRoi } from './roi-encode.js';
import { PathOp, ROI_VERSION, RoiType, emptyRoi, type PathSegment, type Roi } from './roi-model.js';

export interface OutlineRoiOptions {
  name: string;
  /** ARGB; omitted = ImageJ's default colour. */
  strokeColor?: number;
  /** 1-based stack position (3D: plane + 1). */
  position?: number;
  /**
   * ROI type of a one-ring outline: traced (8, the Wand's, default) or polygon (0, for readers such as
   * napari-roi-manager that refuse traced ROIs); the vertices and ImageJ's fill are the same.
   */
  singleType?: typeof RoiType.TRACED | typeof RoiType.POLYGON;
}

export function roiFromOutline(o: Outline, opts: OutlineRoiOptions): Roi {
  const single = o.rings.length === 1;
  const roi = emptyRoi(single ? (opts.singleType ?? RoiType.TRACED) : RoiType.RECT, opts.name);
  // ImageJ's own bounds convention: left/top are the minima the relative coordinates are based on,
  // right/bottom the maxima (exclusive pixel bounds for corner coordinates).
  roi.left = o.left;
  roi.top = o.top;
  roi.right = o.right;
  roi.bottom = o.bottom;
  roi.strokeColor = (opts.strokeColor ?? 0) >>> 0;
  roi.position = opts.position ?? 0;
  if (single) setRelativeVertices(roi, o.rings[0]!);
  else roi.path = ringsToPath(o.rings);
  return roi;
}

function setRelativeVertices(roi: Roi, ring: Int32Array): void {
  const n = ring.length >> 1;
  const xs = new Int32Array(n);
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = ring[2 * i]! - roi.left;
    ys[i] = ring[2 * i + 1]! - roi.top;
  }
  roi.xCoords = xs;
  roi.yCoords = ys;
}

/** One MOVETO, LINETOs and a CLOSE per ring, absolute corner coordinates. */
function ringsToPath(rings: readonly Int32Array[]): PathSegment[] {
  const path: PathSegment[] = [];
  for (const ring of rings) {
    const n = ring.length >> 1;
    for (let i = 0; i < n; i++) {
      path.push({ op: i === 0 ? PathOp.MOVETO : PathOp.LINETO, coords: [ring[2 * i]!, ring[2 * i + 1]!] });
    }
    path.push({ op: PathOp.CLOSE, coords: [] });
  }
  return path;
}

export interface RoiNameOptions {
  /** Text before the number, as Cellpose's `save_rois(prefix=…)`. */
  prefix?: string;
  /** Minimum digits of the label, zero-padded (Cellpose pads to the digits of the largest label). */
  pad?: number;
  /** 0-based plane of a 3D stack; adds `-z<plane+1>` (ImageJ counts slices from 1). */
  plane?: number;
}

/** The ROI name for a label: `[prefix][zero-padded label]` like Cellpose, plus `-z<n>` in 3D. */
export function roiName(label: number, opts: RoiNameOptions = {}): string {
  const base = `${opts.prefix ?? ''}${String(label).padStart(opts.pad ?? 0, '0')}`;
  return opts.plane === undefined ? base : `${base}-z${opts.plane + 1}`;
}

/** Cellpose's `pad=True` width: the number of decimal digits of the largest label. */
export function cellposePadWidth(maxLabel: number): number {
  return maxLabel >= 1 ? String(Math.floor(maxLabel)).length : 0;
}

/**
 * `encodeRoi(roiFromOutline(o, opts))`, written straight into the file bytes. The export encodes tens of
 * thousands of outlines; building a full Roi model (and its coordinate arrays) for each one first cost
 * more than the tracing. Outlines the §9 safety rules would change (bounds beyond 60000, more than
 * 65535 vertices) take the general path.
 */
export function encodeOutline(o: Outline, opts: OutlineRoiOptions, alloc: (length: number) => Uint8Array = (n) => new Uint8Array(n)): Uint8Array {
  const single = o.rings.length === 1;
  const vertices = single ? o.rings[0]!.length >> 1 : 0;
  const unsafe = !safeBound(o.left) || !safeBound(o.top) || !safeBound(o.right) || !safeBound(o.bottom) || !safeBound(o.right - o.left) || !safeBound(o.bottom - o.top);
  if (single && (unsafe || vertices > 65535)) return encodeRoi(roiFromOutline(o, opts));

  let floats = 0;
  if (!single) for (const ring of o.rings) floats += 3 * (ring.length >> 1) + 1;
  const dataLength = single ? 4 * vertices : 4 * floats;
  const hdr2 = HEADER_SIZE + dataLength;
  const nameOffset = hdr2 + HEADER2_SIZE;
  const bytes = alloc(nameOffset + 2 * opts.name.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bytes.set([0x49, 0x6f, 0x75, 0x74]); // "Iout"
  view.setInt16(H.VERSION, ROI_VERSION);
  view.setUint8(H.TYPE, single ? (opts.singleType ?? RoiType.TRACED) : RoiType.RECT);
  view.setUint16(H.TOP, o.top & 0xffff);
  view.setUint16(H.LEFT, o.left & 0xffff);
  view.setUint16(H.BOTTOM, o.bottom & 0xffff);
  view.setUint16(H.RIGHT, o.right & 0xffff);
  view.setInt32(H.SHAPE_ROI_SIZE, floats);
  view.setUint32(H.STROKE_COLOR, (opts.strokeColor ?? 0) >>> 0);
  view.setInt32(H.POSITION, opts.position ?? 0);
  view.setInt32(H.HEADER2_OFFSET, hdr2);
  if (single) {
    view.setUint16(H.N_COORDINATES, vertices);
    const ring = o.rings[0]!;
    for (let i = 0; i < vertices; i++) {
      view.setUint16(HEADER_SIZE + 2 * i, (ring[2 * i]! - o.left) & 0xffff);
      view.setUint16(HEADER_SIZE + 2 * (vertices + i), (ring[2 * i + 1]! - o.top) & 0xffff);
    }
  } else {
    let at = HEADER_SIZE;
    for (const ring of o.rings) {
      for (let i = 0; i < ring.length; i += 2) {
        view.setFloat32(at, i === 0 ? PathOp.MOVETO : PathOp.LINETO);
        view.setFloat32(at + 4, ring[i]!);
        view.setFloat32(at + 8, ring[i + 1]!);
        at += 12;
      }
      view.setFloat32(at, PathOp.CLOSE);
      at += 4;
    }
  }
  if (opts.name.length > 0) {
    view.setInt32(hdr2 + H2.NAME_OFFSET, nameOffset);
    view.setInt32(hdr2 + H2.NAME_LENGTH, opts.name.length);
    writeUtf16BE(bytes, nameOffset, opts.name);
  }
  return bytes;
}

function safeBound(v: number): boolean {
  return v <= SAFE_BOUND_MAX && v >= I16_MIN;
}
