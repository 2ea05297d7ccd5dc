/**
 * Masks → the RoiSet's entries: every label traced (per plane) and encoded as one `.roi`, in archive
 * order (ascending label, then plane). Exact geometry by default; `cellpose` reproduces save_rois.
 */
import { Arena } from '../core/arena.js';
import { labelRgb } from '../core/label-colors.js';
import { type Masks, labelStats } from '../core/masks.js';
import type { NdArray } from '../core/ndarray.js';
import { tracePlanes } from '../trace/tracer.js';
import { cellposeRois } from './cellpose-rois.js';
import { cellposePadWidth, encodeOutline, roiName } from './from-outline.js';
import { RoiType } from './roi-model.js';

export interface RoiSetEntry {
  /** The ROI name; its entry is `<name>.roi` (what the ROI Manager lists is the name). */
  readonly name: string;
  /** An encoded `.roi` file. */
  readonly bytes: Uint8Array;
}

export interface RoiEntryOptions {
  /** `exact` (pixel-edge outlines, default) or `cellpose` (what Cellpose's save_rois writes). */
  readonly geometry?: 'exact' | 'cellpose';
  /** Text before each ROI's label. */
  readonly prefix?: string;
  /** Zero-pad labels to the digits of the largest label (Cellpose's `pad=True`). */
  readonly pad?: boolean;
  /** Cellpose's `colors` ((N, 3) RGB, row = label − 1) as stroke colours. */
  readonly colors?: NdArray;
  /** ROI type of one-ring labels: traced (default) or polygon (for readers that refuse traced ROIs). */
  readonly roiType?: 'traced' | 'polygon';
}

/** The RoiSet entries and how many labels they cover. */
export function roiEntries(masks: Masks, options: RoiEntryOptions = {}): { entries: RoiSetEntry[]; labelCount: number } {
  if (options.geometry === 'cellpose') {
    const entries = cellposeRois(masks, { prefix: options.prefix ?? '', pad: options.pad ?? false });
    return { entries, labelCount: labelStats(masks).count };
  }
  const pad = options.pad ? cellposePadWidth(labelStats(masks).max) : 0;
  const colors = options.colors;
  // Each plane is traced and encoded before the next, so a stack's outlines never all sit in memory.
  const arena = new Arena((n) => new Uint8Array(n), 1 << 22);
  const alloc = (n: number) => arena.alloc(n);
  const encoded: { label: number; plane: number; entry: RoiSetEntry }[] = [];
  for (const outlines of tracePlanes(masks)) {
    for (const outline of outlines) {
      const plane = masks.is3d ? outline.plane : undefined;
      const name = roiName(outline.label, { prefix: options.prefix ?? '', pad, plane });
      const bytes = encodeOutline(outline, {
        name,
        strokeColor: colors ? labelColor(colors, outline.label) : undefined,
        position: plane === undefined ? undefined : plane + 1,
        singleType: options.roiType === 'polygon' ? RoiType.POLYGON : RoiType.TRACED,
      }, alloc);
      encoded.push({ label: outline.label, plane: outline.plane, entry: { name, bytes } });
    }
  }
  if (masks.depth > 1) encoded.sort((a, b) => a.label - b.label || a.plane - b.plane);
  let labelCount = 0;
  const entries = encoded.map((e, i) => {
    if (i === 0 || encoded[i - 1]!.label !== e.label) labelCount++;
    return e.entry;
  });
  return { entries, labelCount };
}

/** ARGB stroke colour of a label from Cellpose's `colors`, if it has one. */
function labelColor(colors: NdArray, label: number): number | undefined {
  const rgb = labelRgb(colors, label);
  return rgb ? (0xff000000 | (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]) >>> 0 : undefined;
}
