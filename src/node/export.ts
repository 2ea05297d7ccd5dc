/**
 * `cp2ij export` on files: load, run the pure job (src/jobs/export.ts) with what only the file system
 * knows (the image a seg names, where the macro goes, the macro templates), write the outputs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type ExportJobOptions, exportJob } from '../jobs/export.js';
import { findImage } from './image-file.js';
import { type LoadedInput, defaultOutputDir } from './inputs.js';
import { loadMacroTemplates } from './macro-templates.js';
import { type WriteOptions, writeOutputs } from './outputs.js';

export interface ExportOptions extends Omit<ExportJobOptions, 'macro' | 'image' | 'imageNote'>, WriteOptions {
  /** Output folder; default: the input's own folder. */
  readonly outDir?: string;
}

export interface ExportSummary {
  readonly file: string;
  readonly kind: string;
  readonly width: number;
  readonly height: number;
  readonly planes: number;
  readonly labels: number;
  /** ROIs written to the RoiSet / .roi folder (0 if neither was asked for). */
  readonly rois: number;
  readonly written: string[];
  /** Things the user should know that are not errors (e.g. empty masks), each naming the input. */
  readonly messages: string[];
}

/** Export one loaded input into its folder (or `outDir`); returns what was written. */
export async function exportInput(input: LoadedInput, options: ExportOptions = {}): Promise<ExportSummary> {
  const formats = options.formats;
  const outDir = path.resolve(options.outDir ?? defaultOutputDir(input.file));
  const wants = (f: string) => formats?.includes(f as never) ?? false;
  const macro = wants('macro') ? { templates: await loadMacroTemplates(), dir: outDir, imageName: imageNextTo(input, outDir) } : undefined;
  const picture = wants('png') || wants('svg') ? await findImage(input) : {};
  const result = await exportJob(input, path.basename(input.base), { ...options, macro, ...picture });
  const written = await writeOutputs(result.outputs, outDir, options);
  const { width, height, planes, labels, rois } = result;
  const messages = result.messages.map((m) => `${input.file}: ${m}`);
  return { file: input.file, kind: input.kind, width, height, planes, labels, rois, written, messages };
}

/** The segmented image, relative to the output folder, when the seg names one that exists ('' if none). */
function imageNextTo(input: LoadedInput, outDir: string): string {
  const named = input.seg?.filename;
  const candidates = named ? [path.resolve(path.dirname(input.file), named), path.join(path.dirname(input.file), path.basename(named))] : [];
  const found = candidates.find((f) => existsSync(f));
  return found ? path.relative(outDir, found).split(path.sep).join('/') : '';
}
