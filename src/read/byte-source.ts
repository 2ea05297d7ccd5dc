/**
 * Where the format readers get their bytes: a buffer already in memory, or a file read range by range
 * (src/io/file-source.ts). Reading ranges rather than whole files is what lets a 1.5 GiB `_seg.npy`
 * export touch only its pickle stream and its masks, never the flows it does not use.
 */
import { Cp2ijError } from '../core/errors.js';

export interface ByteSource {
  /** Total size in bytes. */
  readonly length: number;
  /**
   * Exactly `length` bytes starting at `offset`. The result may be kept: no source ever overwrites
   * bytes it has handed out. A range outside the source is a `truncated` error.
   */
  read(offset: number, length: number): Uint8Array;
}

/** Refuse a range that is not inside a source of `size` bytes. */
export function checkRange(size: number, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || length > size - offset) {
    throw new Cp2ijError('truncated', `needs bytes ${offset}…${offset + length} but the input has only ${size}`);
  }
}

/** A source over bytes in memory: every read is a view, nothing is copied. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    length: bytes.length,
    read(offset, length) {
      checkRange(bytes.length, offset, length);
      return bytes.subarray(offset, offset + length);
    },
  };
}

/** The part of `source` from `start` on, addressed from 0 (e.g. the pickle inside a `.npy`). */
export function sliceSource(source: ByteSource, start: number): ByteSource {
  checkRange(source.length, start, 0);
  return {
    length: source.length - start,
    read(offset, length) {
      checkRange(source.length - start, offset, length);
      return source.read(start + offset, length);
    },
  };
}
