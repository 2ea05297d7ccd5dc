/**
 * GeoJSON objects (as QuPath and cp2ij write them) → areas to paint: a FeatureCollection, a Feature, a
 * bare geometry or an array of these. Polygon and MultiPolygon geometries (also inside a
 * GeometryCollection) are areas; a cell's `geometry` is its boundary (its `nucleusGeometry` is not
 * used). The plane is `geometry.plane.z` (0-based, absent = plane 0). Everything else — points, lines,
 * empty or malformed geometries — is returned as skipped, with why, so the import can name it.
 */
import { Cp2ijError } from '../core/errors.js';
import { limits } from '../core/limits.js';
import { MAX_COORDINATE } from '../fill/shape.js';

export interface GeojsonObject {
  /** `properties.name`, or '' (such objects get fresh labels). */
  readonly name: string;
  /** The label a cp2ij export stored in `measurements.Label`, when the name carries none. */
  readonly storedLabel?: number;
  /** 0-based z plane, when the geometry names one. */
  readonly plane?: number;
  /** Polygons, each a list of rings `[x0, y0, x1, y1, …]` (shell first, then holes). */
  readonly polygons: Float64Array[][];
}

export interface GeojsonContent {
  readonly objects: GeojsonObject[];
  readonly skipped: { name: string; reason: string }[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Past this the text itself would not fit in one JavaScript string. */
const MAX_TEXT = 512 * 2 ** 20;

export function parseGeojson(bytes: Uint8Array): GeojsonContent {
  if (bytes.length > MAX_TEXT) throw new Cp2ijError('limit', `GeoJSON of ${bytes.length} bytes is larger than cp2ij reads at once (512 MiB)`);
  let root: Json;
  try {
    root = JSON.parse(new TextDecoder('utf-8').decode(bytes)) as Json;
  } catch (e) {
    throw new Cp2ijError('bad-argument', `not valid JSON (${(e as Error).message})`);
  }
  const content: GeojsonContent = { objects: [], skipped: [] };
  const items = Array.isArray(root) ? root : isObject(root) && root.type === 'FeatureCollection' ? root.features : [root];
  if (!Array.isArray(items)) throw new Cp2ijError('bad-argument', 'a FeatureCollection without a "features" list');
  items.forEach((item, i) => readItem(item, i, content));
  return content;
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readItem(item: Json, index: number, content: GeojsonContent): void {
  if (!isObject(item)) {
    content.skipped.push({ name: `#${index + 1}`, reason: 'not a GeoJSON object' });
    return;
  }
  const isFeature = item.type === 'Feature';
  const properties = isFeature && isObject(item.properties) ? item.properties : {};
  const name = typeof properties.name === 'string' ? properties.name : '';
  const shown = name || `#${index + 1}`;
  const geometry = isFeature ? item.geometry : item;
  if (!isObject(geometry)) {
    content.skipped.push({ name: shown, reason: 'it has no geometry' });
    return;
  }
  const polygons: Float64Array[][] = [];
  const why = collectPolygons(geometry, polygons, 0);
  if (polygons.length === 0) {
    content.skipped.push({ name: shown, reason: why ?? 'it has no area' });
    return;
  }
  const plane = isObject(geometry.plane) && typeof geometry.plane.z === 'number' ? geometry.plane.z : undefined;
  if (plane !== undefined && !(Number.isInteger(plane) && plane >= 0)) {
    content.skipped.push({ name: shown, reason: `its plane z=${plane} is not a plane index` });
    return;
  }
  const measurements = properties.measurements;
  const stored = isObject(measurements) && typeof measurements.Label === 'number' && Number.isInteger(measurements.Label) && measurements.Label > 0 ? measurements.Label : undefined;
  content.objects.push({ name, storedLabel: stored, plane, polygons });
}

/** Polygons of a geometry into `out`; returns why there were none, if there were none. */
function collectPolygons(g: { [key: string]: Json }, out: Float64Array[][], depth: number): string | undefined {
  switch (g.type) {
    case 'Polygon':
      return addPolygon(g.coordinates, out);
    case 'MultiPolygon': {
      if (!Array.isArray(g.coordinates)) return 'a MultiPolygon without coordinates';
      let why: string | undefined;
      for (const p of g.coordinates) why = addPolygon(p, out) ?? why;
      return why;
    }
    case 'GeometryCollection': {
      if (!Array.isArray(g.geometries) || depth > 8) return 'an empty or too deeply nested GeometryCollection';
      let why: string | undefined;
      for (const member of g.geometries) if (isObject(member)) why = collectPolygons(member, out, depth + 1) ?? why;
      return why;
    }
    case 'Point':
    case 'MultiPoint':
      return 'a point has no area';
    case 'LineString':
    case 'MultiLineString':
      return 'a line has no area';
    default:
      return `geometry type ${JSON.stringify(g.type)} is not an area`;
  }
}

function addPolygon(coordinates: Json | undefined, out: Float64Array[][]): string | undefined {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 'a polygon without rings';
  const rings: Float64Array[] = [];
  let vertices = 0;
  for (const ring of coordinates) {
    if (!Array.isArray(ring) || ring.length < 3) return 'a polygon ring with fewer than three positions';
    vertices += ring.length;
    if (vertices > limits.vertices) throw new Cp2ijError('limit', `a polygon has more than ${limits.vertices} vertices (raise it with CP2IJ_LIMITS=vertices=…)`);
    const flat = new Float64Array(2 * ring.length);
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i];
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        return 'a position that is not two finite numbers';
      }
      if (Math.abs(p[0]) > MAX_COORDINATE || Math.abs(p[1]) > MAX_COORDINATE) return `a position beyond ±${MAX_COORDINATE} pixels, past any image`;
      flat[2 * i] = p[0];
      flat[2 * i + 1] = p[1];
    }
    rings.push(flat);
  }
  out.push(rings);
  return undefined;
}
