/**
 * ROIs → label masks → Cellpose outputs: the way back after editing in ImageJ.
 *
 * Labels. A ROI's label is the leading integer of its name (the RoiSet entry name, as the ROI Manager
 * lists it): `0042`, `42`, `42-z3` (the export's 3D names) all mean 42. ROIs without one get fresh ids
 * after the largest numbered label, in input order — and so do ROIs with the names ImageJ makes up for
 * cells drawn by hand (`0123-0456`, `0002-0123-0456`: coordinates, not labels), so that new cells drawn
 * in Fiji become new labels instead of merging by accident. ROIs with the same label are merged.
 *
 * Planes (3D). A ROI lies on z-plane `z − 1` if its z is set, else `position − 1`, else the plane named
 * by a `-z<n>` suffix; a ROI with none of these applies to every plane, as ImageJ shows it on every slice.
 *
 * Overlaps between DIFFERENT labels (same-label overlaps are merges): `last` (default) — the later ROI
 * in input order wins, as ImageJ's own fills paint over each other; `first` — pixels already labelled
 * stay; `error` — the import fails naming both labels.
 *
 * `_cp_outlines.txt`: line n is label n's polygon through pixel centres (read/outlines-txt.ts), filled
 * inclusively as `cv2.fillPoly` does (fill/centre-polygon.ts).
 */
import path from 'node:path';
import { Cp2ijError, attributeError } from '../core/errors.js';
import { checkPixels } from '../core/limits.js';
import { namesText } from './import-names.js';
import type { Masks } from '../core/masks.js';
import { prepareMemory } from '../core/prefault.js';
import type { Roi } from '../encode/roi-model.js';
import { fillCentrePolygon } from '../fill/centre-polygon.js';
import { type ShapeSegment, roiSpans, shapeSpans } from '../fill/index.js';
import { PathOp } from '../encode/roi-model.js';
import { type GeojsonObject, parseGeojson } from '../read/geojson.js';
import { ProtectedPaths, parseFile, writeAtomic } from '../io/files.js';
import { OwnedOutputs } from '../io/ownership.js';
import { parseOutlinesTxt } from '../read/outlines-txt.js';
import { readRois } from '../read/roiset.js';
import { loadInput } from '../read/input.js';
import type { CellposeSeg } from '../read/seg.js';
import { cellposeMaskFormat, labelPng, labelTiff } from '../write/label-image.js';
import { npyBytes } from '../write/npy.js';
import { type LabelTable, labelArray, segDict, segNpyChunks } from '../write/seg.js';

export type OverlapRule = 'last' | 'first' | 'error';

/** One area to paint: an ImageJ ROI, or a Cellpose centre-line polygon. */
export type ImportItem =
  | { readonly kind: 'roi'; readonly name: string; readonly roi: Roi }
  | { readonly kind: 'centre-polygon'; readonly name: string; readonly points: Int32Array; readonly label: number }
  | { readonly kind: 'geometry'; readonly name: string; readonly object: GeojsonObject }
  /** An input object that cannot be painted (a GeoJSON point or line…), kept so the report names it. */
  | { readonly kind: 'unusable'; readonly name: string; readonly reason: string };

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

const LEADING_NUMBER = /^\d+/;
const UNUSED = -1;
const Z_SUFFIX = /-z(\d+)$/;

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

/** The 1-based plane an item names of its own (a ROI's z, else its plain position; else a `-z<n>` name suffix), 0 if none. */
function ownPlane(item: Extract<ImportItem, { kind: 'roi' | 'centre-polygon' }>): number {
  let z = 0;
  if (item.kind === 'roi') {
    const roi = item.roi;
    z = roi.z > 0 ? roi.z : roi.position > 0 && roi.c === 0 && roi.t === 0 ? roi.position : 0;
  }
  return z > 0 ? z : Number(Z_SUFFIX.exec(item.name)?.[1] ?? 0);
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

/** Numbered names keep their number; the others (`freshIds` of them) count on from the largest one, up to `maxAssigned`. */
function assignLabels(items: readonly ImportItem[]): { labelOf: number[]; maxAssigned: number; freshIds: number } {
  // unusable items take no id: UNUSED marks them
  const numbered = items.map((it) =>
    it.kind === 'centre-polygon' ? it.label : it.kind === 'unusable' ? UNUSED : it.kind === 'geometry' ? (numberedLabel(it.name) ?? it.object.storedLabel) : numberedLabel(it.name),
  );
  let largest = 0;
  for (const v of numbered) if (v !== undefined && v > largest) largest = v;
  let next = largest;
  const labelOf = numbered.map((v) => {
    if (v === UNUSED) return 0;
    if (v !== undefined) return v;
    if (next >= 0xffffffff) throw new Cp2ijError('limit', 'no label left below 2^32 for unnumbered ROIs');
    return ++next;
  });
  return { labelOf, maxAssigned: next, freshIds: next - largest };
}

function numberedLabel(name: string): number | undefined {
  if (isImageJAutoName(name)) return undefined;
  const m = LEADING_NUMBER.exec(name);
  if (!m) return undefined;
  const v = Number(m[0]);
  if (v === 0) return undefined;
  if (v > 0xffffffff) throw new Cp2ijError('bad-argument', `ROI "${name}": label ${m[0]} is larger than 4294967295`);
  return v;
}

/**
 * ImageJ's own names for ROIs added without one (`yyyy-xxxx`, `ssss-yyyy-xxxx`, 4 or 5 digits each),
 * recognised by ImageJ's rule: 9 characters or more, a leading digit, a dash at index 4 or 5 followed by a digit.
 */
function isImageJAutoName(name: string): boolean {
  if (name.length < 9 || !/^\d/.test(name)) return false;
  const dash = name[4] === '-' ? 4 : name[5] === '-' ? 5 : -1;
  return dash > 0 && /\d/.test(name[dash + 1] ?? '');
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

export type ImportOutputKind = 'seg' | 'png' | 'tif' | 'npy';

export interface ImportJob {
  /** RoiSet .zip, .roi or _cp_outlines.txt files, painted in this order. */
  readonly inputs: readonly string[];
  /** Output file; its name picks the format (see outputKind). */
  readonly out: string;
  /** The _seg.npy the ROIs came from: gives the image size and the keys to keep. */
  readonly like?: string;
  /** The image size when there is no original. */
  readonly shape?: ImportGeometry;
  readonly overlap?: OverlapRule;
  /** Text in front of the label in the ROI names (export's `--prefix`), removed before the label is read. */
  readonly prefix?: string;
  /** Replace an output that cp2ij did not write or that was edited since (kept otherwise). */
  readonly overwrite?: boolean;
  /** Allow ROIs that reach beyond the target (cut to it); without it such an import fails. */
  readonly clip?: boolean;
  /** Allow ROIs placed on z planes to be painted onto a 2D target; without it such an import fails. */
  readonly flatten?: boolean;
  /** Keep the ROIs' label ids in a `_seg.npy` instead of renumbering them 1…N. */
  readonly keepLabels?: boolean;
}

export interface ImportSummary {
  readonly out: string;
  readonly format: ImportOutputKind;
  readonly shape: number[];
  readonly labels: number;
  readonly maxLabel: number;
  readonly items: number;
  readonly painted: number;
  readonly freshIds: number;
  readonly overlapPixels: number;
  readonly skipped: { name: string; reason: string }[];
  readonly clipped: string[];
  readonly flattened: string[];
  readonly merged: { label: number; names: string[] }[];
  /** `_seg.npy` only: labels renumbered to 1…N, as [from, to] pairs (empty with --keep-labels or when already 1…N). */
  readonly relabelled: [number, number][];
}

/**
 * The format NEW's name asks for: `…_seg.npy` → Cellpose seg; `….png` / `….tif(f)` → that label image;
 * `…_cp_masks` without extension → PNG or TIFF as Cellpose chooses (and that extension is added);
 * other `….npy` → plain label array.
 */
export function outputKind(out: string, masks: Masks): ImportOutputKind {
  const name = path.basename(out).toLowerCase();
  if (name.endsWith('_seg.npy')) return 'seg';
  if (name.endsWith('.npy')) return 'npy';
  if (name.endsWith('.png')) return 'png';
  if (name.endsWith('.tif') || name.endsWith('.tiff')) return 'tif';
  if (name.endsWith('_cp_masks')) return cellposeMaskFormat(masks);
  throw new Cp2ijError('bad-argument', `--out ${out}: end it in _seg.npy, .npy, .png, .tif or _cp_masks`);
}

/** `[Z,]Y,X` → geometry. */
export function parseShapeOption(text: string): ImportGeometry {
  const dims = text.split(',').map((s) => Number(s.trim()));
  if ((dims.length !== 2 && dims.length !== 3) || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Cp2ijError('bad-argument', `--shape "${text}" is not Y,X or Z,Y,X in positive integers`);
  }
  const [depth, height, width] = dims.length === 3 ? dims : [1, ...dims];
  return { width: width!, height: height!, depth: depth!, is3d: dims.length === 3 };
}

/** The --like original: read lazily (its flows are read only when the new seg is written). */
async function originalSeg(file: string): Promise<CellposeSeg> {
  const input = await loadInput(file);
  if (!input.seg) throw new Cp2ijError('bad-argument', `--like needs a Cellpose _seg.npy, not a ${input.kind} label image`, file);
  return input.seg;
}

/** Read the inputs, paint them, write NEW (atomically, never over an input). */
export async function runImport(job: ImportJob): Promise<ImportSummary> {
  const protect = new ProtectedPaths();
  for (const f of job.inputs) protect.add(f);
  if (job.like) protect.add(job.like);
  const owned = new OwnedOutputs(Boolean(job.overwrite));
  // a bare NAME_cp_masks may become .png or .tif: both are checked before any work is done
  for (const target of /_cp_masks$/i.test(job.out) ? [`${job.out}.png`, `${job.out}.tif`] : [job.out]) await owned.check(target);
  const like = job.like ? await originalSeg(job.like) : undefined;
  const geometry = like ? like.masks : job.shape;
  if (!geometry) throw new Cp2ijError('bad-argument', 'give the image size: --like ORIGINAL_seg.npy or --shape [Z,]Y,X');
  // The masks and the recomputed outlines are big fresh arrays: a worker pages their memory in while the
  // ROIs are read and decoded.
  const pixels = geometry.width * geometry.height * geometry.depth;
  checkPixels(geometry.width, geometry.height, geometry.depth, /_seg\.npy$/i.test(job.out) ? 8 : 4, 'label image to import into');
  const masksMemory = prepareMemory(4 * pixels);
  const outlinesMemory = /_seg\.npy$/i.test(job.out) ? prepareMemory(4 * pixels) : undefined;
  const items: ImportItem[] = [];
  for (const file of job.inputs) {
    // one by one: a spread of a million items would overflow the call stack
    for (const item of await parseFile(file, (bytes) => readImportItems(bytes, file))) items.push(item);
  }
  const prefix = job.prefix;
  if (prefix) for (const [i, it] of items.entries()) if (it.name.startsWith(prefix)) items[i] = { ...it, name: it.name.slice(prefix.length) };
  await masksMemory.ready;
  const report = importItems(items, geometry, job.overlap, masksMemory.buffer);
  if (report.flattened.length > 0 && !job.flatten) {
    throw new Cp2ijError('bad-argument', `${report.flattened.length} ROI(s) lie on z planes but the target is 2D (${namesText(report.flattened)}); import onto a stack (--like a 3D seg, --shape Z,Y,X) or give --flatten to paint them all on one plane; nothing written`, job.inputs.join(', '));
  }
  if (report.clipped.length > 0 && !job.clip) {
    throw new Cp2ijError('bad-argument', `${report.clipped.length} ROI(s) reach beyond the ${geometry.width}×${geometry.height} image (${namesText(report.clipped)}): a RoiSet for a larger image? Give --clip to cut them to it; nothing written`, job.inputs.join(', '));
  }
  if (report.painted === 0 && items.length > 0) {
    const first = report.skipped[0];
    throw new Cp2ijError('bad-argument', `none of the ${items.length} ROI(s) fills a pixel${first ? ` (${JSON.stringify(first.name)}: ${first.reason})` : ''}; nothing written`, job.inputs.join(', '));
  }
  const format = outputKind(job.out, report.masks);
  // a bare NAME_cp_masks gets the extension of the format Cellpose chose
  const out = /_cp_masks$/i.test(job.out) ? `${job.out}.${format}` : job.out;
  await outlinesMemory?.ready;
  let chunks: Uint8Array[];
  const relabelled: [number, number][] = [];
  try {
    chunks = outputChunks(format, report, like, outlinesMemory?.buffer, job.keepLabels ? undefined : (from, to) => relabelled.push([from, to]));
  } catch (e) {
    throw attributeError(e, out);
  }
  await writeAtomic(out, chunks, protect);
  await owned.record(out);
  const { width, height, depth, is3d } = report.masks;
  return {
    out,
    format,
    shape: is3d ? [depth, height, width] : [height, width],
    labels: report.labels,
    maxLabel: report.maxLabel,
    items: items.length,
    painted: report.painted,
    freshIds: report.freshIds,
    overlapPixels: report.overlapPixels,
    skipped: report.skipped,
    clipped: report.clipped,
    flattened: report.flattened,
    merged: report.merged,
    relabelled,
  };
}


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

/** One GeoJSON polygon (shell and holes, flat x/y rings) as a closed path of straight segments. */
function polygonPath(rings: readonly Float64Array[]): ShapeSegment[] {
  const segments: ShapeSegment[] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) segments.push({ op: i === 0 ? PathOp.MOVETO : PathOp.LINETO, coords: [ring[i]!, ring[i + 1]!] });
    segments.push({ op: PathOp.CLOSE, coords: [] });
  }
  return segments;
}

/** The output file as chunks written in sequence (the seg's big arrays are never joined into one buffer). */
function outputChunks(format: ImportOutputKind, report: ImportReport, like: CellposeSeg | undefined, outlinesMemory?: ArrayBufferLike, onRelabel?: (from: number, to: number) => void): Uint8Array[] {
  const masks = report.masks;
  switch (format) {
    case 'seg':
      return segNpyChunks(segDict(masks, { like, labels: report.labelTable, outlinesMemory, consecutive: onRelabel !== undefined, onRelabel }));
    case 'png':
      return [labelPng(masks)];
    case 'tif':
      return [labelTiff(masks)];
    case 'npy':
      return [npyBytes(labelArray(masks, masks.data, report.maxLabel))];
  }
}
