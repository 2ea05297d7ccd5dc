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
 * `_cp_outlines.txt`: line n is label n's polygon through pixel centres (read/outlines-txt.ts), filled
 * inclusively as `cv2.fillPoly` does (fill/centre-polygon.ts).
 */
import path from 'node:path';
import { Cp2ijError, attributeError } from '../core/errors.js';
import { type Masks, labelStats } from '../core/masks.js';
import type { Roi } from '../encode/roi-model.js';
import { fillCentrePolygon } from '../fill/centre-polygon.js';
import { roiSpans } from '../fill/index.js';
import { ProtectedPaths, parseFile, readBytes, writeAtomic } from '../io/files.js';
import { PyNdArray } from '../read/pyvalue.js';
import { parseOutlinesTxt } from '../read/outlines-txt.js';
import { type RoiSetEntry, isZipBytes, readRois, roiSetEntries } from '../read/roiset.js';
import { type CellposeSeg, parseSeg } from '../read/seg.js';
import { cellposeMaskFormat, labelPng, labelTiff } from '../write/label-image.js';
import { npyBytes } from '../write/npy.js';
import { type LabelTable, segDict, segNpyChunks } from '../write/seg.js';
import { type SpanBatch, rasteriseInWorker } from './import-spans.js';

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
  /** The result's largest label and label set, when small enough to table (else undefined). */
  readonly labelTable?: LabelTable;
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
  const painting = new LabelPainting(geometry, overlap, items.map((it) => (it.kind === 'centre-polygon' ? it.label : numberedLabel(it.name))));
  items.forEach((item, i) => painting.paintItem(item, i));
  return painting.report();
}

/** New masks being painted item by item, in input order; items are told by their index. */
class LabelPainting {
  private readonly data: Uint32Array;
  private readonly painter: Painter;
  private readonly labelOf: number[];
  private readonly freshIds: number;
  private readonly skipped: { name: string; reason: string }[] = [];
  private painted = 0;

  /** `numbered[i]`: item i's label from its name, or undefined for a fresh id. */
  constructor(
    private readonly geometry: ImportGeometry,
    overlap: OverlapRule,
    numbered: readonly (number | undefined)[],
  ) {
    const { width, height, depth } = geometry;
    if (width * height * depth > 2 ** 32) throw new Cp2ijError('limit', `masks of ${depth}×${height}×${width} are too large`);
    this.labelOf = assignLabels(numbered);
    this.freshIds = numbered.filter((v) => v === undefined).length;
    this.data = new Uint32Array(width * height * depth);
    this.painter = new Painter(this.data, width, height, overlap);
  }

  paintItem(item: ImportItem, i: number): void {
    const { width, height, depth } = this.geometry;
    const planes = planesOf(item, this.geometry);
    if (planes.length === 0) {
      this.skipped.push({ name: item.name, reason: `its z position is outside the ${depth} planes` });
      return;
    }
    const label = this.labelOf[i]!;
    const painter = this.painter;
    if (item.kind === 'roi') {
      for (const z of planes) {
        const skip = roiSpans(item.roi, width, height, (y, x0, x1) => painter.span(z, y, x0, x1, label));
        if (skip) {
          this.skipped.push({ name: item.name, reason: skip.skipped });
          return;
        }
      }
    } else {
      for (const z of planes) fillCentrePolygon(item.points, width, height, (y, x0, x1) => painter.span(z, y, x0, x1, label));
    }
    this.painted++;
  }

  /** Items first… of a 2D import, rasterised elsewhere (see import-spans.ts); `names[i]` names item i. */
  paintBatch(batch: SpanBatch, names: readonly string[], first: number): void {
    const { starts, spans } = batch;
    let nextSkip = 0;
    for (let k = 0; k + 1 < starts.length; k++) {
      if (nextSkip < batch.skipped.length && batch.skipped[nextSkip]![0] === k) {
        this.skipped.push({ name: names[first + k]!, reason: batch.skipped[nextSkip++]![1] });
        continue;
      }
      const label = this.labelOf[first + k]!;
      for (let s = 3 * starts[k]!; s < 3 * starts[k + 1]!; s += 3) this.painter.span(0, spans[s]!, spans[s + 1]!, spans[s + 2]!, label);
      this.painted++;
    }
  }

  report(): ImportReport {
    const data = this.data;
    const labels = labelsIn(data, this.labelOf.reduce((m, v) => Math.max(m, v), 0));
    return {
      masks: { ...this.geometry, data },
      labels: labels.count,
      labelTable: labels.table,
      painted: this.painted,
      freshIds: this.freshIds,
      overlapPixels: this.painter.overlaps,
      skipped: this.skipped,
    };
  }
}

/** Numbered names keep their number; the others count on from the largest one. */
function assignLabels(numbered: readonly (number | undefined)[]): number[] {
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

/** Largest label for which the result's labels are tabled (beyond it a table would outweigh the pixels). */
const LABEL_TABLE_LIMIT = 1 << 24;

/** Which labels the painted masks hold, in one pass; labels from the assignment bound the table. */
function labelsIn(data: Uint32Array, maxAssigned: number): { count: number; table?: LabelTable } {
  if (maxAssigned > LABEL_TABLE_LIMIT && maxAssigned > data.length) {
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i++) if (data[i] !== 0) seen.add(data[i]!);
    return { count: seen.size };
  }
  const present = new Uint8Array(maxAssigned + 1);
  let prev = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== prev) {
      present[v] = 1;
      prev = v;
    }
  }
  present[0] = 0;
  let count = 0;
  let max = 0;
  for (let v = 1; v <= maxAssigned; v++) {
    if (present[v]) {
      count++;
      max = v;
    }
  }
  return { count, table: { max, present: present.subarray(0, max + 1) } };
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
  const { report, items } = await readAndPaint(job.inputs, geometry, job.overlap ?? 'last');
  const format = outputKind(job.out, report.masks);
  let chunks: Uint8Array[];
  try {
    chunks = outputChunks(format, report, like);
  } catch (e) {
    throw attributeError(e, job.out);
  }
  await writeAtomic(job.out, chunks, protect);
  const { width, height, depth, is3d } = report.masks;
  return {
    out: job.out,
    format,
    shape: is3d ? [depth, height, width] : [height, width],
    labels: report.labels,
    maxLabel: report.labelTable?.max ?? labelStats(report.masks).max,
    items,
    painted: report.painted,
    freshIds: report.freshIds,
    overlapPixels: report.overlapPixels,
    skipped: report.skipped,
  };
}

/** Below this many ROIs a worker thread's start-up outweighs the half of the work it takes over. */
const PARALLEL_MIN_ROIS = 20_000;
/** The worker's share of the entries: more than half, as the main thread also paints the worker's spans. */
const WORKER_SHARE = 0.6;

/** Read and paint the inputs; a single large 2D RoiSet is split with a worker thread. */
async function readAndPaint(inputs: readonly string[], geometry: ImportGeometry, overlap: OverlapRule): Promise<{ report: ImportReport; items: number }> {
  const file = inputs[0]!;
  if (inputs.length === 1 && !geometry.is3d && !file.toLowerCase().endsWith('.txt')) {
    const bytes = await readBytes(file);
    let entries: RoiSetEntry[] | undefined;
    try {
      entries = isZipBytes(bytes) ? roiSetEntries(bytes) : undefined;
    } catch (e) {
      throw attributeError(e, file);
    }
    if (entries && entries.length >= PARALLEL_MIN_ROIS) return { report: await paintWithWorker(file, bytes, entries, geometry, overlap), items: entries.length };
  }
  const items: ImportItem[] = [];
  for (const f of inputs) items.push(...(await parseFile(f, (b) => readImportItems(b, f))));
  return { report: importItems(items, geometry, overlap), items: items.length };
}

/**
 * The main thread decodes and paints the first entries while a worker rasterises the rest; their spans
 * are painted afterwards in input order. Errors come out as a serial import's would: decoding errors
 * in entry order, before any overlap error.
 */
async function paintWithWorker(file: string, bytes: Uint8Array, entries: RoiSetEntry[], geometry: ImportGeometry, overlap: OverlapRule): Promise<ImportReport> {
  const split = Math.floor(entries.length * (1 - WORKER_SHARE));
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  const worker = rasteriseInWorker({ bytes: shared, from: split, to: entries.length, width: geometry.width, height: geometry.height });
  const workerError = worker.batch.then(
    () => undefined,
    (e: unknown) => e,
  );
  const names = entries.map((e) => e.label);
  try {
    const head = entries.slice(0, split).map((e) => e.decode());
    const painting = new LabelPainting(geometry, overlap, names.map(numberedLabel));
    try {
      head.forEach((roi, i) => painting.paintItem({ kind: 'roi', name: names[i]!, roi }, i));
    } catch (paintError) {
      throw (await workerError) ?? paintError;
    }
    painting.paintBatch(await worker.batch, names, split);
    return painting.report();
  } catch (e) {
    worker.stop();
    throw attributeError(e, file);
  }
}

/** A RoiSet .zip, a lone .roi or a _cp_outlines.txt (told by the file name) → items to paint. */
export function readImportItems(bytes: Uint8Array, file: string): ImportItem[] {
  if (file.toLowerCase().endsWith('.txt')) {
    return parseOutlinesTxt(bytes).map((p) => ({ kind: 'centre-polygon', name: `line ${p.label}`, points: p.points, label: p.label }));
  }
  return readRois(bytes, file).map((it) => ({ kind: 'roi', name: it.label, roi: it.roi }));
}

/** The output file as chunks written in sequence (the seg's big arrays are never joined into one buffer). */
function outputChunks(format: ImportOutputKind, report: ImportReport, like: CellposeSeg | undefined): Uint8Array[] {
  const masks = report.masks;
  switch (format) {
    case 'seg':
      return segNpyChunks(segDict(masks, { like, labels: report.labelTable }));
    case 'png':
      return [labelPng(masks)];
    case 'tif':
      return [labelTiff(masks)];
    case 'npy': {
      // the same width rule as the seg's masks
      const max = report.labelTable?.max ?? labelStats(masks).max;
      const shape = masks.is3d ? [masks.depth, masks.height, masks.width] : [masks.height, masks.width];
      return [npyBytes(max < 65535 ? new PyNdArray('uint16', shape, Uint16Array.from(masks.data)) : new PyNdArray('uint32', shape, masks.data))];
    }
  }
}
