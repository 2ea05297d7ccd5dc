/**
 * The objects that exist only while a pickle is being read: the opcode machine (pickle.ts) builds them,
 * the numpy reconstruction (pickle-numpy.ts) fills them, and `finish` there turns them into PyValues.
 */
import { Cp2ijError } from '../core/errors.js';
import type { ByteSource } from './byte-source.js';
import type { NumpyScalar, PyBytes, PyNdArray, PyObjectArray } from './pyvalue.js';

export const PICKLE_LIMITS = {
  maxStack: 1_000_000,
  maxMarks: 1000,
  maxMemo: 1_000_000,
  maxOps: 50_000_000,
  maxLongBytes: 64,
  maxDepth: 200,
};

/** The callables a pickle may name (pickle-numpy.ts interprets each). */
export type Callable = 'reconstruct' | 'ndarray' | 'dtype' | 'scalar' | 'frombuffer' | 'encode' | 'bytes';

export class Global {
  constructor(
    readonly fn: Callable,
    readonly name: string,
  ) {}
}
/** An ndarray between REDUCE (_reconstruct) and BUILD (its state). */
export class ArrayShell {
  built: PyNdArray | PyObjectArray | undefined;
  /** Object-array elements still holding shells, converted by `finish`. */
  rawItems: Item[] | undefined;
}
/** A dtype between REDUCE (numpy.dtype) and BUILD (its byte order). */
export class DTypeShell {
  constructor(
    readonly code: string,
    public byteOrder: '<' | '>' | '|',
  ) {}
}
export class RawList {
  constructor(readonly items: Item[]) {}
}
export class RawTuple {
  constructor(readonly items: Item[]) {}
}
export class RawDict {
  readonly entries = new Map<string, Item>();
}
/** A byte string not read yet: its range in the source. */
export class LazyBytes {
  constructor(
    readonly source: ByteSource,
    readonly offset: number,
    readonly length: number,
  ) {}
  read(): Uint8Array {
    return this.source.read(this.offset, this.length);
  }
}
export type Item = null | boolean | number | bigint | string | PyBytes | LazyBytes | NumpyScalar | PyNdArray | Global | ArrayShell | DTypeShell | RawList | RawTuple | RawDict;

export function bad(detail: string): never {
  throw new Cp2ijError('bad-pickle', detail);
}
export function unsafe(detail: string): never {
  throw new Cp2ijError('unsafe-pickle', detail);
}
export function limit(detail: string): never {
  throw new Cp2ijError('limit', detail);
}


