/**
 * The Cellpose result model over a parsed `_seg.npy` dict (keys as in seg-npy-format.md §5).
 *
 * Typed fields are conveniences: each is set only when the key exists with the expected type. The whole
 * dict stays on the model (`dict`), so keys cp2ij does not know, and values of unexpected types, survive
 * a later write.
 */
import { Cp2ijError } from '../core/errors.js';
import { type Masks, masksFromArray } from '../core/masks.js';
import type { NdArray } from '../core/ndarray.js';
import { type ByteSource, memorySource } from './byte-source.js';
import { parseNpySource } from './npy.js';
import { unpickleSource } from './pickle.js';
import { type PyDict, type PyValue, PyNdArray, PyObjectArray, PyTuple, asNumber, pyTypeName } from './pyvalue.js';

export interface CellposeSeg {
  /** Every key of the file, in file order, as parsed. */
  readonly dict: PyDict;
  readonly masks: Masks;
  /** The masks array as stored (before the legacy −1 shift). */
  readonly masksArray: NdArray;
  /** True for old files with 0-based labels (min −1): masks (and array outlines) were shifted by +1, as the GUI does. */
  readonly legacyShifted: boolean;
  /** (Ly,Lx) / (Lz,Ly,Lx) label outlines, or the very old list-of-point-sets form. */
  readonly outlines?: NdArray | PyValue[];
  readonly colors?: NdArray;
  readonly filename?: string;
  readonly ismanual?: NdArray;
  /** Heterogeneous by writer (CLI 5 items, GUI 2–5, empty lists…): kept as parsed. */
  readonly flows?: PyValue[];
  /** `diameter` (newer) or `est_diam` (older); NaN and None both map to undefined. */
  readonly diameter?: number;
  readonly chanChoose?: number[];
  readonly zdraw?: PyValue[];
  readonly img?: NdArray;
  readonly imgRestore?: NdArray;
  readonly modelPath?: string | number;
  readonly flowThreshold?: number;
  readonly cellprobThreshold?: number;
  readonly normalizeParams?: PyDict;
  readonly manualChanges?: PyValue[];
  readonly currentChannel?: number;
  readonly restore?: string | null;
  readonly ratio?: number;
}

/** Parse a `_seg.npy` file's bytes. */
export function parseSeg(bytes: Uint8Array): CellposeSeg {
  return parseSegSource(memorySource(bytes));
}

/**
 * Parse a `_seg.npy` from a source, reading its pickle stream and its masks; every other large array
 * (flows, outlines, img…) is read from the source only when its `data` is first used.
 */
export function parseSegSource(source: ByteSource): CellposeSeg {
  const npy = parseNpySource(source);
  if (npy.kind !== 'object') {
    throw new Cp2ijError('bad-seg', `not a Cellpose _seg.npy: a plain ${npy.array.dtype} array, not a pickled dict`);
  }
  return segFromValue(unpickleSource(npy.pickle));
}

/** The model over an unpickled value: `np.save` wraps the dict in a 0-d object array. */
export function segFromValue(value: PyValue): CellposeSeg {
  const inner = value instanceof PyObjectArray && value.items.length === 1 ? value.items[0]! : value;
  if (!(inner instanceof Map)) throw new Cp2ijError('bad-seg', `not a Cellpose _seg.npy: the pickle holds a ${pyTypeName(inner)}, not a dict`);
  if (inner.size === 0) throw new Cp2ijError('bad-seg', 'not a Cellpose _seg.npy: the dict is empty');
  const dict = inner;
  const masksValue = dict.get('masks');
  if (masksValue === undefined) throw new Cp2ijError('bad-seg', `no 'masks' in the dict (keys: ${[...dict.keys()].join(', ')})`);
  if (!(masksValue instanceof PyNdArray)) throw new Cp2ijError('bad-seg', `'masks' is a ${pyTypeName(masksValue)}, not a numeric array`);
  const legacyShifted = isLegacyMinusOne(masksValue);
  const masks = masksFromArray(legacyShifted ? plusOne(masksValue) : masksValue);

  const outlinesValue = dict.get('outlines');
  let outlines: NdArray | PyValue[] | undefined;
  if (outlinesValue instanceof PyNdArray) outlines = legacyShifted && isLegacyMinusOne(outlinesValue) ? plusOne(outlinesValue) : outlinesValue;
  else if (Array.isArray(outlinesValue)) outlines = outlinesValue;

  return {
    dict,
    masks,
    masksArray: masksValue,
    legacyShifted,
    outlines,
    colors: arrayAt(dict, 'colors'),
    filename: stringAt(dict, 'filename'),
    ismanual: arrayAt(dict, 'ismanual'),
    flows: listAt(dict, 'flows'),
    diameter: finite(asNumber(dict.get('diameter') ?? dict.get('est_diam'))),
    chanChoose: numbersAt(dict, 'chan_choose'),
    zdraw: listAt(dict, 'zdraw'),
    img: arrayAt(dict, 'img'),
    imgRestore: arrayAt(dict, 'img_restore'),
    modelPath: stringAt(dict, 'model_path') ?? asNumber(dict.get('model_path')),
    flowThreshold: asNumber(dict.get('flow_threshold')),
    cellprobThreshold: asNumber(dict.get('cellprob_threshold')),
    normalizeParams: mapAt(dict, 'normalize_params'),
    manualChanges: listAt(dict, 'manual_changes'),
    currentChannel: asNumber(dict.get('current_channel')),
    restore: dict.get('restore') === null ? null : stringAt(dict, 'restore'),
    ratio: asNumber(dict.get('ratio')),
  };
}

function isLegacyMinusOne(arr: NdArray): boolean {
  if (!['int8', 'int16', 'int32', 'int64'].includes(arr.dtype)) return false;
  let min = Infinity;
  const data = arr.data;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (v < min) min = v;
  }
  return min === -1;
}

/** Old 0-based labels (−1 = background) → 1-based, as Cellpose's GUI does on load. */
function plusOne(arr: NdArray): NdArray {
  const src = arr.data;
  const out = new Uint32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = Number(src[i]) + 1;
    if (v > 0xffffffff) throw new Cp2ijError('unsupported', `masks hold label ${v - 1}, outside the supported range`);
    out[i] = v;
  }
  return { dtype: 'uint32', shape: arr.shape, data: out };
}

function arrayAt(dict: PyDict, key: string): NdArray | undefined {
  const v = dict.get(key);
  return v instanceof PyNdArray ? v : undefined;
}
function stringAt(dict: PyDict, key: string): string | undefined {
  const v = dict.get(key);
  return typeof v === 'string' ? v : undefined;
}
function listAt(dict: PyDict, key: string): PyValue[] | undefined {
  const v = dict.get(key);
  if (Array.isArray(v)) return v;
  if (v instanceof PyTuple || v instanceof PyObjectArray) return [...v.items];
  return undefined;
}
function mapAt(dict: PyDict, key: string): PyDict | undefined {
  const v = dict.get(key);
  return v instanceof Map ? v : undefined;
}
function numbersAt(dict: PyDict, key: string): number[] | undefined {
  const v = dict.get(key);
  const nums = v instanceof PyNdArray ? Array.from(v.data as ArrayLike<number | bigint>, Number) : listAt(dict, key)?.map(asNumber);
  return nums && nums.every((n) => n !== undefined) ? (nums as number[]) : undefined;
}
function finite(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}
