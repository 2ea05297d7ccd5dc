/** `cp2ij inspect` on files: load each, report it (src/jobs/inspect.ts); a bad file is a failure entry. */
import { isCp2ijError } from '../core/errors.js';
import { type InspectFailure, type InspectReport, inspectInput } from '../jobs/inspect.js';
import { loadInput } from './inputs.js';

export async function inspectFile(file: string): Promise<InspectReport> {
  return inspectInput(await loadInput(file), file);
}

/** Inspect each file; a bad file becomes a failure entry and the batch goes on. */
export async function inspectFiles(files: string[], onResult?: (r: InspectReport | InspectFailure, error?: unknown) => void): Promise<Array<InspectReport | InspectFailure>> {
  const out: Array<InspectReport | InspectFailure> = [];
  for (const file of files) {
    try {
      const report = await inspectFile(file);
      onResult?.(report);
      out.push(report);
    } catch (e) {
      // anything but a Cp2ijError is a bug: still one failure entry, so the batch and its summary go on
      const error = isCp2ijError(e) ? { code: e.code, message: e.detail } : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
      const failure: InspectFailure = { file, ok: false, error };
      onResult?.(failure, e);
      out.push(failure);
    }
  }
  return out;
}

