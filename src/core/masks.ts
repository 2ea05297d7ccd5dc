import { Cp2ijError } from './errors.js';
import type { NdArray } from './ndarray.js';

/** Label pixels as the tracer and writers take them: 0 = background, 1…2³²−1 = labels. */
export type LabelData = Uint8Array | Uint16Array | Uint32Array;

/**
 * A label image: one plane (2D) or a stack of planes (3D), C order, `data[(z·height + y)·width + x]`.
 * `is3d` remembers whether the source had a z axis, even with a single plane, so outputs keep it.
 */
export interface Masks {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly is3d: boolean;
  readonly data: LabelData;
}

/**
 * View an integer array of shape (Ly, Lx) or (Lz, Ly, Lx) as masks. Unsigned 8/16/32-bit data is used
 * as it is; signed or 64-bit data is checked to lie in 0…2³²−1 and copied into a Uint32Array.
 */
export function masksFromArray(arr: NdArray, what = 'masks'): Masks {
  const shape = arr.shape;
  if (shape.length !== 2 && shape.length !== 3) {
    throw new Cp2ijError('unsupported', `${what} must be 2D (Y, X) or 3D (Z, Y, X), got shape (${shape.join(', ')})`);
  }
  const is3d = shape.length === 3;
  const [depth, height, width] = is3d ? (shape as [number, number, number]) : [1, shape[0]!, shape[1]!];
  if (width * height * depth === 0) throw new Cp2ijError('bad-seg', `${what} of shape (${shape.join(', ')}) have no pixels`);
  const geometry = { width, height, depth, is3d };
  const data = arr.data;
  switch (arr.dtype) {
    case 'uint8':
    case 'bool':
      return { ...geometry, data: data as Uint8Array };
    case 'uint16':
      return { ...geometry, data: data as Uint16Array };
    case 'uint32':
      return { ...geometry, data: data as Uint32Array };
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint64':
      return { ...geometry, data: toUint32Labels(data as ArrayLike<number | bigint>, what) };
    default:
      throw new Cp2ijError('unsupported', `${what} must hold integer labels, got dtype ${arr.dtype}`);
  }
}

function toUint32Labels(src: ArrayLike<number | bigint>, what: string): Uint32Array {
  const out = new Uint32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = Number(src[i]);
    if (v < 0 || v > 0xffffffff) {
      throw new Cp2ijError('unsupported', `${what} holds label ${v}, outside 0…4294967295`);
    }
    out[i] = v;
  }
  return out;
}

/** Pixels of one plane (a view, no copy). */
export function planeOf(masks: Masks, z: number): LabelData {
  const n = masks.width * masks.height;
  return masks.data.subarray(z * n, (z + 1) * n) as LabelData;
}

/** Distinct non-zero labels, ascending, and the largest label. */
export function labelStats(masks: Masks): { count: number; min: number; max: number } {
  const data = masks.data;
  let max = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! > max) max = data[i]!;
  if (max === 0) return { count: 0, min: 0, max: 0 };
  let count = 0;
  let min = 0;
  if (max <= 1 << 24) {
    const seen = new Uint8Array(max + 1);
    for (let i = 0; i < data.length; i++) seen[data[i]!] = 1;
    for (let v = 1; v <= max; v++) {
      if (seen[v]) {
        if (count === 0) min = v;
        count++;
      }
    }
  } else {
    const set = new Set<number>();
    for (let i = 0; i < data.length; i++) if (data[i]) set.add(data[i]!);
    count = set.size;
    min = Math.min(...set);
  }
  return { count, min, max };
}
