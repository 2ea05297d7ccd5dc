/** The file `import` writes: the format its name asks for, as chunks written in sequence. */
import { Cp2ijError } from '../core/errors.js';
import type { Masks } from '../core/masks.js';
import type { CellposeSeg } from '../read/seg.js';
import { cellposeMaskFormat, labelPng, labelTiff } from '../write/label-image.js';
import { npyBytes } from '../write/npy.js';
import { labelArray, segDict, segNpyChunks } from '../write/seg.js';
import type { ImportReport } from './import-paint.js';

export type ImportOutputKind = 'seg' | 'png' | 'tif' | 'npy';

/**
 * The format NEW's name asks for: `…_seg.npy` → Cellpose seg; `….png` / `….tif(f)` → that label image;
 * `…_cp_masks` without extension → PNG or TIFF as Cellpose chooses (and that extension is added);
 * other `….npy` → plain label array.
 */
export function outputKind(out: string, masks: Masks): ImportOutputKind {
  const name = (out.split(/[\\/]/).pop() ?? out).toLowerCase();
  if (name.endsWith('_seg.npy')) return 'seg';
  if (name.endsWith('.npy')) return 'npy';
  if (name.endsWith('.png')) return 'png';
  if (name.endsWith('.tif') || name.endsWith('.tiff')) return 'tif';
  if (name.endsWith('_cp_masks')) return cellposeMaskFormat(masks);
  throw new Cp2ijError('bad-argument', `--out ${out}: end it in _seg.npy, .npy, .png, .tif or _cp_masks`);
}

/** The output file as chunks written in sequence (the seg's big arrays are never joined into one buffer). */
export function outputChunks(format: ImportOutputKind, report: ImportReport, like: CellposeSeg | undefined, outlinesMemory?: ArrayBufferLike, onRelabel?: (from: number, to: number) => void): Uint8Array[] {
  const masks = report.masks;
  switch (format) {
    case 'seg':
      return segNpyChunks(segDict(masks, { like, labels: report.labelTable, outlinesMemory, consecutive: onRelabel !== undefined, onRelabel }));
    case 'png':
      return [labelPng(masks)];
    case 'tif':
      return [labelTiff(masks)];
    case 'npy':
      return [npyBytes(labelArray(masks, masks.data, report.maxLabel))];
  }
}
