/**
 * A Cellpose `_seg.npy` for new masks (seg-npy-format.md §5): every key of the original kept in its
 * place, the mask-derived keys rebuilt the way Cellpose builds them.
 *
 * - `masks`: uint16 when the largest label is below 65535, else uint32 (Cellpose's rule); 2D as (Ly, Lx),
 *   3D as (Lz, Ly, Lx).
 * - `outlines`: recomputed with masksToOutlines, same dtype and shape as `masks`.
 * - `ismanual` (bool, one per label 1…max, as the CLI sizes it): the original's flag for untouched labels,
 *   True for labels added or whose pixel set changed, False for the rest.
 * - `colors` (one RGB row per label 1…max): the original's rows kept, new rows from a seeded generator of
 *   bright colours like the GUI's random palette; the original's dtype is kept (uint8 after a model run,
 *   int64 when all cells were drawn by hand).
 * Without an original, the dict is the GUI's minimal loadable set (§5.5): outlines, colors, masks,
 * ismanual, filename, flows (the GUI's empty default), diameter NaN.
 */
import { Cp2ijError } from '../core/errors.js';
import { type LabelData, type Masks, labelStats } from '../core/masks.js';
import type { DType, TypedArray } from '../core/ndarray.js';
import { type PyDict, PyNdArray, type PyValue } from '../read/pyvalue.js';
import type { CellposeSeg } from '../read/seg.js';
import { masksToOutlines } from '../trace/mask-outlines.js';
import { npyObjectBytes, npyObjectChunks } from './npy.js';

export interface SegDictOptions {
  /** The `_seg.npy` the masks were derived from; its keys are kept. */
  readonly like?: CellposeSeg;
  /** `filename` when there is no original (the image path Cellpose should open). */
  readonly filename?: string;
  /** The masks' labels when the caller has counted them already (saves passes over the pixels). */
  readonly labels?: LabelTable;
  /** Zeroed memory for the recomputed outlines (see masksToOutlines). */
  readonly outlinesMemory?: ArrayBufferLike;
  /**
   * Renumber the labels 1…N in ascending order (the masks are changed in place), with `colors` and
   * `ismanual` rows following their labels, so the Cellpose GUI opens the file without renumbering it
   * (and dropping the flags and colours). `onRelabel` hears each label whose id changed.
   */
  readonly consecutive?: boolean;
  readonly onRelabel?: (from: number, to: number) => void;
}

/** The largest label and which labels 0…max occur (1 = present). */
export interface LabelTable {
  readonly max: number;
  readonly present: Uint8Array;
}

/** The dict to pickle: masks, recomputed outlines, extended colors/ismanual, the original's other keys. */
export function segDict(masks: Masks, options: SegDictOptions = {}): PyDict {
  const like = options.like;
  if (like && (like.masks.width !== masks.width || like.masks.height !== masks.height || like.masks.depth !== masks.depth)) {
    throw new Cp2ijError('bad-argument', `masks are ${shapeText(masks)} but the original _seg.npy is ${shapeText(like.masks)}`);
  }
  let max = options.labels?.max ?? labelStats(masks).max;
  const changed = !like && options.labels ? options.labels.present.slice() : changedLabels(like?.masks, masks, max);
  changed[0] = 0;
  // colours and flags are decided on the labels as painted, then follow them if they are renumbered
  let colors = colorsFor(max, like?.dict.get('colors'));
  let ismanual = ismanualFor(max, changed, like?.dict.get('ismanual'));
  if (options.consecutive) {
    const kept = presentLabels(masks.data, max, options.labels);
    if (kept.length < max) {
      renumber(masks.data, kept, options.onRelabel);
      colors = pickRows(colors, kept);
      ismanual = pickRows(ismanual, kept);
      max = kept.length;
    }
  }
  const masksArray = labelArray(masks, masks.data, max);
  const outlinesArray = labelArray(masks, masksToOutlines({ ...masks, data: masksArray.data as LabelData }, max, options.outlinesMemory), max);
  const fresh: [string, PyValue][] = [
    ['outlines', outlinesArray],
    ['colors', colors],
    ['masks', masksArray],
    ['ismanual', ismanual],
  ];
  if (!like) {
    return new Map<string, PyValue>([
      ...fresh,
      ['filename', options.filename ?? ''],
      ['flows', [[], [], [], [], [[]]]],
      ['diameter', Number.NaN],
    ]);
  }
  const dict: PyDict = new Map(like.dict);
  // keys the original lacks go last; `colors` only where the original (a GUI file) has them
  for (const [key, value] of fresh) {
    if (dict.has(key) || key !== 'colors') dict.set(key, value);
  }
  return dict;
}

/** The labels 1…max that occur, ascending. */
function presentLabels(data: LabelData, max: number, table?: LabelTable): number[] {
  const out: number[] = [];
  if (table) {
    for (let v = 1; v <= table.max; v++) if (table.present[v]) out.push(v);
    return out;
  }
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i++) if (data[i]! !== 0) seen.add(data[i]!);
  for (const v of seen) if (v <= max) out.push(v);
  return out.sort((a, b) => a - b);
}

/** Labels `kept[i]` become i + 1, in place. */
function renumber(data: LabelData, kept: readonly number[], onRelabel?: (from: number, to: number) => void): void {
  for (let i = 0; i < kept.length; i++) if (kept[i] !== i + 1) onRelabel?.(kept[i]!, i + 1);
  const max = kept[kept.length - 1] ?? 0;
  if (max <= 1 << 24) {
    // a lookup table: one indexed load per pixel
    const table = new Uint32Array(max + 1);
    kept.forEach((v, i) => (table[v] = i + 1));
    for (let i = 0; i < data.length; i++) data[i] = table[data[i]!]!;
    return;
  }
  const map = new Map<number, number>(kept.map((v, i) => [v, i + 1]));
  let prev = 0;
  let prevTo = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v === 0) continue;
    if (v !== prev) {
      prev = v;
      prevTo = map.get(v)!;
    }
    data[i] = prevTo;
  }
}

/** The rows of a per-label array (row = label − 1) for the labels `kept`, in that order. */
function pickRows(a: PyNdArray, kept: readonly number[]): PyNdArray {
  const width = a.shape.length === 2 ? a.shape[1]! : 1;
  const out = new (a.data.constructor as new (n: number) => TypedArray)(kept.length * width);
  kept.forEach((v, i) => {
    for (let k = 0; k < width; k++) out[i * width + k] = a.data[(v - 1) * width + k]!;
  });
  return new PyNdArray(a.dtype, a.shape.length === 2 ? [kept.length, width] : [kept.length], out);
}

/** `_seg.npy` bytes: a .npy v1.0 holding the pickled dict (protocol 3, numpy.core names). */
export function segNpyBytes(dict: PyDict): Uint8Array {
  return npyObjectBytes(dict);
}

/** The same bytes as chunks in order (the masks and outlines payloads are not copied). */
export function segNpyChunks(dict: PyDict): Uint8Array[] {
  return npyObjectChunks(dict);
}

/**
 * Labels whose pixel set differs between `before` and `after` (added, removed, grown, moved), as a
 * 0/1 table indexed by label: a pixel whose label changed changes both labels' sets.
 */
export function changedLabels(before: Masks | undefined, after: Masks, max: number): Uint8Array {
  const changed = new Uint8Array(max + 1);
  const b = after.data;
  if (!before) {
    for (let i = 0; i < b.length; i++) changed[b[i]!] = 1;
  } else {
    const a = before.data;
    for (let i = 0; i < b.length; i++) {
      if (a[i] !== b[i]) {
        changed[b[i]!] = 1;
        if (a[i]! <= max) changed[a[i]!] = 1;
      }
    }
  }
  changed[0] = 0;
  return changed;
}

/** Label pixels in Cellpose's dtype for masks up to `max` (uint16 below 65535, else uint32), shaped [Z,]Y,X. */
export function labelArray(masks: Masks, data: LabelData, max: number): PyNdArray {
  const shape = masks.is3d ? [masks.depth, masks.height, masks.width] : [masks.height, masks.width];
  if (max < 65535) return new PyNdArray('uint16', shape, data instanceof Uint16Array ? data : Uint16Array.from(data));
  return new PyNdArray('uint32', shape, data instanceof Uint32Array ? data : Uint32Array.from(data));
}

function ismanualFor(max: number, changed: Uint8Array, original: PyValue | undefined): PyNdArray {
  const flags = new Uint8Array(max);
  const old = original instanceof PyNdArray && original.dtype === 'bool' ? original.data : undefined;
  for (let label = 1; label <= max; label++) {
    flags[label - 1] = changed[label] ? 1 : (old?.[label - 1] as number | undefined) ?? 0;
  }
  return new PyNdArray('bool', [max], flags);
}

const INTEGER_COLOR_DTYPES: ReadonlySet<DType> = new Set(['uint8', 'int16', 'int32', 'int64', 'uint16', 'uint32', 'uint64']);

function colorsFor(max: number, original: PyValue | undefined): PyNdArray {
  const keep =
    original instanceof PyNdArray && original.shape.length === 2 && original.shape[1] === 3 && INTEGER_COLOR_DTYPES.has(original.dtype)
      ? original
      : undefined;
  const dtype = keep?.dtype ?? 'uint8';
  const rows = Math.min(keep?.shape[0] ?? 0, max);
  const rgb = new Uint8Array(3 * max);
  for (let i = 0; i < 3 * rows; i++) rgb[i] = Number(keep!.data[i]!);
  for (let label = rows + 1; label <= max; label++) rgb.set(cellColor(label), 3 * (label - 1));
  return new PyNdArray(dtype, [max, 3], typedOf(dtype, rgb));
}

/** A bright colour per label, the same for a label on every run (like the GUI's shuffled palette). */
export function cellColor(label: number): [number, number, number] {
  let a = (label * 0x9e3779b9) >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // one channel high, one low, one anywhere: never near-grey, never near-black
  const c = [64 + Math.floor(next() * 192), Math.floor(next() * 128), Math.floor(next() * 256)];
  const shift = Math.floor(next() * 3);
  return [c[shift % 3]!, c[(shift + 1) % 3]!, c[(shift + 2) % 3]!];
}

function typedOf(dtype: DType, values: Uint8Array): TypedArray {
  switch (dtype) {
    case 'int16':
      return Int16Array.from(values);
    case 'uint16':
      return Uint16Array.from(values);
    case 'int32':
      return Int32Array.from(values);
    case 'uint32':
      return Uint32Array.from(values);
    case 'int64':
      return BigInt64Array.from(values, (v) => BigInt(v));
    case 'uint64':
      return BigUint64Array.from(values, (v) => BigInt(v));
    default:
      return values;
  }
}

function shapeText(m: Masks): string {
  return m.is3d ? `${m.depth}×${m.height}×${m.width}` : `${m.height}×${m.width}`;
}
