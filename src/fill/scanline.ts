/**
 * ImageJ's polygon fill rule (PolygonFiller, ImageJ 1.52u–1.54): a pixel is inside when its centre is
 * inside the outline under the even–odd rule; centres exactly on a left/top edge are outside, on a
 * right/bottom edge inside. To give ImageJ's pixels in every tie, the arithmetic follows ImageJ's:
 * edge ends rounded to rows, crossing x advanced row by row by adding the inverse slope, a 1e-8 nudge,
 * and spans rounded with (int)(x + 0.5). Only the rows the caller can see are walked, so a shape a
 * billion pixels tall costs its edges and the visible rows, never its own height. Cost:
 * O(edges · log edges + visible rows · active edges) plus the covered area.
 */

/** A polygon as ImageJ fills it: coordinates relative to a mask of maskWidth × maskHeight pixels. */
export interface MaskPolygon {
  /** Vertex coordinates; several rings may follow each other separated by one NaN pair. */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Added to every vertex (sub-pixel origin of float polygons), as ImageJ does. */
  readonly offsetX: number;
  readonly offsetY: number;
  readonly maskWidth: number;
  readonly maskHeight: number;
}

/**
 * Calls `sink(row, x0, x1)` for every run of mask pixels covered by the polygon (mask coordinates),
 * on mask rows rowFrom…rowTo − 1 only (the part of the mask that lies in the image).
 */
export function scanPolygon(p: MaskPolygon, sink: (y: number, x0: number, x1: number) => void, rowFrom = 0, rowTo = p.maskHeight): void {
  const edges = buildEdges(p);
  if (edges.count === 0) return;
  const { ex, ey1, ey2, slope } = edges;
  const order = sortedByFirstRow(edges);
  const active = workspace.active;
  let nActive = 0;
  let next = 0;
  const count = edges.count;
  const yStart = Math.max(edges.yMin, 0, rowFrom);
  // Edges that began above the first visible row: jump them there in one step, as ImageJ does.
  while (next < count && ey1[order[next]!]! < yStart) {
    const e = order[next++]!;
    if (ey2[e]! >= yStart) {
      ex[e] = ex[e]! + slope[e]! * (yStart - ey1[e]!);
      active[nActive++] = e;
    }
  }
  const yEnd = Math.min(p.maskHeight, edges.yMax + 1, rowTo);
  const w = p.maskWidth;
  for (let y = yStart; y < yEnd; y++) {
    let kept = 0;
    for (let i = 0; i < nActive; i++) {
      const e = active[i]!;
      if (y >= ey1[e]! && y < ey2[e]!) active[kept++] = e;
    }
    nActive = kept;
    while (next < count && ey1[order[next]!] === y) active[nActive++] = order[next++]!;
    sortByX(active, nActive, ex);
    for (let i = 0; i + 1 < nActive; i += 2) {
      const x0 = clampColumn(ex[active[i]!]!, w);
      const x1 = clampColumn(ex[active[i + 1]!]!, w);
      if (x1 > x0) sink(y, x0, x1);
    }
    for (let i = 0; i < nActive; i++) {
      const e = active[i]!;
      ex[e] = ex[e]! + slope[e]!;
    }
  }
}

/** ImageJ's `(int)(x + 0.5)` clamped to 0…width (truncation only differs from floor below 0, clamped anyway). */
function clampColumn(x: number, width: number): number {
  const c = Math.trunc(x + 0.5);
  return c < 0 ? 0 : c > width ? width : c;
}

/**
 * Edge indices in order of their first row (ties in input order), so each row activates its edges
 * without scanning all of them. O(n log n): an insertion sort here made one 65,535-vertex polygon cost seconds.
 */
function sortedByFirstRow(t: EdgeTable): Int32Array {
  const order = workspace.order.subarray(0, t.count);
  for (let i = 0; i < t.count; i++) order[i] = i;
  const ey1 = t.ey1;
  order.sort((a, b) => ey1[a]! - ey1[b]! || a - b);
  return order;
}

/**
 * Insertion sort, since the active list is almost sorted from one row to the next; if a row needs
 * more moves than a full sort would (edges crossing each other en masse), it switches to one.
 */
function sortByX(active: Int32Array, n: number, ex: Float64Array): void {
  let budget = 8 * n + 64;
  for (let i = 1; i < n; i++) {
    const e = active[i]!;
    const x = ex[e]!;
    let j = i - 1;
    while (j >= 0 && ex[active[j]!]! > x) {
      active[j + 1] = active[j]!;
      j--;
      if (--budget === 0) {
        active[j + 1] = e;
        active.subarray(0, n).sort((a, b) => ex[a]! - ex[b]!);
        return;
      }
    }
    active[j + 1] = e;
  }
}

interface EdgeTable {
  count: number;
  /** Crossing x at the centre line of row ey1 (then advanced row by row). */
  ex: Float64Array;
  /** Rows as doubles: a hostile coordinate of 1e30 must not wrap around as an int32 would. */
  ey1: Float64Array;
  /** First row no longer crossed. */
  ey2: Float64Array;
  slope: Float64Array;
  yMin: number;
  yMax: number;
}

/** Non-horizontal edges with their row range; horizontal ones (after rounding to rows) cross no centre line. */
/** Edge table storage reused from one polygon to the next (filling is synchronous); grows as needed. */
const workspace = { capacity: 0, order: new Int32Array(0), active: new Int32Array(0), table: null as EdgeTable | null };

function emptyTable(n: number): EdgeTable {
  if (workspace.table === null || workspace.capacity < n) {
    const capacity = Math.max(n, 2 * workspace.capacity, 64);
    workspace.capacity = capacity;
    workspace.order = new Int32Array(capacity);
    workspace.active = new Int32Array(capacity);
    workspace.table = {
      count: 0,
      ex: new Float64Array(capacity),
      ey1: new Float64Array(capacity),
      ey2: new Float64Array(capacity),
      slope: new Float64Array(capacity),
      yMin: 0,
      yMax: 0,
    };
  }
  const t = workspace.table;
  t.count = 0;
  t.yMin = Number.MAX_SAFE_INTEGER;
  t.yMax = Number.MIN_SAFE_INTEGER;
  return t;
}

function buildEdges(p: MaskPolygon): EdgeTable {
  const n = p.x.length;
  const t = emptyTable(n);
  let ringStart = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(p.x[i]!)) {
      ringStart = i + 1;
      continue;
    }
    let j = i === n - 1 ? ringStart : i + 1;
    if (Number.isNaN(p.x[j]!)) j = ringStart; // last vertex of a ring closes back to its first
    let xa = p.x[i]! + p.offsetX;
    let ya = p.y[i]! + p.offsetY;
    let xb = p.x[j]! + p.offsetX;
    let yb = p.y[j]! + p.offsetY;
    let ra = Math.round(ya); // Java Math.round: half up, as JS
    let rb = Math.round(yb);
    if (ra === rb || (ra <= 0 && rb <= 0)) continue;
    if (ra > rb) {
      [ra, rb] = [rb, ra];
      [ya, yb] = [yb, ya];
      [xa, xb] = [xb, xa];
    }
    const s = (xb - xa) / (yb - ya);
    const k = t.count++;
    t.ex[k] = xa + (ra - ya + 0.5) * s + 1e-8; // 1e-8: centres exactly on an edge count as right of it
    t.ey1[k] = ra;
    t.ey2[k] = rb;
    t.slope[k] = s;
    if (ra < t.yMin) t.yMin = ra;
    if (rb > t.yMax) t.yMax = rb;
  }
  return t;
}
