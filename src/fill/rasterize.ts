/**
 * Shape → covered pixels, exactly as ImageJ 1.53t's `Roi.getMask()` placed at the ROI's integer
 * bounds and clipped to the image. Every shape becomes runs of pixels (`SpanSink`), so filling costs
 * the covered area plus edges × rows, never a point-in-polygon test per pixel.
 */
import { flattenPath } from './flatten.js';
import { withinReach } from './from-roi.js';
import { roundRectPath } from './rebuild.js';
import { scanPolygon, type MaskPolygon } from './scanline.js';
import type { OvalShape, PathShape, PolygonShape, RectShape, Shape, SpanSink } from './shape.js';

/** Calls `sink` for every run of image pixels (0 ≤ x < width, 0 ≤ y < height) the shape covers. */
export function shapeSpans(shape: Shape, width: number, height: number, sink: SpanSink): void {
  if (!withinReach(shape)) return; // callers that report skips check first (shapeOfRoi); this keeps every fill finite
  switch (shape.kind) {
    case 'polygon':
      return placed(polygonMask(shape), width, height, sink);
    case 'rect':
      return rectSpans(shape, width, height, sink);
    case 'oval':
      return ovalSpans(shape, width, height, sink);
    case 'path':
      return placed(pathMask(shape), width, height, sink);
  }
}

/** A mask polygon together with the image position of its mask's top-left pixel. */
interface Placed extends MaskPolygon {
  readonly originX: number;
  readonly originY: number;
}

/** Scan a mask polygon and hand its runs over in image coordinates, clipped to the image. */
function placed(p: Placed | null, width: number, height: number, sink: SpanSink): void {
  if (p === null) return;
  // only the mask rows that fall inside the image are scanned
  const rowFrom = Math.max(0, -p.originY);
  const rowTo = Math.min(p.maskHeight, height - p.originY);
  if (rowTo <= rowFrom || p.originX >= width || p.originX + p.maskWidth <= 0) return;
  scanPolygon(
    p,
    (row, c0, c1) => {
      const y = p.originY + row;
      const x0 = Math.max(0, p.originX + c0);
      const x1 = Math.min(width, p.originX + c1);
      if (x1 > x0) sink(y, x0, x1);
    },
    rowFrom,
    rowTo,
  );
}

function polygonMask(s: PolygonShape): Placed | null {
  const n = s.x.length;
  if (n === 0) return null;
  const isFloat = s.coords !== 'int';
  const vx = isFloat ? Float32Array.from(s.x) : s.x;
  const vy = isFloat ? Float32Array.from(s.y) : s.y;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = vx[i]!;
    const y = vy[i]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const originX = Math.floor(minX);
  const originY = Math.floor(minY);
  // Sub-pixel PolygonRoi keeps float32 vertices relative to the float minimum and adds the remainder
  // back when filling; the others are relative to the integer origin.
  const baseX = s.coords === 'float' ? minX : originX;
  const baseY = s.coords === 'float' ? minY : originY;
  const x = isFloat ? new Float32Array(n) : new Float64Array(n);
  const y = isFloat ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = vx[i]! - baseX; // a Float32Array store rounds to float32, as ImageJ's float[] does
    y[i] = vy[i]! - baseY;
  }
  return {
    x,
    y,
    offsetX: baseX - originX,
    offsetY: baseY - originY,
    maskWidth: Math.ceil(maxX) - originX,
    maskHeight: Math.ceil(maxY) - originY,
    originX,
    originY,
  };
}

function pathMask(s: PathShape): Placed | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  // Java 8–17 path bounds include Bézier control points: this fixes the integer origin ImageJ uses.
  for (const seg of s.segments) {
    for (let i = 0; i + 1 < seg.coords.length; i += 2) {
      const x = Math.fround(seg.coords[i]!);
      const y = Math.fround(seg.coords[i + 1]!);
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (minX === Infinity) return null;
  const originX = Math.floor(minX);
  const originY = Math.floor(minY);
  const relative = s.segments.map((seg) => ({
    op: seg.op,
    coords: seg.coords.map((v, i) => Math.fround(Math.fround(v) - (i % 2 === 0 ? originX : originY))),
  }));
  return withOrigin(flattenPath(relative), originX, originY, Math.ceil(maxX) - originX, Math.ceil(maxY) - originY);
}

function withOrigin(poly: { x: number[]; y: number[] }, originX: number, originY: number, maskWidth: number, maskHeight: number): Placed {
  return { x: poly.x, y: poly.y, offsetX: 0, offsetY: 0, maskWidth, maskHeight, originX, originY };
}

/** ImageJ's Roi(double x, y, w, h): bounds truncated to int, sizes rounded up, at least 1 pixel. */
function integerBox(s: { x: number; y: number; width: number; height: number }) {
  return {
    x: Math.trunc(s.x),
    y: Math.trunc(s.y),
    w: Math.max(1, Math.ceil(s.width)),
    h: Math.max(1, Math.ceil(s.height)),
  };
}

function rectSpans(s: RectShape, width: number, height: number, sink: SpanSink): void {
  const b = integerBox(s);
  if (s.arc > 0) {
    const path = roundRectPath(b.x, b.y, b.w, b.h, s.arc);
    return placed(withOrigin(flattenPath(path), b.x, b.y, b.w, b.h), width, height, sink);
  }
  const x0 = Math.max(0, b.x);
  const x1 = Math.min(width, b.x + b.w);
  if (x1 <= x0) return;
  for (let y = Math.max(0, b.y); y < Math.min(height, b.y + b.h); y++) sink(y, x0, x1);
}

/**
 * OvalRoi.getMask: pixel (i, j) of the w × h box is inside iff its centre satisfies the ellipse
 * inequality. Each row of an ellipse is one run; its ends are solved for, then settled by ImageJ's own
 * test, so the cost is the visible rows, whatever the box's size.
 */
function ovalSpans(s: OvalShape, width: number, height: number, sink: SpanSink): void {
  const b = integerBox(s);
  let a = b.w / 2;
  let c = b.h / 2;
  const a2 = a * a;
  const c2 = c * c;
  a -= 0.5;
  c -= 0.5;
  const inside = (i: number, j: number): boolean => {
    const dx = i - a;
    const dy = j - c;
    return (dx * dx) / a2 + (dy * dy) / c2 <= 1.0;
  };
  const jFrom = Math.max(0, -b.y);
  const jTo = Math.min(b.h, height - b.y);
  for (let j = jFrom; j < jTo; j++) {
    const dy = j - c;
    const reach = Math.sqrt(Math.max(0, 1 - (dy * dy) / c2)) * Math.sqrt(a2);
    let first = Math.max(0, Math.floor(a - reach));
    let last = Math.min(b.w - 1, Math.ceil(a + reach));
    // the solved ends are within a pixel of the true ones: settle them with ImageJ's test, a few steps at most
    for (let k = 0; k < 4 && first > 0 && inside(first - 1, j); k++) first--;
    for (let k = 0; k < 4 && first <= last && !inside(first, j); k++) first++;
    for (let k = 0; k < 4 && last < b.w - 1 && inside(last + 1, j); k++) last++;
    for (let k = 0; k < 4 && last >= first && !inside(last, j); k++) last--;
    if (first > last || !inside(first, j)) continue;
    const x0 = Math.max(0, b.x + first);
    const x1 = Math.min(width, b.x + last + 1);
    if (x1 > x0) sink(b.y + j, x0, x1);
  }
}

