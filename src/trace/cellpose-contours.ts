/**
 * OpenCV's `findContours(label == L, RETR_EXTERNAL, CHAIN_APPROX_NONE)` for every label of a plane at
 * once, and the two ways Cellpose uses it:
 * - `utils.outlines_list` (the `_cp_outlines.txt` / `save_rois` outlines): per label, the first of the
 *   longest contours as pixel-centre points in OpenCV's order and starting point; 4 points or fewer
 *   count as empty. Labels are listed as `np.unique(masks)[1:]`, which drops the smallest value even
 *   when it is a real label (a plane without background loses its smallest label); reproduced.
 * - `utils.masks_to_outlines` (the seg's `outlines`): every contour of every label (see mask-outlines.ts).
 *
 * OpenCV's Suzuki–Abe scan is emulated in ONE raster pass over the plane. That is exact because the
 * per-label scans do not interact: OpenCV's border marks (2, or −126 for pixels whose east neighbour
 * is background) only ever land on the label's own pixels, so one mark plane serves every label, and
 * the scan state OpenCV keeps per row (the last border pixel met, `lnbd`) is kept per label. The marks
 * matter: in external-only mode the last mark met on a row decides whether a start is skipped as
 * "inside", a heuristic rather than true nesting, so it is reproduced, not replaced by a flood fill.
 */
import { Cp2ijError } from '../core/errors.js';
import { planeOf, type LabelData, type Masks } from '../core/masks.js';

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

/** OpenCV's border marks in its signed 8-bit work image (0 here = not yet marked). */
const MARK = 2;
const MARK_RIGHT = 2 - 128;

/** Direction codes 0…7: E, NE, N, NW, W, SW, S, SE (y grows downwards), as OpenCV numbers them. */
const DX = [1, 1, 0, -1, -1, -1, 0, 1] as const;
const DY = [0, -1, -1, -1, 0, 1, 1, 1] as const;

/** Above this largest label, a label-indexed table would cost more memory than a hash map. */
const DENSE_TABLE_LIMIT = 1 << 22;

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

/**
 * Stream Cellpose's outlines (the longest contour per label) of one plane. Only each label's best
 * start pixel is kept during the scan; its points are traced again when the label's turn comes, since
 * a border's path depends on its start pixel and the label alone.
 */
export function visitCellposeContours(plane: LabelData, width: number, height: number, visit: ContourVisitor): void {
  const best = new Map<number, { start: number; count: number }>();
  const found: ContourFound = (label, start, count) => {
    const b = best.get(label);
    // OpenCV returns contours in reverse discovery order: among equally long ones the last found wins
    if (b === undefined) best.set(label, { start, count });
    else if (count >= b.count) {
      b.start = start;
      b.count = count;
    }
  };
  const scan = scanExternalContours(plane, width, height, { found });
  const labels = Float64Array.from(best.keys()).sort();
  const tracer = new BorderTracer(plane, width, height, undefined, undefined);
  // np.unique(masks)[1:] drops 0 — or, without background, the smallest label
  for (let i = scan.hasBackground ? 0 : 1; i < labels.length; i++) {
    const label = labels[i]!;
    const { start, count } = best.get(label)!;
    tracer.follow(label, start, true);
    visit(label, tracer.points, count < MIN_KEPT_POINTS ? 0 : count);
  }
}

/** What one scan of a plane leaves: OpenCV's marks (non-zero exactly on the pixels of every external contour). */
export interface ContourScan {
  readonly marks: Int8Array;
  /** Whether the plane has at least one 0 pixel (Cellpose's label list depends on it). */
  readonly hasBackground: boolean;
}

export interface ScanOptions {
  /** Told of every external contour found. */
  readonly found?: ContourFound;
  /** Gets each contour pixel set to its label as it is traced (what masks_to_outlines makes). */
  readonly paint?: LabelData;
  /** The plane's largest label when the caller knows it (saves a pass over 32-bit planes). */
  readonly maxLabel?: number;
}

/** Told of every external contour, in the raster order of their start pixels: its label, start pixel index and length. */
export type ContourFound = (label: number, start: number, count: number) => void;

/**
 * OpenCV's external-contour scan of every label of one plane in one raster pass. At each run start of
 * a label whose pixel is unmarked, an outer border starts unless the label's last border pixel met on
 * this row (OpenCV's lnbd) is marked 2 ("inside").
 */
export function scanExternalContours(plane: LabelData, width: number, height: number, options: ScanOptions = {}): ContourScan {
  const marks = new Int8Array(width * height);
  const tracer = new BorderTracer(plane, width, height, marks, options.paint);
  const found = options.found;
  const max = options.maxLabel ?? largestLabel(plane);
  const dense = max < DENSE_TABLE_LIMIT || max < plane.length ? new Int32Array(max + 1).fill(-1) : undefined;
  const sparse = dense ? undefined : new Map<number, number>();
  let hasBackground = false;
  for (let y = 0; y < height; y++) {
    const rowStart = y * width;
    const rowEnd = rowStart + width;
    let prevLabel = 0;
    let prevMark = 0;
    for (let i = rowStart; i < rowEnd; i++) {
      const label = plane[i]!;
      let m = marks[i]!;
      if (label === prevLabel && m === prevMark) continue;
      if (label === prevLabel) {
        // inside a run OpenCV's value changes only where the mark does; a mark is a border met
        if (m !== 0) {
          if (dense) dense[label] = i;
          else sparse!.set(label, i);
        }
        prevMark = m;
        continue;
      }
      prevLabel = label;
      if (label === 0) {
        hasBackground = true;
        prevMark = 0;
        continue;
      }
      if (m === 0) {
        // another value to the west: an outer border, unless the last border met says "inside"
        const last = dense ? dense[label]! : (sparse!.get(label) ?? -1);
        if (last < rowStart || marks[last] === MARK_RIGHT) {
          const count = tracer.follow(label, i, false);
          found?.(label, i, count);
          m = marks[i]!;
        }
      }
      if (m !== 0) {
        if (dense) dense[label] = i;
        else sparse!.set(label, i);
      }
      prevMark = m;
    }
  }
  return { marks, hasBackground };
}

/**
 * Suzuki–Abe outer border following as OpenCV does it: first neighbour clockwise from north-west, then
 * counter-clockwise sweeps. With a mark plane it leaves OpenCV's marks, with a paint plane the label on
 * every visited pixel; `follow(…, true)` writes every step's point into `points`.
 */
class BorderTracer {
  points = new Int32Array(1024);
  /** Index steps for the 8 directions. */
  private readonly delta: Int32Array;

  constructor(
    private readonly plane: LabelData,
    private readonly width: number,
    private readonly height: number,
    private readonly marks: Int8Array | undefined,
    private readonly paint: LabelData | undefined,
  ) {
    const w = width;
    this.delta = Int32Array.of(1, 1 - w, -w, -w - 1, -1, w - 1, w, w + 1);
  }

  /** Follow the border starting at pixel `start` of `label` (its west neighbour is another value); returns its number of points. */
  follow(label: number, start: number, keepPoints: boolean): number {
    const { plane, marks, paint, width, height, delta } = this;
    let x = start % width;
    let y = (start - x) / width;
    // first neighbour, turning clockwise from north-west
    let s = 4;
    do s = (s - 1) & 7;
    while (!this.isLabel(label, x + DX[s]!, y + DY[s]!) && s !== 4);
    if (s === 4) {
      if (marks) marks[start] = MARK_RIGHT;
      if (paint) paint[start] = label;
      if (keepPoints) this.push(0, x, y);
      return 1;
    }
    const first = start + delta[s]!;
    const lastX = width - 1;
    const lastY = height - 1;
    let here = start;
    let n = 0;
    for (;;) {
      const from = s;
      // counter-clockwise from just past the previous pixel's direction (it is the label, so this stops)
      if (x > 0 && y > 0 && x < lastX && y < lastY) {
        do s++;
        while (plane[here + delta[s & 7]!] !== label);
      } else {
        do s++;
        while (!this.isLabel(label, x + DX[s & 7]!, y + DY[s & 7]!));
      }
      s &= 7;
      if (marks) {
        // the sweep passed east (direction 8 ≡ 0) and found another value there
        if (s - 1 >= 0 && s - 1 < from) marks[here] = MARK_RIGHT;
        else if (marks[here] === 0) marks[here] = MARK;
      }
      if (paint) paint[here] = label;
      if (keepPoints) this.push(n, x, y);
      n++;
      const next = here + delta[s]!;
      if (next === start && here === first) break;
      here = next;
      x += DX[s]!;
      y += DY[s]!;
      s = (s + 4) & 7;
    }
    return n;
  }

  private isLabel(label: number, x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height && this.plane[y * this.width + x] === label;
  }

  private push(i: number, x: number, y: number): void {
    if (2 * i + 2 > this.points.length) {
      const bigger = new Int32Array(this.points.length * 2);
      bigger.set(this.points);
      this.points = bigger;
    }
    this.points[2 * i] = x;
    this.points[2 * i + 1] = y;
  }
}

/** 8/16-bit labels always fit a table; only 32-bit ones need their largest value looked up. */
function largestLabel(plane: LabelData): number {
  if (plane.BYTES_PER_ELEMENT < 4) return (1 << (8 * plane.BYTES_PER_ELEMENT)) - 1;
  let max = 0;
  for (let i = 0; i < plane.length; i++) if (plane[i]! > max) max = plane[i]!;
  return max;
}
