/**
 * `cp2ij import` on files: read the ROI files and the `--like` original, run the pure job
 * (src/jobs/import.ts), write NEW atomically, never over an input nor over an output a person made.
 */
import { Cp2ijError } from '../core/errors.js';
import { checkPixels } from '../core/limits.js';
import { type ImportGeometry, type ImportJobOptions, type ImportSummary, importJob } from '../jobs/import.js';
import type { CellposeSeg } from '../read/seg.js';
import { ProtectedPaths, readBytes, writeAtomic } from './files.js';
import { loadInput } from './inputs.js';
import { OwnedOutputs } from './ownership.js';
import { prepareMemory } from './prefault.js';

export interface ImportFiles extends Omit<ImportJobOptions, 'like' | 'memory'> {
  /** RoiSet .zip, .roi, _cp_outlines.txt or GeoJSON files, painted in this order. */
  readonly inputs: readonly string[];
  /** The _seg.npy the ROIs came from. */
  readonly like?: string;
  /** Replace an output that cp2ij did not write or that was edited since (kept otherwise). */
  readonly overwrite?: boolean;
}

/** The --like original: read lazily (its flows are read only when the new seg is written). */
async function originalSeg(file: string): Promise<CellposeSeg> {
  const input = await loadInput(file);
  if (!input.seg) throw new Cp2ijError('bad-argument', `--like needs a Cellpose _seg.npy, not a ${input.kind} label image`, file);
  return input.seg;
}

/** Read the inputs, paint them, write NEW (atomically, never over an input). */
export async function runImport(job: ImportFiles): Promise<ImportSummary> {
  const protect = new ProtectedPaths();
  for (const f of job.inputs) protect.add(f);
  if (job.like) protect.add(job.like);
  const owned = new OwnedOutputs(Boolean(job.overwrite));
  // a bare NAME_cp_masks may become .png or .tif: both are checked before any work is done
  for (const target of /_cp_masks$/i.test(job.out) ? [`${job.out}.png`, `${job.out}.tif`] : [job.out]) await owned.check(target);
  const like = job.like ? await originalSeg(job.like) : undefined;
  const geometry: ImportGeometry | undefined = like ? like.masks : job.shape;
  // The masks and the recomputed outlines are big fresh arrays: a worker pages their memory in while the
  // ROIs are read and decoded.
  const isSeg = /_seg\.npy$/i.test(job.out);
  if (geometry) checkPixels(geometry.width, geometry.height, geometry.depth, isSeg ? 8 : 4, 'label image to import into');
  const memory = geometry ? preparedMemory(geometry, isSeg) : undefined;
  const sources = [];
  for (const file of job.inputs) sources.push({ name: file, bytes: await readBytes(file) });
  const { output, summary } = await importJob(sources, { ...job, like, memory });
  await writeAtomic(output.name, output.data, protect);
  await owned.record(output.name);
  return summary;
}

function preparedMemory(g: ImportGeometry, seg: boolean): ImportJobOptions['memory'] {
  const bytes = 4 * g.width * g.height * g.depth;
  const masks = prepareMemory(bytes);
  const outlines = seg ? prepareMemory(bytes) : undefined;
  const ready = (m: typeof masks) => {
    const buffer = m.ready.then(() => m.buffer);
    buffer.catch(() => {}); // a job that fails before it needs the memory must not leave a rejection unhandled
    return buffer;
  };
  return { masks: ready(masks), outlines: outlines && ready(outlines) };
}
