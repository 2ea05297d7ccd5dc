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
import { labelRgb } from '../core/label-colors.js';
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
  const out = new AsciiWriter();
  const parts = featureParts(options);
  out.bytes(utf8('{"type":"FeatureCollection","features":['));
  let first = true;
  for (const plane of tracePlanes(masks, 4)) {
    for (const outline of plane) {
      out.bytes(first ? parts.firstSeparator : parts.separator);
      writeFeature(out, outline, masks.is3d, options, parts);
      first = false;
      if (out.length > CHUNK) yield out.take();
    }
  }
  out.bytes(utf8('\n]}\n'));
  yield out.take();
}

const CHUNK = 1 << 20;
const utf8 = (s: string) => new TextEncoder().encode(s);

/** The constant pieces of every feature, encoded once per export. */
function featureParts(options: GeojsonOptions) {
  const prefix = JSON.stringify(options.prefix ?? '').slice(0, -1); // `"prefix` without the closing quote
  return {
    firstSeparator: utf8('\n'),
    separator: utf8(',\n'),
    polygon: utf8('{"type":"Feature","geometry":{"type":"Polygon","coordinates":'),
    multi: utf8('{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":['),
    plane: utf8(',"plane":{"c":-1,"z":'),
    planeEnd: utf8(',"t":0}'),
    name: utf8(`},"properties":{"objectType":"${options.objectType ?? 'detection'}","name":${prefix}`),
    color: utf8('","color":['),
    measurements: utf8('"measurements":{"Label":'),
    area: utf8(',"Area (pixels)":'),
    end: utf8('}}}'),
  };
}

function writeFeature(out: AsciiWriter, o: Outline, is3d: boolean, options: GeojsonOptions, parts: ReturnType<typeof featureParts>): void {
  const polygons = validPolygons(o.rings, o.diagonal);
  const multi = polygons.length > 1;
  out.bytes(multi ? parts.multi : parts.polygon);
  polygons.forEach((rings, p) => {
    if (p > 0) out.byte(COMMA);
    out.byte(OPEN);
    rings.forEach((ring, r) => {
      if (r > 0) out.byte(COMMA);
      out.ring(ring);
    });
    out.byte(CLOSE);
  });
  if (multi) out.byte(CLOSE);
  if (is3d) {
    out.bytes(parts.plane);
    out.int(o.plane);
    out.bytes(parts.planeEnd);
  }
  out.bytes(parts.name);
  out.int(o.label);
  const color = options.colors ? labelRgb(options.colors, o.label) : undefined;
  if (color) {
    out.bytes(parts.color);
    out.int(color[0]);
    out.byte(COMMA);
    out.int(color[1]);
    out.byte(COMMA);
    out.int(color[2]);
    out.byte(CLOSE);
    out.byte(COMMA);
  } else {
    out.byte(QUOTE);
    out.byte(COMMA);
  }
  out.bytes(parts.measurements);
  out.int(o.label);
  out.bytes(parts.area);
  out.int(o.area);
  out.bytes(parts.end);
}

const QUOTE = 0x22;

/** A pixel-corner coordinate (an int32) as decimal digits at `at`; returns the end. */
function writeDigits(buf: Uint8Array, at: number, v: number): number {
  if (v < 0) {
    buf[at++] = 0x2d;
    v = -v;
  }
  if (v < 10) {
    buf[at] = 0x30 + v;
    return at + 1;
  }
  let digits = 1;
  for (let t = v; t >= 10; t = (t / 10) | 0) digits++;
  const end = at + digits;
  for (let p = end - 1, t = v; p >= at; p--, t = (t / 10) | 0) buf[p] = 0x30 + (t % 10);
  return end;
}

const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/**
 * JSON text built as bytes: a million features of integer coordinates written digit by digit into one
 * growing buffer cost a fraction of assembling them as strings and encoding those.
 */
class AsciiWriter {
  private buf = new Uint8Array(CHUNK + (1 << 16));
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(2 * this.buf.length, this.length + n));
    bigger.set(this.buf.subarray(0, this.length));
    this.buf = bigger;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  int(v: number): void {
    this.ensure(24);
    this.length = writeDigits(this.buf, this.length, v);
  }

  /** `[[x0,y0],[x1,y1],…,[x0,y0]]`: closed, as GeoJSON requires. The hot loop: digits written in place. */
  ring(ring: Int32Array): void {
    this.ensure(12 * ring.length + 32);
    const buf = this.buf;
    let at = this.length;
    buf[at++] = OPEN;
    for (let i = 0; i <= ring.length; i += 2) {
      const k = i === ring.length ? 0 : i;
      if (i > 0) buf[at++] = COMMA;
      buf[at++] = OPEN;
      at = writeDigits(buf, at, ring[k]!);
      buf[at++] = COMMA;
      at = writeDigits(buf, at, ring[k + 1]!);
      buf[at++] = CLOSE;
    }
    buf[at++] = CLOSE;
    this.length = at;
  }

  /** The bytes so far (a copy), and start again. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/**
 * A label's rings (4-connected tracing) as OGC-valid polygons: rings split where they meet themselves,
 * shells (positive area) each with the holes (negative area) that lie directly inside them.
 */
export function validPolygons(rings: readonly Int32Array[], diagonal: boolean | undefined = true): PolygonRings[] {
  // without a diagonal contact no ring can pass a corner twice: nothing to split
  const simple: Int32Array[] = [];
  if (diagonal) for (const ring of rings) splitAtTouches(ring, simple);
  else for (const ring of rings) simple.push(ring);
  if (simple.length === 1) return [simple];
  const signed = simple.map(signedArea);
  const shells = simple.filter((_, i) => signed[i]! > 0);
  const holes = simple.filter((_, i) => signed[i]! < 0);
  const polygons: PolygonRings[] = shells.map((s) => [s]);
  if (holes.length === 0) return polygons;
  const areas = signed.filter((a) => a > 0);
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
  if (!touchesItself(ring)) {
    out.push(ring);
    return;
  }
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
  out.push(Int32Array.from(path));
}

/** Open-addressing set of corner keys, reused from ring to ring: most rings are simple and leave here. */
let table = new Float64Array(1 << 10);

function touchesItself(ring: Int32Array): boolean {
  const n = ring.length >> 1;
  let size = table.length;
  if (size < 4 * n) {
    while (size < 4 * n) size *= 2;
    table = new Float64Array(size);
  }
  const mask = size - 1;
  const used: number[] = [];
  let repeated = false;
  for (let i = 0; i < n && !repeated; i++) {
    const key = ring[2 * i + 1]! * 0x4000000 + ring[2 * i]! + 1; // + 1: 0 marks an empty slot
    let slot = (Math.imul(ring[2 * i]!, 0x9e3779b1) ^ Math.imul(ring[2 * i + 1]!, 0x85ebca6b)) & mask;
    while (table[slot] !== 0) {
      if (table[slot] === key) {
        repeated = true;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (!repeated) {
      table[slot] = key;
      used.push(slot);
    }
  }
  for (const slot of used) table[slot] = 0;
  return repeated;
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
