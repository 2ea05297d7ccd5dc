/**
 * Writing a job's outputs into a folder: each file atomically, never over an input, and never over
 * an editable output (a RoiSet) a person made or changed, unless they allow it (see ownership.ts).
 * Every editable target is checked before anything of the job is written.
 */
import path from 'node:path';
import { type Output, isFolder } from '../core/output.js';
import { type ProtectedPaths, writeAtomic, writeDirAtomic } from './files.js';
import { OwnedOutputs } from './ownership.js';

export interface WriteOptions {
  /** Inputs of the run, never to be written over. */
  readonly protect?: ProtectedPaths;
  /** What cp2ij wrote before (default: replace nothing a person may have edited). */
  readonly owned?: OwnedOutputs;
}

/** Write `outputs` into `dir`; returns the paths written, in order. */
export async function writeOutputs(outputs: readonly Output[], dir: string, options: WriteOptions = {}): Promise<string[]> {
  const owned = options.owned ?? new OwnedOutputs(false);
  const at = (name: string) => path.join(dir, name);
  for (const output of outputs) if (output.editable) await owned.check(at(output.name));
  const written: string[] = [];
  for (const output of outputs) {
    const target = at(output.name);
    if (isFolder(output)) await writeDirAtomic(target, output.files, options.protect);
    else await writeAtomic(target, output.data, options.protect);
    written.push(target);
    if (output.editable) await owned.record(target);
  }
  return written;
}
