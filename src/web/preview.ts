/**
 * The picture the page shows for a result: the image (or black) with Cellpose's outline pixels in red,
 * as in `_outlines_cp_masks.png`, shrunk to at most `maxSide` pixels a side by keeping every outline
 * pixel that falls in a block, so thin outlines stay visible on big images.
 */
import { isCp2ijError } from '../core/errors.js';
import { planeOf } from '../core/masks.js';
import type { NdArray } from '../core/ndarray.js';
import type { ParsedInput } from '../read/input.js';
import { displayImage } from '../render/display-image.js';
import { masksToOutlines } from '../trace/mask-outlines.js';

export interface Preview {
  readonly width: number;
  readonly height: number;
  /** RGBA, what a canvas ImageData takes. */
  readonly rgba: Uint8ClampedArray;
}

export function preview(input: ParsedInput, image: NdArray | undefined, maxSide: number): Preview {
  const masks = input.masks;
  const { width, height } = masks;
  const step = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
  const w = Math.ceil(width / step);
  const h = Math.ceil(height / step);
  const rgba = new Uint8ClampedArray(w * h * 4);
  let display;
  try {
    display = image ? displayImage(image, 0, masks) : undefined;
  } catch (e) {
    if (!isCp2ijError(e)) throw e;
    display = undefined; // an image that does not fit the masks: outlines on black, as the pictures do
  }
  const plane = planeOf(masks, 0);
  const outlines = masksToOutlines({ ...masks, data: plane, depth: 1, is3d: false });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      const sx = x * step;
      const sy = y * step;
      if (display) {
        const i = (sy * width + sx) * 3;
        rgba[o] = display.data[i]!;
        rgba[o + 1] = display.data[i + 1]!;
        rgba[o + 2] = display.data[i + 2]!;
      } else if (plane[sy * width + sx] !== 0) {
        rgba[o] = rgba[o + 1] = rgba[o + 2] = 60; // cells in dark grey where there is no image
      }
      rgba[o + 3] = 255;
      if (blockHasOutline(outlines, width, height, sx, sy, step)) {
        rgba[o] = 255;
        rgba[o + 1] = 0;
        rgba[o + 2] = 0;
      }
    }
  }
  return { width: w, height: h, rgba };
}

function blockHasOutline(outlines: ArrayLike<number>, width: number, height: number, x0: number, y0: number, step: number): boolean {
  for (let y = y0; y < Math.min(height, y0 + step); y++) {
    for (let x = x0; x < Math.min(width, x0 + step); x++) if (outlines[y * width + x] !== 0) return true;
  }
  return false;
}
