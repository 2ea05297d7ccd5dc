/**
 * Painting import items into new masks, exactly as ImageJ fills ROIs (src/fill), with the overlap rule,
 * and counting what the report must name: skipped, clipped, flattened and merged items.
 *
 * Planes (3D). A ROI lies on z-plane `z − 1` if its z is set, else `position − 1`, else the plane named
 * by a `-z<n>` suffix; a ROI with none of these applies to every plane, as ImageJ shows it on every slice.
 *
 * Overlaps between DIFFERENT labels (same-label overlaps are merges): `last` (default) — the later ROI
 * in input order wins, as ImageJ's own fills paint over each other; `first` — pixels already labelled
 * stay; `error` — the import fails naming both labels.
 */
import { Cp2ijError } from '../core/errors.js';
import { checkPixels } from '../core/limits.js';
import type { Masks } from '../core/masks.js';
import { PathOp } from '../encode/roi-model.js';
import { fillCentrePolygon } from '../fill/centre-polygon.js';
import { type ShapeSegment, roiSpans, shapeSpans } from '../fill/index.js';
import type { LabelTable } from '../write/seg.js';
import type { ImportItem } from './import-items.js';
import { assignLabels, ownPlane } from './import-labels.js';

export type OverlapRule = 'last' | 'first' | 'error';

export interface ImportGeometry {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly is3d: boolean;
}

export interface ImportReport {
  readonly masks: Masks;
  /** Distinct labels in the result. */
  readonly labels: number;
  /** The result's largest label (0 when empty). */
  readonly maxLabel: number;
  /** The result's largest label and label set, when small enough to table (else undefined). */
  readonly labelTable?: LabelTable;
  readonly painted: number;
  /** Items that got a fresh id because their name has no leading number. */
  readonly freshIds: number;
  /** Pixels claimed by two different labels (resolved by the overlap rule). */
  readonly overlapPixels: number;
  /** Items without area (lines, points…) or outside the image, with why. */
  readonly skipped: { name: string; reason: string }[];
  /** Items that reach beyond the image and were cut to it. */
  readonly clipped: string[];
  /** Items placed on a z plane of their own, painted onto a 2D target. */
  readonly flattened: string[];
  /** Labels painted by more than one item (their areas merged), with the items' names. */
  readonly merged: { label: number; names: string[] }[];
}

/** Paint every item into new masks of `geometry` (in `memory` when given: zeroed, large enough). */
export function importItems(items: readonly ImportItem[], geometry: ImportGeometry, overlap: OverlapRule = 'last', memory?: ArrayBufferLike): ImportReport {
  const { width, height, depth } = geometry;
  checkPixels(width, height, depth, 4, 'label image to import into');
  const { labelOf, maxAssigned, freshIds } = assignLabels(items);
  const data = memory ? new Uint32Array(memory, 0, width * height * depth) : new Uint32Array(width * height * depth);
  const painter = new Painter(data, width, height, overlap, tableFits(maxAssigned, data.length) ? new Uint32Array(maxAssigned + 1) : undefined);
  const skipped: { name: string; reason: string }[] = [];
  const clipped: string[] = [];
  const flattened: string[] = [];
  // the first item per label and plane: a second one on that plane is a merge (one per plane is how 3D ROIs come)
  const firstOnPlane = new Map<number, string>();
  const mergedNames = new Map<number, string[]>();
  let painted = 0;
  items.forEach((item, i) => {
    if (item.kind === 'unusable') {
      skipped.push({ name: item.name, reason: item.reason });
      return;
    }
    const planes = planesOf(item, geometry);
    if (!geometry.is3d && item.kind === 'roi' && ownPlane(item) > 1) flattened.push(item.name);
    if (planes.length === 0) {
      skipped.push({ name: item.name, reason: `its z position is outside the ${depth} planes` });
      return;
    }
    const label = labelOf[i]!;
    let covered = 0;
    if (item.kind === 'roi') {
      for (const z of planes) {
        const skip = roiSpans(item.roi, width, height, (y, x0, x1) => {
          covered += x1 - x0;
          painter.span(z, y, x0, x1, label);
        });
        if (skip) {
          skipped.push({ name: item.name, reason: skip.skipped });
          return;
        }
      }
    } else if (item.kind === 'geometry') {
      for (const z of planes) {
        for (const polygon of item.object.polygons) {
          // each polygon even–odd over its shell and holes, by pixel centres; the polygons of a MultiPolygon add up
          shapeSpans({ kind: 'path', segments: polygonPath(polygon) }, width, height, (y, x0, x1) => {
            covered += x1 - x0;
            painter.span(z, y, x0, x1, label);
          });
        }
      }
    } else {
      for (const z of planes) {
        fillCentrePolygon(item.points, width, height, (y, x0, x1) => {
          covered += x1 - x0;
          painter.span(z, y, x0, x1, label);
        });
      }
    }
    if (covered === 0) {
      skipped.push({ name: item.name, reason: `it covers no pixel of the ${width}×${height} image (it lies outside it, or is too thin to hold a pixel centre)` });
      return;
    }
    if (reachesBeyond(item, width, height)) clipped.push(item.name);
    for (const z of planes) {
      const key = label * depth + z;
      const first = firstOnPlane.get(key);
      if (first === undefined) firstOnPlane.set(key, item.name);
      else {
        const names = mergedNames.get(label) ?? [first];
        if (!names.includes(item.name)) names.push(item.name);
        mergedNames.set(label, names);
      }
    }
    painted++;
  });
  const masks: Masks = { ...geometry, data };
  const labels = painter.pixelsOf ? labelsCounted(painter.pixelsOf) : labelsIn(data);
  return {
    masks,
    labels: labels.count,
    maxLabel: labels.max,
    labelTable: labels.table,
    painted,
    freshIds,
    overlapPixels: painter.overlaps,
    skipped,
    clipped,
    flattened,
    merged: [...mergedNames].map(([label, names]) => ({ label, names })),
  };
}

/** Whether an item's outline extends past the image (its pixels were cut to it). */
function reachesBeyond(item: Exclude<ImportItem, { kind: 'unusable' }>, width: number, height: number): boolean {
  if (item.kind === 'roi') {
    const r = item.roi;
    return r.left < 0 || r.top < 0 || r.right > width || r.bottom > height;
  }
  const beyond = (xy: ArrayLike<number>, limitX: number, limitY: number) => {
    for (let i = 0; i + 1 < xy.length; i += 2) if (xy[i]! < 0 || xy[i + 1]! < 0 || xy[i]! > limitX || xy[i + 1]! > limitY) return true;
    return false;
  };
  // pixel-centre polygons may reach width − 1; pixel-edge geometry may reach width
  if (item.kind === 'centre-polygon') return beyond(item.points, width - 1, height - 1);
  return item.object.polygons.some((p) => p.some((ring) => beyond(ring, width, height)));
}

function planesOf(item: Exclude<ImportItem, { kind: 'unusable' }>, g: ImportGeometry): number[] {
  if (item.kind === 'geometry') {
    // QuPath's plane: z 0-based, absent = the first plane
    const z = item.object.plane ?? 0;
    return z < g.depth ? [z] : [];
  }
  if (!g.is3d) return [0];
  const z = ownPlane(item);
  if (z === 0) return Array.from({ length: g.depth }, (_, i) => i);
  return z <= g.depth ? [z - 1] : [];
}

/** One GeoJSON polygon (shell and holes, flat x/y rings) as a closed path of straight segments. */
function polygonPath(rings: readonly Float64Array[]): ShapeSegment[] {
  const segments: ShapeSegment[] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) segments.push({ op: i === 0 ? PathOp.MOVETO : PathOp.LINETO, coords: [ring[i]!, ring[i + 1]!] });
    segments.push({ op: PathOp.CLOSE, coords: [] });
  }
  return segments;
}

/** Writes label runs under the overlap rule, counting pixels two different labels claim. */
class Painter {
  overlaps = 0;

  constructor(
    private readonly data: Uint32Array,
    private readonly width: number,
    private readonly height: number,
    private readonly rule: OverlapRule,
    /** Pixels each label holds, kept up to date as spans are painted (undefined: labels too wide to table). */
    readonly pixelsOf: Uint32Array | undefined,
  ) {}

  span(z: number, y: number, x0: number, x1: number, label: number): void {
    const data = this.data;
    const pixelsOf = this.pixelsOf;
    const row = (z * this.height + y) * this.width;
    let gained = 0;
    for (let i = row + x0; i < row + x1; i++) {
      const old = data[i]!;
      if (old === 0) {
        data[i] = label;
        gained++;
        continue;
      }
      if (old === label) continue;
      this.overlaps++;
      if (this.rule === 'error') {
        throw new Cp2ijError('bad-argument', `labels ${old} and ${label} overlap at x=${i - row}, y=${y}${this.data.length > this.width * this.height ? `, z=${z + 1}` : ''} (--overlap error)`);
      }
      if (this.rule === 'last') {
        data[i] = label;
        gained++;
        if (pixelsOf) pixelsOf[old]!--;
      }
    }
    if (pixelsOf) pixelsOf[label]! += gained;
  }
}

/** Largest label for which the result's labels are tabled (beyond it a table would outweigh the pixels). */
const LABEL_TABLE_LIMIT = 1 << 24;

/** Whether labels up to `maxLabel` are tabled (per-label counts) rather than collected in a set. */
function tableFits(maxLabel: number, pixels: number): boolean {
  return maxLabel <= LABEL_TABLE_LIMIT || maxLabel <= pixels;
}

/** Labels from the painter's per-label pixel counts (a label painted over entirely is gone). */
function labelsCounted(pixelsOf: Uint32Array): { count: number; max: number; table: LabelTable } {
  const present = new Uint8Array(pixelsOf.length);
  let count = 0;
  let max = 0;
  for (let v = 1; v < pixelsOf.length; v++) {
    if (pixelsOf[v]! > 0) {
      present[v] = 1;
      count++;
      max = v;
    }
  }
  return { count, max, table: { max, present: present.subarray(0, max + 1) } };
}

/** Labels by looking at every pixel, for label ranges too wide for a table. */
function labelsIn(data: Uint32Array): { count: number; max: number; table?: LabelTable } {
  const seen = new Set<number>();
  let max = 0;
  let prev = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== prev && v !== 0) {
      seen.add(v);
      if (v > max) max = v;
    }
    prev = v;
  }
  return { count: seen.size, max };
}

