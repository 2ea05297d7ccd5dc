/**
 * A ByteSource over a file on disk: the only reader code that touches the file system.
 *
 * Small reads (the pickle opcode stream, the .npy header) are served from a read-ahead buffer so the
 * unpickler does not make a system call per opcode; large reads (array payloads) go straight into a
 * fresh, aligned buffer of exactly their size, in one positioned read. Buffers are never reused, so
 * views handed out stay valid.
 *
 * After `close()` the source still works: each read then opens the file, checks it is the one that was
 * parsed (same size and modification time), reads and closes it again. Lazy arrays can therefore outlive
 * the job that loaded them without keeping a descriptor open.
 */
import { closeSync, readSync } from 'node:fs';
import { Cp2ijError, attributeError } from '../core/errors.js';
import { type ByteSource, checkRange } from '../read/byte-source.js';
import { openRegularFile } from './files.js';

/** Reads shorter than this are served from a read-ahead buffer of this size. */
export const READ_AHEAD = 64 * 1024;
/** readSync takes at most 2³¹−1 bytes per call. */
const MAX_CHUNK = 1 << 30;

export class FileSource implements ByteSource {
  private fd: number | undefined;
  private ahead: Uint8Array = new Uint8Array(0);
  private aheadAt = 0;

  private constructor(
    readonly file: string,
    fd: number,
    readonly length: number,
    private readonly mtimeMs: number,
  ) {
    this.fd = fd;
  }

  /** Open `file` for reading; errors name the file. */
  static open(file: string): FileSource {
    const { fd, size, mtimeMs } = openRegularFile(file);
    return new FileSource(file, fd, size, mtimeMs);
  }

  read(offset: number, length: number): Uint8Array {
    try {
      checkRange(this.length, offset, length);
      if (length >= READ_AHEAD) return this.readExact(offset, length);
      if (offset < this.aheadAt || offset + length > this.aheadAt + this.ahead.length) {
        this.ahead = this.readExact(offset, Math.min(READ_AHEAD, this.length - offset));
        this.aheadAt = offset;
      }
      return this.ahead.subarray(offset - this.aheadAt, offset - this.aheadAt + length);
    } catch (e) {
      throw attributeError(e, this.file);
    }
  }

  /** Release the descriptor; later reads reopen the file for the duration of each read. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.ahead = new Uint8Array(0);
  }

  private readExact(offset: number, length: number): Uint8Array {
    if (this.fd !== undefined) return readAt(this.fd, offset, length);
    const { fd, size, mtimeMs } = openRegularFile(this.file);
    try {
      if (size !== this.length || mtimeMs !== this.mtimeMs) {
        throw new Cp2ijError('io', 'the file changed after it was opened; load it again');
      }
      return readAt(fd, offset, length);
    } finally {
      closeSync(fd);
    }
  }
}

/** `length` bytes at `offset` into a new buffer of their own (offset 0, so aligned for any dtype). */
function readAt(fd: number, offset: number, length: number): Uint8Array {
  // allocUnsafeSlow: not from Node's shared pool and not zero-filled (every byte is overwritten).
  const buf = Buffer.allocUnsafeSlow(length);
  const out = new Uint8Array(buf.buffer, buf.byteOffset, length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, Math.min(MAX_CHUNK, length - done), offset + done);
    if (n === 0) throw new Cp2ijError('truncated', `the file ended at byte ${offset + done} while reading (was it cut short after it was opened?)`);
    done += n;
  }
  return out;
}
