/**
 * Raw array bytes (from a .npy body or a pickled ndarray) → a C-order, little-endian NdArray.
 * A view of the input when it is aligned little-endian C-order data; otherwise exactly one copy
 * (byte swap and Fortran transpose are fused into that copy).
 */
import { Cp2ijError } from '../core/errors.js';
import { type DType, type NdArray, ITEM_SIZE, fortranToC, typedView } from '../core/ndarray.js';

/** prod(shape), refusing products that JavaScript cannot index exactly. */
export function checkedElementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new Cp2ijError('bad-header', `array dimension ${d} is not a valid size`);
    n *= d;
    if (n > Number.MAX_SAFE_INTEGER) throw new Cp2ijError('limit', `array of shape (${shape.join(', ')}) is too large`);
  }
  return n;
}

export function arrayFromBytes(dtype: DType, shape: readonly number[], bytes: Uint8Array, bigEndian: boolean, fortran: boolean): NdArray {
  const size = ITEM_SIZE[dtype];
  const swap = bigEndian && size > 1;
  const transpose = fortran && shape.filter((d) => d > 1).length > 1;
  if (!swap && !transpose) return { dtype, shape, data: typedView(dtype, bytes) };
  let src = bytes;
  if (swap) {
    src = new Uint8Array(bytes.length);
    swapInto(src, bytes, size);
  }
  if (!transpose) return { dtype, shape, data: typedView(dtype, src) };
  // Transpose element-wise on a typed view (src is a fresh copy when swapped, aligned view otherwise).
  const from = typedView(dtype, src);
  const to = typedView(dtype, new Uint8Array(bytes.length));
  fortranToC(from, to, shape);
  return { dtype, shape, data: to };
}

function swapInto(dst: Uint8Array, src: Uint8Array, size: number): void {
  for (let i = 0; i < src.length; i += size) {
    for (let j = 0; j < size; j++) dst[i + j] = src[i + size - 1 - j]!;
  }
}
