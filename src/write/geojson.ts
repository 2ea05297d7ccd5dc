/**
 * QuPath GeoJSON: one Feature per label (per label per plane in 3D, `geometry.plane.z` 0-based), with
 * exact pixel-edge geometry that is valid in the OGC sense, so QuPath, shapely, GEOS and JTS take it
 * as it is (nothing "repaired", nothing moved).
 *
 * Validity. The RoiSet's rings join diagonal neighbours (8-connectivity) and pass the shared corner
 * twice, which even–odd filling tolerates but OGC does not: a polygon's rings may not touch themselves
 * and its interior must be connected. So the outlines here are traced with 4-connectivity (pieces that
 * meet only at a corner are separate polygons of a MultiPolygon, which may touch at a point), and any
 * ring that still meets itself at a corner — across background, e.g. a C closed by a diagonal — is split
 * there into rings that each pass it once: a shell and a hole touching it at one point, or two holes
 * touching each other. Each hole is then given to the innermost shell around it. The rings are the same
 * edges as before, so filling by pixel centres still gives exactly the label's pixels.
 *
 * Orientation: shells have positive signed area in the file's x/y (counter-clockwise in a y-up reading,
 * clockwise on screen where y points down), holes negative. Vertices are integer pixel corners, only
 * where the direction changes; rings are closed (first vertex repeated), as GeoJSON requires.
 *
 * Written as a stream of chunks: each plane's features are encoded as they are produced.
 */
import type { Masks } from '../core/masks.js';
import type { NdArray } from '../core/ndarray.js';
import type { Outline } from '../trace/outline.js';
import { tracePlanes } from '../trace/tracer.js';

import type { QupathObjectType } from './geojson-types.js';

export type { QupathObjectType } from './geojson-types.js';

export interface GeojsonOptions {
  /** QuPath's objectType: `detection` (default: many, light objects), `annotation` (to edit), `cell`. */
  objectType?: QupathObjectType;
  /** Text before each name (the label), as for ROI names. */
  prefix?: string;
  /** Cellpose's `colors` ((N, 3) RGB, row = label − 1): each feature's colour, when given. */
  colors?: NdArray;
}

/** One polygon: its shell, then its holes, each a closed-by-implication flat `[x0, y0, …]` ring. */
export type PolygonRings = Int32Array[];

/** The GeoJSON file as chunks, produced lazily: `{"type":"FeatureCollection","features":[…]}`. */
export function* geojsonChunks(masks: Masks, options: GeojsonOptions = {}): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode('{"type":"FeatureCollection","features":[');
  let first = true;
  let batch = '';
  for (const plane of tracePlanes(masks, 4)) {
    for (const outline of plane) {
      batch += (first ? '\n' : ',\n') + featureJson(outline, masks.is3d, options);
      first = false;
      if (batch.length > 1 << 20) {
        yield encoder.encode(batch);
        batch = '';
      }
    }
  }
  yield encoder.encode(`${batch}\n]}\n`);
}

function featureJson(o: Outline, is3d: boolean, options: GeojsonOptions): string {
  const polygons = validPolygons(o.rings);
  const coordinates = polygons.length === 1 ? polygonJson(polygons[0]!) : `[${polygons.map(polygonJson).join(',')}]`;
  const type = polygons.length === 1 ? 'Polygon' : 'MultiPolygon';
  const plane = is3d ? `,"plane":{"c":-1,"z":${o.plane},"t":0}` : '';
  const color = options.colors ? labelRgb(options.colors, o.label) : undefined;
  const name = JSON.stringify(`${options.prefix ?? ''}${o.label}`);
  return (
    `{"type":"Feature","geometry":{"type":"${type}","coordinates":${coordinates}${plane}},` +
    `"properties":{"objectType":"${options.objectType ?? 'detection'}","name":${name}${color ? `,"color":[${color.join(',')}]` : ''},` +
    `"measurements":{"Label":${o.label},"Area (pixels)":${o.area}}}}`
  );
}

function polygonJson(rings: PolygonRings): string {
  return `[${rings.map(ringJson).join(',')}]`;
}

function ringJson(ring: Int32Array): string {
  let s = '[';
  for (let i = 0; i < ring.length; i += 2) s += `[${ring[i]},${ring[i + 1]}],`;
  return `${s}[${ring[0]},${ring[1]}]]`;
}

function labelRgb(colors: NdArray, label: number): [number, number, number] | undefined {
  if (colors.shape.length !== 2 || colors.shape[1] !== 3 || label > colors.shape[0]!) return undefined;
  const row = (label - 1) * 3;
  const channel = (k: number) => Math.max(0, Math.min(255, Math.round(Number(colors.data[row + k]))));
  return [channel(0), channel(1), channel(2)];
}

/**
 * A label's rings (4-connected tracing) as OGC-valid polygons: rings split where they meet themselves,
 * shells (positive area) each with the holes (negative area) that lie directly inside them.
 */
export function validPolygons(rings: readonly Int32Array[]): PolygonRings[] {
  const simple: Int32Array[] = [];
  for (const ring of rings) splitAtTouches(ring, simple);
  const shells = simple.filter((r) => signedArea(r) > 0);
  const holes = simple.filter((r) => signedArea(r) < 0);
  const polygons: PolygonRings[] = shells.map((s) => [s]);
  if (holes.length === 0) return polygons;
  const areas = shells.map((s) => signedArea(s));
  for (const hole of holes) {
    const [px, py] = pointBeside(hole);
    let owner = -1;
    for (let i = 0; i < shells.length; i++) {
      if ((owner < 0 || areas[i]! < areas[owner]!) && contains(shells[i]!, px, py)) owner = i;
    }
    // a hole is always inside some shell of its own label; if arithmetic ever said otherwise, keep it
    // with the largest shell rather than lose it
    polygons[owner >= 0 ? owner : areas.indexOf(Math.max(...areas))]!.push(hole);
  }
  return polygons;
}

/** Split a ring at every vertex it passes twice, so that each resulting ring passes each vertex once. */
function splitAtTouches(ring: Int32Array, out: Int32Array[]): void {
  const n = ring.length >> 1;
  const seen = new Map<number, number>();
  const path: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = ring[2 * i]!;
    const y = ring[2 * i + 1]!;
    const key = y * 0x4000000 + x; // coordinates below 2^26: one exact number per corner
    const at = seen.get(key); // where in `path` (x of the pair) the first visit stands
    if (at === undefined) {
      seen.set(key, path.length);
      path.push(x, y);
      continue;
    }
    // the loop since the first visit closes here: it becomes a ring of its own
    out.push(Int32Array.from(path.slice(at)));
    for (let k = at + 2; k < path.length; k += 2) seen.delete(path[k + 1]! * 0x4000000 + path[k]!);
    path.length = at + 2;
  }
  if (seen.size === n) {
    out.push(ring);
    return;
  }
  out.push(Int32Array.from(path));
}

function signedArea(ring: Int32Array): number {
  let twice = 0;
  const n = ring.length;
  for (let k = 0; k < n; k += 2) {
    const j = k + 2 < n ? k + 2 : 0;
    twice += ring[k]! * ring[j + 1]! - ring[j]! * ring[k + 1]!;
  }
  return twice / 2;
}

/** A point a quarter pixel beside the ring's first edge, on the label's side (right of the walking direction, y down). */
function pointBeside(ring: Int32Array): [number, number] {
  const dx = Math.sign(ring[2]! - ring[0]!);
  const dy = Math.sign(ring[3]! - ring[1]!);
  return [(ring[0]! + ring[2]!) / 2 - 0.25 * dy, (ring[1]! + ring[3]!) / 2 + 0.25 * dx];
}

/** Even–odd point in ring (the point is never on an edge: it has quarter-pixel coordinates). */
function contains(ring: Int32Array, px: number, py: number): boolean {
  let inside = false;
  const n = ring.length;
  for (let k = 0, j = n - 2; k < n; j = k, k += 2) {
    const xk = ring[k]!;
    const yk = ring[k + 1]!;
    const xj = ring[j]!;
    const yj = ring[j + 1]!;
    if (yk > py !== yj > py && px < ((xj - xk) * (py - yk)) / (yj - yk) + xk) inside = !inside;
  }
  return inside;
}
