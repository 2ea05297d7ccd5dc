/**
 * Traced outlines → ROIs for the exact export (doc §11.4, checklist §15 "Writer").
 *
 * One ring becomes a traced polygon (type 8, the Wand tool's type); holes or several parts become one
 * composite whose subpaths ImageJ fills even–odd, so either way ImageJ fills exactly the label's pixels.
 */
import type { Outline } from '../trace/outline.js';
import { PathOp, RoiType, emptyRoi, type PathSegment, type Roi } from './roi-model.js';

export interface OutlineRoiOptions {
  name: string;
  /** ARGB; omitted = ImageJ's default colour. */
  strokeColor?: number;
  /** 1-based stack position (3D: plane + 1). */
  position?: number;
}

export function roiFromOutline(o: Outline, opts: OutlineRoiOptions): Roi {
  const single = o.rings.length === 1;
  const roi = emptyRoi(single ? RoiType.TRACED : RoiType.RECT, opts.name);
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
