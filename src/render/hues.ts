/**
 * A hue (0…1) for every label, as `mask_overlay` picks them: from the seg's `colors` (row n colours label
 * n + 1) when given, via colorsys' rgb_to_hsv. Without colours Cellpose draws a random permutation of
 * evenly spaced hues; cp2ij wants the same picture every run, so it steps the hue by the golden ratio,
 * which keeps neighbouring labels far apart on the colour wheel.
 */
import type { NdArray } from '../core/ndarray.js';

const GOLDEN = 0.6180339887498949;

/** `hueOf(label)` for labels ≥ 1. Rows of `colors` beyond its length fall back to the golden-ratio hue. */
export function labelHues(colors: NdArray | undefined): (label: number) => number {
  const rows = colorRows(colors);
  return (label) => {
    const row = label - 1;
    if (rows && row < rows.count) return hueOfRgb(rows.at(row, 0), rows.at(row, 1), rows.at(row, 2));
    return (label * GOLDEN) % 1;
  };
}

function colorRows(colors: NdArray | undefined): { count: number; at: (row: number, c: number) => number } | undefined {
  if (!colors || colors.shape.length !== 2 || colors.shape[1]! < 3 || colors.dtype === 'float16') return undefined;
  const data = colors.data;
  const stride = colors.shape[1]!;
  const at = (row: number, c: number) => Number(data[row * stride + c]!);
  return { count: colors.shape[0]!, at };
}

/** colorsys.rgb_to_hsv's hue (scale-free, so 0…255 and 0…1 colours give the same hue). */
export function hueOfRgb(r: number, g: number, b: number): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 0;
  const d = max - min;
  const rc = (max - r) / d;
  const gc = (max - g) / d;
  const bc = (max - b) / d;
  const h = r === max ? bc - gc : g === max ? 2 + rc - bc : 4 + gc - rc;
  return (((h / 6) % 1) + 1) % 1;
}

/** colorsys.hsv_to_rgb with full saturation, components 0…1: the colour a hue tints a pixel of value 1. */
export function fullColour(h: number): [number, number, number] {
  const i = Math.floor(h * 6);
  const f = h * 6 - i;
  const q = 1 - f;
  const t = 1 - (1 - f); // colorsys' v·(1 − s·(1 − f)), kept in its rounding
  switch (((i % 6) + 6) % 6) {
    case 0:
      return [1, t, 0];
    case 1:
      return [q, 1, 0];
    case 2:
      return [0, 1, t];
    case 3:
      return [0, q, 1];
    case 4:
      return [t, 0, 1];
    default:
      return [1, 0, q];
  }
}
