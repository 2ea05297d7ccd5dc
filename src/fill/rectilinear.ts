/**
 * Fast exact fill for integer outlines whose edges are all horizontal or vertical: traced polygons and
 * composites of integer LINETOs, which is what cp2ij's exact export and ImageJ's Wand produce.
 *
 * With integer vertices no pixel centre lies on an edge, so ImageJ's even–odd fill on centres reduces
 * to: on row y, the crossings are the vertical edges spanning y…y+1, and the pixels between crossing
 * pairs are inside. That is the generic filler's result without its float edge table, rounding and
 * per-ROI allocations. Anything else (a diagonal edge, curves, sub-pixel vertices) is declined and the
 * caller falls back to the generic filler.
 */
import { PathOp, RoiOption, RoiType, usesSubPixel, type PathSegment, type Roi } from '../encode/roi-model.js';
import type { SpanSink } from './shape.js';


/** Vertical edges of the current outline, reused from one ROI to the next (filling is synchronous). */
class VerticalEdges {
  count = 0;
  rectilinear = true;
  x: Int32Array = new Int32Array(64);
  top: Int32Array = new Int32Array(64);
  bottom: Int32Array = new Int32Array(64);
  order = new Int32Array(64);
  active = new Int32Array(64);

  reset(): void {
    this.count = 0;
    this.rectilinear = true;
  }

  add(xa: number, ya: number, xb: number, yb: number): void {
    if (ya === yb) return; // horizontal edges cross no centre line
    if (xa !== xb) {
      this.rectilinear = false;
      return;
    }
    if (this.count === this.x.length) this.grow();
    const k = this.count++;
    this.x[k] = xa;
    this.top[k] = ya < yb ? ya : yb;
    this.bottom[k] = ya < yb ? yb : ya;
  }

  /** Even–odd spans row by row, clipped to the image. */
  spans(width: number, height: number, sink: SpanSink): void {
    const n = this.count;
    if (n === 0) return;
    const { x, top, bottom, active } = this;
    const order = this.sortedByTop();
    let yEnd = 0;
    for (let i = 0; i < n; i++) if (bottom[i]! > yEnd) yEnd = bottom[i]!;
    if (yEnd > height) yEnd = height;
    let next = 0;
    let nActive = 0;
    let y = top[order[0]!]!;
    if (y < 0) {
      // edges starting above the image: activate those still running at row 0
      y = 0;
      while (next < n && top[order[next]!]! < 0) {
        const e = order[next++]!;
        if (bottom[e]! > 0) active[nActive++] = e;
      }
      active.subarray(0, nActive).sort((a, b) => x[a]! - x[b]!);
    }
    for (; y < yEnd; y++) {
      let kept = 0;
      for (let i = 0; i < nActive; i++) if (bottom[active[i]!]! > y) active[kept++] = active[i]!;
      nActive = kept;
      // edges starting on this row arrive sorted by x (see sortedByTop): merge them in from the back
      let m = 0;
      while (next + m < n && top[order[next + m]!] === y) m++;
      let i = nActive - 1;
      let j = m - 1;
      for (let k = nActive + m - 1; j >= 0; k--) {
        if (i >= 0 && x[active[i]!]! > x[order[next + j]!]!) active[k] = active[i--]!;
        else active[k] = order[next + j--]!;
      }
      nActive += m;
      next += m;
      for (let i = 0; i + 1 < nActive; i += 2) {
        const x0 = Math.max(0, x[active[i]!]!);
        const x1 = Math.min(width, x[active[i + 1]!]!);
        if (x1 > x0) sink(y, x0, x1);
      }
    }
  }

  /**
   * Edge indices by top row, then x: each row's new edges are then already in x order, and since
   * vertical edges never move, merging them keeps the active list sorted with no per-row sort.
   */
  private sortedByTop(): Int32Array {
    const { top, x } = this;
    const n = this.count;
    const order = this.order.subarray(0, n);
    if (n > 64) {
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => top[a]! - top[b]! || x[a]! - x[b]! || a - b);
      return order;
    }
    // a cell's few dozen edges: insertion sort beats the comparator calls of a full sort
    for (let i = 0; i < n; i++) {
      const t = top[i]!;
      const xi = x[i]!;
      let j = i - 1;
      while (j >= 0 && (top[order[j]!]! > t || (top[order[j]!]! === t && x[order[j]!]! > xi))) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = i;
    }
    return order;
  }

  private grow(): void {
    const cap = this.x.length * 2;
    const bigger = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.x = bigger(this.x);
    this.top = bigger(this.top);
    this.bottom = bigger(this.bottom);
    this.order = new Int32Array(cap);
    this.active = new Int32Array(cap);
  }
}

const edges = new VerticalEdges();

/**
 * Fill `roi` through the fast path if it applies; returns false (having emitted nothing) when it does
 * not, so the caller uses the generic filler.
 */
export function rectilinearRoiSpans(roi: Roi, width: number, height: number, sink: SpanSink): boolean {
  edges.reset();
  if (roi.path !== null) {
    if (!pathEdges(roi.path)) return false;
  } else if (isIntegerPolygon(roi)) {
    const { xCoords, yCoords, left, top } = roi;
    const n = xCoords.length;
    // ImageJ reads negative relative coordinates as 0
    for (let i = 0, j = n - 1; i < n; j = i++) {
      edges.add(left + Math.max(0, xCoords[j]!), top + Math.max(0, yCoords[j]!), left + Math.max(0, xCoords[i]!), top + Math.max(0, yCoords[i]!));
    }
  } else return false;
  if (!edges.rectilinear) return false;
  edges.spans(width, height, sink);
  return true;
}

/** Polygon-like ROIs ImageJ fills from their integer vertices as they are (no spline, sub-pixel or rebuilt shape). */
function isIntegerPolygon(roi: Roi): boolean {
  if (roi.type !== RoiType.TRACED && roi.type !== RoiType.POLYGON && roi.type !== RoiType.FREEHAND) return false;
  if (roi.subtype !== 0 || (roi.options & RoiOption.SPLINE_FIT) !== 0) return false;
  return !(usesSubPixel(roi) && roi.xFloat !== null && roi.yFloat !== null);
}

/** Edges of a path of MOVETO/LINETO/CLOSE on integer coordinates, rings closed as ImageJ closes them; false otherwise. */
function pathEdges(path: readonly PathSegment[]): boolean {
  let startX = 0;
  let startY = 0;
  let curX = 0;
  let curY = 0;
  let open = false;
  for (const seg of path) {
    const c = seg.coords;
    if (seg.op === PathOp.CLOSE) {
      if (open) edges.add(curX, curY, startX, startY);
      open = false;
      continue;
    }
    // curves, and lines starting a ring without a MOVETO, are left to the generic filler
    if (seg.op !== PathOp.MOVETO && (seg.op !== PathOp.LINETO || !open)) return false;
    const px = c[0]!;
    const py = c[1]!;
    if (!Number.isInteger(px) || !Number.isInteger(py) || Math.abs(px) >= 1 << 24 || Math.abs(py) >= 1 << 24) return false;
    if (seg.op === PathOp.MOVETO) {
      if (open) edges.add(curX, curY, startX, startY);
      startX = px;
      startY = py;
      open = true;
    } else edges.add(curX, curY, px, py);
    curX = px;
    curY = py;
  }
  if (open) edges.add(curX, curY, startX, startY);
  return true;
}
