/**
 * Cellpose's `plot.mask_overlay`: the picture's grey value (mean of R, G, B, /255 when its maximum exceeds
 * 1, ×1.5, clipped to 1) becomes HSV value; mask pixels get their label's hue at full saturation, other
 * pixels stay grey; back to RGB ×255, truncated. Without a picture, mask pixels get value 1 and the
 * background stays black (the masks alone, coloured).
 */
import type { LabelData } from '../core/masks.js';
import { fullColour } from './hues.js';
import type { Rgb } from './rgb.js';

export function maskOverlay(image: Rgb | undefined, labels: LabelData, width: number, height: number, hueOf: (label: number) => number): Rgb {
  const n = width * height;
  const out = new Uint8Array(n * 3);
  const valueOfSum = image ? valueTable(image) : undefined;
  const colourOf = colourCache(hueOf);
  for (let i = 0; i < n; i++) {
    const v = valueOfSum ? valueOfSum[image!.data[3 * i]! + image!.data[3 * i + 1]! + image!.data[3 * i + 2]!]! : 1;
    const label = labels[i]!;
    if (label === 0) {
      const g = valueOfSum ? Math.floor(v * 255) : 0;
      out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = g;
      continue;
    }
    const c = colourOf(label);
    out[3 * i] = Math.floor(v * c[0] * 255);
    out[3 * i + 1] = Math.floor(v * c[1] * 255);
    out[3 * i + 2] = Math.floor(v * c[2] * 255);
  }
  return { width, height, data: out };
}

/** HSV value for every possible R+G+B sum, in float32 steps as numpy takes them. */
function valueTable(image: Rgb): Float64Array {
  let maxSum = 0;
  const d = image.data;
  for (let i = 0; i < d.length; i += 3) {
    const s = d[i]! + d[i + 1]! + d[i + 2]!;
    if (s > maxSum) maxSum = s;
  }
  const divide = Math.fround(maxSum / 3) > 1;
  const table = new Float64Array(766);
  for (let s = 0; s < table.length; s++) {
    const mean = Math.fround(s / 3);
    const unit = divide ? Math.fround(mean / 255) : mean;
    table[s] = Math.min(1, Math.max(0, Math.fround(unit * 1.5)));
  }
  return table;
}

/** Label → full-value colour, computed once per label (a label has many pixels). */
function colourCache(hueOf: (label: number) => number): (label: number) => [number, number, number] {
  const cache = new Map<number, [number, number, number]>();
  const table: ([number, number, number] | undefined)[] = [];
  return (label) => {
    // a dense array for ordinary label ranges, a map for sparse huge ids
    let c = label < 1 << 20 ? table[label] : cache.get(label);
    if (!c) {
      c = fullColour(Math.fround(hueOf(label)));
      if (label < 1 << 20) table[label] = c;
      else cache.set(label, c);
    }
    return c;
  };
}
