/**
 * `inspect`: what a Cellpose result holds, without Python. The report's shape is the documented,
 * stable `--json` schema (docs/inspect-json.md); change both together.
 */
import { labelStats } from '../core/masks.js';
import type { InputKind, ParsedInput } from '../read/input.js';
import type { TiffLabelInfo } from '../read/labels.js';
import { NumpyScalar, PyNdArray, PyObjectArray, PyTuple, type PyValue, pyTypeName } from '../read/pyvalue.js';

export interface KeyReport {
  readonly name: string;
  /** Python type: `ndarray`, `list`, `dict`, `str`, `float`, `int`, `bool`, `None`, `numpy.float64`… */
  readonly type: string;
  /** numpy dtype name for arrays (`uint16`, `float32`, `object`…) and numpy scalars. */
  readonly dtype?: string;
  /** Array shape, or `[length]` for lists, tuples and dicts. */
  readonly shape?: number[];
}

export interface InspectReport {
  readonly file: string;
  readonly ok: true;
  readonly kind: InputKind;
  readonly width: number;
  readonly height: number;
  /** z planes (1 for 2D). */
  readonly planes: number;
  readonly is3d: boolean;
  readonly masksDtype: string;
  readonly labels: { readonly count: number; readonly min: number; readonly max: number };
  /** `_seg.npy` only: its keys in file order. */
  readonly keys?: KeyReport[];
  /** `_seg.npy` only: masks were 0-based (−1 background) and were shifted by +1. */
  readonly legacyShifted?: boolean;
  /** TIFF label images only: how the file stores its pixels. */
  readonly tiff?: TiffLabelInfo;
}

export interface InspectFailure {
  readonly file: string;
  readonly ok: false;
  readonly error: { readonly code: string; readonly message: string };
}

/** The report of one parsed input (`file` is how the report names it). */
export function inspectInput(input: ParsedInput, file: string): InspectReport {
  const { masks, seg } = input;
  const masksDtype = seg ? seg.masksArray.dtype : masks.data instanceof Uint32Array ? 'uint32' : masks.data instanceof Uint16Array ? 'uint16' : 'uint8';
  return {
    file,
    ok: true,
    kind: input.kind,
    width: masks.width,
    height: masks.height,
    planes: masks.depth,
    is3d: masks.is3d,
    masksDtype,
    labels: labelStats(masks),
    ...(input.tiff ? { tiff: input.tiff } : {}),
    ...(seg ? { keys: [...seg.dict].map(([name, v]) => describeKey(name, v)), legacyShifted: seg.legacyShifted } : {}),
  };
}

function describeKey(name: string, v: PyValue): KeyReport {
  const type = pyTypeName(v);
  if (v instanceof PyNdArray) return { name, type, dtype: v.dtype, shape: [...v.shape] };
  if (v instanceof PyObjectArray) return { name, type, dtype: 'object', shape: [...v.shape] };
  if (v instanceof NumpyScalar) return { name, type, dtype: v.dtype };
  if (Array.isArray(v)) return { name, type, shape: [v.length] };
  if (v instanceof PyTuple) return { name, type, shape: [v.items.length] };
  if (v instanceof Map) return { name, type, shape: [v.size] };
  return { name, type };
}

/** One human line per key, e.g. `masks  ndarray uint16 (512, 512)`. */
export function formatReport(r: InspectReport): string {
  const lines = [
    `${r.file}: ${r.kind}, ${r.width}×${r.height}${r.is3d ? `×${r.planes} planes` : ''}, masks ${r.masksDtype}, ` +
      (r.labels.count ? `${r.labels.count} labels (${r.labels.min}…${r.labels.max})` : 'no labels') +
      (r.legacyShifted ? ', legacy 0-based masks shifted by +1' : ''),
  ];
  if (r.tiff) {
    const t = r.tiff;
    lines.push(`  TIFF: ${t.sampleFormat}${t.bitsPerSample}, compression ${t.compression}${t.predictor === 2 ? ' + horizontal predictor' : ''}, ${t.tiled ? 'tiles' : 'strips'}, ${t.bigTiff ? 'BigTIFF' : 'classic'}, ${t.byteOrder}-endian, ${t.pages} page(s)`);
  }
  for (const k of r.keys ?? []) {
    const shape = k.shape ? ` (${k.shape.join(', ')}${k.shape.length === 1 && k.type === 'ndarray' ? ',' : ''})` : '';
    lines.push(`  ${k.name.padEnd(20)} ${k.type}${k.dtype && k.type === 'ndarray' ? ` ${k.dtype}` : ''}${shape}`);
  }
  return lines.join('\n');
}
