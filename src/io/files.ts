import { closeSync, openSync, promises as fs, realpathSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Cp2ijError, attributeError } from '../core/errors.js';

/** Read a whole file; errors name the file. */
export async function readBytes(file: string): Promise<Uint8Array> {
  try {
    const buf = await fs.readFile(file);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw attributeError(e, file);
  }
}

/**
 * Run `parse` on a file's bytes, attributing any cp2ij error to that file, so format code can stay
 * free of paths.
 */
export async function parseFile<T>(file: string, parse: (bytes: Uint8Array) => T | Promise<T>): Promise<T> {
  const bytes = await readBytes(file);
  try {
    return await parse(bytes);
  } catch (e) {
    throw attributeError(e, file);
  }
}

/**
 * Files that must never be written to: the inputs of the current run. Writers consult it so that a
 * badly chosen --out can never replace what the user gave us.
 */
export class ProtectedPaths {
  private readonly real = new Set<string>();

  add(file: string): void {
    this.real.add(canonical(file));
  }

  check(file: string): void {
    if (this.real.has(canonical(file))) {
      throw new Cp2ijError('bad-argument', 'refusing to overwrite an input file', file);
    }
  }
}

function canonical(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * Write a file so that readers never see it half-written: into a temporary sibling, then renamed
 * over the target. On failure the temporary file is removed and the target is untouched. `data` may
 * be chunks written in sequence, so a big file never has to be joined into one buffer first.
 */
export async function writeAtomic(file: string, data: Uint8Array | string | readonly Uint8Array[], protect?: ProtectedPaths): Promise<void> {
  protect?.check(file);
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    await fs.mkdir(dir, { recursive: true });
    if (Array.isArray(data)) writeChunks(tmp, data as readonly Uint8Array[]);
    else await fs.writeFile(tmp, data as Uint8Array | string);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw attributeError(e, file);
  }
}

const WRITE_SLICE = 1 << 20;

/**
 * Synchronous on purpose: hundreds of slice writes through the thread pool cost more than they
 * overlap, and the commands write their outputs one at a time anyway.
 */
function writeChunks(file: string, chunks: readonly Uint8Array[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const chunk of chunks) {
      let done = 0;
      // in slices, as fs.writeFile does: one huge write() stalls on page allocation
      while (done < chunk.length) done += writeSync(fd, chunk, done, Math.min(WRITE_SLICE, chunk.length - done));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Replace a directory's contents atomically enough for our outputs (`<base>_rois/`): build the new
 * directory beside it, then swap it in.
 */
export async function writeDirAtomic(
  dir: string,
  files: ReadonlyArray<{ name: string; data: Uint8Array }>,
  protect?: ProtectedPaths,
): Promise<void> {
  protect?.check(dir);
  const tmp = `${dir}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const old = `${tmp}.old`;
  try {
    await fs.mkdir(tmp, { recursive: true });
    for (const f of files) await fs.writeFile(path.join(tmp, f.name), f.data);
    const existed = await fs.stat(dir).then(() => true, () => false);
    if (existed) await fs.rename(dir, old);
    await fs.rename(tmp, dir);
    if (existed) await fs.rm(old, { recursive: true, force: true });
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw attributeError(e, dir);
  }
}
