/**
 * `import` as a pure job: ROIs, outlines text or GeoJSON (as bytes) → label masks → the Cellpose output
 * the name NEW asks for, as bytes. The stages: reading items (import-items.ts), choosing labels
 * (import-labels.ts), painting (import-paint.ts), the output format (import-output.ts). The CLI runs it
 * on files through src/node/import.ts; the web page on dropped files.
 *
 * `_cp_outlines.txt`: line n is label n's polygon through pixel centres (read/outlines-txt.ts), filled
 * inclusively as `cv2.fillPoly` does (fill/centre-polygon.ts).
 */
import { Cp2ijError, attributeError } from '../core/errors.js';
import { checkPixels } from '../core/limits.js';
import type { OutputFile } from '../core/output.js';
import type { CellposeSeg } from '../read/seg.js';
import { type ImportItem, readImportItems } from './import-items.js';
import { namesText } from './import-names.js';
import { type ImportOutputKind, outputChunks, outputKind } from './import-output.js';
import { type ImportGeometry, type OverlapRule, importItems } from './import-paint.js';

export interface ImportSource {
  /** File name (or path): its extension says what it holds (.zip/.roi, .txt, .geojson/.json); errors name it. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ImportJobOptions {
  /** Output name (or path); it picks the format (see outputKind). */
  readonly out: string;
  /** The _seg.npy the ROIs came from: gives the image size and the keys to keep. */
  readonly like?: CellposeSeg;
  /** The image size when there is no original. */
  readonly shape?: ImportGeometry;
  readonly overlap?: OverlapRule;
  /** Text in front of the label in the ROI names (export's `--prefix`), removed before the label is read. */
  readonly prefix?: string;
  /** Allow ROIs that reach beyond the target (cut to it); without it such an import fails. */
  readonly clip?: boolean;
  /** Allow ROIs placed on z planes to be painted onto a 2D target; without it such an import fails. */
  readonly flatten?: boolean;
  /** Keep the ROIs' label ids in a `_seg.npy` instead of renumbering them 1…N. */
  readonly keepLabels?: boolean;
  /**
   * Zeroed memory for the masks and, for a `_seg.npy`, the recomputed outlines (4 bytes a pixel each);
   * Node pages it in on a worker while the items are read. Default: plain new arrays.
   */
  readonly memory?: { readonly masks: Promise<ArrayBufferLike>; readonly outlines?: Promise<ArrayBufferLike> };
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

export interface ImportResult {
  readonly output: OutputFile;
  readonly summary: ImportSummary;
}

/** Read the sources, paint them, and give the output (nothing is written when a check fails). */
export async function importJob(sources: readonly ImportSource[], job: ImportJobOptions): Promise<ImportResult> {
  const like = job.like;
  const geometry = like ? like.masks : job.shape;
  if (!geometry) throw new Cp2ijError('bad-argument', 'give the image size: --like ORIGINAL_seg.npy or --shape [Z,]Y,X');
  const isSeg = /_seg\.npy$/i.test(job.out);
  checkPixels(geometry.width, geometry.height, geometry.depth, isSeg ? 8 : 4, 'label image to import into');
  const items: ImportItem[] = [];
  for (const source of sources) {
    let read: ImportItem[];
    try {
      read = readImportItems(source.bytes, source.name);
    } catch (e) {
      throw attributeError(e, source.name);
    }
    // one by one: a spread of a million items would overflow the call stack
    for (const item of read) items.push(item);
  }
  const prefix = job.prefix;
  if (prefix) for (const [i, it] of items.entries()) if (it.name.startsWith(prefix)) items[i] = { ...it, name: it.name.slice(prefix.length) };
  const names = sources.map((s) => s.name).join(', ');
  const report = importItems(items, geometry, job.overlap, await job.memory?.masks);
  if (report.flattened.length > 0 && !job.flatten) {
    throw new Cp2ijError('bad-argument', `${report.flattened.length} ROI(s) lie on z planes but the target is 2D (${namesText(report.flattened)}); import onto a stack (--like a 3D seg, --shape Z,Y,X) or give --flatten to paint them all on one plane; nothing written`, names);
  }
  if (report.clipped.length > 0 && !job.clip) {
    throw new Cp2ijError('bad-argument', `${report.clipped.length} ROI(s) reach beyond the ${geometry.width}×${geometry.height} image (${namesText(report.clipped)}): a RoiSet for a larger image? Give --clip to cut them to it; nothing written`, names);
  }
  if (report.painted === 0 && items.length > 0) {
    const first = report.skipped[0];
    throw new Cp2ijError('bad-argument', `none of the ${items.length} ROI(s) fills a pixel${first ? ` (${JSON.stringify(first.name)}: ${first.reason})` : ''}; nothing written`, names);
  }
  const format = outputKind(job.out, report.masks);
  // a bare NAME_cp_masks gets the extension of the format Cellpose chose
  const out = /_cp_masks$/i.test(job.out) ? `${job.out}.${format}` : job.out;
  const outlinesMemory = isSeg ? await job.memory?.outlines : undefined;
  let chunks: Uint8Array[];
  const relabelled: [number, number][] = [];
  try {
    chunks = outputChunks(format, report, like, outlinesMemory, job.keepLabels ? undefined : (from, to) => relabelled.push([from, to]));
  } catch (e) {
    throw attributeError(e, out);
  }
  const { width, height, depth, is3d } = report.masks;
  const summary: ImportSummary = {
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
  return { output: { name: out, data: chunks }, summary };
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

export type { ImportGeometry, ImportReport, OverlapRule } from './import-paint.js';
export type { ImportItem } from './import-items.js';
export type { ImportOutputKind } from './import-output.js';
export { importItems } from './import-paint.js';
export { readImportItems } from './import-items.js';
export { outputKind } from './import-output.js';
