/**
 * Cellpose's centre-line outlines (`_cp_outlines.txt`) filled INCLUSIVELY, the way `cv2.fillPoly` fills
 * them: every pixel on the polygon path plus every pixel whose centre is inside (even–odd). For
 * Cellpose's own outlines that gives back each label's pixels with its holes filled, as OpenCV does.
 */
import type { SpanSink } from './shape.js';

/**
 * cv2.fillPoly-style inclusive fill of a closed polygon through pixel centres: spans of pixels whose
 * centre is inside (even–odd, half-open in y) or on the path. Emits (y, x0, x1) with x1 exclusive,
 * clipped to the image.
 */
export function fillCentrePolygon(points: Int32Array, width: number, height: number, emit: SpanSink): void {
  const n = points.length >> 1;
  if (n === 0) return;
  // Edge i runs from vertex i to vertex i + 1; the sweep visits each edge only on the rows it spans,
  // so the cost is the edges' row spans plus a sort, not rows × vertices.
  const low = new Int32Array(n);
  const high = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ay = points[2 * i + 1]!;
    const by = points[2 * ((i + 1) % n) + 1]!;
    low[i] = Math.min(ay, by);
    high[i] = Math.max(ay, by);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => low[a]! - low[b]! || a - b);
  const top = Math.max(low[order[0]!]!, 0);
  let bottom = 0;
  for (let i = 0; i < n; i++) if (high[i]! > bottom) bottom = high[i]!;
  bottom = Math.min(bottom, height - 1);
  const active: number[] = [];
  let next = 0;
  const xs: number[] = [];
  const runs: [number, number][] = [];
  for (let y = top; y <= bottom; y++) {
    while (next < n && low[order[next]!]! <= y) {
      const e = order[next++]!;
      if (high[e]! >= y) active.push(e);
    }
    let kept = 0;
    for (const e of active) if (high[e]! >= y) active[kept++] = e;
    active.length = kept;
    xs.length = 0;
    runs.length = 0;
    for (const i of active) {
      const ax = points[2 * i]!;
      const ay = points[2 * i + 1]!;
      const bx = points[2 * ((i + 1) % n)]!;
      const by = points[2 * ((i + 1) % n) + 1]!;
      // the path itself: the part of this edge on row y (edges are usually single 8-neighbour steps)
      if (ay === by) runs.push([Math.min(ax, bx), Math.max(ax, bx)]);
      else {
        const x = ax + ((bx - ax) * (y - ay)) / (by - ay);
        runs.push([Math.floor(x + 0.5), Math.floor(x + 0.5)]);
      }
      if (ay > y !== by > y) xs.push(ax + ((bx - ax) * (y - ay)) / (by - ay));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) runs.push([Math.ceil(xs[k]!), Math.floor(xs[k + 1]!)]);
    for (const [r0, r1] of mergeRuns(runs)) {
      const x0 = Math.max(r0, 0);
      const x1 = Math.min(r1, width - 1);
      if (x0 <= x1) emit(y, x0, x1 + 1);
    }
  }
}

/** Inclusive runs sorted and joined where they touch or overlap, so each pixel is emitted once. */
function mergeRuns(runs: [number, number][]): [number, number][] {
  runs.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of runs) {
    if (b < a) continue;
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
