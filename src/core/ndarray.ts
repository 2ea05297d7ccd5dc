/**
 * The n-dimensional array every reader produces and every writer consumes: data in C order,
 * in this machine's (little-endian) byte order, in the typed array that matches the dtype.
 */
export type DType =
  | 'bool'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float16'
  | 'float32'
  | 'float64';

export type TypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

export interface NdArray<T extends TypedArray = TypedArray> {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** C-order elements. float16 is kept as its raw bits in a Uint16Array; bool as 0/1 bytes. */
  readonly data: T;
}

export const ITEM_SIZE: Readonly<Record<DType, number>> = {
  bool: 1,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float16: 2,
  float32: 4,
  float64: 8,
};

/** numpy's kind letter + size (`u2`, `f4`, `b1`…) for each dtype. */
export const NUMPY_KIND: Readonly<Record<DType, string>> = {
  bool: 'b1',
  int8: 'i1',
  uint8: 'u1',
  int16: 'i2',
  uint16: 'u2',
  int32: 'i4',
  uint32: 'u4',
  int64: 'i8',
  uint64: 'u8',
  float16: 'f2',
  float32: 'f4',
  float64: 'f8',
};

const BY_KIND: ReadonlyMap<string, DType> = new Map(
  (Object.entries(NUMPY_KIND) as [DType, string][]).map(([d, k]) => [k, d]),
);

/** The dtype for a numpy kind+size string such as `u2`, or undefined if cp2ij has none. */
export function dtypeFromKind(kind: string): DType | undefined {
  return BY_KIND.get(kind);
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A typed array of `dtype` over `bytes` (copied only when the offset is misaligned). */
export function typedView(dtype: DType, bytes: Uint8Array): TypedArray {
  const size = ITEM_SIZE[dtype];
  let src = bytes;
  if (src.byteOffset % size !== 0) src = src.slice();
  const { buffer, byteOffset } = src;
  const n = src.byteLength / size;
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return new Uint8Array(buffer, byteOffset, n);
    case 'int8':
      return new Int8Array(buffer, byteOffset, n);
    case 'int16':
      return new Int16Array(buffer, byteOffset, n);
    case 'uint16':
    case 'float16':
      return new Uint16Array(buffer, byteOffset, n);
    case 'int32':
      return new Int32Array(buffer, byteOffset, n);
    case 'uint32':
      return new Uint32Array(buffer, byteOffset, n);
    case 'int64':
      return new BigInt64Array(buffer, byteOffset, n);
    case 'uint64':
      return new BigUint64Array(buffer, byteOffset, n);
    case 'float32':
      return new Float32Array(buffer, byteOffset, n);
    case 'float64':
      return new Float64Array(buffer, byteOffset, n);
  }
}

/** The raw little-endian bytes behind a typed array (a view, no copy). */
export function bytesOf(data: TypedArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Join byte chunks into one buffer (the only copy of big payloads). */
export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Column-major `from` → row-major `to` (same element count): the one Fortran-order transpose, for
 * numeric payloads (read/ndbytes.ts) and object arrays (read/pickle-numpy.ts) alike. Returns `to`.
 */
export function fortranToC<A extends { length: number; [i: number]: unknown }>(from: { readonly [i: number]: unknown }, to: A, shape: readonly number[]): A {
  const nd = shape.length;
  if (nd === 2) {
    const [rows, cols] = shape as [number, number];
    for (let r = 0; r < rows; r++) {
      const out = r * cols;
      for (let c = 0; c < cols; c++) to[out + c] = from[c * rows + r] as A[number];
    }
    return to;
  }
  // n-d: walk the C-order index like an odometer; Fortran strides grow from the first axis.
  const strides: number[] = [];
  let s = 1;
  for (let d = 0; d < nd; d++) {
    strides.push(s);
    s *= shape[d]!;
  }
  const idx = new Array<number>(nd).fill(0);
  let f = 0;
  for (let c = 0; c < to.length; c++) {
    to[c] = from[f] as A[number];
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) {
        f += strides[d]!;
        break;
      }
      f -= strides[d]! * (shape[d]! - 1);
      idx[d] = 0;
    }
  }
  return to;
}
