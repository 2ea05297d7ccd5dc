/**
 * What `import` paints, read from bytes: ImageJ ROIs (a RoiSet .zip or a lone .roi), Cellpose's
 * `_cp_outlines.txt` centre-line polygons, and GeoJSON objects (QuPath's or cp2ij's).
 */
import { type GeojsonObject, parseGeojson } from '../read/geojson.js';
import { parseOutlinesTxt } from '../read/outlines-txt.js';
import { readRois } from '../read/roiset.js';
import type { Roi } from '../encode/roi-model.js';

/** One area to paint: an ImageJ ROI, or a Cellpose centre-line polygon. */
export type ImportItem =
  | { readonly kind: 'roi'; readonly name: string; readonly roi: Roi }
  | { readonly kind: 'centre-polygon'; readonly name: string; readonly points: Int32Array; readonly label: number }
  | { readonly kind: 'geometry'; readonly name: string; readonly object: GeojsonObject }
  /** An input object that cannot be painted (a GeoJSON point or line…), kept so the report names it. */
  | { readonly kind: 'unusable'; readonly name: string; readonly reason: string };

/** A RoiSet .zip, a lone .roi, a _cp_outlines.txt or a GeoJSON file (told by the file name) → items to paint. */
export function readImportItems(bytes: Uint8Array, file: string): ImportItem[] {
  if (/\.(geo)?json$/i.test(file)) {
    const { objects, skipped } = parseGeojson(bytes);
    return [
      ...objects.map((object, i): ImportItem => ({ kind: 'geometry', name: object.name || `#${i + 1}`, object })),
      ...skipped.map((s): ImportItem => ({ kind: 'unusable', name: s.name, reason: s.reason })),
    ];
  }
  if (file.toLowerCase().endsWith('.txt')) {
    return parseOutlinesTxt(bytes).map((p) => ({ kind: 'centre-polygon', name: `line ${p.label}`, points: p.points, label: p.label }));
  }
  return readRois(bytes, file).map((it) => ({ kind: 'roi', name: it.label, roi: it.roi }));
}

