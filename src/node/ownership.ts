/**
 * Which files in a folder cp2ij wrote itself, so that a person's work is never replaced silently.
 *
 * The outputs a person edits and saves back under the same name — the RoiSet `<base>_rois.zip`, the
 * `<base>_rois/` folder, a `_seg.npy` or label image written by `import` — are replaced only when they
 * are cp2ij's own and unchanged: each folder keeps a small record, `.cp2ij-outputs.json`, of what cp2ij
 * wrote there (size, modification time in ns and inode, or a signature of a folder's listing). A file
 * that is not in the record, or differs from it, was made or edited by someone else: it is kept and the
 * input fails with one line, unless `--overwrite`. Copying a folder (new inodes) makes its outputs look
 * foreign, which errs on the side of keeping them.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { Cp2ijError } from '../core/errors.js';

export const RECORD_NAME = '.cp2ij-outputs.json';

interface Record {
  version: 1;
  files: { [name: string]: string };
}

export class OwnedOutputs {
  constructor(private readonly overwrite: boolean) {}

  /** Refuse to replace `target` if it exists and is not cp2ij's unchanged output (unless overwriting). */
  async check(target: string): Promise<void> {
    if (this.overwrite) return;
    const now = await signature(target);
    if (now === undefined) return;
    const recorded = readRecord(path.dirname(target)).files[path.basename(target)];
    if (recorded === now) return;
    throw new Cp2ijError(
      'exists',
      `already exists and ${recorded === undefined ? 'was not written by cp2ij' : 'has changed since cp2ij wrote it'}: kept (a person's edits?); --overwrite replaces it`,
      target,
    );
  }

  /** Note `target` as cp2ij's own output, as it is now. A record that cannot be written only means less is replaced later. */
  async record(target: string): Promise<void> {
    const now = await signature(target);
    if (now === undefined) return;
    const dir = path.dirname(target);
    const rec = readRecord(dir);
    rec.files[path.basename(target)] = now;
    const file = path.join(dir, RECORD_NAME);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await fs.writeFile(tmp, `${JSON.stringify(rec, null, 1)}\n`);
      await fs.rename(tmp, file);
    } catch {
      await fs.rm(tmp, { force: true });
    }
  }
}

function readRecord(dir: string): Record {
  try {
    const rec = JSON.parse(readFileSync(path.join(dir, RECORD_NAME), 'utf8')) as Record;
    if (rec && rec.version === 1 && rec.files && typeof rec.files === 'object') return rec;
  } catch {
    // no record, or an unreadable one: nothing here is known to be cp2ij's
  }
  return { version: 1, files: {} };
}

/** What identifies a file's or folder's current content without reading it; undefined if it does not exist. */
async function signature(target: string): Promise<string | undefined> {
  const stat = await fs.lstat(target, { bigint: true }).catch(() => undefined);
  if (!stat) return undefined;
  const own = `${stat.isDirectory() ? 'dir' : 'file'}:${stat.size}:${stat.mtimeNs}:${stat.ino}`;
  if (!stat.isDirectory()) return own;
  const names = (await fs.readdir(target)).sort();
  const parts = [own];
  for (const name of names) {
    const s = await fs.lstat(path.join(target, name), { bigint: true });
    parts.push(`${name}:${s.size}:${s.mtimeNs}`);
  }
  return `${own}:${fnv1a(parts.join('/'))}`;
}

/** A short hash of a folder's listing (FNV-1a, 32 bits): enough to tell that something changed. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}
