/**
 * ROIs → label masks → Cellpose outputs: the way back after editing in ImageJ.
 *
 * Labels. A ROI's label is the leading integer of its name (the RoiSet entry name, as the ROI Manager
 * lists it): `0042`, `42`, `42-z3` (the export's 3D names) all mean 42. ROIs without one (ImageJ's
 * `0123-0456`-style names start with a number too and keep it) get fresh ids after the largest
 * numbered label, in input order. ROIs with the same label are merged (their pixels unite).
 *
 * Planes (3D). A ROI lies on z-plane `z − 1` if its z is set, else `position − 1`, else the plane named
 * by a `-z<n>` suffix; a ROI with none of these applies to every plane, as ImageJ shows it on every slice.
 *
 * Overlaps between DIFFERENT labels (same-label overlaps are merges): `last` (default) — the later ROI
 * in input order wins, as ImageJ's own fills paint over each other; `first` — pixels already labelled
 * stay; `error` — the import fails naming both labels.
 *
 * `_cp_outlines.txt`: each non-empty line is one polygon `x,y,x,y,…` through pixel CENTRES (Cellpose's
 * outline of one label); line n (1-based) is label n, which is Cellpose's numbering when labels are
 * consecutive. Such polygons are filled INCLUSIVELY, the way `cv2.fillPoly` fills them: every pixel
 * on the polygon path plus every pixel whose centre is inside (even–odd). For Cellpose's own outlines
 * that gives back each label's pixels with its holes filled, which is what OpenCV gives too.
 */
import path from 'node:path';
import { Cp2ijError, attributeError } from '../core/errors.js';
import { type Masks, labelStats } from '../core/masks.js';
import type { Roi } from '../encode/roi-model.js';
import { isSkipped, shapeOfRoi, shapeSpans } from '../fill/index.js';
import { ProtectedPaths, parseFile, writeAtomic } from '../io/files.js';
import { PyNdArray } from '../read/pyvalue.js';
import { readRois } from '../read/roiset.js';
import { type CellposeSeg, parseSeg } from '../read/seg.js';
import { cellposeMaskFormat, labelPng, labelTiff } from '../write/label-image.js';
import { npyBytes } from '../write/npy.js';
import { segDict, segNpyBytes } from '../write/seg.js';

export type OverlapRule = 'last' | 'first' | 'error';

/** One area to paint: an ImageJ ROI, or a Cellpose centre-line polygon. */
export type ImportItem =
  | { readonly kind: 'roi'; readonly name: string; readonly roi: Roi }
  | { readonly kind: 'centre-polygon'; readonly name: string; readonly points: Int32Array; readonly label: number };

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
  readonly painted: number;
  /** Items that got a fresh id because their name has no leading number. */
  readonly freshIds: number;
  /** Pixels claimed by two different labels (resolved by the overlap rule). */
  readonly overlapPixels: number;
  /** Items without area (lines, points…) or outside the image, with why. */
  readonly skipped: { name: string; reason: string }[];
}

const LEADING_NUMBER = /^\d+/;
const Z_SUFFIX = /-z(\d+)$/;

/** Paint every item into new masks of `geometry`. */
export function importItems(items: readonly ImportItem[], geometry: ImportGeometry, overlap: OverlapRule = 'last'): ImportReport {
  const { width, height, depth } = geometry;
  if (width * height * depth > 2 ** 32) throw new Cp2ijError('limit', `masks of ${depth}×${height}×${width} are too large`);
  const labelOf = assignLabels(items);
  const data = new Uint32Array(width * height * depth);
  const painter = new Painter(data, width, height, overlap);
  const skipped: { name: string; reason: string }[] = [];
  let painted = 0;
  items.forEach((item, i) => {
    const planes = planesOf(item, geometry);
    if (planes.length === 0) {
      skipped.push({ name: item.name, reason: `its z position is outside the ${depth} planes` });
      return;
    }
    const label = labelOf[i]!;
    if (item.kind === 'roi') {
      const shape = shapeOfRoi(item.roi);
      if (isSkipped(shape)) {
        skipped.push({ name: item.name, reason: shape.skipped });
        return;
      }
      for (const z of planes) shapeSpans(shape, width, height, (y, x0, x1) => painter.span(z, y, x0, x1, label));
    } else {
      for (const z of planes) fillCentrePolygon(item.points, width, height, (y, x0, x1) => painter.span(z, y, x0, x1, label));
    }
    painted++;
  });
  const masks: Masks = { ...geometry, data };
  return {
    masks,
    labels: countLabels(data),
    painted,
    freshIds: items.filter((it) => it.kind === 'roi' && !numberedLabel(it.name)).length,
    overlapPixels: painter.overlaps,
    skipped,
  };
}

/** Numbered names keep their number; the others count on from the largest one. */
function assignLabels(items: readonly ImportItem[]): number[] {
  const numbered = items.map((it) => (it.kind === 'centre-polygon' ? it.label : numberedLabel(it.name)));
  let next = numbered.reduce<number>((m, v) => Math.max(m, v ?? 0), 0);
  return numbered.map((v) => {
    if (v !== undefined) return v;
    if (next >= 0xffffffff) throw new Cp2ijError('limit', 'no label left below 2^32 for unnumbered ROIs');
    return ++next;
  });
}

function numberedLabel(name: string): number | undefined {
  const m = LEADING_NUMBER.exec(name);
  if (!m) return undefined;
  const v = Number(m[0]);
  if (v === 0) return undefined;
  if (v > 0xffffffff) throw new Cp2ijError('bad-argument', `ROI "${name}": label ${m[0]} is larger than 4294967295`);
  return v;
}

function planesOf(item: ImportItem, g: ImportGeometry): number[] {
  if (!g.is3d) return [0];
  let z = 0;
  if (item.kind === 'roi') {
    const roi = item.roi;
    z = roi.z > 0 ? roi.z : roi.position > 0 && roi.c === 0 && roi.t === 0 ? roi.position : 0;
  }
  if (z === 0) z = Number(Z_SUFFIX.exec(item.name)?.[1] ?? 0);
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
  ) {}

  span(z: number, y: number, x0: number, x1: number, label: number): void {
    const data = this.data;
    const row = (z * this.height + y) * this.width;
    for (let i = row + x0; i < row + x1; i++) {
      const old = data[i]!;
      if (old === 0 || old === label) {
        data[i] = label;
        continue;
      }
      this.overlaps++;
      if (this.rule === 'error') {
        throw new Cp2ijError('bad-argument', `labels ${old} and ${label} overlap at x=${i - row}, y=${y}${this.data.length > this.width * this.height ? `, z=${z + 1}` : ''} (--overlap error)`);
      }
      if (this.rule === 'last') data[i] = label;
    }
  }
}

/**
 * cv2.fillPoly-style inclusive fill of a closed polygon through pixel centres: spans of pixels whose
 * centre is inside (even–odd, half-open in y) or on the path. Emits (y, x0, x1) with x1 exclusive,
 * clipped to the image.
 */
export function fillCentrePolygon(points: Int32Array, width: number, height: number, emit: (y: number, x0: number, x1: number) => void): void {
  const n = points.length >> 1;
  if (n === 0) return;
  let top = Infinity;
  let bottom = -Infinity;
  for (let i = 0; i < n; i++) {
    top = Math.min(top, points[2 * i + 1]!);
    bottom = Math.max(bottom, points[2 * i + 1]!);
  }
  top = Math.max(top, 0);
  bottom = Math.min(bottom, height - 1);
  const xs: number[] = [];
  for (let y = top; y <= bottom; y++) {
    xs.length = 0;
    const runs: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const ax = points[2 * i]!;
      const ay = points[2 * i + 1]!;
      const bx = points[2 * ((i + 1) % n)]!;
      const by = points[2 * ((i + 1) % n) + 1]!;
      // the path itself: the part of this edge on row y (edges are usually single 8-neighbour steps)
      if ((ay <= y && by >= y) || (by <= y && ay >= y)) {
        if (ay === by) runs.push([Math.min(ax, bx), Math.max(ax, bx)]);
        else {
          const x = ax + ((bx - ax) * (y - ay)) / (by - ay);
          runs.push([Math.floor(x + 0.5), Math.floor(x + 0.5)]);
        }
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

function countLabels(data: Uint32Array): number {
  const seen = new Set<number>();
  let prev = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== prev) {
      if (v !== 0) seen.add(v);
      prev = v;
    }
  }
  return seen.size;
}

/** `_cp_outlines.txt` text → one centre-line polygon per non-empty line, labelled by line number. */
export function parseOutlinesTxt(bytes: Uint8Array): ImportItem[] {
  const text = new TextDecoder('latin1').decode(bytes);
  const items: ImportItem[] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    const values = trimmed.split(',').map((s) => Number(s.trim()));
    if (values.length % 2 !== 0 || values.some((v) => !Number.isInteger(v))) {
      throw new Cp2ijError('bad-argument', `line ${i + 1} is not a list of integer x,y pairs`);
    }
    items.push({ kind: 'centre-polygon', name: `line ${i + 1}`, points: Int32Array.from(values), label: i + 1 });
  });
  return items;
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
}

/**
 * The format NEW's name asks for: `…_seg.npy` → Cellpose seg; `….png` / `….tif(f)` → that label image;
 * `…_cp_masks` without extension → PNG or TIFF as Cellpose chooses; other `….npy` → plain label array.
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

/** Read the inputs, paint them, write NEW (atomically, never over an input). */
export async function runImport(job: ImportJob): Promise<ImportSummary> {
  const protect = new ProtectedPaths();
  for (const f of job.inputs) protect.add(f);
  if (job.like) protect.add(job.like);
  const like = job.like ? await parseFile(job.like, parseSeg) : undefined;
  const geometry = like ? like.masks : job.shape;
  if (!geometry) throw new Cp2ijError('bad-argument', 'give the image size: --like ORIGINAL_seg.npy or --shape [Z,]Y,X');
  const items: ImportItem[] = [];
  for (const file of job.inputs) items.push(...(await parseFile(file, (bytes) => importItemsOf(bytes, file))));
  const report = importItems(items, geometry, job.overlap);
  const format = outputKind(job.out, report.masks);
  let bytes: Uint8Array;
  try {
    bytes = outputBytes(format, report.masks, like);
  } catch (e) {
    throw attributeError(e, job.out);
  }
  await writeAtomic(job.out, bytes, protect);
  const { width, height, depth, is3d } = report.masks;
  return {
    out: job.out,
    format,
    shape: is3d ? [depth, height, width] : [height, width],
    labels: report.labels,
    maxLabel: labelStats(report.masks).max,
    items: items.length,
    painted: report.painted,
    freshIds: report.freshIds,
    overlapPixels: report.overlapPixels,
    skipped: report.skipped,
  };
}

function importItemsOf(bytes: Uint8Array, file: string): ImportItem[] {
  if (file.toLowerCase().endsWith('.txt')) return parseOutlinesTxt(bytes);
  return readRois(bytes, file).map((it) => ({ kind: 'roi', name: it.label, roi: it.roi }));
}

function outputBytes(format: ImportOutputKind, masks: Masks, like: CellposeSeg | undefined): Uint8Array {
  switch (format) {
    case 'seg':
      return segNpyBytes(segDict(masks, { like }));
    case 'png':
      return labelPng(masks);
    case 'tif':
      return labelTiff(masks);
    case 'npy': {
      // the same width rule as the seg's masks
      const max = labelStats(masks).max;
      const shape = masks.is3d ? [masks.depth, masks.height, masks.width] : [masks.height, masks.width];
      return npyBytes(max < 65535 ? new PyNdArray('uint16', shape, Uint16Array.from(masks.data)) : new PyNdArray('uint32', shape, masks.data));
    }
  }
}
