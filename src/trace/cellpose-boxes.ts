import type { LabelData } from '../core/masks.js';

/**
 * Every label of one plane with its inclusive pixel bounding box, in ascending label order, found in
 * one pass over the pixels so that tracing afterwards costs the boxes' area, not labels × pixels.
 */
export interface LabelBoxes {
  /** Distinct non-zero labels, ascending. */
  readonly labels: Float64Array;
  readonly minX: Int32Array;
  readonly minY: Int32Array;
  readonly maxX: Int32Array;
  readonly maxY: Int32Array;
  /** Whether the plane has at least one 0 pixel (Cellpose's label list depends on it). */
  readonly hasBackground: boolean;
}

/** Above this largest label, a label → slot table would cost more memory than a hash map. */
const DENSE_TABLE_LIMIT = 1 << 22;

export function labelBoxes(plane: LabelData, width: number, height: number): LabelBoxes {
  // 8/16-bit labels always fit a table; only 32-bit ones need their largest value looked up
  let max = plane.BYTES_PER_ELEMENT < 4 ? (1 << (8 * plane.BYTES_PER_ELEMENT)) - 1 : 0;
  if (max === 0) for (let i = 0; i < plane.length; i++) if (plane[i]! > max) max = plane[i]!;
  const dense = max < DENSE_TABLE_LIMIT || max < plane.length;
  const slotOf = dense ? new Int32Array(max + 1).fill(-1) : undefined;
  const slotMap = dense ? undefined : new Map<number, number>();
  let slots = 0;
  let cap = 64;
  let minX: Int32Array = new Int32Array(cap);
  let minY: Int32Array = new Int32Array(cap);
  let maxX: Int32Array = new Int32Array(cap);
  let maxY: Int32Array = new Int32Array(cap);
  let ids: Float64Array = new Float64Array(cap);
  let hasBackground = false;

  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      const v = plane[row + x]!;
      // a run of equal labels updates the box once
      let end = x + 1;
      while (end < width && plane[row + end] === v) end++;
      if (v === 0) {
        hasBackground = true;
      } else {
        let s = slotOf ? slotOf[v]! : (slotMap!.get(v) ?? -1);
        if (s < 0) {
          if (slots === cap) {
            cap *= 2;
            minX = grow(minX, cap);
            minY = grow(minY, cap);
            maxX = grow(maxX, cap);
            maxY = grow(maxY, cap);
            ids = growF(ids, cap);
          }
          s = slots++;
          if (slotOf) slotOf[v] = s;
          else slotMap!.set(v, s);
          ids[s] = v;
          minX[s] = x;
          maxX[s] = end - 1;
          minY[s] = y;
          maxY[s] = y;
        } else {
          if (x < minX[s]!) minX[s] = x;
          if (end - 1 > maxX[s]!) maxX[s] = end - 1;
          maxY[s] = y;
        }
      }
      x = end;
    }
  }

  // ascending label order
  const order = Array.from({ length: slots }, (_, i) => i).sort((a, b) => ids[a]! - ids[b]!);
  const pick = (src: Int32Array): Int32Array => Int32Array.from(order, (i) => src[i]!);
  return {
    labels: Float64Array.from(order, (i) => ids[i]!),
    minX: pick(minX),
    minY: pick(minY),
    maxX: pick(maxX),
    maxY: pick(maxY),
    hasBackground,
  };
}

function grow(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

function growF(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}
