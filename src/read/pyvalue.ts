/**
 * The Python values a `_seg.npy` pickle can hold, as cp2ij models them in JavaScript.
 *
 * The model is lossless for everything `np.save` writes for a Cellpose dict, so a pickle writer can
 * re-emit a parsed dict (including keys cp2ij does not understand):
 *
 * | Python                         | JavaScript                                                   |
 * |--------------------------------|--------------------------------------------------------------|
 * | None / bool                    | `null` / `boolean`                                           |
 * | float                          | `number` (a JS number is ALWAYS a Python float)              |
 * | int (any size)                 | `bigint` (a bigint is ALWAYS a Python int)                   |
 * | str                            | `string`                                                     |
 * | bytes / bytearray              | `PyBytes`                                                    |
 * | tuple / list                   | `PyTuple` / plain `PyValue[]`                                |
 * | dict (str keys)                | `PyDict` = `Map<string, PyValue>` in insertion order         |
 * | numeric ndarray                | `PyNdArray` (implements core `NdArray`: C order, native LE)  |
 * | object ndarray                 | `PyObjectArray` (shape + elements in C order)                |
 * | numpy scalar (np.float64(1))   | `NumpyScalar` (dtype + value + raw bytes)                    |
 * | numpy dtype object             | `NumpyDType`                                                 |
 *
 * Arrays that were big-endian or Fortran-ordered in the file are normalised to little-endian C order;
 * a writer re-emits them that way, which numpy reads back as the same values.
 */
import type { DType, NdArray, TypedArray } from '../core/ndarray.js';

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyBytes
  | PyTuple
  | PyValue[]
  | PyDict
  | PyNdArray
  | PyObjectArray
  | NumpyScalar
  | NumpyDType;

export type PyDict = Map<string, PyValue>;

export class PyBytes {
  /** Usually a view into the file's bytes: copy before mutating. */
  constructor(readonly bytes: Uint8Array) {}
}

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/**
 * A numeric array. `data` is given directly, or as a loader for arrays read from a file on demand:
 * the loader runs on the first access of `data` (an own, enumerable property either way, so spreads
 * and comparisons see the values) and its result replaces it.
 */
export class PyNdArray<T extends TypedArray = TypedArray> implements NdArray<T> {
  declare readonly data: T;

  constructor(
    readonly dtype: DType,
    readonly shape: readonly number[],
    data: T | (() => T),
  ) {
    if (typeof data !== 'function') {
      Object.defineProperty(this, 'data', { value: data, enumerable: true });
      return;
    }
    Object.defineProperty(this, 'data', {
      enumerable: true,
      configurable: true,
      get: () => {
        const loaded = data();
        Object.defineProperty(this, 'data', { value: loaded, enumerable: true });
        return loaded;
      },
    });
  }
}

export class PyObjectArray {
  constructor(
    readonly shape: readonly number[],
    /** Elements in C order; `items.length` is the product of `shape`. */
    readonly items: readonly PyValue[],
  ) {}
}

export class NumpyScalar {
  constructor(
    readonly dtype: DType,
    /** The value: number for floats (float16 decoded), bigint for 64-bit ints, boolean for bool. */
    readonly value: number | bigint | boolean,
    /** The scalar's little-endian bytes (float16 keeps its exact bits here). */
    readonly raw: Uint8Array,
  ) {}
}

export class NumpyDType {
  constructor(
    /** numpy's kind+size code as pickled: `u2`, `f4`, `O8`, `U5`… */
    readonly code: string,
    /** `<`, `>` or `|` (`=` is resolved to `<`). */
    readonly byteOrder: '<' | '>' | '|',
    /** The cp2ij dtype, `object` for `O`, undefined for kinds cp2ij cannot hold (strings, datetimes…). */
    readonly dtype: DType | 'object' | undefined,
  ) {}
}

/** A short Python-ish name for a value's type, for messages and `inspect`. */
export function pyTypeName(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Map) return 'dict';
  if (v instanceof PyBytes) return 'bytes';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PyNdArray || v instanceof PyObjectArray) return 'ndarray';
  if (v instanceof NumpyScalar) return `numpy.${v.dtype}`;
  return 'numpy.dtype';
}

/** A Python number (int, float, numpy numeric scalar) as a JS number, else undefined. */
export function asNumber(v: PyValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof NumpyScalar && typeof v.value !== 'boolean') return Number(v.value);
  return undefined;
}
