import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, realpathSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Cp2ijError, attributeError } from '../core/errors.js';
import { formatBytes } from '../core/limits.js';
import './platform.js';


/**
 * Open a file for reading only if it is a regular file. O_NONBLOCK makes opening a FIFO return at
 * once instead of waiting for a writer; devices, FIFOs and sockets are then refused by fstat.
 */
export function openRegularFile(file: string): { fd: number; size: number; mtimeMs: number } {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new Cp2ijError('io', 'is a folder, not a file');
    if (!stat.isFile()) throw new Cp2ijError('io', 'not a regular file (a FIFO, device or socket is never read)');
    return { fd, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    throw attributeError(e, file);
  }
}

/** Read a whole regular file, refusing one larger than `maxBytes`; errors name the file. */
export async function readBytes(file: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Uint8Array> {
  const { fd, size } = openRegularFile(file);
  try {
    if (size > maxBytes) throw new Cp2ijError('limit', `file of ${formatBytes(size)} is larger than the ${formatBytes(maxBytes)} cp2ij reads for it`);
    const out = new Uint8Array(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, out, done, Math.min(1 << 30, size - done), done);
      if (n === 0) throw new Cp2ijError('truncated', `the file ended at byte ${done} while reading`);
      done += n;
    }
    return out;
  } catch (e) {
    throw attributeError(e, file);
  } finally {
    closeSync(fd);
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
 * be chunks written in sequence — an array, or a generator that produces them as they are written —
 * so a big file never has to be joined into one buffer first.
 */
export async function writeAtomic(file: string, data: Uint8Array | string | Iterable<Uint8Array>, protect?: ProtectedPaths): Promise<void> {
  protect?.check(file);
  const dir = path.dirname(file);
  const tmp = temporaryPath(path.join(dir, `.${path.basename(file)}`));
  try {
    await makeOutputDir(dir);
    if (typeof data === 'string' || data instanceof Uint8Array) await fs.writeFile(tmp, data);
    else writeChunks(tmp, data);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw attributeError(e, file);
  } finally {
    temporaries.delete(tmp);
  }
}

/** Create the output folder; an existing file in the way is named as such, not as a missing folder. */
async function makeOutputDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (e) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && !stat.isDirectory()) throw new Cp2ijError('io', 'the output folder is a file', dir);
    throw attributeError(e, dir);
  }
}

/**
 * Temporary files and folders being written right now. Ctrl-C or SIGTERM removes them before the
 * process ends, so an interrupted run leaves nothing hidden behind.
 */
const temporaries = new Set<string>();
let cleanupInstalled = false;

function temporaryPath(prefix: string): string {
  const tmp = `${prefix}.${process.pid}.${Date.now().toString(36)}.tmp`;
  temporaries.add(tmp);
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      process.once(signal, () => {
        for (const t of temporaries) rmSync(t, { recursive: true, force: true });
        process.exit(code);
      });
    }
  }
  return tmp;
}

const WRITE_SLICE = 1 << 20;

/**
 * Synchronous on purpose: hundreds of slice writes through the thread pool cost more than they
 * overlap, and the commands write their outputs one at a time anyway.
 */
function writeChunks(file: string, chunks: Iterable<Uint8Array>): void {
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
  const tmp = temporaryPath(dir);
  const old = `${tmp}.old`;
  temporaries.add(old);
  try {
    await makeOutputDir(path.dirname(dir));
    await fs.mkdir(tmp);
    for (const f of files) {
      if (!isPlainFileName(f.name)) throw new Cp2ijError('bad-argument', `"${f.name}" is not a plain file name`);
      await fs.writeFile(path.join(tmp, f.name), f.data, { flag: 'wx' });
    }
    const existed = await fs.stat(dir).then(() => true, () => false);
    if (existed) await fs.rename(dir, old);
    await fs.rename(tmp, dir);
    if (existed) await fs.rm(old, { recursive: true, force: true });
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw attributeError(e, dir);
  } finally {
    temporaries.delete(tmp);
    temporaries.delete(old);
  }
}

/** A name that stays inside the folder it is joined to: no separators, no `.`/`..`, no control characters. */
export function isPlainFileName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\u0000-\u001f\u007f]/.test(name) && name.length <= 255;
}
