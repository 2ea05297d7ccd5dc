/**
 * The microscope image a `_seg.npy` names in `filename`, for pictures, when the seg holds no `img`.
 * The name comes from the file, so it is only a hint: the image next to the seg first (a moved folder
 * still holds it; Cellpose may have written a Windows path, whose last component is what counts), the
 * named path only when it names an image file; either is read only if it is a regular file within the
 * `image` size limit.
 */
import path from 'node:path';
import { isCp2ijError } from '../core/errors.js';
import { limits } from '../core/limits.js';
import type { NdArray } from '../core/ndarray.js';
import { decodeImage } from '../render/decode-image.js';
import { readBytes } from './files.js';
import type { LoadedInput } from './inputs.js';

const IMAGE_NAME = /\.(tiff?|png)$/i;

/** The image, or why there is none (undefined both: nothing to look for). */
export async function findImage(input: LoadedInput): Promise<{ image?: NdArray; imageNote?: string }> {
  const seg = input.seg;
  if (!seg || seg.img || !seg.filename) return {};
  const leaf = seg.filename.split(/[\\/]/).pop() ?? '';
  const candidates = [...new Set([...(leaf ? [path.join(path.dirname(input.file), leaf)] : []), ...(IMAGE_NAME.test(seg.filename) ? [seg.filename] : [])])];
  const notes: string[] = [];
  for (const candidate of candidates) {
    let bytes: Uint8Array;
    try {
      bytes = await readBytes(candidate, limits.image);
    } catch (e) {
      if (isCp2ijError(e) && (e.code === 'io' || e.code === 'limit' || e.code === 'truncated')) {
        if (e.code !== 'io') notes.push(`image not used: ${e.message}`);
        continue;
      }
      throw e;
    }
    try {
      return { image: decodeImage(bytes) };
    } catch (e) {
      if (!isCp2ijError(e)) throw e;
      return { imageNote: `no image: ${candidate}: ${e.detail}; pictures show the masks only` };
    }
  }
  notes.push(`no image: the seg has no 'img' and its image file was not found (looked for ${candidates.join(' and ')}); pictures show the masks only`);
  return { imageNote: notes.join('; ') };
}
