/**
 * The outlines Cellpose itself keeps (`utils.outlines_list`): for each label, OpenCV's
 * `findContours(label mask, RETR_EXTERNAL, CHAIN_APPROX_NONE)`, the first of the longest contours,
 * as pixel-centre points in OpenCV's order and starting point; 4 points or fewer count as empty.
 *
 * Cellpose lists labels as `np.unique(masks)[1:]`, which drops the smallest value even when it is a
 * real label (a plane without background loses its smallest label); that quirk is reproduced.
 *
 * OpenCV's Suzuki–Abe scan is emulated on a 0/1 copy of each label's bounding box inside a 1-pixel
 * zero frame (what `findContours` pads around the image), so the cost is the boxes' area. The
 * emulation keeps OpenCV's border marks (2, or −126 for pixels whose east neighbour is background),
 * because in external-only mode they decide which further starts are skipped as "inside".
 */
import { Cp2ijError } from '../core/errors.js';
import { planeOf, type LabelData, type Masks } from '../core/masks.js';
import { labelBoxes } from './cellpose-boxes.js';

export interface CellposeContour {
  readonly label: number;
  /** `[x0, y0, x1, y1, …]` pixel coordinates; empty where Cellpose writes an empty outline. */
  readonly points: Int32Array;
}

/**
 * Called once per label Cellpose lists, ascending. `points` holds `2·count` coordinates and is a
 * scratch buffer, valid only during the call; `count` is 0 for an outline Cellpose leaves empty.
 */
export type ContourVisitor = (label: number, points: Int32Array, count: number) => void;

/** Contours with this many points or fewer are written empty by Cellpose (`len(pix) > 4`). */
const MIN_KEPT_POINTS = 5;

/** OpenCV's border marks in its signed 8-bit work image. */
const MARK = 2;
const MARK_RIGHT = 2 - 128;

/** Direction codes 0…7: E, NE, N, NW, W, SW, S, SE (y grows downwards), as OpenCV numbers them. */
const DX = [1, 1, 0, -1, -1, -1, 0, 1] as const;
const DY = [0, -1, -1, -1, 0, 1, 1, 1] as const;

/** Cellpose's outlines of one 2D mask image. 3D masks are refused: use the per-plane functions. */
export function cellposeContours(masks: Masks): CellposeContour[] {
  if (masks.is3d) {
    throw new Cp2ijError('unsupported', 'Cellpose outlines are defined for 2D masks only; trace each plane separately');
  }
  return cellposeContoursOfPlane(planeOf(masks, 0), masks.width, masks.height);
}

/** Cellpose's outlines of one plane, as owned arrays. */
export function cellposeContoursOfPlane(plane: LabelData, width: number, height: number): CellposeContour[] {
  const out: CellposeContour[] = [];
  visitCellposeContours(plane, width, height, (label, points, count) => {
    out.push({ label, points: points.slice(0, 2 * count) });
  });
  return out;
}

/** Stream Cellpose's outlines of one plane without keeping them (for large images). */
export function visitCellposeContours(plane: LabelData, width: number, height: number, visit: ContourVisitor): void {
  const boxes = labelBoxes(plane, width, height);
  const tracer = new ExternalContourTracer();
  // np.unique(masks)[1:] drops 0 — or, without background, the smallest label
  const first = boxes.hasBackground ? 0 : 1;
  for (let i = first; i < boxes.labels.length; i++) {
    const x0 = boxes.minX[i]!;
    const y0 = boxes.minY[i]!;
    const count = tracer.longestExternal(plane, width, boxes.labels[i]!, x0, y0, boxes.maxX[i]!, boxes.maxY[i]!);
    visit(boxes.labels[i]!, tracer.best, count < MIN_KEPT_POINTS ? 0 : count);
  }
}

/** Reusable buffers for tracing one label after another. */
class ExternalContourTracer {
  private work = new Int8Array(0);
  private current = new Int32Array(256);
  /** The longest contour of the last label traced, `[x, y, …]` in image coordinates. */
  best = new Int32Array(256);

  /**
   * Trace every external contour of `label` inside its box the way OpenCV discovers them and keep
   * the first longest in OpenCV's output order. OpenCV returns contours in reverse discovery order,
   * so among equally long ones the last discovered wins. Returns its number of points.
   */
  longestExternal(plane: LabelData, width: number, label: number, x0: number, y0: number, x1: number, y1: number): number {
    const w = x1 - x0 + 3;
    const h = y1 - y0 + 3;
    const img = this.prepare(plane, width, label, x0, y0, x1, y1, w, h);
    let bestCount = 0;
    // the scan covers the box, never the zero frame; (x, y) in frame coordinates
    for (let y = 1; y < h - 1; y++) {
      const row = y * w;
      let prev = 0;
      let lastBorder = row; // OpenCV's lnbd: last border pixel met on this row (frame pixel at first)
      for (let x = 1; x < w - 1; x++) {
        let p = img[row + x]!;
        if (p === prev) continue;
        // an outer border starts here, unless the last border met on this row says we are inside
        if (prev === 0 && p === 1 && img[lastBorder]! <= 0) {
          const count = this.follow(img, w, row + x, x + x0 - 1, y + y0 - 1);
          if (count >= bestCount) {
            bestCount = count;
            const t = this.best;
            this.best = this.current;
            this.current = t;
          }
          p = img[row + x]!;
        }
        prev = p;
        if ((p & -2) !== 0) lastBorder = row + x;
      }
    }
    return bestCount;
  }

  /** The label's box as 0/1 inside a zero frame (OpenCV's padded, thresholded copy). */
  private prepare(
    plane: LabelData,
    width: number,
    label: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    w: number,
    h: number,
  ): Int8Array {
    if (this.work.length < w * h) this.work = new Int8Array(Math.max(w * h, 2 * this.work.length));
    const img = this.work;
    // zero only the frame; every box pixel is written
    img.fill(0, 0, w);
    img.fill(0, (h - 1) * w, h * w);
    for (let y = y0; y <= y1; y++) {
      const src = y * width;
      const row = (y - y0 + 1) * w;
      img[row] = 0;
      img[row + w - 1] = 0;
      const dst = row + 1 - x0;
      for (let x = x0; x <= x1; x++) img[dst + x] = plane[src + x] === label ? 1 : 0;
    }
    return img;
  }

  /**
   * Follow one outer border from its start pixel (Suzuki–Abe as OpenCV does it: first neighbour
   * clockwise from north-west, then counter-clockwise sweeps), marking border pixels, writing every
   * step's point into `current`. Returns the number of points.
   */
  private follow(img: Int8Array, w: number, start: number, x: number, y: number): number {
    const delta = [1, 1 - w, -w, -w - 1, -1, w - 1, w, w + 1];
    let n = 0;
    // first neighbour, turning clockwise from north-west; west is known to be background
    let s = 4;
    let first = start;
    do {
      s = (s - 1) & 7;
      first = start + delta[s]!;
    } while (img[first] === 0 && s !== 4);
    if (s === 4) {
      img[start] = MARK_RIGHT;
      this.push(n++, x, y);
      return n;
    }
    let here = start;
    for (;;) {
      const from = s;
      let next = here;
      // counter-clockwise from just past the previous pixel's direction
      for (let k = 1; k <= 8; k++) {
        s = from + k;
        next = here + delta[s & 7]!;
        if (img[next] !== 0) break;
      }
      s &= 7;
      // the sweep passed east (direction 8 ≡ 0) and found background there
      if (s - 1 >= 0 && s - 1 < from) img[here] = MARK_RIGHT;
      else if (img[here] === 1) img[here] = MARK;
      this.push(n++, x, y);
      x += DX[s]!;
      y += DY[s]!;
      if (next === start && here === first) break;
      here = next;
      s = (s + 4) & 7;
    }
    return n;
  }

  private push(i: number, x: number, y: number): void {
    if (2 * i + 2 > this.current.length) {
      const bigger = new Int32Array(this.current.length * 2);
      bigger.set(this.current);
      this.current = bigger;
    }
    this.current[2 * i] = x;
    this.current[2 * i + 1] = y;
  }
}
