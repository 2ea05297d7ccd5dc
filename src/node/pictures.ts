/** `export --format png/svg` on files: the pure pictures job plus the image file a seg names. */
import path from 'node:path';
import { type PictureFormat, picturesJob } from '../jobs/pictures.js';
import type { ProtectedPaths } from './files.js';
import { findImage } from './image-file.js';
import type { LoadedInput } from './inputs.js';
import { writeOutputs } from './outputs.js';

/** Write the pictures of `input` into `outDir`; messages say what could not be drawn and why. */
export async function writePictures(input: LoadedInput, outDir: string, options: { formats?: readonly PictureFormat[]; protect?: ProtectedPaths } = {}): Promise<{ written: string[]; messages: string[] }> {
  const result = await picturesJob(input, path.basename(input.base), { formats: options.formats, ...(await findImage(input)) });
  return { written: await writeOutputs(result.outputs, outDir, { protect: options.protect }), messages: result.messages };
}
