/**
 * ROIs → pixels, the way back from ImageJ: label images and per-ROI masks equal to ImageJ's own fill.
 */
import { Cp2ijError } from '../core/errors.js';
import type { Roi } from '../encode/roi-model.js';
import { isSkipped, shapeOfRoi } from './from-roi.js';
import { shapeSpans } from './rasterize.js';
import { rectilinearRoiSpans } from './rectilinear.js';
import type { Shape, Skipped, SpanSink } from './shape.js';

export { shapeOfRoi, isSkipped } from './from-roi.js';
export { shapeSpans } from './rasterize.js';
export { ellipsePolygon, rotatedRectPolygon } from './rebuild.js';
export type { Shape, Skipped, SpanSink, PolygonShape, RectShape, OvalShape, PathShape, ShapeSegment } from './shape.js';

export interface FillOptions {
  /** Label of the i-th ROI; default i + 1. Must be 1…2³²−1. */
  labelOf?: (roi: Roi, index: number) => number;
  /** Where ROIs overlap: the later one wins ('last', default) or the earlier one stays ('first'). */
  overlap?: 'last' | 'first';
}

export interface SkippedRoi {
  readonly index: number;
  readonly name: string;
  readonly reason: string;
}

export interface FillResult {
  /** width × height, row-major; 0 = background. */
  readonly labels: Uint32Array;
  /** ROIs with no area (lines, points, …), in input order, for the caller to report. */
  readonly skipped: SkippedRoi[];
}

/** Fills every area ROI into one label image of width × height, clipped to it. */
export function fillRois(rois: readonly Roi[], width: number, height: number, options: FillOptions = {}): FillResult {
  checkSize(width, height);
  const labels = new Uint32Array(width * height);
  const skipped: SkippedRoi[] = [];
  const keepFirst = options.overlap === 'first';
  rois.forEach((roi, index) => {
    const shape = shapeOfRoi(roi);
    if (isSkipped(shape)) {
      skipped.push({ index, name: roi.name, reason: shape.skipped });
      return;
    }
    const label = options.labelOf ? options.labelOf(roi, index) : index + 1;
    if (!Number.isInteger(label) || label < 1 || label > 0xffffffff) {
      throw new Cp2ijError('bad-argument', `label ${label} of ROI ${index + 1} (${roi.name || 'unnamed'}) is not an integer in 1…4294967295`);
    }
    fillShape(shape, width, height, labels, label, keepFirst);
  });
  return { labels, skipped };
}

/**
 * Calls `sink` for every run of image pixels ImageJ fills for `roi`, or returns why it has none.
 * Integer outlines with only horizontal and vertical edges (traced ROIs, cp2ij's composites) take a
 * fast exact path; everything else goes through the generic filler.
 */
export function roiSpans(roi: Roi, width: number, height: number, sink: SpanSink): Skipped | undefined {
  if (rectilinearRoiSpans(roi, width, height, sink)) return undefined;
  const shape = shapeOfRoi(roi);
  if (isSkipped(shape)) return shape;
  shapeSpans(shape, width, height, sink);
  return undefined;
}

/** Writes `value` into `target` (width × height) over the pixels of `shape`; with keepFirst, only into zeros. */
export function fillShape(shape: Shape, width: number, height: number, target: Uint32Array | Uint8Array, value: number, keepFirst = false): void {
  shapeSpans(shape, width, height, (y, x0, x1) => {
    const row = y * width;
    if (keepFirst) {
      for (let i = row + x0; i < row + x1; i++) if (target[i] === 0) target[i] = value;
    } else if (x1 - x0 > 64) {
      target.fill(value, row + x0, row + x1);
    } else {
      // Cell-sized runs: a plain loop beats the per-call cost of TypedArray.fill.
      for (let i = row + x0; i < row + x1; i++) target[i] = value;
    }
  });
}

/** One ROI's mask (1 = inside) on a width × height image, or why it has no area. */
export function roiMask(roi: Roi, width: number, height: number): Uint8Array | { skipped: string } {
  checkSize(width, height);
  const shape = shapeOfRoi(roi);
  if (isSkipped(shape)) return shape;
  const mask = new Uint8Array(width * height);
  fillShape(shape, width, height, mask, 1);
  return mask;
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Cp2ijError('bad-argument', `image size ${width}×${height} is not a positive integer size`);
  }
  if (width * height > 2 ** 31) throw new Cp2ijError('limit', `image size ${width}×${height} exceeds 2^31 pixels`);
}
