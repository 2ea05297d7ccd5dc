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

/**
 * A source read asynchronously, range by range: a browser `Blob`/`File`, a fetch with Range requests,
 * a remote store. `parseInputAsync` (read/input.ts) reads a Cellpose result from one without reading it
 * whole, so the flows of a large `_seg.npy` are still skipped.
 */
export interface AsyncByteSource {
  readonly length: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A Blob (a browser File, or Node's Blob) read lazily, one slice per read. */
export function blobSource(blob: Blob): AsyncByteSource {
  return {
    length: blob.size,
    async read(offset, length) {
      checkRange(blob.size, offset, length);
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
}

/** Small reads fetch this much around them (the size above which the unpickler skips byte strings). */
const BLOCK = 64 * 1024;

/** Thrown by a PrefetchSource for bytes it does not hold yet; readAsync fetches them and runs again. */
class NeedBytes extends Error {
  constructor(
    readonly offset: number,
    readonly length: number,
  ) {
    super(`bytes ${offset}…${offset + length} not fetched yet`);
  }
}

/** The ranges of an AsyncByteSource fetched so far, served synchronously. */
class PrefetchSource implements ByteSource {
  private readonly ranges: { start: number; bytes: Uint8Array }[] = [];

  constructor(private readonly source: AsyncByteSource) {}

  get length(): number {
    return this.source.length;
  }

  read(offset: number, length: number): Uint8Array {
    checkRange(this.source.length, offset, length);
    for (const r of this.ranges) {
      if (offset >= r.start && offset + length <= r.start + r.bytes.length) return r.bytes.subarray(offset - r.start, offset - r.start + length);
    }
    throw new NeedBytes(offset, length);
  }

  /** Fetch what a read missed: a whole block for small reads, the exact range for large ones. */
  async fetch(miss: NeedBytes): Promise<void> {
    const start = miss.length < BLOCK ? miss.offset - (miss.offset % BLOCK) : miss.offset;
    const end = miss.length < BLOCK ? Math.min(this.source.length, Math.max(start + BLOCK, miss.offset + miss.length)) : miss.offset + miss.length;
    this.ranges.push({ start, bytes: await this.source.read(start, end - start) });
  }
}

/**
 * Run a synchronous reader over an asynchronous source: each time it asks for bytes not fetched yet,
 * they are fetched and the reader runs again from the start (readers are pure, and re-reading what is
 * fetched costs little next to fetching). The number of runs is bounded by the number of distinct
 * ranges the reader needs (a `_seg.npy`: about one per key).
 */
export async function readAsync<T>(source: AsyncByteSource, reader: (source: ByteSource) => T | Promise<T>): Promise<T> {
  const prefetched = new PrefetchSource(source);
  for (;;) {
    try {
      return await reader(prefetched);
    } catch (e) {
      if (!(e instanceof NeedBytes)) throw e;
      await prefetched.fetch(e);
    }
  }
}
