/** Outline pixels painted pure red over a copy of the picture, as Cellpose's `save_masks` does. */
import type { LabelData } from '../core/masks.js';
import { copyRgb, type Rgb } from './rgb.js';

export function paintOutlines(image: Rgb, outlines: LabelData): Rgb {
  const out = copyRgb(image);
  const d = out.data;
  for (let i = 0; i < outlines.length; i++) {
    if (outlines[i] === 0) continue;
    d[3 * i] = 255;
    d[3 * i + 1] = 0;
    d[3 * i + 2] = 0;
  }
  return out;
}
