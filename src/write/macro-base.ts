/**
 * The dataset base name of a Cellpose input, from its file name alone (`img` for `img_seg.npy`,
 * `img_cp_masks.png`, `img_rois.zip`, `img_cp_outlines.txt`, or `img.tif`).
 */
import path from 'node:path';

const CELLPOSE_SUFFIXES = [/_seg\.npy$/i, /_cp_masks\.(png|tiff?)$/i, /_rois\.zip$/i, /_cp_outlines\.txt$/i, /_imagej_roi_converter\.ijm$/i];

export function cellposeBase(file: string): string {
  const name = path.basename(file);
  for (const suffix of CELLPOSE_SUFFIXES) {
    if (suffix.test(name)) return name.replace(suffix, '');
  }
  return name.replace(/\.[^.]+$/, '');
}
