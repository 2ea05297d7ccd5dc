/**
 * Cellpose's `plot.mask_overlay`: the picture's grey value (mean of R, G, B, /255 when its maximum exceeds
 * 1, ×1.5, clipped to 1) becomes HSV value; mask pixels get their label's hue at full saturation, other
 * pixels stay grey; back to RGB ×255, truncated. Without a picture, mask pixels get value 1 and the
 * background stays black (the masks alone, coloured).
 */
import type { LabelData } from '../core/masks.js';
import { fullColour } from './hues.js';
import type { Rgb } from './rgb.js';

/** Labels up to this get a dense colour table; rarer huge ids a map (a table that size would be mostly empty). */
const DENSE_LABELS = 1 << 20;

export function maskOverlay(image: Rgb | undefined, labels: LabelData, width: number, height: number, hueOf: (label: number) => number): Rgb {
  const n = width * height;
  const out = new Uint8Array(n * 3);
  // without a picture every pixel has value 1 (sum index 0 of a one-entry table) and the background is black
  const valueOfSum = image ? valueTable(image) : Float64Array.of(1);
  const greyOfSum = image ? Uint8Array.from(valueOfSum, (v) => Math.floor(v * 255)) : Uint8Array.of(0);
  const colours = new LabelColours(hueOf);
  const src = image?.data;
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const sum = src ? src[o]! + src[o + 1]! + src[o + 2]! : 0;
    const label = labels[i]!;
    if (label === 0) {
      const g = greyOfSum[sum]!;
      out[o] = g;
      out[o + 1] = g;
      out[o + 2] = g;
      continue;
    }
    const v = valueOfSum[sum]!;
    const table = colours.tableOf(label);
    const k = label < DENSE_LABELS ? 3 * label : 0;
    // `| 0` is Math.floor here (0 ≤ value ≤ 255) without a call per sample
    out[o] = (v * table[k]! * 255) | 0;
    out[o + 1] = (v * table[k + 1]! * 255) | 0;
    out[o + 2] = (v * table[k + 2]! * 255) | 0;
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

/**
 * Label → full-value colour, computed once per label (a label has many pixels). `tableOf(label)` returns
 * the table holding it: the dense one (at 3·label) for ordinary labels, else a 3-entry one.
 */
class LabelColours {
  private dense = new Float64Array(0);
  private known = new Uint8Array(0);
  private readonly sparse = new Map<number, Float64Array>();

  constructor(private readonly hueOf: (label: number) => number) {}

  tableOf(label: number): Float64Array {
    if (label >= DENSE_LABELS) {
      let c = this.sparse.get(label);
      if (!c) this.sparse.set(label, (c = Float64Array.from(this.colourOf(label))));
      return c;
    }
    if (label >= this.known.length) this.grow(label);
    if (!this.known[label]) {
      this.dense.set(this.colourOf(label), 3 * label);
      this.known[label] = 1;
    }
    return this.dense;
  }

  private colourOf(label: number): [number, number, number] {
    return fullColour(Math.fround(this.hueOf(label)));
  }

  /** Doubling growth: a plane's labels are usually 1…count, met in no particular order. */
  private grow(label: number): void {
    const size = Math.min(DENSE_LABELS, Math.max(2 * this.known.length, label + 1, 1024));
    const dense = new Float64Array(3 * size);
    dense.set(this.dense);
    const known = new Uint8Array(size);
    known.set(this.known);
    this.dense = dense;
    this.known = known;
  }
}
