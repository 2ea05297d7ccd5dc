/** A label's colour from Cellpose's `colors`: an (N, 3) RGB array whose row label − 1 belongs to label. */
import type { NdArray } from './ndarray.js';

/** `[r, g, b]` (0…255) of `label`, or undefined when `colors` is not (N, 3) or has no row for it. */
export function labelRgb(colors: NdArray, label: number): [number, number, number] | undefined {
  if (colors.shape.length !== 2 || colors.shape[1] !== 3 || label > colors.shape[0]!) return undefined;
  const row = (label - 1) * 3;
  const channel = (k: number) => Math.max(0, Math.min(255, Math.round(Number(colors.data[row + k]))));
  return [channel(0), channel(1), channel(2)];
}
