/**
 * `--geometry cellpose`: the RoiSet entries Cellpose's `io.save_rois` writes through roifile, for users
 * who must match Cellpose rather than the label pixels. Per label (Cellpose's list and outline, see
 * trace/cellpose-contours.ts) whose outline is not empty: a freehand ROI (type 7) through the boundary
 * pixels' integer coordinates, options 40 (overlay labels + backgrounds), roifile's bounds
 * (right/bottom = largest coordinate + 1), named by its label. Empty outlines get no entry.
 * ImageJ reads these coordinates as pixel corners, so each ROI covers less than its label (doc §11.3).
 */
import type { RoiSetEntry } from './roi-entries.js';
import { Cp2ijError } from '../core/errors.js';
import { labelStats, planeOf, type Masks } from '../core/masks.js';
import { cellposeContoursOfPlane } from '../trace/cellpose-contours.js';
import { cellposePadWidth, roiName } from './from-outline.js';
import { encodeRoi } from './roi-encode.js';
import { RoiOption, RoiType, emptyRoi, type Roi } from './roi-model.js';

/** roifile ≥ 2026.2.10 writes 229 (older releases 226); the shared fixtures are 229. */
export const CELLPOSE_ROI_VERSION = 229;

export interface CellposeRoiOptions {
  /** Text before each label, as `save_rois(prefix=…)`. */
  prefix?: string;
  /** Zero-pad labels to the digits of the largest label, as `save_rois(pad=True)`. */
  pad?: boolean;
  /** The `.roi` version field (default 229, roifile's current one). */
  version?: number;
}


/** The ROI entries (name without `.roi`) of Cellpose's `<base>_rois.zip`, in its order (ascending labels). */
export function cellposeRois(masks: Masks, opts: CellposeRoiOptions = {}): RoiSetEntry[] {
  if (masks.is3d) {
    throw new Cp2ijError('unsupported', 'Cellpose-geometry ROIs exist for 2D masks only (Cellpose refuses to save 3D ROIs); use the exact geometry');
  }
  const pad = opts.pad ? cellposePadWidth(labelStats(masks).max) : 0;
  const entries: RoiSetEntry[] = [];
  for (const { label, points } of cellposeContoursOfPlane(planeOf(masks, 0), masks.width, masks.height)) {
    if (points.length === 0) continue;
    const name = roiName(label, { prefix: opts.prefix ?? '', pad });
    entries.push({ name, bytes: encodeRoi(cellposeRoi(points, name, opts.version ?? CELLPOSE_ROI_VERSION)) });
  }
  return entries;
}

/** roifile's `ImagejRoi.frompoints` for integer points, as Cellpose calls it. */
function cellposeRoi(points: Int32Array, name: string, version: number): Roi {
  const n = points.length >> 1;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (let i = 0; i < n; i++) {
    left = Math.min(left, points[2 * i]!);
    right = Math.max(right, points[2 * i]!);
    top = Math.min(top, points[2 * i + 1]!);
    bottom = Math.max(bottom, points[2 * i + 1]!);
  }
  const roi = emptyRoi(RoiType.FREEHAND, name);
  roi.version = version;
  roi.options = RoiOption.OVERLAY_LABELS | RoiOption.OVERLAY_BACKGROUNDS;
  roi.left = left;
  roi.top = top;
  roi.right = right + 1;
  roi.bottom = bottom + 1;
  roi.xCoords = new Int32Array(n);
  roi.yCoords = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    roi.xCoords[i] = points[2 * i]! - left;
    roi.yCoords[i] = points[2 * i + 1]! - top;
  }
  return roi;
}
